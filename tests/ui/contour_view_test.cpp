#include "ui/contour_view.h"

#include "core/test_function.h"

#include <QApplication>
#include <QDir>
#include <QImage>
#include <QMouseEvent>
#include <QPainter>
#include <QSignalSpy>
#include <QTest>
#include <QWheelEvent>

#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <stdexcept>

namespace cs::ui {
namespace {

constexpr int kFieldTimeoutMs = 20000;

// Set CS_CONTOUR_PNG_DIR to keep the rendered images for a look.
void keep(const QImage& image, const QString& name) {
    const QByteArray dir = qgetenv("CS_CONTOUR_PNG_DIR");
    if (!dir.isEmpty())
        image.save(QDir(QString::fromLocal8Bit(dir)).filePath(name + QStringLiteral(".png")));
}

QImage rendered(const ContourView& view, QSize size = {}) {
    if (size.isEmpty())
        size = view.size();
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::magenta);
    QPainter painter(&image);
    view.render(painter, image.rect());
    return image;
}

// Variance of the grey level inside a rectangle.
double greyVariance(const QImage& image, const QRect& area) {
    double sum = 0.0, sum2 = 0.0;
    long n = 0;
    for (int y = area.top(); y <= area.bottom(); ++y)
        for (int x = area.left(); x <= area.right(); ++x) {
            const double g = qGray(image.pixel(x, y));
            sum += g;
            sum2 += g * g;
            ++n;
        }
    const double mean = sum / n;
    return sum2 / n - mean * mean;
}

long differingPixels(const QImage& a, const QImage& b) {
    long n = 0;
    for (int y = 0; y < a.height(); ++y)
        for (int x = 0; x < a.width(); ++x)
            n += a.pixel(x, y) != b.pixel(x, y) ? 1 : 0;
    return n;
}

IterationRecord record(long step, double x, double y, int phase) {
    IterationRecord r;
    r.step = step;
    r.x = Vector(2);
    r.x << x, y;
    r.phase = phase;
    return r;
}

// Raises in computeValue: the renderer must report it, not crash.
class Broken : public Objective {
public:
    std::string name() const override { return "broken"; }
    int dimension() const override { return 2; }
    double computeValue(const Vector&) const override { throw std::runtime_error("no value"); }
    double computeValueAndGradient(const Vector& x, Vector&) const override {
        return computeValue(x);
    }
};

class ContourViewTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_view.resize(640, 520);
        m_view.show();
        ASSERT_TRUE(QTest::qWaitForWindowExposed(&m_view));
    }

    // Loads a test function and waits for its field; no failure may be reported.
    void load(const std::string& name) {
        std::shared_ptr<const TestFunction> f = makeTestFunction(name);
        QSignalSpy ready(&m_view, &ContourView::fieldReady);
        QSignalSpy failed(&m_view, &ContourView::fieldFailed);
        m_view.setLandscape(f, f->domain(), f->minima(), f->minimumValue());
        ASSERT_TRUE(ready.wait(kFieldTimeoutMs)) << "no field for " << name;
        EXPECT_EQ(failed.count(), 0);
        ASSERT_TRUE(m_view.hasField());
    }

    QRect plotArea() const {
        const Box b = m_view.visibleBox();
        return QRectF(m_view.plotToWidget({b.xMin, b.yMax}), m_view.plotToWidget({b.xMax, b.yMin}))
            .toRect()
            .adjusted(2, 2, -2, -2);
    }

    void sendMouse(QEvent::Type type, QPointF pos, Qt::MouseButton button,
                   Qt::MouseButtons buttons) {
        QMouseEvent event(type, pos, m_view.mapToGlobal(pos), button, buttons, Qt::NoModifier);
        QApplication::sendEvent(&m_view, &event);
    }

    ContourView m_view;
};

TEST_F(ContourViewTest, FieldArrivesAndIsNotBlank) {
    const QImage before = rendered(m_view);
    EXPECT_LT(greyVariance(before, plotArea()), 50.0) << "no landscape yet: a plain plot";
    load("rosenbrock");
    const QImage image = rendered(m_view);
    keep(image, "rosenbrock");
    EXPECT_GT(greyVariance(image, plotArea()), 400.0);

    // Viridis on log(f − f*): the valley floor near (1, 1) is dark, the corner (−2, −1) where
    // f ≈ 2509 is bright.
    const QPoint valley = m_view.plotToWidget({0.9, 0.81}).toPoint();
    const QPoint corner = m_view.plotToWidget({-1.95, -0.95}).toPoint();
    EXPECT_LT(qGray(image.pixel(valley)) + 60, qGray(image.pixel(corner)));

    // About one node per two device pixels.
    const QSize grid = m_view.fieldGridSize();
    EXPECT_NEAR(grid.width(), plotArea().width() * m_view.devicePixelRatioF() / 2.0, 8.0);
    EXPECT_GT(m_view.fieldSampleMs(), 0.0);
}

TEST_F(ContourViewTest, RenderDrawsOnlyIntoItsTarget) {
    load("himmelblau");
    QImage image(760, 640, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::magenta);
    {
        QPainter painter(&image);
        m_view.render(painter, QRect(60, 50, 640, 520));
    }
    keep(image, "himmelblau_offset");
    EXPECT_EQ(image.pixel(10, 10), QColor(Qt::magenta).rgb());
    EXPECT_EQ(image.pixel(755, 635), QColor(Qt::magenta).rgb());
    EXPECT_NE(image.pixel(380, 300), QColor(Qt::magenta).rgb());
    // An export of another size and aspect: with the view's own field the sides stay empty,
    // with a field computed for it the plot is covered.
    const QRect wide(0, 0, 1400, 800);
    QImage big(wide.size(), QImage::Format_ARGB32_Premultiplied);
    const auto field = m_view.fieldFor(wide);
    ASSERT_TRUE(field);
    {
        QPainter painter(&big);
        m_view.render(painter, wide, *field);
    }
    keep(big, "himmelblau_wide");
    const QImage stale = rendered(m_view, wide.size());
    const QRect leftEdge(120, 300, 60, 200);
    EXPECT_GT(greyVariance(big, leftEdge), 20.0); // a gradient with iso-lines, not a flat fill
    EXPECT_LT(greyVariance(stale, leftEdge), 1.0);
}

TEST_F(ContourViewTest, TrajectoryWithSwitchShowsTheMarker) {
    load("rosenbrock");
    m_view.setStart({-1.2, 1.0});
    std::vector<IterationRecord> batch;
    // A made-up path down to the minimum: phase 1 for five steps, then phase 2.
    for (int k = 0; k <= 10; ++k) {
        const double t = k / 10.0;
        batch.push_back(
            record(k, -1.2 + 2.2 * t, 1.0 - 0.9 * std::sin(3.0 * t) * (1 - t), k <= 5 ? 1 : 2));
    }
    batch[3].trials = {batch[3].x + Vector::Constant(2, 0.1),
                       batch[3].x - Vector::Constant(2, 0.1)};
    m_view.appendTrajectory(batch);
    EXPECT_FALSE(m_view.hasSwitchMarker());
    SwitchEvent e;
    e.step = 5;
    m_view.setSwitchEvents({e});
    EXPECT_TRUE(m_view.hasSwitchMarker());
    EXPECT_EQ(m_view.track().points.size(), 11u);
    EXPECT_EQ(m_view.track().trials.size(), 2u);

    const QImage image = rendered(m_view);
    keep(image, "rosenbrock_trajectory");
    // The switch star is filled pink; the current point (phase 2) cyan.
    const auto at = [&](long k) {
        return image.pixelColor(m_view.plotToWidget({batch[k].x[0], batch[k].x[1]}).toPoint());
    };
    const QColor star = at(5);
    EXPECT_GT(star.red(), 200);
    EXPECT_LT(star.green(), 110);
    const QColor current = at(10);
    EXPECT_LT(current.red(), 120);
    EXPECT_GT(current.blue(), 200);

    // Timeline replay: before the switch step there is no marker and the current point moves.
    m_view.setVisibleSteps(4);
    EXPECT_FALSE(m_view.hasSwitchMarker());
    const QImage early = rendered(m_view);
    EXPECT_GT(differingPixels(image, early), 50);
    m_view.setVisibleSteps(-1);
    EXPECT_TRUE(m_view.hasSwitchMarker());

    // Trial points are drawn only when asked for.
    m_view.setShowTrials(true);
    const QImage withTrials = rendered(m_view);
    keep(withTrials, "rosenbrock_trials");
    EXPECT_GT(differingPixels(image, withTrials), 4);

    m_view.clearTrajectory();
    EXPECT_FALSE(m_view.hasSwitchMarker());
    EXPECT_TRUE(m_view.track().points.empty());
}

TEST_F(ContourViewTest, ConvexRegionShadingFollowsTheHessian) {
    load("rosenbrock");
    const QImage plain = rendered(m_view);
    m_view.setShowConvexRegion(true);
    const QImage shaded = rendered(m_view);
    keep(shaded, "rosenbrock_convex");
    // (0, −0.5): y < x², ∇²f positive definite, tinted. (0, 2): not convex, unchanged.
    const QPoint convex = m_view.plotToWidget({0.0, -0.5}).toPoint();
    const QPoint concave = m_view.plotToWidget({-0.3, 2.2}).toPoint();
    EXPECT_GT(qGray(shaded.pixel(convex)), qGray(plain.pixel(convex)) + 10);
    EXPECT_EQ(shaded.pixel(concave), plain.pixel(concave));
}

TEST_F(ContourViewTest, CaptionIsDrawn) {
    load("booth");
    const QImage plain = rendered(m_view);
    m_view.setCaption(QStringLiteral("projection"));
    const QImage captioned = rendered(m_view);
    keep(captioned, "booth_caption");
    const QRect corner(plotArea().topLeft(), QSize(120, 30));
    EXPECT_GT(differingPixels(plain.copy(corner), captioned.copy(corner)), 50);
}

TEST_F(ContourViewTest, WheelZoomsAroundTheCursorAndResetRestores) {
    load("rosenbrock");
    const Box before = m_view.visibleBox();
    const QPointF cursor = m_view.plotToWidget({0.5, 0.5});
    const QPointF under = m_view.widgetToPlot(cursor);
    QSignalSpy ready(&m_view, &ContourView::fieldReady);
    QWheelEvent wheel(cursor, m_view.mapToGlobal(cursor), QPoint(), QPoint(0, 120), Qt::NoButton,
                      Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(&m_view, &wheel);
    const Box after = m_view.visibleBox();
    EXPECT_NEAR((after.xMax - after.xMin) / (before.xMax - before.xMin), 0.8, 1e-9);
    const QPointF stays = m_view.widgetToPlot(cursor);
    EXPECT_NEAR(stays.x(), under.x(), 1e-9);
    EXPECT_NEAR(stays.y(), under.y(), 1e-9);
    ASSERT_TRUE(ready.wait(kFieldTimeoutMs)) << "no field after zooming";

    m_view.resetView();
    EXPECT_DOUBLE_EQ(m_view.viewBox().xMin, -2.0);
    EXPECT_DOUBLE_EQ(m_view.viewBox().yMax, 3.0);

    // A double click resets too, and does not pick a start.
    QApplication::sendEvent(&m_view, &wheel);
    QSignalSpy picked(&m_view, &ContourView::startPicked);
    QTest::mouseDClick(&m_view, Qt::LeftButton, {}, cursor.toPoint());
    EXPECT_DOUBLE_EQ(m_view.viewBox().xMax, 2.0);
    EXPECT_FALSE(picked.wait(QApplication::doubleClickInterval() + 200));
}

TEST_F(ContourViewTest, ClickPicksTheStart) {
    load("rosenbrock");
    QSignalSpy picked(&m_view, &ContourView::startPicked);
    const QPoint pos = m_view.plotToWidget({0.5, 2.0}).toPoint();
    const QPointF expected = m_view.widgetToPlot(pos);
    QTest::mouseClick(&m_view, Qt::LeftButton, {}, pos);
    ASSERT_TRUE(picked.wait(QApplication::doubleClickInterval() + 2000));
    const QPointF p = picked.at(0).at(0).toPointF();
    EXPECT_NEAR(p.x(), expected.x(), 1e-9);
    EXPECT_NEAR(p.y(), expected.y(), 1e-9);
    EXPECT_NEAR(p.x(), 0.5, 0.02); // within a pixel
    EXPECT_NEAR(p.y(), 2.0, 0.02);
    ASSERT_TRUE(m_view.start());
    EXPECT_EQ(*m_view.start(), p);
}

TEST_F(ContourViewTest, DraggingTheStartMovesItAndDraggingElsewherePans) {
    load("rosenbrock");
    m_view.setStart({-1.2, 1.0});
    QSignalSpy picked(&m_view, &ContourView::startPicked);
    const QPointF from = m_view.plotToWidget({-1.2, 1.0});
    const QPointF to = from + QPointF(40, -30);
    sendMouse(QEvent::MouseButtonPress, from, Qt::LeftButton, Qt::LeftButton);
    sendMouse(QEvent::MouseMove, from + QPointF(20, -15), Qt::NoButton, Qt::LeftButton);
    sendMouse(QEvent::MouseMove, to, Qt::NoButton, Qt::LeftButton);
    sendMouse(QEvent::MouseButtonRelease, to, Qt::LeftButton, Qt::NoButton);
    ASSERT_EQ(picked.count(), 1);
    const QPointF p = picked.at(0).at(0).toPointF();
    EXPECT_NEAR(p.x(), m_view.widgetToPlot(to).x(), 1e-9);
    EXPECT_NEAR(p.y(), m_view.widgetToPlot(to).y(), 1e-9);
    const Box view = m_view.viewBox();
    EXPECT_DOUBLE_EQ(view.xMin, -2.0); // a start drag does not pan

    // A drag away from the start pans: the plot point under the press follows the mouse.
    const QPointF a = m_view.plotToWidget({1.0, -0.5});
    const QPointF grabbed = m_view.widgetToPlot(a);
    const QPointF b = a + QPointF(-60, 25);
    sendMouse(QEvent::MouseButtonPress, a, Qt::LeftButton, Qt::LeftButton);
    sendMouse(QEvent::MouseMove, b, Qt::NoButton, Qt::LeftButton);
    sendMouse(QEvent::MouseButtonRelease, b, Qt::LeftButton, Qt::NoButton);
    const QPointF now = m_view.widgetToPlot(b);
    EXPECT_NEAR(now.x(), grabbed.x(), 1e-9);
    EXPECT_NEAR(now.y(), grabbed.y(), 1e-9);
    EXPECT_FALSE(picked.wait(QApplication::doubleClickInterval() + 200)) << "a pan picked a start";
}

TEST_F(ContourViewTest, HoverReportsValueAndCurvature) {
    load("rosenbrock");
    QSignalSpy hovered(&m_view, &ContourView::hovered);
    const QPointF pos = m_view.plotToWidget({0.0, -0.5});
    sendMouse(QEvent::MouseMove, pos, Qt::NoButton, Qt::NoButton);
    ASSERT_EQ(hovered.count(), 1);
    const auto args = hovered.at(0);
    const double x = args.at(0).toDouble(), y = args.at(1).toDouble();
    EXPECT_NEAR(x, 0.0, 0.02);
    EXPECT_NEAR(args.at(2).toDouble(), (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x), 1e-9);
    EXPECT_GT(args.at(3).toDouble(), 0.0); // y < x²: positive definite
}

TEST_F(ContourViewTest, ObjectiveErrorIsReported) {
    QSignalSpy failed(&m_view, &ContourView::fieldFailed);
    m_view.setLandscape(std::make_shared<Broken>(), {0, 1, 0, 1}, {}, 0.0);
    ASSERT_TRUE(failed.wait(kFieldTimeoutMs));
    EXPECT_FALSE(m_view.hasField());
    EXPECT_GT(greyVariance(rendered(m_view), QRect(10, 10, 50, 50)), -1.0); // still paints
}

TEST_F(ContourViewTest, HoverOverAThrowingObjectiveReportsNaNAndLeavingClears) {
    m_view.setLandscape(std::make_shared<Broken>(), {0, 1, 0, 1}, {}, 0.0);
    QSignalSpy hovered(&m_view, &ContourView::hovered);
    QSignalSpy left(&m_view, &ContourView::hoverLeft);
    sendMouse(QEvent::MouseMove, m_view.plotToWidget({0.5, 0.5}), Qt::NoButton, Qt::NoButton);
    ASSERT_EQ(hovered.count(), 1) << "an objective that throws must not escape the event";
    EXPECT_TRUE(std::isnan(hovered.at(0).at(2).toDouble()));
    QEvent leave(QEvent::Leave);
    QCoreApplication::sendEvent(&m_view, &leave);
    EXPECT_EQ(left.count(), 1);
}

TEST_F(ContourViewTest, NegativeMinimumAndUnknownMinimumGetAScale) {
    // Styblinski–Tang: f* ≈ −78.3; also drawn with f* unknown (NaN).
    std::shared_ptr<const TestFunction> f = makeTestFunction("styblinski-tang");
    for (const double fMin : {f->minimumValue(), std::nan("")}) {
        QSignalSpy ready(&m_view, &ContourView::fieldReady);
        m_view.setLandscape(f, f->domain(), f->minima(), fMin);
        ASSERT_TRUE(ready.wait(kFieldTimeoutMs));
        const QImage image = rendered(m_view);
        keep(image, std::isnan(fMin) ? "styblinski_unknown_min" : "styblinski");
        EXPECT_GT(greyVariance(image, plotArea()), 400.0);
    }
}

} // namespace
} // namespace cs::ui
