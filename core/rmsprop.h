#pragma once

#include "core/optimizer.h"

namespace cs {

struct RmspropOptions {
    double lr = 0.001; // step size η; default 0.001
    double rho = 0.9;  // decay ρ of the squared-gradient average, in [0, 1); default 0.9
    double eps = 1e-8; // ε > 0 added to √s to avoid division by zero; default 1e-8

    static std::vector<ParamSpec> params();
    static RmspropOptions fromParams(const ParamValues& values);
    void validate() const; // throws ConfigError naming the bad field
};

// RMSprop (Tieleman & Hinton 2012, Coursera lecture 6.5), per coordinate:
//   s_{k+1} = ρ s_k + (1 − ρ) g_k²,  x_{k+1} = x_k − η g_k / (√s_{k+1} + ε),  s_0 = 0.
class Rmsprop : public Optimizer {
public:
    explicit Rmsprop(RmspropOptions options = {});
    std::string kind() const override { return "rmsprop"; }
    StepInfo step() override;

    const RmspropOptions& options() const { return m_options; }

private:
    void onReset() override;
    RmspropOptions m_options;
    Vector m_s;
    Vector m_delta; // x_{k+1} − x_k
};

} // namespace cs
