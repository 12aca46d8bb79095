#include "core/lanczos.h"

#include "core/mlp.h"
#include "core/test_function.h"
#include "test_tools.h"

#include <gtest/gtest.h>

#include <cmath>

namespace cs {
namespace {

using cs::testing::seededEngine;

// A symmetric n × n matrix Q diag(λ) Qᵀ with the given spectrum and a random orthogonal Q.
Matrix matrixWithSpectrum(const Vector& lambda, unsigned seed) {
    auto rng = seededEngine(seed);
    std::normal_distribution<double> normal;
    const Eigen::Index n = lambda.size();
    Matrix a(n, n);
    for (Eigen::Index i = 0; i < n; ++i)
        for (Eigen::Index j = 0; j < n; ++j)
            a(i, j) = normal(rng);
    const Matrix q = Eigen::HouseholderQR<Matrix>(a).householderQ();
    return q * lambda.asDiagonal() * q.transpose();
}

HessianVectorProduct product(const Matrix& h) {
    return [h](const Vector& v) -> Vector { return h * v; };
}

// The full Hessian of `f` at x from H·eᵢ, i = 1..n (the way a reader would check Lanczos).
Matrix hessianFromProducts(const Objective& f, const Vector& x) {
    const Eigen::Index n = x.size();
    Matrix h(n, n);
    for (Eigen::Index i = 0; i < n; ++i)
        h.col(i) = f.computeHessianVector(x, Vector::Unit(n, i));
    return 0.5 * (h + h.transpose());
}

TEST(Lanczos, FullKrylovSpaceGivesTheExactExtremes) {
    Vector lambda = Vector::LinSpaced(40, -3.0, 7.0);
    const Matrix h = matrixWithSpectrum(lambda, 1);
    LanczosOptions o;
    o.iterations = 40;
    const LanczosResult r = lanczosExtremeEigenvalues(product(h), 40, o);
    ASSERT_TRUE(r.ok) << r.message;
    EXPECT_NEAR(r.lambdaMin, -3.0, 1e-10);
    EXPECT_NEAR(r.lambdaMax, 7.0, 1e-10);
    EXPECT_TRUE(r.invariant);
    ASSERT_EQ(r.ritzValues.size(), 40u);
    for (int i = 0; i < 40; ++i)
        EXPECT_NEAR(r.ritzValues[std::size_t(i)], lambda[i], 1e-9);
}

TEST(Lanczos, FewStepsBracketTheExtremesWithinTheResidualBound) {
    // 200 eigenvalues in [1, 2] plus well separated extremes −5 and 30: k = 25 ≪ n finds them.
    Vector lambda = Vector::LinSpaced(200, 1.0, 2.0);
    lambda[0] = -5.0;
    lambda[199] = 30.0;
    const Matrix h = matrixWithSpectrum(lambda, 2);
    LanczosOptions o;
    o.iterations = 25;
    const LanczosResult r = lanczosExtremeEigenvalues(product(h), 200, o);
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.iterations, 25);
    EXPECT_FALSE(r.invariant);
    // Ritz values lie inside the spectrum (Cauchy interlacing)...
    EXPECT_GE(r.lambdaMin, -5.0 - 1e-10);
    EXPECT_LE(r.lambdaMax, 30.0 + 1e-10);
    // ...and within their residual bound of an eigenvalue.
    EXPECT_LE(r.lambdaMin - (-5.0), r.residualMin + 1e-10);
    EXPECT_LE(30.0 - r.lambdaMax, r.residualMax + 1e-10);
    EXPECT_NEAR(r.lambdaMin, -5.0, 1e-8);
    EXPECT_NEAR(r.lambdaMax, 30.0, 1e-8);
}

TEST(Lanczos, MatchesTheEigenSolverOnASmallNetworksHessian) {
    MlpOptions opt;
    opt.layers = "2-6-5-1";
    const Mlp net(opt, makeDataset("moons", 60, 0.2, 3));
    const Vector x = net.initialPoint(7) * 1.5;
    const Matrix h = hessianFromProducts(net, x);
    const Vector exact = Eigen::SelfAdjointEigenSolver<Matrix>(h).eigenvalues();
    ASSERT_LT(exact[0], 0.0) << "want an indefinite Hessian for a meaningful check";

    LanczosOptions full;
    full.iterations = net.dimension();
    const LanczosResult all = lanczosExtremeEigenvalues(net, x, full);
    ASSERT_TRUE(all.ok);
    EXPECT_NEAR(all.lambdaMin, exact[0], 1e-8 * (1.0 + exact.cwiseAbs().maxCoeff()));
    EXPECT_NEAR(all.lambdaMax, exact[exact.size() - 1], 1e-8 * (1.0 + exact.cwiseAbs().maxCoeff()));

    LanczosOptions few;
    few.iterations = 30; // of 57 parameters
    const LanczosResult r = lanczosExtremeEigenvalues(net, x, few);
    ASSERT_TRUE(r.ok);
    const double top = exact[exact.size() - 1];
    EXPECT_GE(r.lambdaMin, exact[0] - 1e-10);
    EXPECT_LE(r.lambdaMax, top + 1e-10);
    EXPECT_LE(r.lambdaMin - exact[0], std::max(r.residualMin, 1e-3 * std::abs(exact[0])));
    EXPECT_NEAR(r.lambdaMax, top, 1e-6 * top);
}

TEST(Lanczos, WorksOnAnyObjectiveThroughHessianVectorProducts) {
    // Rosenbrock at (1, 1): H = [[802, −400], [−400, 200]]; the default H·v uses the exact Hessian.
    const auto rosenbrock = makeTestFunction("rosenbrock");
    const Vector x{{1.0, 1.0}};
    const Vector exact =
        Eigen::SelfAdjointEigenSolver<Matrix>(Matrix{{802.0, -400.0}, {-400.0, 200.0}})
            .eigenvalues();
    const LanczosResult r = lanczosExtremeEigenvalues(*rosenbrock, x);
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.iterations, 2) << "capped at the dimension";
    EXPECT_NEAR(r.lambdaMin, exact[0], 1e-9);
    EXPECT_NEAR(r.lambdaMax, exact[1], 1e-9);
}

TEST(Lanczos, StopsEarlyOnAnInvariantSubspace) {
    // H = 3I: the start vector is an eigenvector, β_0 = 0.
    const LanczosResult r = lanczosExtremeEigenvalues(product(3.0 * Matrix::Identity(10, 10)), 10);
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.iterations, 1);
    EXPECT_TRUE(r.invariant);
    EXPECT_DOUBLE_EQ(r.lambdaMin, 3.0);
    EXPECT_DOUBLE_EQ(r.lambdaMax, 3.0);
    EXPECT_EQ(r.residualMin, 0.0);
}

TEST(Lanczos, ZeroOperatorGivesZero) {
    const LanczosResult r = lanczosExtremeEigenvalues(product(Matrix::Zero(5, 5)), 5);
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.lambdaMin, 0.0);
    EXPECT_EQ(r.lambdaMax, 0.0);
}

TEST(Lanczos, SeededStartIsReproducible) {
    const Matrix h = matrixWithSpectrum(Vector::LinSpaced(60, -1.0, 1.0), 4);
    LanczosOptions o;
    o.iterations = 8;
    const LanczosResult a = lanczosExtremeEigenvalues(product(h), 60, o);
    const LanczosResult b = lanczosExtremeEigenvalues(product(h), 60, o);
    EXPECT_EQ(a.lambdaMin, b.lambdaMin);
    EXPECT_EQ(a.ritzValues, b.ritzValues);
    o.seed = 99;
    const LanczosResult c = lanczosExtremeEigenvalues(product(h), 60, o);
    EXPECT_NE(a.lambdaMin, c.lambdaMin);
}

TEST(Lanczos, NonFiniteProductIsReportedNotThrown) {
    int calls = 0;
    const HessianVectorProduct nanAfterTwo = [&](const Vector& v) -> Vector {
        const Vector d = Vector::LinSpaced(v.size(), 1.0, 10.0);
        return ++calls > 2 ? Vector::Constant(v.size(), NAN) : Vector(d.cwiseProduct(v));
    };
    LanczosResult r;
    EXPECT_NO_THROW(r = lanczosExtremeEigenvalues(nanAfterTwo, 10));
    EXPECT_FALSE(r.ok);
    EXPECT_NE(r.message.find("not finite"), std::string::npos);
    EXPECT_FALSE(lanczosExtremeEigenvalues(product(Matrix()), 0).ok);
}

TEST(LanczosOptions, ValidateNamesTheField) {
    LanczosOptions o;
    o.iterations = 0;
    EXPECT_THROW(o.validate(), ConfigError);
    o = {};
    o.breakdownTol = -1.0;
    EXPECT_THROW(o.validate(), ConfigError);
    const auto values = withDefaults(LanczosOptions::params(), {{"iterations", 12.0}}, "lanczos");
    EXPECT_EQ(LanczosOptions::fromParams(values).iterations, 12);
}

} // namespace
} // namespace cs
