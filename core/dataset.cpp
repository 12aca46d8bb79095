#include "core/dataset.h"

#include "core/seeded_random.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace cs {

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr int kMinPoints = 4;
constexpr int kMaxPoints = 1000000;
constexpr double kMaxNoise = 100.0;
// xor: points keep this distance from the axes before noise, so the classes have a margin.
constexpr double kXorMargin = 0.1;
// circles: radius of the inner circle (the outer one has radius 1), as scikit-learn's factor.
constexpr double kCirclesFactor = 0.5;
// spirals: turns of each arm, and the smallest radius (the centre is ambiguous).
constexpr double kSpiralTurns = 1.5;
constexpr double kSpiralInnerRadius = 0.1;

// t_j = a + (b − a)·j/(m − 1), j = 0..m−1 (numpy.linspace with endpoint).
double linspace(double a, double b, int j, int m) {
    return m <= 1 ? a : a + (b - a) * double(j) / double(m - 1);
}

struct Builder {
    Builder(std::string name, int dimension, int n, bool classification)
        : data{std::move(name), Matrix(dimension, n), Eigen::RowVectorXd(n), classification} {}

    void set(int i, double x, double y, double label) {
        data.inputs(0, i) = x;
        data.inputs(1, i) = y;
        data.targets[i] = label;
    }

    // A seeded Fisher–Yates shuffle of the columns, so that the classes are interleaved.
    Dataset shuffled(SeededRandom& rng) {
        const Eigen::Index n = data.size();
        for (Eigen::Index i = n - 1; i > 0; --i) {
            const auto j = static_cast<Eigen::Index>(rng.below(std::uint64_t(i) + 1));
            data.inputs.col(i).swap(data.inputs.col(j));
            std::swap(data.targets[i], data.targets[j]);
        }
        return std::move(data);
    }

    Dataset data;
};

// Four quadrant squares [0.1, 1]² mirrored; label 1 where the signs of x and y differ.
Dataset makeXor(int n, double noise, SeededRandom& rng) {
    Builder b("xor", 2, n, true);
    for (int i = 0; i < n; ++i) {
        const double sx = (i % 2 == 0) ? 1.0 : -1.0;
        const double sy = ((i / 2) % 2 == 0) ? 1.0 : -1.0;
        const double x = sx * rng.uniform(kXorMargin, 1.0) + noise * rng.normal();
        const double y = sy * rng.uniform(kXorMargin, 1.0) + noise * rng.normal();
        b.set(i, x, y, sx != sy ? 1.0 : 0.0);
    }
    return b.shuffled(rng);
}

// scikit-learn's make_moons: outer (cos t, sin t), label 0; inner (1 − cos t, ½ − sin t),
// label 1; t evenly spaced in [0, π].
Dataset makeMoons(int n, double noise, SeededRandom& rng) {
    Builder b("moons", 2, n, true);
    const int outer = n / 2, inner = n - outer;
    for (int j = 0; j < outer; ++j) {
        const double t = linspace(0.0, kPi, j, outer);
        b.set(j, std::cos(t) + noise * rng.normal(), std::sin(t) + noise * rng.normal(), 0.0);
    }
    for (int j = 0; j < inner; ++j) {
        const double t = linspace(0.0, kPi, j, inner);
        b.set(outer + j, 1.0 - std::cos(t) + noise * rng.normal(),
              0.5 - std::sin(t) + noise * rng.normal(), 1.0);
    }
    return b.shuffled(rng);
}

// scikit-learn's make_circles: radius 1 (label 0) and 0.5 (label 1), evenly spaced angles.
Dataset makeCircles(int n, double noise, SeededRandom& rng) {
    Builder b("circles", 2, n, true);
    const int outer = n / 2, inner = n - outer;
    for (int j = 0; j < outer; ++j) {
        const double t = 2.0 * kPi * double(j) / double(outer);
        b.set(j, std::cos(t) + noise * rng.normal(), std::sin(t) + noise * rng.normal(), 0.0);
    }
    for (int j = 0; j < inner; ++j) {
        const double t = 2.0 * kPi * double(j) / double(inner);
        b.set(outer + j, kCirclesFactor * std::cos(t) + noise * rng.normal(),
              kCirclesFactor * std::sin(t) + noise * rng.normal(), 1.0);
    }
    return b.shuffled(rng);
}

// Two interleaved arms: r = t, θ = 2π·turns·t + cπ for class c, t evenly spaced in [0.1, 1].
Dataset makeSpirals(int n, double noise, SeededRandom& rng) {
    Builder b("spirals", 2, n, true);
    const int first = n / 2;
    for (int i = 0; i < n; ++i) {
        const int c = i < first ? 0 : 1;
        const int j = c == 0 ? i : i - first;
        const int m = c == 0 ? first : n - first;
        const double t = linspace(kSpiralInnerRadius, 1.0, j, m);
        const double theta = 2.0 * kPi * kSpiralTurns * t + c * kPi;
        b.set(i, t * std::cos(theta) + noise * rng.normal(),
              t * std::sin(theta) + noise * rng.normal(), double(c));
    }
    return b.shuffled(rng);
}

// Two isotropic Gaussian blobs of standard deviation `noise` at (−1, −1) (label 0) and (1, 1).
Dataset makeBlobs(int n, double noise, SeededRandom& rng) {
    Builder b("blobs", 2, n, true);
    for (int i = 0; i < n; ++i) {
        const double c = (i % 2 == 0) ? 0.0 : 1.0;
        const double centre = 2.0 * c - 1.0;
        b.set(i, centre + noise * rng.normal(), centre + noise * rng.normal(), c);
    }
    return b.shuffled(rng);
}

// 1D regression: x ~ U[−π, π], y = sin x + noise·ε, sorted by x (handy for plotting a curve).
Dataset makeSine(int n, double noise, SeededRandom& rng) {
    std::vector<double> xs(static_cast<std::size_t>(n));
    for (auto& x : xs)
        x = rng.uniform(-kPi, kPi);
    std::sort(xs.begin(), xs.end());
    Dataset d{"sine", Matrix(1, n), Eigen::RowVectorXd(n), false};
    for (int i = 0; i < n; ++i) {
        d.inputs(0, i) = xs[static_cast<std::size_t>(i)];
        d.targets[i] = std::sin(xs[static_cast<std::size_t>(i)]) + noise * rng.normal();
    }
    return d;
}

// 1D, two classes: x ~ N(−1, noise²) (label 0) or N(+1, noise²) (label 1), alternating.
// With noise > 0 the classes overlap and a logistic fit has a finite minimiser.
Dataset makeThreshold(int n, double noise, SeededRandom& rng) {
    Dataset d{"threshold", Matrix(1, n), Eigen::RowVectorXd(n), true};
    for (int i = 0; i < n; ++i) {
        const double c = (i % 2 == 0) ? 0.0 : 1.0;
        d.inputs(0, i) = (2.0 * c - 1.0) + noise * rng.normal();
        d.targets[i] = c;
    }
    return d;
}

} // namespace

const std::vector<DatasetInfo>& datasetInfos() {
    static const std::vector<DatasetInfo> infos = {
        {"xor", "four quadrants of [-1, 1]², label 1 where sign(x) ≠ sign(y)", 2, true, 200, 0.05},
        {"moons", "two interleaving half circles (scikit-learn's make_moons)", 2, true, 200, 0.1},
        {"circles", "a circle of radius 0.5 inside one of radius 1 (make_circles)", 2, true, 200,
         0.05},
        {"spirals", "two interleaved spiral arms of 1.5 turns", 2, true, 200, 0.02},
        {"blobs", "two Gaussian blobs at (-1, -1) and (1, 1), noise = their std", 2, true, 200,
         0.5},
        {"sine", "1D regression: y = sin x + noise, x in [-π, π]", 1, false, 100, 0.1},
        {"threshold", "1D, two classes N(∓1, noise²): the one-neuron preset's data", 1, true, 100,
         1.0},
    };
    return infos;
}

const DatasetInfo* findDatasetInfo(const std::string& name) {
    for (const auto& info : datasetInfos())
        if (info.name == name)
            return &info;
    return nullptr;
}

std::vector<ParamSpec> datasetParams(const DatasetInfo& info) {
    return {
        {"n", double(info.defaultN), kMinPoints, kMaxPoints, false, false, true,
         "number of points"},
        {"noise", info.defaultNoise, 0.0, kMaxNoise, false, false, false,
         "standard deviation of the Gaussian noise"},
        {"seed", 0.0, 0.0, 4294967295.0, false, false, true,
         "seed of the points; default: the scene's seed"},
    };
}

Dataset makeDataset(const std::string& name, int n, double noise, unsigned seed) {
    const DatasetInfo* info = findDatasetInfo(name);
    if (!info) {
        std::string known;
        for (const auto& i : datasetInfos())
            known += (known.empty() ? "" : ", ") + i.name;
        throw ConfigError("name: unknown dataset '" + name + "' (known: " + known + ")");
    }
    if (n < kMinPoints || n > kMaxPoints)
        throw ConfigError("n: must be an integer in [" + std::to_string(kMinPoints) + ", " +
                          std::to_string(kMaxPoints) + "], got " + std::to_string(n));
    if (!std::isfinite(noise) || noise < 0.0)
        throw ConfigError("noise: must be >= 0, got " + formatNumber(noise));
    if (noise > kMaxNoise)
        throw ConfigError("noise: must be <= " + formatNumber(kMaxNoise) + ", got " +
                          formatNumber(noise));
    SeededRandom rng(seed);
    if (name == "xor")
        return makeXor(n, noise, rng);
    if (name == "moons")
        return makeMoons(n, noise, rng);
    if (name == "circles")
        return makeCircles(n, noise, rng);
    if (name == "spirals")
        return makeSpirals(n, noise, rng);
    if (name == "blobs")
        return makeBlobs(n, noise, rng);
    if (name == "sine")
        return makeSine(n, noise, rng);
    return makeThreshold(n, noise, rng);
}

} // namespace cs
