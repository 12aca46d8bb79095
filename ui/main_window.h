#pragma once

#include "core/run.h"
#include "core/scene.h"
#include "ui/run_controller.h"

#include <QMainWindow>
#include <QString>

class QAction;
class QCheckBox;
class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSlider;
class QSpinBox;
class QTimer;
class QToolButton;

namespace cs::ui {

class ContourView;
class DecisionBoundaryView;
class NetworkLandscape;
class OptimizerPanel;
class ProblemPanel;
class RunCharts;

struct MainWindowOptions {
    bool restoreSettings = true; // window geometry and the last scene from QSettings
    bool saveSettings = true;    // write them back when the window closes
    bool interactive = true;     // errors also open a (non-blocking) message box
};

// The desktop application: the contour view (large, left), the three live charts (right), the
// problem/optimizer/view controls in a side dock, run controls in a tool bar, and a timeline
// for replay under the contour view. The whole GUI state is a cs::Scene: scene() reads it from
// the controls, setScene() shows one, and the worker builds the experiment from it.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr) : MainWindow(MainWindowOptions{}, parent) {}
    explicit MainWindow(const MainWindowOptions& options, QWidget* parent = nullptr);
    ~MainWindow() override;

    // The scene the controls describe; false with a message naming the field on bad input.
    bool scene(Scene& out, QString* error) const;
    // Shows a scene in the controls (resets any run); false with a message if it cannot be shown.
    bool setScene(const Scene& scene);
    // Loads a scene file and shows it; on failure shows the error and returns false.
    bool openSceneFile(const QString& path);
    bool saveSceneFile(const QString& path);
    void setMaxSteps(long steps);
    // Steps per second; <= 0: unlimited.
    void setSpeed(double stepsPerSecond);
    double speed() const;

    // Run controls, as the buttons and shortcuts call them.
    void runOrPause();
    void step();
    void stop();
    void resetRun();
    // A network problem after a run: moves the landscape plane to the step the timeline shows
    // (View ▸ Centre landscape on this step, key C). False when it cannot.
    bool centreLandscapeOnShownStep();
    QAction* centreAction() const { return m_centreAction; }

    RunController& controller() { return *m_controller; }
    ContourView* contourView() const { return m_contour; }
    RunCharts* charts() const { return m_charts; }
    DecisionBoundaryView* decisionBoundaryView() const { return m_boundary; }
    NetworkLandscape* networkLandscape() const { return m_network; }
    ProblemPanel* problemPanel() const { return m_problem; }
    OptimizerPanel* optimizerPanel() const { return m_optimizer; }
    QSlider* timeline() const { return m_timeline; }
    // The last error shown (empty when none since the last successful action).
    QString lastError() const { return m_lastError; }
    // The latest record shown in the status bar.
    long shownStep() const { return m_shownStep; }

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildActions();
    void updateCentreAction();
    void buildToolBar();
    void buildDock();
    void buildCentral();
    void buildStatusBar();
    void restoreSettings();
    void saveSettings() const;
    void applyDefaultScene();

    bool startRun(bool paused);
    void onProblemChanged();
    void onStartChanged(QPointF p);
    void onStateChanged(RunController::State state);
    void onStarted(const RunInfo& info);
    void onProgress(const std::vector<IterationRecord>& records,
                    const std::vector<SwitchEvent>& switches);
    void onFinished(const RunSummary& summary);
    void onFailed(const QString& message);
    void onTimeline(int value);
    void toggleReplay();
    void replayTick();
    void showRecordStatus(long step, double f, double gradNorm, int phase, const QString& optimizer,
                          long evaluations);
    void showMessage(const QString& text, bool error = false);
    void showError(const QString& text);
    void clearRunViews();
    nlohmann::json viewJson() const;
    void applyViewJson(const nlohmann::json& view);
    void openSceneDialog();
    void saveSceneDialog();

    MainWindowOptions m_options;
    RunController* m_controller;
    ContourView* m_contour = nullptr;
    RunCharts* m_charts = nullptr;
    DecisionBoundaryView* m_boundary = nullptr; // shown for network problems
    NetworkLandscape* m_network = nullptr;
    ProblemPanel* m_problem = nullptr;
    OptimizerPanel* m_optimizer = nullptr;

    QAction* m_openAction = nullptr;
    QAction* m_saveAction = nullptr;
    QAction* m_quitAction = nullptr;
    QAction* m_runAction = nullptr;
    QAction* m_stepAction = nullptr;
    QAction* m_stopAction = nullptr;
    QAction* m_resetAction = nullptr;
    QAction* m_centreAction = nullptr;
    QSlider* m_speed = nullptr;
    QLabel* m_speedLabel = nullptr;
    QSpinBox* m_maxSteps = nullptr;

    QCheckBox* m_showConvex = nullptr;
    QCheckBox* m_showTrials = nullptr;
    QComboBox* m_signal = nullptr;
    QString m_pendingSignal; // a scene's view.signal, until a run lists the signal names

    QPushButton* m_replay = nullptr;
    QSlider* m_timeline = nullptr;
    QLabel* m_timelineLabel = nullptr;
    QTimer* m_replayTimer = nullptr;

    QLabel* m_message = nullptr;
    QLabel* m_stepLabel = nullptr;
    QLabel* m_fLabel = nullptr;
    QLabel* m_gLabel = nullptr;
    QLabel* m_phaseLabel = nullptr;
    QLabel* m_evalLabel = nullptr;
    QLabel* m_hoverLabel = nullptr;
    QProgressBar* m_fieldProgress = nullptr; // the landscape being computed (networks)
    QToolButton* m_fieldCancel = nullptr;

    StopOptions m_stop; // fields other than max_steps come from the scene last shown
    unsigned m_seed = 1;
    QString m_scenePath;
    QString m_lastError;
    long m_shownStep = -1;
};

} // namespace cs::ui
