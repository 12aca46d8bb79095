#include "core/line_search.h"

#include "core/params.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace cs {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// A zoom trial must lie at least this fraction of the bracket away from its ends, else bisect.
constexpr double kZoomMargin = 0.1;
// Bracketing extrapolates to α_i + [1.1, 4]·(α_i − α_{i−1}) (the bounds of Moré & Thuente 1994).
constexpr double kExtrapolateMin = 1.1;
constexpr double kExtrapolateMax = 4.0;
// Differences of f below ε_f = kNoise·|φ(0)| are taken for rounding noise (see approximateWolfe).
constexpr double kNoise = 1e-12;
// A bracket narrower than this, relative to its right end, cannot be split further.
constexpr double kBracketTolerance = 4.0 * std::numeric_limits<double>::epsilon();

// φ(α), φ'(α) at one trial. A non-finite trial is stored with φ = +∞ and φ' = NaN, so that it
// fails sufficient decrease and forces bisection.
struct Point {
    double alpha = 0.0;
    double phi = 0.0;
    double dphi = 0.0;
    bool finite = true;
};

// Minimiser of the cubic matching φ and φ' at a and b (Nocedal & Wright eq. 3.59); NaN if the
// cubic has none.
// `change` is φ(b) − φ(a), measured or estimated (see Search::change).
double cubicMinimizer(const Point& a, const Point& b, double change) {
    if (!a.finite || !b.finite || a.alpha == b.alpha)
        return kNaN;
    const double d1 = a.dphi + b.dphi - 3.0 * change / (b.alpha - a.alpha);
    const double discriminant = d1 * d1 - a.dphi * b.dphi;
    if (!(discriminant >= 0.0))
        return kNaN;
    const double d2 = std::copysign(std::sqrt(discriminant), b.alpha - a.alpha);
    const double denominator = b.dphi - a.dphi + 2.0 * d2;
    if (denominator == 0.0)
        return kNaN;
    return b.alpha - (b.alpha - a.alpha) * (b.dphi + d2 - d1) / denominator;
}

class Search {
public:
    Search(Objective& objective, const Vector& x0, double f0, const Vector& d,
           const LineSearchOptions& options, std::vector<Vector>* trials, double dphi0)
        : m_objective(objective), m_x0(x0), m_f0(f0), m_d(d), m_options(options), m_trials(trials),
          m_dphi0(dphi0), m_origin{0.0, f0, dphi0, true} {}

    LineSearchResult run(double alpha0);

private:
    Point evaluate(double alpha);
    // φ(b) − φ(a). Near a minimum the changes of f sink below its rounding noise and value
    // comparisons become coin tosses. When the first trial predicts a change |α₀φ'(0)| below
    // ε_f = 1e-12·|φ(0)|, and both values lie within ε_f of φ(0), the change is taken from the
    // slopes instead, (b − a)(φ'(a) + φ'(b))/2 (exact for a quadratic). Sufficient decrease then
    // reads φ'(α) ≤ (1 − 2c1)|φ'(0)|: the "approximate Wolfe" condition of Hager & Zhang (2005).
    // This lets a method reach tight gradient tolerances where f* ≠ 0. Deciding the regime from
    // the first trial keeps a wrong gradient from being trusted far from a minimum.
    double change(const Point& a, const Point& b) const {
        if (!a.finite || !b.finite)
            return b.finite ? -kInf : kInf;
        if (m_noisy && std::abs(a.phi - m_f0) <= m_noise && std::abs(b.phi - m_f0) <= m_noise)
            return 0.5 * (b.alpha - a.alpha) * (a.dphi + b.dphi);
        return b.phi - a.phi;
    }
    bool sufficientDecrease(const Point& p) const {
        return p.finite && change(m_origin, p) <= m_options.c1 * p.alpha * m_dphi0;
    }
    bool curvature(const Point& p) const { return std::abs(p.dphi) <= -m_options.c2 * m_dphi0; }
    bool budgetLeft() const { return m_result.evaluations < m_options.maxEvaluations; }
    // Remembers the current trial as the best point with sufficient decrease so far.
    void keepAsLow(const Point& p) {
        m_low = p;
        m_xLow = m_xTrial;
        m_gLow = m_gTrial;
    }
    LineSearchResult zoom(Point lo, Point hi);
    LineSearchResult acceptTrial();
    LineSearchResult giveUp(const std::string& why);

    Objective& m_objective;
    const Vector& m_x0;
    double m_f0;
    const Vector& m_d;
    const LineSearchOptions& m_options;
    std::vector<Vector>* m_trials;
    double m_dphi0;
    Point m_origin;       // α = 0
    double m_noise = 0.0; // ε_f
    bool m_noisy = false; // the first trial's predicted change is below ε_f

    LineSearchResult m_result;
    Vector m_xTrial, m_gTrial;
    Point m_low; // best trial with sufficient decrease (α = 0 while there is none)
    Vector m_xLow, m_gLow;
    bool m_anyFinite = false;
    double m_smallestAlpha = kInf;
};

Point Search::evaluate(double alpha) {
    m_xTrial = m_x0;
    m_xTrial.noalias() += alpha * m_d;
    const double f = m_objective.valueAndGradient(m_xTrial, m_gTrial);
    ++m_result.evaluations;
    if (m_trials)
        m_trials->push_back(m_xTrial);
    m_smallestAlpha = std::min(m_smallestAlpha, alpha);
    Point p;
    p.alpha = alpha;
    p.finite = std::isfinite(f) && m_gTrial.allFinite();
    if (p.finite) {
        m_anyFinite = true;
        p.phi = f;
        p.dphi = m_gTrial.dot(m_d);
    } else {
        p.phi = kInf;
        p.dphi = kNaN;
    }
    return p;
}

LineSearchResult Search::acceptTrial() {
    m_result.status = LineSearchStatus::Wolfe;
    m_result.alpha = m_low.alpha;
    m_result.f = m_low.phi;
    m_result.x.swap(m_xTrial);
    m_result.g.swap(m_gTrial);
    return std::move(m_result);
}

LineSearchResult Search::giveUp(const std::string& why) {
    char buffer[200];
    if (m_low.alpha > 0.0) {
        // Keep the best point that at least decreased f enough.
        m_result.status = LineSearchStatus::SufficientDecrease;
        m_result.alpha = m_low.alpha;
        m_result.f = m_low.phi;
        m_result.x.swap(m_xLow);
        m_result.g.swap(m_gLow);
        std::snprintf(buffer, sizeof buffer,
                      "%s; took alpha = %.3g, which decreases f but misses the curvature condition",
                      why.c_str(), m_low.alpha);
        m_result.message = buffer;
        return std::move(m_result);
    }
    m_result.status = m_anyFinite ? LineSearchStatus::Failed : LineSearchStatus::NonFinite;
    m_result.alpha = 0.0;
    m_result.f = m_f0;
    m_result.x = m_x0;
    m_result.g.resize(0);
    std::snprintf(buffer, sizeof buffer,
                  "%s: no trial decreased f enough (%d trials, smallest alpha %.3g, "
                  "directional derivative %.3g)%s",
                  why.c_str(), m_result.evaluations, m_smallestAlpha, m_dphi0,
                  m_anyFinite ? "" : "; every trial gave NaN or Inf");
    m_result.message = buffer;
    return std::move(m_result);
}

LineSearchResult Search::run(double alpha0) {
    m_low = m_origin;
    Point previous = m_low;
    double alpha = (alpha0 > 0.0 && std::isfinite(alpha0)) ? alpha0 : 1.0;
    alpha = std::min(alpha, m_options.maxStep);
    m_noise = kNoise * std::abs(m_f0);
    m_noisy = std::abs(alpha * m_dphi0) <= m_noise;
    while (budgetLeft()) {
        const Point current = evaluate(alpha);
        // N&W Alg. 3.5: the step is too long (or lands higher than the previous one): the
        // bracket [previous, current] contains acceptable steps.
        if (!sufficientDecrease(current) || change(previous, current) >= 0.0)
            return zoom(previous, current);
        if (curvature(current)) {
            keepAsLow(current);
            return acceptTrial();
        }
        keepAsLow(current);
        if (current.dphi >= 0.0)
            return zoom(current, previous);
        // Still descending: extrapolate, guided by the cubic through the last two trials.
        if (alpha >= m_options.maxStep)
            return giveUp("reached the largest step alpha = " + formatNumber(m_options.maxStep));
        const double width = alpha - previous.alpha;
        const double lower = alpha + kExtrapolateMin * width;
        const double upper = alpha + kExtrapolateMax * width;
        double next = cubicMinimizer(previous, current, change(previous, current));
        if (!std::isfinite(next) || next < lower || next > upper)
            next = std::isfinite(next) && next < lower ? lower : upper;
        previous = current;
        alpha = std::min(next, m_options.maxStep);
    }
    return giveUp("line search used all " + std::to_string(m_options.maxEvaluations) +
                  " trials while bracketing");
}

// N&W Alg. 3.6. Invariants: lo has sufficient decrease and the lowest φ of such trials;
// φ'(lo)(hi − lo) < 0, so a Wolfe step lies between them.
LineSearchResult Search::zoom(Point lo, Point hi) {
    while (budgetLeft()) {
        const double left = std::min(lo.alpha, hi.alpha);
        const double right = std::max(lo.alpha, hi.alpha);
        const double width = right - left;
        if (width <= kBracketTolerance * right)
            return giveUp("the bracket shrank to machine precision");
        double alpha = cubicMinimizer(lo, hi, change(lo, hi));
        // Safeguard: keep the trial inside the bracket, at least 10% of its width from either
        // end, so the bracket shrinks by a factor ≤ 0.9 per trial; bisect if there is no cubic.
        if (!std::isfinite(alpha))
            alpha = left + 0.5 * width;
        alpha = std::clamp(alpha, left + kZoomMargin * width, right - kZoomMargin * width);
        const Point current = evaluate(alpha);
        if (!sufficientDecrease(current) || change(lo, current) >= 0.0) {
            hi = current;
            continue;
        }
        keepAsLow(current);
        if (curvature(current))
            return acceptTrial();
        if (current.dphi * (hi.alpha - lo.alpha) >= 0.0)
            hi = lo;
        lo = current;
    }
    return giveUp("line search used all " + std::to_string(m_options.maxEvaluations) + " trials");
}

} // namespace

void LineSearchOptions::validate() const {
    if (!(c1 > 0.0 && c1 < 1.0))
        throw ConfigError("c1: must be in (0, 1), got " + formatNumber(c1));
    if (!(c2 > c1 && c2 < 1.0))
        throw ConfigError("c2: must be in (c1, 1) = (" + formatNumber(c1) + ", 1), got " +
                          formatNumber(c2));
    if (maxEvaluations < 1)
        throw ConfigError("max_evaluations: must be >= 1, got " + std::to_string(maxEvaluations));
    if (!(maxStep > 0.0))
        throw ConfigError("max_step: must be > 0, got " + formatNumber(maxStep));
}

LineSearchResult strongWolfeLineSearch(Objective& objective, const Vector& x0, double f0,
                                       const Vector& g0, const Vector& d, double alpha0,
                                       const LineSearchOptions& options,
                                       std::vector<Vector>* trials) {
    const double dphi0 = g0.dot(d);
    if (!std::isfinite(f0) || !std::isfinite(dphi0)) {
        LineSearchResult r;
        r.status = LineSearchStatus::NonFinite;
        r.f = f0;
        r.x = x0;
        r.message = "f, the gradient or the direction is not finite at the start of the search";
        return r;
    }
    if (!(dphi0 < 0.0)) {
        LineSearchResult r;
        r.status = LineSearchStatus::NotDescent;
        r.f = f0;
        r.x = x0;
        r.message = "the search direction is not a descent direction (directional derivative " +
                    formatNumber(dphi0) + " >= 0)";
        return r;
    }
    Search search(objective, x0, f0, d, options, trials, dphi0);
    return search.run(alpha0);
}

FallbackSearch lineSearchWithFallback(Objective& objective, const Vector& x0, double f0,
                                      const Vector& g0, const Vector& d, double alpha0,
                                      bool dIsSteepest, double alphaSteepest,
                                      const LineSearchOptions& options,
                                      std::vector<Vector>* trials) {
    FallbackSearch out;
    out.result = strongWolfeLineSearch(objective, x0, f0, g0, d, alpha0, options, trials);
    if (out.result.accepted() || dIsSteepest)
        return out;
    out.fellBack = true;
    out.firstFailure = std::move(out.result.message);
    const Vector steepest = -g0;
    const int firstEvaluations = out.result.evaluations;
    out.result =
        strongWolfeLineSearch(objective, x0, f0, g0, steepest, alphaSteepest, options, trials);
    out.result.evaluations += firstEvaluations;
    return out;
}

double steepestDescentStep(const Vector& g) {
    const double norm = g.norm();
    return norm > 1.0 ? 1.0 / norm : 1.0;
}

std::string lineSearchAdvice(const LineSearchResult& result) {
    return result.status == LineSearchStatus::Failed ||
                   result.status == LineSearchStatus::NotDescent
               ? "; check that the gradient matches f"
               : "";
}

std::string lineSearchStatusName(LineSearchStatus status) {
    switch (status) {
    case LineSearchStatus::Wolfe:
        return "wolfe";
    case LineSearchStatus::SufficientDecrease:
        return "sufficient_decrease";
    case LineSearchStatus::NotDescent:
        return "not_descent";
    case LineSearchStatus::Failed:
        return "failed";
    case LineSearchStatus::NonFinite:
        return "non_finite";
    }
    return "unknown";
}

} // namespace cs
