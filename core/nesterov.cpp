#include "core/nesterov.h"

#include <cmath>

namespace cs {

std::vector<ParamSpec> NesterovOptions::params() {
    const NesterovOptions d;
    return {
        {"lr", d.lr, 0.0, INFINITY, true, false, false,
         "Step size η: how far each step moves along the velocity. Too large diverges."},
        {"momentum", d.momentum, 0.0, 1.0, false, true, false,
         "Momentum μ: the fraction of the previous velocity kept each step; the gradient is "
         "taken at the look-ahead point (0.9 is usual)."},
    };
}

NesterovOptions NesterovOptions::fromParams(const ParamValues& values) {
    NesterovOptions o;
    o.lr = values.at("lr");
    o.momentum = values.at("momentum");
    o.validate();
    return o;
}

void NesterovOptions::validate() const {
    if (!(lr > 0.0) || !std::isfinite(lr))
        throw ConfigError("lr: must be > 0, got " + formatNumber(lr));
    if (!(momentum >= 0.0 && momentum < 1.0))
        throw ConfigError("momentum: must be in [0, 1), got " + formatNumber(momentum));
}

Nesterov::Nesterov(NesterovOptions options) : m_options(options) {
    m_options.validate();
}

void Nesterov::onReset() {
    m_v = Vector::Zero(m_x.size());
    m_delta = Vector::Zero(m_x.size());
}

StepInfo Nesterov::step() {
    StepInfo info;
    if (!std::isfinite(m_f) || !m_g.allFinite()) {
        info.status = StepStatus::NonFinite;
        info.message = "f or its gradient is not finite at the current point";
        return info;
    }
    const double mu = m_options.momentum;
    const double lr = m_options.lr;
    // v_{k+1} = μ v_k − η g_k;  x_{k+1} − x_k = μ v_{k+1} − η g_k
    m_v *= mu;
    m_v.noalias() -= lr * m_g;
    m_delta.noalias() = mu * m_v - lr * m_g;
    m_x += m_delta;
    info.stepLength = m_delta.norm();
    m_f = m_objective->valueAndGradient(m_x, m_g);
    if (!std::isfinite(m_f) || !m_g.allFinite()) {
        info.status = StepStatus::NonFinite;
        info.message =
            "f or its gradient is not finite after a Nesterov step; lower lr or momentum";
    }
    return info;
}

} // namespace cs
