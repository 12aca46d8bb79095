#pragma once

// Shared checks for the core tests (after ensmallen's tests/test_function_tools.hpp).

#include "core/objective.h"
#include "core/optimizer.h"
#include "core/optimizer_registry.h"
#include "core/run.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace cs::testing {

// A fixed seed, printed so a failure can be replayed.
inline std::mt19937_64 seededEngine(unsigned seed) {
    std::printf("[ seed     ] %u\n", seed);
    return std::mt19937_64(seed);
}

// n independent standard normal entries from a fixed, printed seed.
inline Vector randomNormalVector(Eigen::Index n, unsigned seed) {
    auto rng = seededEngine(seed);
    std::normal_distribution<double> normal;
    Vector v(n);
    for (Eigen::Index i = 0; i < n; ++i)
        v[i] = normal(rng);
    return v;
}

// The point (x, y).
inline Vector vec2(double x, double y) {
    Vector v(2);
    v << x, y;
    return v;
}

// The registry rejects `spec` (an optimizer object) with a ConfigError naming
// "optimizer.<field>".
inline void expectOptimizerRejects(const nlohmann::json& spec, const std::string& field) {
    try {
        makeOptimizer(spec, "optimizer");
        ADD_FAILURE() << spec.dump() << " accepted";
    } catch (const ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("optimizer." + field), std::string::npos) << e.what();
    }
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
    return ::testing::AssertionFailure()
           << "max error " << err << " > " << tol << " * " << scale << "\n got:\n"
           << a << "\n expected:\n"
           << b;
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

// f(x) = ½ xᵀAx − bᵀx with A symmetric: gradient Ax − b, Hessian A, minimiser A⁻¹b when A is
// positive definite. A local objective for optimizer tests that must not depend on test_functions.
class QuadraticObjective : public Objective {
public:
    QuadraticObjective(Matrix a, Vector b) : m_a(std::move(a)), m_b(std::move(b)) {}
    std::string name() const override { return "test-quadratic"; }
    int dimension() const override { return static_cast<int>(m_b.size()); }
    double computeValue(const Vector& x) const override {
        return 0.5 * x.dot(m_a * x) - m_b.dot(x);
    }
    double computeValueAndGradient(const Vector& x, Vector& grad) const override {
        grad.noalias() = m_a * x - m_b;
        return 0.5 * x.dot(grad - m_b); // ½xᵀAx − bᵀx = ½xᵀ(Ax − b) − ½bᵀx
    }
    bool hasHessian() const override { return true; }
    bool computeHessian(const Vector&, Matrix& h) const override {
        h = m_a;
        return true;
    }
    Vector minimizer() const { return m_a.ldlt().solve(m_b); }

private:
    Matrix m_a;
    Vector m_b;
};

// A convex quadratic in `n` dimensions with eigenvalues spread over [1, kappa] in a random
// rotation (seeded), and its minimiser away from the origin.
inline QuadraticObjective makeConvexQuadratic(int n, double kappa, unsigned seed) {
    auto engine = seededEngine(seed);
    std::normal_distribution<double> normal;
    Matrix m(n, n);
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j)
            m(i, j) = normal(engine);
    const Matrix q = Eigen::HouseholderQR<Matrix>(m).householderQ();
    Vector lambda(n);
    for (int i = 0; i < n; ++i)
        lambda[i] = n == 1 ? 1.0 : std::pow(kappa, double(i) / (n - 1));
    const Matrix a = q * lambda.asDiagonal() * q.transpose();
    Vector b(n);
    for (int i = 0; i < n; ++i)
        b[i] = normal(engine);
    return QuadraticObjective(0.5 * (a + a.transpose()), b);
}

// Wraps an objective and returns NaN (value and gradient) wherever x[0] > xLimit: for tests of
// how optimizers and runs handle a non-finite objective.
class NanRegionObjective : public Objective {
public:
    NanRegionObjective(const Objective& inner, double xLimit) : m_inner(inner), m_limit(xLimit) {}
    std::string name() const override { return "nan-beyond-" + m_inner.name(); }
    int dimension() const override { return m_inner.dimension(); }
    double computeValue(const Vector& x) const override {
        return x[0] > m_limit ? std::nan("") : m_inner.computeValue(x);
    }
    double computeValueAndGradient(const Vector& x, Vector& grad) const override {
        const double f = m_inner.computeValueAndGradient(x, grad);
        if (x[0] <= m_limit)
            return f;
        grad.setConstant(std::nan(""));
        return std::nan("");
    }

private:
    const Objective& m_inner;
    double m_limit;
};

// Runs `optimizer` from x0 and expects convergence to xStar.
inline RunSummary expectConverges(Optimizer& optimizer, Objective& objective, const Vector& x0,
                                  const Vector& xStar, const Tolerances& tol = {}) {
    StopOptions stop;
    stop.maxSteps = tol.maxSteps;
    stop.gradTol = tol.gradTol;
    Run run(objective, optimizer, x0, stop);
    const RunSummary s = run.runToEnd();
    EXPECT_EQ(s.status, Termination::Converged)
        << optimizer.kind() << " on " << objective.name() << ": " << s.report();
    EXPECT_LE((s.finalX - xStar).norm(), tol.xTol)
        << optimizer.kind() << " on " << objective.name() << " ended at " << s.finalX.transpose();
    return s;
}

} // namespace cs::testing
