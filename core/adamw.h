#pragma once

#include "core/adam.h"

namespace cs {

struct AdamWOptions {
    double lr = 0.001;         // step size α; default 0.001
    double beta1 = 0.9;        // first-moment decay β1 in [0, 1); default 0.9
    double beta2 = 0.999;      // second-moment decay β2 in [0, 1); default 0.999
    double eps = 1e-8;         // ε > 0 added to √v̂; default 1e-8
    double weightDecay = 0.01; // decoupled weight decay λ ≥ 0 ("weight_decay"); default 0.01

    static std::vector<ParamSpec> params();
    static AdamWOptions fromParams(const ParamValues& values);
    void validate() const; // throws ConfigError naming the bad field
    AdamOptions adam() const { return {lr, beta1, beta2, eps}; }
};

// AdamW (Loshchilov & Hutter 2019, "Decoupled weight decay regularization", Alg. 2): Adam whose
// weight decay shrinks x directly instead of entering the gradient and its moments:
//   x_t = x_{t−1} − α (m̂ / (√v̂ + ε) + λ x_{t−1}).
// As in PyTorch the decay is scaled by α; the paper's λ (with schedule multiplier 1) is αλ.
// It minimises f only approximately: the decay pulls x towards the origin.
class AdamW final : public Adam {
public:
    explicit AdamW(AdamWOptions options = {});
    std::string kind() const override { return "adamw"; }
    const AdamWOptions& adamWOptions() const { return m_optionsW; }

private:
    AdamWOptions m_optionsW;
};

} // namespace cs
