#include "core/contour.h"

#include "core/test_function.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <functional>
#include <limits>

namespace cs {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// A plane function given by a lambda, for fields with known iso-lines. No Hessian.
class PlaneField : public Objective {
public:
    explicit PlaneField(std::function<double(double, double)> f) : m_f(std::move(f)) {}
    std::string name() const override { return "plane-field"; }
    int dimension() const override { return 2; }
    double computeValue(const Vector& x) const override { return m_f(x[0], x[1]); }
    double computeValueAndGradient(const Vector& x, Vector& grad) const override {
        grad = Vector::Zero(2);
        return m_f(x[0], x[1]);
    }

private:
    std::function<double(double, double)> m_f;
};

ScalarGrid sampled(const Objective& f, const Box& box, int nx, int ny) {
    ScalarGrid grid(box, nx, ny);
    EXPECT_TRUE(sampleGrid(f, GridQuantity::Value, grid));
    return grid;
}

TEST(ScalarGrid, NodesSpanTheBoxAndInterpolationIsExactForPlanes) {
    const PlaneField plane([](double x, double y) { return 2.0 * x - 3.0 * y + 1.0; });
    const ScalarGrid grid = sampled(plane, {-1.0, 3.0, 0.0, 2.0}, 5, 9);
    EXPECT_DOUBLE_EQ(grid.x(0), -1.0);
    EXPECT_DOUBLE_EQ(grid.x(4), 3.0);
    EXPECT_DOUBLE_EQ(grid.y(8), 2.0);
    EXPECT_DOUBLE_EQ(grid.at(2, 4), 2.0 * 1.0 - 3.0 * 1.0 + 1.0);
    EXPECT_NEAR(grid.interpolate(0.37, 1.61), 2.0 * 0.37 - 3.0 * 1.61 + 1.0, 1e-12);
    EXPECT_TRUE(std::isnan(grid.interpolate(3.5, 1.0)));
}

TEST(ScalarGrid, RejectsDegenerateSizes) {
    EXPECT_THROW(ScalarGrid({0, 1, 0, 1}, 1, 5), std::invalid_argument);
}

TEST(SampleGrid, ThreadsGiveTheSameValuesAsOneThread) {
    const auto rosenbrock = makeTestFunction("rosenbrock");
    const Box box = rosenbrock->domain();
    ScalarGrid one(box, 33, 29), three(box, 33, 29);
    ASSERT_TRUE(sampleGrid(*rosenbrock, GridQuantity::Value, one));
    SampleOptions options;
    options.threads = 3;
    int lastDone = 0;
    options.progress = [&](int done, int rows) {
        EXPECT_EQ(rows, 29);
        EXPECT_GT(done, lastDone);
        lastDone = done;
    };
    ASSERT_TRUE(sampleGrid(*rosenbrock, GridQuantity::Value, three, options));
    EXPECT_EQ(one.values, three.values);
    EXPECT_GE(lastDone, 29 / 3);
    Vector p(2);
    p << one.x(7), one.y(11);
    EXPECT_DOUBLE_EQ(one.at(7, 11), rosenbrock->computeValue(p));
}

TEST(SampleGrid, CancelStopsAndReportsFalse) {
    const auto rosenbrock = makeTestFunction("rosenbrock");
    std::atomic<bool> cancel{true};
    SampleOptions options;
    options.cancel = &cancel;
    ScalarGrid grid(rosenbrock->domain(), 16, 16);
    EXPECT_FALSE(sampleGrid(*rosenbrock, GridQuantity::Value, grid, options));
}

TEST(SampleGrid, MinEigenvalueMarksRosenbrocksConvexRegion) {
    // ∇²f is positive definite exactly where y < x² + 0.005 (det H = 80000(x² − y) + 400).
    const auto rosenbrock = makeTestFunction("rosenbrock");
    ScalarGrid lambda(rosenbrock->domain(), 41, 41);
    SampleOptions options;
    options.threads = 2;
    ASSERT_TRUE(sampleGrid(*rosenbrock, GridQuantity::MinEigenvalue, lambda, options));
    int checked = 0;
    for (int j = 0; j < lambda.ny; ++j) {
        for (int i = 0; i < lambda.nx; ++i) {
            const double margin = lambda.y(j) - (lambda.x(i) * lambda.x(i) + 0.005);
            if (std::abs(margin) < 0.05)
                continue;
            EXPECT_EQ(lambda.at(i, j) > 0.0, margin < 0.0) << lambda.x(i) << ", " << lambda.y(j);
            ++checked;
        }
    }
    EXPECT_GT(checked, 1000);
}

TEST(SampleGrid, MinEigenvalueWithoutHessianIsNaN) {
    const PlaneField plane([](double x, double y) { return x * y; });
    ScalarGrid grid({0, 1, 0, 1}, 4, 4);
    ASSERT_TRUE(sampleGrid(plane, GridQuantity::MinEigenvalue, grid));
    for (const double v : grid.values)
        EXPECT_TRUE(std::isnan(v));
}

TEST(SampleGrid, RejectsObjectivesThatAreNotTwoDimensional) {
    class Line : public PlaneField {
    public:
        Line() : PlaneField([](double x, double) { return x; }) {}
        int dimension() const override { return 1; }
    } line;
    ScalarGrid grid({0, 1, 0, 1}, 4, 4);
    EXPECT_THROW(sampleGrid(line, GridQuantity::Value, grid), std::invalid_argument);
}

TEST(IsoLines, CircleGivesOneClosedLineAtTheRightRadius) {
    const PlaneField paraboloid([](double x, double y) { return x * x + y * y; });
    const ScalarGrid grid = sampled(paraboloid, {-2.0, 2.0, -2.0, 2.0}, 101, 101);
    for (const double r : {0.5, 1.0, 1.5}) {
        const auto lines = isoLines(grid, r * r);
        ASSERT_EQ(lines.size(), 1u) << "r = " << r;
        EXPECT_TRUE(lines[0].closed);
        EXPECT_DOUBLE_EQ(lines[0].level, r * r);
        // A circle of radius r crosses about 2·(2r/h) columns and as many rows (h = 0.04).
        EXPECT_GT(lines[0].points.size(), static_cast<std::size_t>(3.0 * r / 0.04));
        for (const auto& p : lines[0].points)
            EXPECT_NEAR(std::hypot(p.x, p.y), r, 2e-3) << "r = " << r;
    }
}

TEST(IsoLines, SeveralLevelsKeepTheirLevel) {
    const PlaneField paraboloid([](double x, double y) { return x * x + y * y; });
    const ScalarGrid grid = sampled(paraboloid, {-2.0, 2.0, -2.0, 2.0}, 64, 64);
    const auto lines = isoLines(grid, {0.25, 1.0, 2.25, 100.0});
    ASSERT_EQ(lines.size(), 3u); // 100 is above every node
    EXPECT_DOUBLE_EQ(lines[0].level, 0.25);
    EXPECT_DOUBLE_EQ(lines[2].level, 2.25);
    for (const auto& line : lines)
        EXPECT_TRUE(line.closed);
}

TEST(IsoLines, PlaneGivesOneOpenLineAcrossTheBox) {
    const PlaneField plane([](double x, double) { return x; });
    const ScalarGrid grid = sampled(plane, {0.0, 1.0, -1.0, 1.0}, 11, 21);
    const auto lines = isoLines(grid, 0.33);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_FALSE(lines[0].closed);
    ASSERT_EQ(lines[0].points.size(), 21u); // one crossing per row of nodes
    for (const auto& p : lines[0].points)
        EXPECT_NEAR(p.x, 0.33, 1e-12);
    const double y0 = lines[0].points.front().y;
    const double y1 = lines[0].points.back().y;
    EXPECT_DOUBLE_EQ(std::min(y0, y1), -1.0);
    EXPECT_DOUBLE_EQ(std::max(y0, y1), 1.0);
}

TEST(IsoLines, SaddleCellIsResolvedByTheCentreValue) {
    // f = xy with the origin at the centre of a cell: near level 0 every line through the centre
    // cell is a saddle case. f = +ε has branches in quadrants 1 and 3, f = −ε in 2 and 4; the
    // mean of the corners (0) must keep the branches apart instead of joining them.
    const PlaneField saddle([](double x, double y) { return x * y; });
    const ScalarGrid grid = sampled(saddle, {-1.0, 1.0, -1.0, 1.0}, 20, 20);
    for (const double level : {1e-3, -1e-3}) {
        const auto lines = isoLines(grid, level);
        ASSERT_EQ(lines.size(), 2u) << "level " << level;
        for (const auto& line : lines) {
            EXPECT_FALSE(line.closed);
            double xSign = 0.0;
            for (const auto& p : line.points) {
                EXPECT_GT(p.x * p.y * level, 0.0) << "a branch crossed the saddle at level "
                                                  << level << ": (" << p.x << ", " << p.y << ")";
                xSign += p.x;
            }
            EXPECT_NE(xSign, 0.0);
        }
        // One branch on each side of the y axis.
        EXPECT_LT(lines[0].points.front().x * lines[1].points.front().x, 0.0);
    }
}

TEST(IsoLines, SingleSaddleCellPairsCornersByItsMean) {
    // Corners (0,0) = 1, (1,0) = 0, (1,1) = 1, (0,1) = 0; mean 0.5.
    ScalarGrid grid({0.0, 1.0, 0.0, 1.0}, 2, 2);
    grid.at(0, 0) = 1.0, grid.at(1, 0) = 0.0, grid.at(1, 1) = 1.0, grid.at(0, 1) = 0.0;
    // Level 0.4: centre above, the high corners connect, the segments cut off the low corners
    // (1, 0) and (0, 1).
    const auto low = isoLines(grid, 0.4);
    ASSERT_EQ(low.size(), 2u);
    for (const auto& line : low) {
        ASSERT_EQ(line.points.size(), 2u);
        const double mx = 0.5 * (line.points[0].x + line.points[1].x);
        const double my = 0.5 * (line.points[0].y + line.points[1].y);
        EXPECT_GT(std::abs(mx - my), 0.5) << "segment should hug (1,0) or (0,1)";
    }
    // Level 0.6: centre below, the segments cut off the high corners (0, 0) and (1, 1).
    const auto lines = isoLines(grid, 0.6);
    ASSERT_EQ(lines.size(), 2u);
    for (const auto& line : lines) {
        const double mx = 0.5 * (line.points[0].x + line.points[1].x);
        const double my = 0.5 * (line.points[0].y + line.points[1].y);
        EXPECT_NEAR(mx, my, 1e-12) << "segment should hug (0,0) or (1,1)";
    }
}

TEST(IsoLines, NaNCellsAreSkipped) {
    // The paraboloid with a hole of NaN for x > 0.5: the circle of radius 1 is cut open.
    const PlaneField holed(
        [](double x, double y) { return x > 0.5 ? std::nan("") : x * x + y * y; });
    const ScalarGrid grid = sampled(holed, {-2.0, 2.0, -2.0, 2.0}, 81, 81);
    const auto lines = isoLines(grid, 1.0);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_FALSE(lines[0].closed);
    for (const auto& p : lines[0].points) {
        EXPECT_TRUE(std::isfinite(p.x) && std::isfinite(p.y));
        EXPECT_LE(p.x, 0.5);
    }

    ScalarGrid empty({0, 1, 0, 1}, 8, 8); // all NaN
    EXPECT_TRUE(isoLines(empty, 0.0).empty());
}

TEST(LogScale, PositionAndValueAreInverse) {
    const LogScale s{-2.0, 1e-3, 1e3};
    EXPECT_DOUBLE_EQ(s.decades(), 6.0);
    EXPECT_DOUBLE_EQ(s.position(-2.0 + 1e-3), 0.0);
    EXPECT_DOUBLE_EQ(s.position(-2.0 + 1.0), 0.5);
    EXPECT_DOUBLE_EQ(s.position(-2.0 + 1e3), 1.0);
    EXPECT_DOUBLE_EQ(s.position(-5.0), 0.0); // below the floor: clamped
    EXPECT_DOUBLE_EQ(s.position(1e9), 1.0);
    EXPECT_TRUE(std::isnan(s.position(kNaN)));
    for (const double t : {0.0, 0.1, 0.77, 1.0})
        EXPECT_NEAR(s.position(s.valueAt(t)), t, 1e-12);
}

TEST(LogScale, FitUsesTheKnownMinimumOrTheGridMinimum) {
    const PlaneField shifted([](double x, double y) { return x * x + y * y - 7.0; });
    const ScalarGrid grid = sampled(shifted, {0.5, 2.0, 0.5, 2.0}, 16, 16);
    // f* unknown: the grid minimum (f(0.5, 0.5) = −6.5) is the floor.
    const LogScale unknown = fitLogScale(grid, kNaN, 0.0);
    EXPECT_DOUBLE_EQ(unknown.floor, -6.5);
    EXPECT_DOUBLE_EQ(unknown.dHigh, 8.0 - 7.0 + 6.5);
    // The smallest positive f − floor on the grid: the node (0.6, 0.5), h = 0.1.
    EXPECT_NEAR(unknown.dLow, 0.6 * 0.6 + 0.25 - 0.5, 1e-12);
    // f* = −7 known (outside this box): the floor, so the grid minimum is half a unit above it.
    const LogScale known = fitLogScale(grid, -7.0, 0.0);
    EXPECT_DOUBLE_EQ(known.floor, -7.0);
    EXPECT_DOUBLE_EQ(known.dLow, 0.5);
    // A "known" minimum above the grid minimum is not trusted.
    EXPECT_DOUBLE_EQ(fitLogScale(grid, 0.0).floor, -6.5);
}

TEST(LogScale, FitCapsTheNumberOfDecades) {
    ScalarGrid grid({0, 1, 0, 1}, 2, 2);
    grid.values = {0.0, 1e-30, 10.0, 100.0};
    const LogScale s = fitLogScale(grid, 0.0, 0.0, 8.0);
    EXPECT_DOUBLE_EQ(s.dHigh, 100.0);
    EXPECT_NEAR(s.decades(), 8.0, 1e-12);
}

TEST(LogScale, FitTakesALowQuantileAsTheBottom) {
    // f − floor = 1, 2, …, 100 over the nodes.
    ScalarGrid grid({0, 1, 0, 1}, 10, 10);
    for (std::size_t k = 0; k < grid.values.size(); ++k)
        grid.values[k] = static_cast<double>(k + 1);
    const LogScale s = fitLogScale(grid, 0.0, 0.1);
    EXPECT_DOUBLE_EQ(s.dHigh, 100.0);
    EXPECT_DOUBLE_EQ(s.dLow, 10.0); // index ⌊0.1·99⌋ = 9 of 1 … 100
    EXPECT_DOUBLE_EQ(fitLogScale(grid, 0.0, 0.0).dLow, 1.0);
}

TEST(LogScale, FitOfConstantOrEmptyGridsIsUsable) {
    ScalarGrid constant({0, 1, 0, 1}, 3, 3);
    std::fill(constant.values.begin(), constant.values.end(), 4.0);
    const LogScale c = fitLogScale(constant, kNaN);
    EXPECT_GT(c.dHigh, c.dLow);
    EXPECT_NEAR(c.position(4.0), 0.5, 1e-12);
    const LogScale e = fitLogScale(ScalarGrid({0, 1, 0, 1}, 3, 3), kNaN);
    EXPECT_GT(e.dHigh, e.dLow);
}

TEST(LogSpacedLevels, EqualRatiosInsideTheScale) {
    const LogScale s{-3.0, 1e-3, 1e3}; // six decades
    const auto levels = logSpacedLevels(s, 24);
    // Four levels per decade, strictly between dLow and dHigh: 10^(k/4), k = −11 … 11.
    ASSERT_EQ(levels.size(), 23u);
    const double ratio = std::pow(10.0, 0.25);
    for (std::size_t k = 0; k < levels.size(); ++k) {
        const double d = levels[k] - s.floor;
        EXPECT_GT(d, s.dLow);
        EXPECT_LT(d, s.dHigh);
        if (k > 0) {
            EXPECT_NEAR(d / (levels[k - 1] - s.floor), ratio, 1e-9);
        }
    }
    EXPECT_NEAR(levels[11] - s.floor, 1.0, 1e-12);
}

TEST(LogSpacedLevels, NarrowRangesStillGetAboutTheTargetCount) {
    const LogScale s{0.0, 100.0, 150.0}; // a zoomed-in view: 0.18 decades
    const auto levels = logSpacedLevels(s, 20);
    EXPECT_GE(levels.size(), 15u);
    EXPECT_LE(levels.size(), 25u);
    EXPECT_TRUE(logSpacedLevels(LogScale{0.0, 1.0, 1.0}, 20).empty());
}

TEST(LogScaleTicks, DecadesOrFinerSteps) {
    const auto wide = logScaleTicks(LogScale{0.0, 3e-4, 2e3});
    ASSERT_EQ(wide.size(), 7u); // 1e-3 … 1e3
    EXPECT_NEAR(wide.front(), 1e-3, 1e-18);
    EXPECT_NEAR(wide.back(), 1e3, 1e-9);

    const auto narrow = logScaleTicks(LogScale{10.0, 0.3, 40.0});
    // 0.5, 1, 2, 5, 10, 20 above the floor.
    ASSERT_EQ(narrow.size(), 6u);
    EXPECT_NEAR(narrow.front(), 10.5, 1e-12);
    EXPECT_NEAR(narrow.back(), 30.0, 1e-12);

    // Styblinski–Tang's f* = −78.33: round values of f, not f* + 10^k.
    const LogScale shifted{-78.33, 0.5, 200.0};
    const auto round = logScaleTicks(shifted);
    ASSERT_GE(round.size(), 5u);
    for (std::size_t k = 0; k < round.size(); ++k) {
        const double unit = std::pow(10.0, std::floor(std::log10(round[k] - shifted.floor)));
        EXPECT_NEAR(std::remainder(round[k], std::min(unit, 100.0)), 0.0, 1e-9) << round[k];
        EXPECT_GE(round[k] - shifted.floor, shifted.dLow);
        EXPECT_LE(round[k] - shifted.floor, shifted.dHigh);
        if (k > 0) {
            EXPECT_GT(round[k], round[k - 1]);
        }
    }

    const auto tiny = logScaleTicks(LogScale{0.0, 100.0, 150.0});
    EXPECT_GE(tiny.size(), 2u);
    for (const double t : tiny) {
        EXPECT_GE(t, 100.0);
        EXPECT_LE(t, 150.0 + 1e-9);
    }
}

} // namespace
} // namespace cs
