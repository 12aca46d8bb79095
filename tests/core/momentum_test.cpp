#include "core/gradient_descent.h"
#include "core/momentum.h"
#include "core/nesterov.h"
#include "core/optimizer_registry.h"
#include "core/test_function.h"
#include "test_tools.h"

#include <nlohmann/json.hpp>

namespace cs {
namespace {

using testing::vec2;

using testing::expectConverges;
using testing::Tolerances;


template <typename Options> Options options(double lr, double momentum) {
    Options o;
    o.lr = lr;
    o.momentum = momentum;
    return o;
}

TEST(Momentum, MatchesHeavyBallFormula) {
    auto rosenbrock = makeTestFunction("rosenbrock");
    const double lr = 1e-3, mu = 0.9;
    Momentum opt(options<MomentumOptions>(lr, mu));
    Vector x = vec2(-1.2, 1.0), v = Vector::Zero(2), g;
    opt.reset(*rosenbrock, x);
    for (int k = 0; k < 500; ++k) {
        rosenbrock->computeValueAndGradient(x, g);
        v = mu * v - lr * g; // v_{k+1} = μ v_k − η g_k
        const Vector next = x + v;
        const StepInfo info = opt.step();
        ASSERT_EQ(info.status, StepStatus::Ok);
        ASSERT_LE((opt.x() - next).cwiseAbs().maxCoeff(), 1e-12) << "step " << k;
        EXPECT_NEAR(info.stepLength, (next - x).norm(), 1e-12);
        x = next;
    }
}

TEST(Momentum, ZeroMomentumIsGradientDescent) {
    auto rosenbrock = makeTestFunction("rosenbrock");
    Momentum heavy(options<MomentumOptions>(1e-3, 0.0));
    GradientDescentOptions o;
    o.lr = 1e-3;
    GradientDescent gd(o);
    heavy.reset(*rosenbrock, vec2(-1.2, 1.0));
    gd.reset(*rosenbrock, vec2(-1.2, 1.0));
    for (int k = 0; k < 200; ++k) {
        heavy.step();
        gd.step();
        ASSERT_EQ(heavy.x(), gd.x()) << "step " << k;
    }
}

TEST(Momentum, ConvergesOnConvexQuadraticAndRosenbrock) {
    auto q = testing::makeConvexQuadratic(2, 10.0, 21);
    Momentum onQuadratic(options<MomentumOptions>(0.01, 0.9));
    expectConverges(onQuadratic, q, vec2(3.0, -2.0), q.minimizer());
    auto rosenbrock = makeTestFunction("rosenbrock");
    Momentum onRosenbrock(options<MomentumOptions>(1e-3, 0.9));
    Tolerances tol;
    tol.maxSteps = 50000;
    expectConverges(onRosenbrock, *rosenbrock, vec2(-1.2, 1.0), vec2(1.0, 1.0), tol);
}

TEST(Momentum, SetOptionsValidatesAndKeepsVelocity) {
    auto q = testing::makeConvexQuadratic(2, 10.0, 21);
    Momentum opt(options<MomentumOptions>(0.01, 0.9));
    opt.reset(q, vec2(3.0, -2.0));
    opt.step();
    const Vector v = opt.velocity();
    EXPECT_THROW(opt.setOptions(options<MomentumOptions>(-1.0, 0.9)), ConfigError);
    opt.setOptions(options<MomentumOptions>(0.05, 0.5));
    EXPECT_EQ(opt.velocity(), v);
    EXPECT_EQ(opt.options().lr, 0.05);
    EXPECT_EQ(opt.options().momentum, 0.5);
    opt.reset(q, vec2(3.0, -2.0));
    EXPECT_EQ(opt.velocity(), Vector::Zero(2));
}

TEST(Nesterov, IteratesAreTheLookAheadPointsOfSutskeversForm) {
    // Sutskever et al. 2013: v_{k+1} = μ v_k − η ∇f(y_k + μ v_k), y_{k+1} = y_k + v_{k+1}.
    // The optimizer's iterate is the look-ahead point y_k + μ v_k.
    auto rosenbrock = makeTestFunction("rosenbrock");
    const double lr = 1e-3, mu = 0.9;
    Nesterov opt(options<NesterovOptions>(lr, mu));
    Vector y = vec2(-1.2, 1.0), v = Vector::Zero(2), g;
    opt.reset(*rosenbrock, y);
    for (int k = 0; k < 500; ++k) {
        rosenbrock->computeValueAndGradient(y + mu * v, g);
        v = mu * v - lr * g;
        y += v;
        const StepInfo info = opt.step();
        ASSERT_EQ(info.status, StepStatus::Ok);
        ASSERT_LE((opt.x() - (y + mu * v)).cwiseAbs().maxCoeff(), 1e-12) << "step " << k;
    }
}

TEST(Nesterov, ConvergesOnConvexQuadraticAndRosenbrock) {
    auto q = testing::makeConvexQuadratic(2, 10.0, 22);
    Nesterov onQuadratic(options<NesterovOptions>(0.01, 0.9));
    expectConverges(onQuadratic, q, vec2(3.0, -2.0), q.minimizer());
    auto rosenbrock = makeTestFunction("rosenbrock");
    Nesterov onRosenbrock(options<NesterovOptions>(1e-3, 0.9));
    Tolerances tol;
    tol.maxSteps = 50000;
    expectConverges(onRosenbrock, *rosenbrock, vec2(-1.2, 1.0), vec2(1.0, 1.0), tol);
}

TEST(Momentum, BadOptionsThrowConfigErrorNamingTheField) {
    for (const char* kind : {"momentum", "nesterov"}) {
        testing::expectOptimizerRejects({{"kind", kind}, {"lr", 0}}, "lr");
        testing::expectOptimizerRejects({{"kind", kind}, {"lr", -0.1}}, "lr");
        testing::expectOptimizerRejects({{"kind", kind}, {"momentum", 1}}, "momentum");
        testing::expectOptimizerRejects({{"kind", kind}, {"momentum", -0.1}}, "momentum");
    }
    EXPECT_THROW(Momentum(options<MomentumOptions>(0.1, 1.0)), ConfigError);
    EXPECT_THROW(Nesterov(options<NesterovOptions>(0.0, 0.5)), ConfigError);
}

TEST(Momentum, NanObjectiveStopsWithNonFinite) {
    auto rosenbrock = makeTestFunction("rosenbrock");
    testing::NanRegionObjective objective(*rosenbrock, -1.0); // NaN for x > −1
    Momentum heavy(options<MomentumOptions>(1e-3, 0.9));
    Nesterov nesterov(options<NesterovOptions>(1e-3, 0.9));
    for (Optimizer* opt : std::initializer_list<Optimizer*>{&heavy, &nesterov}) {
        cs::Run run(objective, *opt, vec2(-1.2, 1.0), StopOptions{});
        const RunSummary s = run.runToEnd();
        EXPECT_EQ(s.status, Termination::Diverged) << opt->kind();
        EXPECT_LE(s.finalX[0], -1.0) << opt->kind();
        EXPECT_TRUE(std::isfinite(s.finalF)) << opt->kind();
    }
}

} // namespace
} // namespace cs
