#pragma once

#include "core/optimizer.h"
#include "core/trajectory.h"

#include <QWidget>

#include <string>
#include <vector>

class QTimer;

namespace cs::ui {

class ChartPanel;

// The three live charts of a run on a shared step axis: f − f* and ‖∇f‖ on log axes, and the
// convexity score with the criterion's threshold (optionally one criterion's raw signal on a
// second axis). Every chart marks the switch points. Records arrive in batches; the charts
// redraw at most once per frame.
class RunCharts : public QWidget {
    Q_OBJECT
public:
    explicit RunCharts(QWidget* parent = nullptr);

    // Forgets the data, the markers and the cursor.
    void clear();
    // f* for the f − f* chart; NaN when unknown (then f − min f is drawn). A non-empty `name`
    // replaces "f − f*" in the chart's title and legend, e.g. "training loss" for a network
    // with fMin = 0 (the loss itself).
    void setMinimumValue(double fMin, const QString& name = QString());
    // The switching criterion's threshold; NaN hides the line.
    void setThreshold(double threshold);
    double threshold() const;
    // Names of IterationRecord::signals for the run that starts.
    void setSignalNames(const std::vector<std::string>& names);
    // Which raw signal is drawn on the score chart's right axis; -1: none.
    void setShownSignal(int index);
    int shownSignal() const { return m_shownSignal; }

    void appendRecords(const std::vector<IterationRecord>& records);
    void setSwitchEvents(const std::vector<SwitchEvent>& events);
    // The replay cursor; -1 hides it.
    void setCursorStep(long step);
    // Redraws now instead of at the next frame.
    void refreshNow();

    bool hasSwitchMarker() const;
    // Points handed to Qt Charts at the last redraw, all series of all charts.
    std::size_t drawnPointCount() const;

Q_SIGNALS:
    // A click on a chart: the step under the mouse.
    void stepPicked(long step);

private:
    void scheduleRefresh();

    ChartPanel* m_fChart;
    ChartPanel* m_gChart;
    ChartPanel* m_scoreChart;
    int m_fTrace = 0;
    int m_gTrace = 0;
    int m_scoreTrace = 0;
    std::vector<int> m_signalTraces; // one per signal, at most one visible
    std::vector<std::string> m_signalNames;
    int m_shownSignal = -1;
    double m_fMin;
    double m_observedMin;
    double m_lastStep = 0.0;
    QTimer* m_frameTimer;
};

} // namespace cs::ui
