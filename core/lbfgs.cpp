#include "core/lbfgs.h"

#include <cmath>
#include <string>

namespace cs {

namespace {

// A pair is kept only when sᵀy > ε‖s‖‖y‖: its curvature is positive, and not just by rounding.
constexpr double kCurvatureEpsilon = 1e-10;
// Upper end of the memory parameter's range: more pairs than this cost time for no gain in 2D.
constexpr double kMaxMemory = 1000.0;

} // namespace

std::vector<ParamSpec> LbfgsOptions::params() {
    const LbfgsOptions d;
    return {
        {"memory", double(d.memory), 1.0, kMaxMemory, false, false, true,
         "Number of recent (step, gradient change) pairs kept to model the curvature; more "
         "pairs, better model, more work per step."},
        {"c1", d.c1, 0.0, 1.0, true, true, false,
         "Line search sufficient-decrease constant c1: a step must lower f by at least c1 times "
         "the decrease predicted by the slope."},
        {"c2", d.c2, 0.0, 1.0, true, true, false,
         "Line search curvature constant c2 (> c1): a step must flatten the slope to at most c2 "
         "times the initial slope; 0.9 accepts most unit steps."},
    };
}

LbfgsOptions LbfgsOptions::fromParams(const ParamValues& values) {
    LbfgsOptions o;
    o.memory = static_cast<int>(values.at("memory"));
    o.c1 = values.at("c1");
    o.c2 = values.at("c2");
    o.validate();
    return o;
}

void LbfgsOptions::validate() const {
    if (memory < 1 || memory > kMaxMemory)
        throw ConfigError("memory: must be an integer in [1, " + formatNumber(kMaxMemory) +
                          "], got " + std::to_string(memory));
    lineSearch().validate();
}

LineSearchOptions LbfgsOptions::lineSearch() const {
    LineSearchOptions ls;
    ls.c1 = c1;
    ls.c2 = c2;
    return ls;
}

Lbfgs::Lbfgs(LbfgsOptions options) : m_options(options), m_lineSearch(options.lineSearch()) {
    m_options.validate();
}

void Lbfgs::onReset() {
    const Eigen::Index n = m_x.size();
    const int m = m_options.memory;
    m_s.resize(n, m);
    m_y.resize(n, m);
    m_rho.resize(m);
    m_alpha.resize(m);
    m_sNew.resize(n);
    m_yNew.resize(n);
    m_d.resize(n);
    m_next = 0;
    m_count = 0;
}

int Lbfgs::slot(int age) const {
    const int m = m_options.memory;
    return ((m_next - 1 - age) % m + m) % m;
}

bool Lbfgs::pushPair() {
    const double sy = m_sNew.dot(m_yNew);
    if (!std::isfinite(sy) || !(sy > kCurvatureEpsilon * m_sNew.norm() * m_yNew.norm()))
        return false;
    m_s.col(m_next) = m_sNew;
    m_y.col(m_next) = m_yNew;
    m_rho[m_next] = 1.0 / sy;
    m_next = (m_next + 1) % m_options.memory;
    m_count = std::min(m_count + 1, m_options.memory);
    return true;
}

int Lbfgs::seedPairs(const std::vector<std::pair<Vector, Vector>>& pairs) {
    m_next = 0;
    m_count = 0;
    int kept = 0;
    for (const auto& [s, y] : pairs) {
        if (s.size() != m_x.size() || y.size() != m_x.size() || !s.allFinite() || !y.allFinite())
            continue;
        m_sNew = s;
        m_yNew = y;
        if (pushPair())
            ++kept;
    }
    return std::min(kept, m_options.memory);
}

std::vector<std::pair<Vector, Vector>> Lbfgs::pairs() const {
    std::vector<std::pair<Vector, Vector>> out;
    for (int age = m_count - 1; age >= 0; --age)
        out.emplace_back(m_s.col(slot(age)), m_y.col(slot(age)));
    return out;
}

void Lbfgs::twoLoop() {
    // Nocedal & Wright Alg. 7.4, with q and r both kept in m_d.
    m_d = m_g;
    for (int age = 0; age < m_count; ++age) {
        const int i = slot(age);
        // α_i = ρ_i s_iᵀ q;  q ← q − α_i y_i
        m_alpha[i] = m_rho[i] * m_s.col(i).dot(m_d);
        m_d.noalias() -= m_alpha[i] * m_y.col(i);
    }
    // r = H⁰ q with H⁰ = γ I, γ = sᵀy / yᵀy of the newest pair
    const int newest = slot(0);
    m_d *= 1.0 / (m_rho[newest] * m_y.col(newest).squaredNorm());
    for (int age = m_count - 1; age >= 0; --age) {
        const int i = slot(age);
        // β = ρ_i y_iᵀ r;  r ← r + s_i (α_i − β)
        const double beta = m_rho[i] * m_y.col(i).dot(m_d);
        m_d.noalias() += (m_alpha[i] - beta) * m_s.col(i);
    }
    m_d = -m_d;
}

StepInfo Lbfgs::step() {
    StepInfo info;
    if (!std::isfinite(m_f) || !m_g.allFinite()) {
        info.status = StepStatus::NonFinite;
        info.message = "f or its gradient is not finite at the current point";
        return info;
    }
    bool steepest = m_count == 0;
    if (!steepest) {
        twoLoop();
        if (!m_d.allFinite()) {
            m_count = 0;
            steepest = true;
        }
    }
    if (steepest)
        m_d = -m_g;
    const int pairsBefore = m_count;
    const double alphaSteepest = steepestDescentStep(m_g);
    FallbackSearch search =
        lineSearchWithFallback(*m_objective, m_x, m_f, m_g, m_d, steepest ? alphaSteepest : 1.0,
                               steepest, alphaSteepest, m_lineSearch, &info.trials);
    if (search.fellBack) {
        m_next = 0;
        m_count = 0;
    }
    LineSearchResult& r = search.result;
    if (!r.accepted()) {
        info.status = r.status == LineSearchStatus::NonFinite ? StepStatus::NonFinite
                                                              : StepStatus::LineSearchFailed;
        if (search.fellBack)
            info.message = "L-BFGS line search failed along the quasi-Newton direction (" +
                           search.firstFailure + "); dropped the " + std::to_string(pairsBefore) +
                           " curvature pairs and retried along steepest descent, which failed "
                           "too (" +
                           r.message + ")" + lineSearchAdvice(r);
        else
            info.message = "L-BFGS line search failed along steepest descent (" + r.message + ")" +
                           lineSearchAdvice(r);
        return info;
    }
    // s_k = x_{k+1} − x_k,  y_k = g_{k+1} − g_k
    m_sNew = r.x - m_x;
    m_yNew = r.g - m_g;
    info.stepLength = m_sNew.norm();
    pushPair();
    m_x.swap(r.x);
    m_g.swap(r.g);
    m_f = r.f;
    return info;
}

} // namespace cs
