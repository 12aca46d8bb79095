// Cost of one optimizer step on Rosenbrock, bare and inside the run loop (which also records the
// trajectory and checks the stopping rules). The 512 × 512 grid is in contour_bench.
#include "core/adam.h"
#include "core/conjugate_gradient.h"
#include "core/gradient_descent.h"
#include "core/lbfgs.h"
#include "core/newton.h"
#include "core/run.h"
#include "core/test_function.h"

#include <benchmark/benchmark.h>

#include <memory>

namespace {

// Adam with a small rate never converges on Rosenbrock within a benchmark's steps, so every
// iteration is an ordinary step.
void BM_AdamStep(benchmark::State& state) {
    auto f = cs::makeTestFunction("rosenbrock");
    cs::AdamOptions options;
    options.lr = 1e-4;
    cs::Adam adam(options);
    adam.reset(*f, f->start());
    for (auto _ : state)
        benchmark::DoNotOptimize(adam.step());
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AdamStep);

void BM_GradientDescentStep(benchmark::State& state) {
    auto f = cs::makeTestFunction("rosenbrock");
    cs::GradientDescentOptions options;
    options.lr = 1e-4;
    cs::GradientDescent gd(options);
    gd.reset(*f, f->start());
    for (auto _ : state)
        benchmark::DoNotOptimize(gd.step());
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_GradientDescentStep);

// Line-search methods converge in tens of steps, so a benchmark iteration is a whole run from
// the customary start to ‖g‖ < 1e-10; the per-step cost is reported as a counter.
template <typename Method>
void runToConvergence(benchmark::State& state) {
    auto f = cs::makeTestFunction("rosenbrock");
    long steps = 0;
    long evaluations = 0;
    for (auto _ : state) {
        Method method;
        method.reset(*f, f->start());
        long k = 0;
        for (; k < 10000 && method.gradient().norm() > 1e-10; ++k)
            benchmark::DoNotOptimize(method.step());
        steps += k;
        evaluations += f->evaluations();
        f->resetCounters();
    }
    state.counters["steps_per_run"] = static_cast<double>(steps) / state.iterations();
    state.counters["ns_per_step"] = benchmark::Counter(
        static_cast<double>(steps), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
    state.counters["evals_per_run"] = static_cast<double>(evaluations) / state.iterations();
}

void BM_LbfgsRun(benchmark::State& state) { runToConvergence<cs::Lbfgs>(state); }
BENCHMARK(BM_LbfgsRun);
void BM_NewtonRun(benchmark::State& state) { runToConvergence<cs::Newton>(state); }
BENCHMARK(BM_NewtonRun);
void BM_ConjugateGradientRun(benchmark::State& state) {
    runToConvergence<cs::ConjugateGradient>(state);
}
BENCHMARK(BM_ConjugateGradientRun);

// One Run::advance(): the step plus recording and stop checks. Restarts the run when it ends.
void BM_AdamInRunLoop(benchmark::State& state) {
    auto f = cs::makeTestFunction("rosenbrock");
    cs::AdamOptions options;
    options.lr = 1e-4;
    cs::Adam adam(options);
    cs::StopOptions stop;
    stop.maxSteps = 1'000'000;
    auto run = std::make_unique<cs::Run>(*f, adam, f->start(), stop);
    for (auto _ : state) {
        if (!run->advance()) {
            state.PauseTiming();
            run = std::make_unique<cs::Run>(*f, adam, f->start(), stop);
            state.ResumeTiming();
        }
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AdamInRunLoop);

} // namespace
