#include "core/conjugate_gradient.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace cs {

namespace {

constexpr double kMaxRestart = 1e6;

} // namespace

std::vector<ParamSpec> ConjugateGradientOptions::params() {
    const ConjugateGradientOptions d;
    return {
        {"restart", double(d.restart), 0.0, kMaxRestart, false, false, true,
         "Restart along the steepest-descent direction every this many steps; 0 uses the "
         "problem's dimension n."},
        {"c1", d.c1, 0.0, 1.0, true, true, false,
         "Line search sufficient-decrease constant c1: a step must lower f by at least c1 times "
         "the decrease predicted by the slope."},
        {"c2", d.c2, 0.0, 1.0, true, true, false,
         "Line search curvature constant c2 (> c1): a step must flatten the slope to at most c2 "
         "times the initial slope; CG needs a fairly exact search (0.1)."},
    };
}

ConjugateGradientOptions ConjugateGradientOptions::fromParams(const ParamValues& values) {
    ConjugateGradientOptions o;
    o.restart = static_cast<int>(values.at("restart"));
    o.c1 = values.at("c1");
    o.c2 = values.at("c2");
    o.validate();
    return o;
}

void ConjugateGradientOptions::validate() const {
    if (restart < 0 || restart > kMaxRestart)
        throw ConfigError("restart: must be an integer in [0, " + formatNumber(kMaxRestart) +
                          "], got " + std::to_string(restart));
    lineSearch().validate();
}

LineSearchOptions ConjugateGradientOptions::lineSearch() const {
    LineSearchOptions ls;
    ls.c1 = c1;
    ls.c2 = c2;
    return ls;
}

ConjugateGradient::ConjugateGradient(ConjugateGradientOptions options)
    : m_options(options), m_lineSearch(options.lineSearch()) {
    m_options.validate();
}

void ConjugateGradient::onReset() {
    m_d.resize(m_x.size());
    m_gPrev.resize(m_x.size());
    m_hasDirection = false;
    m_restarted = true;
    m_sinceRestart = 0;
    m_alphaPrev = 0.0;
    m_slopePrev = 0.0;
}

StepInfo ConjugateGradient::step() {
    StepInfo info;
    if (!std::isfinite(m_f) || !m_g.allFinite()) {
        info.status = StepStatus::NonFinite;
        info.message = "f or its gradient is not finite at the current point";
        return info;
    }
    const int period = m_options.restart > 0 ? m_options.restart : static_cast<int>(m_x.size());
    bool restart = !m_hasDirection || m_sinceRestart >= period;
    if (!restart) {
        // β⁺ = max(0, g_kᵀ(g_k − g_{k−1}) / g_{k−1}ᵀg_{k−1});  d_k = −g_k + β⁺ d_{k−1}
        const double denominator = m_gPrev.squaredNorm();
        const double beta = std::max(0.0, (m_g.dot(m_g) - m_g.dot(m_gPrev)) / denominator);
        m_d *= beta;
        m_d -= m_g;
        restart = !(m_g.dot(m_d) < 0.0) || !m_d.allFinite();
    }
    if (restart) {
        m_d = -m_g;
        m_sinceRestart = 0;
    }
    const double slope = m_g.dot(m_d);
    const double alphaSteepest = steepestDescentStep(m_g);
    // α₀ = α_{k−1} g_{k−1}ᵀd_{k−1} / g_kᵀd_k: the first-order change of the last step again
    double alpha0 = m_hasDirection ? m_alphaPrev * m_slopePrev / slope : alphaSteepest;
    if (!(alpha0 > 0.0) || !std::isfinite(alpha0))
        alpha0 = alphaSteepest;
    FallbackSearch search =
        lineSearchWithFallback(*m_objective, m_x, m_f, m_g, m_d, alpha0, restart, alphaSteepest,
                               m_lineSearch, &info.trials);
    LineSearchResult& r = search.result;
    if (search.fellBack) {
        m_d = -m_g;
        restart = true;
        m_sinceRestart = 0;
    }
    if (!r.accepted()) {
        m_hasDirection = false;
        info.status = r.status == LineSearchStatus::NonFinite ? StepStatus::NonFinite
                                                              : StepStatus::LineSearchFailed;
        if (search.fellBack)
            info.message = "CG line search failed along the conjugate direction (" +
                           search.firstFailure +
                           "); restarted along steepest descent, which failed too (" + r.message +
                           ")" + lineSearchAdvice(r);
        else
            info.message = "CG line search failed along steepest descent (" + r.message + ")" +
                           lineSearchAdvice(r);
        return info;
    }
    m_restarted = restart;
    m_hasDirection = true;
    ++m_sinceRestart;
    m_alphaPrev = r.alpha;
    m_slopePrev = m_g.dot(m_d);
    info.stepLength = (r.x - m_x).norm();
    m_gPrev.swap(m_g);
    m_g.swap(r.g);
    m_x.swap(r.x);
    m_f = r.f;
    return info;
}

} // namespace cs
