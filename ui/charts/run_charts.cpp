#include "ui/charts/run_charts.h"

#include "ui/charts/chart_panel.h"

#include <QTimer>
#include <QVBoxLayout>

#include <cmath>
#include <limits>

namespace cs::ui {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Charts redraw at most this often while records stream in.
constexpr int kFrameMs = 33;
const QColor kFColor(31, 119, 180);
const QColor kGColor(44, 140, 60);
const QColor kScoreColor(120, 70, 170);
const QColor kSignalColor(230, 120, 20);

} // namespace

RunCharts::RunCharts(QWidget* parent)
    : QWidget(parent), m_fChart(new ChartPanel(tr("f − f*  (log)"), ChartPanel::Scale::Log)),
      m_gChart(new ChartPanel(tr("‖∇f‖  (log)"), ChartPanel::Scale::Log)),
      m_scoreChart(
          new ChartPanel(tr("Convexity score  (dashed: threshold)"), ChartPanel::Scale::Linear)),
      m_fMin(kNaN), m_observedMin(kNaN), m_frameTimer(new QTimer(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_fChart);
    layout->addWidget(m_gChart);
    layout->addWidget(m_scoreChart);

    m_fTrace = m_fChart->addTrace(tr("f − f*"), kFColor);
    m_gTrace = m_gChart->addTrace(tr("‖∇f‖"), kGColor);
    m_scoreTrace = m_scoreChart->addTrace(tr("score"), kScoreColor);
    m_scoreChart->setFixedRange(0.0, 1.0);
    m_scoreChart->setStepAxisTitle(tr("step"));
    m_fChart->setToolTip(tr("Distance to the known minimum value, f(x_k) − f*, on a log axis. "
                            "Red line: the switch point (hover it for the reason)."));
    m_gChart->setToolTip(tr("Gradient norm ‖∇f(x_k)‖ on a log axis."));
    m_scoreChart->setToolTip(
        tr("The switching criterion's convexity score in [0, 1] and its threshold (dashed): the "
           "switch fires once the score stays at or above the threshold for `patience` steps."));
    for (ChartPanel* chart : {m_fChart, m_gChart, m_scoreChart})
        connect(chart, &ChartPanel::stepPicked, this,
                [this](double step) { Q_EMIT stepPicked(std::lround(std::max(0.0, step))); });

    m_frameTimer->setSingleShot(true);
    m_frameTimer->setInterval(kFrameMs);
    connect(m_frameTimer, &QTimer::timeout, this, &RunCharts::refreshNow);
}

void RunCharts::clear() {
    for (ChartPanel* chart : {m_fChart, m_gChart, m_scoreChart})
        chart->clearData();
    m_observedMin = kNaN;
    m_lastStep = 0.0;
    refreshNow();
}

void RunCharts::setMinimumValue(double fMin, const QString& name) {
    m_fMin = fMin;
    const QString trace = !name.isEmpty()       ? name
                          : std::isfinite(fMin) ? tr("f − f*")
                                                : tr("f − min f");
    m_fChart->setTraceName(m_fTrace, trace);
    m_fChart->chart()->setTitle(tr("%1  (log)").arg(trace));
    m_fChart->setToolTip(!name.isEmpty()
                             ? tr("%1 at every iterate (the true value, not the projection), on "
                                  "a log axis. Red line: the switch point.")
                                   .arg(name)
                             : tr("Distance to the known minimum value, f(x_k) − f*, on a log "
                                  "axis. Red line: the switch point (hover it for the reason)."));
}

void RunCharts::setThreshold(double threshold) {
    m_scoreChart->setThreshold(threshold, tr("threshold"));
}

double RunCharts::threshold() const {
    return m_scoreChart->threshold();
}

void RunCharts::setSignalNames(const std::vector<std::string>& names) {
    m_signalNames = names;
    while (m_signalTraces.size() < names.size())
        m_signalTraces.push_back(m_scoreChart->addTrace(QString(), kSignalColor, true));
    for (std::size_t i = 0; i < m_signalTraces.size(); ++i) {
        if (i < names.size())
            m_scoreChart->setTraceName(m_signalTraces[i],
                                       tr("signal: %1").arg(QString::fromStdString(names[i])));
    }
    setShownSignal(m_shownSignal);
}

void RunCharts::setShownSignal(int index) {
    m_shownSignal = index;
    for (std::size_t i = 0; i < m_signalTraces.size(); ++i)
        m_scoreChart->setTraceVisible(m_signalTraces[i],
                                      int(i) == index && i < m_signalNames.size());
    if (index >= 0 && std::size_t(index) < m_signalNames.size())
        m_scoreChart->setRightAxisTitle(QString::fromStdString(m_signalNames[std::size_t(index)]));
    scheduleRefresh();
}

void RunCharts::appendRecords(const std::vector<IterationRecord>& records) {
    for (const IterationRecord& r : records) {
        const double step = double(r.step);
        m_fChart->append(m_fTrace, step, r.f);
        m_gChart->append(m_gTrace, step, r.gradNorm);
        m_scoreChart->append(m_scoreTrace, step, r.convexity);
        const std::size_t n = std::min(r.signals.size(), m_signalTraces.size());
        for (std::size_t i = 0; i < n; ++i)
            m_scoreChart->append(m_signalTraces[i], step, r.signals[i]);
        if (!(r.f >= m_observedMin))
            m_observedMin = r.f;
        m_lastStep = step;
    }
    if (!records.empty())
        scheduleRefresh();
}

void RunCharts::setSwitchEvents(const std::vector<SwitchEvent>& events) {
    for (ChartPanel* chart : {m_fChart, m_gChart, m_scoreChart})
        chart->setSwitchEvents(events);
}

void RunCharts::setCursorStep(long step) {
    for (ChartPanel* chart : {m_fChart, m_gChart, m_scoreChart})
        chart->setCursorStep(step);
}

void RunCharts::scheduleRefresh() {
    if (!m_frameTimer->isActive())
        m_frameTimer->start();
}

void RunCharts::refreshNow() {
    m_frameTimer->stop();
    m_fChart->setOffset(std::isfinite(m_fMin) ? m_fMin : m_observedMin);
    for (ChartPanel* chart : {m_fChart, m_gChart, m_scoreChart})
        chart->refresh(m_lastStep);
}

bool RunCharts::hasSwitchMarker() const {
    return m_fChart->hasSwitchMarker() && m_gChart->hasSwitchMarker() &&
           m_scoreChart->hasSwitchMarker();
}

std::size_t RunCharts::drawnPointCount() const {
    return m_fChart->drawnPointCount() + m_gChart->drawnPointCount() +
           m_scoreChart->drawnPointCount();
}

} // namespace cs::ui
