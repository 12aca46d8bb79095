#pragma once

#include "core/objective.h"
#include "core/optimizer.h"
#include "core/params.h"
#include "core/trajectory.h"

#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace cs {

// When a run stops. Every field is checked after every step.
struct StopOptions {
    long maxSteps = 10000;          // iterations; default 10000
    long maxEvaluations = 10000000; // objective evaluations, line-search trials included
    double gradTol = 1e-8;          // converged when ‖∇f‖ ≤ gradTol; default 1e-8
    double fTol = 0.0;              // converged when |f_k − f_{k−1}| ≤ fTol; 0 (default) disables

    static std::vector<ParamSpec> params(); // scene names: max_steps, max_evaluations, ...
    static StopOptions fromParams(const ParamValues& values);
    void validate() const;
};

enum class Termination {
    Running,
    Converged,      // gradient norm or f change below tolerance
    MaxSteps,
    MaxEvaluations,
    Diverged,       // f, ∇f or x became NaN or Inf
    Cancelled,
    Failed,         // the optimizer could not make progress (line search failed)
};

// "converged", "max_steps", ...: the names in summary files.
std::string terminationName(Termination t);

struct RunSummary {
    Termination status = Termination::Running;
    std::string message;
    long steps = 0;
    long evaluations = 0;
    long hessianEvaluations = 0;
    Vector finalX;
    double finalF = 0.0;
    double gradNorm = 0.0;
    std::vector<SwitchEvent> switches;
    double wallMs = 0.0;

    std::optional<long> switchStep() const;
    // "converged after 42 steps (57 evaluations): f = 1.2e-18, |g| = 3.4e-9".
    std::string report() const;
};

// Runs an optimizer on an objective, one step at a time, recording the trajectory.
// (Inside a GoogleTest body write cs::Run: testing::Test has a member Run().)
// Step 0 is the start point. No exception escapes advance(): a non-finite value ends the run
// as Diverged and keeps the trajectory up to the last finite point.
class Run {
public:
    // Resets the optimizer at x0 (one evaluation). `cancel`, when given, is polled every step.
    Run(Objective& objective, Optimizer& optimizer, const Vector& x0, StopOptions stop,
        const std::atomic<bool>* cancel = nullptr);

    // One iteration; returns false once the run has ended (and then does nothing).
    bool advance();
    // Advances until the run ends; returns the summary.
    RunSummary runToEnd();

    bool finished() const { return m_status != Termination::Running; }
    Termination status() const { return m_status; }
    const std::string& message() const { return m_message; }
    const Trajectory& trajectory() const { return m_trajectory; }
    long steps() const { return static_cast<long>(m_trajectory.size()) - 1; }
    RunSummary summary() const;

    Objective& objective() const { return m_objective; }
    Optimizer& optimizer() const { return m_optimizer; }

private:
    void finish(Termination status, std::string message);
    bool checkStop(double previousF);

    Objective& m_objective;
    Optimizer& m_optimizer;
    StopOptions m_stop;
    const std::atomic<bool>* m_cancel;
    Trajectory m_trajectory;
    Termination m_status = Termination::Running;
    std::string m_message;
    std::chrono::steady_clock::time_point m_started;
    double m_wallMs = 0.0;
    long m_evaluationBase = 0;
    long m_hessianBase = 0;
};

} // namespace cs
