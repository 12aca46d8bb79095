#include "core/gradient_descent.h"

#include <cmath>

namespace cs {

std::vector<ParamSpec> GradientDescentOptions::params() {
    return {{"lr", 0.001, 0.0, INFINITY, true, false, false, "step size η"}};
}

GradientDescentOptions GradientDescentOptions::fromParams(const ParamValues& values) {
    GradientDescentOptions o;
    o.lr = values.at("lr");
    o.validate();
    return o;
}

void GradientDescentOptions::validate() const {
    if (!(lr > 0.0) || !std::isfinite(lr))
        throw ConfigError("lr: must be > 0, got " + formatNumber(lr));
}

GradientDescent::GradientDescent(GradientDescentOptions options) : m_options(options) {
    m_options.validate();
}

StepInfo GradientDescent::step() {
    StepInfo info;
    // x_{k+1} = x_k − η g_k
    m_x.noalias() -= m_options.lr * m_g;
    info.stepLength = m_options.lr * m_g.norm();
    m_f = m_objective->valueAndGradient(m_x, m_g);
    if (!std::isfinite(m_f) || !m_g.allFinite()) {
        info.status = StepStatus::NonFinite;
        info.message = "f or its gradient is not finite after a gradient step; lower lr";
    }
    return info;
}

} // namespace cs
