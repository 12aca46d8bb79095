#include "ui/run_worker.h"

#include "core/contour.h"

#include <QTimer>

#include <cmath>
#include <limits>
#include <mutex>

namespace cs::ui {

namespace {

using Clock = std::chrono::steady_clock;

// The run loop returns to the event loop after a slice this long.
constexpr std::chrono::microseconds kSlice{16000};
// Unlimited speed reads the clock every `stride` steps; the stride adapts so that a clock read
// comes every ~0.1–0.5 ms, however long a step takes.
constexpr long kMaxClockStride = 4096;
constexpr std::chrono::microseconds kClockCheckLow{100};
constexpr std::chrono::microseconds kClockCheckHigh{500};
// A speed-limited run sleeps at least this long between wake-ups (the timer's granularity).
constexpr std::chrono::microseconds kMinSleep{2000};
// At most about this many records go out in one batch: the GUI thread handles ~16k records in
// a few milliseconds, so unlimited speed means up to ~1M steps a second in the app (the CLI
// has no such limit).
constexpr std::size_t kMaxBatchRecords = 16384;

} // namespace

void registerRunMetaTypes() {
    static std::once_flag once;
    std::call_once(once, [] {
        qRegisterMetaType<cs::ui::RunInfo>();
        qRegisterMetaType<cs::RunSummary>();
        qRegisterMetaType<std::vector<cs::IterationRecord>>();
        qRegisterMetaType<std::vector<cs::SwitchEvent>>();
    });
}

struct RunWorker::Session {
    quint64 id = 0;
    Experiment experiment;
    std::atomic<bool> cancel{false};
    std::unique_ptr<Run> run;
    std::size_t sent = 0; // trajectory records already sent
    Clock::time_point lastFlush;
    // Speed limiting: steps made since `epoch`, at `epochSpeed` steps per second.
    Clock::time_point epoch;
    long epochSteps = 0;
    double epochSpeed = 0.0;
    bool wasPaused = false;
    long reportedPause = -1; // steps at the last `paused` signal; -1 after running on
    long clockStride = 1;
};

RunWorker::RunWorker(QObject* parent) : QObject(parent), m_timer(new QTimer(this)) {
    registerRunMetaTypes();
    m_timer->setSingleShot(true);
    m_timer->setTimerType(Qt::PreciseTimer);
    connect(m_timer, &QTimer::timeout, this, &RunWorker::pump);
}

RunWorker::~RunWorker() = default;

void RunWorker::cancelUpTo(quint64 id) {
    quint64 current = m_cancelUpTo.load();
    while (current < id && !m_cancelUpTo.compare_exchange_weak(current, id)) {
    }
}

void RunWorker::setSpeed(double stepsPerSecond) {
    m_speed.store(std::isfinite(stepsPerSecond) && stepsPerSecond > 0.0 ? stepsPerSecond : 0.0);
}

std::shared_ptr<const Trajectory> RunWorker::takeResult(quint64 id) {
    std::lock_guard lock(m_resultMutex);
    if (id != m_resultId)
        return nullptr;
    return std::move(m_result);
}

bool RunWorker::cancelled() const {
    return m_session && m_cancelUpTo.load() >= m_session->id;
}

void RunWorker::start(quint64 id, const cs::Scene& scene) {
    // Code run on this thread before (Qt's AVX2 image routines in the creating thread) can
    // leave the upper vector state dirty, which makes every SSE instruction of libm-heavy
    // loops pay a transition penalty (measured ~15× on the development machine).
    clearUpperVectorState();
    m_timer->stop();
    if (m_session) {
        // A new start replaces a run that is still going: it ends as cancelled.
        m_session->cancel.store(true);
        m_session->run->advance();
        finishSession();
    }
    auto session = std::make_shared<Session>();
    session->id = id;
    try {
        session->experiment = buildExperiment(scene);
        Experiment& e = session->experiment;
        session->run =
            std::make_unique<Run>(*e.objective, *e.optimizer, e.start, e.stop, &session->cancel);
    } catch (const std::exception& e) {
        Q_EMIT failed(id, QString::fromStdString(e.what()));
        return;
    }
    RunInfo info;
    info.optimizerKind = session->experiment.optimizer->kind();
    info.signalNames = session->experiment.optimizer->signalNames();
    info.maxSteps = session->experiment.stop.maxSteps;
    m_session = std::move(session);
    m_session->epoch = Clock::now();
    m_session->lastFlush = m_session->epoch;
    Q_EMIT started(id, info);
    flush(true); // the start point
    pump();
}

void RunWorker::wake() {
    // One posted pump at a time, or every wake() would start another chain of slices.
    if (m_pumpPosted)
        return;
    m_pumpPosted = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_pumpPosted = false;
            pump();
        },
        Qt::QueuedConnection);
}

void RunWorker::scheduleIn(std::chrono::microseconds delay) {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::max(delay, kMinSleep) + std::chrono::microseconds(999));
    m_timer->start(static_cast<int>(ms.count()));
}

void RunWorker::pump() {
    if (!m_session || m_inPump)
        return;
    m_inPump = true;
    struct Guard {
        bool& flag;
        ~Guard() { flag = false; }
    } guard{m_inPump};
    m_timer->stop();
    Session& s = *m_session;
    Run& run = *s.run;
    const auto sliceStart = Clock::now();
    auto lastClock = sliceStart;
    long sinceClock = 0;
    try {
        for (;;) {
            if (cancelled()) {
                s.cancel.store(true);
                run.advance(); // ends the run as Cancelled
            }
            if (run.finished()) {
                finishSession();
                return;
            }
            if (m_paused.load(std::memory_order_relaxed)) {
                s.wasPaused = true;
                if (m_stepRequests.load() > 0) {
                    m_stepRequests.fetch_sub(1);
                    run.advance();
                    continue;
                }
                flush(true);
                if (s.reportedPause != run.steps()) {
                    s.reportedPause = run.steps();
                    Q_EMIT paused(s.id, run.steps());
                }
                return; // idle until wake()
            }
            s.reportedPause = -1;
            const double speed = m_speed.load(std::memory_order_relaxed);
            if (speed > 0.0) {
                const auto now = Clock::now();
                const long done = run.steps();
                if (s.wasPaused || speed != s.epochSpeed) {
                    s.wasPaused = false;
                    s.epochSpeed = speed;
                    s.epoch = now;
                    s.epochSteps = done;
                }
                // Steps allowed by now: ⌊(t − t_epoch)·speed⌋ + 1 (the first one at once).
                const double elapsed = std::chrono::duration<double>(now - s.epoch).count();
                const long allowed = static_cast<long>(elapsed * speed) + 1;
                if (done - s.epochSteps >= allowed) {
                    flush(false);
                    const double nextAt = double(allowed) / speed;
                    scheduleIn(
                        std::chrono::microseconds(static_cast<long>((nextAt - elapsed) * 1e6)));
                    return;
                }
                run.advance();
                if (now - s.lastFlush >= kFlushInterval)
                    flush(false);
                if (now - sliceStart >= kSlice) {
                    wake();
                    return;
                }
                continue;
            }
            s.wasPaused = false;
            s.epochSpeed = 0.0;
            run.advance();
            if (++sinceClock < s.clockStride)
                continue;
            sinceClock = 0;
            const auto now = Clock::now();
            const auto gap = now - lastClock;
            lastClock = now;
            if (gap < kClockCheckLow && s.clockStride < kMaxClockStride)
                s.clockStride *= 2;
            else if (gap > kClockCheckHigh && s.clockStride > 1)
                s.clockStride /= 2;
            if (now - s.lastFlush >= kFlushInterval)
                flush(false);
            if (run.trajectory().size() - s.sent >= kMaxBatchRecords) {
                // Back-pressure: the GUI is not handed more than about kMaxBatchRecords
                // records a batch (a few ms of its time); the run waits for the next flush.
                scheduleIn(std::chrono::duration_cast<std::chrono::microseconds>(
                    kFlushInterval - (now - s.lastFlush)));
                return;
            }
            if (now - sliceStart >= kSlice) {
                wake();
                return;
            }
        }
    } catch (const std::exception& e) {
        // Run::advance reports problems through its status; this is only for the unexpected
        // (out of memory, say).
        const quint64 id = s.id;
        m_session.reset();
        Q_EMIT failed(id, QString::fromStdString(e.what()));
    }
}

void RunWorker::flush(bool force) {
    if (!m_session)
        return;
    Session& s = *m_session;
    const Trajectory& t = s.run->trajectory();
    if (s.sent >= t.size())
        return;
    if (!force && m_batchesInFlight.load() >= kMaxBatchesInFlight)
        return;
    std::vector<IterationRecord> batch = t.records(s.sent, t.size());
    s.sent = t.size();
    s.lastFlush = Clock::now();
    m_batchesInFlight.fetch_add(1);
    Q_EMIT progress(s.id, batch, s.run->optimizer().switchEvents());
}

void RunWorker::finishSession() {
    flush(true);
    std::shared_ptr<Session> session = std::move(m_session);
    const RunSummary summary = session->run->summary();
    {
        // The trajectory lives as long as anyone holds the result: no copy.
        std::lock_guard lock(m_resultMutex);
        m_resultId = session->id;
        m_result = std::shared_ptr<const Trajectory>(session, &session->run->trajectory());
    }
    Q_EMIT finished(session->id, summary);
}

} // namespace cs::ui
