#pragma once

#include "core/line_search.h"
#include "core/optimizer.h"

#include <Eigen/Eigenvalues>

namespace cs {

struct NewtonOptions {
    double shift = 1e-8; // δ: smallest eigenvalue allowed in H + τI, relative to max(1, |λ_max|)
    double c1 = 1e-4;    // Wolfe sufficient-decrease constant, 0 < c1 < c2; default 1e-4
    double c2 = 0.9;     // Wolfe curvature constant, c1 < c2 < 1; default 0.9

    static std::vector<ParamSpec> params();
    static NewtonOptions fromParams(const ParamValues& values);
    void validate() const; // throws ConfigError naming the bad field
    LineSearchOptions lineSearch() const;
};

// Newton's method with the exact Hessian, made a descent method by an eigenvalue shift
// (Nocedal & Wright 2006, §3.4, "modified Newton"):
//   H = V diag(λ) Vᵀ,  τ = max(0, δ' − λ_min),  δ' = δ·max(1, |λ_max|),
//   d = −(H + τI)⁻¹ g,  x_{k+1} = x_k + α d with α from the strong-Wolfe line search (first
//   trial α = 1, so near a minimum with H positive definite the steps are pure Newton steps and
//   convergence is quadratic).
// Where H is indefinite, the shift makes its smallest eigenvalue δ', so d is a descent direction
// that is long along the directions of negative curvature; the first trial is then capped at
// length max(1, ‖x‖) and the line search takes it from there.
// If the objective has no Hessian, step() reports LineSearchFailed with a message saying so
// (nothing throws, so a switching optimizer can take it up mid-run safely).
class Newton : public Optimizer {
public:
    explicit Newton(NewtonOptions options = {});
    std::string kind() const override { return "newton"; }
    bool needsFullBatch() const override { return true; }
    StepInfo step() override;

    const NewtonOptions& options() const { return m_options; }
    // τ added to the Hessian in the last step (0 where it was positive definite enough).
    double lastShift() const { return m_lastShift; }

private:
    void onReset() override;
    NewtonOptions m_options;
    LineSearchOptions m_lineSearch;
    Matrix m_h;
    Eigen::SelfAdjointEigenSolver<Matrix> m_eigen;
    Vector m_d;
    double m_lastShift = 0.0;
};

} // namespace cs
