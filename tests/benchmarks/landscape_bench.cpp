// The loss of a network on a plane through parameter space (core/landscape.h): one nx × ny grid
// as the contour view asks for it, on 1 and 2 threads. Read the time per grid (ms) and
// items_per_second (grid nodes, i.e. network evaluations, per second).

#include "core/landscape.h"

#include <benchmark/benchmark.h>

#include <memory>

namespace {

constexpr unsigned kDataSeed = 3;
constexpr unsigned kInitSeed = 7;
constexpr unsigned kPlaneSeed = 1000010;

std::shared_ptr<cs::Mlp> makeNet(const std::string& layers, int points) {
    cs::MlpOptions o;
    o.layers = layers;
    return std::make_shared<cs::Mlp>(o, cs::makeDataset("moons", points, 0.1, kDataSeed));
}

// state.range(0): nodes per side; state.range(1): threads.
void planeGrid(benchmark::State& state, const std::string& layers, int points) {
    const auto net = makeNet(layers, points);
    const cs::LandscapePlane plane =
        cs::randomPlane(net->layerShapes(), net->initialPoint(kInitSeed), kPlaneSeed);
    const cs::PlaneObjective f(net, plane);
    const int n = static_cast<int>(state.range(0));
    cs::PlaneGridOptions options;
    options.threads = static_cast<int>(state.range(1));
    cs::ScalarGrid grid;
    for (auto _ : state)
        benchmark::DoNotOptimize(
            cs::evaluatePlaneGrid(f, {-1.0, 1.0, -1.0, 1.0}, n, n, grid, options));
    state.SetItemsProcessed(state.iterations() * n * n);
}

void BM_PlaneGridMoons400(benchmark::State& state) {
    planeGrid(state, "2-8-8-1", 400);
}
BENCHMARK(BM_PlaneGridMoons400)
    ->Args({100, 1})
    ->Args({100, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_PlaneGrid16x16Moons1000(benchmark::State& state) {
    planeGrid(state, "2-16-16-1", 1000);
}
BENCHMARK(BM_PlaneGrid16x16Moons1000)
    ->Args({100, 1})
    ->Args({100, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

} // namespace
