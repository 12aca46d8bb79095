#include "core/swats.h"

#include <cmath>
#include <cstdio>
#include <limits>

namespace cs {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

AdamOptions adamOptions(const SwatsOptions& o) {
    AdamOptions a;
    a.lr = o.lr;
    a.beta1 = o.beta1;
    a.beta2 = o.beta2;
    a.eps = o.eps;
    return a;
}

} // namespace

std::vector<ParamSpec> SwatsOptions::params() {
    const SwatsOptions d;
    return {
        {"lr", d.lr, 0.0, INFINITY, true, false, false, "Adam step size alpha"},
        {"beta1", d.beta1, 0.0, 1.0, false, true, false,
         "Adam first-moment decay; also the momentum of the SGD phase"},
        {"beta2", d.beta2, 0.0, 1.0, false, true, false,
         "Adam second-moment decay; also the decay of the learning-rate estimate"},
        {"eps", d.eps, 0.0, INFINITY, true, false, false, "added to sqrt(v) in Adam"},
        {"switch_tol", d.switchTol, 0.0, INFINITY, true, false, false,
         "switch to SGD when |Lambda - gamma| is below this"},
    };
}

SwatsOptions SwatsOptions::fromParams(const ParamValues& values) {
    SwatsOptions o;
    o.lr = values.at("lr");
    o.beta1 = values.at("beta1");
    o.beta2 = values.at("beta2");
    o.eps = values.at("eps");
    o.switchTol = values.at("switch_tol");
    o.validate();
    return o;
}

void SwatsOptions::validate() const {
    adamOptions(*this).validate();
    if (!(switchTol > 0.0) || !std::isfinite(switchTol))
        throw ConfigError("switch_tol: must be > 0, got " + formatNumber(switchTol));
}

Swats::Swats(SwatsOptions options) : m_options(options), m_adam(adamOptions(options)) {
    m_options.validate();
}

std::string Swats::activeKind() const {
    return m_lastStepPhase == 1 ? m_adam.kind() : m_sgd.kind();
}

void Swats::onReset() {
    m_events.clear();
    m_phase = 1;
    m_lastStepPhase = 1;
    m_steps = 0;
    m_lambda = 0.0;
    m_rate = kNaN;
    m_adam.resetAt(*m_objective, m_x, m_f, m_g);
}

StepInfo Swats::step() {
    ++m_steps;
    if (m_phase == 2) {
        StepInfo info = m_sgd.step();
        m_lastStepPhase = 2;
        info.phase = 2;
        info.signals = {kNaN, m_rate};
        m_x = m_sgd.x();
        m_f = m_sgd.f();
        m_g = m_sgd.gradient();
        return info;
    }
    const Vector xOld = m_x;
    const Vector gOld = m_g;
    StepInfo info = m_adam.step();
    m_lastStepPhase = 1;
    info.phase = 1;
    m_x = m_adam.x();
    m_f = m_adam.f();
    m_g = m_adam.gradient();
    if (info.status != StepStatus::Ok)
        return info;

    // p_k = x_k − x_{k−1}, the Adam step; g_k the gradient it was computed from.
    const Vector p = m_x - xOld;
    const double pg = p.dot(gOld);
    const long k = m_adam.t();
    double gamma = kNaN;
    const double bias = 1.0 - std::pow(m_options.beta2, double(k));
    if (pg != 0.0) {
        gamma = p.squaredNorm() / -pg;
        m_lambda = m_options.beta2 * m_lambda + (1.0 - m_options.beta2) * gamma;
    }
    const double rate = bias > 0.0 ? m_lambda / bias : kNaN;
    info.signals = {gamma, rate};
    if (k > 1 && std::isfinite(gamma) && rate > 0.0 &&
        std::abs(rate - gamma) < m_options.switchTol) {
        m_rate = rate;
        MomentumOptions sgd;
        sgd.lr = (1.0 - m_options.beta1) * rate;
        sgd.momentum = m_options.beta1;
        m_sgd.setOptions(sgd);
        m_sgd.resetAt(*m_objective, m_x, m_f, m_g);
        m_phase = 2;
        char reason[256];
        std::snprintf(reason, sizeof reason,
                      "|Lambda - gamma| = %.2g < %.2g after %ld Adam steps; SGD with momentum "
                      "%.3g and rate Lambda = %.4g (step size (1 - beta1) Lambda = %.4g)",
                      std::abs(rate - gamma), m_options.switchTol, k, m_options.beta1, rate,
                      sgd.lr);
        SwitchEvent event;
        event.step = m_steps;
        event.from = m_adam.kind();
        event.to = m_sgd.kind();
        event.score = kNaN;
        event.signals = info.signals;
        event.reason = reason;
        m_events.push_back(std::move(event));
        info.switched = true;
    }
    return info;
}

} // namespace cs
