#include "core/conjugate_gradient.h"
#include "core/optimizer_registry.h"
#include "core/test_function.h"
#include "test_tools.h"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace cs {
namespace {

using testing::expectConverges;
using testing::Tolerances;

TEST(ConjugateGradient, FirstStepIsAlongTheNegativeGradient) {
    auto f = makeTestFunction("rosenbrock");
    ConjugateGradient cg;
    cg.reset(*f, f->start());
    const Vector x0 = cg.x();
    const Vector g0 = cg.gradient();
    ASSERT_EQ(cg.step().status, StepStatus::Ok);
    const Vector s = cg.x() - x0;
    // s = −α g0 with α > 0: parallel and opposite.
    EXPECT_NEAR(s.normalized().dot(-g0.normalized()), 1.0, 1e-12);
    EXPECT_TRUE(cg.lastStepRestarted());
}

TEST(ConjugateGradient, DirectionsAreConjugateOnAQuadratic) {
    // With exact line searches PR+ on a quadratic is linear CG: successive directions are
    // A-conjugate. The strong-Wolfe search with c2 = 0.1 is not exact, so conjugacy holds to
    // the precision of the line search; check it loosely but for every pair of steps.
    auto q = testing::makeConvexQuadratic(5, 20.0, 4);
    ConjugateGradientOptions o;
    o.c2 = 1e-3; // near-exact line search
    ConjugateGradient cg(o);
    cg.reset(q, Vector::Zero(5));
    Matrix a;
    ASSERT_TRUE(q.computeHessian(Vector::Zero(5), a));
    Vector prevS;
    for (int k = 0; k < 4; ++k) {
        const Vector x0 = cg.x();
        ASSERT_EQ(cg.step().status, StepStatus::Ok);
        const Vector s = cg.x() - x0;
        if (prevS.size() > 0) {
            const double cosA = s.dot(a * prevS) / std::sqrt(s.dot(a * s) * prevS.dot(a * prevS));
            EXPECT_LT(std::abs(cosA), 0.05) << "steps " << k - 1 << " and " << k;
        }
        prevS = s;
    }
}

TEST(ConjugateGradient, ConvergesOnConvexQuadraticFasterThanItsDimensionTimesKappa) {
    auto q = testing::makeConvexQuadratic(20, 100.0, 9);
    ConjugateGradient cg;
    const RunSummary s = expectConverges(cg, q, Vector::Zero(20), q.minimizer());
    std::printf("[ measured ] CG on a 20-dim quadratic (kappa 100): %ld steps, %ld evaluations\n",
                s.steps, s.evaluations);
    // CG needs about √κ·log(1/ε) ≈ 10·18 steps at worst; gradient descent would need ~κ·18.
    EXPECT_LT(s.steps, 200);
}

TEST(ConjugateGradient, ConvergesOnRosenbrockAndBeale) {
    for (const std::string name : {"rosenbrock", "beale", "booth", "himmelblau"}) {
        auto f = makeTestFunction(name);
        ConjugateGradient cg;
        StopOptions stop;
        stop.maxSteps = 2000;
        stop.gradTol = 1e-8;
        cs::Run run(*f, cg, f->start(), stop);
        const RunSummary s = run.runToEnd();
        EXPECT_EQ(s.status, Termination::Converged) << name << ": " << s.report();
        EXPECT_LT(s.finalF - f->minimumValue(), 1e-10) << name << ": " << s.report();
        std::printf("[ measured ] CG on %s: %ld steps, %ld evaluations\n", name.c_str(), s.steps,
                    s.evaluations);
    }
}

TEST(ConjugateGradient, RestartsPeriodically) {
    auto q = testing::makeConvexQuadratic(10, 1e4, 2);
    ConjugateGradientOptions o;
    o.restart = 3;
    ConjugateGradient cg(o);
    cg.reset(q, Vector::Zero(10));
    int restarts = 0;
    for (int k = 0; k < 9; ++k) {
        ASSERT_EQ(cg.step().status, StepStatus::Ok);
        restarts += cg.lastStepRestarted() ? 1 : 0;
    }
    EXPECT_GE(restarts, 3); // steps 0, 3, 6 at least
}

TEST(ConjugateGradient, NanObjectiveStopsWithNonFinite) {
    auto inner = makeTestFunction("rosenbrock");
    testing::NanRegionObjective f(*inner, -1.0e9);
    ConjugateGradient cg;
    StopOptions stop;
    stop.maxSteps = 50;
    Vector x0(2);
    x0 << -1.2, 1.0;
    cs::Run run(f, cg, x0, stop);
    const RunSummary s = run.runToEnd();
    EXPECT_EQ(s.status, Termination::Diverged) << s.report();
}

TEST(ConjugateGradient, BadOptionsThrowConfigErrorNamingTheField) {
    testing::expectOptimizerRejects({{"kind", "cg"}, {"restart", -1}}, "restart");
    testing::expectOptimizerRejects({{"kind", "cg"}, {"c1", 0.5}, {"c2", 0.1}}, "c");
    testing::expectOptimizerRejects({{"kind", "cg"}, {"c2", 1.0}}, "c2");
}

} // namespace
} // namespace cs
