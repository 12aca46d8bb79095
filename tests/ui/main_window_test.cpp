// MainWindow: the run controls, shortcuts, bad input, the switch markers, the timeline, closing
// mid-run and the QSettings round trip.
#include "ui/main_window.h"

#include "tests/ui/gui_test_util.h"
#include "ui/charts/run_charts.h"
#include "ui/contour_view.h"
#include "ui/optimizer_panel.h"
#include "ui/problem_panel.h"

#include <QAction>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QTemporaryDir>
#include <QTest>

#include <gtest/gtest.h>

#include <atomic>
#include <memory>

namespace cs::ui {
namespace {

using test::kWaitMs;
using test::longAdamScene;
using test::waitUntil;
using State = RunController::State;

constexpr long kEndless = 1000000000;

// A window that neither reads nor writes QSettings and opens no message boxes.
MainWindowOptions quiet() {
    MainWindowOptions o;
    o.restoreSettings = false;
    o.saveSettings = false;
    o.interactive = false;
    return o;
}

// The visible line edit of a hyperparameter, found through its label (ParamForm sets buddies).
QLineEdit* field(MainWindow& window, const QString& name) {
    for (QLabel* label : window.findChildren<QLabel*>())
        if (label->text() == name && label->isVisibleTo(&window))
            if (auto* edit = qobject_cast<QLineEdit*>(label->buddy()))
                return edit;
    return nullptr;
}

QAction* actionWithShortcut(MainWindow& window, const QKeySequence& key) {
    for (QAction* a : window.findChildren<QAction*>())
        if (a->shortcuts().contains(key))
            return a;
    return nullptr;
}

class MainWindowTest : public ::testing::Test {
protected:
    void SetUp() override {
        window = std::make_unique<MainWindow>(quiet());
        window->show();
        ASSERT_TRUE(QTest::qWaitForWindowExposed(window.get()));
        window->setSpeed(0.0);
    }
    bool waitFinished() {
        return waitUntil([&] { return window->controller().state() == State::Finished; });
    }
    std::unique_ptr<MainWindow> window;
};

TEST_F(MainWindowTest, OpensOnTheDefaultScene) {
    Scene s;
    QString error;
    ASSERT_TRUE(window->scene(s, &error)) << error.toStdString();
    EXPECT_EQ(s.objective.value("name", ""), "rosenbrock");
    EXPECT_EQ(s.optimizer.value("kind", ""), "switching");
    EXPECT_EQ(s.optimizer["phase1"].value("kind", ""), "adam");
    EXPECT_DOUBLE_EQ(s.optimizer["phase1"].value("lr", 0.0), 0.01);
    EXPECT_EQ(s.optimizer["phase2"].value("kind", ""), "lbfgs");
    EXPECT_EQ(window->controller().state(), State::Idle);
    EXPECT_TRUE(window->lastError().isEmpty()) << window->lastError().toStdString();
}

// The default scene (Adam lr 0.01 → L-BFGS on Rosenbrock) switches: the marker is on the plot
// and on every chart.
TEST_F(MainWindowTest, SwitchingRunOnRosenbrockMarksTheSwitchEverywhere) {
    QSignalSpy failed(&window->controller(), &RunController::failed);
    QSignalSpy finished(&window->controller(), &RunController::finished);
    window->runOrPause();
    ASSERT_TRUE(finished.wait(kWaitMs));
    EXPECT_EQ(failed.count(), 0);
    const auto summary = finished.at(0).at(0).value<RunSummary>();
    ASSERT_FALSE(summary.switches.empty()) << summary.report();
    EXPECT_EQ(summary.switches.front().to, "lbfgs");
    EXPECT_TRUE(window->contourView()->hasSwitchMarker());
    EXPECT_TRUE(window->charts()->hasSwitchMarker());
    EXPECT_EQ(window->shownStep(), summary.steps);
    EXPECT_EQ(long(window->contourView()->track().points.size()), summary.steps + 1);
    EXPECT_GT(window->charts()->drawnPointCount(), 0u);
}

TEST_F(MainWindowTest, RunPauseResumeStopThroughTheControls) {
    ASSERT_TRUE(window->setScene(longAdamScene(kEndless)));
    window->setSpeed(0.0);
    window->runOrPause(); // run
    ASSERT_TRUE(waitUntil([&] { return window->shownStep() > 0; }));
    EXPECT_EQ(window->controller().state(), State::Running);
    QSignalSpy paused(&window->controller(), &RunController::pausedAt);
    window->runOrPause(); // pause
    EXPECT_EQ(window->controller().state(), State::Paused);
    ASSERT_TRUE(paused.wait(kWaitMs));
    const long halted = paused.at(0).at(0).toLongLong();
    EXPECT_TRUE(waitUntil([&] { return window->shownStep() == halted; }));
    window->runOrPause(); // resume
    EXPECT_EQ(window->controller().state(), State::Running);
    ASSERT_TRUE(waitUntil([&] { return window->shownStep() > halted; }));
    window->stop();
    ASSERT_TRUE(waitFinished());
    EXPECT_TRUE(window->lastError().isEmpty());
    EXPECT_TRUE(window->timeline()->isEnabled());
}

TEST_F(MainWindowTest, StepFromIdleMakesOneIterationAtATime) {
    QSignalSpy paused(&window->controller(), &RunController::pausedAt);
    window->step();
    ASSERT_TRUE(waitUntil([&] { return !paused.isEmpty() && paused.last().at(0) == 1; }));
    EXPECT_EQ(window->shownStep(), 1);
    window->step();
    ASSERT_TRUE(waitUntil([&] { return paused.last().at(0) == 2; }));
    EXPECT_EQ(window->shownStep(), 2);
    EXPECT_EQ(window->contourView()->track().points.size(), 3u);
    window->resetRun();
    EXPECT_EQ(window->controller().state(), State::Idle);
    EXPECT_EQ(window->shownStep(), -1);
    EXPECT_TRUE(window->contourView()->track().points.empty());
}

TEST_F(MainWindowTest, ResetDuringARunClearsTheViews) {
    ASSERT_TRUE(window->setScene(longAdamScene(kEndless)));
    window->setSpeed(0.0);
    window->runOrPause();
    ASSERT_TRUE(waitUntil([&] { return window->shownStep() > 0; }));
    window->resetRun();
    EXPECT_EQ(window->controller().state(), State::Idle);
    // Late batches of the reset run must not reach the views.
    QTest::qWait(100);
    EXPECT_EQ(window->shownStep(), -1);
    EXPECT_TRUE(window->contourView()->track().points.empty());
    EXPECT_FALSE(window->timeline()->isEnabled());
}

TEST_F(MainWindowTest, ShortcutsSpaceRightSAndR) {
    const QKeySequence space(Qt::Key_Space), right(Qt::Key_Right), s(Qt::Key_S), r(Qt::Key_R);
    QAction* run = actionWithShortcut(*window, space);
    QAction* stepRight = actionWithShortcut(*window, right);
    QAction* stepS = actionWithShortcut(*window, s);
    QAction* reset = actionWithShortcut(*window, r);
    ASSERT_NE(run, nullptr);
    ASSERT_NE(stepRight, nullptr);
    ASSERT_EQ(stepRight, stepS);
    ASSERT_NE(reset, nullptr);
    ASSERT_TRUE(window->setScene(longAdamScene(kEndless)));
    window->setSpeed(0.0);

    // The keys themselves, as a user presses them on the window.
    window->activateWindow();
    ASSERT_TRUE(QTest::qWaitForWindowActive(window.get()));
    window->setFocus(); // no line edit may eat the keys
    QSignalSpy paused(&window->controller(), &RunController::pausedAt);
    QTest::keyClick(window.get(), Qt::Key_S);
    ASSERT_TRUE(waitUntil([&] { return !paused.isEmpty() && paused.last().at(0) == 1; }));
    QTest::keyClick(window.get(), Qt::Key_Right);
    ASSERT_TRUE(waitUntil([&] { return paused.last().at(0) == 2; }));
    EXPECT_EQ(window->shownStep(), 2);
    QTest::keyClick(window.get(), Qt::Key_Space); // resume
    EXPECT_EQ(window->controller().state(), State::Running);
    ASSERT_TRUE(waitUntil([&] { return window->shownStep() > 2; }));
    QTest::keyClick(window.get(), Qt::Key_Space); // pause
    EXPECT_EQ(window->controller().state(), State::Paused);
    QTest::keyClick(window.get(), Qt::Key_R);
    EXPECT_EQ(window->controller().state(), State::Idle);
    EXPECT_EQ(window->shownStep(), -1);
}

TEST_F(MainWindowTest, BadInputNamesTheFieldAndStartsNothing) {
    QLineEdit* lr = field(*window, QStringLiteral("lr"));
    ASSERT_NE(lr, nullptr);
    lr->setText(QStringLiteral("abc"));
    window->runOrPause();
    EXPECT_EQ(window->controller().state(), State::Idle);
    EXPECT_TRUE(window->lastError().contains(QStringLiteral("lr")))
        << window->lastError().toStdString();
    EXPECT_TRUE(window->lastError().contains(QStringLiteral("not a number")))
        << window->lastError().toStdString();

    lr->setText(QStringLiteral("-1"));
    window->step();
    EXPECT_EQ(window->controller().state(), State::Idle);
    EXPECT_TRUE(window->lastError().contains(QStringLiteral("lr: must be")))
        << window->lastError().toStdString();

    lr->setText(QStringLiteral("0.01"));
    QLineEdit* threshold = field(*window, QStringLiteral("threshold"));
    ASSERT_NE(threshold, nullptr);
    threshold->setText(QStringLiteral("7"));
    window->runOrPause();
    EXPECT_EQ(window->controller().state(), State::Idle);
    EXPECT_TRUE(window->lastError().contains(QStringLiteral("threshold")))
        << window->lastError().toStdString();

    threshold->setText(QStringLiteral("0.8"));
    window->runOrPause();
    EXPECT_NE(window->controller().state(), State::Idle);
    EXPECT_TRUE(window->lastError().isEmpty()) << window->lastError().toStdString();
}

TEST_F(MainWindowTest, ADivergingRunIsReportedAsAnError) {
    ASSERT_TRUE(window->setScene(test::sceneFrom(
        R"({"objective": {"kind": "function", "name": "rosenbrock"}, "start": [-1.2, 1.0],
            "optimizer": {"kind": "gd", "lr": 0.01}, "stop": {"max_steps": 1000}})")));
    window->setSpeed(0.0);
    QSignalSpy finished(&window->controller(), &RunController::finished);
    QSignalSpy failed(&window->controller(), &RunController::failed);
    window->runOrPause();
    ASSERT_TRUE(finished.wait(kWaitMs));
    EXPECT_EQ(failed.count(), 0);
    EXPECT_EQ(finished.at(0).at(0).value<RunSummary>().status, Termination::Diverged);
    EXPECT_EQ(window->controller().state(), State::Finished);
}

TEST_F(MainWindowTest, TimelineScrubsTheFinishedRun) {
    ASSERT_TRUE(window->setScene(longAdamScene(400)));
    window->setSpeed(0.0);
    EXPECT_FALSE(window->timeline()->isEnabled());
    window->runOrPause();
    ASSERT_TRUE(waitFinished());
    QSlider* timeline = window->timeline();
    ASSERT_TRUE(timeline->isEnabled());
    EXPECT_EQ(timeline->maximum(), 400);
    EXPECT_EQ(timeline->value(), 400);
    EXPECT_EQ(window->contourView()->visibleSteps(), -1);

    timeline->setValue(120);
    EXPECT_EQ(window->contourView()->visibleSteps(), 120);
    EXPECT_EQ(window->shownStep(), 120);
    EXPECT_EQ(window->contourView()->track().visibleCount(120), 121u);
    timeline->setValue(7);
    EXPECT_EQ(window->contourView()->visibleSteps(), 7);
    EXPECT_EQ(window->shownStep(), 7);
    timeline->setValue(timeline->maximum());
    EXPECT_EQ(window->contourView()->visibleSteps(), -1);
    EXPECT_EQ(window->shownStep(), 400);

    // A new run disables the timeline until it ends.
    window->runOrPause();
    EXPECT_FALSE(timeline->isEnabled());
    ASSERT_TRUE(waitFinished());
    EXPECT_TRUE(timeline->isEnabled());
}

TEST_F(MainWindowTest, ToggleConvexRegionAndTrialsFollowTheScene) {
    Scene s = longAdamScene(10);
    s.view = {{"show_convex_region", true}, {"show_trials", true}};
    ASSERT_TRUE(window->setScene(s));
    EXPECT_TRUE(window->contourView()->showConvexRegion());
    EXPECT_TRUE(window->contourView()->showTrials());
    Scene back;
    ASSERT_TRUE(window->scene(back, nullptr));
    EXPECT_EQ(back.view.value("show_convex_region", false), true);
    EXPECT_EQ(back.view.value("show_trials", false), true);
}

TEST_F(MainWindowTest, ASavedCriterionSignalSurvivesUntilARunListsTheSignals) {
    Scene s = test::sceneFrom(R"({"objective": {"kind": "function", "name": "booth"},
        "optimizer": {"kind": "switching", "phase1": {"kind": "adam", "lr": 0.01},
                      "phase2": {"kind": "lbfgs"}},
        "view": {"signal": "secant"}})");
    ASSERT_TRUE(window->setScene(s));
    Scene back;
    ASSERT_TRUE(window->scene(back, nullptr));
    EXPECT_EQ(back.view.value("signal", ""), "secant") << "kept before any run";
    QSignalSpy finished(&window->controller(), &RunController::finished);
    window->runOrPause();
    ASSERT_TRUE(finished.wait(kWaitMs));
    ASSERT_TRUE(window->scene(back, nullptr));
    EXPECT_EQ(back.view.value("signal", ""), "secant") << "chosen once the run listed it";
}

TEST_F(MainWindowTest, TheThresholdLineShowsTheRunningThreshold) {
    const auto switching = [](double threshold) {
        return nlohmann::json{{"kind", "switching"},
                              {"phase1", {{"kind", "adam"}, {"lr", 0.0001}}},
                              {"phase2", {{"kind", "lbfgs"}}},
                              {"criterion", {{"kind", "secant"}, {"threshold", threshold}}},
                              {"min_steps", 100000000}};
    };
    Scene s = longAdamScene(kEndless);
    s.optimizer = switching(0.8);
    ASSERT_TRUE(window->setScene(s));
    window->setSpeed(0.0);
    window->runOrPause();
    ASSERT_TRUE(waitUntil([&] { return window->shownStep() > 0; }));
    ASSERT_TRUE(window->optimizerPanel()->setOptimizerJson(switching(0.5), nullptr));
    EXPECT_DOUBLE_EQ(window->charts()->threshold(), 0.8) << "the run keeps its threshold";
    QSignalSpy finished(&window->controller(), &RunController::finished);
    window->stop();
    ASSERT_TRUE(finished.wait(kWaitMs));
    ASSERT_TRUE(window->optimizerPanel()->setOptimizerJson(switching(0.6), nullptr));
    EXPECT_DOUBLE_EQ(window->charts()->threshold(), 0.6) << "no run: the line follows edits";
}

TEST_F(MainWindowTest, MinimaAreShownShortWithFullPrecisionInTheTooltip) {
    ASSERT_TRUE(window->setScene(test::sceneFrom(
        R"({"objective": {"kind": "function", "name": "himmelblau"},
            "optimizer": {"kind": "adam", "lr": 0.01}})")));
    QLabel* minima = nullptr;
    for (QLabel* l : window->problemPanel()->findChildren<QLabel*>())
        if (l->text().startsWith(QStringLiteral("f* =")))
            minima = l;
    ASSERT_NE(minima, nullptr);
    EXPECT_TRUE(minima->text().contains(QStringLiteral("(-2.80512, 3.13131)")))
        << minima->text().toStdString();
    EXPECT_TRUE(minima->toolTip().contains(QStringLiteral("-2.805118086952745")));
}

TEST_F(MainWindowTest, SaveAndOpenASceneFile) {
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("scene.json"));
    ASSERT_TRUE(window->setScene(longAdamScene(1234)));
    ASSERT_TRUE(window->saveSceneFile(path));
    auto other = std::make_unique<MainWindow>(quiet());
    ASSERT_TRUE(other->openSceneFile(path));
    Scene s;
    ASSERT_TRUE(other->scene(s, nullptr));
    EXPECT_EQ(s.stop.maxSteps, 1234);
    EXPECT_EQ(s.optimizer.value("kind", ""), "adam");
    EXPECT_FALSE(other->openSceneFile(dir.filePath(QStringLiteral("missing.json"))));
    EXPECT_TRUE(other->lastError().contains(QStringLiteral("cannot open")))
        << other->lastError().toStdString();
}

// Closing the window in the middle of an unlimited run: no crash, no hang, the worker joined.
TEST(MainWindowClose, ClosingMidRunStopsAndJoinsTheWorker) {
    QPointer<MainWindow> window = new MainWindow(quiet());
    window->setAttribute(Qt::WA_DeleteOnClose);
    window->show();
    ASSERT_TRUE(window->setScene(longAdamScene(kEndless)));
    window->setSpeed(0.0);
    std::atomic<bool> threadFinished{false};
    QThread* worker = window->controller().workerThread();
    QObject::connect(
        worker, &QThread::finished, worker, [&] { threadFinished = true; }, Qt::DirectConnection);
    window->runOrPause();
    ASSERT_TRUE(waitUntil([&] { return window->shownStep() > 0; }));
    ASSERT_EQ(window->controller().state(), State::Running);
    EXPECT_TRUE(window->close());
    ASSERT_TRUE(waitUntil([&] {
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        return window.isNull();
    }));
    EXPECT_TRUE(threadFinished.load());
}

TEST(MainWindowClose, ClosingWhilePausedJoinsTheWorker) {
    auto window = std::make_unique<MainWindow>(quiet());
    window->show();
    QSignalSpy paused(&window->controller(), &RunController::pausedAt);
    window->step();
    ASSERT_TRUE(paused.wait(kWaitMs));
    window->close();
    window.reset();
    SUCCEED();
}

// Window geometry and the last scene come back in the next session. The settings go to a
// temporary directory under a test organisation: the user's own are never touched.
TEST(MainWindowSettings, GeometryAndLastScenePersist) {
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, dir.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir.path());
    QCoreApplication::setOrganizationName(QStringLiteral("ConvexSwitchTest"));
    QCoreApplication::setApplicationName(QStringLiteral("main_window_test"));
    QSettings().clear();

    MainWindowOptions persistent;
    persistent.interactive = false;
    {
        MainWindow window(persistent);
        Scene s;
        ASSERT_TRUE(window.scene(s, nullptr));
        EXPECT_EQ(s.objective.value("name", ""), "rosenbrock"); // nothing saved yet: default
        ASSERT_TRUE(window.setScene(test::sceneFrom(
            R"({"objective": {"kind": "function", "name": "himmelblau"}, "start": [0.5, -1.5],
                "optimizer": {"kind": "adam", "lr": 0.05}, "stop": {"max_steps": 777},
                "view": {"show_convex_region": true}})")));
        window.resize(1111, 777);
        window.show();
        ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
        window.close();
    }
    EXPECT_TRUE(QFileInfo::exists(QSettings().fileName())) << QSettings().fileName().toStdString();
    EXPECT_TRUE(QSettings().fileName().startsWith(dir.path()));
    {
        MainWindow window(persistent);
        Scene s;
        ASSERT_TRUE(window.scene(s, nullptr));
        EXPECT_EQ(s.objective.value("name", ""), "himmelblau");
        ASSERT_TRUE(s.start.has_value());
        EXPECT_DOUBLE_EQ((*s.start)[0], 0.5);
        EXPECT_DOUBLE_EQ((*s.start)[1], -1.5);
        EXPECT_EQ(s.optimizer.value("kind", ""), "adam");
        EXPECT_DOUBLE_EQ(s.optimizer.value("lr", 0.0), 0.05);
        EXPECT_EQ(s.stop.maxSteps, 777);
        EXPECT_TRUE(window.contourView()->showConvexRegion());
        EXPECT_EQ(window.size(), QSize(1111, 777));
        window.close();
    }
    // A stale or foreign value falls back to the default scene with no error.
    QSettings().setValue(QStringLiteral("scene/last"), QByteArray("{not json"));
    {
        MainWindow window(persistent);
        Scene s;
        ASSERT_TRUE(window.scene(s, nullptr));
        EXPECT_EQ(s.objective.value("name", ""), "rosenbrock");
        EXPECT_TRUE(window.lastError().isEmpty());
    }
    QSettings().clear();
}

} // namespace
} // namespace cs::ui
