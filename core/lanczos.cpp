#include "core/lanczos.h"

#include "core/seeded_random.h"

#include <algorithm>
#include <cmath>

namespace cs {

namespace {

constexpr int kMaxIterations = 10000;

} // namespace

std::vector<ParamSpec> LanczosOptions::params() {
    const LanczosOptions d;
    return {
        {"iterations", double(d.iterations), 1, kMaxIterations, false, false, true,
         "Krylov steps (Hessian-vector products), capped at the dimension"},
        {"seed", double(d.seed), 0, 4294967295.0, false, false, true,
         "seed of the random start vector"},
        {"breakdown_tol", d.breakdownTol, 0, 1, false, false, false,
         "relative size of β at which the Krylov space counts as invariant"},
    };
}

LanczosOptions LanczosOptions::fromParams(const ParamValues& values) {
    LanczosOptions o;
    o.iterations = static_cast<int>(values.at("iterations"));
    o.seed = static_cast<unsigned>(values.at("seed"));
    o.breakdownTol = values.at("breakdown_tol");
    o.validate();
    return o;
}

void LanczosOptions::validate() const {
    if (iterations < 1 || iterations > kMaxIterations)
        throw ConfigError("iterations: must be an integer in [1, " +
                          std::to_string(kMaxIterations) + "], got " + std::to_string(iterations));
    if (!std::isfinite(breakdownTol) || breakdownTol < 0.0 || breakdownTol > 1.0)
        throw ConfigError("breakdown_tol: must be in [0, 1], got " + formatNumber(breakdownTol));
}

LanczosResult lanczosExtremeEigenvalues(const HessianVectorProduct& hv, Eigen::Index n,
                                        const LanczosOptions& options) {
    LanczosResult result;
    if (n < 1) {
        result.message = "dimension 0: no eigenvalues";
        return result;
    }
    const Eigen::Index k = std::min<Eigen::Index>(std::max(options.iterations, 1), n);
    Matrix q(n, k); // orthonormal Lanczos vectors q_0 … q_{k−1}
    Vector alpha(k), beta(k);
    SeededRandom rng(options.seed);
    Vector start(n);
    for (Eigen::Index i = 0; i < n; ++i)
        start[i] = rng.normal();
    q.col(0) = start / start.norm();

    Eigen::Index steps = 0;
    double scale = 0.0;
    for (Eigen::Index j = 0; j < k; ++j) {
        Vector w = hv(q.col(j));
        if (w.size() != n || !w.allFinite()) {
            result.message =
                "a Hessian-vector product was not finite at Lanczos step " + std::to_string(j + 1);
            result.iterations = static_cast<int>(j);
            return result;
        }
        // α_j = q_jᵀ H q_j;  w = H q_j − α_j q_j − β_{j−1} q_{j−1}
        alpha[j] = q.col(j).dot(w);
        w -= alpha[j] * q.col(j);
        if (j > 0)
            w -= beta[j - 1] * q.col(j - 1);
        // Full reorthogonalisation against q_0 … q_j, twice ("twice is enough", Parlett).
        for (int pass = 0; pass < 2; ++pass)
            w.noalias() -= q.leftCols(j + 1) * (q.leftCols(j + 1).transpose() * w);
        beta[j] = w.norm();
        steps = j + 1;
        scale = std::max(scale, std::abs(alpha[j]) + beta[j]);
        if (beta[j] <= options.breakdownTol * scale) {
            result.invariant = true;
            break;
        }
        if (j + 1 < k)
            q.col(j + 1) = w / beta[j];
    }
    if (steps == n)
        result.invariant = true; // a full basis: T is similar to H

    // Ritz values: eigenvalues of the tridiagonal T = tridiag(β, α, β).
    Eigen::SelfAdjointEigenSolver<Matrix> eig;
    const Vector diag = alpha.head(steps);
    const Vector sub = beta.head(std::max<Eigen::Index>(steps - 1, 0));
    eig.computeFromTridiagonal(diag, sub, Eigen::ComputeEigenvectors);
    const Vector& theta = eig.eigenvalues(); // ascending
    const Matrix& s = eig.eigenvectors();
    const double lastBeta = result.invariant ? 0.0 : beta[steps - 1];
    result.ok = true;
    result.iterations = static_cast<int>(steps);
    result.lambdaMin = theta[0];
    result.lambdaMax = theta[steps - 1];
    // ‖H y − θ y‖ = |β_k s_{k,i}| for the Ritz vector y = Q s_i (Golub & Van Loan Thm 10.1.1).
    result.residualMin = std::abs(lastBeta * s(steps - 1, 0));
    result.residualMax = std::abs(lastBeta * s(steps - 1, steps - 1));
    result.ritzValues.assign(theta.data(), theta.data() + steps);
    return result;
}

LanczosResult lanczosExtremeEigenvalues(const Objective& f, const Vector& x,
                                        const LanczosOptions& options) {
    return lanczosExtremeEigenvalues([&](const Vector& v) { return f.computeHessianVector(x, v); },
                                     x.size(), options);
}

} // namespace cs
