#pragma once

// Convexity monitor: turns the recent history of a run (x, f, ∇f over a sliding window) into one
// raw signal per criterion and step, and a score in [0, 1] per criterion. A switching optimizer
// moves to its phase-2 optimizer once the chosen criterion's score stays high.
//
// Notation: step k goes from x_{k−1} to x_k; f_k = f(x_k), g_k = ∇f(x_k); s_k = x_k − x_{k−1},
// y_k = g_k − g_{k−1}; the window holds the last W signals (W = `window`). Scores are computed
// from however many signals the window holds once it holds at least min(3, W) of them (before
// that they are 0), so a switch can fire within the first window. Signals are NaN where the
// formula is undefined (a zero step, a zero gradient); a NaN never counts in a criterion's favour.
//
// 1. ratio-trend (the seed's own idea): r_k = (f_{k−1} − f_k) / ‖g_k‖.
//    score = u·[b > 0], u = share of consecutive increases r_i > r_{i−1} in the window,
//    b = least-squares slope of r over the window. A consistent upward trend scores high.
//    Beware: under a converging method on a convex bowl r falls (Δf and ‖g‖ both shrink), and
//    while a run accelerates down a concave slope r rises; docs/convexity.md shows the numbers.
// 2. grad-smooth: d_k = log‖g_k‖ − log‖g_{k−1}‖.
//    score = p·|m| / (|m| + σ) when m < 0, else 0; p = share of d_i < 0, m and σ the mean and
//    standard deviation of d over the window. ‖g‖ falling at a steady rate scores 1.
// 3. secant: κ_k = s_kᵀy_k / s_kᵀs_k, the curvature of f along the step (for a quadratic,
//    κ_k = s_kᵀHs_k / s_kᵀs_k, between λ_min and λ_max).
//    score = share of κ_i > 0 in the window: consistent positive curvature scores 1.
// 3b. coordinate-secant: c_k = share of the coordinates i that moved (s_{k,i} ≠ 0) with
//    s_{k,i} y_{k,i} > 0, the secant condition read one coordinate at a time (y_{k,i} / s_{k,i}
//    estimates H_ii when the step is along axis i; a convex f has every H_ii ≥ 0).
//    score = mean of c over the window. Along a step that mixes coordinates, κ_k averages their
//    curvatures, so a steep convex direction can hide a concave one (six-hump camel from (1, −1):
//    κ = +15 while H_xx = −7.2); Adam's per-coordinate steps let each be read on its own.
// 4. descent-ratio: ρ_k = (f_{k−1} − f_k) / (−g_{k−1}ᵀs_k), the achieved decrease over the
//    decrease the first-order model promised (for gradient descent s_k = −η g_{k−1}, so this is
//    Δf_k / (η‖g_{k−1}‖²)). On a quadratic ρ_k = 1 − ½ s_kᵀHs_k / (−g_{k−1}ᵀs_k): below 1 exactly
//    when the curvature along the step is positive, above 0 when the step is not too long.
//    Convexity along the step is ρ_k ≤ 1 (f(x_k) ≥ f(x_{k−1}) + g_{k−1}ᵀs_k).
//    score = q·max(0, 1 − σ_ρ / 0.25), q = share of ρ_i in (0, 1), σ_ρ the standard deviation
//    of the in-range ρ_i: the quadratic regime is a stable ratio inside (0, 1).
// 5. hessian (oracle): λ_k = λ_min(H(x_k)), exact (eigenvalues of the Hessian) where the
//    objective has a Hessian of dimension ≤ 200, else a Lanczos estimate from Hessian-vector
//    products (refreshed every 10 steps when it only feeds the charts).
//    score = share of λ_i > tol (default 0) in the window. It sees what the others do not (second
//    derivatives at x_k), so it is the ground truth the others are judged against. Computing it
//    for the charts costs no counted evaluations; when it drives a switch its Hessian
//    evaluations in phase 1, where it decides, are counted.
// 6. combined (the default): c = min(secant, coordinate-secant, descent-ratio). Curvature
//    along every step and along every coordinate positive, and the decrease in the quadratic
//    regime, all at once. The seed's two other signs, a falling ‖g‖ (grad-smooth) and a rising
//    ratio r (ratio-trend), are recorded and charted but do not vote: on the 2D suite ‖g‖ rises
//    and r falls on convex ground while Adam accelerates (Rosenbrock's valley), and the
//    coordinate secant catches the concave stretches they were there to catch
//    (docs/convexity.md has the evidence).
// 7. fixed: no signal; phase 2 starts after `step` phase-1 steps (the schedule common in
//    physics-informed network training).

#include "core/objective.h"
#include "core/params.h"
#include "core/types.h"

#include <nlohmann/json_fwd.hpp>

#include <array>
#include <deque>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace cs {

enum class CriterionKind {
    RatioTrend,
    GradSmooth,
    Secant,
    CoordinateSecant,
    DescentRatio,
    Hessian,
    Combined,
    Fixed
};

// The raw signals every step records, in this order (see convexitySignalNames()).
enum SignalIndex : int {
    RatioTrendSignal = 0,   // r_k
    GradSmoothSignal,       // d_k = Δlog‖g‖
    SecantSignal,           // κ_k
    CoordinateSecantSignal, // c_k, share of moved coordinates with s_i y_i > 0
    DescentRatioSignal,     // ρ_k
    HessianSignal,          // λ_min(H(x_k)), the oracle
    SignalCount
};

// A criterion described once, for `convexswitch list criteria`, scene validation and the GUI.
struct CriterionInfo {
    std::string kind;              // "secant": the name in scenes
    std::string title;             // "Secant curvature"
    std::string description;       // one sentence: what it measures
    std::vector<ParamSpec> params; // every numeric field its scene object accepts
    bool oracle = false;           // uses information the others do not see (second derivatives)
};

const std::vector<CriterionInfo>& criterionInfos();
const CriterionInfo* findCriterionInfo(const std::string& kind);
std::string criterionKindName(CriterionKind kind);
// "ratio_trend", "grad_smooth", "secant", "coordinate_secant", "descent_ratio", "hessian":
// trajectory columns.
const std::vector<std::string>& convexitySignalNames();

// The criterion object of a switching scene, e.g. {"kind": "combined", "threshold": 0.8,
// "patience": 5, "window": 10} or {"kind": "fixed", "step": 500}.
struct CriterionOptions {
    CriterionKind kind = CriterionKind::Combined; // which criterion drives the switch; combined
    double threshold = 0.8;  // switch once the score is ≥ threshold ...; default 0.8
    int patience = 5;        // ... for this many consecutive steps; default 5
    int window = 10;         // signals in the sliding window; default 10
    long step = 100;         // fixed only: phase 2 after this many phase-1 steps; default 100
    double hessianTol = 0.0; // hessian only: λ_min counts as positive when > this; default 0

    static std::vector<ParamSpec> params(CriterionKind kind);
    // Reads and validates; ConfigError messages start with `path` (e.g. "optimizer.criterion").
    static CriterionOptions fromJson(const nlohmann::json& spec, const std::string& path);
    nlohmann::json toJson() const;
    void validate() const; // throws ConfigError naming the bad field (without a path prefix)
};

// Per-step signals and per-criterion scores over a sliding window; O(window) work per step.
class ConvexityMonitor {
public:
    explicit ConvexityMonitor(CriterionOptions options = {});

    // Forgets the history. `objective` (may be null) feeds the Hessian oracle; `countHessian`
    // makes the oracle use the counted Hessian entry points.
    void reset(Objective* objective, bool countHessian = false);
    // Whether the oracle uses the counted Hessian entry points from now on.
    void setCountHessian(bool counted) { m_countHessian = counted; }
    // Forgets the signal window and the (s, y) pairs; the next step's pair starts at (x, f, g).
    // Used at a switch, so that a decision never mixes two optimizers' steps.
    void restartAt(const Vector& x, double f, const Vector& g);
    // The point a step reached (or the start): updates every signal and score.
    void observe(const Vector& x, double f, const Vector& g);

    // Raw signals of the latest step (NaN before the second point).
    const std::array<double, SignalCount>& signals() const { return m_signals; }
    std::vector<double> signalVector() const { return {m_signals.begin(), m_signals.end()}; }
    // Score of a criterion (fixed: 0) and of the driving criterion (fixed: the combined score).
    double score(CriterionKind kind) const;
    double score() const;
    // One clause on the driving criterion's evidence, e.g. "secant curvature positive on 8 of
    // the last 8 steps".
    std::string explain() const;
    std::string explain(CriterionKind kind) const;

    // The last `count` (s, y) pairs in order, oldest first (for seeding a quasi-Newton phase 2).
    std::vector<std::pair<Vector, Vector>> recentPairs(std::size_t count) const;
    // The latest positive, finite secant curvature κ seen since reset() (NaN before one).
    double lastCurvature() const { return m_lastCurvature; }
    // Points observed since reset().
    long observed() const { return m_observed; }
    const CriterionOptions& options() const { return m_options; }

private:
    void clearWindow();
    double minEigenvalue(const Vector& x);
    void updateScores();

    CriterionOptions m_options;
    Objective* m_objective = nullptr;
    bool m_countHessian = false;
    long m_observed = 0;
    bool m_havePrevious = false;
    Vector m_x;
    Vector m_g;
    double m_f = 0.0;
    double m_lastEigenvalue = std::numeric_limits<double>::quiet_NaN();
    double m_lastCurvature = std::numeric_limits<double>::quiet_NaN();
    std::array<double, SignalCount> m_signals{};
    std::array<std::deque<double>, SignalCount> m_window;
    std::deque<std::pair<Vector, Vector>> m_pairs; // (s, y), at most max(window, kMaxPairs)
    std::array<double, 8> m_scores{};
};

} // namespace cs
