#pragma once

// Two-phase optimizer: a robust phase-1 optimizer (Adam, say) until a convexity criterion says
// the run has reached a convex region, then a fast phase-2 optimizer (L-BFGS, Newton) from
// that point with fresh state.
//
// Rules (docs/convexity.md):
// - Switch 1 → 2 after a phase-1 step when the criterion's score has been ≥ threshold for
//   `patience` consecutive steps and phase 1 has made at least `min_steps` steps since it
//   (re)started. The fixed criterion switches after `step` phase-1 steps instead.
// - Phase 2 starts at the current x with fresh state (resetAt: no evaluation). With seed_pairs,
//   an L-BFGS phase 2 is seeded with the last (s, y) pairs of phase 1 that have sᵀy > 0.
// - Fallback (optional): phase 2 fails when its line search fails, f or ∇f becomes non-finite,
//   f rises, or it meets negative curvature along its step (s_kᵀy_k < 0). Then phase 1 takes
//   over again with fresh state (a line-search failure at the precision floor, where
//   ½‖g‖²/κ ≤ 100·ε·max(1, |f|) with κ the latest positive secant curvature, is convergence,
//   not failure, and passes through): from the point before the step when the step failed or f
//   rose, from the new point when only the curvature was negative. Without fallback (or once
//   max_switches is used up) the failure passes through unchanged.
// - At most max_switches switches in all, in either direction.
// - The signal window is cleared at every switch, so a decision never mixes two optimizers'
//   steps.

#include "core/convexity.h"
#include "core/optimizer.h"

#include <nlohmann/json_fwd.hpp>

#include <memory>
#include <string>
#include <vector>

namespace cs {

struct SwitchingOptions {
    CriterionOptions criterion; // what drives the switch; default combined, 0.8, 5, 10
    long minSteps = 20;         // phase-1 steps before a switch may fire; default 20
    bool fallback = true;       // switch back to phase 1 when phase 2 fails; default true
    int maxSwitches = 3;        // switches in all, both directions; default 3
    bool seedPairs = false;     // seed an L-BFGS phase 2 with phase 1's (s, y) pairs; false

    void validate() const; // throws ConfigError naming the bad field
};

class SwitchingOptimizer : public Optimizer {
public:
    SwitchingOptimizer(std::unique_ptr<Optimizer> phase1, std::unique_ptr<Optimizer> phase2,
                       SwitchingOptions options = {});

    std::string kind() const override { return "switching"; }
    // The kind of the phase that made the latest step (phase 1 before the first step); after
    // a switch the next step is made by the other phase.
    std::string activeKind() const override;
    std::vector<std::string> signalNames() const override { return convexitySignalNames(); }
    std::vector<SwitchEvent> switchEvents() const override { return m_events; }

    StepInfo step() override;

    int phase() const { return m_phase; }
    const ConvexityMonitor& monitor() const { return m_monitor; }
    const SwitchingOptions& options() const { return m_options; }
    const Optimizer& phaseOptimizer(int phase) const { return phase == 1 ? *m_phase1 : *m_phase2; }

private:
    void onReset() override;
    Optimizer& active() { return m_phase == 1 ? *m_phase1 : *m_phase2; }
    void copyState(const Optimizer& from);
    void record(StepInfo& info);
    void switchTo(int phase, const std::string& reason);
    void seedPhase2();
    bool atPrecisionFloor() const;

    std::unique_ptr<Optimizer> m_phase1;
    std::unique_ptr<Optimizer> m_phase2;
    SwitchingOptions m_options;
    ConvexityMonitor m_monitor;
    std::vector<SwitchEvent> m_events;
    int m_phase = 1;
    int m_lastStepPhase = 1;
    long m_steps = 0;      // iterations since reset
    long m_phaseSteps = 0; // steps since the current phase (re)started
    int m_streak = 0;      // consecutive phase-1 steps with score ≥ threshold
};

// Builds {"kind": "switching", "phase1": {...}, "phase2": {...}, "criterion": {...},
// "min_steps": 20, "fallback": true, "max_switches": 3, "seed_pairs": false}. Omitted phases
// default to {"kind": "adam", "lr": 0.01} and {"kind": "lbfgs"}. Errors name the field under
// `path`, e.g. "optimizer.criterion.threshold: must be [0, 1], got 2".
std::unique_ptr<Optimizer> makeSwitchingOptimizer(const nlohmann::json& spec,
                                                  const std::string& path);

} // namespace cs
