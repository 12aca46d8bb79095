#include "core/rmsprop.h"

#include <cmath>

namespace cs {

std::vector<ParamSpec> RmspropOptions::params() {
    const RmspropOptions d;
    return {
        {"lr", d.lr, 0.0, INFINITY, true, false, false,
         "Step size η: each coordinate moves by about η per step once the average has settled."},
        {"rho", d.rho, 0.0, 1.0, false, true, false,
         "Decay ρ of the running average of squared gradients: close to 1 averages over many "
         "steps (about 1/(1−ρ))."},
        {"eps", d.eps, 0.0, INFINITY, true, false, false,
         "ε added to the root-mean-square before dividing, so tiny gradients do not give huge "
         "steps."},
    };
}

RmspropOptions RmspropOptions::fromParams(const ParamValues& values) {
    RmspropOptions o;
    o.lr = values.at("lr");
    o.rho = values.at("rho");
    o.eps = values.at("eps");
    o.validate();
    return o;
}

void RmspropOptions::validate() const {
    if (!(lr > 0.0) || !std::isfinite(lr))
        throw ConfigError("lr: must be > 0, got " + formatNumber(lr));
    if (!(rho >= 0.0 && rho < 1.0))
        throw ConfigError("rho: must be in [0, 1), got " + formatNumber(rho));
    if (!(eps > 0.0) || !std::isfinite(eps))
        throw ConfigError("eps: must be > 0, got " + formatNumber(eps));
}

Rmsprop::Rmsprop(RmspropOptions options) : m_options(options) {
    m_options.validate();
}

void Rmsprop::onReset() {
    m_s = Vector::Zero(m_x.size());
    m_delta = Vector::Zero(m_x.size());
}

StepInfo Rmsprop::step() {
    StepInfo info;
    if (!std::isfinite(m_f) || !m_g.allFinite()) {
        info.status = StepStatus::NonFinite;
        info.message = "f or its gradient is not finite at the current point";
        return info;
    }
    const double rho = m_options.rho;
    // s_{k+1} = ρ s_k + (1 − ρ) g_k²
    m_s.array() = rho * m_s.array() + (1.0 - rho) * m_g.array().square();
    // x_{k+1} − x_k = −η g_k / (√s_{k+1} + ε)
    m_delta.array() = -m_options.lr * m_g.array() / (m_s.array().sqrt() + m_options.eps);
    m_x += m_delta;
    info.stepLength = m_delta.norm();
    m_f = m_objective->valueAndGradient(m_x, m_g);
    if (!std::isfinite(m_f) || !m_g.allFinite()) {
        info.status = StepStatus::NonFinite;
        info.message = "f or its gradient is not finite after an RMSprop step; lower lr";
    }
    return info;
}

} // namespace cs
