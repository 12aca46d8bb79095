#include "core/test_function.h"

#include "test_tools.h"

#include <Eigen/Eigenvalues>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <numbers>
#include <random>
#include <string>
#include <vector>

namespace cs {
namespace {

using cs::testing::closeRelative;
using cs::testing::seededEngine;

const std::vector<std::string> kAllNames = {
    "rosenbrock",      "himmelblau", "beale",           "booth",          "matyas",
    "rastrigin",       "ackley",     "goldstein-price", "six-hump-camel", "three-hump-camel",
    "styblinski-tang", "levi",       "mccormick",       "eggholder",      "quadratic"};

Vector point(double x, double y) {
    Vector p(2);
    p << x, y;
    return p;
}

bool inBox(const Box& b, const Vector& p) {
    return p[0] >= b.xMin && p[0] <= b.xMax && p[1] >= b.yMin && p[1] <= b.yMax;
}

// Points where a function's derivatives are not smooth enough for finite differences: the
// test skips their neighbourhood (and says why).
bool nearKink(const std::string& name, const Vector& p) {
    if (name == "ackley") // cone apex at the origin: curvature ~ 1/r
        return p.norm() < 1e-2;
    if (name == "eggholder") { // cusps of sin√|t| on the lines u = 0, v = 0
        const double u = 0.5 * p[0] + p[1] + 47.0;
        const double v = p[0] - p[1] - 47.0;
        return std::abs(u) < 1.0 || std::abs(v) < 1.0;
    }
    return false;
}

// Uniform points of the plot domain, away from kinks.
std::vector<Vector> samplePoints(const TestFunction& f, unsigned seed, int count = 60) {
    auto rng = seededEngine(seed);
    const Box b = f.domain();
    std::uniform_real_distribution<double> ux(b.xMin, b.xMax), uy(b.yMin, b.yMax);
    std::vector<Vector> points;
    while (static_cast<int>(points.size()) < count) {
        const Vector p = point(ux(rng), uy(rng));
        if (!nearKink(f.name(), p))
            points.push_back(p);
    }
    return points;
}

// Finite-difference tolerances (closeRelative: error ≤ tol·(1 + ‖exact‖∞)). Central differences
// with step 1e-6·max(1, |x_i|): measured over 2000 random points per function the worst error
// is ≤ 1.1e-8 (gradient) and ≤ 1.1e-9 (Hessian) for all but Lévi (5.5e-8, 1.2e-7: third
// derivatives ~ (6π)³) and Eggholder (2.8e-7, 7.5e-8: steps up to 5e-4 on a ±512 box near its
// cusp lines). The bounds below leave a margin of about 10×; a wrong term gives O(1) errors.
struct FdTolerance {
    double gradient = 1e-7;
    double hessian = 1e-7;
};

FdTolerance fdTolerance(const std::string& name) {
    static const std::map<std::string, FdTolerance> special = {
        {"levi", {1e-6, 1e-6}},
        {"eggholder", {3e-6, 1e-6}},
    };
    const auto it = special.find(name);
    return it == special.end() ? FdTolerance{} : it->second;
}

class EachFunction : public ::testing::TestWithParam<std::string> {
protected:
    std::unique_ptr<TestFunction> make() const { return makeTestFunction(GetParam()); }
    unsigned seed() const {
        const auto it = std::find(kAllNames.begin(), kAllNames.end(), GetParam());
        return 1000u + static_cast<unsigned>(it - kAllNames.begin());
    }
};

TEST_P(EachFunction, DescribesItself) {
    const auto f = make();
    EXPECT_EQ(f->name(), GetParam());
    EXPECT_EQ(f->dimension(), 2);
    EXPECT_TRUE(f->hasHessian());
    EXPECT_FALSE(f->title().empty());
    EXPECT_FALSE(f->formula().empty());
    const auto& infos = testFunctionInfos();
    const auto info = std::find_if(infos.begin(), infos.end(),
                                   [&](const TestFunctionInfo& i) { return i.name == GetParam(); });
    ASSERT_NE(info, infos.end());
    EXPECT_EQ(info->title, f->title());
    EXPECT_EQ(info->formula, f->formula());
    const Box b = f->domain();
    EXPECT_LT(b.xMin, b.xMax);
    EXPECT_LT(b.yMin, b.yMax);
}

TEST_P(EachFunction, StartAndMinimaLieInTheDomain) {
    const auto f = make();
    EXPECT_TRUE(inBox(f->domain(), f->start())) << f->start().transpose();
    EXPECT_EQ(f->initialPoint(7), f->start());
    ASSERT_FALSE(f->minima().empty());
    for (const auto& m : f->minima()) {
        EXPECT_TRUE(inBox(f->domain(), m.x)) << m.x.transpose();
        EXPECT_EQ(m.f, f->minimumValue()) << "all listed minima are global";
    }
}

TEST_P(EachFunction, GradientMatchesFiniteDifferences) {
    const auto f = make();
    cs::testing::expectGradientMatchesFiniteDifferences(*f, samplePoints(*f, seed()),
                                                        fdTolerance(GetParam()).gradient);
}

TEST_P(EachFunction, HessianMatchesFiniteDifferences) {
    const auto f = make();
    cs::testing::expectHessianMatchesFiniteDifferences(*f, samplePoints(*f, seed() + 100),
                                                       fdTolerance(GetParam()).hessian);
}

TEST_P(EachFunction, ValueMatchesValueAndGradient) {
    const auto f = make();
    for (const auto& p : samplePoints(*f, seed() + 200, 20)) {
        Vector g;
        EXPECT_EQ(f->computeValue(p), f->computeValueAndGradient(p, g));
        ASSERT_EQ(g.size(), 2);
    }
}

TEST_P(EachFunction, ValueAtEveryMinimumIsTheMinimum) {
    const auto f = make();
    for (const auto& m : f->minima()) {
        const double fx = f->computeValue(m.x);
        EXPECT_NEAR(fx, m.f, 1e-12 * (1.0 + std::abs(m.f))) << "at " << m.x.transpose();
    }
}

// Interior minima are stationary; Eggholder's sits on the boundary x = 512, where only ∂f/∂y
// vanishes and ∂f/∂x < 0 (f would fall further outside the box: a KKT point).
TEST_P(EachFunction, GradientVanishesAtEveryMinimum) {
    const auto f = make();
    for (const auto& m : f->minima()) {
        Vector g;
        f->computeValueAndGradient(m.x, g);
        Matrix h;
        f->computeHessian(m.x, h);
        // |g| ≤ ε‖H‖·|x*|-ish: an argmin exact to double precision leaves a gradient of
        // order 1e-16·‖H‖·(1 + |x*|).
        const double tol = 1e-13 * (1.0 + h.cwiseAbs().maxCoeff()) * (1.0 + m.x.norm());
        if (GetParam() == "eggholder") {
            EXPECT_EQ(m.x[0], f->domain().xMax);
            EXPECT_LT(g[0], -1.0);
            EXPECT_NEAR(g[1], 0.0, tol);
        } else {
            EXPECT_NEAR(g[0], 0.0, tol) << "at " << m.x.transpose();
            EXPECT_NEAR(g[1], 0.0, tol) << "at " << m.x.transpose();
        }
    }
}

// No grid point of the domain (201 × 201, plus small perturbations of each argmin) is below f*:
// the listed minima really are global on the plot domain.
TEST_P(EachFunction, NothingOnTheDomainIsBelowTheMinimum) {
    const auto f = make();
    const Box b = f->domain();
    const double fStar = f->minimumValue();
    const double slack = 1e-12 * (1.0 + std::abs(fStar));
    constexpr int kGrid = 201;
    double lowest = std::numeric_limits<double>::infinity();
    for (int i = 0; i < kGrid; ++i)
        for (int j = 0; j < kGrid; ++j) {
            const double x = b.xMin + (b.xMax - b.xMin) * i / (kGrid - 1);
            const double y = b.yMin + (b.yMax - b.yMin) * j / (kGrid - 1);
            lowest = std::min(lowest, f->computeValue(point(x, y)));
        }
    EXPECT_GE(lowest, fStar - slack);
    for (const auto& m : f->minima())
        for (double dx : {-1e-4, 0.0, 1e-4})
            for (double dy : {-1e-4, 0.0, 1e-4}) {
                const Vector p = m.x + point(dx, dy);
                if (inBox(b, p)) {
                    EXPECT_GE(f->computeValue(p), fStar - slack) << p.transpose();
                }
            }
}

TEST_P(EachFunction, FiniteEverywhereOnACoarseGridIncludingKinks) {
    const auto f = make();
    const Box b = f->domain();
    std::vector<Vector> points = {point(0.0, 0.0), f->start()};
    for (int i = 0; i <= 20; ++i)
        for (int j = 0; j <= 20; ++j)
            points.push_back(point(b.xMin + (b.xMax - b.xMin) * i / 20.0,
                                   b.yMin + (b.yMax - b.yMin) * j / 20.0));
    for (const auto& p : points) {
        Vector g;
        Matrix h;
        EXPECT_TRUE(std::isfinite(f->computeValueAndGradient(p, g))) << p.transpose();
        EXPECT_TRUE(g.allFinite()) << p.transpose();
        ASSERT_TRUE(f->computeHessian(p, h));
        EXPECT_TRUE(h.allFinite()) << p.transpose();
        EXPECT_EQ(h(0, 1), h(1, 0));
    }
}

INSTANTIATE_TEST_SUITE_P(TestFunctions, EachFunction, ::testing::ValuesIn(kAllNames),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                             std::string name = info.param;
                             std::replace(name.begin(), name.end(), '-', '_');
                             return name;
                         });

// The stored (double-precision) facts agree with the reference table's rounded ones; the table
// truncates, so each tolerance is one unit in the table's last digit.
TEST(TestFunctionFacts, MinimaAgreeWithTheReferenceTable) {
    struct Row {
        std::string name;
        double f;
        double fTol;
        std::vector<Vector> x;
        double xTol;
    };
    const std::vector<Row> table = {
        {"rosenbrock", 0, 0, {point(1, 1)}, 0},
        {"himmelblau",
         0,
         0,
         {point(3, 2), point(-2.805118, 3.131312), point(-3.779310, -3.283186),
          point(3.584428, -1.848126)},
         1e-6},
        {"beale", 0, 0, {point(3, 0.5)}, 0},
        {"booth", 0, 0, {point(1, 3)}, 0},
        {"matyas", 0, 0, {point(0, 0)}, 0},
        {"rastrigin", 0, 0, {point(0, 0)}, 0},
        {"ackley", 0, 0, {point(0, 0)}, 0},
        {"goldstein-price", 3, 0, {point(0, -1)}, 0},
        {"six-hump-camel",
         -1.031628453,
         5e-10,
         {point(0.0898, -0.7126), point(-0.0898, 0.7126)},
         1e-4},
        {"three-hump-camel", 0, 0, {point(0, 0)}, 0},
        {"styblinski-tang", -78.33233141, 5e-9, {point(-2.903534, -2.903534)}, 5e-7},
        {"levi", 0, 0, {point(1, 1)}, 0},
        {"mccormick", -1.913222955, 5e-10, {point(-0.54719, -1.54719)}, 1e-5},
        {"eggholder", -959.6407, 5e-5, {point(512, 404.2319)}, 1e-4},
        {"quadratic", 0, 0, {point(0, 0)}, 0},
    };
    ASSERT_EQ(table.size(), kAllNames.size());
    for (const auto& row : table) {
        const auto f = makeTestFunction(row.name);
        const auto minima = f->minima();
        EXPECT_NEAR(f->minimumValue(), row.f, row.fTol) << row.name;
        ASSERT_EQ(minima.size(), row.x.size()) << row.name;
        for (size_t i = 0; i < minima.size(); ++i)
            EXPECT_LE((minima[i].x - row.x[i]).cwiseAbs().maxCoeff(), row.xTol)
                << row.name << " minimum " << i << ": " << minima[i].x.transpose();
    }
}

TEST(TestFunctionRegistry, ListsAllFifteenInTableOrder) {
    std::vector<std::string> names;
    for (const auto& info : testFunctionInfos())
        names.push_back(info.name);
    EXPECT_EQ(names, kAllNames);
}

TEST(TestFunctionRegistry, OnlyQuadraticHasParameters) {
    for (const auto& info : testFunctionInfos()) {
        if (info.name != "quadratic") {
            EXPECT_TRUE(info.params.empty()) << info.name;
            continue;
        }
        ASSERT_EQ(info.params.size(), 2u);
        EXPECT_EQ(info.params[0].name, "kappa");
        EXPECT_EQ(info.params[0].defaultValue, 100.0);
        EXPECT_EQ(info.params[0].lower, 1.0);
        EXPECT_EQ(info.params[0].upper, 1e8);
        EXPECT_EQ(info.params[1].name, "theta");
        EXPECT_EQ(info.params[1].defaultValue, 0.5235987755982988);
        EXPECT_EQ(info.params[1].lower, -10.0);
        EXPECT_EQ(info.params[1].upper, 10.0);
    }
}

// Expects `call` to throw a ConfigError whose message contains every one of `parts`.
void expectConfigError(const std::function<void()>& call, const std::vector<std::string>& parts) {
    try {
        call();
        ADD_FAILURE() << "no ConfigError thrown";
    } catch (const ConfigError& e) {
        const std::string message = e.what();
        for (const auto& part : parts)
            EXPECT_NE(message.find(part), std::string::npos)
                << "'" << message << "' does not mention '" << part << "'";
    }
}

TEST(TestFunctionRegistry, UnknownNameThrowsAndListsKnownNames) {
    expectConfigError([] { makeTestFunction("rosenbrok"); },
                      {"unknown function 'rosenbrok'", "known:", "rosenbrock", "quadratic"});
    expectConfigError([] { makeTestFunction(""); }, {"unknown function ''"});
}

TEST(TestFunctionRegistry, BadKappaThrowsNamingTheField) {
    expectConfigError([] { makeTestFunction("quadratic", {{"kappa", 0.5}}); }, {"kappa", "0.5"});
    expectConfigError([] { makeTestFunction("quadratic", {{"kappa", 1e9}}); }, {"kappa"});
    expectConfigError([] { makeTestFunction("quadratic", {{"kappa", NAN}}); }, {"kappa"});
    expectConfigError([] { makeTestFunction("quadratic", {{"theta", 11.0}}); }, {"theta"});
}

TEST(TestFunctionRegistry, UnknownParameterThrows) {
    expectConfigError(
        [] {
            makeTestFunction("quadratic", {{"kapa", 2.0}});
        },
        {"kapa", "unknown parameter"});
    expectConfigError([] { makeTestFunction("rosenbrock", {{"kappa", 2.0}}); }, {"kappa"});
}

// H = Rᵀ diag(1, κ) R: eigenvalues 1 and κ, flat axis along (cos θ, sin θ).
TEST(Quadratic, HessianHasEigenvaluesOneAndKappa) {
    const std::vector<std::pair<double, double>> cases = {
        {100.0, std::numbers::pi / 6.0}, {1.0, 0.0}, {7.5, -2.0}, {1e4, 1.0}, {1e8, 9.5}};
    for (const auto& [kappa, theta] : cases) {
        const auto f = makeTestFunction("quadratic", {{"kappa", kappa}, {"theta", theta}});
        Matrix h;
        ASSERT_TRUE(f->computeHessian(point(0.3, -0.7), h));
        Eigen::SelfAdjointEigenSolver<Matrix> eig(h);
        EXPECT_NEAR(eig.eigenvalues()[0], 1.0, 1e-12 * kappa) << "kappa " << kappa;
        EXPECT_NEAR(eig.eigenvalues()[1], kappa, 1e-12 * kappa) << "kappa " << kappa;
        const Vector flat = point(std::cos(theta), std::sin(theta));
        EXPECT_TRUE(closeRelative(h * flat, flat, 1e-12 * kappa)) << "theta " << theta;
        // The gradient of a quadratic is H x, exactly.
        Vector g;
        const Vector x = point(1.25, -2.5);
        const double fx = f->computeValueAndGradient(x, g);
        EXPECT_TRUE(closeRelative(g, h * x, 1e-13));
        EXPECT_NEAR(fx, 0.5 * x.dot(h * x), 1e-13 * (1.0 + fx));
    }
}

TEST(Quadratic, DefaultsAreKappa100ThetaPiOver6) {
    const auto f = makeTestFunction("quadratic");
    Matrix h;
    f->computeHessian(point(0.0, 0.0), h);
    Eigen::SelfAdjointEigenSolver<Matrix> eig(h);
    EXPECT_NEAR(eig.eigenvalues()[1], 100.0, 1e-10);
    const double c = std::cos(std::numbers::pi / 6.0), s = std::sin(std::numbers::pi / 6.0);
    EXPECT_TRUE(closeRelative(h * point(c, s), point(c, s), 1e-12));
}

// det H = 80000(x² − y) + 400 and H_xx > 0 there, so H ≻ 0 ⇔ y < x² + 0.005.
TEST(Rosenbrock, HessianPositiveDefiniteExactlyBelowTheParabola) {
    const auto f = makeTestFunction("rosenbrock");
    auto rng = seededEngine(42);
    std::uniform_real_distribution<double> ux(-2.0, 2.0), logGap(-6.0, 0.0);
    std::bernoulli_distribution below(0.5);
    int countBelow = 0, countAbove = 0;
    for (int k = 0; k < 400; ++k) {
        const double x = ux(rng);
        const double gap = std::pow(10.0, logGap(rng)); // distance from the boundary, 1e-6 .. 1
        const bool isBelow = below(rng);
        const double y = x * x + 0.005 + (isBelow ? -gap : gap);
        Matrix h;
        f->computeHessian(point(x, y), h);
        const double lambdaMin = Eigen::SelfAdjointEigenSolver<Matrix>(h).eigenvalues()[0];
        EXPECT_EQ(lambdaMin > 0.0, isBelow) << "at (" << x << ", " << y << "), λmin " << lambdaMin;
        (isBelow ? countBelow : countAbove)++;
    }
    EXPECT_GT(countBelow, 100);
    EXPECT_GT(countAbove, 100);
}

// Ackley's cone apex: no NaN; ∇f(0) = 0; the Hessian there is the smooth term's, 2π²e·I.
TEST(Ackley, OriginIsFiniteWithZeroGradient) {
    const auto f = makeTestFunction("ackley");
    Vector g;
    EXPECT_NEAR(f->computeValueAndGradient(point(0.0, 0.0), g), 0.0, 1e-14);
    EXPECT_EQ(g, point(0.0, 0.0));
    Matrix h;
    ASSERT_TRUE(f->computeHessian(point(0.0, 0.0), h));
    const double expected = 2.0 * std::numbers::pi * std::numbers::pi * std::numbers::e;
    EXPECT_TRUE(closeRelative(h, expected * Matrix::Identity(2, 2), 1e-14));
    // Tiny and subnormal radii: large but finite derivatives.
    for (double r : {1e-8, 1e-300, 4.9e-324}) {
        f->computeValueAndGradient(point(r, 0.0), g);
        EXPECT_TRUE(g.allFinite()) << r;
        f->computeHessian(point(r, -r), h);
        EXPECT_TRUE(h.allFinite()) << r;
    }
}

// Eggholder on its cusp lines u = x/2 + y + 47 = 0 and v = x − y − 47 = 0: finite everywhere.
TEST(Eggholder, CuspLinesAreFinite) {
    const auto f = makeTestFunction("eggholder");
    for (const Vector& p : {point(0.0, -47.0), point(100.0, -97.0), point(100.0, 53.0)}) {
        Vector g;
        Matrix h;
        EXPECT_TRUE(std::isfinite(f->computeValueAndGradient(p, g)));
        EXPECT_TRUE(g.allFinite()) << p.transpose();
        f->computeHessian(p, h);
        EXPECT_TRUE(h.allFinite()) << p.transpose();
    }
}

} // namespace
} // namespace cs
