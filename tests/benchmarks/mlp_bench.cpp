// Full-batch evaluations of a small network's loss: the target is ≥ 5,000 value-and-
// gradient evaluations per second for 2-16-16-1 tanh bce on 1,000 moons points, on one core.
// Read items_per_second; the label says which build of the kernels ran (core/mlp_kernels.h).

#include "core/mlp.h"
#include "core/mlp_kernels.h"

#include <benchmark/benchmark.h>

namespace {

constexpr int kPoints = 1000;
constexpr unsigned kDataSeed = 3;
constexpr unsigned kInitSeed = 7;

cs::Mlp makeNet(const std::string& activation, int batchSize = 0) {
    cs::MlpOptions o;
    o.layers = "2-16-16-1";
    o.activation = activation;
    o.loss = "bce";
    o.batchSize = batchSize;
    return cs::Mlp(o, cs::makeDataset("moons", kPoints, 0.1, kDataSeed));
}

void BM_MlpValueAndGradient(benchmark::State& state, const std::string& activation) {
    const cs::Mlp net = makeNet(activation);
    const cs::Vector x = net.initialPoint(kInitSeed);
    cs::Vector g;
    for (auto _ : state)
        benchmark::DoNotOptimize(net.computeValueAndGradient(x, g));
    state.SetItemsProcessed(state.iterations());
    state.SetLabel(cs::mlp_kernels::instructionSet()); // which build of the kernels ran
}
BENCHMARK_CAPTURE(BM_MlpValueAndGradient, tanh, std::string("tanh"));
BENCHMARK_CAPTURE(BM_MlpValueAndGradient, relu, std::string("relu"));

void BM_MlpValue(benchmark::State& state) {
    const cs::Mlp net = makeNet("tanh");
    const cs::Vector x = net.initialPoint(kInitSeed);
    for (auto _ : state)
        benchmark::DoNotOptimize(net.computeValue(x));
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_MlpValue);

// The exact R-operator product: about twice a gradient's work.
void BM_MlpHessianVector(benchmark::State& state) {
    const cs::Mlp net = makeNet("tanh");
    const cs::Vector x = net.initialPoint(kInitSeed);
    const cs::Vector v = net.initialPoint(kInitSeed + 1);
    for (auto _ : state)
        benchmark::DoNotOptimize(net.computeHessianVector(x, v));
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_MlpHessianVector);

// A sampled mini-batch of 32 points: gathering plus a small pass.
void BM_MlpMiniBatch32(benchmark::State& state) {
    cs::Mlp net = makeNet("tanh", 32);
    const cs::Vector x = net.initialPoint(kInitSeed);
    cs::Vector g;
    for (auto _ : state)
        benchmark::DoNotOptimize(net.computeValueAndGradient(x, g));
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_MlpMiniBatch32);

} // namespace
