#pragma once

#include "core/adam.h"
#include "core/momentum.h"
#include "core/optimizer.h"

namespace cs {

struct SwatsOptions {
    double lr = 0.001;       // Adam step size α; default 0.001 (Keskar & Socher)
    double beta1 = 0.9;      // β1 of Adam, and the momentum of the SGD phase; default 0.9
    double beta2 = 0.999;    // β2 of Adam, and the decay of the average λ; default 0.999
    double eps = 1e-9;       // ε added to √v̂ in Adam; default 1e-9 (the paper's)
    double switchTol = 1e-9; // switch when |Λ_k − γ_k| < this; default 1e-9 (the paper's ε)

    static std::vector<ParamSpec> params(); // scene names: lr, beta1, beta2, eps, switch_tol
    static SwatsOptions fromParams(const ParamValues& values);
    void validate() const; // throws ConfigError naming the bad field
};

// SWATS, "Switching from Adam to SGD" (Keskar & Socher 2017, Alg. 1). Adam steps p_k until
// the learning rate SGD would need to make the same progress settles:
//   γ_k = p_kᵀp_k / (−p_kᵀg_k)          (g_k the gradient the step used; only when p_kᵀg_k ≠ 0)
//   λ_k = β2 λ_{k−1} + (1 − β2) γ_k,   Λ_k = λ_k / (1 − β2^k)   (bias-corrected average)
//   switch after Adam step k > 1 when |Λ_k − γ_k| < switchTol and Λ_k > 0,
// then SGD with momentum and rate Λ: v_k = β1 v_{k−1} + g_k, x_k = x_{k−1} − (1 − β1)Λ v_k,
// which is heavy-ball momentum with μ = β1 and η = (1 − β1)Λ, v starting at zero.
// The guard Λ_k > 0 is ours: with a non-descent Adam step γ_k < 0 and SGD would climb.
// Records γ_k and Λ_k as signals; one switch at most, as in the paper.
class Swats : public Optimizer {
public:
    explicit Swats(SwatsOptions options = {});
    std::string kind() const override { return "swats"; }
    // "adam" for steps made by Adam, "momentum" after the switch.
    std::string activeKind() const override;
    std::vector<std::string> signalNames() const override {
        return {"swats_gamma", "swats_lambda"};
    }
    std::vector<SwitchEvent> switchEvents() const override { return m_events; }
    StepInfo step() override;

    const SwatsOptions& options() const { return m_options; }
    int phase() const { return m_phase; }
    // Λ at the switch (NaN before it).
    double sgdRate() const { return m_rate; }

private:
    void onReset() override;

    SwatsOptions m_options;
    Adam m_adam;
    Momentum m_sgd;
    std::vector<SwitchEvent> m_events;
    int m_phase = 1;
    int m_lastStepPhase = 1;
    long m_steps = 0;
    double m_lambda = 0.0; // λ_k, the uncorrected average
    double m_rate = 0.0;   // Λ at the switch
};

} // namespace cs
