#pragma once

#include "core/optimizer.h"

namespace cs {

struct AdamOptions {
    double lr = 0.001;    // step size α; default 0.001 (Kingma & Ba)
    double beta1 = 0.9;   // decay β1 of the first-moment average, in [0, 1); default 0.9
    double beta2 = 0.999; // decay β2 of the second-moment average, in [0, 1); default 0.999
    double eps = 1e-8;    // ε > 0 added to √v̂; default 1e-8

    static std::vector<ParamSpec> params();
    static AdamOptions fromParams(const ParamValues& values);
    void validate() const; // throws ConfigError naming the bad field
};

// Adam (Kingma & Ba 2014, Alg. 1), per coordinate, t = 1, 2, ...:
//   m_t = β1 m_{t−1} + (1 − β1) g,  v_t = β2 v_{t−1} + (1 − β2) g²,
//   m̂ = m_t / (1 − β1^t),  v̂ = v_t / (1 − β2^t),  x_t = x_{t−1} − α m̂ / (√v̂ + ε).
// m, v and t start at zero on every reset. One evaluation per step, no heap allocation.
class Adam : public Optimizer {
public:
    explicit Adam(AdamOptions options = {});
    std::string kind() const override { return "adam"; }
    StepInfo step() override;

    const AdamOptions& options() const { return m_options; }
    long t() const { return m_t; }

protected:
    // For AdamW: decoupled weight decay λ, applied as x ← x − αλx before the Adam step.
    Adam(AdamOptions options, double weightDecay);

private:
    void onReset() override;
    AdamOptions m_options;
    double m_weightDecay = 0.0;
    Vector m_m, m_v;
    Vector m_delta; // x_t − x_{t−1}
    long m_t = 0;
    double m_beta1Power = 1.0; // β1^t
    double m_beta2Power = 1.0; // β2^t
};

} // namespace cs
