// Convexity criteria on synthetic histories: a pure quadratic, a concave stretch, a saddle,
// noisy gradients. Each history is fed to a ConvexityMonitor point by point, as a run would.

#include "core/convexity.h"

#include "core/test_tools.h"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <set>

namespace cs {
namespace {

// f(x) = ½ xᵀAx with the exact Hessian A (indefinite or negative definite allowed).
class QuadraticForm : public Objective {
public:
    explicit QuadraticForm(Matrix a, bool exactHessian = true)
        : m_a(std::move(a)), m_exact(exactHessian) {}
    std::string name() const override { return "quadratic-form"; }
    int dimension() const override { return static_cast<int>(m_a.rows()); }
    double computeValue(const Vector& x) const override { return 0.5 * x.dot(m_a * x); }
    double computeValueAndGradient(const Vector& x, Vector& g) const override {
        g = m_a * x;
        return 0.5 * x.dot(g);
    }
    bool hasHessian() const override { return m_exact; }
    bool computeHessian(const Vector&, Matrix& h) const override {
        if (!m_exact)
            return false;
        h = m_a;
        return true;
    }

private:
    Matrix m_a;
    bool m_exact;
};

Matrix diag2(double a, double b) {
    Matrix m = Matrix::Zero(2, 2);
    m(0, 0) = a;
    m(1, 1) = b;
    return m;
}

Vector vec2(double a, double b) {
    Vector v(2);
    v << a, b;
    return v;
}

// Feeds `steps` steps x ← x − step(g) on `f` (start included) to `monitor`.
template <typename Step>
void feedDescent(ConvexityMonitor& monitor, Objective& f, Vector x, int steps, Step step) {
    monitor.reset(&f);
    Vector g;
    double fx = f.computeValueAndGradient(x, g);
    monitor.observe(x, fx, g);
    for (int k = 0; k < steps; ++k) {
        x -= step(g);
        fx = f.computeValueAndGradient(x, g);
        monitor.observe(x, fx, g);
    }
}

// Gradient descent x ← x − ηg.
void feedGradientDescent(ConvexityMonitor& monitor, Objective& f, Vector x, double eta, int steps) {
    feedDescent(monitor, f, std::move(x), steps,
                [eta](const Vector& g) { return Vector(eta * g); });
}

TEST(ConvexityCriteria, PureQuadraticScoresNearOne) {
    QuadraticForm f(diag2(1.0, 4.0));
    ConvexityMonitor monitor;
    feedGradientDescent(monitor, f, vec2(3.0, 2.0), 0.1, 30);
    EXPECT_GE(monitor.score(CriterionKind::Secant), 0.99);
    EXPECT_GE(monitor.score(CriterionKind::CoordinateSecant), 0.99);
    EXPECT_GE(monitor.score(CriterionKind::DescentRatio), 0.9);
    EXPECT_GE(monitor.score(CriterionKind::GradSmooth), 0.9);
    EXPECT_GE(monitor.score(CriterionKind::Hessian), 0.99);
    EXPECT_GE(monitor.score(CriterionKind::Combined), 0.9);
    EXPECT_GE(monitor.score(), 0.9); // combined drives by default
    // Raw signals: κ between λ_min and λ_max, ρ inside (0, 1), λ_min exact.
    const auto& s = monitor.signals();
    EXPECT_GE(s[SecantSignal], 1.0 - 1e-12);
    EXPECT_LE(s[SecantSignal], 4.0 + 1e-12);
    EXPECT_GT(s[DescentRatioSignal], 0.0);
    EXPECT_LT(s[DescentRatioSignal], 1.0);
    EXPECT_NEAR(s[HessianSignal], 1.0, 1e-12);
    EXPECT_LT(s[GradSmoothSignal], 0.0);
    EXPECT_EQ(s[CoordinateSecantSignal], 1.0);
}

TEST(ConvexityCriteria, PureQuadraticFromAnyDirectionScoresNearOne) {
    // Rotated, ill-conditioned bowl: the path zigzags early but every criterion agrees.
    const double c = std::cos(0.6), sn = std::sin(0.6);
    Matrix r(2, 2);
    r << c, -sn, sn, c;
    QuadraticForm f(r * diag2(1.0, 10.0) * r.transpose());
    ConvexityMonitor monitor;
    feedGradientDescent(monitor, f, vec2(-2.0, 2.5), 0.05, 60);
    EXPECT_GE(monitor.score(CriterionKind::Secant), 0.99);
    EXPECT_GE(monitor.score(CriterionKind::CoordinateSecant), 0.9);
    EXPECT_GE(monitor.score(CriterionKind::DescentRatio), 0.9);
    EXPECT_GE(monitor.score(CriterionKind::GradSmooth), 0.9);
    EXPECT_GE(monitor.score(CriterionKind::Combined), 0.9);
}

TEST(ConvexityCriteria, ConcaveStretchScoresNearZero) {
    // Gradient descent walking down from the top of an upside-down bowl.
    QuadraticForm f(diag2(-1.0, -4.0));
    ConvexityMonitor monitor;
    feedGradientDescent(monitor, f, vec2(0.3, 0.2), 0.05, 20);
    EXPECT_LE(monitor.score(CriterionKind::Secant), 0.01);
    EXPECT_LE(monitor.score(CriterionKind::CoordinateSecant), 0.01);
    EXPECT_LE(monitor.score(CriterionKind::DescentRatio), 0.01);
    EXPECT_LE(monitor.score(CriterionKind::GradSmooth), 0.01);
    EXPECT_LE(monitor.score(CriterionKind::Hessian), 0.01);
    EXPECT_LE(monitor.score(CriterionKind::Combined), 0.01);
    EXPECT_LT(monitor.signals()[SecantSignal], 0.0);
    EXPECT_GT(monitor.signals()[DescentRatioSignal], 1.0); // f falls faster than linear
}

// The seed's criterion is read the other way round in the combination; these two tests pin
// down why. Under gradient descent r_k ≈ η‖g‖, so r rises exactly when ‖g‖ grows.
TEST(ConvexityCriteria, RatioTrendFallsOnConvexBowl) {
    QuadraticForm f(diag2(1.0, 4.0));
    ConvexityMonitor monitor;
    feedGradientDescent(monitor, f, vec2(3.0, 2.0), 0.1, 30);
    EXPECT_LE(monitor.score(CriterionKind::RatioTrend), 0.01);
}

TEST(ConvexityCriteria, RatioTrendRisesOnConcaveStretch) {
    QuadraticForm f(diag2(-1.0, -4.0));
    ConvexityMonitor monitor;
    feedGradientDescent(monitor, f, vec2(0.3, 0.2), 0.05, 20);
    EXPECT_GE(monitor.score(CriterionKind::RatioTrend), 0.99);
}

// A documented limit: steps along the positive-curvature direction of a saddle show only
// positive curvature; only the oracle sees the negative eigenvalue across the path.
TEST(ConvexityCriteria, SecantIsBlindToCurvatureAcrossThePath) {
    QuadraticForm f(diag2(4.0, -1.0));
    ConvexityMonitor monitor;
    feedGradientDescent(monitor, f, vec2(3.0, 1e-4), 0.05, 15);
    EXPECT_GE(monitor.score(CriterionKind::Secant), 0.99);
    EXPECT_LE(monitor.score(CriterionKind::Hessian), 0.01);
    EXPECT_NEAR(monitor.signals()[HessianSignal], -1.0, 1e-12);
}

// Sign descent x ← x − η sign(g), the shape of Adam's early steps: every coordinate moves by η.
void feedSignDescent(ConvexityMonitor& monitor, Objective& f, Vector x, double eta, int steps) {
    feedDescent(monitor, f, std::move(x), steps,
                [eta](const Vector& g) { return Vector(eta * g.array().sign().matrix()); });
}

// Six-hump camel's Hessian at its customary start (1, −1): concave along x, steep and convex
// along y. Steps that move both coordinates see the average, κ = +17; read per coordinate,
// s_x y_x < 0 gives the concave direction away, and the combination waits.
TEST(ConvexityCriteria, CoordinateSecantSeesTheConcaveCoordinateTheStepSecantHides) {
    Matrix h(2, 2);
    h << -7.2, 1.0, 1.0, 40.0;
    QuadraticForm f(h);
    ConvexityMonitor monitor;
    feedSignDescent(monitor, f, vec2(1.0, -1.0), 0.01, 15);
    EXPECT_GE(monitor.score(CriterionKind::Secant), 0.99);
    EXPECT_GT(monitor.signals()[SecantSignal], 10.0);
    EXPECT_NEAR(monitor.score(CriterionKind::CoordinateSecant), 0.5, 1e-12);
    EXPECT_EQ(monitor.signals()[CoordinateSecantSignal], 0.5);
    EXPECT_LE(monitor.score(CriterionKind::Combined), 0.5);
    EXPECT_LE(monitor.score(CriterionKind::Hessian), 0.01);
}

TEST(ConvexityCriteria, CoordinateSecantCountsOnlyCoordinatesThatMoved) {
    QuadraticForm f(diag2(1.0, -1.0));
    ConvexityMonitor monitor;
    // Steps along x only: y never moves, so the concave y axis is not seen, and c = 1.
    feedGradientDescent(monitor, f, vec2(2.0, 0.0), 0.1, 10);
    EXPECT_EQ(monitor.signals()[CoordinateSecantSignal], 1.0);
    EXPECT_GE(monitor.score(CriterionKind::CoordinateSecant), 0.99);
}

// SGD on a bowl near its minimum, where the gradient noise is 100 times the gradient: the
// history looks like noise, and no criterion may hold a high score for `patience` steps.
TEST(ConvexityCriteria, NoisyGradientsDoNotTriggerASwitch) {
    auto engine = testing::seededEngine(20240611);
    std::normal_distribution<double> noise(0.0, 1.0);
    QuadraticForm f(diag2(1.0, 2.0));
    const double eta = 0.01;
    for (CriterionKind kind : {CriterionKind::Combined, CriterionKind::GradSmooth,
                               CriterionKind::DescentRatio, CriterionKind::RatioTrend}) {
        CriterionOptions options;
        options.kind = kind;
        ConvexityMonitor monitor(options);
        monitor.reset(&f);
        Vector x = vec2(0.01, -0.01);
        int streak = 0, longest = 0;
        for (int k = 0; k < 2000; ++k) {
            Vector g;
            f.computeValueAndGradient(x, g);
            g += vec2(noise(engine), noise(engine));
            monitor.observe(x, f.computeValue(x), g);
            streak = monitor.score() >= options.threshold ? streak + 1 : 0;
            longest = std::max(longest, streak);
            x -= eta * g;
        }
        EXPECT_LT(longest, options.patience) << criterionKindName(kind);
    }
}

// Secant alone is fooled by SGD noise, and so is its per-coordinate reading; this pins down why
// the combination needs the descent ratio: the step s_k = −η g̃_{k−1} carries the noise ξ_{k−1}
// that y_k = g̃_k − g̃_{k−1} subtracts again, so s_kᵀy_k ≈ η‖ξ‖² > 0 (and s_{k,i} y_{k,i} ≈
// η ξ_i² > 0) and κ_k ≈ 1/η whatever the curvature.
TEST(ConvexityCriteria, SecantAloneIsFooledByNoisySteps) {
    auto engine = testing::seededEngine(7);
    std::normal_distribution<double> noise(0.0, 1.0);
    QuadraticForm f(diag2(1.0, 2.0));
    CriterionOptions options;
    options.kind = CriterionKind::Secant;
    ConvexityMonitor monitor(options);
    monitor.reset(&f);
    Vector x = vec2(0.01, -0.01);
    int high = 0, coordinateHigh = 0;
    double meanKappa = 0.0;
    const int steps = 2000;
    const double eta = 0.01;
    for (int k = 0; k < steps; ++k) {
        Vector g;
        f.computeValueAndGradient(x, g);
        g += vec2(noise(engine), noise(engine));
        monitor.observe(x, f.computeValue(x), g);
        if (monitor.score() >= options.threshold)
            ++high;
        if (monitor.score(CriterionKind::CoordinateSecant) >= options.threshold)
            ++coordinateHigh;
        if (k > 0)
            meanKappa += monitor.signals()[SecantSignal] / (steps - 1);
        x -= eta * g;
    }
    EXPECT_GT(high, steps / 2);
    EXPECT_GT(coordinateHigh, steps / 4); // less often, but often enough to trigger
    EXPECT_GT(meanKappa, 0.3 / eta);      // far above the true curvatures 1 and 2
}

TEST(ConvexityCriteria, ScoresStayZeroUntilThreeSignals) {
    QuadraticForm f(diag2(1.0, 4.0));
    ConvexityMonitor monitor;
    feedGradientDescent(monitor, f, vec2(3.0, 2.0), 0.1, 2);
    EXPECT_EQ(monitor.score(CriterionKind::Secant), 0.0);
    EXPECT_EQ(monitor.score(CriterionKind::Hessian), 0.0);
    feedGradientDescent(monitor, f, vec2(3.0, 2.0), 0.1, 3);
    EXPECT_EQ(monitor.score(CriterionKind::Secant), 1.0);
}

TEST(ConvexityCriteria, SignalsAreNaNBeforeTheSecondPoint) {
    QuadraticForm f(diag2(1.0, 4.0));
    ConvexityMonitor monitor;
    monitor.reset(&f);
    Vector g;
    const Vector x = vec2(1.0, 1.0);
    monitor.observe(x, f.computeValueAndGradient(x, g), g);
    for (double s : monitor.signals())
        EXPECT_TRUE(std::isnan(s));
    EXPECT_EQ(monitor.observed(), 1);
}

TEST(ConvexityCriteria, ZeroStepGivesNaNSignalsThatNeverCount) {
    QuadraticForm f(diag2(1.0, 4.0));
    ConvexityMonitor monitor;
    monitor.reset(&f);
    Vector g;
    const Vector x = vec2(1.0, 1.0);
    const double fx = f.computeValueAndGradient(x, g);
    for (int k = 0; k < 6; ++k)
        monitor.observe(x, fx, g);
    EXPECT_TRUE(std::isnan(monitor.signals()[SecantSignal]));
    EXPECT_TRUE(std::isnan(monitor.signals()[DescentRatioSignal]));
    EXPECT_EQ(monitor.score(CriterionKind::Secant), 0.0);
    EXPECT_EQ(monitor.score(CriterionKind::DescentRatio), 0.0);
    EXPECT_EQ(monitor.score(CriterionKind::Combined), 0.0);
}

TEST(ConvexityCriteria, WindowForgetsOldSteps) {
    // Ten concave steps, then ten convex ones: with window 5 only the convex ones count.
    CriterionOptions options;
    options.window = 5;
    options.kind = CriterionKind::Secant;
    ConvexityMonitor monitor(options);
    QuadraticForm concave(diag2(-1.0, -1.0));
    QuadraticForm convex(diag2(1.0, 1.0));
    monitor.reset(nullptr);
    Vector x = vec2(0.1, 0.1), g;
    for (int k = 0; k < 10; ++k) {
        monitor.observe(x, concave.computeValueAndGradient(x, g), g);
        x -= 0.1 * g;
    }
    EXPECT_LE(monitor.score(), 0.2);
    for (int k = 0; k < 6; ++k) {
        monitor.observe(x, convex.computeValueAndGradient(x, g), g);
        x -= 0.1 * g;
    }
    EXPECT_EQ(monitor.score(), 1.0);
    EXPECT_TRUE(std::isnan(monitor.signals()[HessianSignal])); // no objective, no oracle
}

TEST(ConvexityCriteria, HessianOracleUsesLanczosWithoutAnExactHessian) {
    // 3D, gradient only: λ_min comes from Hessian-vector products (finite differences).
    Matrix a = Matrix::Zero(3, 3);
    a << 2.0, 0.5, 0.0, 0.5, 1.0, 0.3, 0.0, 0.3, -0.5;
    QuadraticForm f(a, /*exactHessian=*/false);
    Eigen::SelfAdjointEigenSolver<Matrix> eigen(a);
    CriterionOptions options;
    options.kind = CriterionKind::Hessian;
    ConvexityMonitor monitor(options);
    Vector x(3);
    x << 0.5, -0.2, 0.1;
    feedGradientDescent(monitor, f, x, 0.05, 4);
    EXPECT_NEAR(monitor.signals()[HessianSignal], eigen.eigenvalues()[0], 1e-5);
    EXPECT_EQ(monitor.score(), 0.0);
}

TEST(ConvexityCriteria, CountedOracleCountsHessianEvaluations) {
    QuadraticForm f(diag2(1.0, 4.0));
    CriterionOptions options;
    options.kind = CriterionKind::Hessian;
    ConvexityMonitor monitor(options);
    monitor.reset(&f, /*countHessian=*/true);
    Vector g;
    Vector x = vec2(1.0, 1.0);
    for (int k = 0; k < 4; ++k) {
        monitor.observe(x, f.computeValueAndGradient(x, g), g);
        x -= 0.1 * g;
    }
    EXPECT_EQ(f.hessianEvaluations(), 3); // one per step, none at the start point
    ConvexityMonitor uncounted(options);
    f.resetCounters();
    feedGradientDescent(uncounted, f, vec2(1.0, 1.0), 0.1, 3);
    EXPECT_EQ(f.hessianEvaluations(), 0);
}

TEST(ConvexityCriteria, ExplainCountsTheWindow) {
    QuadraticForm f(diag2(1.0, 4.0));
    CriterionOptions options;
    options.kind = CriterionKind::Secant;
    options.window = 8;
    ConvexityMonitor monitor(options);
    feedGradientDescent(monitor, f, vec2(3.0, 2.0), 0.1, 12);
    EXPECT_EQ(monitor.explain(), "secant curvature positive on 8 of the last 8 steps");
    EXPECT_NE(monitor.explain(CriterionKind::Combined).find("scores: secant 1.00"),
              std::string::npos)
        << monitor.explain(CriterionKind::Combined);
}

TEST(ConvexityCriteria, RecentPairsAreOldestFirst) {
    QuadraticForm f(diag2(1.0, 4.0));
    ConvexityMonitor monitor;
    feedGradientDescent(monitor, f, vec2(3.0, 2.0), 0.1, 5);
    const auto pairs = monitor.recentPairs(3);
    ASSERT_EQ(pairs.size(), 3u);
    // Steps shrink under gradient descent on a bowl: the oldest pair is the longest.
    EXPECT_GT(pairs[0].first.norm(), pairs[2].first.norm());
    for (const auto& [s, y] : pairs)
        EXPECT_TRUE(testing::closeRelative(y, diag2(1.0, 4.0) * s, 1e-12));
    EXPECT_EQ(monitor.recentPairs(100).size(), 5u);
}

TEST(ConvexityCriteria, RestartClearsTheWindow) {
    QuadraticForm f(diag2(1.0, 4.0));
    ConvexityMonitor monitor;
    feedGradientDescent(monitor, f, vec2(3.0, 2.0), 0.1, 10);
    ASSERT_GT(monitor.score(), 0.5);
    Vector g;
    const Vector x = vec2(0.1, 0.1);
    monitor.restartAt(x, f.computeValueAndGradient(x, g), g);
    EXPECT_EQ(monitor.score(), 0.0);
    EXPECT_TRUE(monitor.recentPairs(10).empty());
}

TEST(CriterionOptions, ReadsEveryKind) {
    for (const auto& info : criterionInfos()) {
        const auto o = CriterionOptions::fromJson({{"kind", info.kind}}, "c");
        EXPECT_EQ(criterionKindName(o.kind), info.kind);
        EXPECT_EQ(CriterionOptions::fromJson(o.toJson(), "c").toJson(), o.toJson());
    }
    const auto o = CriterionOptions::fromJson(
        {{"kind", "secant"}, {"threshold", 0.9}, {"patience", 3}, {"window", 12}}, "c");
    EXPECT_EQ(o.kind, CriterionKind::Secant);
    EXPECT_EQ(o.threshold, 0.9);
    EXPECT_EQ(o.patience, 3);
    EXPECT_EQ(o.window, 12);
    EXPECT_EQ(CriterionOptions::fromJson({{"kind", "fixed"}, {"step", 250}}, "c").step, 250);
    EXPECT_EQ(CriterionOptions::fromJson(nlohmann::json::object(), "c").kind,
              CriterionKind::Combined);
}

void expectConfigError(const nlohmann::json& spec, const std::string& message) {
    try {
        CriterionOptions::fromJson(spec, "optimizer.criterion");
        ADD_FAILURE() << "no ConfigError for " << spec.dump();
    } catch (const ConfigError& e) {
        EXPECT_EQ(std::string(e.what()), message) << spec.dump();
    }
}

TEST(CriterionOptions, BadFieldsNameThePath) {
    expectConfigError({{"kind", "combined"}, {"threshold", 2}},
                      "optimizer.criterion.threshold: must be [0, 1], got 2");
    expectConfigError({{"kind", "combined"}, {"patience", 0}},
                      "optimizer.criterion.patience: must be integer in [1, 10000], got 0");
    expectConfigError({{"kind", "secant"}, {"window", 2.5}},
                      "optimizer.criterion.window: expected an integer, got 2.5");
    expectConfigError({{"kind", "fixed"}, {"threshold", 0.5}},
                      "optimizer.criterion.threshold: unknown field (known: step, kind)");
    expectConfigError({{"kind", "convex"}},
                      "optimizer.criterion.kind: unknown criterion 'convex' (known: ratio-trend, "
                      "grad-smooth, secant, coordinate-secant, descent-ratio, hessian, combined, "
                      "fixed)");
    expectConfigError({{"kind", 3}}, "optimizer.criterion.kind: expected a string, got number");
    expectConfigError("combined", "optimizer.criterion: expected an object such as {\"kind\": "
                                  "\"combined\", \"threshold\": 0.8}");
}

TEST(CriterionInfos, DescribeEveryKindOnce) {
    std::set<std::string> kinds;
    for (const auto& info : criterionInfos()) {
        EXPECT_TRUE(kinds.insert(info.kind).second) << info.kind;
        EXPECT_FALSE(info.title.empty());
        EXPECT_FALSE(info.description.empty());
        EXPECT_EQ(info.oracle, info.kind == "hessian");
        EXPECT_EQ(findCriterionInfo(info.kind), &info);
    }
    EXPECT_EQ(kinds.size(), 8u);
    EXPECT_EQ(findCriterionInfo("nope"), nullptr);
    EXPECT_EQ(convexitySignalNames().size(), static_cast<std::size_t>(SignalCount));
}

} // namespace
} // namespace cs
