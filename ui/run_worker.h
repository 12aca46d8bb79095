#pragma once

#include "core/run.h"
#include "core/scene.h"
#include "core/trajectory.h"

#include <QMetaType>
#include <QObject>
#include <QString>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

class QTimer;

namespace cs::ui {

// What the GUI learns when a run has been built and its start point evaluated.
struct RunInfo {
    std::string optimizerKind;            // "adam", "switching", ...
    std::vector<std::string> signalNames; // names of IterationRecord::signals
    long maxSteps = 0;
};

// Registers the run payload types (RunInfo, RunSummary, batches) for queued signals. Idempotent.
void registerRunMetaTypes();

// Runs one experiment at a time on its own thread (moved to a QThread by RunController).
//
// The run loop works in slices of about one frame: it makes steps until the slice is over,
// then returns to the thread's event loop so that queued calls get through. Records go out in
// batches at most every kFlushInterval, and at most kMaxBatchesInFlight batches are unconsumed at
// any time (the GUI acknowledges each with batchConsumed()), so a slow GUI gets fewer, larger
// batches instead of a growing queue. Pause, step, cancel and speed are atomics that the loop
// reads every step; a paused worker waits in its event loop (no spinning).
class RunWorker : public QObject {
    Q_OBJECT
public:
    // Batches go out at most this often (≈ 60 per second).
    static constexpr std::chrono::milliseconds kFlushInterval{16};
    static constexpr int kMaxBatchesInFlight = 2;

    explicit RunWorker(QObject* parent = nullptr);
    ~RunWorker() override;

    // Thread-safe controls, callable from any thread; call wake() afterwards.
    void setPaused(bool paused) { m_paused.store(paused); }
    bool isPaused() const { return m_paused.load(); }
    void requestStep() { m_stepRequests.fetch_add(1); }
    void clearStepRequests() { m_stepRequests.store(0); }
    // Cancels every run whose id is at most `id`.
    void cancelUpTo(quint64 id);
    // Steps per second; <= 0 or infinite means unlimited.
    void setSpeed(double stepsPerSecond);
    // The GUI has handled one progress batch.
    void batchConsumed() { m_batchesInFlight.fetch_sub(1); }

    // The recorded trajectory of run `id` once it has finished (null before, or when a later
    // run has finished since): handed over with `finished`, never touched by the worker again.
    std::shared_ptr<const Trajectory> takeResult(quint64 id);

public Q_SLOTS:
    // Builds the experiment and starts stepping (or waits, when paused). Emits failed() when
    // the scene cannot be built.
    void start(quint64 id, const cs::Scene& scene);
    // Re-enters the run loop after a control change (call it through a queued connection).
    void wake();

Q_SIGNALS:
    void started(quint64 id, const cs::ui::RunInfo& info);
    void progress(quint64 id, const std::vector<cs::IterationRecord>& records,
                  const std::vector<cs::SwitchEvent>& switches);
    void finished(quint64 id, const cs::RunSummary& summary);
    void failed(quint64 id, const QString& message);
    // The run has stopped stepping because it is paused, after `steps` iterations (every record
    // up to there has been sent). Once per halt: again only after a step or a resume.
    void paused(quint64 id, long steps);

private:
    struct Session;
    void pump();
    void flush(bool force);
    void finishSession();
    bool cancelled() const;
    void scheduleIn(std::chrono::microseconds delay);

    std::shared_ptr<Session> m_session;
    QTimer* m_timer;
    bool m_inPump = false;
    bool m_pumpPosted = false;

    std::atomic<bool> m_paused{false};
    std::atomic<int> m_stepRequests{0};
    std::atomic<quint64> m_cancelUpTo{0};
    std::atomic<double> m_speed{0.0};
    std::atomic<int> m_batchesInFlight{0};

    std::mutex m_resultMutex;
    quint64 m_resultId = 0;
    std::shared_ptr<const Trajectory> m_result;
};

} // namespace cs::ui

Q_DECLARE_METATYPE(cs::ui::RunInfo)
Q_DECLARE_METATYPE(cs::RunSummary)
Q_DECLARE_METATYPE(std::vector<cs::IterationRecord>)
Q_DECLARE_METATYPE(std::vector<cs::SwitchEvent>)
