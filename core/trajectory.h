#pragma once

#include "core/types.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace cs {

// One iteration as a value, for handing batches to the GUI or writing files.
struct IterationRecord {
    long step = 0;
    Vector x;
    double f = 0.0;
    double gradNorm = 0.0;
    double stepLength = 0.0;
    long evaluations = 0; // objective evaluations so far, every line-search trial included
    int phase = 1;
    std::string optimizer; // kind of the optimizer that made this step
    double convexity = 0.0; // NaN where no convexity score is computed
    std::vector<double> signals;
    std::vector<Vector> trials; // line-search trial points of the step that led here
};

// The recorded run, stored column-wise so that a million 2D steps take tens of megabytes
// (about 60 bytes a step without criterion signals), not a heap object per step.
class Trajectory {
public:
    Trajectory() = default;
    Trajectory(int dimension, std::vector<std::string> signalNames);

    void reserve(std::size_t steps);
    void append(const Vector& x, double f, double gradNorm, double stepLength, long evaluations,
                int phase, const std::string& optimizer, double convexity,
                const std::vector<double>& signals, const std::vector<Vector>& trials);

    std::size_t size() const { return m_f.size(); }
    bool empty() const { return m_f.empty(); }
    int dimension() const { return m_dimension; }
    const std::vector<std::string>& signalNames() const { return m_signalNames; }

    Eigen::Map<const Vector> x(std::size_t i) const;
    double f(std::size_t i) const { return m_f[i]; }
    double gradNorm(std::size_t i) const { return m_gradNorm[i]; }
    double stepLength(std::size_t i) const { return m_stepLength[i]; }
    long evaluations(std::size_t i) const { return m_evaluations[i]; }
    int phase(std::size_t i) const { return m_phase[i]; }
    const std::string& optimizer(std::size_t i) const { return m_optimizerNames[m_optimizer[i]]; }
    double convexity(std::size_t i) const { return m_convexity[i]; }
    double signal(std::size_t i, std::size_t j) const;
    std::size_t trialCount(std::size_t i) const;
    Eigen::Map<const Vector> trial(std::size_t i, std::size_t j) const;

    IterationRecord record(std::size_t i) const;
    // Records [from, to) as values.
    std::vector<IterationRecord> records(std::size_t from, std::size_t to) const;

    // Bytes held by the columns (capacity, not size): for the memory benchmark.
    std::size_t memoryBytes() const;

private:
    int m_dimension = 0;
    std::vector<std::string> m_signalNames;
    std::vector<std::string> m_optimizerNames;
    std::vector<double> m_x; // size() × dimension
    std::vector<double> m_f;
    std::vector<double> m_gradNorm;
    std::vector<double> m_stepLength;
    std::vector<long> m_evaluations;
    std::vector<std::uint8_t> m_phase;
    std::vector<std::uint8_t> m_optimizer; // index into m_optimizerNames
    std::vector<double> m_convexity;
    std::vector<double> m_signals;         // size() × signalNames.size()
    std::vector<std::uint32_t> m_trialEnd; // exclusive end of step i's trials in m_trials
    std::vector<double> m_trials;          // trial points, dimension doubles each
};

} // namespace cs
