#pragma once

#include "core/objective.h"
#include "core/params.h"
#include "core/types.h"

#include <limits>
#include <string>
#include <vector>

namespace cs {

enum class StepStatus {
    Ok,
    LineSearchFailed, // no acceptable step along any direction tried; x is unchanged
    NonFinite,        // f or the gradient became NaN or Inf at the new point
};

// What one iteration reports beyond the new (x, f, g), which the optimizer keeps.
struct StepInfo {
    StepStatus status = StepStatus::Ok;
    double stepLength = 0.0;    // ‖x_{k+1} − x_k‖
    std::vector<Vector> trials; // line-search trial points, in the order tried
    std::string message;        // why, when status != Ok

    // Filled by composite (switching) optimizers; plain optimizers leave the defaults.
    int phase = 1;                                               // 1 or 2
    double convexity = std::numeric_limits<double>::quiet_NaN(); // score in [0, 1]
    std::vector<double> signals; // each criterion's raw signal, see Optimizer::signalNames()
    bool switched = false;       // a switch happened after this step
};

// A switch between the phases of a composite optimizer, kept for the summary and the GUI.
struct SwitchEvent {
    long step = 0;               // the iteration after which phase 2 (or phase 1 again) took over
    std::string from;            // optimizer kind left, e.g. "adam"
    std::string to;              // optimizer kind taken up, e.g. "lbfgs"
    double score = 0.0;          // convexity score at that step
    std::vector<double> signals; // each criterion's raw signal at that step
    std::string reason;          // one sentence a user can read
};

// An optimizer advances one iteration at a time so that any of them can be animated.
// reset() starts a fresh run with fresh state; step() makes one iteration.
class Optimizer {
public:
    virtual ~Optimizer() = default;

    // Registry name, e.g. "adam".
    virtual std::string kind() const = 0;
    // Name of the optimizer making the steps now (differs from kind() for switching).
    virtual std::string activeKind() const { return kind(); }
    // Names of the raw signals reported in StepInfo::signals (empty for plain optimizers).
    virtual std::vector<std::string> signalNames() const { return {}; }

    // Whether the method needs the full batch of a stochastic objective (line searches, curvature
    // pairs and Hessians are meaningless on a fresh mini-batch each step): reset() and resetAt()
    // turn the objective's sampling off for it, and on for the others.
    virtual bool needsFullBatch() const { return false; }
    // Switch events so far (composite optimizers only).
    virtual std::vector<SwitchEvent> switchEvents() const { return {}; }

    // Starts at x0: evaluates f and ∇f there (one evaluation) and clears all state.
    void reset(Objective& objective, const Vector& x0);
    // Starts at x0 with f and ∇f already known there (no evaluation): used at a switch. When the
    // objective's sampling mode changes for this method, f and ∇f are evaluated again at x0.
    void resetAt(Objective& objective, const Vector& x0, double f0, const Vector& g0);

    // One iteration. Updates x(), f(), gradient() unless the status says otherwise.
    virtual StepInfo step() = 0;

    const Vector& x() const { return m_x; }
    double f() const { return m_f; }
    const Vector& gradient() const { return m_g; }
    Objective* objective() const { return m_objective; }

protected:
    // Clears internal state (moments, curvature pairs, ...) after x, f, g were set.
    virtual void onReset() = 0;

    Objective* m_objective = nullptr;
    Vector m_x;
    Vector m_g;
    double m_f = 0.0;
};

} // namespace cs
