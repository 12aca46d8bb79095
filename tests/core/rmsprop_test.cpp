#include "core/optimizer_registry.h"
#include "core/rmsprop.h"
#include "core/test_function.h"
#include "test_tools.h"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace cs {
namespace {

using testing::vec2;


TEST(Rmsprop, MatchesTextbookUpdate) {
    auto rosenbrock = makeTestFunction("rosenbrock");
    RmspropOptions o;
    o.lr = 1e-3;
    Rmsprop opt(o);
    Vector x = vec2(-1.2, 1.0), s = Vector::Zero(2), g;
    opt.reset(*rosenbrock, x);
    for (int k = 0; k < 2000; ++k) {
        rosenbrock->computeValueAndGradient(x, g);
        for (int i = 0; i < 2; ++i) {
            s[i] = o.rho * s[i] + (1.0 - o.rho) * g[i] * g[i];
            x[i] -= o.lr * g[i] / (std::sqrt(s[i]) + o.eps);
        }
        ASSERT_EQ(opt.step().status, StepStatus::Ok);
        ASSERT_LE((opt.x() - x).cwiseAbs().maxCoeff(), 1e-12) << "step " << k;
    }
}

// With a fixed lr, RMSprop's steps stay about lr long (g/√s ≈ ±1), so it circles the minimum at
// a distance of order lr instead of converging to a gradient tolerance.
TEST(Rmsprop, ReachesAnLrNeighbourhoodOfTheMinimum) {
    auto q = testing::makeConvexQuadratic(2, 10.0, 31);
    for (double lr : {1e-2, 1e-3}) {
        RmspropOptions o;
        o.lr = lr;
        Rmsprop opt(o);
        StopOptions stop;
        stop.maxSteps = 20000;
        cs::Run run(q, opt, vec2(3.0, -2.0), stop);
        const RunSummary s = run.runToEnd();
        const double distance = (s.finalX - q.minimizer()).norm();
        std::printf("[ measured ] rmsprop lr=%g: distance %.3g after %ld steps\n", lr, distance,
                    s.steps);
        EXPECT_LE(distance, 2.0 * lr);
    }
    auto rosenbrock = makeTestFunction("rosenbrock");
    RmspropOptions o;
    o.lr = 1e-3;
    Rmsprop opt(o);
    StopOptions stop;
    stop.maxSteps = 20000;
    cs::Run run(*rosenbrock, opt, vec2(-1.2, 1.0), stop);
    const RunSummary s = run.runToEnd();
    EXPECT_LE((s.finalX - vec2(1.0, 1.0)).norm(), 0.01) << s.report();
}

TEST(Rmsprop, BadOptionsThrowConfigErrorNamingTheField) {
    testing::expectOptimizerRejects({{"kind", "rmsprop"}, {"lr", 0}}, "lr");
    testing::expectOptimizerRejects({{"kind", "rmsprop"}, {"rho", 1}}, "rho");
    testing::expectOptimizerRejects({{"kind", "rmsprop"}, {"rho", -0.5}}, "rho");
    testing::expectOptimizerRejects({{"kind", "rmsprop"}, {"eps", 0}}, "eps");
    RmspropOptions o;
    o.rho = 1.0;
    try {
        Rmsprop bad(o);
        ADD_FAILURE() << "rho 1 accepted";
    } catch (const ConfigError& e) {
        EXPECT_EQ(std::string(e.what()).rfind("rho:", 0), 0u) << e.what();
    }
}

TEST(Rmsprop, NanObjectiveStopsWithNonFinite) {
    auto rosenbrock = makeTestFunction("rosenbrock");
    testing::NanRegionObjective objective(*rosenbrock, -1.19);
    RmspropOptions o;
    o.lr = 0.1;
    Rmsprop opt(o);
    opt.reset(objective, vec2(-1.2, 1.0));
    const StepInfo info = opt.step();
    EXPECT_EQ(info.status, StepStatus::NonFinite);
    EXPECT_FALSE(info.message.empty());
    // A second call does not evaluate or move: the state is already non-finite.
    const long evaluations = objective.evaluations();
    EXPECT_EQ(opt.step().status, StepStatus::NonFinite);
    EXPECT_EQ(objective.evaluations(), evaluations);
}

} // namespace
} // namespace cs
