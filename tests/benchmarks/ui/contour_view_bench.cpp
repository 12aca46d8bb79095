// The contour grid measured inside a running Qt application, after Qt's image code has run.
//
// Why: on some machines libm-heavy loops (exp, cos) in threads started after Qt's AVX image
// routines ran much slower, because a new thread inherits "dirty" upper halves of the AVX
// registers and SSE code then pays a transition penalty (clearUpperVectorState() in
// core/contour.h). A standalone benchmark never sees this, so this one
//   1. samples 512 × 512 nodes of Rosenbrock and Ackley on a fresh thread before any Qt object
//      exists (BeforeQt_*),
//   2. shows a ContourView, lets it compute and paint a field, renders, scales and converts
//      images (Qt's raster and image code),
//   3. samples again on the GUI thread, on fresh threads with and without the vzeroupper at
//      thread start, on the app's FieldRenderer thread, and through a ContourView (AfterQt_*).
// Each case reports wall time (manual time) and the sampling thread's CPU time
// (thread_cpu_ms), which the other processes of a busy machine do not inflate. A penalty shows
// as AfterQt thread_cpu_ms well above BeforeQt's for clear=0, and gone for clear=1.
// QT_QPA_PLATFORM defaults to offscreen; set it to xcb to measure with a real display.
#include "core/contour.h"
#include "core/test_function.h"
#include "ui/contour_view.h"
#include "ui/field_renderer.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QImage>
#include <QPainter>
#include <QTimer>

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <thread>

#include <time.h>

namespace {

constexpr int kNodes = 512;
constexpr int kWaitMs = 60000;

const char* functionName(std::int64_t index) {
    return index == 0 ? "rosenbrock" : "ackley";
}

std::shared_ptr<const cs::TestFunction> function(std::int64_t index) {
    return cs::makeTestFunction(functionName(index));
}

double threadCpuMs() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return 1e3 * static_cast<double>(ts.tv_sec) + 1e-6 * static_cast<double>(ts.tv_nsec);
}

struct Timing {
    double wallMs = 0.0;
    double cpuMs = 0.0;
};

// f at 512 × 512 nodes over the domain, on the calling thread, one sampling thread.
Timing sampleHere(const cs::TestFunction& f, bool clear) {
    cs::ScalarGrid grid(f.domain(), kNodes, kNodes);
    cs::SampleOptions options;
    options.clearVectorState = clear;
    const double cpu0 = threadCpuMs();
    const auto t0 = std::chrono::steady_clock::now();
    cs::sampleGrid(f, cs::GridQuantity::Value, grid, options);
    Timing t;
    t.wallMs =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    t.cpuMs = threadCpuMs() - cpu0;
    benchmark::DoNotOptimize(grid.values.data());
    return t;
}

Timing sampleOnNewThread(const cs::TestFunction& f, bool clear) {
    Timing t;
    std::thread worker([&] { t = sampleHere(f, clear); });
    worker.join();
    return t;
}

void report(benchmark::State& state, double cpuSum, const char* label) {
    state.counters["thread_cpu_ms"] = cpuSum / static_cast<double>(state.iterations());
    state.SetLabel(label);
}

// state.range(0): function (0 Rosenbrock, 1 Ackley); state.range(1): vzeroupper at start.
void sampling(benchmark::State& state, bool newThread) {
    const auto f = function(state.range(0));
    const bool clear = state.range(1) != 0;
    double cpu = 0.0;
    for (auto _ : state) {
        const Timing t = newThread ? sampleOnNewThread(*f, clear) : sampleHere(*f, clear);
        state.SetIterationTime(t.wallMs / 1e3);
        cpu += t.cpuMs;
    }
    report(state, cpu, functionName(state.range(0)));
}

void BeforeQt_NewThread(benchmark::State& state) {
    sampling(state, true);
}
void AfterQt_GuiThread(benchmark::State& state) {
    sampling(state, false);
}
void AfterQt_NewThread(benchmark::State& state) {
    sampling(state, true);
}

#define CS_SAMPLING_BENCH(name)                                                                    \
    BENCHMARK(name)                                                                                \
        ->ArgsProduct({{0, 1}, {0, 1}})                                                            \
        ->ArgNames({"fn", "clear"})                                                                \
        ->UseManualTime()                                                                          \
        ->Unit(benchmark::kMillisecond)                                                            \
        ->Repetitions(3)                                                                           \
        ->ReportAggregatesOnly(true)                                                               \
        ->ComputeStatistics("min", [](const std::vector<double>& v) {                              \
            return *std::min_element(v.begin(), v.end());                                          \
        })

CS_SAMPLING_BENCH(BeforeQt_NewThread);
CS_SAMPLING_BENCH(AfterQt_GuiThread);
CS_SAMPLING_BENCH(AfterQt_NewThread);

// Waits (running the event loop) until `signal` of `sender` fires once.
template <class Sender, class Signal, class Slot>
bool waitFor(Sender* sender, Signal signal, Slot slot) {
    QEventLoop loop;
    bool fired = false;
    const auto c = QObject::connect(sender, signal, &loop, [&](auto&&... args) {
        slot(args...);
        fired = true;
        loop.quit();
    });
    QTimer::singleShot(kWaitMs, &loop, &QEventLoop::quit);
    loop.exec();
    QObject::disconnect(c);
    return fired;
}

cs::ui::FieldRenderer* g_renderer = nullptr;
cs::ui::ContourView* g_view = nullptr;

// The app's renderer thread (long-lived, started after Qt's image work), one sampling thread.
void AfterQt_FieldRenderer(benchmark::State& state) {
    cs::ui::FieldRequest request;
    const auto f = function(state.range(0));
    request.objective = f;
    request.box = f->domain();
    request.nx = request.ny = kNodes;
    request.knownMin = f->minimumValue();
    g_renderer->setSamplingThreads(1);
    double cpu = 0.0, total = 0.0;
    for (auto _ : state) {
        cs::ui::Field field;
        g_renderer->render(request);
        if (!waitFor(g_renderer, &cs::ui::FieldRenderer::fieldReady,
                     [&](const cs::ui::Field& got) { field = got; })) {
            state.SkipWithError("no field");
            return;
        }
        state.SetIterationTime(field.sampleMs / 1e3);
        cpu += field.sampleCpuMs;
        total += field.totalMs;
    }
    state.counters["total_ms"] = total / static_cast<double>(state.iterations());
    report(state, cpu, functionName(state.range(0)));
}
BENCHMARK(AfterQt_FieldRenderer)
    ->Arg(0)
    ->Arg(1)
    ->ArgName("fn")
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond)
    ->Repetitions(3)
    ->ReportAggregatesOnly(true);

// The whole app path: a ContourView whose plot is sized for about 512 × 512 nodes, with the
// default sampling threads; each iteration nudges the view and waits for the new field.
void AfterQt_ContourView(benchmark::State& state) {
    const auto f = function(state.range(0));
    g_view->setLandscape(f, f->domain(), f->minima(), f->minimumValue());
    if (!waitFor(g_view, &cs::ui::ContourView::fieldReady, [] {})) {
        state.SkipWithError("no field");
        return;
    }
    double total = 0.0;
    long k = 0;
    for (auto _ : state) {
        cs::Box box = f->domain();
        const double shift = (++k % 2 == 0 ? 1e-3 : -1e-3) * (box.xMax - box.xMin);
        box.xMin += shift;
        box.xMax += shift;
        g_view->setViewBox(box);
        if (!waitFor(g_view, &cs::ui::ContourView::fieldReady, [] {})) {
            state.SkipWithError("no field");
            return;
        }
        state.SetIterationTime(g_view->fieldSampleMs() / 1e3);
        total += g_view->fieldTotalMs();
    }
    state.counters["total_ms"] = total / static_cast<double>(state.iterations());
    state.counters["nodes_x"] = g_view->fieldGridSize().width();
    state.counters["nodes_y"] = g_view->fieldGridSize().height();
    state.SetLabel(functionName(state.range(0)));
}
BENCHMARK(AfterQt_ContourView)
    ->Arg(0)
    ->Arg(1)
    ->ArgName("fn")
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond)
    ->Repetitions(3)
    ->ReportAggregatesOnly(true);

// Qt's image code: a contour view computes and paints a field; images are rendered, scaled and
// converted (the raster engine's and QImage's SIMD routines).
void runQtImageWork(cs::ui::ContourView& view) {
    QElapsedTimer timer;
    timer.start();
    const auto f = function(1);
    view.setLandscape(f, f->domain(), f->minima(), f->minimumValue());
    waitFor(&view, &cs::ui::ContourView::fieldReady, [] {});
    QImage image(1600, 1300, QImage::Format_ARGB32_Premultiplied);
    for (int k = 0; k < 3; ++k) {
        QPainter painter(&image);
        view.render(painter, image.rect());
    }
    for (const auto format : {QImage::Format_RGB888, QImage::Format_RGBA64,
                              QImage::Format_Grayscale8, QImage::Format_RGB32}) {
        const QImage converted = image.convertToFormat(format);
        const QImage scaled =
            converted.scaled(1100, 900, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
        benchmark::DoNotOptimize(scaled.constBits());
    }
    std::printf("Qt image work (view field, 3 renders, conversions, smooth scaling): %lld ms\n",
                static_cast<long long>(timer.elapsed()));
}

} // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    // One reporter for both halves (a second default reporter fails a check in
    // Google Benchmark 1.7).
    benchmark::ConsoleReporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter, "BeforeQt");

    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    cs::ui::ContourView view;
    // Plot area about 1024 × 1024 logical pixels: 512 × 512 nodes at one node per 2 pixels.
    view.resize(1024 + 150, 1024 + 40);
    view.show();
    runQtImageWork(view);
    cs::ui::FieldRenderer renderer;
    g_renderer = &renderer;
    g_view = &view;
    std::fflush(stdout);
    benchmark::RunSpecifiedBenchmarks(&reporter, "AfterQt");
    benchmark::Shutdown();
    return 0;
}
