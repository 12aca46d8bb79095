#include "core/params.h"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <cmath>

namespace cs {
namespace {

const std::vector<ParamSpec> kSpecs = {
    {"lr", 0.01, 0.0, INFINITY, true, false, false, "step size"},
    {"beta", 0.9, 0.0, 1.0, false, true, false, "decay"},
    {"memory", 10, 1, 1000, false, false, true, "pairs kept"},
};

TEST(ParamSpec, RangeTextShowsOpenAndClosedEnds) {
    EXPECT_EQ(kSpecs[0].rangeText(), "(0, inf)");
    EXPECT_EQ(kSpecs[1].rangeText(), "[0, 1)");
    EXPECT_EQ(kSpecs[2].rangeText(), "integer in [1, 1000]");
}

TEST(ParamSpec, AcceptsOnlyValuesInRange) {
    EXPECT_FALSE(kSpecs[0].accepts(0.0));
    EXPECT_TRUE(kSpecs[0].accepts(1e-12));
    EXPECT_TRUE(kSpecs[1].accepts(0.0));
    EXPECT_FALSE(kSpecs[1].accepts(1.0));
    EXPECT_FALSE(kSpecs[2].accepts(2.5));
    EXPECT_FALSE(kSpecs[0].accepts(std::nan("")));
    EXPECT_FALSE(kSpecs[0].accepts(INFINITY));
}

TEST(ReadParams, FillsDefaultsForOmittedFields) {
    const ParamValues v = readParams(nlohmann::json{{"kind", "x"}, {"lr", 0.5}}, kSpecs, "opt");
    EXPECT_EQ(v.at("lr"), 0.5);
    EXPECT_EQ(v.at("beta"), 0.9);
    EXPECT_EQ(v.at("memory"), 10);
}

void expectError(const nlohmann::json& j, const std::string& start) {
    try {
        readParams(j, kSpecs, "opt");
        FAIL() << j.dump();
    } catch (const ConfigError& e) {
        EXPECT_EQ(std::string(e.what()).rfind(start, 0), 0u) << e.what();
    }
}

TEST(ReadParams, NamesTheBadField) {
    expectError({{"lr", -1}}, "opt.lr: must be (0, inf), got -1");
    expectError({{"lr", nullptr}}, "opt.lr: expected a number, got null");
    expectError({{"lr", "big"}}, "opt.lr: expected a number, got string");
    expectError({{"beta", 1}}, "opt.beta: must be [0, 1), got 1");
    expectError({{"memory", 2.5}}, "opt.memory: expected an integer");
    expectError({{"memory", 0}}, "opt.memory: must be integer in [1, 1000], got 0");
    expectError({{"lrate", 0.1}}, "opt.lrate: unknown field");
    expectError(nlohmann::json::array(), "opt: expected an object");
}

TEST(ReadParams, AcceptsAnIntegerWrittenAsAFloat) {
    EXPECT_EQ(readParams({{"memory", 5.0}}, kSpecs, "opt").at("memory"), 5);
}

TEST(WithDefaults, RejectsUnknownAndOutOfRange) {
    EXPECT_EQ(withDefaults(kSpecs, {{"lr", 0.1}}, "p").at("lr"), 0.1);
    EXPECT_THROW(withDefaults(kSpecs, {{"nope", 0.1}}, "p"), ConfigError);
    EXPECT_THROW(withDefaults(kSpecs, {{"beta", 2.0}}, "p"), ConfigError);
}

TEST(FormatNumber, RoundTrips) {
    EXPECT_EQ(formatNumber(0.1), "0.1");
    EXPECT_EQ(formatNumber(1e-8), "1e-08");
    EXPECT_EQ(std::stod(formatNumber(1.0 / 3.0)), 1.0 / 3.0);
}

} // namespace
} // namespace cs
