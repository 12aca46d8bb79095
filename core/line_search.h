#pragma once

#include "core/objective.h"
#include "core/types.h"

#include <string>
#include <vector>

namespace cs {

// Strong-Wolfe conditions for a step α along a descent direction d from x (φ(α) = f(x + αd)):
//   sufficient decrease  φ(α) ≤ φ(0) + c1 α φ'(0)
//   curvature            |φ'(α)| ≤ c2 |φ'(0)|
struct LineSearchOptions {
    double c1 = 1e-4;        // sufficient-decrease constant, 0 < c1 < c2; default 1e-4
    double c2 = 0.9;         // curvature constant, c1 < c2 < 1; 0.9 for quasi-Newton, 0.1 for CG
    int maxEvaluations = 30; // trials allowed per search; default 30
    double maxStep = 1e10;   // largest α tried while bracketing; default 1e10

    // Throws ConfigError naming the bad field (c1, c2).
    void validate() const;
};

enum class LineSearchStatus {
    Wolfe,              // the step satisfies both strong-Wolfe conditions
    SufficientDecrease, // budget spent or α = maxStep: the step only satisfies sufficient decrease
    NotDescent,         // φ'(0) ≥ 0: d is not a descent direction; nothing was evaluated
    Failed,             // no step with sufficient decrease was found
    NonFinite,          // every trial gave NaN or Inf
};

struct LineSearchResult {
    LineSearchStatus status = LineSearchStatus::Failed;
    double alpha = 0.0;  // accepted step along d (0 when nothing was accepted)
    double f = 0.0;      // f(x + αd)
    Vector x;            // x + αd
    Vector g;            // ∇f(x + αd)
    int evaluations = 0; // objective evaluations made, one per trial
    std::string message; // why, when the search did not end in Wolfe

    // True when x, f, g hold a step the caller may take (Wolfe or SufficientDecrease).
    bool accepted() const {
        return status == LineSearchStatus::Wolfe || status == LineSearchStatus::SufficientDecrease;
    }
};

// Strong-Wolfe line search: bracketing then zoom with safeguarded cubic interpolation
// (Nocedal & Wright 2006, Alg. 3.5 and 3.6, interpolation eq. 3.59).
//
// Starts at α = alpha0 and evaluates f and ∇f once per trial through objective.valueAndGradient,
// so every trial is counted. Each trial point is appended to `trials` when it is not null.
// A trial with a non-finite value is treated as a step that was too long. Where f changes by
// rounding noise only (|α₀φ'(0)| and |φ(α) − φ(0)| ≤ 1e-12·|φ(0)|), changes of f are estimated from
// the slopes, so sufficient decrease becomes the approximate Wolfe condition of Hager & Zhang
// (2005); this lets methods reach tight gradient tolerances where f* ≠ 0. Never throws.
LineSearchResult strongWolfeLineSearch(Objective& objective, const Vector& x0, double f0,
                                       const Vector& g0, const Vector& d, double alpha0,
                                       const LineSearchOptions& options,
                                       std::vector<Vector>* trials = nullptr);

// What the line-search optimizers (lbfgs, cg, newton) do each iteration: search along d; when
// that finds no step and d is not already −g, search again along steepest descent −g, starting
// at alphaSteepest. The caller drops its history (curvature pairs, CG direction) when fellBack.
struct FallbackSearch {
    LineSearchResult result;  // of the last search made
    bool fellBack = false;    // the search along d failed and −g was tried
    std::string firstFailure; // the first search's message, when fellBack
};

FallbackSearch lineSearchWithFallback(Objective& objective, const Vector& x0, double f0,
                                      const Vector& g0, const Vector& d, double alpha0,
                                      bool dIsSteepest, double alphaSteepest,
                                      const LineSearchOptions& options,
                                      std::vector<Vector>* trials);

// Initial step along −g when there is no curvature information: the first trial point lies at
// distance min(1, ‖g‖) from x, i.e. α = min(1, 1/‖g‖).
double steepestDescentStep(const Vector& g);

// The advice to append to a failed search's message: "; check that the gradient matches f" when
// f would not decrease along a direction its gradient calls downhill, empty otherwise.
std::string lineSearchAdvice(const LineSearchResult& result);

// "wolfe", "sufficient_decrease", ...: for messages.
std::string lineSearchStatusName(LineSearchStatus status);

} // namespace cs
