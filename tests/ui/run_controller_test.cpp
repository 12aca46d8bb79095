// RunController + RunWorker: the run lifecycle through queued signals, without a window.
#include "ui/run_controller.h"

#include "tests/ui/gui_test_util.h"

#include <QSignalSpy>

#include <gtest/gtest.h>

#include <atomic>
#include <memory>

namespace cs::ui {
namespace {

using test::kWaitMs;
using test::longAdamScene;
using test::sceneFrom;
using test::waitUntil;
using State = RunController::State;

// An unlimited run: far more steps than any test lets it make.
constexpr long kEndless = 1000000000;

// Collects what a controller reports and checks that the records arrive in order, each step
// exactly once.
struct Recorder {
    explicit Recorder(RunController& c) : controller(c) {
        QObject::connect(&c, &RunController::progress, &c,
                         [this](const std::vector<IterationRecord>& records,
                                const std::vector<SwitchEvent>&) {
                             ++batches;
                             for (const IterationRecord& r : records) {
                                 if (r.step != lastStep + 1)
                                     ++outOfOrder;
                                 lastStep = r.step;
                             }
                         });
        QObject::connect(&c, &RunController::finished, &c, [this](const RunSummary& s) {
            ++finished;
            summary = s;
        });
        QObject::connect(&c, &RunController::failed, &c, [this](const QString& m) {
            ++failed;
            message = m;
        });
        QObject::connect(&c, &RunController::pausedAt, &c, [this](long steps) {
            ++pauses;
            pausedAt = steps;
        });
    }
    // A new run: records start again at step 0.
    void restart() {
        lastStep = -1;
        outOfOrder = 0;
        batches = 0;
    }
    bool waitFinished() {
        const int before = finished + failed;
        return waitUntil([&] { return finished + failed > before; });
    }
    bool waitPaused() {
        const int before = pauses;
        return waitUntil([&] { return pauses > before; });
    }

    RunController& controller;
    long lastStep = -1;
    int outOfOrder = 0;
    int batches = 0;
    int finished = 0;
    int failed = 0;
    int pauses = 0;
    long pausedAt = -1;
    RunSummary summary;
    QString message;
};

TEST(RunController, RunsToTheEndAndHandsOverTheTrajectory) {
    RunController controller;
    Recorder rec(controller);
    QSignalSpy finished(&controller, &RunController::finished);
    QSignalSpy failed(&controller, &RunController::failed);
    controller.setSpeed(0.0);
    controller.start(longAdamScene(300));
    EXPECT_EQ(controller.state(), State::Starting);
    ASSERT_TRUE(finished.wait(kWaitMs));
    EXPECT_EQ(failed.count(), 0);
    EXPECT_EQ(controller.state(), State::Finished);
    EXPECT_EQ(rec.summary.status, Termination::MaxSteps);
    EXPECT_EQ(rec.summary.steps, 300);
    EXPECT_EQ(rec.lastStep, 300);
    EXPECT_EQ(rec.outOfOrder, 0);
    ASSERT_NE(controller.trajectory(), nullptr);
    EXPECT_EQ(controller.trajectory()->size(), 301u);
}

TEST(RunController, StartPausedWaitsAndStepMakesExactlyOneIteration) {
    RunController controller;
    Recorder rec(controller);
    controller.start(longAdamScene(kEndless), /*paused=*/true);
    ASSERT_TRUE(rec.waitPaused());
    EXPECT_EQ(controller.state(), State::Paused);
    EXPECT_EQ(rec.pausedAt, 0);
    EXPECT_EQ(rec.lastStep, 0); // the start point only
    for (long k = 1; k <= 3; ++k) {
        controller.step();
        ASSERT_TRUE(rec.waitPaused()) << "step " << k;
        EXPECT_EQ(rec.pausedAt, k);
        EXPECT_EQ(rec.lastStep, k);
    }
    controller.stop();
    ASSERT_TRUE(rec.waitFinished());
    EXPECT_EQ(rec.failed, 0);
    EXPECT_EQ(rec.summary.status, Termination::Cancelled);
    EXPECT_EQ(rec.summary.steps, 3);
    EXPECT_EQ(rec.outOfOrder, 0);
}

TEST(RunController, PauseHaltsARunningRunThenStepAndResumeContinue) {
    RunController controller;
    Recorder rec(controller);
    controller.setSpeed(0.0);
    controller.start(longAdamScene(kEndless));
    ASSERT_TRUE(waitUntil([&] { return rec.lastStep > 0; }));
    EXPECT_EQ(controller.state(), State::Running);

    controller.pause();
    EXPECT_EQ(controller.state(), State::Paused);
    ASSERT_TRUE(rec.waitPaused());
    const long halted = rec.pausedAt;
    EXPECT_GT(halted, 0);
    EXPECT_EQ(rec.lastStep, halted); // everything up to the halt was delivered

    controller.step();
    ASSERT_TRUE(rec.waitPaused());
    EXPECT_EQ(rec.pausedAt, halted + 1);
    EXPECT_EQ(rec.lastStep, halted + 1);

    controller.resume();
    EXPECT_EQ(controller.state(), State::Running);
    ASSERT_TRUE(waitUntil([&] { return rec.lastStep > halted + 1; }));
    controller.stop();
    ASSERT_TRUE(rec.waitFinished());
    EXPECT_EQ(rec.failed, 0);
    EXPECT_EQ(rec.summary.status, Termination::Cancelled);
    EXPECT_EQ(rec.summary.steps, rec.lastStep);
    EXPECT_EQ(rec.outOfOrder, 0);
}

TEST(RunController, StepOnARunningRunPausesAfterOneMoreIteration) {
    RunController controller;
    Recorder rec(controller);
    controller.setSpeed(0.0);
    controller.start(longAdamScene(kEndless));
    ASSERT_TRUE(waitUntil([&] { return rec.lastStep > 0; }));
    controller.step();
    EXPECT_EQ(controller.state(), State::Paused);
    ASSERT_TRUE(rec.waitPaused());
    const long halted = rec.pausedAt;
    controller.stop();
    ASSERT_TRUE(rec.waitFinished());
    EXPECT_EQ(rec.summary.steps, halted);
    EXPECT_EQ(rec.outOfOrder, 0);
}

TEST(RunController, StopEndsAnUnlimitedRunAsCancelled) {
    RunController controller;
    Recorder rec(controller);
    QSignalSpy finished(&controller, &RunController::finished);
    controller.setSpeed(0.0);
    controller.start(longAdamScene(kEndless));
    ASSERT_TRUE(waitUntil([&] { return rec.lastStep > 0; }));
    controller.stop();
    ASSERT_TRUE(finished.wait(kWaitMs));
    EXPECT_EQ(rec.failed, 0);
    EXPECT_EQ(controller.state(), State::Finished);
    EXPECT_EQ(rec.summary.status, Termination::Cancelled);
    EXPECT_EQ(rec.summary.steps, rec.lastStep);
    ASSERT_NE(controller.trajectory(), nullptr);
    EXPECT_EQ(long(controller.trajectory()->size()), rec.summary.steps + 1);
}

TEST(RunController, ResetForgetsTheRunAndANewRunStartsClean) {
    RunController controller;
    Recorder rec(controller);
    controller.setSpeed(0.0);
    controller.start(longAdamScene(kEndless));
    ASSERT_TRUE(waitUntil([&] { return rec.lastStep > 0; }));
    controller.reset();
    EXPECT_EQ(controller.state(), State::Idle);
    EXPECT_EQ(controller.trajectory(), nullptr);
    // The reset run's remaining signals (its last batch, its cancelled finish) come before the
    // next run's in the worker's queue, and must all be dropped.
    rec.restart();
    controller.start(longAdamScene(50));
    ASSERT_TRUE(rec.waitFinished());
    EXPECT_EQ(rec.finished, 1);
    EXPECT_EQ(rec.failed, 0);
    EXPECT_EQ(rec.summary.status, Termination::MaxSteps);
    EXPECT_EQ(rec.summary.steps, 50);
    EXPECT_EQ(rec.lastStep, 50);
    EXPECT_EQ(rec.outOfOrder, 0);
}

TEST(RunController, ADivergingRunFinishesAsDivergedNotFailed) {
    RunController controller;
    Recorder rec(controller);
    QSignalSpy finished(&controller, &RunController::finished);
    QSignalSpy failed(&controller, &RunController::failed);
    controller.setSpeed(0.0);
    // Plain gradient descent with lr 0.01 on Rosenbrock from (-1.2, 1) blows up within a few
    // steps (tests/data/gd_diverges.json).
    controller.start(sceneFrom(R"({"objective": {"kind": "function", "name": "rosenbrock"},
                                   "start": [-1.2, 1.0],
                                   "optimizer": {"kind": "gd", "lr": 0.01},
                                   "stop": {"max_steps": 1000}})"));
    ASSERT_TRUE(finished.wait(kWaitMs));
    EXPECT_EQ(failed.count(), 0);
    EXPECT_EQ(rec.summary.status, Termination::Diverged);
    EXPECT_LT(rec.summary.steps, 1000);
    EXPECT_EQ(controller.state(), State::Finished);
}

TEST(RunController, ASceneThatCannotBeBuiltFailsNamingTheField) {
    RunController controller;
    QSignalSpy finished(&controller, &RunController::finished);
    QSignalSpy failed(&controller, &RunController::failed);
    Scene scene = longAdamScene(100);
    scene.optimizer["lr"] = -1.0; // parseScene would refuse it; the worker must too
    controller.start(scene);
    ASSERT_TRUE(failed.wait(kWaitMs));
    EXPECT_EQ(finished.count(), 0);
    const QString message = failed.at(0).at(0).toString();
    EXPECT_TRUE(message.contains(QStringLiteral("lr"))) << message.toStdString();
    EXPECT_EQ(controller.state(), State::Finished);
    EXPECT_EQ(controller.trajectory(), nullptr);
}

// At most ~60 batches a second, never a signal per step: a long unlimited run sends far fewer
// batches than it makes steps (counts, not times).
TEST(RunController, BatchesAreFarFewerThanSteps) {
    constexpr long kSteps = 400000;
    RunController controller;
    Recorder rec(controller);
    QSignalSpy progress(&controller, &RunController::progress);
    controller.setSpeed(0.0);
    controller.start(longAdamScene(kSteps));
    ASSERT_TRUE(rec.waitFinished());
    EXPECT_EQ(rec.summary.steps, kSteps);
    EXPECT_EQ(rec.lastStep, kSteps);
    EXPECT_EQ(rec.outOfOrder, 0);
    EXPECT_GE(progress.count(), 1);
    EXPECT_LT(long(progress.count()) * 100, kSteps)
        << progress.count() << " batches for " << kSteps << " steps";
}

TEST(RunController, DestroyingItMidRunStopsAndJoinsTheWorker) {
    auto controller = std::make_unique<RunController>();
    Recorder rec(*controller);
    std::atomic<bool> threadFinished{false};
    QObject::connect(
        controller->workerThread(), &QThread::finished, controller->workerThread(),
        [&] { threadFinished = true; }, Qt::DirectConnection);
    controller->setSpeed(0.0);
    controller->start(longAdamScene(kEndless));
    ASSERT_TRUE(waitUntil([&] { return rec.lastStep > 0; }));
    controller.reset(); // must return: the destructor cancels, quits and waits
    EXPECT_TRUE(threadFinished.load());
}

TEST(RunController, ControlsWithoutARunDoNothing) {
    RunController controller;
    controller.pause();
    controller.resume();
    controller.step();
    controller.stop();
    EXPECT_EQ(controller.state(), State::Idle);
    controller.reset();
    EXPECT_EQ(controller.state(), State::Idle);
}

} // namespace
} // namespace cs::ui
