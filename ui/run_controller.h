#pragma once

#include "ui/run_worker.h"

#include <QObject>
#include <QThread>

#include <memory>

namespace cs::ui {

// Owns the worker thread (Qt's Worker/Controller pattern): one RunWorker moved to a QThread
// that lives as long as the controller. The destructor cancels any run, quit()s and wait()s,
// so closing the window mid-run neither crashes nor hangs.
//
// Every control acts at once: pause, step, speed and cancel are atomics the worker reads every
// step; only start goes through the worker's event queue. Signals from a run that was reset or
// replaced are dropped here, so the GUI sees the events of the current run only.
class RunController : public QObject {
    Q_OBJECT
public:
    enum class State {
        Idle,     // no run (never started, or reset)
        Starting, // start() called, `started` not yet received
        Running,
        Paused,
        Finished, // ended (any termination) or failed; the trajectory stays for replay
    };
    Q_ENUM(State)

    explicit RunController(QObject* parent = nullptr);
    ~RunController() override;

    // Starts a run of `scene` (a run still going is cancelled first). paused: build the run
    // and evaluate the start point, then wait for step() or resume().
    void start(const cs::Scene& scene, bool paused = false);
    void pause();
    void resume();
    // One iteration; a running run pauses first.
    void step();
    // Ends the run now (termination "cancelled"); `finished` follows.
    void stop();
    // Cancels the run and forgets it: no further signals from it; state Idle.
    void reset();
    // Steps per second; <= 0 or infinite: unlimited.
    void setSpeed(double stepsPerSecond);

    State state() const { return m_state; }
    bool isActive() const;
    // The whole recorded trajectory of the run that finished (null until then).
    std::shared_ptr<const Trajectory> trajectory() const { return m_trajectory; }
    // The worker's thread (for tests: it finishes when the controller is destroyed).
    QThread* workerThread() { return &m_thread; }

Q_SIGNALS:
    void started(const cs::ui::RunInfo& info);
    void progress(const std::vector<cs::IterationRecord>& records,
                  const std::vector<cs::SwitchEvent>& switches);
    void finished(const cs::RunSummary& summary);
    void failed(const QString& message);
    // The worker has halted on a pause after `steps` iterations; every record up to there has
    // come through `progress` already.
    void pausedAt(long steps);
    void stateChanged(cs::ui::RunController::State state);

private:
    void setState(State state);
    void wakeWorker();
    void onStarted(quint64 id, const cs::ui::RunInfo& info);
    void onProgress(quint64 id, const std::vector<cs::IterationRecord>& records,
                    const std::vector<cs::SwitchEvent>& switches);
    void onFinished(quint64 id, const cs::RunSummary& summary);
    void onFailed(quint64 id, const QString& message);
    void onPaused(quint64 id, long steps);

    QThread m_thread;
    RunWorker* m_worker; // lives in m_thread; deleted there when the thread finishes
    quint64 m_nextId = 1;
    quint64 m_currentId = 0; // 0: no run
    State m_state = State::Idle;
    std::shared_ptr<const Trajectory> m_trajectory;
};

} // namespace cs::ui
