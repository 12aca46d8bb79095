#pragma once

#include "core/contour.h"
#include "core/objective.h"
#include "core/test_function.h"

#include <QImage>
#include <QMutex>
#include <QPainterPath>
#include <QThread>
#include <QWaitCondition>

#include <atomic>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <vector>

namespace cs::ui {

// What the contour view asks for: the field of a 2D objective over a box at nx × ny nodes.
struct FieldRequest {
    std::shared_ptr<const Objective> objective; // computeValue/computeHessian are thread-safe
    Box box;
    int nx = 0;                                                 // nodes per row, >= 2
    int ny = 0;                                                 // rows, >= 2
    double knownMin = std::numeric_limits<double>::quiet_NaN(); // f* when known, else NaN
    int isoLineCount = 24;                                      // about this many iso-line levels
    quint64 generation = 0; // echoed in the Field; the view uses it to drop stale fields
};

// A computed field, handed to the GUI thread by value (the grids are plain vectors, the images
// and paths implicitly shared and never modified afterwards).
struct Field {
    quint64 generation = 0;
    ScalarGrid values;    // f at the nodes
    ScalarGrid lambdaMin; // λ_min(∇²f) at the nodes; empty when the objective has no Hessian
    LogScale scale;       // colour scale of f − scale.floor
    std::vector<double> levels; // iso-line levels
    // nx × ny, ARGB32 premultiplied; pixel (i, ny − 1 − j) shows node (i, j), so row 0 is the
    // top (largest y) row. Pixel centres sit on the nodes.
    QImage image;
    QImage convexMask; // same size: a translucent tint where λ_min > 0; null without
    // Iso-lines of f in plot coordinates, split by where they run: over the dark lower part of
    // the colour map (drawn light) and over the bright upper part (drawn dark).
    QPainterPath isoLinesOnDark;
    QPainterPath isoLinesOnLight;
    QPainterPath convexBoundary; // the line λ_min = 0, in plot coordinates
    double sampleMs = 0.0;       // wall time to sample f (λ_min not included)
    // CPU time the computing thread itself spent sampling f (with several sampling threads,
    // its share); NaN where there is no per-thread clock.
    double sampleCpuMs = std::numeric_limits<double>::quiet_NaN();
    double totalMs = 0.0; // wall time of the whole field: samples, image, iso-lines

    bool valid() const { return !values.empty(); }
};

// Computes fields off the GUI thread, after Qt's Mandelbrot example (RenderThread): one
// long-lived thread that sleeps until a request comes; a new request cancels the one being
// computed (checked once per grid row), so only the newest view is finished.
class FieldRenderer : public QThread {
    Q_OBJECT
public:
    explicit FieldRenderer(QObject* parent = nullptr);
    ~FieldRenderer() override; // cancels, stops and joins the thread

    // Queues `request`, replacing any queued one and cancelling the one being computed.
    void render(FieldRequest request);
    // Sampling threads per field (the renderer's own thread included); default: the number of
    // cores. Takes effect with the next request.
    void setSamplingThreads(int threads);
    // Drops the queued request and stops the one being computed (at its next grid row); no
    // field is emitted for either.
    void cancel();

    // The whole computation, on the calling thread: what run() does for each request. Returns
    // nothing when `cancel` became true. Public for benchmarks and tests.
    static std::optional<Field> compute(const FieldRequest& request, int threads,
                                        const std::atomic<bool>* cancel,
                                        const std::function<void(int percent)>& progress = {});

Q_SIGNALS:
    void fieldReady(const cs::ui::Field& field);
    void progress(int percent);
    void failed(const QString& message); // the objective threw while being sampled

protected:
    void run() override;

private:
    QMutex m_mutex;
    QWaitCondition m_wake;
    std::optional<FieldRequest> m_pending;
    bool m_abort = false;
    std::atomic<bool> m_cancel{false};
    std::atomic<int> m_threads;
};

} // namespace cs::ui

Q_DECLARE_METATYPE(cs::ui::Field)
