#pragma once

#include "core/optimizer.h"

namespace cs {

struct MomentumOptions {
    double lr = 0.001;     // step size η; default 0.001
    double momentum = 0.9; // velocity decay μ in [0, 1); 0 is plain gradient descent; default 0.9

    static std::vector<ParamSpec> params();
    static MomentumOptions fromParams(const ParamValues& values);
    void validate() const; // throws ConfigError naming the bad field
};

// Heavy-ball momentum (Polyak 1964): v_{k+1} = μ v_k − η g_k, x_{k+1} = x_k + v_{k+1}.
// One evaluation per step. The velocity starts at zero on every reset.
class Momentum : public Optimizer {
public:
    explicit Momentum(MomentumOptions options = {});
    std::string kind() const override { return "momentum"; }
    StepInfo step() override;

    const MomentumOptions& options() const { return m_options; }
    // New hyperparameters from the next step on (the velocity is kept); validates first.
    // A switching optimizer (SWATS) sets the learning rate it estimated this way.
    void setOptions(const MomentumOptions& options);
    const Vector& velocity() const { return m_v; }

private:
    void onReset() override;
    MomentumOptions m_options;
    Vector m_v;
};

} // namespace cs
