#include "ui/main_window.h"

#include "core/landscape.h"
#include "core/test_function.h"
#include "ui/charts/run_charts.h"
#include "ui/contour_view.h"
#include "ui/decision_boundary_view.h"
#include "ui/network_landscape.h"
#include "ui/optimizer_panel.h"
#include "ui/param_form.h"
#include "ui/problem_panel.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSlider>
#include <QSpinBox>
#include <QSplitter>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>
#include <limits>

// The resources live in the cs_ui static library, so they must be registered explicitly (the
// macro declares a function and so must be used outside any namespace).
static void initResources() {
    Q_INIT_RESOURCE(resources);
}

namespace cs::ui {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Speed slider: position p < kSpeedPositions is 10^(p / kSpeedPerDecade) steps per second
// (1 to ~75 000); the last position is unlimited.
constexpr int kSpeedPositions = 40;
constexpr double kSpeedPerDecade = 8.0;
constexpr int kDefaultSpeedPosition = 16; // 100 steps per second
constexpr int kMaxStepsLimit = 2000000000;
constexpr int kDockWidth = 400;
constexpr int kContourWidth = 680; // initial split of the central area
constexpr int kChartsWidth = 520;
constexpr int kChartsHeight = 560; // initial split of the right column (networks)
constexpr int kBoundaryHeight = 380;
// A replay lasts about kReplayFrames frames of kReplayFrameMs.
constexpr int kReplayFrames = 180;
constexpr int kReplayFrameMs = 30;
const QString kDefaultScene = QStringLiteral(":/scenes/default.json");
const QString kSettingsGeometry = QStringLiteral("window/geometry");
const QString kSettingsState = QStringLiteral("window/state");
const QString kSettingsScene = QStringLiteral("scene/last");
const QString kSettingsScenePath = QStringLiteral("scene/path");

double speedAt(int position) {
    return position >= kSpeedPositions ? 0.0 : std::pow(10.0, position / kSpeedPerDecade);
}

int positionOf(double speed) {
    if (!(speed > 0.0) || !std::isfinite(speed))
        return kSpeedPositions;
    return std::clamp(int(std::lround(std::log10(speed) * kSpeedPerDecade)), 0,
                      kSpeedPositions - 1);
}

QString speedText(double speed) {
    if (!(speed > 0.0))
        return QObject::tr("unlimited");
    if (speed < 10.0)
        return QObject::tr("%1 steps/s").arg(speed, 0, 'f', 1);
    return QObject::tr("%1 steps/s").arg(std::lround(speed));
}

QString numberShort(double v) {
    return QString::number(v, 'g', 6);
}

QString rateText(double stepsPerSecond) {
    if (stepsPerSecond >= 1e6)
        return QObject::tr("%1 M steps/s").arg(stepsPerSecond / 1e6, 0, 'f', 2);
    if (stepsPerSecond >= 1e3)
        return QObject::tr("%1 k steps/s").arg(stepsPerSecond / 1e3, 0, 'f', 1);
    return QObject::tr("%1 steps/s").arg(stepsPerSecond, 0, 'f', 0);
}

} // namespace

MainWindow::MainWindow(const MainWindowOptions& options, QWidget* parent)
    : QMainWindow(parent), m_options(options), m_controller(new RunController(this)) {
    initResources();
    setWindowTitle(tr("ConvexSwitch"));
    setObjectName(QStringLiteral("MainWindow"));
    buildActions();
    buildToolBar();
    buildCentral();
    buildDock();
    buildStatusBar();

    connect(m_controller, &RunController::stateChanged, this, &MainWindow::onStateChanged);
    connect(m_controller, &RunController::started, this, &MainWindow::onStarted);
    connect(m_controller, &RunController::progress, this, &MainWindow::onProgress);
    connect(m_controller, &RunController::finished, this, &MainWindow::onFinished);
    connect(m_controller, &RunController::failed, this, &MainWindow::onFailed);
    connect(m_controller, &RunController::pausedAt, this, [this](long steps) {
        showMessage(tr("Paused after step %1: Step (Right or S) makes one more, Space resumes.")
                        .arg(steps));
    });

    resize(1600, 1000);
    onProblemChanged();
    const Vector x0 = m_problem->start();
    m_contour->setStart(QPointF(x0[0], x0[1]));
    if (m_options.restoreSettings)
        restoreSettings();
    else
        applyDefaultScene();
    onStateChanged(m_controller->state());
}

MainWindow::~MainWindow() = default;

void MainWindow::buildActions() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    m_openAction = file->addAction(tr("&Open scene…"), this, &MainWindow::openSceneDialog);
    m_openAction->setShortcut(QKeySequence::Open);
    m_openAction->setToolTip(
        tr("Open a scene file (JSON): problem, start, optimizer, stop rules."));
    m_saveAction = file->addAction(tr("&Save scene…"), this, &MainWindow::saveSceneDialog);
    m_saveAction->setShortcut(QKeySequence::Save);
    m_saveAction->setToolTip(tr("Save the current settings as a scene file; `convexswitch run "
                                "FILE` replays it on the command line."));
    file->addSeparator();
    m_quitAction = file->addAction(tr("&Quit"), this, &QWidget::close);
    m_quitAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    m_quitAction->setToolTip(tr("Close the window: a run in progress is stopped first."));

    QMenu* run = menuBar()->addMenu(tr("&Run"));
    m_runAction = run->addAction(tr("Run"), this, &MainWindow::runOrPause);
    m_runAction->setShortcut(QKeySequence(Qt::Key_Space));
    m_runAction->setToolTip(tr("Run the optimizer, or pause a running one (Space)."));
    m_stepAction = run->addAction(tr("Step"), this, &MainWindow::step);
    m_stepAction->setShortcuts({QKeySequence(Qt::Key_Right), QKeySequence(Qt::Key_S)});
    m_stepAction->setToolTip(tr("Make one iteration, then pause (Right arrow or S)."));
    m_stopAction = run->addAction(tr("Stop"), this, &MainWindow::stop);
    m_stopAction->setShortcut(QKeySequence(Qt::Key_Escape));
    m_stopAction->setToolTip(tr("End the run here; its trajectory stays for replay (Esc)."));
    m_resetAction = run->addAction(tr("Reset"), this, &MainWindow::resetRun);
    m_resetAction->setShortcut(QKeySequence(Qt::Key_R));
    m_resetAction->setToolTip(tr("Discard the run and go back to the start point (R)."));
    QMenu* view = menuBar()->addMenu(tr("&View"));
    m_centreAction = view->addAction(tr("&Centre landscape on this step"), this,
                                     &MainWindow::centreLandscapeOnShownStep);
    m_centreAction->setShortcut(QKeySequence(Qt::Key_C));
    m_centreAction->setToolTip(
        tr("Network problems, after a run: move the 2D plane of the landscape so that it goes "
           "through the parameters of the step the timeline shows (C). A new run goes back to "
           "θ₀."));
    m_centreAction->setEnabled(false);
    for (QAction* a : {m_runAction, m_stepAction, m_stopAction, m_resetAction, m_centreAction})
        a->setShortcutContext(Qt::WindowShortcut);
}

bool MainWindow::centreLandscapeOnShownStep() {
    if (!m_network->canCentre())
        return false;
    const int step = m_timeline->value();
    if (!m_network->centreOnStep(std::size_t(step)))
        return false;
    showMessage(tr("Landscape plane through the parameters of step %1.").arg(step), false);
    return true;
}

void MainWindow::updateCentreAction() {
    if (m_centreAction && m_network)
        m_centreAction->setEnabled(m_network->canCentre());
}

void MainWindow::buildToolBar() {
    QToolBar* bar = addToolBar(tr("Run"));
    bar->setObjectName(QStringLiteral("RunToolBar"));
    bar->setMovable(false);
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    bar->addAction(m_runAction);
    bar->addAction(m_stepAction);
    bar->addAction(m_stopAction);
    bar->addAction(m_resetAction);
    bar->addSeparator();

    auto* speedTitle = new QLabel(tr(" Speed "), bar);
    m_speed = new QSlider(Qt::Horizontal, bar);
    m_speed->setRange(0, kSpeedPositions);
    m_speed->setValue(kDefaultSpeedPosition);
    m_speed->setFixedWidth(180);
    m_speed->setFocusPolicy(Qt::NoFocus); // the arrow keys belong to Step
    const QString speedTip =
        tr("Steps per second, from 1 to about 75 000 (log scale); far right: unlimited, as fast "
           "as the optimizer runs. Changes act on a running run at once.");
    m_speed->setToolTip(speedTip);
    speedTitle->setToolTip(speedTip);
    m_speedLabel = new QLabel(bar);
    m_speedLabel->setMinimumWidth(QFontMetrics(font()).horizontalAdvance(tr("00000 steps/s")));
    m_speedLabel->setToolTip(speedTip);
    connect(m_speed, &QSlider::valueChanged, this, [this](int position) {
        m_speedLabel->setText(speedText(speedAt(position)));
        m_controller->setSpeed(speedAt(position));
    });
    m_speedLabel->setText(speedText(speedAt(m_speed->value())));
    m_controller->setSpeed(speedAt(m_speed->value()));
    bar->addWidget(speedTitle);
    bar->addWidget(m_speed);
    bar->addWidget(m_speedLabel);
    bar->addSeparator();

    auto* maxTitle = new QLabel(tr(" Max steps "), bar);
    m_maxSteps = new QSpinBox(bar);
    m_maxSteps->setRange(1, kMaxStepsLimit);
    m_maxSteps->setValue(int(StopOptions{}.maxSteps));
    m_maxSteps->setGroupSeparatorShown(true);
    m_maxSteps->setMinimumWidth(110);
    const QString maxTip = tr("max_steps: the run ends after this many iterations (if it has not "
                              "converged before).");
    m_maxSteps->setToolTip(maxTip);
    maxTitle->setToolTip(maxTip);
    bar->addWidget(maxTitle);
    bar->addWidget(m_maxSteps);
}

void MainWindow::buildCentral() {
    m_contour = new ContourView(this);
    m_contour->setToolTip(QString());
    m_charts = new RunCharts(this);

    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->setSpacing(4);
    leftLayout->addWidget(m_contour, 1);
    auto* timelineRow = new QHBoxLayout;
    m_replay = new QPushButton(tr("Replay"), left);
    m_replay->setToolTip(tr("Replay the finished run from its start; press again to stop."));
    m_replay->setFocusPolicy(Qt::NoFocus);
    m_timeline = new QSlider(Qt::Horizontal, left);
    m_timeline->setToolTip(tr("Timeline: after a run ends, drag to scrub through its steps; the "
                              "plot, the charts' cursor and the status bar follow."));
    m_timeline->setFocusPolicy(Qt::NoFocus);
    m_timelineLabel = new QLabel(left);
    m_timelineLabel->setMinimumWidth(QFontMetrics(font()).horizontalAdvance(tr("step 0000000")));
    timelineRow->addWidget(m_replay);
    timelineRow->addWidget(m_timeline, 1);
    timelineRow->addWidget(m_timelineLabel);
    leftLayout->addLayout(timelineRow);
    m_replayTimer = new QTimer(this);
    m_replayTimer->setInterval(kReplayFrameMs);
    connect(m_replayTimer, &QTimer::timeout, this, &MainWindow::replayTick);
    connect(m_replay, &QPushButton::clicked, this, &MainWindow::toggleReplay);
    connect(m_timeline, &QSlider::valueChanged, this, &MainWindow::onTimeline);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("CentralSplitter"));
    splitter->addWidget(left);
    // Right column: the charts, and below them for networks the decision-boundary panel.
    m_boundary = new DecisionBoundaryView(this);
    m_boundary->hide();
    m_network = new NetworkLandscape(m_contour, m_boundary, this);
    auto* right = new QSplitter(Qt::Vertical, this);
    right->setObjectName(QStringLiteral("RightSplitter"));
    right->addWidget(m_charts);
    right->addWidget(m_boundary);
    right->setStretchFactor(0, 3);
    right->setStretchFactor(1, 2);
    right->setChildrenCollapsible(false);
    right->setSizes({kChartsHeight, kBoundaryHeight});
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setChildrenCollapsible(false);
    splitter->setSizes({kContourWidth, kChartsWidth});
    setCentralWidget(splitter);

    connect(m_contour, &ContourView::startPicked, this, [this](QPointF p) {
        m_problem->setStart(p);
        showMessage(tr("Start set to (%1, %2)").arg(numberShort(p.x()), numberShort(p.y())));
    });
    connect(
        m_contour, &ContourView::hovered, this,
        [this](double x, double y, double f, double lambdaMin) {
            QString text =
                tr("x = %1, y = %2, f = %3").arg(numberShort(x), numberShort(y), numberShort(f));
            if (std::isfinite(lambdaMin))
                text += tr(", λ_min = %1").arg(numberShort(lambdaMin));
            m_hoverLabel->setText(text);
        });
    connect(m_contour, &ContourView::hoverLeft, this, [this] { m_hoverLabel->clear(); });
    connect(m_charts, &RunCharts::stepPicked, this, [this](long step) {
        if (m_timeline->isEnabled())
            m_timeline->setValue(int(std::min<long>(step, m_timeline->maximum())));
    });
}

void MainWindow::buildDock() {
    auto* panel = new QWidget(this);
    auto* layout = new QVBoxLayout(panel);
    layout->setContentsMargins(6, 6, 6, 6);

    auto* problemBox = new QGroupBox(tr("Problem"), panel);
    auto* pl = new QVBoxLayout(problemBox);
    m_problem = new ProblemPanel(problemBox);
    pl->addWidget(m_problem);
    layout->addWidget(problemBox);

    auto* optimizerBox = new QGroupBox(tr("Optimizer"), panel);
    auto* ol = new QVBoxLayout(optimizerBox);
    m_optimizer = new OptimizerPanel(optimizerBox);
    ol->addWidget(m_optimizer);
    layout->addWidget(optimizerBox);

    auto* viewBox = new QGroupBox(tr("View"), panel);
    auto* vl = new QFormLayout(viewBox);
    m_showConvex = new QCheckBox(tr("Convex region"), viewBox);
    m_showConvex->setToolTip(
        tr("Shade where the Hessian is positive definite (λ_min(∇²f) > 0): the region a "
           "convexity criterion should detect. On a network's 2D plane: where the loss "
           "restricted to the plane is convex (two Hessian-vector products per grid node, so "
           "the grid is coarser)."));
    m_showTrials = new QCheckBox(tr("Trials"), viewBox);
    m_showTrials->setToolTip(tr("Show the points each line search tried as faint dots."));
    auto* resetView = new QPushButton(tr("Reset zoom"), viewBox);
    resetView->setToolTip(tr("Show the function's whole plot domain again (or double-click the "
                             "plot). Wheel: zoom; drag: pan."));
    auto* toggles = new QHBoxLayout;
    toggles->addWidget(m_showConvex);
    toggles->addWidget(m_showTrials);
    toggles->addStretch(1);
    toggles->addWidget(resetView);
    vl->addRow(toggles);
    m_signal = new QComboBox(viewBox);
    m_signal->addItem(tr("none"), -1);
    m_signal->setToolTip(tr("Draw one criterion's raw signal on the score chart (right axis): "
                            "r (ratio-trend), d (grad-smooth), κ (secant), c (coordinate-"
                            "secant), ρ (descent-ratio), λ_min (Hessian oracle)."));
    vl->addRow(tr("Signal on score chart"), m_signal);
    layout->addWidget(viewBox);
    layout->addStretch(1);

    connect(m_showConvex, &QCheckBox::toggled, m_contour, &ContourView::setShowConvexRegion);
    connect(m_showConvex, &QCheckBox::toggled, m_network, &NetworkLandscape::setConvexShading);
    connect(m_showTrials, &QCheckBox::toggled, m_contour, &ContourView::setShowTrials);
    connect(m_signal, &QComboBox::currentIndexChanged, this,
            [this] { m_charts->setShownSignal(m_signal->currentData().toInt()); });
    connect(resetView, &QPushButton::clicked, m_contour, &ContourView::resetView);
    connect(m_problem, &ProblemPanel::problemChanged, this, &MainWindow::onProblemChanged);
    connect(m_problem, &ProblemPanel::startChanged, this, &MainWindow::onStartChanged);
    connect(m_problem, &ProblemPanel::projectionChanged, this, [this] {
        m_network->setProjection(parseProjectionKind(m_problem->projection().toStdString()));
    });
    // The threshold line shows the running experiment's threshold: edits show once no run is on.
    connect(m_optimizer, &OptimizerPanel::changed, this, [this] {
        if (!m_controller->isActive())
            m_charts->setThreshold(m_optimizer->threshold());
    });
    connect(m_contour, &ContourView::fieldFailed, this, [this](const QString& message) {
        showError(tr("The landscape could not be computed: %1").arg(message));
    });

    auto* scroll = new QScrollArea(this);
    scroll->setWidget(panel);
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* dock = new QDockWidget(tr("Settings"), this);
    dock->setObjectName(QStringLiteral("SettingsDock"));
    dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    dock->setWidget(scroll);
    dock->setMinimumWidth(kDockWidth);
    addDockWidget(Qt::LeftDockWidgetArea, dock);
    resizeDocks({dock}, {kDockWidth}, Qt::Horizontal);
}

void MainWindow::buildStatusBar() {
    m_message = new QLabel(this);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->setMinimumWidth(200);
    m_hoverLabel = new QLabel(this);
    m_hoverLabel->setToolTip(tr("The point under the mouse on the contour plot."));
    m_stepLabel = new QLabel(this);
    m_stepLabel->setToolTip(tr("Iterations made (step 0 is the start point)."));
    m_fLabel = new QLabel(this);
    m_fLabel->setToolTip(tr("f(x_k) at the latest step."));
    m_gLabel = new QLabel(this);
    m_gLabel->setToolTip(tr("Gradient norm ‖∇f(x_k)‖ at the latest step."));
    m_phaseLabel = new QLabel(this);
    m_phaseLabel->setToolTip(tr("Phase (1 or 2) and the optimizer that made the latest step."));
    m_evalLabel = new QLabel(this);
    m_evalLabel->setToolTip(tr("Objective evaluations so far, every line-search trial included."));
    m_fieldProgress = new QProgressBar(this);
    m_fieldProgress->setRange(0, 100);
    m_fieldProgress->setFormat(tr("landscape %p%"));
    m_fieldProgress->setMaximumWidth(160);
    m_fieldProgress->setToolTip(tr("The loss on the plot's grid is being computed in the "
                                   "background, on every core."));
    m_fieldProgress->hide();
    m_fieldCancel = new QToolButton(this);
    m_fieldCancel->setText(tr("Cancel"));
    m_fieldCancel->setToolTip(tr("Stop computing the landscape (zoom, pan or double-click the "
                                 "plot to compute it again)."));
    m_fieldCancel->hide();
    connect(m_fieldCancel, &QToolButton::clicked, m_contour, &ContourView::cancelField);
    connect(m_contour, &ContourView::fieldProgress, this, [this](int percent) {
        // Shown only for fields that take a while (networks); a test function's is instant.
        const bool show = percent < 100 && m_network->projected();
        m_fieldProgress->setValue(percent);
        m_fieldProgress->setVisible(show);
        m_fieldCancel->setVisible(show);
    });
    connect(m_contour, &ContourView::fieldReady, this, [this] {
        m_fieldProgress->hide();
        m_fieldCancel->hide();
    });
    statusBar()->addWidget(m_message, 1);
    statusBar()->addPermanentWidget(m_fieldProgress);
    statusBar()->addPermanentWidget(m_fieldCancel);
    for (QLabel* l : {m_hoverLabel, m_stepLabel, m_fLabel, m_gLabel, m_phaseLabel, m_evalLabel})
        statusBar()->addPermanentWidget(l);
    showRecordStatus(-1, kNaN, kNaN, 0, QString(), -1);
}

void MainWindow::restoreSettings() {
    QSettings settings;
    restoreGeometry(settings.value(kSettingsGeometry).toByteArray());
    restoreState(settings.value(kSettingsState).toByteArray());
    const QByteArray last = settings.value(kSettingsScene).toByteArray();
    if (!last.isEmpty()) {
        try {
            const Scene scene = parseScene(nlohmann::json::parse(last.toStdString()));
            if (setScene(scene)) {
                m_scenePath = settings.value(kSettingsScenePath).toString();
                return;
            }
        } catch (const std::exception&) {
            // A stale or foreign setting: fall back to the default scene.
        }
    }
    applyDefaultScene();
}

void MainWindow::saveSettings() const {
    QSettings settings;
    settings.setValue(kSettingsGeometry, saveGeometry());
    settings.setValue(kSettingsState, saveState());
    Scene s;
    if (scene(s, nullptr))
        settings.setValue(kSettingsScene, QByteArray::fromStdString(sceneToJson(s).dump()));
    settings.setValue(kSettingsScenePath, m_scenePath);
}

void MainWindow::applyDefaultScene() {
    QFile file(kDefaultScene);
    if (!file.open(QIODevice::ReadOnly)) {
        showError(tr("The built-in default scene is missing."));
        return;
    }
    try {
        setScene(parseScene(nlohmann::json::parse(file.readAll().toStdString())));
    } catch (const std::exception& e) {
        showError(tr("The built-in default scene is invalid: %1").arg(e.what()));
    }
}

void MainWindow::closeEvent(QCloseEvent* event) {
    m_replayTimer->stop();
    if (m_options.saveSettings)
        saveSettings();
    // Stops the worker now; the controller's destructor joins the thread.
    m_controller->reset();
    event->accept();
}

bool MainWindow::scene(Scene& out, QString* error) const {
    nlohmann::json j;
    nlohmann::json part;
    QString message;
    if (!m_problem->objectiveJson(part, &message)) {
        if (error)
            *error = message;
        return false;
    }
    j["objective"] = part;
    if (m_problem->hasStart()) {
        const Vector x0 = m_problem->start();
        j["start"] = {x0[0], x0[1]};
    }
    if (!m_optimizer->optimizerJson(part, &message)) {
        if (error)
            *error = message;
        return false;
    }
    j["optimizer"] = part;
    j["stop"] = {{"max_steps", m_maxSteps->value()},
                 {"max_evaluations", m_stop.maxEvaluations},
                 {"grad_tol", m_stop.gradTol},
                 {"f_tol", m_stop.fTol}};
    j["seed"] = m_seed;
    j["view"] = viewJson();
    try {
        out = parseScene(j);
    } catch (const std::exception& e) {
        if (error)
            *error = QString::fromStdString(e.what());
        return false;
    }
    return true;
}

bool MainWindow::setScene(const Scene& scene) {
    resetRun();
    QString error;
    // The seed first: a network's dataset and initialisation depend on it.
    const unsigned oldSeed = m_seed;
    m_seed = scene.seed;
    m_problem->setSceneSeed(scene.seed);
    if (!m_problem->setObjectiveJson(scene.objective, &error) ||
        !m_optimizer->setOptimizerJson(scene.optimizer, &error)) {
        m_seed = oldSeed;
        m_problem->setSceneSeed(oldSeed);
        showError(error);
        return false;
    }
    if (scene.start && scene.start->size() == 2)
        m_problem->setStart(QPointF((*scene.start)[0], (*scene.start)[1]));
    m_stop = scene.stop;
    m_maxSteps->setValue(int(std::clamp<long>(scene.stop.maxSteps, 1, kMaxStepsLimit)));
    m_seed = scene.seed;
    applyViewJson(scene.view);
    m_charts->setThreshold(m_optimizer->threshold());
    m_lastError.clear();
    return true;
}

bool MainWindow::openSceneFile(const QString& path) {
    try {
        const Scene s = loadScene(path.toStdString());
        if (!setScene(s))
            return false;
    } catch (const std::exception& e) {
        showError(tr("Cannot open the scene: %1").arg(e.what()));
        return false;
    }
    m_scenePath = path;
    setWindowTitle(tr("ConvexSwitch — %1").arg(QFileInfo(path).fileName()));
    showMessage(tr("Opened %1").arg(path));
    return true;
}

bool MainWindow::saveSceneFile(const QString& path) {
    Scene s;
    QString error;
    if (!scene(s, &error)) {
        showError(tr("Cannot save: %1").arg(error));
        return false;
    }
    try {
        saveScene(s, path.toStdString());
    } catch (const std::exception& e) {
        showError(tr("Cannot save the scene: %1").arg(e.what()));
        return false;
    }
    m_scenePath = path;
    setWindowTitle(tr("ConvexSwitch — %1").arg(QFileInfo(path).fileName()));
    showMessage(tr("Saved %1").arg(path));
    return true;
}

void MainWindow::openSceneDialog() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Open scene"), m_scenePath,
                                                      tr("Scenes (*.json);;All files (*)"));
    if (!path.isEmpty())
        openSceneFile(path);
}

void MainWindow::saveSceneDialog() {
    QString path =
        QFileDialog::getSaveFileName(this, tr("Save scene"), m_scenePath, tr("Scenes (*.json)"));
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".json");
    saveSceneFile(path);
}

void MainWindow::setMaxSteps(long steps) {
    m_maxSteps->setValue(int(std::clamp<long>(steps, 1, kMaxStepsLimit)));
}

void MainWindow::setSpeed(double stepsPerSecond) {
    m_speed->setValue(positionOf(stepsPerSecond));
}

double MainWindow::speed() const {
    return speedAt(m_speed->value());
}

nlohmann::json MainWindow::viewJson() const {
    nlohmann::json v = {{"show_convex_region", m_showConvex->isChecked()},
                        {"show_trials", m_showTrials->isChecked()},
                        {"speed", speed()}};
    if (!m_pendingSignal.isEmpty())
        v["signal"] = m_pendingSignal.toStdString();
    else if (m_signal->currentData().toInt() >= 0)
        v["signal"] = m_signal->currentText().toStdString();
    if (m_problem->kind() == QLatin1String("mlp"))
        v["projection"] = m_problem->projection().toStdString();
    return v;
}

void MainWindow::applyViewJson(const nlohmann::json& view) {
    if (!view.is_object())
        return;
    if (auto it = view.find("show_convex_region"); it != view.end() && it->is_boolean())
        m_showConvex->setChecked(it->get<bool>());
    if (auto it = view.find("show_trials"); it != view.end() && it->is_boolean())
        m_showTrials->setChecked(it->get<bool>());
    if (auto it = view.find("speed"); it != view.end() && it->is_number())
        setSpeed(it->get<double>());
    if (auto it = view.find("projection"); it != view.end() && it->is_string())
        m_problem->setProjection(QString::fromStdString(it->get<std::string>()));
    if (auto it = view.find("signal"); it != view.end() && it->is_string()) {
        // The list holds a run's signal names only once a run has started: keep the choice.
        m_pendingSignal = QString::fromStdString(it->get<std::string>());
        const int index = m_signal->findText(m_pendingSignal);
        if (index >= 0)
            m_signal->setCurrentIndex(index);
    }
}

// ---- running -------------------------------------------------------------------------------

bool MainWindow::startRun(bool paused) {
    Scene s;
    QString error;
    if (!scene(s, &error)) {
        showError(tr("Cannot run: %1").arg(error));
        return false;
    }
    m_replayTimer->stop();
    clearRunViews();
    m_charts->setThreshold(m_optimizer->threshold());
    m_controller->start(s, paused);
    m_lastError.clear();
    showMessage(paused ? tr("Ready: press Step or Run.") : tr("Running…"));
    return true;
}

void MainWindow::runOrPause() {
    switch (m_controller->state()) {
    case RunController::State::Idle:
    case RunController::State::Finished:
        startRun(false);
        break;
    case RunController::State::Starting:
    case RunController::State::Running:
        m_controller->pause();
        break;
    case RunController::State::Paused:
        m_controller->resume();
        break;
    }
}

void MainWindow::step() {
    if (!m_controller->isActive() && !startRun(true))
        return;
    m_controller->step();
}

void MainWindow::stop() {
    m_controller->stop();
}

void MainWindow::resetRun() {
    m_replayTimer->stop();
    m_controller->reset();
    clearRunViews();
    showRecordStatus(-1, kNaN, kNaN, 0, QString(), -1);
    showMessage(QString());
}

void MainWindow::clearRunViews() {
    m_contour->clearTrajectory();
    m_contour->setSwitchEvents({});
    m_network->beginRun();
    m_contour->setVisibleSteps(-1);
    m_charts->clear();
    m_timeline->setRange(0, 0);
    m_timeline->setEnabled(false);
    m_replay->setEnabled(false);
    m_timelineLabel->clear();
    m_shownStep = -1;
    updateCentreAction();
}

void MainWindow::onProblemChanged() {
    if (m_problem->kind() != QLatin1String("function")) {
        // A network: its landscape (a projection for mlp, exact for the neuron), the
        // decision-boundary panel, and the true training loss on the first chart.
        if (m_controller->state() != RunController::State::Idle)
            resetRun();
        const auto net = m_problem->network();
        if (!net) {
            showMessage(m_problem->problemError(), true);
            return;
        }
        const bool projected = m_problem->kind() == QLatin1String("mlp");
        m_network->setConvexShading(m_showConvex->isChecked());
        m_network->setNetwork(net, projected,
                              parseProjectionKind(m_problem->projection().toStdString()), m_seed,
                              m_problem->start());
        m_boundary->show();
        m_charts->setMinimumValue(0.0, tr("training loss"));
        setWindowTitle(tr("ConvexSwitch — %1").arg(QString::fromStdString(net->name())));
        updateCentreAction();
        return;
    }
    const auto f = m_problem->function();
    if (!f)
        return;
    if (m_controller->state() != RunController::State::Idle)
        resetRun();
    m_network->clear();
    updateCentreAction();
    m_boundary->hide();
    m_contour->setLandscape(f, f->domain(), f->minima(), f->minimumValue());
    m_charts->setMinimumValue(f->minimumValue());
    setWindowTitle(tr("ConvexSwitch — %1").arg(QString::fromStdString(f->title())));
}

void MainWindow::onStartChanged(QPointF p) {
    if (!m_problem->hasStart())
        return; // a network starts from its seeded initialisation
    m_contour->setStart(p);
    m_network->setStart(m_problem->start());
    // A run from another start point is another run.
    if (m_controller->state() != RunController::State::Idle)
        resetRun();
}

void MainWindow::onStateChanged(RunController::State state) {
    using State = RunController::State;
    const bool active = state == State::Starting || state == State::Running;
    m_runAction->setText(active ? tr("Pause") : state == State::Paused ? tr("Resume") : tr("Run"));
    m_stopAction->setEnabled(m_controller->isActive());
    m_resetAction->setEnabled(state != State::Idle);
    updateCentreAction();
}

void MainWindow::onStarted(const RunInfo& info) {
    m_charts->setSignalNames(info.signalNames);
    const QString current = m_pendingSignal.isEmpty() ? m_signal->currentText() : m_pendingSignal;
    m_pendingSignal.clear();
    const QSignalBlocker block(m_signal);
    m_signal->clear();
    m_signal->addItem(tr("none"), -1);
    for (std::size_t i = 0; i < info.signalNames.size(); ++i)
        m_signal->addItem(QString::fromStdString(info.signalNames[i]), int(i));
    m_signal->setCurrentIndex(std::max(0, m_signal->findText(current)));
    m_charts->setShownSignal(m_signal->currentData().toInt());
}

void MainWindow::onProgress(const std::vector<IterationRecord>& records,
                            const std::vector<SwitchEvent>& switches) {
    if (records.empty())
        return;
    if (m_network->active())
        m_network->appendRecords(records); // projected onto the plane for an mlp
    else
        m_contour->appendTrajectory(records);
    m_charts->appendRecords(records);
    m_contour->setSwitchEvents(switches);
    m_charts->setSwitchEvents(switches);
    const IterationRecord& r = records.back();
    showRecordStatus(r.step, r.f, r.gradNorm, r.phase, QString::fromStdString(r.optimizer),
                     r.evaluations);
}

void MainWindow::onFinished(const RunSummary& summary) {
    m_charts->setSwitchEvents(summary.switches);
    m_contour->setSwitchEvents(summary.switches);
    m_charts->refreshNow();
    // Status bar: the termination reason (step, f, ‖g‖ and evaluations are in the permanent
    // fields); the tooltip has the full report and every switch's reason.
    QString text =
        QStringLiteral("%1: %2").arg(QString::fromStdString(terminationName(summary.status)),
                                     QString::fromStdString(summary.message));
    if (!summary.switches.empty())
        text += tr(" · switch after step %1 → %2")
                    .arg(summary.switches.front().step)
                    .arg(QString::fromStdString(summary.switches.front().to));
    if (summary.steps > 0 && summary.wallMs > 0.0)
        text += tr(" · %1").arg(rateText(summary.steps / (summary.wallMs / 1000.0)));
    QString details = QString::fromStdString(summary.report());
    for (const SwitchEvent& e : summary.switches)
        details += tr("\nswitch after step %1 (%2 → %3): %4")
                       .arg(e.step)
                       .arg(QString::fromStdString(e.from), QString::fromStdString(e.to),
                            QString::fromStdString(e.reason));
    const bool bad =
        summary.status == Termination::Diverged || summary.status == Termination::Failed;
    showMessage(text, bad);
    m_message->setToolTip(details);
    const auto trajectory = m_controller->trajectory();
    m_network->finishRun(trajectory, summary.switches);
    updateCentreAction();
    if (trajectory && trajectory->size() > 1) {
        const QSignalBlocker block(m_timeline);
        m_timeline->setRange(0, int(trajectory->size() - 1));
        m_timeline->setValue(m_timeline->maximum());
        m_timeline->setEnabled(true);
        m_replay->setEnabled(true);
        m_timelineLabel->setText(tr("step %1").arg(m_timeline->value()));
    }
}

void MainWindow::onFailed(const QString& message) {
    showError(tr("The run failed: %1").arg(message));
}

void MainWindow::onTimeline(int value) {
    const auto trajectory = m_controller->trajectory();
    if (!trajectory || std::size_t(value) >= trajectory->size())
        return;
    const bool last = value == m_timeline->maximum();
    m_contour->setVisibleSteps(last ? -1 : value);
    m_charts->setCursorStep(last ? -1 : value);
    m_timelineLabel->setText(tr("step %1").arg(value));
    const auto i = std::size_t(value);
    m_network->showStep(i);
    showRecordStatus(value, trajectory->f(i), trajectory->gradNorm(i), trajectory->phase(i),
                     QString::fromStdString(trajectory->optimizer(i)), trajectory->evaluations(i));
}

void MainWindow::toggleReplay() {
    if (m_replayTimer->isActive()) {
        m_replayTimer->stop();
        m_replay->setText(tr("Replay"));
        return;
    }
    if (!m_timeline->isEnabled())
        return;
    m_timeline->setValue(0);
    m_replay->setText(tr("Stop replay"));
    m_replayTimer->start();
}

void MainWindow::replayTick() {
    const int stride = std::max(1, m_timeline->maximum() / kReplayFrames);
    const int next = std::min(m_timeline->maximum(), m_timeline->value() + stride);
    m_timeline->setValue(next);
    if (next >= m_timeline->maximum()) {
        m_replayTimer->stop();
        m_replay->setText(tr("Replay"));
    }
}

void MainWindow::showRecordStatus(long step, double f, double gradNorm, int phase,
                                  const QString& optimizer, long evaluations) {
    m_shownStep = step;
    if (step < 0) {
        m_stepLabel->setText(tr("step –"));
        m_fLabel->setText(tr("f –"));
        m_gLabel->setText(tr("‖g‖ –"));
        m_phaseLabel->setText(tr("phase –"));
        m_evalLabel->setText(tr("evals –"));
        return;
    }
    m_stepLabel->setText(tr("step %1").arg(step));
    m_fLabel->setText(tr("f %1").arg(f, 0, 'g', 8));
    m_gLabel->setText(tr("‖g‖ %1").arg(gradNorm, 0, 'g', 3));
    m_phaseLabel->setText(tr("phase %1 (%2)").arg(phase).arg(optimizer));
    m_evalLabel->setText(tr("evals %1").arg(evaluations));
}

void MainWindow::showMessage(const QString& text, bool error) {
    m_message->setText(text);
    m_message->setToolTip(text);
    m_message->setStyleSheet(error ? QStringLiteral("color: #b00020; font-weight: bold;")
                                   : QString());
}

void MainWindow::showError(const QString& text) {
    m_lastError = text;
    showMessage(text, true);
    if (m_options.interactive) {
        auto* box =
            new QMessageBox(QMessageBox::Warning, tr("ConvexSwitch"), text, QMessageBox::Ok, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    }
}

} // namespace cs::ui
