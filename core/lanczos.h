#pragma once

#include "core/objective.h"
#include "core/params.h"

#include <functional>
#include <string>
#include <vector>

namespace cs {

struct LanczosOptions {
    int iterations = 20; // Krylov steps k (capped at the dimension n); each costs one H·v
    unsigned seed = 1;   // seed of the random unit start vector; default 1
    // Stop early when β_j ≤ breakdownTol·(|α|max + β max): the Krylov space is invariant and the
    // Ritz values are exact eigenvalues. Default 1e-12.
    double breakdownTol = 1e-12;

    static std::vector<ParamSpec> params(); // scene names: iterations, seed, breakdown_tol
    static LanczosOptions fromParams(const ParamValues& values);
    void validate() const; // throws ConfigError naming the bad field
};

struct LanczosResult {
    bool ok = false;        // false: an H·v product was not finite (see message)
    double lambdaMin = 0.0; // smallest Ritz value, an upper bound on λ_min(H)
    double lambdaMax = 0.0; // largest Ritz value, a lower bound on λ_max(H)
    // Residual bounds |β_k·s_k|: some eigenvalue of H lies within this distance of the Ritz value.
    double residualMin = 0.0;
    double residualMax = 0.0;
    int iterations = 0;             // Krylov steps taken (= H·v products)
    bool invariant = false;         // the Krylov space became invariant: the Ritz values are exact
    std::vector<double> ritzValues; // all Ritz values, ascending
    std::string message;
};

// H·v for a fixed point x.
using HessianVectorProduct = std::function<Vector(const Vector&)>;

// Lanczos (Lanczos 1950; Golub & Van Loan §10.1) with full reorthogonalisation: k steps from a
// seeded random unit vector give the tridiagonal T_k = Q_kᵀ H Q_k, whose extreme eigenvalues
// (Ritz values) approach λ_min and λ_max of the symmetric operator H from inside the spectrum.
// Full reorthogonalisation (two Gram–Schmidt passes) costs O(n k²) but keeps Q orthonormal,
// so no spurious copies of converged eigenvalues appear. No exceptions: a non-finite product
// returns ok = false.
LanczosResult lanczosExtremeEigenvalues(const HessianVectorProduct& hv, Eigen::Index n,
                                        const LanczosOptions& options = {});

// The same for the Hessian of `f` at x through f.computeHessianVector (uncounted). To count the
// products in a run, pass a lambda that calls f.hessianVector(x, v) to the overload above.
LanczosResult lanczosExtremeEigenvalues(const Objective& f, const Vector& x,
                                        const LanczosOptions& options = {});

} // namespace cs
