#include "core/lbfgs.h"
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


// Returns the true f but, once `broken` is set, the negated gradient: every direction the
// optimizer believes is downhill goes uphill.
class WrongGradientObjective : public Objective {
public:
    explicit WrongGradientObjective(const Objective& inner) : m_inner(inner) {}
    std::string name() const override { return "wrong-gradient"; }
    int dimension() const override { return m_inner.dimension(); }
    double computeValue(const Vector& x) const override { return m_inner.computeValue(x); }
    double computeValueAndGradient(const Vector& x, Vector& grad) const override {
        const double f = m_inner.computeValueAndGradient(x, grad);
        if (broken)
            grad = -grad;
        return f;
    }
    bool broken = false;

private:
    const Objective& m_inner;
};

TEST(Lbfgs, RosenbrockWithin60Evaluations) {
    auto rosenbrock = makeTestFunction("rosenbrock");
    Lbfgs lbfgs; // memory 10
    Tolerances tol;
    tol.gradTol = 1e-8;
    tol.xTol = 1e-7;
    const RunSummary s = expectConverges(lbfgs, *rosenbrock, vec2(-1.2, 1.0), vec2(1.0, 1.0), tol);
    std::printf("[ measured ] L-BFGS(m=10) on Rosenbrock from (-1.2, 1): %ld steps, %ld "
                "evaluations, |g| = %.3g\n",
                s.steps, s.evaluations, s.gradNorm);
    EXPECT_LT(s.gradNorm, 1e-8);
    EXPECT_LE(s.evaluations, 60);
}

TEST(Lbfgs, ConvergesOnConvexQuadratic) {
    auto q = testing::makeConvexQuadratic(10, 100.0, 7);
    Lbfgs lbfgs;
    const RunSummary s = expectConverges(lbfgs, q, Vector::Zero(10), q.minimizer());
    // With c2 = 0.9 most unit steps are accepted and the pairs are not conjugate: measured 42
    // steps (48 evaluations) for this seed.
    EXPECT_LE(s.steps, 100);
}

TEST(Lbfgs, NearlyExactLineSearchTerminatesInNStepsOnQuadratic) {
    // With exact line searches and m ≥ n, L-BFGS on a quadratic generates conjugate directions
    // and stops after n steps (Nocedal & Wright Thm. 6.4 for BFGS); c2 = 0.001 is nearly exact.
    auto q = testing::makeConvexQuadratic(10, 100.0, 7);
    LbfgsOptions o;
    o.c2 = 0.001;
    Lbfgs lbfgs(o);
    Tolerances tol;
    tol.gradTol = 1e-9;
    const RunSummary s = expectConverges(lbfgs, q, Vector::Zero(10), q.minimizer(), tol);
    EXPECT_LE(s.steps, 11);
}

TEST(Lbfgs, ConvergesOnTestFunctions) {
    for (const char* name : {"booth", "beale", "himmelblau", "matyas"}) {
        auto f = makeTestFunction(name);
        Lbfgs lbfgs;
        StopOptions stop;
        stop.maxSteps = 500;
        cs::Run run(*f, lbfgs, f->start(), stop);
        const RunSummary s = run.runToEnd();
        EXPECT_EQ(s.status, Termination::Converged) << name << ": " << s.report();
        double best = INFINITY;
        for (const auto& m : f->minima())
            best = std::min(best, (s.finalX - m.x).norm());
        EXPECT_LT(best, 1e-6) << name << " ended at " << s.finalX.transpose();
    }
}

TEST(Lbfgs, StepRecordsEveryTrialAsAnEvaluation) {
    auto rosenbrock = makeTestFunction("rosenbrock");
    Lbfgs lbfgs;
    lbfgs.reset(*rosenbrock, vec2(-1.2, 1.0));
    for (int k = 0; k < 20; ++k) {
        const Vector x = lbfgs.x();
        const long before = rosenbrock->evaluations();
        const StepInfo info = lbfgs.step();
        ASSERT_EQ(info.status, StepStatus::Ok) << info.message;
        EXPECT_EQ(long(info.trials.size()), rosenbrock->evaluations() - before);
        ASSERT_FALSE(info.trials.empty());
        EXPECT_EQ(info.trials.back(), lbfgs.x()); // the accepted point is the last trial
        EXPECT_NEAR(info.stepLength, (lbfgs.x() - x).norm(), 1e-15);
    }
}

TEST(Lbfgs, FirstTrialStepHasLengthAtMostOne) {
    auto rosenbrock = makeTestFunction("rosenbrock");
    Lbfgs lbfgs;
    const Vector x0 = vec2(-1.2, 1.0); // |g| ≈ 233 there
    lbfgs.reset(*rosenbrock, x0);
    const StepInfo info = lbfgs.step();
    ASSERT_FALSE(info.trials.empty());
    EXPECT_NEAR((info.trials.front() - x0).norm(), 1.0, 1e-12);
}

TEST(Lbfgs, MemoryBoundsHistory) {
    auto q = testing::makeConvexQuadratic(20, 1000.0, 3);
    LbfgsOptions o;
    o.memory = 3;
    Lbfgs lbfgs(o);
    lbfgs.reset(q, Vector::Zero(20));
    for (int k = 0; k < 10; ++k) {
        ASSERT_EQ(lbfgs.step().status, StepStatus::Ok);
        EXPECT_LE(lbfgs.historySize(), 3);
    }
    EXPECT_EQ(lbfgs.historySize(), 3);
}

TEST(Lbfgs, SeedPairsKeepsNewestCurvaturePairs) {
    auto q = testing::makeConvexQuadratic(2, 10.0, 5);
    LbfgsOptions o;
    o.memory = 2;
    Lbfgs lbfgs(o);
    const Vector x0 = vec2(1.0, -1.0);
    Vector g0;
    const double f0 = q.computeValueAndGradient(x0, g0);
    lbfgs.resetAt(q, x0, f0, g0);
    // y = A s for a quadratic; a pair with negative curvature and a wrong-sized one are skipped,
    // and memory 2 keeps only the newest two of the three good ones.
    Matrix a;
    q.computeHessian(x0, a);
    const Vector s0 = vec2(1.0, 1.0), sNegative = vec2(0.0, 1.0), s1 = vec2(1.0, 0.0);
    // s2 is A-conjugate to s1, so the two pairs make H the exact inverse Hessian (hereditary
    // property of BFGS on quadratics): one unit step to the minimum.
    const Vector s2 = vec2(-a(0, 1) / a(0, 0), 1.0);
    const int kept = lbfgs.seedPairs({{s0, a * s0},
                                      {sNegative, -(a * sNegative)},
                                      {Vector::Ones(3), Vector::Ones(3)},
                                      {s1, a * s1},
                                      {s2, a * s2}});
    EXPECT_EQ(kept, 2);
    const auto pairs = lbfgs.pairs();
    ASSERT_EQ(pairs.size(), 2u);
    EXPECT_EQ(pairs[0].first, s1);
    EXPECT_EQ(pairs[1].first, s2);
    const StepInfo info = lbfgs.step();
    ASSERT_EQ(info.status, StepStatus::Ok);
    EXPECT_LT((lbfgs.x() - q.minimizer()).norm(), 1e-10);
    EXPECT_EQ(info.trials.size(), 1u);
}

TEST(Lbfgs, LineSearchFailureDropsHistoryRetriesSteepestDescentThenFails) {
    auto rosenbrock = makeTestFunction("rosenbrock");
    WrongGradientObjective objective(*rosenbrock);
    Lbfgs lbfgs;
    lbfgs.reset(objective, vec2(-1.2, 1.0));
    for (int k = 0; k < 5; ++k)
        ASSERT_EQ(lbfgs.step().status, StepStatus::Ok);
    ASSERT_GT(lbfgs.historySize(), 0);
    objective.broken = true;
    // The current gradient is still the true one, so the next step may succeed; after that every
    // gradient is negated and both searches must fail.
    StepInfo info;
    int steps = 0;
    do {
        info = lbfgs.step();
        ++steps;
    } while (info.status == StepStatus::Ok && steps < 5);
    ASSERT_EQ(info.status, StepStatus::LineSearchFailed) << info.message;
    EXPECT_EQ(lbfgs.historySize(), 0);
    EXPECT_NE(info.message.find("quasi-Newton direction"), std::string::npos) << info.message;
    EXPECT_NE(info.message.find("steepest descent"), std::string::npos) << info.message;
    EXPECT_NE(info.message.find("dropped"), std::string::npos) << info.message;
    std::printf("[ message  ] %s\n", info.message.c_str());
    // Both searches evaluated trial points (more than one search's budget is not required).
    EXPECT_GE(info.trials.size(), 2u);
    // x unchanged after a failed step: it stays at the last accepted point.
    const Vector x = lbfgs.x();
    const StepInfo again = lbfgs.step();
    EXPECT_EQ(again.status, StepStatus::LineSearchFailed);
    EXPECT_EQ(lbfgs.x(), x);
}

TEST(Lbfgs, RunEndsFailedWithReasonOnWrongGradient) {
    auto rosenbrock = makeTestFunction("rosenbrock");
    WrongGradientObjective objective(*rosenbrock);
    objective.broken = true;
    Lbfgs lbfgs;
    cs::Run run(objective, lbfgs, vec2(-1.2, 1.0), StopOptions{});
    const RunSummary s = run.runToEnd();
    EXPECT_EQ(s.status, Termination::Failed);
    EXPECT_NE(s.message.find("steepest descent"), std::string::npos) << s.message;
    EXPECT_EQ(s.steps, 0);
}

TEST(Lbfgs, NanObjectiveStopsWithNonFinite) {
    auto rosenbrock = makeTestFunction("rosenbrock");
    // NaN everywhere: the run stops at the start.
    testing::NanRegionObjective allNan(*rosenbrock, -1e300);
    Lbfgs lbfgs;
    lbfgs.reset(allNan, vec2(-1.2, 1.0));
    const StepInfo info = lbfgs.step();
    EXPECT_EQ(info.status, StepStatus::NonFinite);
    EXPECT_FALSE(info.message.empty());
    cs::Run run(allNan, lbfgs, vec2(-1.2, 1.0), StopOptions{});
    EXPECT_EQ(run.runToEnd().status, Termination::Diverged);
}

TEST(Lbfgs, LineSearchBacksOffFromNanRegion) {
    auto rosenbrock = makeTestFunction("rosenbrock");
    // NaN for x > 0.5: the minimum (1, 1) is out of reach; L-BFGS must stop without crashing,
    // either failing its line search or reaching the step limit, with every point finite.
    testing::NanRegionObjective objective(*rosenbrock, 0.5);
    Lbfgs lbfgs;
    StopOptions stop;
    stop.maxSteps = 200;
    cs::Run run(objective, lbfgs, vec2(-1.2, 1.0), stop);
    const RunSummary s = run.runToEnd();
    EXPECT_NE(s.status, Termination::Converged);
    EXPECT_TRUE(std::isfinite(s.finalF)) << s.report();
    EXPECT_LE(s.finalX[0], 0.5);
    std::printf("[ info     ] %s\n", s.report().c_str());
}

TEST(Lbfgs, BadOptionsThrowConfigErrorNamingTheField) {
    LbfgsOptions o;
    o.memory = 0;
    EXPECT_THROW(
        {
            try {
                Lbfgs bad(o);
            } catch (const ConfigError& e) {
                EXPECT_EQ(std::string(e.what()).rfind("memory:", 0), 0u) << e.what();
                throw;
            }
        },
        ConfigError);
    o = {};
    o.c2 = o.c1 / 2;
    EXPECT_THROW(Lbfgs{o}, ConfigError);
    try {
        makeOptimizer(nlohmann::json{{"kind", "lbfgs"}, {"memory", 0}});
        FAIL() << "memory 0 accepted";
    } catch (const ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("optimizer.memory"), std::string::npos) << e.what();
    }
    try {
        makeOptimizer(nlohmann::json{{"kind", "lbfgs"}, {"memory", 2.5}});
        FAIL() << "memory 2.5 accepted";
    } catch (const ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("optimizer.memory"), std::string::npos) << e.what();
    }
    try {
        makeOptimizer(nlohmann::json{{"kind", "lbfgs"}, {"c1", 0.5}, {"c2", 0.4}});
        FAIL() << "c2 < c1 accepted";
    } catch (const ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("optimizer.c2"), std::string::npos) << e.what();
    }
}

} // namespace
} // namespace cs
