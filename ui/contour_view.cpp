#include "ui/contour_view.h"

#include "ui/axis_ticks.h"
#include "ui/colormap.h"

#include <QApplication>
#include <QFontMetricsF>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QSet>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>
#include <numbers>

namespace cs::ui {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Field resolution: one grid node per this many device pixels, at most kMaxNodes per side.
constexpr double kPixelsPerNode = 2.0;
constexpr int kMinNodes = 16;
constexpr int kMaxNodes = 600;
constexpr int kRequestDelayMs = 25;        // coalesces wheel bursts and resizes into one request
constexpr double kWheelZoomPerNotch = 0.8; // view size factor per wheel notch (120 units)
constexpr double kMinZoom = 1e-7;          // smallest view span relative to the domain
constexpr double kMaxZoom = 1e3;           // largest
constexpr double kClickSlop = 3.0;         // px a press may move and still be a click
constexpr double kStartGrab = 10.0;        // px around the start marker that grab it
constexpr double kDecimatePx = 0.5;        // trajectory points closer than this are skipped

// Layout, in logical pixels.
constexpr double kMargin = 8.0;
constexpr double kTickLength = 4.0;
constexpr double kBarGap = 14.0;
constexpr double kBarWidth = 14.0;

// Colours, chosen to read on every part of viridis.
const QColor kPlotBackground(36, 36, 44);
const QColor kPhase1(255, 140, 26);     // warm orange
const QColor kPhase2(40, 230, 255);     // cyan
const QColor kSwitchFill(255, 45, 120); // hot pink
const QColor kHalo(0, 0, 0, 150);
const QColor kIsoOnDark(255, 255, 255, 80);
const QColor kIsoOnLight(0, 0, 0, 80);
const QColor kConvexBoundary(255, 255, 255, 200);
const QColor kTrial(255, 255, 255, 95);

QColor phaseColour(int phase) {
    return phase >= 2 ? kPhase2 : kPhase1;
}

double span(double lo, double hi) {
    return hi - lo;
}

// Where the plot sits inside a target rectangle, and the plot box it shows.
struct Frame {
    QRectF target;
    QRectF plot; // device rectangle of the plot area
    QRectF bar;  // colour bar strip
    Box box;     // visible plot box (equal x and y scales)
    double sx = 1.0;
    double sy = 1.0;

    QPointF toDevice(double x, double y) const {
        return {plot.left() + (x - box.xMin) * sx, plot.bottom() - (y - box.yMin) * sy};
    }
    QPointF toPlot(const QPointF& d) const {
        return {box.xMin + (d.x() - plot.left()) / sx, box.yMin + (plot.bottom() - d.y()) / sy};
    }
    // Plot -> device as a QTransform: X = left + (x − xMin)·sx, Y = bottom − (y − yMin)·sy.
    QTransform transform() const {
        return QTransform(sx, 0.0, 0.0, -sy, plot.left() - box.xMin * sx,
                          plot.bottom() + box.yMin * sy);
    }
};

// The view box widened (about its centre) to the plot's aspect ratio.
Box fitAspect(const Box& view, const QRectF& plot) {
    const double w = std::max(span(view.xMin, view.xMax), 1e-300);
    const double h = std::max(span(view.yMin, view.yMax), 1e-300);
    const double s = std::max(w / std::max(plot.width(), 1.0), h / std::max(plot.height(), 1.0));
    const double cx = 0.5 * (view.xMin + view.xMax);
    const double cy = 0.5 * (view.yMin + view.yMax);
    const double hw = 0.5 * s * plot.width();
    const double hh = 0.5 * s * plot.height();
    return {cx - hw, cx + hw, cy - hh, cy + hh};
}

Frame makeFrame(const QRectF& target, const Box& view, const QFontMetricsF& fm) {
    Frame f;
    f.target = target;
    const double left = fm.horizontalAdvance(QStringLiteral("-0.0000")) + kTickLength + kMargin;
    const double bottom = fm.height() + kTickLength + kMargin;
    const double right = kBarGap + kBarWidth + kTickLength +
                         fm.horizontalAdvance(QStringLiteral("-0.00000")) + kMargin;
    f.plot = QRectF(target.left() + left, target.top() + kMargin,
                    std::max(target.width() - left - right, 10.0),
                    std::max(target.height() - kMargin - bottom, 10.0));
    const double barTop = f.plot.top() + fm.height() + 4.0;
    f.bar = QRectF(f.plot.right() + kBarGap, barTop, kBarWidth,
                   std::max(f.plot.bottom() - barTop, 10.0));
    f.box = fitAspect(view, f.plot);
    f.sx = f.plot.width() / span(f.box.xMin, f.box.xMax);
    f.sy = f.plot.height() / span(f.box.yMin, f.box.yMax);
    return f;
}

// Compact value labels with `significant` digits: "0.05", "1000", "-77.33", "1e5", "2.5e-4".
QString valueLabel(double v, int significant) {
    if (v == 0.0)
        return QStringLiteral("0");
    const double a = std::abs(v);
    const int e = static_cast<int>(std::floor(std::log10(a)));
    if (a >= 1e5 || a < 1e-3) {
        const double m = v / std::pow(10.0, e);
        return QString::number(m, 'g', std::max(1, significant - 1)) + QLatin1Char('e') +
               QString::number(e);
    }
    QString s = QString::number(v, 'f', std::max(0, significant - 1 - e));
    if (s.contains(QLatin1Char('.'))) {
        while (s.endsWith(QLatin1Char('0')))
            s.chop(1);
        if (s.endsWith(QLatin1Char('.')))
            s.chop(1);
    }
    return s;
}

// Labels for colour-bar ticks with the fewest significant digits that tell them apart.
QStringList valueLabels(const std::vector<double>& values) {
    QStringList labels;
    for (int digits = 2; digits <= 10; ++digits) {
        labels.clear();
        for (const double v : values)
            labels << valueLabel(v, digits);
        if (QSet<QString>(labels.begin(), labels.end()).size() == labels.size())
            break;
    }
    return labels;
}

// Keeps a device coordinate in a range the raster engine handles (far-off points of a zoomed
// view).
QPointF clampDevice(const QPointF& p) {
    constexpr double kFar = 1e6;
    return {std::clamp(p.x(), -kFar, kFar), std::clamp(p.y(), -kFar, kFar)};
}

QPolygonF star(const QPointF& c, double outer, double inner) {
    QPolygonF poly;
    for (int k = 0; k < 10; ++k) {
        const double r = k % 2 == 0 ? outer : inner;
        const double a = -std::numbers::pi / 2.0 + k * std::numbers::pi / 5.0;
        poly << QPointF(c.x() + r * std::cos(a), c.y() + r * std::sin(a));
    }
    return poly;
}

void drawCross(QPainter& p, const QPointF& c, double r) {
    p.setPen(QPen(kHalo, 3.5, Qt::SolidLine, Qt::RoundCap));
    p.drawLine(c + QPointF(-r, -r), c + QPointF(r, r));
    p.drawLine(c + QPointF(-r, r), c + QPointF(r, -r));
    p.setPen(QPen(Qt::white, 1.6, Qt::SolidLine, Qt::RoundCap));
    p.drawLine(c + QPointF(-r, -r), c + QPointF(r, r));
    p.drawLine(c + QPointF(-r, r), c + QPointF(r, -r));
}

void drawTrack(QPainter& p, const Frame& fr, const Track& track, long visibleSteps,
               bool showTrials) {
    const std::size_t n = track.visibleCount(visibleSteps);
    if (n == 0)
        return;
    if (showTrials && !track.trials.empty()) {
        QPolygonF dots;
        for (std::size_t k = 0; k < track.trials.size() && track.trialSteps[k] < n; ++k) {
            const QPointF d = fr.toDevice(track.trials[k].x(), track.trials[k].y());
            if (fr.plot.contains(d))
                dots << d;
        }
        p.setPen(QPen(kTrial, 2.5, Qt::SolidLine, Qt::RoundCap));
        p.drawPoints(dots);
    }

    // Runs of one phase; the segment into step i belongs to the phase of step i. Points closer
    // than kDecimatePx to the last kept one are skipped, except the last point, the switch
    // points and the last point before a phase change.
    std::vector<std::pair<QPolygonF, int>> runs;
    auto nextSwitch = track.switchSteps.begin();
    QPolygonF run;
    int runPhase = track.phases[0];
    QPointF last = clampDevice(fr.toDevice(track.points[0].x(), track.points[0].y()));
    run << last;
    for (std::size_t i = 1; i < n; ++i) {
        const int phase = track.phases[i];
        if (phase != runPhase) {
            runs.emplace_back(run, runPhase);
            run = QPolygonF{run.back()};
            runPhase = phase;
        }
        while (nextSwitch != track.switchSteps.end() && *nextSwitch < static_cast<long>(i))
            ++nextSwitch;
        const bool isSwitch =
            nextSwitch != track.switchSteps.end() && *nextSwitch == static_cast<long>(i);
        const QPointF d = clampDevice(fr.toDevice(track.points[i].x(), track.points[i].y()));
        const bool keep = i + 1 == n || isSwitch || track.phases[i + 1] != phase ||
                          std::abs(d.x() - last.x()) + std::abs(d.y() - last.y()) >= kDecimatePx;
        if (keep) {
            run << d;
            last = d;
        }
    }
    runs.emplace_back(run, runPhase);

    p.setBrush(Qt::NoBrush);
    p.setPen(QPen(kHalo, 4.0, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    for (const auto& [poly, phase] : runs)
        if (poly.size() > 1)
            p.drawPolyline(poly);
    for (const auto& [poly, phase] : runs) {
        if (poly.size() < 2)
            continue;
        p.setPen(QPen(phaseColour(phase), 1.8, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        p.drawPolyline(poly);
    }
}

} // namespace

// --- Track -------------------------------------------------------------------------------------

void Track::clear() {
    points.clear();
    phases.clear();
    trials.clear();
    trialSteps.clear();
    switchSteps.clear();
}

void Track::append(const IterationRecord& record) {
    if (record.x.size() < 2)
        return;
    const auto step = static_cast<std::uint32_t>(points.size());
    points.emplace_back(record.x[0], record.x[1]);
    phases.push_back(static_cast<std::uint8_t>(std::clamp(record.phase, 1, 2)));
    for (const auto& t : record.trials) {
        if (t.size() < 2)
            continue;
        trials.emplace_back(t[0], t[1]);
        trialSteps.push_back(step);
    }
}

std::size_t Track::visibleCount(long visibleSteps) const {
    if (visibleSteps < 0)
        return points.size();
    return std::min(points.size(), static_cast<std::size_t>(visibleSteps) + 1);
}

// --- ContourView -------------------------------------------------------------------------------

ContourView::ContourView(QWidget* parent) : QWidget(parent) {
    setMouseTracking(true);
    setCursor(Qt::CrossCursor);
    setAttribute(Qt::WA_OpaquePaintEvent);
    m_requestTimer.setSingleShot(true);
    m_requestTimer.setInterval(kRequestDelayMs);
    connect(&m_requestTimer, &QTimer::timeout, this, &ContourView::requestField);
    m_clickTimer.setSingleShot(true);
    connect(&m_clickTimer, &QTimer::timeout, this, [this] {
        m_start = m_clickPlot;
        update();
        Q_EMIT startPicked(m_clickPlot);
    });
    connect(&m_renderer, &FieldRenderer::fieldReady, this, &ContourView::acceptField);
    connect(&m_renderer, &FieldRenderer::progress, this, [this](int percent) {
        if (m_fieldCancelled)
            return; // a late report of the cancelled field
        // Repaint the progress strip in 5 % steps only.
        if (percent / 5 != m_progress / 5)
            update();
        m_progress = percent;
        Q_EMIT fieldProgress(percent);
    });
    connect(&m_renderer, &FieldRenderer::failed, this, [this](const QString& message) {
        m_progress = 100;
        m_fieldError = message;
        update();
        Q_EMIT fieldFailed(message);
    });
}

ContourView::~ContourView() {
    m_renderer.disconnect(this);
}

void ContourView::setLandscape(std::shared_ptr<const Objective> f, Box domain,
                               std::vector<KnownMinimum> minima, double fMin) {
    if (!(span(domain.xMin, domain.xMax) > 0.0))
        domain.xMax = domain.xMin + 1.0;
    if (!(span(domain.yMin, domain.yMax) > 0.0))
        domain.yMax = domain.yMin + 1.0;
    m_objective = std::move(f);
    m_domain = domain;
    m_minima = std::move(minima);
    m_fMin = fMin;
    m_field = Field{};
    m_fieldCancelled = false;
    m_fieldError.clear();
    m_view = m_domain;
    scheduleField();
    update();
}

void ContourView::setStart(const QPointF& p) {
    m_start = p;
    update();
}

void ContourView::clearTrajectory() {
    m_track.clear();
    update();
}

void ContourView::appendTrajectory(const std::vector<IterationRecord>& batch) {
    for (const auto& record : batch)
        m_track.append(record);
    update();
}

void ContourView::setSwitchEvents(const std::vector<SwitchEvent>& events) {
    m_track.switchSteps.clear();
    for (const auto& e : events)
        m_track.switchSteps.push_back(e.step);
    std::sort(m_track.switchSteps.begin(), m_track.switchSteps.end());
    update();
}

void ContourView::setVisibleSteps(long n) {
    m_visibleSteps = n < 0 ? -1 : n;
    update();
}

void ContourView::setShowConvexRegion(bool show) {
    m_showConvex = show;
    update();
}

void ContourView::setShowTrials(bool show) {
    m_showTrials = show;
    update();
}

void ContourView::setCaption(const QString& caption) {
    m_caption = caption;
    update();
}

void ContourView::resetView() {
    setViewBox(m_domain);
}

void ContourView::setViewBox(const Box& box) {
    if (!(span(box.xMin, box.xMax) > 0.0) || !(span(box.yMin, box.yMax) > 0.0))
        return;
    m_view = box;
    scheduleField();
    update();
}

bool ContourView::hasSwitchMarker() const {
    const std::size_t n = m_track.visibleCount(m_visibleSteps);
    return std::any_of(m_track.switchSteps.begin(), m_track.switchSteps.end(),
                       [n](long s) { return s >= 0 && static_cast<std::size_t>(s) < n; });
}

Box ContourView::visibleBox() const {
    return makeFrame(QRectF(rect()), m_view, QFontMetricsF(font(), this)).box;
}

QPointF ContourView::plotToWidget(const QPointF& p) const {
    return makeFrame(QRectF(rect()), m_view, QFontMetricsF(font(), this)).toDevice(p.x(), p.y());
}

QPointF ContourView::widgetToPlot(const QPointF& w) const {
    return makeFrame(QRectF(rect()), m_view, QFontMetricsF(font(), this)).toPlot(w);
}

namespace {

// The field request for painting plot frame `fr` at device pixel ratio `dpr`.
FieldRequest makeRequest(const Frame& fr, double dpr, std::shared_ptr<const Objective> objective,
                         double fMin, int nodeLimit = kMaxNodes) {
    const auto nodes = [dpr, nodeLimit](double logical) {
        return std::clamp(static_cast<int>(std::lround(logical * dpr / kPixelsPerNode)), kMinNodes,
                          std::clamp(nodeLimit, kMinNodes, kMaxNodes));
    };
    FieldRequest request;
    request.objective = std::move(objective);
    request.box = fr.box;
    request.nx = nodes(fr.plot.width());
    request.ny = nodes(fr.plot.height());
    request.knownMin = fMin;
    return request;
}

} // namespace

QSize ContourView::fieldGridSize() const {
    return m_field.valid() ? QSize(m_field.values.nx, m_field.values.ny) : QSize();
}

void ContourView::scheduleField() {
    if (m_objective)
        m_requestTimer.start();
}

void ContourView::requestField() {
    if (!m_objective || width() < 20 || height() < 20)
        return;
    const Frame fr = makeFrame(QRectF(rect()), m_view, QFontMetricsF(font(), this));
    FieldRequest request = makeRequest(fr, devicePixelRatioF(), m_objective, m_fMin, m_nodeLimit);
    request.generation = ++m_generation;
    m_progress = 0;
    m_fieldCancelled = false;
    m_fieldError.clear();
    m_renderer.render(std::move(request));
}

void ContourView::setFieldNodeLimit(int nodes) {
    const int limit = std::clamp(nodes, kMinNodes, kMaxNodes);
    if (limit == m_nodeLimit)
        return;
    m_nodeLimit = limit;
    scheduleField();
}

void ContourView::cancelField() {
    m_requestTimer.stop();
    if (m_progress >= 100)
        return;
    m_renderer.cancel();
    m_fieldCancelled = true;
    m_progress = 100;
    update();
    Q_EMIT fieldProgress(100);
}

void ContourView::acceptField(const Field& field) {
    // Fields arrive in request order; an older one than shown is dropped, a newer one shown
    // even when a still newer request is under way (it is closer than what is on screen).
    if (m_field.valid() && field.generation <= m_field.generation)
        return;
    m_field = field;
    if (field.generation == m_generation) {
        m_progress = 100;
        Q_EMIT fieldReady();
    }
    update();
}

// --- painting ----------------------------------------------------------------------------------

void ContourView::render(QPainter& painter, const QRect& target) const {
    render(painter, target, m_field);
}

std::optional<Field> ContourView::fieldFor(const QRect& target, double devicePixelRatio) const {
    if (!m_objective || target.width() < 20 || target.height() < 20)
        return std::nullopt;
    const Frame fr = makeFrame(QRectF(target), m_view, QFontMetricsF(font()));
    FieldRequest request = makeRequest(fr, devicePixelRatio, m_objective, m_fMin, m_nodeLimit);
    try {
        return FieldRenderer::compute(request, QThread::idealThreadCount(), nullptr);
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

void ContourView::render(QPainter& painter, const QRect& target, const Field& field) const {
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    const QFontMetricsF fm(painter.font(), painter.device());
    const Frame fr = makeFrame(QRectF(target), m_view, fm);
    const QColor text = palette().color(QPalette::WindowText);

    painter.fillRect(target, palette().color(QPalette::Window));
    painter.fillRect(fr.plot, kPlotBackground);

    // Field, convex region, iso-lines: clipped to the plot.
    painter.save();
    painter.setClipRect(fr.plot);
    if (field.valid()) {
        const ScalarGrid& g = field.values;
        // Pixel centres sit on the nodes: the image reaches half a cell beyond the field box.
        const double hx = 0.5 * span(g.box.xMin, g.box.xMax) / (g.nx - 1);
        const double hy = 0.5 * span(g.box.yMin, g.box.yMax) / (g.ny - 1);
        const QRectF imageRect(fr.toDevice(g.box.xMin - hx, g.box.yMax + hy),
                               fr.toDevice(g.box.xMax + hx, g.box.yMin - hy));
        painter.drawImage(imageRect, field.image);
        if (m_showConvex && !field.convexMask.isNull())
            painter.drawImage(imageRect, field.convexMask);

        painter.save();
        painter.setWorldTransform(fr.transform(), true);
        painter.setBrush(Qt::NoBrush);
        QPen pen(kIsoOnDark, 1.0);
        pen.setCosmetic(true);
        painter.setPen(pen);
        painter.drawPath(field.isoLinesOnDark);
        pen.setColor(kIsoOnLight);
        painter.setPen(pen);
        painter.drawPath(field.isoLinesOnLight);
        if (m_showConvex) {
            QPen boundary(kConvexBoundary, 1.4, Qt::DashLine);
            boundary.setCosmetic(true);
            painter.setPen(boundary);
            painter.drawPath(field.convexBoundary);
        }
        painter.restore();
    } else {
        painter.setPen(QColor(220, 220, 220));
        painter.drawText(fr.plot, Qt::AlignCenter,
                         !m_objective ? tr("no landscape")
                         : !m_fieldError.isEmpty()
                             ? tr("the landscape could not be computed: %1").arg(m_fieldError)
                         : m_fieldCancelled ? tr("landscape cancelled: zoom, pan or "
                                                 "double-click to compute it")
                                            : tr("computing the landscape…"));
    }

    // Trajectory and markers.
    drawTrack(painter, fr, m_track, m_visibleSteps, m_showTrials);
    for (const auto& m : m_minima)
        if (m.x.size() >= 2)
            drawCross(painter, fr.toDevice(m.x[0], m.x[1]), 4.5);
    const std::size_t n = m_track.visibleCount(m_visibleSteps);
    std::optional<QPointF> start = m_start;
    if (!start && !m_track.points.empty())
        start = m_track.points.front();
    if (start) {
        const QPointF c = fr.toDevice(start->x(), start->y());
        painter.setBrush(Qt::NoBrush);
        painter.setPen(QPen(kHalo, 4.5));
        painter.drawEllipse(c, 6.0, 6.0);
        painter.setPen(QPen(Qt::white, 2.0));
        painter.drawEllipse(c, 6.0, 6.0);
    }
    for (const long s : m_track.switchSteps) {
        if (s < 0 || static_cast<std::size_t>(s) >= n)
            continue;
        const QPointF& q = m_track.points[static_cast<std::size_t>(s)];
        painter.setPen(QPen(Qt::white, 1.5, Qt::SolidLine, Qt::SquareCap, Qt::MiterJoin));
        painter.setBrush(kSwitchFill);
        painter.drawPolygon(star(fr.toDevice(q.x(), q.y()), 9.0, 4.0));
    }
    if (n >= 2) {
        const QPointF& q = m_track.points[n - 1];
        painter.setPen(QPen(Qt::white, 1.5));
        painter.setBrush(phaseColour(m_track.phases[n - 1]));
        painter.drawEllipse(fr.toDevice(q.x(), q.y()), 4.5, 4.5);
    }

    if (!m_caption.isEmpty()) {
        // Wrapped to the plot's width: a long caption (a projection's) takes two lines.
        const QRectF box =
            fm.boundingRect(QRectF(0, 0, std::max(fr.plot.width() - 22.0, 40.0), 1e4),
                            Qt::TextWordWrap, m_caption)
                .adjusted(-5, -2, 5, 2);
        const QRectF placed = box.translated(fr.plot.topLeft() - box.topLeft() + QPointF(6, 6));
        painter.setPen(Qt::NoPen);
        painter.setBrush(QColor(0, 0, 0, 150));
        painter.drawRoundedRect(placed, 3, 3);
        painter.setPen(Qt::white);
        painter.drawText(placed, Qt::AlignCenter | Qt::TextWordWrap, m_caption);
    }
    painter.restore(); // clip

    // Frame and axes.
    painter.setBrush(Qt::NoBrush);
    painter.setPen(QPen(text, 1.0));
    painter.drawRect(fr.plot);
    const double labelWidth = fm.horizontalAdvance(QStringLiteral("-0.000")) + 16.0;
    double step = 1.0;
    const auto xTicks =
        niceTicks(fr.box.xMin, fr.box.xMax,
                  std::max(2, static_cast<int>(fr.plot.width() / labelWidth)), &step);
    for (const double x : xTicks) {
        const double px = fr.toDevice(x, 0.0).x();
        painter.drawLine(QPointF(px, fr.plot.bottom()),
                         QPointF(px, fr.plot.bottom() + kTickLength));
        const QString label = tickLabel(x, step);
        const double w = fm.horizontalAdvance(label);
        painter.drawText(QPointF(px - w / 2.0, fr.plot.bottom() + kTickLength + fm.ascent() + 1.0),
                         label);
    }
    const auto yTicks =
        niceTicks(fr.box.yMin, fr.box.yMax,
                  std::max(2, static_cast<int>(fr.plot.height() / (2.5 * fm.height()))), &step);
    for (const double y : yTicks) {
        const double py = fr.toDevice(0.0, y).y();
        painter.drawLine(QPointF(fr.plot.left() - kTickLength, py), QPointF(fr.plot.left(), py));
        const QString label = tickLabel(y, step);
        const double w = fm.horizontalAdvance(label);
        painter.drawText(QPointF(fr.plot.left() - kTickLength - 3.0 - w,
                                 py + 0.5 * (fm.ascent() - fm.descent())),
                         label);
    }

    // Colour bar: position t of f − floor on the log scale, bottom (t = 0) to top (t = 1).
    painter.drawText(QRectF(fr.bar.left() - 10, fr.plot.top(), fr.bar.width() + 20, fm.height()),
                     Qt::AlignCenter, QStringLiteral("f"));
    if (field.valid()) {
        painter.drawImage(fr.bar, viridisStrip());
        painter.drawRect(fr.bar);
        const std::vector<double> ticks = logScaleTicks(field.scale);
        const QStringList labels = valueLabels(ticks);
        double lastY = std::numeric_limits<double>::infinity();
        for (std::size_t k = 0; k < ticks.size(); ++k) {
            const double y = fr.bar.bottom() - field.scale.position(ticks[k]) * fr.bar.height();
            if (lastY - y < 1.15 * fm.height())
                continue; // too close to the last label
            lastY = y;
            painter.drawLine(QPointF(fr.bar.right(), y), QPointF(fr.bar.right() + kTickLength, y));
            painter.drawText(
                QPointF(fr.bar.right() + kTickLength + 3.0, y + 0.5 * (fm.ascent() - fm.descent())),
                labels[static_cast<qsizetype>(k)]);
        }
    } else {
        painter.drawRect(fr.bar);
    }
    painter.restore();
}

void ContourView::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    render(painter, rect());
    if (m_progress < 100 && m_objective) {
        // Widget-only: how far the field being computed is.
        const Frame fr = makeFrame(QRectF(rect()), m_view, QFontMetricsF(font(), this));
        painter.fillRect(
            QRectF(fr.plot.left(), fr.plot.top(), fr.plot.width() * m_progress / 100.0, 2.0),
            QColor(255, 255, 255, 170));
    }
}

void ContourView::resizeEvent(QResizeEvent*) {
    scheduleField();
}

// --- mouse ---------------------------------------------------------------------------------------

bool ContourView::nearStart(const QPointF& widgetPos) const {
    if (!m_start || !m_startEditable)
        return false;
    const QPointF d = plotToWidget(*m_start) - widgetPos;
    return std::hypot(d.x(), d.y()) <= kStartGrab;
}

void ContourView::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton) {
        QWidget::mousePressEvent(event);
        return;
    }
    m_pressPos = event->position();
    m_pressView = m_view;
    m_drag = nearStart(m_pressPos) ? Drag::Start : Drag::Pending;
    if (m_drag == Drag::Start)
        setCursor(Qt::ClosedHandCursor);
}

void ContourView::mouseMoveEvent(QMouseEvent* event) {
    const QPointF pos = event->position();
    switch (m_drag) {
    case Drag::None:
        setCursor(nearStart(pos) ? Qt::OpenHandCursor : Qt::CrossCursor);
        emitHover(pos);
        return;
    case Drag::Start:
        m_start = widgetToPlot(pos);
        update();
        emitHover(pos);
        return;
    case Drag::Pending:
        if (std::abs(pos.x() - m_pressPos.x()) + std::abs(pos.y() - m_pressPos.y()) <= kClickSlop)
            return;
        m_drag = Drag::Pan;
        setCursor(Qt::ClosedHandCursor);
        [[fallthrough]];
    case Drag::Pan: {
        // Shift the view by the drag, at the scale the press saw.
        const Frame fr = makeFrame(QRectF(rect()), m_pressView, QFontMetricsF(font(), this));
        const double dx = (pos.x() - m_pressPos.x()) / fr.sx;
        const double dy = (pos.y() - m_pressPos.y()) / fr.sy;
        m_view = {m_pressView.xMin - dx, m_pressView.xMax - dx, m_pressView.yMin + dy,
                  m_pressView.yMax + dy};
        scheduleField();
        update();
        return;
    }
    }
}

void ContourView::mouseReleaseEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton) {
        QWidget::mouseReleaseEvent(event);
        return;
    }
    const Drag drag = m_drag;
    m_drag = Drag::None;
    setCursor(Qt::CrossCursor);
    const QPointF pos = event->position();
    if (drag == Drag::Start) {
        m_start = widgetToPlot(pos);
        update();
        Q_EMIT startPicked(*m_start);
    } else if (drag == Drag::Pending) {
        const Frame fr = makeFrame(QRectF(rect()), m_view, QFontMetricsF(font(), this));
        if (!fr.plot.contains(pos) || !m_startEditable)
            return;
        // A click picks the start, unless it turns out to be the first half of a double click.
        m_clickPlot = fr.toPlot(pos);
        m_clickTimer.start(QApplication::doubleClickInterval());
    }
}

void ContourView::mouseDoubleClickEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton)
        return;
    m_clickTimer.stop();
    m_drag = Drag::None;
    resetView();
}

void ContourView::wheelEvent(QWheelEvent* event) {
    const double notches = event->angleDelta().y() / 120.0;
    if (notches == 0.0)
        return;
    zoomAt(event->position(), std::pow(kWheelZoomPerNotch, notches));
    event->accept();
}

void ContourView::zoomAt(const QPointF& widgetPos, double factor) {
    const Frame fr = makeFrame(QRectF(rect()), m_view, QFontMetricsF(font(), this));
    const double domainSpan =
        std::max(span(m_domain.xMin, m_domain.xMax), span(m_domain.yMin, m_domain.yMax));
    const double viewSpan =
        std::max(span(fr.box.xMin, fr.box.xMax), span(fr.box.yMin, fr.box.yMax));
    factor = std::clamp(factor, kMinZoom * domainSpan / viewSpan, kMaxZoom * domainSpan / viewSpan);
    // The plot point under the cursor stays where it is: x' = p + (x − p)·factor.
    const QPointF p = fr.toPlot(widgetPos);
    const Box& b = fr.box;
    setViewBox({p.x() + (b.xMin - p.x()) * factor, p.x() + (b.xMax - p.x()) * factor,
                p.y() + (b.yMin - p.y()) * factor, p.y() + (b.yMax - p.y()) * factor});
}

void ContourView::emitHover(const QPointF& widgetPos) {
    if (!m_objective)
        return;
    const Frame fr = makeFrame(QRectF(rect()), m_view, QFontMetricsF(font(), this));
    if (!fr.plot.contains(widgetPos)) {
        Q_EMIT hoverLeft();
        return;
    }
    const QPointF p = fr.toPlot(widgetPos);
    Vector x(2);
    x << p.x(), p.y();
    double f = kNaN;
    double lambda = kNaN;
    try {
        // An objective that throws (a user's formula, say) must not end the event loop.
        f = m_objective->computeValue(x);
        Matrix h;
        if (m_objective->hasHessian() && m_objective->computeHessian(x, h))
            lambda = smallestEigenvalue(h);
    } catch (const std::exception&) {
        f = kNaN;
    }
    Q_EMIT hovered(p.x(), p.y(), f, lambda);
}

void ContourView::leaveEvent(QEvent*) {
    if (m_drag == Drag::None)
        setCursor(Qt::CrossCursor);
    Q_EMIT hoverLeft();
}

} // namespace cs::ui
