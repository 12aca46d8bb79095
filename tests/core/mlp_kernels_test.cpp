#include "core/mlp_kernels.h"

#include "core/types.h"
#include "test_tools.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace cs {
namespace {

namespace k = mlp_kernels;
using cs::testing::seededEngine;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// A rows × cols matrix with N(0, 1) entries; row-major when it stands for unit-major data.
Matrix randomMatrix(Eigen::Index rows, Eigen::Index cols, unsigned seed) {
    auto engine = seededEngine(seed);
    std::normal_distribution<double> normal;
    Matrix m(rows, cols);
    for (Eigen::Index i = 0; i < m.size(); ++i)
        m.data()[i] = normal(engine);
    return m;
}

using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

double ulpDistance(double a, double b) {
    return std::abs(a - b) / (std::nextafter(std::abs(b), INFINITY) - std::abs(b));
}

TEST(MlpKernels, ExpIsWithinTwoUlpOfTheLibraryOnItsRange) {
    double worst = 0.0;
    for (double x = -708.0; x <= 708.0; x += 0.0137) {
        worst = std::max(worst, ulpDistance(k::exp(x), std::exp(x)));
    }
    for (double x = -1e-3; x <= 1e-3; x += 1.3e-6)
        worst = std::max(worst, ulpDistance(k::exp(x), std::exp(x)));
    EXPECT_LE(worst, 2.0);
    EXPECT_EQ(k::exp(0.0), 1.0);
}

TEST(MlpKernels, ExpClampsFarOutAndKeepsNaN) {
    EXPECT_EQ(k::exp(1e6), k::exp(708.0));
    EXPECT_TRUE(std::isfinite(k::exp(INFINITY)));
    EXPECT_EQ(k::exp(-1e6), k::exp(-708.0));
    EXPECT_GT(k::exp(-INFINITY), 0.0);
    EXPECT_TRUE(std::isnan(k::exp(kNaN)));
}

// Sizes around the block of 16 points: none, a tail only, whole blocks, blocks plus a tail.
class KernelSizes : public ::testing::TestWithParam<Eigen::Index> {};

TEST_P(KernelSizes, LinearMatchesTheMatrixProductAndItsTranspose) {
    const Eigen::Index n = GetParam();
    const Eigen::Index m = 5, kIn = 3;
    const Matrix W = randomMatrix(m, kIn, 1); // column-major, as in θ
    const Vector b = randomMatrix(m, 1, 2);
    const RowMajor in = randomMatrix(kIn, n, 3);
    RowMajor out(m, n);
    k::linear(W.data(), 1, m, b.data(), in.data(), out.data(), m, kIn, n);
    const Matrix expected = (W * in).colwise() + b;
    EXPECT_LE((out - expected).lpNorm<Eigen::Infinity>(), 1e-13) << "n = " << n;

    const RowMajor delta = randomMatrix(m, n, 4);
    RowMajor back(kIn, n);
    k::linear(W.data(), m, 1, nullptr, delta.data(), back.data(), kIn, m, n);
    const Matrix expectedBack = W.transpose() * delta;
    EXPECT_LE((back - expectedBack).lpNorm<Eigen::Infinity>(), 1e-13) << "n = " << n;
}

TEST_P(KernelSizes, OuterProductMatchesTheMatrixProduct) {
    const Eigen::Index n = GetParam();
    const Eigen::Index m = 4, kIn = 6;
    const RowMajor delta = randomMatrix(m, n, 5);
    const RowMajor in = randomMatrix(kIn, n, 6);
    Matrix g(m, kIn);
    Vector gb(m);
    k::outerProduct(delta.data(), in.data(), g.data(), gb.data(), m, kIn, n);
    const Matrix expected = delta * in.transpose();
    const Vector expectedBias = delta.rowwise().sum();
    const double scale = 1e-13 * std::max<double>(1.0, double(n));
    EXPECT_LE((g - expected).lpNorm<Eigen::Infinity>(), scale) << "n = " << n;
    EXPECT_LE((gb - expectedBias).lpNorm<Eigen::Infinity>(), scale) << "n = " << n;
}

INSTANTIATE_TEST_SUITE_P(MlpKernels, KernelSizes, ::testing::Values(0, 1, 15, 16, 17, 48, 1000));

TEST(MlpKernels, ActivationsMatchTheLibrary) {
    const Eigen::Index n = 1001;
    const Vector z = 4.0 * randomMatrix(n, 1, 7);
    Vector t = z, s = z, r = z;
    k::tanhInPlace(t.data(), n);
    k::sigmoidInPlace(s.data(), n);
    k::reluInPlace(r.data(), n);
    for (Eigen::Index i = 0; i < n; ++i) {
        EXPECT_NEAR(t[i], std::tanh(z[i]), 4e-16) << "z = " << z[i];
        EXPECT_NEAR(s[i], 1.0 / (1.0 + std::exp(-z[i])), 4e-16) << "z = " << z[i];
        EXPECT_EQ(r[i], std::max(z[i], 0.0));
    }
}

TEST(MlpKernels, ActivationsSaturateAndKeepNaN) {
    double a[] = {1e300, -1e300, 400.0, -400.0, kNaN};
    double b[] = {1e300, -1e300, 800.0, -800.0, kNaN};
    double c[] = {1e300, -1e300, kNaN};
    k::tanhInPlace(a, 5);
    k::sigmoidInPlace(b, 5);
    k::reluInPlace(c, 3);
    EXPECT_EQ(a[0], 1.0);
    EXPECT_EQ(a[1], -1.0);
    EXPECT_EQ(a[2], 1.0);
    EXPECT_EQ(a[3], -1.0);
    EXPECT_TRUE(std::isnan(a[4]));
    EXPECT_EQ(b[0], 1.0);
    EXPECT_LT(b[1], 1e-300);
    EXPECT_GE(b[1], 0.0);
    EXPECT_EQ(b[2], 1.0);
    EXPECT_LT(b[3], 1e-300);
    EXPECT_TRUE(std::isnan(b[4]));
    EXPECT_EQ(c[0], 1e300);
    EXPECT_EQ(c[1], 0.0);
    EXPECT_TRUE(std::isnan(c[2]));
}

TEST(MlpKernels, DerivativeFactors) {
    double a[] = {0.5, -0.5, 0.0, 2.0};
    double d[] = {2.0, 2.0, 2.0, 2.0};
    double e[] = {2.0, 2.0, 2.0, 2.0};
    double f[] = {2.0, 2.0, 2.0, 2.0};
    k::timesTanhDerivative(d, a, 4);    // 2(1 − a²)
    k::timesSigmoidDerivative(e, a, 4); // 2a(1 − a)
    k::timesReluDerivative(f, a, 4);    // 2[a > 0]
    EXPECT_DOUBLE_EQ(d[0], 1.5);
    EXPECT_DOUBLE_EQ(d[2], 2.0);
    EXPECT_DOUBLE_EQ(e[0], 0.5);
    EXPECT_DOUBLE_EQ(e[1], -1.5);
    EXPECT_DOUBLE_EQ(f[0], 2.0);
    EXPECT_DOUBLE_EQ(f[1], 0.0);
    EXPECT_DOUBLE_EQ(f[2], 0.0);
    EXPECT_DOUBLE_EQ(f[3], 2.0);
}

} // namespace
} // namespace cs
