#include "core/dataset.h"

#include <gtest/gtest.h>

#include <cmath>

namespace cs {
namespace {

constexpr unsigned kSeed = 3;

TEST(Dataset, EveryDatasetHasTheDescribedShape) {
    for (const auto& info : datasetInfos()) {
        const Dataset d = makeDataset(info.name, 101, info.defaultNoise, kSeed);
        EXPECT_EQ(d.name, info.name);
        EXPECT_EQ(d.size(), 101) << info.name;
        EXPECT_EQ(d.inputDimension(), info.inputDimension) << info.name;
        EXPECT_EQ(d.targets.size(), 101) << info.name;
        EXPECT_EQ(d.isClassification, info.classification) << info.name;
        EXPECT_TRUE(d.inputs.allFinite() && d.targets.allFinite()) << info.name;
    }
}

TEST(Dataset, ClassificationSetsHaveBalancedZeroOneLabels) {
    for (const auto& info : datasetInfos()) {
        if (!info.classification)
            continue;
        const Dataset d = makeDataset(info.name, 200, info.defaultNoise, kSeed);
        const long ones = (d.targets.array() == 1.0).count();
        const long zeros = (d.targets.array() == 0.0).count();
        EXPECT_EQ(ones + zeros, 200) << info.name << ": labels must be 0 or 1";
        EXPECT_EQ(ones, 100) << info.name;
    }
}

TEST(Dataset, SameSeedGivesTheSamePoints) {
    for (const auto& info : datasetInfos()) {
        const Dataset a = makeDataset(info.name, 50, info.defaultNoise, kSeed);
        const Dataset b = makeDataset(info.name, 50, info.defaultNoise, kSeed);
        EXPECT_EQ(a.inputs, b.inputs) << info.name;
        EXPECT_EQ(a.targets, b.targets) << info.name;
    }
}

TEST(Dataset, DifferentSeedsGiveDifferentPoints) {
    for (const auto& info : datasetInfos()) {
        const Dataset a = makeDataset(info.name, 50, info.defaultNoise, kSeed);
        const Dataset b = makeDataset(info.name, 50, info.defaultNoise, kSeed + 1);
        EXPECT_GT((a.inputs - b.inputs).cwiseAbs().maxCoeff(), 1e-3) << info.name;
    }
}

TEST(Dataset, NoiselessMoonsLieOnTheirHalfCircles) {
    const Dataset d = makeDataset("moons", 100, 0.0, kSeed);
    for (Eigen::Index i = 0; i < d.size(); ++i) {
        const double x = d.inputs(0, i), y = d.inputs(1, i);
        if (d.targets[i] == 0.0) {
            EXPECT_NEAR(std::hypot(x, y), 1.0, 1e-12); // (cos t, sin t)
            EXPECT_GE(y, -1e-12);
        } else {
            EXPECT_NEAR(std::hypot(x - 1.0, y - 0.5), 1.0, 1e-12); // (1 − cos t, ½ − sin t)
            EXPECT_LE(y, 0.5 + 1e-12);
        }
    }
}

TEST(Dataset, NoiselessCirclesHaveRadiiOneAndOneHalf) {
    const Dataset d = makeDataset("circles", 60, 0.0, kSeed);
    for (Eigen::Index i = 0; i < d.size(); ++i)
        EXPECT_NEAR(d.inputs.col(i).norm(), d.targets[i] == 0.0 ? 1.0 : 0.5, 1e-12);
}

TEST(Dataset, NoiselessXorLabelsFollowTheQuadrants) {
    const Dataset d = makeDataset("xor", 200, 0.0, kSeed);
    for (Eigen::Index i = 0; i < d.size(); ++i) {
        const double x = d.inputs(0, i), y = d.inputs(1, i);
        EXPECT_GE(std::abs(x), 0.1 - 1e-12);
        EXPECT_GE(std::abs(y), 0.1 - 1e-12);
        EXPECT_LE(d.inputs.col(i).cwiseAbs().maxCoeff(), 1.0);
        EXPECT_EQ(d.targets[i], (x * y < 0.0) ? 1.0 : 0.0);
    }
}

TEST(Dataset, NoiselessSineIsTheSineCurve) {
    const Dataset d = makeDataset("sine", 80, 0.0, kSeed);
    for (Eigen::Index i = 0; i < d.size(); ++i) {
        EXPECT_DOUBLE_EQ(d.targets[i], std::sin(d.inputs(0, i)));
        EXPECT_LE(std::abs(d.inputs(0, i)), 3.14159265358979323846);
        if (i > 0) {
            EXPECT_LE(d.inputs(0, i - 1), d.inputs(0, i)) << "sine is sorted by x";
        }
    }
}

TEST(Dataset, NoiseSpreadsThePoints) {
    // Threshold: class 1 is N(1, σ²); its sample standard deviation should be near σ.
    const Dataset d = makeDataset("threshold", 4000, 0.5, kSeed);
    const Eigen::ArrayXd x = d.inputs.row(0).transpose().array();
    const Eigen::ArrayXd ones = (d.targets.transpose().array() == 1.0).cast<double>();
    const double mean = (x * ones).sum() / ones.sum();
    const double var = ((x - mean).square() * ones).sum() / (ones.sum() - 1.0);
    EXPECT_NEAR(mean, 1.0, 0.05);
    EXPECT_NEAR(std::sqrt(var), 0.5, 0.03);
}

TEST(Dataset, UnknownNameIsAConfigErrorListingTheKnownOnes) {
    try {
        makeDataset("spiral", 100, 0.1, kSeed);
        FAIL() << "expected a ConfigError";
    } catch (const ConfigError& e) {
        const std::string what = e.what();
        EXPECT_EQ(what.rfind("name: unknown dataset 'spiral'", 0), 0u) << what;
        EXPECT_NE(what.find("spirals"), std::string::npos) << what;
    }
}

TEST(Dataset, BadSizeOrNoiseIsAConfigErrorNamingTheField) {
    EXPECT_THROW(makeDataset("moons", 3, 0.1, kSeed), ConfigError);
    EXPECT_THROW(makeDataset("moons", 2000000, 0.1, kSeed), ConfigError);
    try {
        makeDataset("moons", 100, -0.5, kSeed);
        FAIL() << "expected a ConfigError";
    } catch (const ConfigError& e) {
        EXPECT_EQ(std::string(e.what()), "noise: must be >= 0, got -0.5");
    }
    EXPECT_THROW(makeDataset("moons", 100, NAN, kSeed), ConfigError);
    EXPECT_THROW(makeDataset("moons", 100, INFINITY, kSeed), ConfigError);
}

TEST(Dataset, ParamsCarryTheDatasetDefaults) {
    const DatasetInfo* info = findDatasetInfo("circles");
    ASSERT_NE(info, nullptr);
    const auto specs = datasetParams(*info);
    ASSERT_EQ(specs.size(), 3u);
    EXPECT_EQ(specs[0].name, "n");
    EXPECT_EQ(specs[0].defaultValue, info->defaultN);
    EXPECT_EQ(specs[1].name, "noise");
    EXPECT_EQ(specs[1].defaultValue, info->defaultNoise);
    EXPECT_FALSE(specs[1].accepts(-1.0));
    EXPECT_EQ(findDatasetInfo("nope"), nullptr);
}

} // namespace
} // namespace cs
