#include "core/trajectory.h"

#include <algorithm>
#include <limits>

namespace cs {

Trajectory::Trajectory(int dimension, std::vector<std::string> signalNames)
    : m_dimension(dimension), m_signalNames(std::move(signalNames)) {}

void Trajectory::reserve(std::size_t steps) {
    m_x.reserve(steps * m_dimension);
    m_f.reserve(steps);
    m_gradNorm.reserve(steps);
    m_stepLength.reserve(steps);
    m_evaluations.reserve(steps);
    m_phase.reserve(steps);
    m_optimizer.reserve(steps);
    m_convexity.reserve(steps);
    m_signals.reserve(steps * m_signalNames.size());
    m_trialEnd.reserve(steps);
}

void Trajectory::append(const Vector& x, double f, double gradNorm, double stepLength,
                        long evaluations, int phase, const std::string& optimizer,
                        double convexity, const std::vector<double>& signals,
                        const std::vector<Vector>& trials) {
    m_x.insert(m_x.end(), x.data(), x.data() + m_dimension);
    m_f.push_back(f);
    m_gradNorm.push_back(gradNorm);
    m_stepLength.push_back(stepLength);
    m_evaluations.push_back(evaluations);
    m_phase.push_back(static_cast<std::uint8_t>(phase));

    auto name = std::find(m_optimizerNames.begin(), m_optimizerNames.end(), optimizer);
    if (name == m_optimizerNames.end()) {
        m_optimizerNames.push_back(optimizer);
        name = m_optimizerNames.end() - 1;
    }
    m_optimizer.push_back(static_cast<std::uint8_t>(name - m_optimizerNames.begin()));
    m_convexity.push_back(convexity);

    const std::size_t k = m_signalNames.size();
    for (std::size_t j = 0; j < k; ++j)
        m_signals.push_back(j < signals.size() ? signals[j]
                                               : std::numeric_limits<double>::quiet_NaN());
    for (const auto& t : trials)
        m_trials.insert(m_trials.end(), t.data(), t.data() + m_dimension);
    m_trialEnd.push_back(static_cast<std::uint32_t>(m_trials.size() / std::max(1, m_dimension)));
}

Eigen::Map<const Vector> Trajectory::x(std::size_t i) const {
    return Eigen::Map<const Vector>(m_x.data() + i * m_dimension, m_dimension);
}

double Trajectory::signal(std::size_t i, std::size_t j) const {
    return m_signals[i * m_signalNames.size() + j];
}

std::size_t Trajectory::trialCount(std::size_t i) const {
    const std::uint32_t begin = i == 0 ? 0 : m_trialEnd[i - 1];
    return m_trialEnd[i] - begin;
}

Eigen::Map<const Vector> Trajectory::trial(std::size_t i, std::size_t j) const {
    const std::uint32_t begin = i == 0 ? 0 : m_trialEnd[i - 1];
    return Eigen::Map<const Vector>(m_trials.data() + (begin + j) * m_dimension, m_dimension);
}

IterationRecord Trajectory::record(std::size_t i) const {
    IterationRecord r;
    r.step = static_cast<long>(i);
    r.x = x(i);
    r.f = m_f[i];
    r.gradNorm = m_gradNorm[i];
    r.stepLength = m_stepLength[i];
    r.evaluations = m_evaluations[i];
    r.phase = m_phase[i];
    r.optimizer = optimizer(i);
    r.convexity = m_convexity[i];
    for (std::size_t j = 0; j < m_signalNames.size(); ++j)
        r.signals.push_back(signal(i, j));
    for (std::size_t j = 0; j < trialCount(i); ++j)
        r.trials.emplace_back(trial(i, j));
    return r;
}

std::vector<IterationRecord> Trajectory::records(std::size_t from, std::size_t to) const {
    std::vector<IterationRecord> out;
    to = std::min(to, size());
    if (from < to)
        out.reserve(to - from);
    for (std::size_t i = from; i < to; ++i)
        out.push_back(record(i));
    return out;
}

std::size_t Trajectory::memoryBytes() const {
    return m_x.capacity() * sizeof(double) + m_f.capacity() * sizeof(double) +
           m_gradNorm.capacity() * sizeof(double) + m_stepLength.capacity() * sizeof(double) +
           m_evaluations.capacity() * sizeof(long) + m_phase.capacity() +
           m_optimizer.capacity() + m_convexity.capacity() * sizeof(double) +
           m_signals.capacity() * sizeof(double) + m_trialEnd.capacity() * sizeof(std::uint32_t) +
           m_trials.capacity() * sizeof(double);
}

} // namespace cs
