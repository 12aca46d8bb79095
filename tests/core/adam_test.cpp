#include "core/adam.h"
#include "core/adamw.h"
#include "core/optimizer_registry.h"
#include "core/test_function.h"
#include "test_tools.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <vector>

namespace cs {
namespace {

using testing::vec2;

using testing::expectConverges;
using testing::Tolerances;


// Kingma & Ba 2014, Alg. 1, written out coordinate by coordinate with std::pow for β^t, plus the
// decoupled decay of AdamW (PyTorch convention) when weightDecay > 0.
struct TextbookAdam {
    TextbookAdam(double alpha, double beta1, double beta2, double eps, double weightDecay = 0.0)
        : alpha(alpha), beta1(beta1), beta2(beta2), eps(eps), weightDecay(weightDecay) {}

    double alpha, beta1, beta2, eps, weightDecay;
    std::vector<double> m, v;
    int t = 0;

    void step(std::vector<double>& theta, const std::vector<double>& g) {
        if (m.empty()) {
            m.assign(theta.size(), 0.0);
            v.assign(theta.size(), 0.0);
        }
        t = t + 1;
        for (std::size_t i = 0; i < theta.size(); ++i) {
            m[i] = beta1 * m[i] + (1.0 - beta1) * g[i];
            v[i] = beta2 * v[i] + (1.0 - beta2) * g[i] * g[i];
            const double mHat = m[i] / (1.0 - std::pow(beta1, t));
            const double vHat = v[i] / (1.0 - std::pow(beta2, t));
            theta[i] = theta[i] - alpha * weightDecay * theta[i] -
                       alpha * mHat / (std::sqrt(vHat) + eps);
        }
    }
};

double replayMaxDifference(Optimizer& opt, Objective& objective, TextbookAdam reference,
                           int steps) {
    std::vector<double> theta = {-1.2, 1.0};
    opt.reset(objective, vec2(theta[0], theta[1]));
    double worst = 0.0;
    for (int k = 0; k < steps; ++k) {
        Vector g;
        objective.computeValueAndGradient(vec2(theta[0], theta[1]), g);
        reference.step(theta, {g[0], g[1]});
        const StepInfo info = opt.step();
        EXPECT_EQ(info.status, StepStatus::Ok);
        worst = std::max({worst, std::abs(opt.x()[0] - theta[0]), std::abs(opt.x()[1] - theta[1])});
    }
    return worst;
}

TEST(Adam, MatchesTextbookUpdateFor2000Steps) {
    auto rosenbrock = makeTestFunction("rosenbrock");
    for (double lr : {1e-3, 1e-2}) {
        AdamOptions o;
        o.lr = lr;
        Adam adam(o);
        const double worst = replayMaxDifference(adam, *rosenbrock,
                                                 TextbookAdam{lr, o.beta1, o.beta2, o.eps}, 2000);
        std::printf("[ measured ] adam lr=%g: max |x - x_textbook| over 2000 steps = %.3g\n", lr,
                    worst);
        EXPECT_LE(worst, 1e-12);
    }
}

TEST(Adam, AdamWMatchesTextbookUpdateWithDecoupledDecay) {
    auto rosenbrock = makeTestFunction("rosenbrock");
    AdamWOptions o;
    o.lr = 1e-2;
    o.weightDecay = 0.05;
    AdamW adamw(o);
    const double worst = replayMaxDifference(
        adamw, *rosenbrock, TextbookAdam{o.lr, o.beta1, o.beta2, o.eps, o.weightDecay}, 2000);
    EXPECT_LE(worst, 1e-12);
}

TEST(Adam, AdamWWithoutDecayIsAdam) {
    auto rosenbrock = makeTestFunction("rosenbrock");
    AdamOptions a;
    a.lr = 0.01;
    AdamWOptions w;
    w.lr = 0.01;
    w.weightDecay = 0.0;
    Adam adam(a);
    AdamW adamw(w);
    adam.reset(*rosenbrock, vec2(-1.2, 1.0));
    adamw.reset(*rosenbrock, vec2(-1.2, 1.0));
    for (int k = 0; k < 300; ++k) {
        adam.step();
        adamw.step();
        ASSERT_EQ(adam.x(), adamw.x()) << "step " << k;
    }
}

TEST(Adam, AdamWDecayPullsTowardsTheOrigin) {
    auto q = testing::makeConvexQuadratic(2, 10.0, 41);
    const Vector xStar = q.minimizer();
    AdamWOptions w;
    w.lr = 0.01;
    w.weightDecay = 1.0;
    AdamW adamw(w);
    StopOptions stop;
    stop.maxSteps = 20000;
    cs::Run run(q, adamw, vec2(3.0, -2.0), stop);
    const RunSummary s = run.runToEnd();
    EXPECT_LT(s.finalX.norm(), xStar.norm()) << s.finalX.transpose() << " vs " << xStar.transpose();
    EXPECT_LT((s.finalX - xStar).norm(), 0.1 * xStar.norm());
}

TEST(Adam, ConvergesOnConvexQuadraticAndRosenbrock) {
    AdamOptions o;
    o.lr = 0.01;
    auto q = testing::makeConvexQuadratic(2, 10.0, 42);
    Adam onQuadratic(o);
    Tolerances tol;
    tol.maxSteps = 50000;
    expectConverges(onQuadratic, q, vec2(3.0, -2.0), q.minimizer(), tol);
    auto rosenbrock = makeTestFunction("rosenbrock");
    Adam onRosenbrock(o);
    const RunSummary s =
        expectConverges(onRosenbrock, *rosenbrock, vec2(-1.2, 1.0), vec2(1.0, 1.0), tol);
    std::printf("[ measured ] adam lr=0.01 on Rosenbrock: %ld steps\n", s.steps);
}

TEST(Adam, ResetClearsMomentsAndStepCount) {
    auto rosenbrock = makeTestFunction("rosenbrock");
    Adam used, fresh;
    used.reset(*rosenbrock, vec2(0.0, 0.0));
    for (int k = 0; k < 10; ++k)
        used.step();
    EXPECT_EQ(used.t(), 10);
    used.reset(*rosenbrock, vec2(-1.2, 1.0));
    fresh.reset(*rosenbrock, vec2(-1.2, 1.0));
    EXPECT_EQ(used.t(), 0);
    for (int k = 0; k < 10; ++k) {
        used.step();
        fresh.step();
        ASSERT_EQ(used.x(), fresh.x());
    }
}

TEST(Adam, BadOptionsThrowConfigErrorNamingTheField) {
    for (const char* kind : {"adam", "adamw"}) {
        testing::expectOptimizerRejects({{"kind", kind}, {"lr", 0}}, "lr");
        testing::expectOptimizerRejects({{"kind", kind}, {"lr", -1e-3}}, "lr");
        testing::expectOptimizerRejects({{"kind", kind}, {"beta1", 1}}, "beta1");
        testing::expectOptimizerRejects({{"kind", kind}, {"beta1", -0.1}}, "beta1");
        testing::expectOptimizerRejects({{"kind", kind}, {"beta2", 1}}, "beta2");
        testing::expectOptimizerRejects({{"kind", kind}, {"beta2", 1.5}}, "beta2");
        testing::expectOptimizerRejects({{"kind", kind}, {"eps", 0}}, "eps");
    }
    testing::expectOptimizerRejects({{"kind", "adamw"}, {"weight_decay", -0.01}}, "weight_decay");
    // The options' own validate() names the field too (no path prefix there).
    AdamOptions o;
    o.beta2 = 1.0;
    try {
        Adam bad(o);
        ADD_FAILURE() << "beta2 = 1 accepted";
    } catch (const ConfigError& e) {
        EXPECT_EQ(std::string(e.what()).rfind("beta2:", 0), 0u) << e.what();
    }
    AdamWOptions w;
    w.weightDecay = -1.0;
    EXPECT_THROW(AdamW{w}, ConfigError);
}

TEST(Adam, NanObjectiveStopsWithNonFinite) {
    auto rosenbrock = makeTestFunction("rosenbrock");
    testing::NanRegionObjective objective(*rosenbrock, -1.1); // Adam moves right by ~lr a step
    AdamOptions o;
    o.lr = 0.01;
    Adam adam(o);
    cs::Run run(objective, adam, vec2(-1.2, 1.0), StopOptions{});
    const RunSummary s = run.runToEnd();
    EXPECT_EQ(s.status, Termination::Diverged) << s.report();
    EXPECT_GE(s.steps, 5);
    EXPECT_LE(s.finalX[0], -1.1);
    EXPECT_TRUE(std::isfinite(s.finalF));
}

} // namespace
} // namespace cs
