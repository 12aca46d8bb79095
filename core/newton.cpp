#include "core/newton.h"

#include <algorithm>
#include <cmath>

namespace cs {

std::vector<ParamSpec> NewtonOptions::params() {
    const NewtonOptions d;
    return {
        {"shift", d.shift, 0.0, 1.0, true, false, false,
         "Smallest eigenvalue δ allowed in the Hessian, relative to its largest: where the "
         "Hessian is not positive definite it is shifted by τI to reach δ, so every step goes "
         "downhill."},
        {"c1", d.c1, 0.0, 1.0, true, true, false,
         "Line search sufficient-decrease constant c1: a step must lower f by at least c1 times "
         "the decrease predicted by the slope."},
        {"c2", d.c2, 0.0, 1.0, true, true, false,
         "Line search curvature constant c2 (> c1): a step must flatten the slope to at most c2 "
         "times the initial slope; 0.9 accepts the full Newton step near a minimum."},
    };
}

NewtonOptions NewtonOptions::fromParams(const ParamValues& values) {
    NewtonOptions o;
    o.shift = values.at("shift");
    o.c1 = values.at("c1");
    o.c2 = values.at("c2");
    o.validate();
    return o;
}

void NewtonOptions::validate() const {
    if (!(shift > 0.0 && shift <= 1.0))
        throw ConfigError("shift: must be in (0, 1], got " + formatNumber(shift));
    lineSearch().validate();
}

LineSearchOptions NewtonOptions::lineSearch() const {
    LineSearchOptions ls;
    ls.c1 = c1;
    ls.c2 = c2;
    return ls;
}

Newton::Newton(NewtonOptions options) : m_options(options), m_lineSearch(options.lineSearch()) {
    m_options.validate();
}

void Newton::onReset() {
    const Eigen::Index n = m_x.size();
    m_h.resize(n, n);
    m_d.resize(n);
    m_lastShift = 0.0;
}

StepInfo Newton::step() {
    StepInfo info;
    if (!std::isfinite(m_f) || !m_g.allFinite()) {
        info.status = StepStatus::NonFinite;
        info.message = "f or its gradient is not finite at the current point";
        return info;
    }
    if (!m_objective->hasHessian() || !m_objective->hessian(m_x, m_h)) {
        info.status = StepStatus::LineSearchFailed;
        info.message = "newton needs the exact Hessian, which objective '" + m_objective->name() +
                       "' does not provide; use lbfgs instead";
        return info;
    }
    if (!m_h.allFinite()) {
        info.status = StepStatus::NonFinite;
        info.message = "the Hessian is not finite at the current point";
        return info;
    }
    // H = V diag(λ) Vᵀ; τ = max(0, δ' − λ_min) with δ' = δ·max(1, |λ_max|)
    m_eigen.compute(m_h);
    const auto& lambda = m_eigen.eigenvalues(); // ascending
    const double lambdaMax = std::max(std::abs(lambda[0]), std::abs(lambda[lambda.size() - 1]));
    const double delta = m_options.shift * std::max(1.0, lambdaMax);
    m_lastShift = std::max(0.0, delta - lambda[0]);
    // d = −V diag(1 / (λ + τ)) Vᵀ g
    const auto& v = m_eigen.eigenvectors();
    m_d.noalias() = v.transpose() * m_g;
    m_d.array() /= -(lambda.array() + m_lastShift);
    m_d = v * m_d;
    // First trial: the full Newton step α = 1. Where H was shifted, d is huge along directions of
    // negative or tiny curvature (1/δ'), so the first trial is capped at length max(1, ‖x‖),
    // which saves the line search a long way back.
    double alpha0 = 1.0;
    if (m_lastShift > 0.0)
        alpha0 = std::min(1.0, std::max(1.0, m_x.norm()) / m_d.norm());
    const double alphaSteepest = steepestDescentStep(m_g);
    FallbackSearch search = lineSearchWithFallback(*m_objective, m_x, m_f, m_g, m_d, alpha0, false,
                                                   alphaSteepest, m_lineSearch, &info.trials);
    LineSearchResult& r = search.result;
    if (!r.accepted()) {
        info.status = r.status == LineSearchStatus::NonFinite ? StepStatus::NonFinite
                                                              : StepStatus::LineSearchFailed;
        info.message = "Newton line search failed along the Newton direction (" +
                       search.firstFailure + ") and along steepest descent (" + r.message + ")" +
                       lineSearchAdvice(r);
        return info;
    }
    info.stepLength = (r.x - m_x).norm();
    m_x.swap(r.x);
    m_g.swap(r.g);
    m_f = r.f;
    return info;
}

} // namespace cs
