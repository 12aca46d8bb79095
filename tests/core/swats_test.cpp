// SWATS (Keskar & Socher 2017): the switch rule recomputed independently from the trajectory.

#include "core/swats.h"

#include "core/optimizer_registry.h"
#include "core/run.h"
#include "core/test_function.h"
#include "core/test_tools.h"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <cmath>

namespace cs {
namespace {

StopOptions stopAfter(long steps) {
    StopOptions stop;
    stop.maxSteps = steps;
    return stop;
}

// γ_k = p_kᵀp_k / (−p_kᵀg_k) with p_k = x_k − x_{k−1} and g_k = ∇f(x_{k−1}).
double gammaAt(const Objective& f, const Trajectory& t, std::size_t k) {
    const Vector p = t.x(k) - t.x(k - 1);
    Vector g;
    f.computeValueAndGradient(t.x(k - 1), g);
    return p.squaredNorm() / -p.dot(g);
}

TEST(Swats, RecordsGammaAndTheBiasCorrectedAverage) {
    auto f = makeTestFunction("rosenbrock");
    SwatsOptions options;
    options.lr = 0.01;
    Swats swats(options);
    cs::Run run(*f, swats, f->start(), stopAfter(200));
    run.runToEnd();
    const Trajectory& t = run.trajectory();
    ASSERT_EQ(t.signalNames(), (std::vector<std::string>{"swats_gamma", "swats_lambda"}));
    double lambda = 0.0;
    for (std::size_t k = 1; k < t.size(); ++k) {
        const double gamma = gammaAt(*f, t, k);
        EXPECT_NEAR(t.signal(k, 0), gamma, 1e-9 * std::abs(gamma)) << k;
        lambda = options.beta2 * lambda + (1.0 - options.beta2) * gamma;
        const double corrected = lambda / (1.0 - std::pow(options.beta2, double(k)));
        EXPECT_NEAR(t.signal(k, 1), corrected, 1e-9 * std::abs(corrected)) << k;
    }
}

TEST(Swats, SwitchesToMomentumSgdWhenTheEstimateSettles) {
    auto f = makeTestFunction("booth");
    SwatsOptions options;
    options.lr = 0.01;
    options.switchTol = 1e-5;
    Swats swats(options);
    cs::Run run(*f, swats, f->start(), stopAfter(100));
    const RunSummary s = run.runToEnd();
    ASSERT_EQ(s.switches.size(), 1u);
    const SwitchEvent& e = s.switches.front();
    EXPECT_EQ(e.from, "adam");
    EXPECT_EQ(e.to, "momentum");
    const Trajectory& t = run.trajectory();
    const auto k = static_cast<std::size_t>(e.step);
    // The rule held at the switch and at no earlier step k > 1.
    EXPECT_LT(std::abs(t.signal(k, 1) - t.signal(k, 0)), options.switchTol);
    for (std::size_t i = 2; i < k; ++i)
        EXPECT_GE(std::abs(t.signal(i, 1) - t.signal(i, 0)), options.switchTol) << i;
    const double rate = t.signal(k, 1);
    EXPECT_DOUBLE_EQ(swats.sgdRate(), rate);
    EXPECT_NE(e.reason.find("SGD with momentum 0.9"), std::string::npos) << e.reason;
    // First SGD step from v = 0: x_{k+1} − x_k = −(1 − β1)Λ ∇f(x_k).
    Vector g;
    f->computeValueAndGradient(t.x(k), g);
    EXPECT_TRUE(
        testing::closeRelative(t.x(k + 1) - t.x(k), -(1.0 - options.beta1) * rate * g, 1e-12));
    EXPECT_EQ(t.optimizer(k), "adam");
    EXPECT_EQ(t.optimizer(k + 1), "momentum");
    EXPECT_EQ(t.phase(k + 1), 2);
    // Second step: heavy ball, v ← β1 v − (1 − β1)Λ g.
    Vector g1;
    f->computeValueAndGradient(t.x(k + 1), g1);
    const Vector expected =
        options.beta1 * (t.x(k + 1) - t.x(k)) - (1.0 - options.beta1) * rate * g1;
    EXPECT_TRUE(testing::closeRelative(t.x(k + 2) - t.x(k + 1), expected, 1e-12));
}

TEST(Swats, NeverSwitchesOnTheFirstStep) {
    auto f = makeTestFunction("booth");
    SwatsOptions options;
    options.switchTol = 1e3; // any |Λ − γ| passes: only the k > 1 rule holds it back
    Swats swats(options);
    cs::Run run(*f, swats, f->start(), stopAfter(5));
    const RunSummary s = run.runToEnd();
    ASSERT_EQ(s.switches.size(), 1u);
    EXPECT_EQ(s.switches.front().step, 2);
}

TEST(Swats, ResetStartsOverInAdam) {
    auto f = makeTestFunction("booth");
    SwatsOptions options;
    options.switchTol = 1e3;
    Swats swats(options);
    swats.reset(*f, f->start());
    swats.step();
    swats.step();
    ASSERT_EQ(swats.phase(), 2);
    swats.reset(*f, f->start());
    EXPECT_EQ(swats.phase(), 1);
    EXPECT_EQ(swats.activeKind(), "adam");
    EXPECT_TRUE(swats.switchEvents().empty());
    EXPECT_TRUE(std::isnan(swats.sgdRate()));
}

TEST(Swats, BuiltFromASceneWithErrorsNamingTheField) {
    auto optimizer = makeOptimizer({{"kind", "swats"}, {"lr", 0.01}});
    EXPECT_EQ(optimizer->kind(), "swats");
    EXPECT_EQ(dynamic_cast<const Swats&>(*optimizer).options().switchTol, 1e-9);
    try {
        makeOptimizer({{"kind", "swats"}, {"switch_tol", 0}});
        ADD_FAILURE() << "no ConfigError";
    } catch (const ConfigError& e) {
        EXPECT_EQ(std::string(e.what()), "optimizer.switch_tol: must be (0, inf), got 0");
    }
    try {
        makeOptimizer({{"kind", "swats"}, {"beta1", 1}});
        ADD_FAILURE() << "no ConfigError";
    } catch (const ConfigError& e) {
        EXPECT_EQ(std::string(e.what()), "optimizer.beta1: must be [0, 1), got 1");
    }
}

} // namespace
} // namespace cs
