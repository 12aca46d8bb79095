// The switching optimizer on real runs: the evidence bars of issue 3, fallback, limits, errors.

#include "core/switching.h"

#include "core/adam.h"
#include "core/gradient_descent.h"
#include "core/lbfgs.h"
#include "core/optimizer_registry.h"
#include "core/scene.h"
#include "core/switching_report.h"
#include "core/test_function.h"
#include "core/test_tools.h"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <Eigen/Eigenvalues>

#include <cmath>

namespace cs {
namespace {

using nlohmann::json;

// The scene of issue 3.
json issueScene() {
    return json::parse(R"({"kind": "switching", "phase1": {"kind": "adam", "lr": 0.01},
        "phase2": {"kind": "lbfgs", "memory": 10},
        "criterion": {"kind": "combined", "threshold": 0.8, "patience": 5, "window": 10},
        "min_steps": 20, "fallback": true, "max_switches": 3})");
}

StopOptions stopAfter(long steps) {
    StopOptions stop;
    stop.maxSteps = steps;
    return stop;
}

double lambdaMin(const TestFunction& f, const Vector& x) {
    Matrix h;
    EXPECT_TRUE(f.computeHessian(x, h));
    return Eigen::SelfAdjointEigenSolver<Matrix>(h, Eigen::EigenvaluesOnly).eigenvalues()[0];
}

TEST(Switching, ConvexFunctionsSwitchWithinTheFirstWindow) {
    for (const char* name : {"booth", "matyas", "quadratic"}) {
        auto f = makeTestFunction(name);
        json spec = issueScene();
        spec["min_steps"] = 0;
        const MeasuredRun r = measureRun(*f, spec, stopAfter(2000));
        ASSERT_TRUE(r.switchStep) << name;
        EXPECT_LE(*r.switchStep, 10) << name;
        EXPECT_GT(r.switchLambdaMin, 0.0) << name;
        EXPECT_LT(r.finalGap, 1e-10) << name;
    }
}

class FourFunctions : public ::testing::TestWithParam<const char*> {};

TEST_P(FourFunctions, DefaultSwitchingReachesTheMinimumWithOneSwitch) {
    auto f = makeTestFunction(GetParam());
    const MeasuredRun r = measureRun(*f, issueScene(), stopAfter(20000));
    EXPECT_LT(r.finalGap, 1e-10) << r.summary.report();
    EXPECT_EQ(r.summary.switches.size(), 1u) << r.summary.report();
    ASSERT_TRUE(r.summary.switchStep());
    EXPECT_EQ(r.summary.switches.front().from, "adam");
    EXPECT_EQ(r.summary.switches.front().to, "lbfgs");
}

INSTANTIATE_TEST_SUITE_P(Issue3, FourFunctions,
                         ::testing::Values("rosenbrock", "himmelblau", "beale", "six-hump-camel"));

class ConvexLanding : public ::testing::TestWithParam<const char*> {};

TEST_P(ConvexLanding, SwitchLandsWhereTheHessianIsPositiveDefinite) {
    auto f = makeTestFunction(GetParam());
    const MeasuredRun r = measureRun(*f, issueScene(), stopAfter(20000));
    ASSERT_TRUE(r.switchStep);
    EXPECT_GT(lambdaMin(*f, r.switchX), 0.0)
        << GetParam() << " switched at step " << *r.switchStep << ", x = " << r.switchX.transpose();
}

INSTANTIATE_TEST_SUITE_P(Issue3, ConvexLanding,
                         ::testing::Values("himmelblau", "beale", "six-hump-camel"));

// Evaluations to f − f* < 1e-6, Adam alone over default switching.
double speedup(const char* name, const json& spec) {
    auto f = makeTestFunction(name);
    const MeasuredRun adam = measureRun(*f, {{"kind", "adam"}, {"lr", 0.01}}, stopAfter(20000));
    const MeasuredRun sw = measureRun(*f, spec, stopAfter(20000));
    EXPECT_TRUE(adam.evaluationsToTol) << name;
    EXPECT_TRUE(sw.evaluationsToTol) << name;
    if (!adam.evaluationsToTol || !sw.evaluationsToTol)
        return 0.0;
    std::printf("[ measured ] %s: Adam %ld, switching %ld evaluations\n", name,
                *adam.evaluationsToTol, *sw.evaluationsToTol);
    return double(*adam.evaluationsToTol) / double(*sw.evaluationsToTol);
}

TEST(Switching, BealeNeedsTenTimesFewerEvaluationsThanAdam) {
    EXPECT_GE(speedup("beale", issueScene()), 10.0);
}

TEST(Switching, HimmelblauAndSixHumpNeedFewerEvaluationsThanAdam) {
    EXPECT_GT(speedup("himmelblau", issueScene()), 1.0);
    EXPECT_GT(speedup("six-hump-camel", issueScene()), 1.0);
}

// Issue 3's 10× on Rosenbrock with the issue's scene (min_steps 20). The combined criterion
// fires at step 39 on the valley wall, where λ_min(H) < 0 (the issue asks only that the report
// say where); L-BFGS finishes from there.
TEST(Switching, RosenbrockNeedsTenTimesFewerEvaluationsThanAdam) {
    EXPECT_GE(speedup("rosenbrock", issueScene()), 10.0);
}

TEST(Switching, RosenbrockNeedsTenTimesFewerEvaluationsWithMinStepsZero) {
    json spec = issueScene();
    spec["min_steps"] = 0;
    EXPECT_GE(speedup("rosenbrock", spec), 10.0);
}

TEST(SwitchingReport, RandomStartsAreSeededAndInsideTheDomain) {
    auto f = makeTestFunction("beale");
    const auto starts = reportRandomStarts(*f, 40);
    ASSERT_EQ(starts.size(), 40u);
    const Box box = f->domain();
    double spreadX = 0.0;
    for (const Vector& x : starts) {
        EXPECT_GE(x[0], box.xMin);
        EXPECT_LT(x[0], box.xMax);
        EXPECT_GE(x[1], box.yMin);
        EXPECT_LT(x[1], box.yMax);
        spreadX = std::max(spreadX, std::abs(x[0] - starts.front()[0]));
    }
    EXPECT_GT(spreadX, 1.0); // not one point repeated
    const auto again = reportRandomStarts(*f, 40);
    for (std::size_t i = 0; i < starts.size(); ++i)
        EXPECT_EQ(starts[i], again[i]);
}

TEST(Switching, TrajectoryRecordsPhaseConvexityAndSignals) {
    auto f = makeTestFunction("beale");
    auto optimizer = makeOptimizer(issueScene());
    cs::Run run(*f, *optimizer, f->start(), stopAfter(20000));
    const RunSummary s = run.runToEnd();
    ASSERT_EQ(s.switches.size(), 1u);
    const long at = s.switches.front().step;
    const Trajectory& t = run.trajectory();
    ASSERT_EQ(t.signalNames(), convexitySignalNames());
    EXPECT_EQ(*s.switchStep(), at);
    for (std::size_t i = 1; i < t.size(); ++i) {
        EXPECT_EQ(t.phase(i), long(i) <= at ? 1 : 2) << i;
        EXPECT_EQ(t.optimizer(i), long(i) <= at ? "adam" : "lbfgs") << i;
        EXPECT_GE(t.convexity(i), 0.0) << i;
        EXPECT_LE(t.convexity(i), 1.0) << i;
    }
    // Every criterion's raw signal is recorded, the oracle too (Beale has a Hessian).
    for (std::size_t j = 0; j < t.signalNames().size(); ++j)
        EXPECT_TRUE(std::isfinite(t.signal(at, j))) << t.signalNames()[j];
    EXPECT_NEAR(t.signal(at, HessianSignal), lambdaMin(*f, t.x(at)), 1e-9);
    // The score that fired is the one recorded at that step.
    const SwitchEvent& e = s.switches.front();
    EXPECT_EQ(e.score, t.convexity(at));
    EXPECT_GE(e.score, 0.8);
    ASSERT_EQ(e.signals.size(), convexitySignalNames().size());
    EXPECT_NE(e.reason.find("secant curvature positive on 10 of the last 10 steps"),
              std::string::npos)
        << e.reason;
    EXPECT_NE(e.reason.find(">= 0.80 for 5 steps"), std::string::npos) << e.reason;
}

TEST(Switching, FixedCriterionSwitchesAtItsStep) {
    auto f = makeTestFunction("himmelblau");
    json spec = issueScene();
    spec["criterion"] = {{"kind", "fixed"}, {"step", 37}};
    const MeasuredRun r = measureRun(*f, spec, stopAfter(5000));
    ASSERT_TRUE(r.switchStep);
    EXPECT_EQ(*r.switchStep, 37);
    EXPECT_EQ(r.summary.switches.front().reason, "fixed schedule: phase 2 after 37 phase-1 steps");
}

TEST(Switching, MinStepsDelaysTheSwitch) {
    auto f = makeTestFunction("booth");
    json spec = issueScene();
    spec["min_steps"] = 50;
    const MeasuredRun r = measureRun(*f, spec, stopAfter(5000));
    ASSERT_TRUE(r.switchStep);
    EXPECT_EQ(*r.switchStep, 50); // Booth is convex: the score is high all along
}

TEST(Switching, SeedPairsFillTheLbfgsMemory) {
    auto f = makeTestFunction("booth");
    AdamOptions adam;
    adam.lr = 0.01;
    SwitchingOptions options;
    options.seedPairs = true;
    SwitchingOptimizer sw(std::make_unique<Adam>(adam), std::make_unique<Lbfgs>(), options);
    sw.reset(*f, f->start());
    while (sw.phase() == 1)
        ASSERT_EQ(sw.step().status, StepStatus::Ok);
    const auto& lbfgs = dynamic_cast<const Lbfgs&>(sw.phaseOptimizer(2));
    EXPECT_EQ(lbfgs.historySize(), 10); // memory 10, from the 20 Adam steps
    // Seeded curvature pairs of a quadratic: y = H s exactly.
    Matrix h;
    f->computeHessian(f->start(), h);
    for (const auto& [s, y] : lbfgs.pairs())
        EXPECT_TRUE(testing::closeRelative(y, h * s, 1e-9));
}

TEST(Switching, ActiveKindIsThePhaseThatMadeTheLatestStep) {
    auto f = makeTestFunction("booth");
    auto optimizer = makeOptimizer(issueScene());
    optimizer->reset(*f, f->start());
    EXPECT_EQ(optimizer->kind(), "switching");
    EXPECT_EQ(optimizer->activeKind(), "adam");
    StepInfo info;
    do {
        info = optimizer->step();
        EXPECT_EQ(optimizer->activeKind(), "adam");
        EXPECT_EQ(info.phase, 1);
    } while (!info.switched);
    info = optimizer->step();
    EXPECT_EQ(info.phase, 2);
    EXPECT_EQ(optimizer->activeKind(), "lbfgs");
    // reset() starts over in phase 1 with no events.
    optimizer->reset(*f, f->start());
    EXPECT_EQ(optimizer->activeKind(), "adam");
    EXPECT_TRUE(optimizer->switchEvents().empty());
}

// A phase 2 that always raises f: gradient descent with a step far beyond 2/L on Booth.
json failingPhase2Scene(bool fallback, int maxSwitches) {
    json spec = issueScene();
    spec["phase2"] = {{"kind", "gd"}, {"lr", 1.0}};
    spec["fallback"] = fallback;
    spec["max_switches"] = maxSwitches;
    return spec;
}

TEST(Switching, FallbackWhenPhase2RaisesF) {
    auto f = makeTestFunction("booth");
    auto optimizer = makeOptimizer(failingPhase2Scene(true, 2));
    cs::Run run(*f, *optimizer, f->start(), stopAfter(300));
    const RunSummary s = run.runToEnd();
    ASSERT_EQ(s.switches.size(), 2u);
    const SwitchEvent& back = s.switches[1];
    EXPECT_EQ(back.from, "gd");
    EXPECT_EQ(back.to, "adam");
    EXPECT_EQ(back.step, s.switches[0].step + 1);
    EXPECT_NE(back.reason.find("phase 2 (gd) raised f from"), std::string::npos) << back.reason;
    // The failed step is not taken: x stays, and the rejected point is shown as a trial.
    const Trajectory& t = run.trajectory();
    const auto k = static_cast<std::size_t>(back.step);
    EXPECT_EQ(t.x(k), t.x(k - 1));
    EXPECT_EQ(t.f(k), t.f(k - 1));
    EXPECT_EQ(t.trialCount(k), 1u);
    EXPECT_EQ(t.phase(k), 2);
    // Phase 1 then runs on and converges.
    EXPECT_EQ(t.phase(k + 1), 1);
    EXPECT_EQ(s.status, Termination::MaxSteps);
    EXPECT_LT(s.finalF, t.f(k));
}

TEST(Switching, MaxSwitchesIsRespected) {
    auto f = makeTestFunction("booth");
    auto optimizer = makeOptimizer(failingPhase2Scene(true, 3));
    cs::Run run(*f, *optimizer, f->start(), stopAfter(400));
    const RunSummary s = run.runToEnd();
    // 1 → 2, back to 1, 1 → 2 again; then no switch is left and gd diverges.
    ASSERT_EQ(s.switches.size(), 3u);
    EXPECT_EQ(s.switches[2].to, "gd");
    EXPECT_EQ(run.trajectory().phase(run.trajectory().size() - 1), 2);
    EXPECT_EQ(s.status, Termination::Diverged);
}

TEST(Switching, WithoutFallbackFailuresPassThrough) {
    auto f = makeTestFunction("booth");
    auto optimizer = makeOptimizer(failingPhase2Scene(false, 3));
    cs::Run run(*f, *optimizer, f->start(), stopAfter(400));
    const RunSummary s = run.runToEnd();
    EXPECT_EQ(s.switches.size(), 1u);
    EXPECT_EQ(s.status, Termination::Diverged);
}

// f(x) = ½‖x‖² with a gradient but no Hessian: Newton cannot step there.
class NoHessianBowl : public Objective {
public:
    std::string name() const override { return "no-hessian-bowl"; }
    int dimension() const override { return 2; }
    double computeValue(const Vector& x) const override { return 0.5 * x.squaredNorm(); }
    double computeValueAndGradient(const Vector& x, Vector& g) const override {
        g = x;
        return 0.5 * x.squaredNorm();
    }
};

TEST(Switching, FallbackWhenPhase2LineSearchFails) {
    NoHessianBowl f;
    json spec = issueScene();
    spec["phase2"] = {{"kind", "newton"}};
    spec["max_switches"] = 2;
    auto optimizer = makeOptimizer(spec);
    Vector x0(2);
    x0 << 3.0, -2.0;
    cs::Run run(f, *optimizer, x0, stopAfter(100));
    const RunSummary s = run.runToEnd();
    ASSERT_EQ(s.switches.size(), 2u);
    EXPECT_EQ(s.switches[1].from, "newton");
    EXPECT_NE(s.switches[1].reason.find("line search failed"), std::string::npos)
        << s.switches[1].reason;
    const auto k = static_cast<std::size_t>(s.switches[1].step);
    EXPECT_EQ(run.trajectory().x(k), run.trajectory().x(k - 1));
}

// A phase 2 whose line search always fails, leaving x where it was.
class FailingLineSearch : public Optimizer {
public:
    std::string kind() const override { return "failing"; }
    StepInfo step() override {
        StepInfo info;
        info.status = StepStatus::LineSearchFailed;
        info.message = "no trial decreased f";
        return info;
    }

private:
    void onReset() override {}
};

// f(x) = ½‖x‖² + 10⁶: the rounding error of f (about 2e-10) hides decreases below it.
class LiftedBowl : public Objective {
public:
    std::string name() const override { return "lifted-bowl"; }
    int dimension() const override { return 2; }
    double computeValue(const Vector& x) const override { return 0.5 * x.squaredNorm() + 1e6; }
    double computeValueAndGradient(const Vector& x, Vector& g) const override {
        g = x;
        return computeValue(x);
    }
};

TEST(Switching, LineSearchFailureAtThePrecisionFloorIsNotAFailure) {
    // After 100 gradient steps (rate 0.9) ‖g‖ ≈ 1e-4, so ½‖g‖²/κ ≈ 1e-8 is below 100·ε·|f|:
    // the failing phase 2 ends the run instead of falling back.
    LiftedBowl f;
    Vector x0(2);
    x0 << 3.0, -4.0;
    SwitchingOptions options;
    options.criterion.kind = CriterionKind::Fixed;
    options.criterion.step = 100;
    GradientDescentOptions gd;
    gd.lr = 0.1;
    SwitchingOptimizer atFloor(std::make_unique<GradientDescent>(gd),
                               std::make_unique<FailingLineSearch>(), options);
    cs::Run run(f, atFloor, x0, stopAfter(1000));
    const RunSummary s = run.runToEnd();
    EXPECT_EQ(s.switches.size(), 1u);
    EXPECT_EQ(s.status, Termination::Failed);
    EXPECT_EQ(s.steps, 100); // the failed step is not recorded

    // The same failure far from the minimum does fall back.
    options.criterion.step = 1;
    SwitchingOptimizer early(std::make_unique<GradientDescent>(gd),
                             std::make_unique<FailingLineSearch>(), options);
    cs::Run run2(f, early, x0, stopAfter(2));
    const RunSummary s2 = run2.runToEnd();
    ASSERT_EQ(s2.switches.size(), 2u);
    EXPECT_EQ(s2.switches[1].from, "failing");
    EXPECT_NE(s2.switches[1].reason.find("line search failed (no trial decreased f)"),
              std::string::npos)
        << s2.switches[1].reason;
}

TEST(Switching, FallbackWhenPhase2MeetsNegativeCurvature) {
    // Himmelblau's start is in a concave region; a fixed switch hands it to gradient descent,
    // whose first step shows s'y < 0. That step lowered f, so it is kept.
    auto f = makeTestFunction("himmelblau");
    json spec = issueScene();
    spec["criterion"] = {{"kind", "fixed"}, {"step", 5}};
    spec["phase2"] = {{"kind", "gd"}, {"lr", 0.001}};
    spec["max_switches"] = 2;
    auto optimizer = makeOptimizer(spec);
    cs::Run run(*f, *optimizer, f->start(), stopAfter(50));
    const RunSummary s = run.runToEnd();
    ASSERT_EQ(s.switches.size(), 2u);
    EXPECT_EQ(s.switches[1].step, 6);
    EXPECT_NE(s.switches[1].reason.find("negative curvature"), std::string::npos)
        << s.switches[1].reason;
    const Trajectory& t = run.trajectory();
    EXPECT_LT(t.f(6), t.f(5));
    EXPECT_GT(t.stepLength(6), 0.0);
}

void expectConfigError(const json& spec, const std::string& message) {
    try {
        makeOptimizer(spec);
        ADD_FAILURE() << "no ConfigError for " << spec.dump();
    } catch (const ConfigError& e) {
        EXPECT_EQ(std::string(e.what()), message) << spec.dump();
    }
}

TEST(Switching, BadConfigsNameTheField) {
    json spec = issueScene();
    spec["criterion"]["threshold"] = 2;
    expectConfigError(spec, "optimizer.criterion.threshold: must be [0, 1], got 2");
    spec = issueScene();
    spec["phase2"] = {{"kind", "bfgs"}};
    // The known list grows as optimizers are added; the path and the name are what matter.
    try {
        makeOptimizer(spec);
        ADD_FAILURE() << "no ConfigError for an unknown phase-2 kind";
    } catch (const ConfigError& e) {
        EXPECT_EQ(std::string(e.what()).rfind(
                      "optimizer.phase2.kind: unknown optimizer 'bfgs' (known: ", 0),
                  0u)
            << e.what();
    }
    spec = issueScene();
    spec["phase1"]["lr"] = -1;
    expectConfigError(spec, "optimizer.phase1.lr: must be (0, inf), got -1");
    spec = issueScene();
    spec["phase1"] = issueScene();
    expectConfigError(spec, "optimizer.phase1.kind: a switching optimizer cannot be a phase of "
                            "another");
    spec = issueScene();
    spec["min_steps"] = -3;
    expectConfigError(spec, "optimizer.min_steps: must be integer in [0, 1e+12], got -3");
    spec = issueScene();
    spec["max_switches"] = 0;
    expectConfigError(spec, "optimizer.max_switches: must be integer in [1, 1000], got 0");
    spec = issueScene();
    spec["fallback"] = "yes";
    expectConfigError(spec, "optimizer.fallback: expected true or false, got \"yes\"");
    spec = issueScene();
    spec["seed_pairs"] = 1;
    expectConfigError(spec, "optimizer.seed_pairs: expected true or false, got 1");
    spec = issueScene();
    spec["patience"] = 5;
    expectConfigError(spec, "optimizer.patience: unknown field (known: min_steps, max_switches, "
                            "criterion, fallback, kind, phase1, phase2, seed_pairs)");
    spec = issueScene();
    spec["criterion"] = {{"kind", "nope"}};
    expectConfigError(spec, "optimizer.criterion.kind: unknown criterion 'nope' (known: "
                            "ratio-trend, grad-smooth, secant, coordinate-secant, descent-ratio, "
                            "hessian, combined, "
                            "fixed)");
}

TEST(Switching, OmittedFieldsTakeDefaults) {
    auto optimizer = makeOptimizer({{"kind", "switching"}});
    const auto& sw = dynamic_cast<const SwitchingOptimizer&>(*optimizer);
    EXPECT_EQ(sw.phaseOptimizer(1).kind(), "adam");
    EXPECT_EQ(sw.phaseOptimizer(2).kind(), "lbfgs");
    EXPECT_EQ(sw.options().minSteps, 20);
    EXPECT_TRUE(sw.options().fallback);
    EXPECT_EQ(sw.options().maxSwitches, 3);
    EXPECT_FALSE(sw.options().seedPairs);
    EXPECT_EQ(sw.options().criterion.kind, CriterionKind::Combined);
    EXPECT_EQ(sw.signalNames(), convexitySignalNames());
}

TEST(Switching, RegisteredAsComposite) {
    const OptimizerInfo* info = findOptimizerInfo("switching");
    ASSERT_NE(info, nullptr);
    EXPECT_TRUE(info->composite);
    ASSERT_NE(findOptimizerInfo("swats"), nullptr);
    EXPECT_FALSE(findOptimizerInfo("swats")->composite);
}

TEST(Switching, IssueSceneParses) {
    const Scene scene = parseScene({{"objective", {{"kind", "function"}, {"name", "rosenbrock"}}},
                                    {"optimizer", issueScene()}});
    EXPECT_EQ(scene.optimizer, issueScene());
}

TEST(Switching, HessianCriterionCountsItsHessianEvaluations) {
    auto f = makeTestFunction("himmelblau");
    json spec = issueScene();
    spec["criterion"] = {{"kind", "hessian"}};
    const MeasuredRun driving = measureRun(*f, spec, stopAfter(20000));
    const MeasuredRun charting = measureRun(*f, issueScene(), stopAfter(20000));
    ASSERT_TRUE(driving.switchStep);
    // One Hessian per phase-1 step, where the oracle decides; none at the start or in phase 2.
    EXPECT_EQ(driving.summary.hessianEvaluations, *driving.switchStep);
    EXPECT_EQ(charting.summary.hessianEvaluations, 0); // the oracle for the charts is free
}

} // namespace
} // namespace cs
