#include "ui/run_controller.h"

#include <limits>

namespace cs::ui {

RunController::RunController(QObject* parent) : QObject(parent), m_worker(new RunWorker) {
    registerRunMetaTypes();
    m_thread.setObjectName(QStringLiteral("RunWorker"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &RunWorker::started, this, &RunController::onStarted);
    connect(m_worker, &RunWorker::progress, this, &RunController::onProgress);
    connect(m_worker, &RunWorker::finished, this, &RunController::onFinished);
    connect(m_worker, &RunWorker::failed, this, &RunController::onFailed);
    connect(m_worker, &RunWorker::paused, this, &RunController::onPaused);
    m_thread.start();
}

RunController::~RunController() {
    m_worker->cancelUpTo(std::numeric_limits<quint64>::max());
    m_worker->setPaused(false);
    m_thread.quit();
    m_thread.wait();
}

bool RunController::isActive() const {
    return m_state == State::Starting || m_state == State::Running || m_state == State::Paused;
}

void RunController::setState(State state) {
    if (state == m_state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void RunController::wakeWorker() {
    QMetaObject::invokeMethod(m_worker, &RunWorker::wake, Qt::QueuedConnection);
}

void RunController::start(const cs::Scene& scene, bool paused) {
    if (m_currentId != 0)
        m_worker->cancelUpTo(m_currentId);
    m_trajectory.reset();
    const quint64 id = m_nextId++;
    m_currentId = id;
    m_worker->clearStepRequests();
    m_worker->setPaused(paused);
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, id, scene] { worker->start(id, scene); },
        Qt::QueuedConnection);
    setState(State::Starting);
}

void RunController::pause() {
    if (m_state != State::Running && m_state != State::Starting)
        return;
    m_worker->setPaused(true);
    if (m_state == State::Running)
        setState(State::Paused);
}

void RunController::resume() {
    if (m_state != State::Paused && m_state != State::Starting)
        return;
    m_worker->setPaused(false);
    wakeWorker();
    if (m_state == State::Paused)
        setState(State::Running);
}

void RunController::step() {
    if (!isActive())
        return;
    m_worker->setPaused(true);
    m_worker->requestStep();
    wakeWorker();
    if (m_state == State::Running)
        setState(State::Paused);
}

void RunController::stop() {
    if (!isActive())
        return;
    m_worker->cancelUpTo(m_currentId);
    m_worker->setPaused(false);
    wakeWorker();
}

void RunController::reset() {
    if (m_currentId != 0)
        m_worker->cancelUpTo(m_currentId);
    m_worker->clearStepRequests();
    wakeWorker();
    m_currentId = 0;
    m_trajectory.reset();
    setState(State::Idle);
}

void RunController::setSpeed(double stepsPerSecond) {
    m_worker->setSpeed(stepsPerSecond);
    wakeWorker();
}

void RunController::onStarted(quint64 id, const cs::ui::RunInfo& info) {
    if (id != m_currentId)
        return;
    // A pause() during Starting was recorded in the worker's flag; report what it will do.
    setState(m_worker->isPaused() ? State::Paused : State::Running);
    Q_EMIT started(info);
}

void RunController::onProgress(quint64 id, const std::vector<cs::IterationRecord>& records,
                               const std::vector<cs::SwitchEvent>& switches) {
    if (id == m_currentId)
        Q_EMIT progress(records, switches);
    m_worker->batchConsumed();
}

void RunController::onFinished(quint64 id, const cs::RunSummary& summary) {
    if (id != m_currentId)
        return;
    m_trajectory = m_worker->takeResult(id);
    setState(State::Finished);
    Q_EMIT finished(summary);
}

void RunController::onFailed(quint64 id, const QString& message) {
    if (id != m_currentId)
        return;
    setState(State::Finished);
    Q_EMIT failed(message);
}

void RunController::onPaused(quint64 id, long steps) {
    if (id == m_currentId && m_state == State::Paused)
        Q_EMIT pausedAt(steps);
}

} // namespace cs::ui
