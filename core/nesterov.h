#pragma once

#include "core/optimizer.h"

namespace cs {

struct NesterovOptions {
    double lr = 0.001;     // step size η; default 0.001
    double momentum = 0.9; // velocity decay μ in [0, 1); default 0.9

    static std::vector<ParamSpec> params();
    static NesterovOptions fromParams(const ParamValues& values);
    void validate() const; // throws ConfigError naming the bad field
};

// Nesterov's accelerated gradient in the momentum form of Sutskever et al. 2013:
//   v_{k+1} = μ v_k − η ∇f(y_k + μ v_k),  y_{k+1} = y_k + v_{k+1}.
// The iterate kept here is the look-ahead point x_k = y_k + μ v_k, which needs one evaluation per
// step (the form PyTorch and Keras use):
//   v_{k+1} = μ v_k − η g(x_k),  x_{k+1} = x_k + μ v_{k+1} − η g(x_k).
class Nesterov : public Optimizer {
public:
    explicit Nesterov(NesterovOptions options = {});
    std::string kind() const override { return "nesterov"; }
    StepInfo step() override;

    const NesterovOptions& options() const { return m_options; }

private:
    void onReset() override;
    NesterovOptions m_options;
    Vector m_v;
    Vector m_delta; // x_{k+1} − x_k
};

} // namespace cs
