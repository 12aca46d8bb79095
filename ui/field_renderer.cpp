#include "ui/field_renderer.h"

#include "ui/colormap.h"

#include <QMutexLocker>

#include <chrono>
#include <cmath>
#include <exception>
#include <limits>

#include <time.h>
#include <unistd.h>

namespace cs::ui {

namespace {

// Tint of the region where ∇²f is positive definite: white at this opacity (0–255).
constexpr int kConvexTintAlpha = 70;
// Colour-map position above which the map is bright enough for dark iso-lines.
constexpr double kBrightFrom = 0.55;

// CPU time of the calling thread in ms (NaN without a per-thread clock).
double threadCpuMs() {
#if defined(_POSIX_THREAD_CPUTIME) && _POSIX_THREAD_CPUTIME >= 0
    timespec ts{};
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) == 0)
        return 1e3 * static_cast<double>(ts.tv_sec) + 1e-6 * static_cast<double>(ts.tv_nsec);
#endif
    return std::numeric_limits<double>::quiet_NaN();
}

double msSince(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

QPainterPath pathOf(const std::vector<IsoLine>& lines) {
    QPainterPath path;
    for (const auto& line : lines) {
        if (line.points.size() < 2)
            continue;
        path.moveTo(line.points[0].x, line.points[0].y);
        for (std::size_t k = 1; k < line.points.size(); ++k)
            path.lineTo(line.points[k].x, line.points[k].y);
        if (line.closed)
            path.closeSubpath();
    }
    return path;
}

// Pixel (i, ny − 1 − j) of the image is node (i, j): image rows run from the top (largest y).
QImage colourImage(const ScalarGrid& grid, const LogScale& scale) {
    QImage image(grid.nx, grid.ny, QImage::Format_ARGB32_Premultiplied);
    for (int j = 0; j < grid.ny; ++j) {
        auto* line = reinterpret_cast<QRgb*>(image.scanLine(grid.ny - 1 - j));
        for (int i = 0; i < grid.nx; ++i)
            line[i] = viridis(scale.position(grid.at(i, j))); // NaN: transparent
    }
    return image;
}

QImage convexMaskImage(const ScalarGrid& lambda) {
    QImage image(lambda.nx, lambda.ny, QImage::Format_ARGB32_Premultiplied);
    const QRgb tint = qPremultiply(qRgba(255, 255, 255, kConvexTintAlpha));
    for (int j = 0; j < lambda.ny; ++j) {
        auto* line = reinterpret_cast<QRgb*>(image.scanLine(lambda.ny - 1 - j));
        for (int i = 0; i < lambda.nx; ++i)
            line[i] = lambda.at(i, j) > 0.0 ? tint : 0u;
    }
    return image;
}

} // namespace

FieldRenderer::FieldRenderer(QObject* parent)
    : QThread(parent), m_threads(std::max(1, QThread::idealThreadCount())) {
    qRegisterMetaType<cs::ui::Field>();
}

FieldRenderer::~FieldRenderer() {
    {
        const QMutexLocker lock(&m_mutex);
        m_abort = true;
        m_cancel = true;
        m_wake.wakeOne();
    }
    wait();
}

void FieldRenderer::render(FieldRequest request) {
    const QMutexLocker lock(&m_mutex);
    m_pending = std::move(request);
    m_cancel = true;
    if (!isRunning())
        start(QThread::LowPriority);
    else
        m_wake.wakeOne();
}

void FieldRenderer::cancel() {
    const QMutexLocker lock(&m_mutex);
    m_pending.reset();
    m_cancel = true;
}

void FieldRenderer::setSamplingThreads(int threads) {
    m_threads = std::max(1, threads);
}

std::optional<Field> FieldRenderer::compute(const FieldRequest& request, int threads,
                                            const std::atomic<bool>* cancel,
                                            const std::function<void(int)>& progress) {
    const auto t0 = std::chrono::steady_clock::now();
    const double cpu0 = threadCpuMs();
    const Objective& f = *request.objective;
    const bool hessian = f.hasHessian();
    Field field;
    field.generation = request.generation;
    field.values = ScalarGrid(request.box, request.nx, request.ny);

    // Progress over the rows of both grids.
    const int totalRows = request.ny * (hessian ? 2 : 1);
    int rowBase = 0;
    int lastPercent = -1;
    SampleOptions options;
    options.threads = threads;
    options.cancel = cancel;
    options.progress = [&](int done, int) {
        const int percent = (100 * (rowBase + done)) / totalRows;
        if (percent != lastPercent && progress)
            progress(percent);
        lastPercent = percent;
    };
    if (!sampleGrid(f, GridQuantity::Value, field.values, options))
        return std::nullopt;
    field.sampleMs = msSince(t0);
    field.sampleCpuMs = threadCpuMs() - cpu0;
    if (hessian) {
        rowBase = request.ny;
        field.lambdaMin = ScalarGrid(request.box, request.nx, request.ny);
        if (!sampleGrid(f, GridQuantity::MinEigenvalue, field.lambdaMin, options))
            return std::nullopt;
    }

    field.scale = fitLogScale(field.values, request.knownMin);
    field.image = colourImage(field.values, field.scale);
    field.levels = logSpacedLevels(field.scale, request.isoLineCount);
    std::vector<double> onDark, onLight;
    for (const double level : field.levels)
        (field.scale.position(level) < kBrightFrom ? onDark : onLight).push_back(level);
    field.isoLinesOnDark = pathOf(isoLines(field.values, onDark, cancel));
    field.isoLinesOnLight = pathOf(isoLines(field.values, onLight, cancel));
    if (hessian) {
        field.convexMask = convexMaskImage(field.lambdaMin);
        field.convexBoundary = pathOf(isoLines(field.lambdaMin, 0.0));
    }
    if (cancel && cancel->load())
        return std::nullopt;
    field.totalMs = msSince(t0);
    return field;
}

void FieldRenderer::run() {
    // This thread may have inherited dirty AVX upper halves from the GUI thread.
    clearUpperVectorState();
    for (;;) {
        FieldRequest request;
        {
            QMutexLocker lock(&m_mutex);
            while (!m_pending && !m_abort)
                m_wake.wait(&m_mutex);
            if (m_abort)
                return;
            request = std::move(*m_pending);
            m_pending.reset();
            m_cancel = false;
        }
        if (!request.objective || request.nx < 2 || request.ny < 2)
            continue;
        try {
            auto field = compute(request, m_threads, &m_cancel,
                                 [this](int percent) { Q_EMIT progress(percent); });
            if (field)
                Q_EMIT fieldReady(*field);
        } catch (const std::exception& e) {
            Q_EMIT failed(QString::fromStdString(e.what()));
        }
    }
}

} // namespace cs::ui
