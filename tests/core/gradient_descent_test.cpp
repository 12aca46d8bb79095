#include "core/gradient_descent.h"
#include "core/optimizer_registry.h"
#include "core/test_function.h"
#include "test_tools.h"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace cs {
namespace {

using testing::vec2;

using testing::expectConverges;
using testing::Tolerances;


GradientDescent makeGd(double lr) {
    GradientDescentOptions o;
    o.lr = lr;
    return GradientDescent(o);
}

TEST(GradientDescent, StepIsXMinusLrTimesGradient) {
    auto rosenbrock = makeTestFunction("rosenbrock");
    GradientDescent gd = makeGd(1e-3);
    Vector x = vec2(-1.2, 1.0);
    gd.reset(*rosenbrock, x);
    for (int k = 0; k < 50; ++k) {
        Vector g;
        rosenbrock->computeValueAndGradient(x, g);
        const Vector next = x - 1e-3 * g;
        const StepInfo info = gd.step();
        ASSERT_EQ(info.status, StepStatus::Ok);
        EXPECT_EQ(gd.x(), next);
        EXPECT_NEAR(info.stepLength, (next - x).norm(), 1e-15);
        EXPECT_TRUE(info.trials.empty());
        x = next;
    }
}

TEST(GradientDescent, ConvergesOnConvexQuadratic) {
    auto q = testing::makeConvexQuadratic(2, 10.0, 11); // eigenvalues 1 and 10: lr < 2/10
    GradientDescent gd = makeGd(0.1);
    expectConverges(gd, q, vec2(3.0, -2.0), q.minimizer());
}

TEST(GradientDescent, ConvergesOnRosenbrockWithSmallStep) {
    auto rosenbrock = makeTestFunction("rosenbrock");
    GradientDescent gd = makeGd(1e-3);
    Tolerances tol;
    tol.maxSteps = 100000;
    const RunSummary s = expectConverges(gd, *rosenbrock, vec2(-1.2, 1.0), vec2(1.0, 1.0), tol);
    std::printf("[ measured ] gd lr=0.001 on Rosenbrock: %ld steps\n", s.steps);
}

TEST(GradientDescent, DivergesOnRosenbrockWithLr001AndKeepsFiniteTrajectory) {
    auto rosenbrock = makeTestFunction("rosenbrock");
    GradientDescent gd = makeGd(0.01);
    cs::Run run(*rosenbrock, gd, vec2(-1.2, 1.0), StopOptions{});
    const RunSummary s = run.runToEnd();
    std::printf("[ measured ] gd lr=0.01 on Rosenbrock: %s\n", s.report().c_str());
    EXPECT_EQ(s.status, Termination::Diverged);
    EXPECT_GE(s.steps, 2);
    EXPECT_LE(s.steps, 20);
    EXPECT_FALSE(s.message.empty());
    const Trajectory& t = run.trajectory();
    ASSERT_EQ(long(t.size()), s.steps + 1);
    for (std::size_t i = 0; i < t.size(); ++i) {
        EXPECT_TRUE(t.x(i).allFinite()) << "step " << i;
        EXPECT_TRUE(std::isfinite(t.f(i))) << "step " << i;
    }
    // It really blew up before stopping: the last finite f is far above the start's 24.2.
    EXPECT_GT(t.f(t.size() - 1), 1e6);
}

TEST(GradientDescent, NanObjectiveStopsWithNonFinite) {
    auto rosenbrock = makeTestFunction("rosenbrock");
    testing::NanRegionObjective objective(*rosenbrock, 0.0); // NaN for x > 0
    GradientDescent gd = makeGd(0.01);                       // first step lands at x = 0.956
    gd.reset(objective, vec2(-1.2, 1.0));
    const StepInfo info = gd.step();
    EXPECT_EQ(info.status, StepStatus::NonFinite);
    EXPECT_FALSE(info.message.empty());
}

TEST(GradientDescent, BadLrThrowsConfigErrorNamingTheField) {
    for (double lr : {0.0, -1.0, std::nan(""), double(INFINITY)}) {
        GradientDescentOptions o;
        o.lr = lr;
        try {
            GradientDescent gd(o);
            ADD_FAILURE() << "lr " << lr << " accepted";
        } catch (const ConfigError& e) {
            EXPECT_EQ(std::string(e.what()).rfind("lr:", 0), 0u) << e.what();
        }
    }
    try {
        makeOptimizer(nlohmann::json{{"kind", "gd"}, {"lr", 0}});
        FAIL() << "lr 0 accepted";
    } catch (const ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("optimizer.lr"), std::string::npos) << e.what();
    }
}

} // namespace
} // namespace cs
