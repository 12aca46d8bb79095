#include "ui/gui_app.h"

#include "ui/contour_view.h"
#include "ui/main_window.h"
#include "ui/png_export.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFont>
#include <QPixmap>
#include <QTimer>

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

namespace cs::ui {

namespace {

constexpr const char* kGuiUsage =
    R"(Usage: convexswitch [--scene FILE] [--steps N] [--screenshot OUT.png]

  --scene FILE        open this scene (JSON; see docs/scene-format.md)
  --steps N           set max_steps to N and start the run at once
  --screenshot OUT    run the scene (N steps at unlimited speed), wait for the contour plot,
                      save a PNG of the whole window and exit; uses the offscreen platform
                      when there is no display
  --help-gui          this text

Keys: Space run/pause, Right or S step, R reset, Esc stop, Ctrl+O open, Ctrl+S save, Ctrl+Q quit.
)";

// The smallest application font (points).
constexpr double kMinimumFontPoints = 11.0;
// A screenshot waits at most this long for the run and the field.
constexpr int kScreenshotTimeoutMs = 120000;
// The size of a screenshot window (projector friendly, 16:10).
constexpr int kScreenshotWidth = 1600;
constexpr int kScreenshotHeight = 1000;

struct GuiArgs {
    std::optional<std::string> scene;
    std::optional<long> steps;
    std::optional<std::string> screenshot;
    bool help = false;
};

// Parses the GUI's own arguments; Qt's (-platform, ...) are left to QApplication. Returns an
// error message, or nothing.
std::optional<std::string> parseArgs(int argc, char** argv, GuiArgs& args) {
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&](const char* name) -> std::optional<std::string> {
            if (i + 1 >= argc)
                return std::nullopt;
            (void)name;
            return std::string(argv[++i]);
        };
        if (a == "--help-gui") {
            args.help = true;
        } else if (a == "--scene") {
            args.scene = value("--scene");
            if (!args.scene)
                return "--scene needs a file name";
        } else if (a == "--screenshot") {
            args.screenshot = value("--screenshot");
            if (!args.screenshot)
                return "--screenshot needs an output file name";
        } else if (a == "--steps") {
            const auto text = value("--steps");
            if (!text)
                return "--steps needs a number";
            char* end = nullptr;
            const long n = std::strtol(text->c_str(), &end, 10);
            if (end == text->c_str() || *end != '\0' || n < 1)
                return "--steps: expected a positive integer, got '" + *text + "'";
            args.steps = n;
        } else if (a.rfind("--", 0) == 0) {
            return "unknown option '" + a + "'";
        }
        // Anything else (Qt's own options such as -platform) is QApplication's business.
    }
    return std::nullopt;
}

bool haveDisplay() {
    return !qEnvironmentVariableIsEmpty("DISPLAY") ||
           !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY");
}

// Runs the window's scene to the end, waits for the field, grabs the window into `path`.
int takeScreenshot(QApplication& app, MainWindow& window, const QString& path) {
    window.setSpeed(0.0);
    bool runDone = false;
    bool runFailed = false;
    QObject::connect(&window.controller(), &RunController::finished, &window,
                     [&] { runDone = true; });
    QObject::connect(&window.controller(), &RunController::failed, &window, [&] {
        runDone = true;
        runFailed = true;
    });
    window.runOrPause();
    QElapsedTimer clock;
    clock.start();
    while ((!runDone || !window.contourView()->hasField()) &&
           clock.elapsed() < kScreenshotTimeoutMs)
        app.processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 50);
    if (!runDone || !window.contourView()->hasField()) {
        std::fprintf(stderr,
                     "convexswitch: the run or the contour field did not finish within "
                     "%d s\n",
                     kScreenshotTimeoutMs / 1000);
        return 4;
    }
    if (runFailed)
        std::fprintf(stderr, "convexswitch: %s\n", window.lastError().toLocal8Bit().constData());
    // Let the last frame of the charts and the plot paint.
    QElapsedTimer settle;
    settle.start();
    while (settle.elapsed() < 300)
        app.processEvents(QEventLoop::AllEvents, 20);
    const QPixmap picture = window.grab();
    // At most kScreenshotBudgetBytes: lossless when it fits, else 256 colours.
    if (!saveCompactPng(picture.toImage(), path)) {
        std::fprintf(stderr, "convexswitch: cannot write the screenshot '%s'\n",
                     path.toLocal8Bit().constData());
        return 3;
    }
    std::printf("%s\n", path.toLocal8Bit().constData());
    return runFailed ? 1 : 0;
}

} // namespace

int runGui(int argc, char** argv) {
    GuiArgs args;
    if (const auto error = parseArgs(argc, argv, args)) {
        std::fprintf(stderr, "convexswitch: %s\n%s", error->c_str(), kGuiUsage);
        return 2;
    }
    if (args.help) {
        std::fputs(kGuiUsage, stdout);
        return 0;
    }
    // A screenshot needs no display: without one, draw offscreen.
    if (args.screenshot && !haveDisplay() && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");

    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("ConvexSwitch"));
    QApplication::setOrganizationName(QStringLiteral("ConvexSwitch"));
    QApplication::setApplicationVersion(QStringLiteral("0.1.0"));
    // Big enough to read on a projector in a lecture hall.
    QFont font = QApplication::font();
    if (font.pointSizeF() < kMinimumFontPoints) {
        font.setPointSizeF(kMinimumFontPoints);
        QApplication::setFont(font);
    }

    MainWindowOptions options;
    if (args.screenshot) {
        // A screenshot is reproducible: no saved geometry or scene, and nothing written back.
        options.restoreSettings = false;
        options.saveSettings = false;
        options.interactive = false;
    }
    MainWindow window(options);
    if (args.scene && !window.openSceneFile(QString::fromStdString(*args.scene))) {
        std::fprintf(stderr, "convexswitch: %s\n", window.lastError().toLocal8Bit().constData());
        return 2;
    }
    if (args.steps)
        window.setMaxSteps(*args.steps);
    if (args.screenshot) {
        window.resize(kScreenshotWidth, kScreenshotHeight);
        window.show();
        return takeScreenshot(app, window, QString::fromStdString(*args.screenshot));
    }
    window.show();
    if (args.steps)
        QTimer::singleShot(0, &window, [&window] { window.runOrPause(); });
    return QApplication::exec();
}

} // namespace cs::ui
