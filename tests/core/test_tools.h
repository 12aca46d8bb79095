#pragma once

// Shared checks for the core tests (after ensmallen's tests/test_function_tools.hpp).

#include "core/objective.h"
#include "core/optimizer.h"
#include "core/run.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

namespace cs::testing {

// A fixed seed, printed so a failure can be replayed.
inline std::mt19937_64 seededEngine(unsigned seed) {
    std::printf("[ seed     ] %u\n", seed);
    return std::mt19937_64(seed);
}

// Central finite difference of the gradient, step h per coordinate.
inline Vector finiteDifferenceGradient(const Objective& f, const Vector& x, double h = 1e-6) {
    Vector g(x.size());
    for (Eigen::Index i = 0; i < x.size(); ++i) {
        Vector xp = x, xm = x;
        const double hi = h * std::max(1.0, std::abs(x[i]));
        xp[i] += hi;
        xm[i] -= hi;
        g[i] = (f.computeValue(xp) - f.computeValue(xm)) / (2.0 * hi);
    }
    return g;
}

// Central finite difference of the Hessian from analytic gradients.
inline Matrix finiteDifferenceHessian(const Objective& f, const Vector& x, double h = 1e-6) {
    const Eigen::Index n = x.size();
    Matrix hess(n, n);
    for (Eigen::Index i = 0; i < n; ++i) {
        Vector xp = x, xm = x, gp, gm;
        const double hi = h * std::max(1.0, std::abs(x[i]));
        xp[i] += hi;
        xm[i] -= hi;
        f.computeValueAndGradient(xp, gp);
        f.computeValueAndGradient(xm, gm);
        hess.col(i) = (gp - gm) / (2.0 * hi);
    }
    return 0.5 * (hess + hess.transpose());
}

// ‖a − b‖∞ ≤ tol·(1 + ‖b‖∞): relative where values are large, absolute near zero.
inline ::testing::AssertionResult closeRelative(const Matrix& a, const Matrix& b, double tol) {
    const double err = (a - b).cwiseAbs().maxCoeff();
    const double scale = 1.0 + b.cwiseAbs().maxCoeff();
    if (err <= tol * scale)
        return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "max error " << err << " > " << tol << " * " << scale
                                         << "\n got:\n" << a << "\n expected:\n" << b;
}

inline void expectGradientMatchesFiniteDifferences(const Objective& f,
                                                   const std::vector<Vector>& points,
                                                   double tol = 1e-6) {
    for (const auto& x : points) {
        Vector g;
        f.computeValueAndGradient(x, g);
        EXPECT_TRUE(closeRelative(g, finiteDifferenceGradient(f, x), tol))
            << f.name() << " at (" << x.transpose() << ")";
    }
}

inline void expectHessianMatchesFiniteDifferences(const Objective& f,
                                                  const std::vector<Vector>& points,
                                                  double tol = 1e-5) {
    for (const auto& x : points) {
        Matrix h;
        ASSERT_TRUE(f.computeHessian(x, h)) << f.name();
        EXPECT_TRUE(closeRelative(h, finiteDifferenceHessian(f, x), tol))
            << f.name() << " at (" << x.transpose() << ")";
    }
}

struct Tolerances {
    long maxSteps = 10000;
    double gradTol = 1e-8;
    double xTol = 1e-5; // distance of the final x from `xStar`
};

// Runs `optimizer` from x0 and expects convergence to xStar.
inline RunSummary expectConverges(Optimizer& optimizer, Objective& objective, const Vector& x0,
                                  const Vector& xStar, const Tolerances& tol = {}) {
    StopOptions stop;
    stop.maxSteps = tol.maxSteps;
    stop.gradTol = tol.gradTol;
    Run run(objective, optimizer, x0, stop);
    const RunSummary s = run.runToEnd();
    EXPECT_EQ(s.status, Termination::Converged) << optimizer.kind() << " on " << objective.name()
                                                << ": " << s.report();
    EXPECT_LE((s.finalX - xStar).norm(), tol.xTol)
        << optimizer.kind() << " on " << objective.name() << " ended at " << s.finalX.transpose();
    return s;
}

} // namespace cs::testing
