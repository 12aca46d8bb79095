#pragma once

#include <cstddef>
#include <vector>

namespace cs {

// Decimation for drawing long series: a chart of a million steps is drawn from about two
// points per pixel column. Min-max decimation keeps each column's lowest and highest value, so
// spikes and the envelope survive (unlike plain subsampling, which drops them).

struct SeriesPoint {
    double x = 0.0;
    double y = 0.0;
};

// Min-max decimation of points sorted by x into `columns` equal-width x intervals over
// [points.front().x, points.back().x]: each interval keeps its minimum and maximum point, in x
// order; the first and last points are always kept. Points whose y is NaN are skipped.
// Output: at most 2·columns + 2 points, sorted by x. `out` is cleared first (its capacity is
// reused, so a caller that keeps `out` allocates nothing per frame). columns == 0 keeps only
// the first and last points.
void decimateMinMax(const std::vector<SeriesPoint>& points, std::size_t columns,
                    std::vector<SeriesPoint>& out);

// A bounded summary of a series that grows one point at a time, in increasing x (a run's step
// index): at most `capacity` buckets, each covering `width` consecutive x values and holding
// the bucket's minimum and maximum point. When the buckets are full, neighbours merge in pairs
// and the width doubles, so memory stays O(capacity) for any length while every extreme and
// the first and last points survive. Appending is amortised O(1).
class StreamingMinMax {
public:
    // capacity >= 2 buckets (rounded up to an even number).
    explicit StreamingMinMax(std::size_t capacity = 4096);

    // x must not decrease; a point whose y is NaN is ignored.
    void append(double x, double y);
    void clear();

    bool empty() const { return m_buckets.empty(); }
    std::size_t bucketCount() const { return m_buckets.size(); }
    std::size_t capacity() const { return m_capacity; }
    double bucketWidth() const { return m_width; }
    // Smallest and largest y seen (NaN when empty).
    double minY() const;
    double maxY() const;
    // The last finite point appended.
    SeriesPoint last() const { return m_last; }

    // The summary as points sorted by x: per bucket its min and max point (one point where
    // they coincide), plus the first and last points. Cleared first; at most 2·capacity + 2.
    void points(std::vector<SeriesPoint>& out) const;

private:
    struct Bucket {
        SeriesPoint min;
        SeriesPoint max;
        bool filled = false;
    };
    void mergePairs();

    std::size_t m_capacity;
    double m_width = 1.0; // x span of a bucket
    double m_x0 = 0.0;    // x of the first point
    std::vector<Bucket> m_buckets;
    SeriesPoint m_first;
    SeriesPoint m_last;
};

} // namespace cs
