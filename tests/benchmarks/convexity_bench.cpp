// Cost of the convexity monitor per step (all five signals and scores), against the window
// size, and of a switching step against a plain Adam step on Rosenbrock.

#include "core/adam.h"
#include "core/convexity.h"
#include "core/lbfgs.h"
#include "core/switching.h"
#include "core/test_function.h"

#include <benchmark/benchmark.h>

namespace {

void BM_MonitorObserve(benchmark::State& state) {
    auto f = cs::makeTestFunction("rosenbrock");
    cs::CriterionOptions options;
    options.window = static_cast<int>(state.range(0));
    cs::ConvexityMonitor monitor(options);
    monitor.reset(f.get());
    cs::Vector x = f->start(), g;
    for (auto _ : state) {
        const double fx = f->computeValueAndGradient(x, g);
        monitor.observe(x, fx, g);
        x -= 1e-4 * g;
        benchmark::DoNotOptimize(monitor.score());
    }
}
BENCHMARK(BM_MonitorObserve)->Arg(10)->Arg(100)->Arg(1000);

void BM_SwitchingPhase1Step(benchmark::State& state) {
    auto f = cs::makeTestFunction("rosenbrock");
    cs::AdamOptions adam;
    adam.lr = 1e-4;
    cs::SwitchingOptions options;
    options.minSteps = 1L << 40; // stay in phase 1
    cs::SwitchingOptimizer sw(std::make_unique<cs::Adam>(adam), std::make_unique<cs::Lbfgs>(),
                              options);
    sw.reset(*f, f->start());
    for (auto _ : state)
        benchmark::DoNotOptimize(sw.step());
}
BENCHMARK(BM_SwitchingPhase1Step);

} // namespace
