#include "core/momentum.h"

#include <cmath>

namespace cs {

std::vector<ParamSpec> MomentumOptions::params() {
    const MomentumOptions d;
    return {
        {"lr", d.lr, 0.0, INFINITY, true, false, false,
         "Step size η: how far each step moves along the velocity. Too large diverges."},
        {"momentum", d.momentum, 0.0, 1.0, false, true, false,
         "Momentum μ: the fraction of the previous velocity kept each step (0 = plain gradient "
         "descent; 0.9 is usual)."},
    };
}

MomentumOptions MomentumOptions::fromParams(const ParamValues& values) {
    MomentumOptions o;
    o.lr = values.at("lr");
    o.momentum = values.at("momentum");
    o.validate();
    return o;
}

void MomentumOptions::validate() const {
    if (!(lr > 0.0) || !std::isfinite(lr))
        throw ConfigError("lr: must be > 0, got " + formatNumber(lr));
    if (!(momentum >= 0.0 && momentum < 1.0))
        throw ConfigError("momentum: must be in [0, 1), got " + formatNumber(momentum));
}

Momentum::Momentum(MomentumOptions options) : m_options(options) {
    m_options.validate();
}

void Momentum::setOptions(const MomentumOptions& options) {
    options.validate();
    m_options = options;
}

void Momentum::onReset() {
    m_v = Vector::Zero(m_x.size());
}

StepInfo Momentum::step() {
    StepInfo info;
    if (!std::isfinite(m_f) || !m_g.allFinite()) {
        info.status = StepStatus::NonFinite;
        info.message = "f or its gradient is not finite at the current point";
        return info;
    }
    // v_{k+1} = μ v_k − η g_k;  x_{k+1} = x_k + v_{k+1}
    m_v *= m_options.momentum;
    m_v.noalias() -= m_options.lr * m_g;
    m_x += m_v;
    info.stepLength = m_v.norm();
    m_f = m_objective->valueAndGradient(m_x, m_g);
    if (!std::isfinite(m_f) || !m_g.allFinite()) {
        info.status = StepStatus::NonFinite;
        info.message =
            "f or its gradient is not finite after a momentum step; lower lr or momentum";
    }
    return info;
}

} // namespace cs
