#include "core/decimate.h"

#include "core/test_tools.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

namespace cs {
namespace {

std::vector<SeriesPoint> randomWalk(std::size_t n, unsigned seed) {
    auto engine = testing::seededEngine(seed);
    std::normal_distribution<double> noise(0.0, 1.0);
    std::vector<SeriesPoint> points(n);
    double y = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        y += noise(engine);
        points[i] = {double(i), y};
    }
    return points;
}

bool sortedByX(const std::vector<SeriesPoint>& points) {
    return std::is_sorted(points.begin(), points.end(),
                          [](const SeriesPoint& a, const SeriesPoint& b) { return a.x < b.x; });
}

bool contains(const std::vector<SeriesPoint>& points, const SeriesPoint& p) {
    return std::any_of(points.begin(), points.end(),
                       [&](const SeriesPoint& q) { return q.x == p.x && q.y == p.y; });
}

TEST(DecimateMinMax, EmptyInputGivesEmptyOutput) {
    std::vector<SeriesPoint> out{{1, 2}};
    decimateMinMax({}, 100, out);
    EXPECT_TRUE(out.empty());
}

TEST(DecimateMinMax, OutputSizeIsBoundedAndSorted) {
    const auto points = randomWalk(100000, 7);
    std::vector<SeriesPoint> out;
    for (std::size_t columns : {1u, 10u, 640u, 5000u}) {
        decimateMinMax(points, columns, out);
        EXPECT_LE(out.size(), 2 * columns + 2) << columns;
        EXPECT_GE(out.size(), std::min<std::size_t>(columns, 2)) << columns;
        EXPECT_TRUE(sortedByX(out)) << columns;
    }
}

TEST(DecimateMinMax, KeepsFirstLastAndGlobalExtremes) {
    auto points = randomWalk(50000, 11);
    points[12345].y = 1e6;  // a spike
    points[40000].y = -1e6; // and a dip
    std::vector<SeriesPoint> out;
    decimateMinMax(points, 300, out);
    EXPECT_TRUE(contains(out, points.front()));
    EXPECT_TRUE(contains(out, points.back()));
    EXPECT_TRUE(contains(out, points[12345]));
    EXPECT_TRUE(contains(out, points[40000]));
}

TEST(DecimateMinMax, KeepsEveryColumnsExtremes) {
    const auto points = randomWalk(10000, 3);
    const std::size_t columns = 50; // 200 points per column: x in [0, 9999]
    std::vector<SeriesPoint> out;
    decimateMinMax(points, columns, out);
    const double width = (points.back().x - points.front().x) / double(columns);
    for (std::size_t c = 0; c < columns; ++c) {
        double lo = INFINITY, hi = -INFINITY;
        for (const auto& p : points) {
            const auto pc = std::min<std::size_t>(columns - 1, std::size_t(p.x / width));
            if (pc == c) {
                lo = std::min(lo, p.y);
                hi = std::max(hi, p.y);
            }
        }
        bool foundLo = false, foundHi = false;
        for (const auto& p : out) {
            foundLo = foundLo || p.y == lo;
            foundHi = foundHi || p.y == hi;
        }
        EXPECT_TRUE(foundLo && foundHi) << "column " << c;
    }
}

TEST(DecimateMinMax, ShortSeriesIsKeptWhole) {
    const auto points = randomWalk(20, 5);
    std::vector<SeriesPoint> out;
    decimateMinMax(points, 640, out);
    ASSERT_EQ(out.size(), points.size());
    for (std::size_t i = 0; i < out.size(); ++i)
        EXPECT_EQ(out[i].y, points[i].y);
}

TEST(DecimateMinMax, SkipsNaN) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const std::vector<SeriesPoint> points = {{0, nan}, {1, 2}, {2, nan}, {3, 5}, {4, nan}};
    std::vector<SeriesPoint> out;
    decimateMinMax(points, 10, out);
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(out[0].x, 1);
    EXPECT_EQ(out[1].x, 3);
    decimateMinMax({{0, nan}, {1, nan}}, 10, out);
    EXPECT_TRUE(out.empty());
}

TEST(DecimateMinMax, ZeroColumnsKeepsEnds) {
    const auto points = randomWalk(100, 2);
    std::vector<SeriesPoint> out;
    decimateMinMax(points, 0, out);
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(out.front().x, 0);
    EXPECT_EQ(out.back().x, 99);
}

TEST(StreamingMinMax, StaysWithinCapacityAndKeepsExtremes) {
    StreamingMinMax s(256);
    const auto points = randomWalk(1000000, 13);
    double lo = INFINITY, hi = -INFINITY;
    for (const auto& p : points) {
        s.append(p.x, p.y);
        lo = std::min(lo, p.y);
        hi = std::max(hi, p.y);
        ASSERT_LE(s.bucketCount(), s.capacity());
    }
    EXPECT_EQ(s.minY(), lo);
    EXPECT_EQ(s.maxY(), hi);
    std::vector<SeriesPoint> out;
    s.points(out);
    EXPECT_LE(out.size(), 2 * s.capacity() + 2);
    EXPECT_TRUE(sortedByX(out));
    EXPECT_TRUE(contains(out, points.front()));
    EXPECT_TRUE(contains(out, points.back()));
    EXPECT_TRUE(std::any_of(out.begin(), out.end(), [&](auto& p) { return p.y == lo; }));
    EXPECT_TRUE(std::any_of(out.begin(), out.end(), [&](auto& p) { return p.y == hi; }));
    EXPECT_GT(s.bucketWidth(), 1.0);
}

TEST(StreamingMinMax, ShortSeriesIsExact) {
    StreamingMinMax s(64);
    const auto points = randomWalk(50, 17);
    for (const auto& p : points)
        s.append(p.x, p.y);
    EXPECT_EQ(s.bucketWidth(), 1.0);
    std::vector<SeriesPoint> out;
    s.points(out);
    ASSERT_EQ(out.size(), points.size());
    for (std::size_t i = 0; i < out.size(); ++i)
        EXPECT_EQ(out[i].y, points[i].y);
}

TEST(StreamingMinMax, EachBucketMatchesTheExactExtremes) {
    StreamingMinMax s(16);
    const auto points = randomWalk(1000, 19);
    for (const auto& p : points)
        s.append(p.x, p.y);
    // 1000 points in 16 buckets: the width doubled to 64.
    ASSERT_EQ(s.bucketWidth(), 64.0);
    std::vector<SeriesPoint> out;
    s.points(out);
    for (std::size_t b = 0; b * 64 < points.size(); ++b) {
        double lo = INFINITY, hi = -INFINITY;
        for (std::size_t i = b * 64; i < std::min(points.size(), (b + 1) * 64); ++i) {
            lo = std::min(lo, points[i].y);
            hi = std::max(hi, points[i].y);
        }
        EXPECT_TRUE(std::any_of(out.begin(), out.end(), [&](auto& p) { return p.y == lo; }))
            << "bucket " << b;
        EXPECT_TRUE(std::any_of(out.begin(), out.end(), [&](auto& p) { return p.y == hi; }))
            << "bucket " << b;
    }
}

TEST(StreamingMinMax, IgnoresNaNAndClears) {
    StreamingMinMax s(8);
    EXPECT_TRUE(std::isnan(s.minY()));
    s.append(0, std::numeric_limits<double>::quiet_NaN());
    EXPECT_TRUE(s.empty());
    s.append(1, 4.0);
    s.append(2, std::numeric_limits<double>::quiet_NaN());
    s.append(3, -1.0);
    EXPECT_EQ(s.minY(), -1.0);
    EXPECT_EQ(s.maxY(), 4.0);
    EXPECT_EQ(s.last().x, 3.0);
    s.clear();
    EXPECT_TRUE(s.empty());
    std::vector<SeriesPoint> out;
    s.points(out);
    EXPECT_TRUE(out.empty());
}

} // namespace
} // namespace cs
