#include "ui/charts/chart_panel.h"

#include <QChart>
#include <QGraphicsLayout>
#include <QGraphicsRectItem>
#include <QGraphicsSimpleTextItem>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QMouseEvent>
#include <QToolTip>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <limits>

namespace cs::ui {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
const QColor kSwitchColor(200, 30, 60);
const QColor kThresholdColor(110, 110, 110);
const QColor kCursorColor(40, 40, 40);
// A switch marker answers the mouse within this many pixels.
constexpr double kHoverPixels = 6.0;
// Log axes show at most about this many labelled ticks.
constexpr double kMaxLogTicks = 6.0;
constexpr int kStepTicks = 5;
// The switch label's plate: white, slightly see-through, a little wider than the text.
const QColor kLabelPlate(255, 255, 255, 220);
constexpr double kPlatePadding = 3.0;
constexpr double kLabelGap = 3.0; // between the switch line and its label's plate

// A "nice" tick interval (1, 2 or 5 times a power of ten) for `ticks` intervals over `span`.
double niceInterval(double span, int ticks) {
    const double raw = std::max(span, 1.0) / ticks;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0})
        if (raw <= m * magnitude)
            return std::max(1.0, m * magnitude);
    return std::max(1.0, 10.0 * magnitude);
}

void hideFromLegend(QChart* chart, QAbstractSeries* series) {
    for (QLegendMarker* marker : chart->legend()->markers(series))
        marker->setVisible(false);
}

} // namespace

ChartPanel::ChartPanel(const QString& title, Scale scale, QWidget* parent)
    // The chart goes to the constructor: QChartView() makes a default chart of its own, which
    // Qt Charts 6.4 leaks once the view has been shown when setChart() replaces it (LSan).
    : QChartView(new QChart, parent), m_scale(scale), m_chart(chart()), m_stepAxis(new QValueAxis),
      m_thresholdValue(kNaN) {
    setRenderHint(QPainter::Antialiasing);
    m_chart->setTitle(title);
    QFont titleFont = font();
    titleFont.setBold(true);
    m_chart->setTitleFont(titleFont);
    m_chart->setMargins(QMargins(4, 0, 4, 0));
    m_chart->layout()->setContentsMargins(0, 0, 0, 0);
    m_chart->setBackgroundRoundness(0);
    m_chart->legend()->setVisible(false);
    m_chart->legend()->setAlignment(Qt::AlignTop);
    // Animations would replay on every frame of a live run.
    m_chart->setAnimationOptions(QChart::NoAnimation);

    m_stepAxis->setLabelFormat(QStringLiteral("%.0f"));
    m_stepAxis->setTickType(QValueAxis::TicksDynamic);
    m_stepAxis->setTickAnchor(0.0);
    m_stepAxis->setRange(0.0, 1.0);
    m_chart->addAxis(m_stepAxis, Qt::AlignBottom);
    if (scale == Scale::Log) {
        auto* axis = new QLogValueAxis;
        axis->setLabelFormat(QStringLiteral("%.0e"));
        axis->setMinorTickCount(0);
        axis->setRange(1e-1, 1e1);
        m_valueAxis = axis;
        m_low = 1e-1;
        m_high = 1e1;
    } else {
        auto* axis = new QValueAxis;
        axis->setLabelFormat(QStringLiteral("%.3g"));
        axis->setTickCount(5);
        m_valueAxis = axis;
    }
    m_chart->addAxis(m_valueAxis, Qt::AlignLeft);

    m_threshold = new QLineSeries;
    m_threshold->setPen(QPen(kThresholdColor, 1.5, Qt::DashLine));
    m_chart->addSeries(m_threshold);
    m_threshold->attachAxis(m_stepAxis);
    m_threshold->attachAxis(m_valueAxis);
    m_threshold->setVisible(false);

    m_cursor = new QLineSeries;
    m_cursor->setPen(QPen(kCursorColor, 1.0, Qt::DotLine));
    m_chart->addSeries(m_cursor);
    m_cursor->attachAxis(m_stepAxis);
    m_cursor->attachAxis(m_valueAxis);
    m_cursor->setVisible(false);
    hideFromLegend(m_chart, m_cursor);
    setMinimumHeight(140);
}

ChartPanel::~ChartPanel() = default;

int ChartPanel::addTrace(const QString& name, const QColor& color, bool rightAxis) {
    Trace t;
    t.series = new QLineSeries;
    t.series->setName(name);
    t.series->setPen(QPen(color, 1.8));
    t.rightAxis = rightAxis;
    m_chart->addSeries(t.series);
    t.series->attachAxis(m_stepAxis);
    if (rightAxis) {
        if (!m_rightAxis) {
            m_rightAxis = new QValueAxis;
            m_rightAxis->setLabelFormat(QStringLiteral("%g"));
            m_rightAxis->setTickCount(5);
            m_chart->addAxis(m_rightAxis, Qt::AlignRight);
        }
        t.series->attachAxis(m_rightAxis);
        m_rightAxis->setLabelsColor(color);
        m_rightAxis->setTitleBrush(color);
    } else {
        t.series->attachAxis(m_valueAxis);
    }
    m_traces.push_back(std::move(t));
    return int(m_traces.size()) - 1;
}

void ChartPanel::setTraceName(int trace, const QString& name) {
    m_traces[trace].series->setName(name);
}

void ChartPanel::setTraceVisible(int trace, bool visible) {
    Trace& t = m_traces[trace];
    t.visible = visible;
    t.series->setVisible(visible);
    if (t.rightAxis && m_rightAxis) {
        bool any = false;
        for (const Trace& other : m_traces)
            any = any || (other.rightAxis && other.visible);
        m_rightAxis->setVisible(any);
    }
}

void ChartPanel::setLegendVisible(bool visible) {
    m_chart->legend()->setVisible(visible);
}

void ChartPanel::setStepAxisTitle(const QString& title) {
    m_stepAxis->setTitleText(title);
}

void ChartPanel::setRightAxisTitle(const QString& title) {
    if (m_rightAxis)
        m_rightAxis->setTitleText(title);
}

void ChartPanel::setFixedRange(double low, double high) {
    m_fixedRange = true;
    m_low = low;
    m_high = high;
    m_valueAxis->setRange(low, high);
}

void ChartPanel::setThreshold(double value, const QString& name) {
    m_thresholdValue = value;
    m_threshold->setName(name);
    m_threshold->setVisible(std::isfinite(value));
    if (std::isfinite(value))
        m_threshold->replace(QList<QPointF>{{0.0, value}, {m_maxStep, value}});
}

void ChartPanel::setSwitchEvents(const std::vector<SwitchEvent>& events) {
    if (events.size() == m_markers.size()) {
        bool same = true;
        for (std::size_t i = 0; i < events.size(); ++i)
            same = same && events[i].step == m_markers[i].event.step;
        if (same)
            return;
    }
    for (Marker& m : m_markers) {
        m_chart->removeSeries(m.line);
        delete m.line;
        delete m.plate; // and its label
    }
    m_markers.clear();
    for (const SwitchEvent& e : events) {
        Marker m;
        m.event = e;
        m.line = new QLineSeries;
        m.line->setPen(QPen(kSwitchColor, 2.0));
        m_chart->addSeries(m.line);
        m.line->attachAxis(m_stepAxis);
        m.line->attachAxis(m_valueAxis);
        hideFromLegend(m_chart, m.line);
        // The label sits on a light plate so that it stays readable over a curve or the
        // threshold line.
        m.plate = new QGraphicsRectItem(m_chart);
        m.plate->setPen(Qt::NoPen);
        m.plate->setBrush(kLabelPlate);
        m.plate->setZValue(10);
        m.label = new QGraphicsSimpleTextItem(m.plate);
        m.label->setText(tr("switch → %1").arg(QString::fromStdString(e.to)));
        m.label->setBrush(kSwitchColor);
        QFont f = font();
        f.setBold(true);
        m.label->setFont(f);
        m.plate->setRect(m.label->boundingRect().adjusted(-kPlatePadding, 0.0, kPlatePadding, 0.0));
        m_markers.push_back(m);
    }
    placeMarkers();
}

void ChartPanel::setCursorStep(long step) {
    m_cursorStep = step;
    m_cursor->setVisible(step >= 0);
    if (step >= 0)
        verticalLine(m_cursor, double(step));
}

void ChartPanel::clearData() {
    for (Trace& t : m_traces) {
        t.data.clear();
        t.series->clear();
    }
    setSwitchEvents({});
    setCursorStep(-1);
    m_drawnPoints = 0;
}

bool ChartPanel::hasSwitchMarker() const {
    return std::any_of(m_markers.begin(), m_markers.end(),
                       [](const Marker& m) { return m.line->isVisible() && m.line->count() == 2; });
}

double ChartPanel::transform(double v) const {
    if (m_scale != Scale::Log)
        return v;
    const double d = v - m_offset;
    return d > kLogFloor ? d : kLogFloor;
}

void ChartPanel::refresh(double maxStep) {
    m_maxStep = std::max(maxStep, 1.0);
    // The axis lays out its ticks on every change, so never let a wide range meet a narrow
    // interval in between: widen the interval before the range grows, and narrow it only after
    // the range has shrunk (otherwise one tick per old interval, hundreds of thousands of items).
    const double interval = niceInterval(m_maxStep, kStepTicks);
    if (interval >= m_stepAxis->tickInterval()) {
        m_stepAxis->setTickInterval(interval);
        m_stepAxis->setRange(0.0, m_maxStep);
    } else {
        m_stepAxis->setRange(0.0, m_maxStep);
        m_stepAxis->setTickInterval(interval);
    }
    // About two points per pixel column: min-max decimation to the plot width.
    const auto columns = static_cast<std::size_t>(std::max(16.0, m_chart->plotArea().width()));
    m_drawnPoints = 0;
    for (Trace& t : m_traces) {
        if (!t.visible)
            continue;
        t.data.points(m_summary);
        decimateMinMax(m_summary, columns, m_decimated);
        m_buffer.resize(qsizetype(m_decimated.size()));
        for (std::size_t i = 0; i < m_decimated.size(); ++i) {
            const double y = t.rightAxis ? m_decimated[i].y : transform(m_decimated[i].y);
            m_buffer[qsizetype(i)] = QPointF(m_decimated[i].x, y);
        }
        t.series->replace(m_buffer);
        m_drawnPoints += m_decimated.size();
    }
    fitAxes();
    if (std::isfinite(m_thresholdValue))
        m_threshold->replace(
            QList<QPointF>{{0.0, m_thresholdValue}, {m_maxStep, m_thresholdValue}});
    if (m_cursorStep >= 0)
        verticalLine(m_cursor, double(m_cursorStep));
    placeMarkers();
}

void ChartPanel::fitAxes() {
    double lo = kNaN, hi = kNaN, rlo = kNaN, rhi = kNaN;
    for (const Trace& t : m_traces) {
        if (!t.visible || t.data.empty())
            continue;
        double& a = t.rightAxis ? rlo : lo;
        double& b = t.rightAxis ? rhi : hi;
        const double tlo = t.rightAxis ? t.data.minY() : transform(t.data.minY());
        const double thi = t.rightAxis ? t.data.maxY() : transform(t.data.maxY());
        a = std::isnan(a) ? tlo : std::min(a, tlo);
        b = std::isnan(b) ? thi : std::max(b, thi);
    }
    if (m_rightAxis && std::isfinite(rlo) && std::isfinite(rhi)) {
        const double pad = rhi > rlo ? 0.05 * (rhi - rlo) : std::max(1e-12, std::abs(rhi) * 0.1);
        m_rightAxis->setRange(rlo - pad, rhi + pad);
        // Round ticks (-50, 0, 50, …) read better than five arbitrary values.
        m_rightAxis->applyNiceNumbers();
    }
    if (m_fixedRange || !std::isfinite(lo) || !std::isfinite(hi))
        return;
    if (m_scale == Scale::Log) {
        // Whole decades; with many decades the tick base grows (10², 10³, ...) so that about
        // kMaxLogTicks labels fit.
        double dLo = std::floor(std::log10(lo));
        double dHi = std::ceil(std::log10(hi));
        if (dHi <= dLo)
            dHi = dLo + 1.0;
        const double step = std::max(1.0, std::ceil((dHi - dLo) / kMaxLogTicks));
        dLo = std::floor(dLo / step) * step;
        dHi = std::ceil(dHi / step) * step;
        auto* axis = static_cast<QLogValueAxis*>(m_valueAxis);
        axis->setBase(std::pow(10.0, step));
        axis->setRange(std::pow(10.0, dLo), std::pow(10.0, dHi));
        m_low = std::pow(10.0, dLo);
        m_high = std::pow(10.0, dHi);
    } else {
        const double pad = hi > lo ? 0.05 * (hi - lo) : std::max(1e-12, std::abs(hi) * 0.1);
        m_low = lo - pad;
        m_high = hi + pad;
        m_valueAxis->setRange(m_low, m_high);
    }
}

void ChartPanel::verticalLine(QLineSeries* series, double step) const {
    series->replace(QList<QPointF>{{step, m_low}, {step, m_high}});
}

void ChartPanel::placeMarkers() {
    const QRectF plot = m_chart->plotArea();
    for (Marker& m : m_markers) {
        verticalLine(m.line, double(m.event.step));
        const QPointF p = m_chart->mapToPosition(QPointF(double(m.event.step), m_high), m.line);
        // Beside the line, never over it: the plate reaches kPlatePadding beyond the text.
        const QRectF box = m.label->boundingRect();
        const double gap = kLabelGap + kPlatePadding;
        double x = p.x() + gap;
        if (x + box.width() + kPlatePadding > plot.right())
            x = p.x() - gap - box.width();
        m.plate->setPos(x, plot.top() + 2.0);
        m.plate->setVisible(plot.width() > 0.0);
    }
}

double ChartPanel::stepAtPosition(const QPointF& position) const {
    return m_chart->mapToValue(position, m_traces.empty() ? nullptr : m_traces.front().series).x();
}

void ChartPanel::mouseMoveEvent(QMouseEvent* event) {
    QChartView::mouseMoveEvent(event);
    const QPointF pos = mapToScene(event->position().toPoint());
    const QRectF plot = m_chart->plotArea();
    for (const Marker& m : m_markers) {
        const QPointF p = m_chart->mapToPosition(QPointF(double(m.event.step), m_low), m.line);
        const bool onLabel = m.label->sceneBoundingRect().contains(pos);
        if ((std::abs(p.x() - pos.x()) <= kHoverPixels && plot.contains(pos)) || onLabel) {
            QToolTip::showText(event->globalPosition().toPoint(),
                               tr("<b>Switch after step %1</b> (%2 → %3)<br>%4")
                                   .arg(m.event.step)
                                   .arg(QString::fromStdString(m.event.from),
                                        QString::fromStdString(m.event.to),
                                        QString::fromStdString(m.event.reason).toHtmlEscaped()),
                               this);
            return;
        }
    }
    QToolTip::hideText();
}

void ChartPanel::mousePressEvent(QMouseEvent* event) {
    QChartView::mousePressEvent(event);
    const QPointF pos = mapToScene(event->position().toPoint());
    if (event->button() == Qt::LeftButton && m_chart->plotArea().contains(pos))
        Q_EMIT stepPicked(stepAtPosition(pos));
}

void ChartPanel::resizeEvent(QResizeEvent* event) {
    QChartView::resizeEvent(event);
    placeMarkers();
}

} // namespace cs::ui
