#pragma once

#include "core/decimate.h"
#include "core/optimizer.h"

#include <QChartView>
#include <QColor>
#include <QList>
#include <QPointF>
#include <QString>

#include <memory>
#include <vector>

class QAbstractAxis;
class QGraphicsRectItem;
class QGraphicsSimpleTextItem;
class QLineSeries;
class QLogValueAxis;
class QValueAxis;

namespace cs::ui {

// One live chart of a run: traces over the step axis, an optional threshold line, the switch
// markers (vertical lines with a label, the reason on hover) and a replay cursor.
//
// Each trace keeps a bounded min-max summary of its whole history (core/decimate.h), so memory
// does not grow with the run; refresh() decimates it to about two points per pixel column and
// hands the series one replace() per frame (Qt Charts' cost grows with the points drawn).
class ChartPanel : public QChartView {
    Q_OBJECT
public:
    enum class Scale { Linear, Log };

    ChartPanel(const QString& title, Scale scale, QWidget* parent = nullptr);
    ~ChartPanel() override;

    // A trace on the left axis, or on a second (linear) axis on the right.
    int addTrace(const QString& name, const QColor& color, bool rightAxis = false);
    void setTraceName(int trace, const QString& name);
    void setTraceVisible(int trace, bool visible);
    void setLegendVisible(bool visible);
    void setStepAxisTitle(const QString& title);
    void setRightAxisTitle(const QString& title);
    // Log scale: what is drawn is value − offset (offset: f* for f − f*); values at or below
    // kLogFloor are drawn at kLogFloor.
    void setOffset(double offset) { m_offset = offset; }
    // A fixed left-axis range (linear scale); otherwise the axis fits the data.
    void setFixedRange(double low, double high);
    void setThreshold(double value, const QString& name); // NaN hides the line
    double threshold() const { return m_thresholdValue; }
    void setSwitchEvents(const std::vector<SwitchEvent>& events);
    void setCursorStep(long step); // -1 hides the cursor

    void append(int trace, double step, double value) { m_traces[trace].data.append(step, value); }
    void clearData();
    // Redraws from the summaries with the step axis [0, maxStep].
    void refresh(double maxStep);

    bool hasSwitchMarker() const;
    // Points handed to the series at the last refresh (all traces).
    std::size_t drawnPointCount() const { return m_drawnPoints; }
    // Smallest value a log axis shows.
    static constexpr double kLogFloor = 1e-30;

Q_SIGNALS:
    void stepPicked(double step);

protected:
    void mouseMoveEvent(QMouseEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    struct Trace {
        QLineSeries* series = nullptr;
        StreamingMinMax data{2048};
        bool rightAxis = false;
        bool visible = true;
    };
    struct Marker {
        SwitchEvent event;
        QLineSeries* line = nullptr;
        QGraphicsRectItem* plate = nullptr; // owns the label: a light plate under the text
        QGraphicsSimpleTextItem* label = nullptr;
    };
    double transform(double v) const;
    void fitAxes();
    void placeMarkers();
    void verticalLine(QLineSeries* series, double step) const;
    double stepAtPosition(const QPointF& position) const;

    Scale m_scale;
    QChart* m_chart;
    QValueAxis* m_stepAxis;
    QAbstractAxis* m_valueAxis; // QValueAxis or QLogValueAxis
    QValueAxis* m_rightAxis = nullptr;
    std::vector<Trace> m_traces;
    QLineSeries* m_threshold = nullptr;
    double m_thresholdValue;
    QLineSeries* m_cursor = nullptr;
    long m_cursorStep = -1;
    std::vector<Marker> m_markers;
    double m_offset = 0.0;
    bool m_fixedRange = false;
    double m_low = 0.0;
    double m_high = 1.0;
    double m_maxStep = 1.0;
    std::size_t m_drawnPoints = 0;
    std::vector<SeriesPoint> m_summary; // reused buffers: no allocation per frame
    std::vector<SeriesPoint> m_decimated;
    QList<QPointF> m_buffer;
};

} // namespace cs::ui
