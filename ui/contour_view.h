#pragma once

#include "core/objective.h"
#include "core/optimizer.h"
#include "core/test_function.h"
#include "core/trajectory.h"
#include "ui/field_renderer.h"

#include <QPointF>
#include <QTimer>
#include <QWidget>

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace cs::ui {

// One trajectory as the view draws it: the plane position and phase of every step, and the
// line-search trial points with the step they belong to. Kept apart from the view so that a
// comparison mode can hold several.
struct Track {
    std::vector<QPointF> points;           // step k at index k
    std::vector<std::uint8_t> phases;      // 1 or 2 per step
    std::vector<QPointF> trials;           // trial points, in step order
    std::vector<std::uint32_t> trialSteps; // the step each trial led to
    std::vector<long> switchSteps;         // steps after which the phase changed

    void clear();
    void append(const IterationRecord& record);
    // The number of steps drawn for a visible-step limit (-1 = all).
    std::size_t visibleCount(long visibleSteps) const;
};

// The landscape of a 2D objective as a custom-painted plot: a viridis heat map of f on a log
// scale of f − f_min, log-spaced iso-lines, a colour bar, the convex region (λ_min(∇²f) > 0)
// on demand, and the trajectory coloured by phase with its start, switch, current point and
// the known minima. The field is computed off the GUI thread (FieldRenderer) whenever the view
// changes. Mouse: wheel zooms around the cursor, a left drag pans, dragging the start marker
// moves the start, a click (no movement) picks the start there, a double click resets the view.
class ContourView : public QWidget {
    Q_OBJECT
public:
    explicit ContourView(QWidget* parent = nullptr);
    ~ContourView() override;

    // The landscape: a 2D objective, its plot domain, its known minima and f* (NaN when
    // unknown). Resets the view to the domain and recomputes the field in the background.
    void setLandscape(std::shared_ptr<const cs::Objective> f, cs::Box domain,
                      std::vector<cs::KnownMinimum> minima, double fMin);
    void setStart(const QPointF& p); // start marker, plot coordinates
    void clearTrajectory();
    // Steps in order (record.x.size() >= 2; the first two coordinates are drawn).
    void appendTrajectory(const std::vector<cs::IterationRecord>& batch);
    void setSwitchEvents(const std::vector<cs::SwitchEvent>& events);
    void setVisibleSteps(long n); // draw only steps [0, n]; -1 = all
    long visibleSteps() const { return m_visibleSteps; }
    void setShowConvexRegion(bool show);
    void setShowTrials(bool show);
    // A label in the plot's top-left corner, e.g. "2D projection (PCA of the weights)"; empty
    // hides it.
    void setCaption(const QString& caption);
    void resetView(); // back to the domain
    // Whether a click or a drag of the start marker picks the start (default true). Off for a
    // network's projected landscape, whose start is its seeded initialisation.
    void setStartEditable(bool editable) { m_startEditable = editable; }
    // At most this many grid nodes per side of the field (default and upper bound 600; at
    // least 16): a costly objective, such as a network's loss on a plane, gets a coarser grid
    // so that its field arrives in seconds.
    void setFieldNodeLimit(int nodes);
    int fieldNodeLimit() const { return m_nodeLimit; }
    bool startEditable() const { return m_startEditable; }

    bool hasSwitchMarker() const; // a switch marker is drawn (for tests)
    bool showConvexRegion() const { return m_showConvex; }
    bool showTrials() const { return m_showTrials; }
    QString caption() const { return m_caption; }
    std::optional<QPointF> start() const { return m_start; }
    const Track& track() const { return m_track; }
    // The box asked for (zoom and pan); the plot shows it widened to equal x and y scales.
    cs::Box viewBox() const { return m_view; }
    void setViewBox(const cs::Box& box);
    // The box actually shown in this widget.
    cs::Box visibleBox() const;
    // Widget pixels <-> plot coordinates, for the widget's current size.
    QPointF plotToWidget(const QPointF& p) const;
    QPointF widgetToPlot(const QPointF& w) const;

    bool hasField() const { return m_field.valid(); }
    // The field carries λ_min and its convex-region tint (the objective has a Hessian).
    bool hasConvexMask() const { return !m_field.convexMask.isNull(); }
    // A field is being computed in the background (its progress: fieldProgress).
    bool fieldPending() const { return m_progress < 100; }
    // Stops the field being computed; the view keeps the last field it has (if any) until the
    // next change of the view (zoom, pan, resize, double click) asks for a new one.
    void cancelField();
    // The grid of the field shown (nodes), and the time its f samples took (ms, wall clock).
    QSize fieldGridSize() const;
    double fieldSampleMs() const { return m_field.sampleMs; }
    double fieldTotalMs() const { return m_field.totalMs; }

    // Paints the whole plot (field, iso-lines, colour bar, axes, trajectory, markers, caption)
    // into `target` of any paint device: the same code draws the screen, an image, SVG or PDF.
    void render(QPainter& painter, const QRect& target) const;
    // The same with another field: the view's own covers the widget's plot box, so an export of
    // another aspect ratio or a much larger size first computes its own with fieldFor().
    void render(QPainter& painter, const QRect& target, const Field& field) const;
    // The field for painting into `target` at `devicePixelRatio`, computed on the calling thread
    // (blocking); nothing without a landscape or when the objective throws.
    std::optional<Field> fieldFor(const QRect& target, double devicePixelRatio = 1.0) const;

    QSize sizeHint() const override { return {640, 560}; }
    QSize minimumSizeHint() const override { return {240, 200}; }

Q_SIGNALS:
    void startPicked(QPointF p); // click, or release after dragging the start marker
    void hovered(double x, double y, double f, double lambdaMin); // NaN λ_min without Hessian
    // The mouse has left the plot area (the hover readout is stale).
    void hoverLeft();
    void fieldProgress(int percent);
    void fieldReady(); // the field for the current view has arrived and is shown
    void fieldFailed(const QString& message);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    enum class Drag { None, Pending, Pan, Start };

    void scheduleField();
    void requestField();
    void acceptField(const Field& field);
    void zoomAt(const QPointF& widgetPos, double factor);
    bool nearStart(const QPointF& widgetPos) const;
    void emitHover(const QPointF& widgetPos);

    std::shared_ptr<const Objective> m_objective;
    Box m_domain;
    std::vector<KnownMinimum> m_minima;
    double m_fMin = 0.0;
    Box m_view;
    std::optional<QPointF> m_start;
    Track m_track;
    long m_visibleSteps = -1;
    bool m_showConvex = false;
    bool m_showTrials = false;
    bool m_startEditable = true;
    int m_nodeLimit = 600;
    QString m_caption;

    FieldRenderer m_renderer;
    Field m_field;
    quint64 m_generation = 0;
    int m_progress = 100; // percent of the field being computed; 100 = idle
    bool m_fieldCancelled = false;
    QString m_fieldError; // why the last field could not be computed (empty: it could)
    QTimer m_requestTimer;

    Drag m_drag = Drag::None;
    QPointF m_pressPos;
    Box m_pressView;
    QTimer m_clickTimer; // a click waits for a possible double click before picking the start
    QPointF m_clickPlot;
};

} // namespace cs::ui
