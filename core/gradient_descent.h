#pragma once

#include "core/optimizer.h"

namespace cs {

struct GradientDescentOptions {
    double lr = 0.001; // step size η: x_{k+1} = x_k − η g_k; default 0.001

    static std::vector<ParamSpec> params();
    static GradientDescentOptions fromParams(const ParamValues& values);
    void validate() const; // throws ConfigError naming the bad field
};

// Plain gradient descent with a fixed step size.
class GradientDescent : public Optimizer {
public:
    explicit GradientDescent(GradientDescentOptions options = {});
    std::string kind() const override { return "gd"; }
    StepInfo step() override;

private:
    void onReset() override {}
    GradientDescentOptions m_options;
};

} // namespace cs
