#include "core/adam.h"

#include <cmath>

namespace cs {

std::vector<ParamSpec> AdamOptions::params() {
    const AdamOptions d;
    return {
        {"lr", d.lr, 0.0, INFINITY, true, false, false,
         "Step size α: each coordinate moves by at most about α per step."},
        {"beta1", d.beta1, 0.0, 1.0, false, true, false,
         "Decay β1 of the running mean of gradients (momentum); 0.9 averages over about 10 "
         "steps."},
        {"beta2", d.beta2, 0.0, 1.0, false, true, false,
         "Decay β2 of the running mean of squared gradients; 0.999 averages over about 1000 "
         "steps."},
        {"eps", d.eps, 0.0, INFINITY, true, false, false,
         "ε added to the root of the squared-gradient average, so tiny gradients do not give "
         "huge steps."},
    };
}

AdamOptions AdamOptions::fromParams(const ParamValues& values) {
    AdamOptions o;
    o.lr = values.at("lr");
    o.beta1 = values.at("beta1");
    o.beta2 = values.at("beta2");
    o.eps = values.at("eps");
    o.validate();
    return o;
}

void AdamOptions::validate() const {
    if (!(lr > 0.0) || !std::isfinite(lr))
        throw ConfigError("lr: must be > 0, got " + formatNumber(lr));
    if (!(beta1 >= 0.0 && beta1 < 1.0))
        throw ConfigError("beta1: must be in [0, 1), got " + formatNumber(beta1));
    if (!(beta2 >= 0.0 && beta2 < 1.0))
        throw ConfigError("beta2: must be in [0, 1), got " + formatNumber(beta2));
    if (!(eps > 0.0) || !std::isfinite(eps))
        throw ConfigError("eps: must be > 0, got " + formatNumber(eps));
}

Adam::Adam(AdamOptions options) : Adam(options, 0.0) {}

Adam::Adam(AdamOptions options, double weightDecay)
    : m_options(options), m_weightDecay(weightDecay) {
    m_options.validate();
}

void Adam::onReset() {
    m_m = Vector::Zero(m_x.size());
    m_v = Vector::Zero(m_x.size());
    m_delta = Vector::Zero(m_x.size());
    m_t = 0;
    m_beta1Power = 1.0;
    m_beta2Power = 1.0;
}

StepInfo Adam::step() {
    StepInfo info;
    if (!std::isfinite(m_f) || !m_g.allFinite()) {
        info.status = StepStatus::NonFinite;
        info.message = "f or its gradient is not finite at the current point";
        return info;
    }
    const double b1 = m_options.beta1;
    const double b2 = m_options.beta2;
    ++m_t;
    m_beta1Power *= b1;
    m_beta2Power *= b2;
    // m_t = β1 m_{t−1} + (1 − β1) g;  v_t = β2 v_{t−1} + (1 − β2) g²
    m_m.array() = b1 * m_m.array() + (1.0 - b1) * m_g.array();
    m_v.array() = b2 * m_v.array() + (1.0 - b2) * m_g.array().square();
    // x_t − x_{t−1} = −α m̂ / (√v̂ + ε), m̂ = m_t / (1 − β1^t), v̂ = v_t / (1 − β2^t)
    const double c1 = 1.0 - m_beta1Power;
    const double c2 = 1.0 - m_beta2Power;
    m_delta.array() =
        -m_options.lr * (m_m.array() / c1) / ((m_v.array() / c2).sqrt() + m_options.eps);
    // AdamW's decoupled decay −αλ x_{t−1}, as in PyTorch (Loshchilov & Hutter 2019, Alg. 2 with
    // schedule multiplier η_t = 1 and their λ equal to αλ here)
    if (m_weightDecay != 0.0)
        m_delta.noalias() -= (m_options.lr * m_weightDecay) * m_x;
    m_x += m_delta;
    info.stepLength = m_delta.norm();
    m_f = m_objective->valueAndGradient(m_x, m_g);
    if (!std::isfinite(m_f) || !m_g.allFinite()) {
        info.status = StepStatus::NonFinite;
        info.message = "f or its gradient is not finite after an Adam step; lower lr";
    }
    return info;
}

} // namespace cs
