// The contour grid without Qt: sampling f and λ_min, marching squares, level choice.
#include "core/contour.h"
#include "core/test_function.h"

#include <benchmark/benchmark.h>

#include <memory>
#include <string>
#include <thread>

namespace {

constexpr int kNodes = 512;

const char* functionName(int index) {
    static const char* names[] = {"rosenbrock", "ackley"};
    return names[index];
}

// f at 512 × 512 nodes over the function's domain; state.range(0) picks the function,
// state.range(1) the number of sampling threads.
void BM_SampleValues(benchmark::State& state) {
    const auto f = cs::makeTestFunction(functionName(static_cast<int>(state.range(0))));
    cs::ScalarGrid grid(f->domain(), kNodes, kNodes);
    cs::SampleOptions options;
    options.threads = static_cast<int>(state.range(1));
    for (auto _ : state) {
        cs::sampleGrid(*f, cs::GridQuantity::Value, grid, options);
        benchmark::DoNotOptimize(grid.values.data());
    }
    state.SetLabel(functionName(static_cast<int>(state.range(0))));
    state.SetItemsProcessed(state.iterations() * kNodes * kNodes);
}
BENCHMARK(BM_SampleValues)
    ->ArgsProduct({{0, 1}, {1, 2}})
    ->ArgNames({"fn", "threads"})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_SampleMinEigenvalue(benchmark::State& state) {
    const auto f = cs::makeTestFunction(functionName(static_cast<int>(state.range(0))));
    cs::ScalarGrid grid(f->domain(), kNodes, kNodes);
    for (auto _ : state) {
        cs::sampleGrid(*f, cs::GridQuantity::MinEigenvalue, grid);
        benchmark::DoNotOptimize(grid.values.data());
    }
    state.SetLabel(functionName(static_cast<int>(state.range(0))));
    state.SetItemsProcessed(state.iterations() * kNodes * kNodes);
}
BENCHMARK(BM_SampleMinEigenvalue)->Arg(0)->Arg(1)->ArgName("fn")->Unit(benchmark::kMillisecond);

// 24 log-spaced levels of the 512 × 512 field.
void BM_IsoLines(benchmark::State& state) {
    const auto f = cs::makeTestFunction(functionName(static_cast<int>(state.range(0))));
    cs::ScalarGrid grid(f->domain(), kNodes, kNodes);
    cs::sampleGrid(*f, cs::GridQuantity::Value, grid);
    const cs::LogScale scale = cs::fitLogScale(grid, f->minimumValue());
    const auto levels = cs::logSpacedLevels(scale, 24);
    std::size_t points = 0;
    for (auto _ : state) {
        const auto lines = cs::isoLines(grid, levels);
        points = 0;
        for (const auto& line : lines)
            points += line.points.size();
        benchmark::DoNotOptimize(points);
    }
    state.SetLabel(functionName(static_cast<int>(state.range(0))));
    state.counters["points"] = static_cast<double>(points);
}
BENCHMARK(BM_IsoLines)->Arg(0)->Arg(1)->ArgName("fn")->Unit(benchmark::kMillisecond);

} // namespace
