#pragma once

#include "core/contour.h"
#include "core/mlp.h"

#include <QImage>
#include <QPainterPath>
#include <QTimer>
#include <QWidget>

#include <memory>

namespace cs::ui {

// What a network has learnt, in its input space. For a classification set in the plane: the
// network's output p(x) (σ(z) for bce) over the input plane as a colour field, blue (class 0)
// through white to orange (class 1), the decision boundary p = ½ as a line, and the training
// points coloured by class. For a 1D set (sine regression, the neuron's threshold set): the
// data as points (x, y) and the network's output as a curve. Updated live while the network
// trains: setParameters() may be called for every progress batch, the picture is recomputed
// at most every kRefreshMs (on the GUI thread: a grid of kGridNodes² predictions is about a
// millisecond for the small nets here).
class DecisionBoundaryView : public QWidget {
    Q_OBJECT
public:
    static constexpr int kRefreshMs = 100;
    static constexpr int kGridNodes = 96;        // nodes per side of the 2D output grid
    static constexpr int kCurvePoints = 240;     // samples of the 1D output curve
    static constexpr int kMaxDrawnPoints = 3000; // more training points are thinned evenly

    explicit DecisionBoundaryView(QWidget* parent = nullptr);

    // The network and its data (null: nothing to show). Keeps the parameters if they fit.
    void setNetwork(std::shared_ptr<const Mlp> network);
    // The parameters to show; the picture follows within kRefreshMs.
    void setParameters(const Vector& theta);
    // Recomputes now (tests, exports).
    void refreshNow();

    bool hasPicture() const { return m_hasPicture; }
    bool isRegression() const;
    bool isOneDimensional() const;
    // Training accuracy of the parameters shown (NaN for regression or without a picture).
    double shownAccuracy() const { return m_accuracy; }
    const std::shared_ptr<const Mlp>& network() const { return m_network; }

    // Paints the whole panel (title, plot, axes, legend) into `target` of any paint device.
    void render(QPainter& painter, const QRect& target) const;

    QSize sizeHint() const override { return {420, 360}; }
    QSize minimumSizeHint() const override { return {200, 160}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    void compute();
    void fitBounds();

    std::shared_ptr<const Mlp> m_network;
    Vector m_theta;
    bool m_dirty = false;
    bool m_hasPicture = false;
    QTimer m_timer;

    Box m_bounds;                 // plot box of the inputs (and outputs for 1D)
    ScalarGrid m_output;          // 2D: p at the grid nodes
    QImage m_image;               // 2D: the colour field, row 0 on top
    QPainterPath m_boundary;      // 2D: p = ½, in plot coordinates
    std::vector<QPointF> m_curve; // 1D: (x, output)
    double m_accuracy = std::numeric_limits<double>::quiet_NaN();
};

} // namespace cs::ui
