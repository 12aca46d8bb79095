#include "core/convexity.h"

#include "core/lanczos.h"

#include <nlohmann/json.hpp>

#include <Eigen/Eigenvalues>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace cs {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::size_t kMaxPairs = 20;        // (s, y) pairs kept for seeding L-BFGS
constexpr int kMinSignals = 3;               // scores are 0 until the window holds this many
constexpr double kDescentSpreadScale = 0.25; // σ_ρ at which the descent-ratio score reaches 0
constexpr int kExactEigenMaxDimension = 200; // above this, λ_min comes from Lanczos
constexpr int kLanczosSteps = 30;
constexpr long kOracleStride = 10; // steps between Lanczos oracle estimates for the charts

std::size_t index(CriterionKind kind) {
    return static_cast<std::size_t>(kind);
}

std::string fmt(const char* format, double v) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, format, v);
    return buffer;
}

// Mean and standard deviation of the finite values.
std::pair<double, double> meanAndSpread(const std::vector<double>& v) {
    double sum = 0.0;
    int n = 0;
    for (double x : v)
        if (std::isfinite(x)) {
            sum += x;
            ++n;
        }
    if (n == 0)
        return {kNaN, kNaN};
    const double mean = sum / n;
    double ss = 0.0;
    for (double x : v)
        if (std::isfinite(x))
            ss += (x - mean) * (x - mean);
    return {mean, std::sqrt(ss / n)};
}

ParamSpec thresholdSpec() {
    return {"threshold", 0.8,   0.0,   1.0,
            false,       false, false, "switch once the score is at least this ..."};
}
ParamSpec patienceSpec() {
    return {"patience", 5, 1, 10000, false, false, true, "... for this many consecutive steps"};
}
ParamSpec windowSpec() {
    return {"window", 10, 2, 10000, false, false, true, "signals in the sliding window"};
}

struct KindName {
    CriterionKind kind;
    const char* name;
};
constexpr KindName kKindNames[] = {
    {CriterionKind::RatioTrend, "ratio-trend"},
    {CriterionKind::GradSmooth, "grad-smooth"},
    {CriterionKind::Secant, "secant"},
    {CriterionKind::CoordinateSecant, "coordinate-secant"},
    {CriterionKind::DescentRatio, "descent-ratio"},
    {CriterionKind::Hessian, "hessian"},
    {CriterionKind::Combined, "combined"},
    {CriterionKind::Fixed, "fixed"},
};

} // namespace

std::string criterionKindName(CriterionKind kind) {
    for (const auto& k : kKindNames)
        if (k.kind == kind)
            return k.name;
    return "unknown";
}

const std::vector<std::string>& convexitySignalNames() {
    static const std::vector<std::string> names = {"ratio_trend",       "grad_smooth",   "secant",
                                                   "coordinate_secant", "descent_ratio", "hessian"};
    return names;
}

std::vector<ParamSpec> CriterionOptions::params(CriterionKind kind) {
    if (kind == CriterionKind::Fixed)
        return {{"step", 100, 0, 1e12, false, false, true,
                 "phase 2 starts after this many phase-1 steps"}};
    std::vector<ParamSpec> specs = {thresholdSpec(), patienceSpec(), windowSpec()};
    if (kind == CriterionKind::Hessian)
        specs.push_back({"tol", 0.0, 0.0, INFINITY, false, false, false,
                         "lambda_min counts as positive when greater than this"});
    return specs;
}

const std::vector<CriterionInfo>& criterionInfos() {
    static const std::vector<CriterionInfo> infos = {
        {"ratio-trend", "Loss-to-gradient ratio trend",
         "The seed's signal r = (f_(k-1) - f_k) / |g_k|; scores a consistent upward trend over the "
         "window (share of increases, positive least-squares slope).",
         CriterionOptions::params(CriterionKind::RatioTrend), false},
        {"grad-smooth", "Smooth gradient decay",
         "Scores |g| falling at a steady rate: share of decreases of log|g| times "
         "|mean| / (|mean| + spread) of its steps.",
         CriterionOptions::params(CriterionKind::GradSmooth), false},
        {"secant", "Secant curvature",
         "kappa = s'y / s's, the curvature along each step; scores the share of the window with "
         "positive curvature.",
         CriterionOptions::params(CriterionKind::Secant), false},
        {"coordinate-secant", "Coordinate secant",
         "c = share of the coordinates a step moved with s_i y_i > 0, the secant curvature read "
         "one coordinate at a time; scores its mean over the window.",
         CriterionOptions::params(CriterionKind::CoordinateSecant), false},
        {"descent-ratio", "Descent ratio",
         "rho = (f_(k-1) - f_k) / (-g_(k-1)'s), achieved over promised decrease; scores rho "
         "staying stable inside (0, 1), the quadratic regime.",
         CriterionOptions::params(CriterionKind::DescentRatio), false},
        {"hessian", "Hessian minimum eigenvalue",
         "lambda_min of the exact Hessian (Lanczos estimate where there is none): the ground "
         "truth the other criteria are judged against; it sees second derivatives they do not.",
         CriterionOptions::params(CriterionKind::Hessian), true},
        {"combined", "Combined (default)",
         "min(secant, coordinate-secant, descent-ratio): positive curvature along every step "
         "and every coordinate, and a decrease in the quadratic regime.",
         CriterionOptions::params(CriterionKind::Combined), false},
        {"fixed", "Fixed step",
         "No signal: phase 2 starts after a fixed number of phase-1 steps, the schedule common "
         "in physics-informed network training.",
         CriterionOptions::params(CriterionKind::Fixed), false},
    };
    return infos;
}

const CriterionInfo* findCriterionInfo(const std::string& kind) {
    for (const auto& info : criterionInfos())
        if (info.kind == kind)
            return &info;
    return nullptr;
}

CriterionOptions CriterionOptions::fromJson(const nlohmann::json& spec, const std::string& path) {
    if (!spec.is_object())
        throw ConfigError(path + ": expected an object such as {\"kind\": \"combined\", "
                                 "\"threshold\": 0.8}");
    const auto kindIt = spec.find("kind");
    std::string kindName = "combined";
    if (kindIt != spec.end()) {
        if (!kindIt->is_string())
            throw ConfigError(path + ".kind: expected a string, got " +
                              std::string(kindIt->type_name()));
        kindName = kindIt->get<std::string>();
    }
    CriterionOptions o;
    bool found = false;
    for (const auto& k : kKindNames)
        if (kindName == k.name) {
            o.kind = k.kind;
            found = true;
        }
    if (!found) {
        std::string known;
        for (const auto& k : kKindNames)
            known += (known.empty() ? "" : ", ") + std::string(k.name);
        throw ConfigError(path + ".kind: unknown criterion '" + kindName + "' (known: " + known +
                          ")");
    }
    const ParamValues values = readParams(spec, params(o.kind), path);
    if (o.kind == CriterionKind::Fixed) {
        o.step = static_cast<long>(values.at("step"));
    } else {
        o.threshold = values.at("threshold");
        o.patience = static_cast<int>(values.at("patience"));
        o.window = static_cast<int>(values.at("window"));
        if (o.kind == CriterionKind::Hessian)
            o.hessianTol = values.at("tol");
    }
    try {
        o.validate();
    } catch (const ConfigError& e) {
        throw ConfigError(path + "." + e.what());
    }
    return o;
}

nlohmann::json CriterionOptions::toJson() const {
    nlohmann::json j = {{"kind", criterionKindName(kind)}};
    if (kind == CriterionKind::Fixed) {
        j["step"] = step;
        return j;
    }
    j["threshold"] = threshold;
    j["patience"] = patience;
    j["window"] = window;
    if (kind == CriterionKind::Hessian)
        j["tol"] = hessianTol;
    return j;
}

void CriterionOptions::validate() const {
    if (!(threshold >= 0.0 && threshold <= 1.0))
        throw ConfigError("threshold: must be [0, 1], got " + formatNumber(threshold));
    if (patience < 1)
        throw ConfigError("patience: must be >= 1, got " + std::to_string(patience));
    if (window < 2)
        throw ConfigError("window: must be >= 2, got " + std::to_string(window));
    if (step < 0)
        throw ConfigError("step: must be >= 0, got " + std::to_string(step));
    if (!(hessianTol >= 0.0) || !std::isfinite(hessianTol))
        throw ConfigError("tol: must be a finite number >= 0, got " + formatNumber(hessianTol));
}

ConvexityMonitor::ConvexityMonitor(CriterionOptions options) : m_options(options) {
    m_options.validate();
    m_signals.fill(kNaN);
    m_scores.fill(0.0);
}

void ConvexityMonitor::reset(Objective* objective, bool countHessian) {
    m_objective = objective;
    m_countHessian = countHessian;
    m_observed = 0;
    m_havePrevious = false;
    m_lastEigenvalue = kNaN;
    m_lastCurvature = kNaN;
    m_pairs.clear();
    clearWindow();
}

void ConvexityMonitor::restartAt(const Vector& x, double f, const Vector& g) {
    clearWindow();
    m_pairs.clear();
    m_x = x;
    m_f = f;
    m_g = g;
    m_havePrevious = true;
}

void ConvexityMonitor::clearWindow() {
    for (auto& w : m_window)
        w.clear();
    m_signals.fill(kNaN);
    m_scores.fill(0.0);
}

double ConvexityMonitor::minEigenvalue(const Vector& x) {
    if (!m_objective)
        return kNaN;
    if (m_objective->hasHessian() && x.size() <= kExactEigenMaxDimension) {
        Matrix h;
        const bool ok =
            m_countHessian ? m_objective->hessian(x, h) : m_objective->computeHessian(x, h);
        if (ok && h.allFinite()) {
            if (h.rows() == 2) {
                // Closed form for 2×2: (a + c)/2 − √(((a − c)/2)² + b²)
                const double a = h(0, 0), b = 0.5 * (h(0, 1) + h(1, 0)), c = h(1, 1);
                return 0.5 * (a + c) - std::hypot(0.5 * (a - c), b);
            }
            Eigen::SelfAdjointEigenSolver<Matrix> solver(h, Eigen::EigenvaluesOnly);
            return solver.eigenvalues()[0];
        }
        return kNaN;
    }
    LanczosOptions options;
    options.iterations = kLanczosSteps;
    Objective& f = *m_objective;
    const LanczosResult result =
        m_countHessian
            ? lanczosExtremeEigenvalues([&](const Vector& v) { return f.hessianVector(x, v); },
                                        x.size(), options)
            : lanczosExtremeEigenvalues(f, x, options);
    return result.ok ? result.lambdaMin : kNaN;
}

void ConvexityMonitor::observe(const Vector& x, double f, const Vector& g) {
    ++m_observed;
    if (!m_havePrevious) {
        m_x = x;
        m_f = f;
        m_g = g;
        m_havePrevious = true;
        return;
    }
    const Vector s = x - m_x;
    const Vector y = g - m_g;
    const double gNorm = g.norm();
    const double gPrevNorm = m_g.norm();
    const double ss = s.squaredNorm();
    const double decrease = m_f - f;
    const double promised = -m_g.dot(s);

    m_signals[RatioTrendSignal] = gNorm > 0.0 ? decrease / gNorm : kNaN;
    m_signals[GradSmoothSignal] =
        (gNorm > 0.0 && gPrevNorm > 0.0) ? std::log(gNorm) - std::log(gPrevNorm) : kNaN;
    m_signals[SecantSignal] = ss > 0.0 ? s.dot(y) / ss : kNaN;
    if (m_signals[SecantSignal] > 0.0 && std::isfinite(m_signals[SecantSignal]))
        m_lastCurvature = m_signals[SecantSignal];
    {
        int moved = 0, positive = 0;
        for (Eigen::Index i = 0; i < s.size(); ++i) {
            if (s[i] == 0.0)
                continue;
            ++moved;
            if (s[i] * y[i] > 0.0)
                ++positive;
        }
        m_signals[CoordinateSecantSignal] = moved > 0 ? double(positive) / moved : kNaN;
    }
    m_signals[DescentRatioSignal] = promised > 0.0 ? decrease / promised : kNaN;
    // The oracle runs every step for the charts; a Lanczos estimate (no exact Hessian) that
    // does not drive the switch is refreshed every kOracleStride steps and carried in between.
    const bool exact =
        m_objective && m_objective->hasHessian() && x.size() <= kExactEigenMaxDimension;
    if (exact || m_options.kind == CriterionKind::Hessian || m_observed % kOracleStride == 2 ||
        !std::isfinite(m_lastEigenvalue))
        m_lastEigenvalue = minEigenvalue(x);
    m_signals[HessianSignal] = m_lastEigenvalue;

    const std::size_t window = static_cast<std::size_t>(m_options.window);
    for (int i = 0; i < SignalCount; ++i) {
        m_window[i].push_back(m_signals[i]);
        while (m_window[i].size() > window)
            m_window[i].pop_front();
    }
    if (ss > 0.0) {
        m_pairs.emplace_back(s, y);
        while (m_pairs.size() > std::max(window, kMaxPairs))
            m_pairs.pop_front();
    }
    m_x = x;
    m_f = f;
    m_g = g;
    updateScores();
}

void ConvexityMonitor::updateScores() {
    m_scores.fill(0.0);
    const auto& ratio = m_window[RatioTrendSignal];
    const int n = static_cast<int>(ratio.size());
    if (n < std::min(kMinSignals, m_options.window))
        return;

    // 1. ratio-trend: share of increases, gated by the sign of the least-squares slope.
    {
        int ups = 0;
        for (int i = 1; i < n; ++i)
            if (ratio[i] > ratio[i - 1])
                ++ups;
        double st = 0, sr = 0, stt = 0, str = 0;
        int m = 0;
        for (int i = 0; i < n; ++i)
            if (std::isfinite(ratio[i])) {
                st += i;
                sr += ratio[i];
                stt += double(i) * i;
                str += i * ratio[i];
                ++m;
            }
        const double denom = m * stt - st * st;
        const double slope = (m >= 2 && denom > 0.0) ? (m * str - st * sr) / denom : 0.0;
        m_scores[index(CriterionKind::RatioTrend)] = slope > 0.0 ? double(ups) / (n - 1) : 0.0;
    }
    // 2. grad-smooth: share of decreases of log‖g‖ × |mean| / (|mean| + spread).
    {
        const auto& d = m_window[GradSmoothSignal];
        const std::vector<double> v(d.begin(), d.end());
        int downs = 0;
        for (double x : v)
            if (x < 0.0)
                ++downs;
        const auto [mean, spread] = meanAndSpread(v);
        if (std::isfinite(mean) && mean < 0.0)
            m_scores[index(CriterionKind::GradSmooth)] =
                double(downs) / n * (-mean) / (-mean + spread);
    }
    // 3. secant: share of positive curvature.
    {
        int positive = 0;
        for (double k : m_window[SecantSignal])
            if (k > 0.0)
                ++positive;
        m_scores[index(CriterionKind::Secant)] = double(positive) / n;
    }
    // 3b. coordinate-secant: mean share of coordinates with positive curvature (NaN counts 0).
    {
        double total = 0.0;
        for (double c : m_window[CoordinateSecantSignal])
            if (std::isfinite(c))
                total += c;
        m_scores[index(CriterionKind::CoordinateSecant)] = total / n;
    }
    // 4. descent-ratio: share inside (0, 1) × stability of the in-range values.
    {
        std::vector<double> inside;
        for (double r : m_window[DescentRatioSignal])
            if (r > 0.0 && r < 1.0)
                inside.push_back(r);
        if (!inside.empty()) {
            const double spread = meanAndSpread(inside).second;
            m_scores[index(CriterionKind::DescentRatio)] =
                double(inside.size()) / n * std::max(0.0, 1.0 - spread / kDescentSpreadScale);
        }
    }
    // 5. hessian oracle: share of λ_min > tol.
    {
        int positive = 0;
        for (double l : m_window[HessianSignal])
            if (l > m_options.hessianTol)
                ++positive;
        m_scores[index(CriterionKind::Hessian)] = double(positive) / n;
    }
    // 6. combined: curvature along the steps and along the coordinates, and the descent ratio,
    // must all agree.
    m_scores[index(CriterionKind::Combined)] = std::min(
        {m_scores[index(CriterionKind::Secant)], m_scores[index(CriterionKind::CoordinateSecant)],
         m_scores[index(CriterionKind::DescentRatio)]});
}

double ConvexityMonitor::score(CriterionKind kind) const {
    return m_scores[index(kind)];
}

double ConvexityMonitor::score() const {
    return m_options.kind == CriterionKind::Fixed ? score(CriterionKind::Combined)
                                                  : score(m_options.kind);
}

std::string ConvexityMonitor::explain() const {
    return explain(m_options.kind);
}

std::string ConvexityMonitor::explain(CriterionKind kind) const {
    auto countOf = [&](int signal, auto predicate) {
        int c = 0;
        for (double v : m_window[signal])
            if (predicate(v))
                ++c;
        return c;
    };
    const std::string last = std::to_string(m_window[0].size());
    switch (kind) {
    case CriterionKind::RatioTrend: {
        const auto& r = m_window[RatioTrendSignal];
        int ups = 0;
        for (std::size_t i = 1; i < r.size(); ++i)
            if (r[i] > r[i - 1])
                ++ups;
        return "loss-to-gradient ratio rose on " + std::to_string(ups) + " of the last " +
               std::to_string(r.empty() ? 0 : r.size() - 1) + " steps";
    }
    case CriterionKind::GradSmooth:
        return "gradient norm fell on " +
               std::to_string(countOf(GradSmoothSignal, [](double v) { return v < 0.0; })) +
               " of the last " + last + " steps";
    case CriterionKind::Secant:
        return "secant curvature positive on " +
               std::to_string(countOf(SecantSignal, [](double v) { return v > 0.0; })) +
               " of the last " + last + " steps";
    case CriterionKind::CoordinateSecant: {
        double total = 0.0;
        for (double c : m_window[CoordinateSecantSignal])
            if (std::isfinite(c))
                total += c;
        return "per-coordinate curvature positive on " +
               fmt("%.0f", 100.0 * total / std::max<std::size_t>(1, m_window[0].size())) +
               " % of the coordinate steps over the last " + last + " steps";
    }
    case CriterionKind::DescentRatio:
        return "descent ratio inside (0, 1) on " +
               std::to_string(
                   countOf(DescentRatioSignal, [](double v) { return v > 0.0 && v < 1.0; })) +
               " of the last " + last + " steps";
    case CriterionKind::Hessian: {
        const double tol = m_options.hessianTol;
        return "Hessian oracle: lambda_min > " + formatNumber(tol) + " on " +
               std::to_string(countOf(HessianSignal, [tol](double v) { return v > tol; })) +
               " of the last " + last +
               " steps (lambda_min = " + fmt("%.3g", m_signals[HessianSignal]) + ")";
    }
    case CriterionKind::Combined:
        return explain(CriterionKind::Secant) + ", " + explain(CriterionKind::CoordinateSecant) +
               ", " + explain(CriterionKind::DescentRatio) + " (scores: secant " +
               fmt("%.2f", score(CriterionKind::Secant)) + ", coordinate-secant " +
               fmt("%.2f", score(CriterionKind::CoordinateSecant)) + ", descent-ratio " +
               fmt("%.2f", score(CriterionKind::DescentRatio)) + ")";
    case CriterionKind::Fixed:
        return "fixed schedule: phase 2 after " + std::to_string(m_options.step) + " phase-1 steps";
    }
    return {};
}

std::vector<std::pair<Vector, Vector>> ConvexityMonitor::recentPairs(std::size_t count) const {
    const std::size_t n = std::min(count, m_pairs.size());
    return {m_pairs.end() - static_cast<std::ptrdiff_t>(n), m_pairs.end()};
}

} // namespace cs
