#include "ui/decision_boundary_view.h"

#include "ui/axis_ticks.h"

#include <QFontMetricsF>
#include <QPainter>

#include <algorithm>
#include <cmath>
#include <limits>

namespace cs::ui {

namespace {

constexpr double kMargin = 8.0;
constexpr double kTickLength = 4.0;
constexpr double kPad = 0.08;        // share of the data range added on each side
constexpr double kLegendRoom = 0.3;  // 1D classification: room above the label-1 row
constexpr double kPointRadius = 3.2; // px
constexpr double kDecision = 0.5;
constexpr double kPaleness = 0.68; // the field's colours at p = 0 and 1: this much white

// Class 0 blue, class 1 orange (readable by colour-blind viewers), and pale versions for the
// field so that the points stand out on it.
const QColor kClass0(31, 119, 180);
const QColor kClass1(255, 127, 14);
const QColor kFit(200, 30, 60);
const QColor kPlotBackground(250, 250, 250);

QRgb blend(const QColor& a, const QColor& b, double t) {
    t = std::clamp(t, 0.0, 1.0);
    return qRgb(int(std::lround(a.red() + t * (b.red() - a.red()))),
                int(std::lround(a.green() + t * (b.green() - a.green()))),
                int(std::lround(a.blue() + t * (b.blue() - a.blue()))));
}

// p in [0, 1] → pale blue (0), white (½), pale orange (1).
QRgb fieldColour(double p) {
    static const QColor pale0 = QColor(blend(kClass0, Qt::white, kPaleness));
    static const QColor pale1 = QColor(blend(kClass1, Qt::white, kPaleness));
    if (!std::isfinite(p))
        return qRgb(128, 128, 128);
    return p < kDecision ? blend(pale0, Qt::white, p / kDecision)
                         : blend(Qt::white, pale1, (p - kDecision) / (1.0 - kDecision));
}

struct Frame {
    QRectF plot;
    Box box;
    QPointF toDevice(double x, double y) const {
        return {plot.left() + (x - box.xMin) / (box.xMax - box.xMin) * plot.width(),
                plot.bottom() - (y - box.yMin) / (box.yMax - box.yMin) * plot.height()};
    }
    QTransform transform() const {
        const double sx = plot.width() / (box.xMax - box.xMin);
        const double sy = plot.height() / (box.yMax - box.yMin);
        return QTransform(sx, 0.0, 0.0, -sy, plot.left() - box.xMin * sx,
                          plot.bottom() + box.yMin * sy);
    }
};

} // namespace

DecisionBoundaryView::DecisionBoundaryView(QWidget* parent) : QWidget(parent) {
    m_timer.setSingleShot(true);
    m_timer.setInterval(kRefreshMs);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        if (m_dirty)
            compute();
    });
    setToolTip(tr("What the network has learnt, in its input space: the output over the input "
                  "plane (blue: class 0, orange: class 1), the decision boundary p = ½ and the "
                  "training points; for 1D data the fitted curve over the points. Updated live "
                  "while it trains."));
}

void DecisionBoundaryView::setNetwork(std::shared_ptr<const Mlp> network) {
    m_network = std::move(network);
    if (!m_network || m_theta.size() != m_network->dimension())
        m_theta = m_network ? m_network->initialPoint(1) : Vector();
    m_hasPicture = false;
    m_image = QImage();
    m_boundary = QPainterPath();
    m_curve.clear();
    m_accuracy = std::numeric_limits<double>::quiet_NaN();
    fitBounds();
    m_dirty = true;
    compute();
}

void DecisionBoundaryView::setParameters(const Vector& theta) {
    if (!m_network || theta.size() != m_network->dimension())
        return;
    m_theta = theta;
    m_dirty = true;
    if (!m_timer.isActive()) {
        // The first change of a burst is shown at once, the rest at most every kRefreshMs.
        compute();
        m_timer.start();
    }
}

void DecisionBoundaryView::refreshNow() {
    m_timer.stop();
    compute();
}

bool DecisionBoundaryView::isRegression() const {
    return m_network && !m_network->dataset().isClassification;
}

bool DecisionBoundaryView::isOneDimensional() const {
    return m_network && m_network->dataset().inputDimension() == 1;
}

void DecisionBoundaryView::fitBounds() {
    if (!m_network)
        return;
    const Dataset& d = m_network->dataset();
    const Matrix& x = d.inputs;
    if (x.cols() == 0)
        return;
    const auto padded = [](double lo, double hi, double& outLo, double& outHi) {
        const double pad = kPad * std::max(hi - lo, 1e-9);
        outLo = lo - pad;
        outHi = hi + pad;
    };
    padded(x.row(0).minCoeff(), x.row(0).maxCoeff(), m_bounds.xMin, m_bounds.xMax);
    if (d.inputDimension() >= 2)
        padded(x.row(1).minCoeff(), x.row(1).maxCoeff(), m_bounds.yMin, m_bounds.yMax);
    else if (d.isClassification) { // labels 0 and 1, and the legend above them
        m_bounds.yMin = -kPad;
        m_bounds.yMax = 1.0 + kLegendRoom;
    } else {
        padded(d.targets.minCoeff(), d.targets.maxCoeff(), m_bounds.yMin, m_bounds.yMax);
    }
}

void DecisionBoundaryView::compute() {
    m_dirty = false;
    if (!m_network || m_theta.size() != m_network->dimension() || !m_theta.allFinite()) {
        m_hasPicture = false;
        update();
        return;
    }
    const Dataset& d = m_network->dataset();
    if (d.inputDimension() == 1) {
        Matrix xs(1, kCurvePoints);
        for (int i = 0; i < kCurvePoints; ++i)
            xs(0, i) = m_bounds.xMin + (m_bounds.xMax - m_bounds.xMin) * i / (kCurvePoints - 1);
        const Eigen::RowVectorXd y = m_network->predict(m_theta, xs);
        m_curve.clear();
        for (int i = 0; i < kCurvePoints; ++i)
            m_curve.emplace_back(xs(0, i), y[i]);
    } else if (d.inputDimension() == 2) {
        m_output = ScalarGrid(m_bounds, kGridNodes, kGridNodes);
        Matrix xs(2, kGridNodes * kGridNodes);
        for (int j = 0; j < kGridNodes; ++j)
            for (int i = 0; i < kGridNodes; ++i) {
                xs(0, j * kGridNodes + i) = m_output.x(i);
                xs(1, j * kGridNodes + i) = m_output.y(j);
            }
        const Eigen::RowVectorXd p = m_network->predict(m_theta, xs);
        std::copy(p.data(), p.data() + p.size(), m_output.values.begin());
        m_image = QImage(kGridNodes, kGridNodes, QImage::Format_RGB32);
        for (int j = 0; j < kGridNodes; ++j) {
            auto* line = reinterpret_cast<QRgb*>(m_image.scanLine(kGridNodes - 1 - j));
            for (int i = 0; i < kGridNodes; ++i)
                line[i] = fieldColour(m_output.at(i, j));
        }
        m_boundary = QPainterPath();
        for (const IsoLine& l : isoLines(m_output, kDecision)) {
            if (l.points.size() < 2)
                continue;
            m_boundary.moveTo(l.points[0].x, l.points[0].y);
            for (std::size_t k = 1; k < l.points.size(); ++k)
                m_boundary.lineTo(l.points[k].x, l.points[k].y);
            if (l.closed)
                m_boundary.closeSubpath();
        }
    } else {
        m_hasPicture = false;
        update();
        return;
    }
    m_accuracy = m_network->accuracy(m_theta);
    m_hasPicture = true;
    update();
}

void DecisionBoundaryView::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    render(painter, rect());
}

void DecisionBoundaryView::render(QPainter& painter, const QRect& target) const {
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    const QFontMetricsF fm(painter.font(), painter.device());
    const QColor text = palette().color(QPalette::WindowText);
    painter.fillRect(target, palette().color(QPalette::Window));
    painter.setPen(text);

    const bool oneD = isOneDimensional();
    QString title;
    if (!m_network)
        title = tr("Decision boundary");
    else if (oneD)
        title = isRegression() ? tr("Fit: network output over the data")
                               : tr("Output p(class 1) over the data");
    else
        title = tr("Decision boundary");
    if (m_hasPicture && std::isfinite(m_accuracy))
        title += tr(" · accuracy %1 %").arg(100.0 * m_accuracy, 0, 'f', 1);
    const QRectF titleRect(target.left() + kMargin, target.top() + 2.0,
                           target.width() - 2 * kMargin, fm.height() + 2.0);
    painter.drawText(titleRect, Qt::AlignLeft | Qt::AlignVCenter,
                     fm.elidedText(title, Qt::ElideRight, titleRect.width()));

    const double left = fm.horizontalAdvance(QStringLiteral("-0.00")) + kTickLength + kMargin;
    const double bottom = fm.height() + kTickLength + kMargin;
    Frame fr;
    fr.plot = QRectF(target.left() + left, titleRect.bottom() + 4.0,
                     std::max(target.width() - left - kMargin - 4.0, 10.0),
                     std::max(target.bottom() - titleRect.bottom() - 4.0 - bottom, 10.0));
    fr.box = m_bounds;
    painter.fillRect(fr.plot, kPlotBackground);

    if (!m_network || !m_hasPicture || !(m_bounds.xMax > m_bounds.xMin) ||
        !(m_bounds.yMax > m_bounds.yMin)) {
        painter.drawText(fr.plot, Qt::AlignCenter,
                         m_network ? tr("no picture for these parameters")
                                   : tr("pick a network problem to see what it learns"));
        painter.drawRect(fr.plot);
        painter.restore();
        return;
    }

    const Dataset& d = m_network->dataset();
    painter.save();
    painter.setClipRect(fr.plot);
    if (!oneD) {
        const double hx = 0.5 * (m_bounds.xMax - m_bounds.xMin) / (kGridNodes - 1);
        const double hy = 0.5 * (m_bounds.yMax - m_bounds.yMin) / (kGridNodes - 1);
        painter.drawImage(QRectF(fr.toDevice(m_bounds.xMin - hx, m_bounds.yMax + hy),
                                 fr.toDevice(m_bounds.xMax + hx, m_bounds.yMin - hy)),
                          m_image);
        painter.save();
        painter.setWorldTransform(fr.transform(), true);
        QPen boundary(QColor(20, 20, 20), 2.0);
        boundary.setCosmetic(true);
        painter.setPen(boundary);
        painter.setBrush(Qt::NoBrush);
        painter.drawPath(m_boundary);
        painter.restore();
    } else if (!isRegression()) {
        QPen half(QColor(120, 120, 120), 1.0, Qt::DashLine);
        painter.setPen(half);
        painter.drawLine(fr.toDevice(m_bounds.xMin, kDecision),
                         fr.toDevice(m_bounds.xMax, kDecision));
    }

    // The training points, thinned evenly beyond kMaxDrawnPoints.
    const Eigen::Index n = d.size();
    const Eigen::Index stride =
        std::max<Eigen::Index>(1, (n + kMaxDrawnPoints - 1) / kMaxDrawnPoints);
    for (Eigen::Index k = 0; k < n; k += stride) {
        const double x = d.inputs(0, k);
        const double y = oneD ? d.targets[k] : d.inputs(1, k);
        const QPointF c = fr.toDevice(x, y);
        if (isRegression()) {
            painter.setPen(Qt::NoPen);
            painter.setBrush(QColor(60, 60, 60, 150));
        } else {
            painter.setPen(QPen(Qt::white, 0.8));
            painter.setBrush(d.targets[k] > kDecision ? kClass1 : kClass0);
        }
        painter.drawEllipse(c, kPointRadius, kPointRadius);
    }
    if (oneD && !m_curve.empty()) {
        QPolygonF curve;
        for (const QPointF& p : m_curve)
            curve << fr.toDevice(
                p.x(), std::clamp(p.y(), m_bounds.yMin - 10.0 * (m_bounds.yMax - m_bounds.yMin),
                                  m_bounds.yMax + 10.0 * (m_bounds.yMax - m_bounds.yMin)));
        painter.setBrush(Qt::NoBrush);
        painter.setPen(QPen(kFit, 2.2));
        painter.drawPolyline(curve);
    }

    // Legend, top right inside the plot.
    {
        struct Entry {
            QString label;
            QColor colour;
            bool line;
        };
        std::vector<Entry> entries;
        if (isRegression()) {
            entries = {{tr("data"), QColor(60, 60, 60), false}, {tr("network"), kFit, true}};
        } else {
            entries = {{tr("class 0"), kClass0, false}, {tr("class 1"), kClass1, false}};
            entries.push_back(oneD ? Entry{tr("p(class 1)"), kFit, true}
                                   : Entry{tr("p = ½"), QColor(20, 20, 20), true});
        }
        double w = 0.0;
        for (const auto& e : entries)
            w = std::max(w, fm.horizontalAdvance(e.label));
        const double rowH = fm.height();
        const QRectF box(fr.plot.right() - w - 36.0, fr.plot.top() + 6.0, w + 30.0,
                         rowH * entries.size() + 6.0);
        painter.setPen(QPen(QColor(0, 0, 0, 60)));
        painter.setBrush(QColor(255, 255, 255, 240));
        painter.drawRoundedRect(box, 3, 3);
        for (std::size_t i = 0; i < entries.size(); ++i) {
            const double y = box.top() + 3.0 + rowH * (i + 0.5);
            const QPointF mark(box.left() + 11.0, y);
            if (entries[i].line) {
                painter.setPen(QPen(entries[i].colour, 2.0));
                painter.drawLine(mark - QPointF(7, 0), mark + QPointF(7, 0));
            } else {
                painter.setPen(QPen(Qt::white, 0.8));
                painter.setBrush(entries[i].colour);
                painter.drawEllipse(mark, kPointRadius + 0.5, kPointRadius + 0.5);
            }
            painter.setPen(QColor(20, 20, 20));
            painter.drawText(QPointF(box.left() + 24.0, y + 0.5 * (fm.ascent() - fm.descent())),
                             entries[i].label);
        }
    }
    painter.restore(); // clip

    // Frame and ticks.
    painter.setBrush(Qt::NoBrush);
    painter.setPen(QPen(text, 1.0));
    painter.drawRect(fr.plot);
    double step = 1.0;
    const double labelWidth = fm.horizontalAdvance(QStringLiteral("-0.00")) + 14.0;
    for (const double x : niceTicks(m_bounds.xMin, m_bounds.xMax,
                                    std::max(2, int(fr.plot.width() / labelWidth)), &step)) {
        const double px = fr.toDevice(x, 0.0).x();
        painter.drawLine(QPointF(px, fr.plot.bottom()),
                         QPointF(px, fr.plot.bottom() + kTickLength));
        const QString label = tickLabel(x, step);
        painter.drawText(QPointF(px - fm.horizontalAdvance(label) / 2.0,
                                 fr.plot.bottom() + kTickLength + fm.ascent() + 1.0),
                         label);
    }
    for (const double y :
         niceTicks(m_bounds.yMin, m_bounds.yMax,
                   std::max(2, int(fr.plot.height() / (2.2 * fm.height()))), &step)) {
        const double py = fr.toDevice(0.0, y).y();
        painter.drawLine(QPointF(fr.plot.left() - kTickLength, py), QPointF(fr.plot.left(), py));
        const QString label = tickLabel(y, step);
        painter.drawText(QPointF(fr.plot.left() - kTickLength - 3.0 - fm.horizontalAdvance(label),
                                 py + 0.5 * (fm.ascent() - fm.descent())),
                         label);
    }
    painter.restore();
}

} // namespace cs::ui
