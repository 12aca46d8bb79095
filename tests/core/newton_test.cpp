#include "core/newton.h"
#include "core/optimizer_registry.h"
#include "core/test_function.h"
#include "test_tools.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <vector>

namespace cs {
namespace {

using testing::vec2;

using testing::expectConverges;
using testing::Tolerances;


// Distances ‖x_k − x*‖ of every iterate of a Newton run from the customary start.
std::vector<double> newtonErrors(const std::string& function, RunSummary* summary = nullptr) {
    auto f = makeTestFunction(function);
    const Vector xStar = f->minima().front().x;
    Newton newton;
    StopOptions stop;
    stop.maxSteps = 200;
    stop.gradTol = 1e-13;
    cs::Run run(*f, newton, f->start(), stop);
    const RunSummary s = run.runToEnd();
    if (summary)
        *summary = s;
    std::vector<double> errors;
    for (std::size_t k = 0; k < run.trajectory().size(); ++k)
        errors.push_back((run.trajectory().x(k) - xStar).norm());
    return errors;
}

// Near the minimum, e_{k+1} ≤ C e_k²: checked on every step that starts inside `radius` and
// ends above rounding level. Returns the number of such steps.
int expectQuadraticSteps(const std::string& function, const std::vector<double>& e,
                         double radius, double constant) {
    int checked = 0;
    for (std::size_t k = 0; k + 1 < e.size(); ++k) {
        if (e[k] > radius || e[k + 1] < 1e-13)
            continue;
        const double ratio = e[k + 1] / (e[k] * e[k]);
        std::printf("[ measured ] %s step %zu: e_k = %.3e, e_k+1 = %.3e, e_k+1 / e_k^2 = %.3g\n",
                    function.c_str(), k, e[k], e[k + 1], ratio);
        EXPECT_LE(ratio, constant) << function << " step " << k;
        ++checked;
    }
    return checked;
}

TEST(Newton, ConvergesQuadraticallyOnRosenbrock) {
    RunSummary s;
    const auto e = newtonErrors("rosenbrock", &s);
    EXPECT_EQ(s.status, Termination::Converged) << s.report();
    EXPECT_LT(e.back(), 1e-10);
    // Linear convergence (e_{k+1} ≈ e_k / 2) would give ratios e_{k+1}/e_k² of 1e3 and more
    // once e_k < 1e-3; a quadratic method keeps them near ‖H⁻¹‖·‖∇³f‖.
    EXPECT_GE(expectQuadraticSteps("rosenbrock", e, 1e-2, 50.0), 2);
}

TEST(Newton, ConvergesQuadraticallyOnBeale) {
    RunSummary s;
    const auto e = newtonErrors("beale", &s);
    EXPECT_EQ(s.status, Termination::Converged) << s.report();
    EXPECT_LT(e.back(), 1e-10);
    EXPECT_GE(expectQuadraticSteps("beale", e, 1e-2, 50.0), 2);
}

TEST(Newton, SolvesBoothInOneStep) {
    // Booth is quadratic: one Newton step lands on the minimum (the quadratic limit of e_k²).
    RunSummary s;
    const auto e = newtonErrors("booth", &s);
    ASSERT_GE(e.size(), 2u);
    EXPECT_LT(e[1], 1e-12);
    EXPECT_EQ(s.status, Termination::Converged) << s.report();
    EXPECT_LE(s.steps, 2);
}

TEST(Newton, ConvergesOnConvexQuadraticInOneStep) {
    auto q = testing::makeConvexQuadratic(6, 1e3, 11);
    Newton newton;
    Tolerances tol;
    tol.gradTol = 1e-9;
    tol.xTol = 1e-8;
    const RunSummary s = expectConverges(newton, q, Vector::Zero(6), q.minimizer(), tol);
    EXPECT_LE(s.steps, 2);
}

TEST(Newton, IndefiniteHessianStillDescends) {
    // Himmelblau at its local maximum's neighbourhood has H negative definite: the shifted step
    // must still decrease f, and the shift is reported.
    auto f = makeTestFunction("himmelblau");
    Newton newton;
    const Vector x0 = vec2(-0.2, -0.9);
    Matrix h;
    ASSERT_TRUE(f->computeHessian(x0, h));
    ASSERT_LT(Eigen::SelfAdjointEigenSolver<Matrix>(h).eigenvalues().minCoeff(), 0.0);
    newton.reset(*f, x0);
    const double f0 = newton.f();
    const StepInfo info = newton.step();
    EXPECT_EQ(info.status, StepStatus::Ok) << info.message;
    EXPECT_LT(newton.f(), f0);
    EXPECT_GT(newton.lastShift(), 0.0);
}

TEST(Newton, FindsAMinimumOfEverySmoothTestFunctionFromItsStart) {
    for (const std::string name : {"rosenbrock", "himmelblau", "beale", "booth", "matyas",
                                   "three-hump-camel", "six-hump-camel", "quadratic"}) {
        auto f = makeTestFunction(name);
        Newton newton;
        StopOptions stop;
        stop.maxSteps = 500;
        stop.gradTol = 1e-9;
        cs::Run run(*f, newton, f->start(), stop);
        const RunSummary s = run.runToEnd();
        EXPECT_EQ(s.status, Termination::Converged) << name << ": " << s.report();
        Matrix h;
        ASSERT_TRUE(f->computeHessian(s.finalX, h));
        EXPECT_GT(Eigen::SelfAdjointEigenSolver<Matrix>(h).eigenvalues().minCoeff(), 0.0)
            << name << " ended at a saddle or maximum: " << s.finalX.transpose();
    }
}

TEST(Newton, ObjectiveWithoutHessianReportsLineSearchFailed) {
    auto inner = makeTestFunction("rosenbrock");
    testing::NanRegionObjective noHessian(*inner, 1e9); // forwards no Hessian
    Newton newton;
    newton.reset(noHessian, vec2(-1.2, 1.0));
    const StepInfo info = newton.step();
    EXPECT_EQ(info.status, StepStatus::LineSearchFailed);
    EXPECT_NE(info.message.find("Hessian"), std::string::npos) << info.message;
}

TEST(Newton, BadOptionsThrowConfigErrorNamingTheField) {
    testing::expectOptimizerRejects({{"kind", "newton"}, {"shift", -1.0}}, "shift");
    testing::expectOptimizerRejects({{"kind", "newton"}, {"c1", 0.0}}, "c1");
    testing::expectOptimizerRejects({{"kind", "newton"}, {"c2", 1.5}}, "c2");
}

} // namespace
} // namespace cs
