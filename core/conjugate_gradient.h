#pragma once

#include "core/line_search.h"
#include "core/optimizer.h"

namespace cs {

struct ConjugateGradientOptions {
    int restart = 0;  // restart along −g every this many steps; 0 (default) means n = dimension
    double c1 = 1e-4; // Wolfe sufficient-decrease constant, 0 < c1 < c2; default 1e-4
    double c2 = 0.1;  // Wolfe curvature constant, c1 < c2 < 1; default 0.1 (N&W §5.2)

    static std::vector<ParamSpec> params();
    static ConjugateGradientOptions fromParams(const ParamValues& values);
    void validate() const; // throws ConfigError naming the bad field
    LineSearchOptions lineSearch() const;
};

// Nonlinear conjugate gradient, Polak–Ribière+ (Polak & Ribière 1969; Nocedal & Wright 2006,
// §5.2, eq. 5.44–5.45):
//   β_k = max(0, g_kᵀ(g_k − g_{k−1}) / g_{k−1}ᵀg_{k−1}),  d_k = −g_k + β_k d_{k−1},
//   x_{k+1} = x_k + α_k d_k with α_k from a strong-Wolfe line search (c2 = 0.1).
// Restarts with d = −g every `restart` steps and whenever d is not a descent direction. The first
// trial step is α_{k−1} g_{k−1}ᵀd_{k−1} / g_kᵀd_k (N&W eq. 3.60). When the line search fails, it
// restarts along −g; only if that fails too does step() report LineSearchFailed.
class ConjugateGradient : public Optimizer {
public:
    explicit ConjugateGradient(ConjugateGradientOptions options = {});
    std::string kind() const override { return "cg"; }
    bool needsFullBatch() const override { return true; }
    StepInfo step() override;

    const ConjugateGradientOptions& options() const { return m_options; }
    // True when the last step went along −g (first step, periodic restart or β fallback).
    bool lastStepRestarted() const { return m_restarted; }

private:
    void onReset() override;
    ConjugateGradientOptions m_options;
    LineSearchOptions m_lineSearch;
    Vector m_d;     // direction of the last step
    Vector m_gPrev; // gradient at the start of the last step
    bool m_hasDirection = false;
    bool m_restarted = true;
    int m_sinceRestart = 0;
    double m_alphaPrev = 0.0;
    double m_slopePrev = 0.0; // g_{k−1}ᵀd_{k−1}
};

} // namespace cs
