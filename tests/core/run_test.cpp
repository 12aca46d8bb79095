#include "core/gradient_descent.h"
#include "core/run.h"
#include "core/test_function.h"

#include "core/test_tools.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cmath>

namespace cs {
namespace {

// f(x) = NaN everywhere: the run must end at once, never crash or loop.
class NanObjective : public Objective {
public:
    std::string name() const override { return "nan"; }
    int dimension() const override { return 2; }
    double computeValue(const Vector&) const override { return std::nan(""); }
    double computeValueAndGradient(const Vector& x, Vector& g) const override {
        g = Vector::Constant(x.size(), std::nan(""));
        return std::nan("");
    }
};

// f = ½‖x‖², finite everywhere except that f becomes NaN once x_0 > 10.
class NanBeyondTen : public Objective {
public:
    std::string name() const override { return "nan-beyond-ten"; }
    int dimension() const override { return 2; }
    double computeValue(const Vector& x) const override {
        return x[0] > 10.0 ? std::nan("") : 0.5 * x.squaredNorm();
    }
    double computeValueAndGradient(const Vector& x, Vector& g) const override {
        g = -Vector::Ones(2); // pushes x_0 upwards forever
        return computeValue(x);
    }
};

StopOptions stopAfter(long steps, double gradTol = 1e-8) {
    StopOptions s;
    s.maxSteps = steps;
    s.gradTol = gradTol;
    return s;
}

TEST(Run, StepZeroIsTheStartPoint) {
    auto f = makeTestFunction("booth");
    GradientDescent gd({0.05});
    const Vector x0 = f->start();
    cs::Run run(*f, gd, x0, stopAfter(3));
    ASSERT_EQ(run.trajectory().size(), 1u);
    EXPECT_EQ(run.trajectory().x(0), x0);
    EXPECT_DOUBLE_EQ(run.trajectory().f(0), f->computeValue(x0));
    EXPECT_EQ(run.trajectory().evaluations(0), 1);
    EXPECT_EQ(run.trajectory().phase(0), 1);
    EXPECT_EQ(run.trajectory().optimizer(0), "gd");
    EXPECT_TRUE(std::isnan(run.trajectory().convexity(0)));
}

TEST(Run, CountsOneEvaluationPerGradientStep) {
    auto f = makeTestFunction("booth");
    GradientDescent gd({0.01});
    cs::Run run(*f, gd, f->start(), stopAfter(10));
    const RunSummary s = run.runToEnd();
    EXPECT_EQ(s.status, Termination::MaxSteps);
    EXPECT_EQ(s.steps, 10);
    EXPECT_EQ(run.trajectory().size(), 11u);
    EXPECT_EQ(s.evaluations, 11);
    EXPECT_EQ(run.trajectory().evaluations(10), 11);
    EXPECT_FALSE(run.advance()) << "a finished run must not step again";
    EXPECT_EQ(run.trajectory().size(), 11u);
}

TEST(Run, ConvergesOnGradientTolerance) {
    auto f = makeTestFunction("booth");
    GradientDescent gd({0.05});
    cs::Run run(*f, gd, f->start(), stopAfter(100000, 1e-9));
    const RunSummary s = run.runToEnd();
    EXPECT_EQ(s.status, Termination::Converged);
    EXPECT_LE(s.gradNorm, 1e-9);
    EXPECT_NEAR(s.finalX[0], 1.0, 1e-8);
    EXPECT_NEAR(s.finalX[1], 3.0, 1e-8);
    EXPECT_NE(s.message.find("grad_tol"), std::string::npos) << s.message;
}

TEST(Run, ConvergesOnFunctionChangeTolerance) {
    auto f = makeTestFunction("booth");
    GradientDescent gd({0.01});
    StopOptions stop = stopAfter(100000, 0.0);
    stop.fTol = 1e-6;
    cs::Run run(*f, gd, f->start(), stop);
    const RunSummary s = run.runToEnd();
    EXPECT_EQ(s.status, Termination::Converged);
    const std::size_t n = run.trajectory().size();
    EXPECT_LE(std::abs(run.trajectory().f(n - 1) - run.trajectory().f(n - 2)), 1e-6);
    EXPECT_GT(std::abs(run.trajectory().f(n - 2) - run.trajectory().f(n - 3)), 1e-6);
}

TEST(Run, StopsAtMaxEvaluations) {
    auto f = makeTestFunction("rosenbrock");
    GradientDescent gd({0.0001});
    StopOptions stop = stopAfter(1000);
    stop.maxEvaluations = 25;
    cs::Run run(*f, gd, f->start(), stop);
    const RunSummary s = run.runToEnd();
    EXPECT_EQ(s.status, Termination::MaxEvaluations);
    EXPECT_EQ(s.evaluations, 25);
}

TEST(Run, GradientDescentOverflowsOnRosenbrockAndKeepsTheFiniteTrajectory) {
    auto f = makeTestFunction("rosenbrock");
    GradientDescent gd({0.01});
    cs::Run run(*f, gd, f->start(), stopAfter(1000));
    const RunSummary s = run.runToEnd();
    EXPECT_EQ(s.status, Termination::Diverged) << s.report();
    EXPECT_LT(s.steps, 20) << "overflow expected within about ten steps";
    for (std::size_t i = 0; i < run.trajectory().size(); ++i) {
        EXPECT_TRUE(std::isfinite(run.trajectory().f(i)));
        EXPECT_TRUE(run.trajectory().x(i).allFinite());
    }
    EXPECT_TRUE(std::isfinite(s.finalF));
    EXPECT_TRUE(s.finalX.allFinite());
}

TEST(Run, NanAtTheStartEndsTheRunAtOnce) {
    NanObjective f;
    GradientDescent gd;
    cs::Run run(f, gd, Vector::Zero(2), stopAfter(100));
    EXPECT_TRUE(run.finished());
    EXPECT_EQ(run.status(), Termination::Diverged);
    EXPECT_FALSE(run.advance());
    EXPECT_EQ(run.trajectory().size(), 1u);
}

TEST(Run, NanMidwayEndsAsDivergedWithoutRecordingIt) {
    NanBeyondTen f;
    GradientDescent gd({1.0});
    cs::Run run(f, gd, Vector::Zero(2), stopAfter(100));
    const RunSummary s = run.runToEnd();
    EXPECT_EQ(s.status, Termination::Diverged);
    EXPECT_EQ(s.steps, 10);
    EXPECT_DOUBLE_EQ(s.finalX[0], 10.0);
}

TEST(Run, CancelFlagStopsTheRun) {
    auto f = makeTestFunction("booth");
    GradientDescent gd({0.001});
    std::atomic<bool> cancel{false};
    cs::Run run(*f, gd, f->start(), stopAfter(1000), &cancel);
    EXPECT_TRUE(run.advance());
    EXPECT_TRUE(run.advance());
    cancel = true;
    EXPECT_FALSE(run.advance());
    EXPECT_EQ(run.status(), Termination::Cancelled);
    EXPECT_EQ(run.summary().steps, 2);
}

TEST(Run, RejectsAStartOfTheWrongDimension) {
    auto f = makeTestFunction("booth");
    GradientDescent gd;
    EXPECT_THROW(cs::Run(*f, gd, Vector::Zero(3), stopAfter(10)), ConfigError);
}

TEST(Run, RejectsANonFiniteStart) {
    auto f = makeTestFunction("booth");
    GradientDescent gd;
    Vector x0(2);
    x0 << 1.0, std::numeric_limits<double>::infinity();
    EXPECT_THROW(cs::Run(*f, gd, x0, stopAfter(10)), ConfigError);
}

TEST(Run, MaxStepsZeroRecordsOnlyTheStart) {
    auto f = makeTestFunction("booth");
    GradientDescent gd;
    cs::Run run(*f, gd, f->start(), stopAfter(0));
    EXPECT_TRUE(run.finished());
    EXPECT_EQ(run.status(), Termination::MaxSteps);
    EXPECT_EQ(run.trajectory().size(), 1u);
}

TEST(Run, AMillionStepTwoDimensionalRunStaysUnder200MB) {
    auto f = makeTestFunction("matyas");
    GradientDescent gd({1e-9}); // tiny steps: the run never converges before the limit
    cs::Run run(*f, gd, f->start(), stopAfter(1000000, 0.0));
    const RunSummary s = run.runToEnd();
    EXPECT_EQ(s.status, Termination::MaxSteps);
    EXPECT_EQ(run.trajectory().size(), 1000001u);
    const double megabytes = run.trajectory().memoryBytes() / 1e6;
    std::printf("trajectory of 1e6 steps: %.1f MB\n", megabytes);
    EXPECT_LT(megabytes, 200.0);
}

TEST(RunSummary, ReportNamesTheOutcome) {
    auto f = makeTestFunction("booth");
    GradientDescent gd({0.01});
    cs::Run run(*f, gd, f->start(), stopAfter(5));
    const std::string report = run.runToEnd().report();
    EXPECT_NE(report.find("max_steps after 5 steps (6 evaluations)"), std::string::npos) << report;
}

TEST(Termination, NamesMatchTheSummaryFormat) {
    EXPECT_EQ(terminationName(Termination::Converged), "converged");
    EXPECT_EQ(terminationName(Termination::MaxSteps), "max_steps");
    EXPECT_EQ(terminationName(Termination::MaxEvaluations), "max_evaluations");
    EXPECT_EQ(terminationName(Termination::Diverged), "diverged");
    EXPECT_EQ(terminationName(Termination::Cancelled), "cancelled");
    EXPECT_EQ(terminationName(Termination::Failed), "failed");
}

TEST(StopOptions, ValidateNamesTheField) {
    StopOptions s;
    s.gradTol = -1;
    try {
        s.validate();
        FAIL() << "expected ConfigError";
    } catch (const ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("grad_tol"), std::string::npos);
    }
}

} // namespace
} // namespace cs
