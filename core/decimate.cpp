#include "core/decimate.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace cs {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool samePoint(const SeriesPoint& a, const SeriesPoint& b) {
    return a.x == b.x && a.y == b.y;
}

} // namespace

void decimateMinMax(const std::vector<SeriesPoint>& points, std::size_t columns,
                    std::vector<SeriesPoint>& out) {
    out.clear();
    std::size_t begin = 0;
    while (begin < points.size() && std::isnan(points[begin].y))
        ++begin;
    if (begin == points.size())
        return;
    std::size_t end = points.size();
    while (std::isnan(points[end - 1].y))
        --end;
    const SeriesPoint& first = points[begin];
    const SeriesPoint& last = points[end - 1];
    const double span = last.x - first.x;
    if (columns == 0 || !(span > 0.0)) {
        out.push_back(first);
        if (!samePoint(first, last))
            out.push_back(last);
        return;
    }
    out.push_back(first);
    // Column of x: ⌊(x − x_0)/(x_n − x_0) · columns⌋, the last point folded into the last column.
    const double scale = double(columns) / span;
    std::size_t column = 0;
    std::size_t minIndex = begin;
    std::size_t maxIndex = begin;
    auto flush = [&] {
        const SeriesPoint& lo = points[minIndex];
        const SeriesPoint& hi = points[maxIndex];
        const SeriesPoint& a = lo.x <= hi.x ? lo : hi;
        const SeriesPoint& b = lo.x <= hi.x ? hi : lo;
        if (!samePoint(a, out.back()))
            out.push_back(a);
        if (!samePoint(b, out.back()))
            out.push_back(b);
    };
    for (std::size_t i = begin; i < end; ++i) {
        const SeriesPoint& p = points[i];
        if (std::isnan(p.y))
            continue;
        const std::size_t c =
            std::min(columns - 1, static_cast<std::size_t>((p.x - first.x) * scale));
        if (c != column) {
            flush();
            column = c;
            minIndex = maxIndex = i;
            continue;
        }
        if (p.y < points[minIndex].y)
            minIndex = i;
        if (p.y > points[maxIndex].y)
            maxIndex = i;
    }
    flush();
    if (!samePoint(last, out.back()))
        out.push_back(last);
}

StreamingMinMax::StreamingMinMax(std::size_t capacity)
    : m_capacity(std::max<std::size_t>(2, capacity + (capacity % 2))) {
    m_buckets.reserve(m_capacity);
}

void StreamingMinMax::clear() {
    m_buckets.clear();
    m_width = 1.0;
    m_x0 = 0.0;
    m_first = {};
    m_last = {};
}

void StreamingMinMax::append(double x, double y) {
    if (std::isnan(y))
        return;
    const SeriesPoint p{x, y};
    if (m_buckets.empty()) {
        m_x0 = x;
        m_first = p;
    }
    m_last = p;
    auto index = static_cast<std::size_t>(std::max(0.0, (x - m_x0) / m_width));
    while (index >= m_capacity) {
        mergePairs();
        index = static_cast<std::size_t>(std::max(0.0, (x - m_x0) / m_width));
    }
    if (index >= m_buckets.size())
        m_buckets.resize(index + 1);
    Bucket& b = m_buckets[index];
    if (!b.filled) {
        b = {p, p, true};
        return;
    }
    if (y < b.min.y)
        b.min = p;
    if (y > b.max.y)
        b.max = p;
}

void StreamingMinMax::mergePairs() {
    // Bucket i of the coarser level covers buckets 2i and 2i+1 of the finer one.
    const std::size_t merged = (m_buckets.size() + 1) / 2;
    for (std::size_t i = 0; i < merged; ++i) {
        Bucket b = m_buckets[2 * i];
        if (2 * i + 1 < m_buckets.size()) {
            const Bucket& c = m_buckets[2 * i + 1];
            if (!b.filled) {
                b = c;
            } else if (c.filled) {
                if (c.min.y < b.min.y)
                    b.min = c.min;
                if (c.max.y > b.max.y)
                    b.max = c.max;
            }
        }
        m_buckets[i] = b;
    }
    m_buckets.resize(merged);
    m_width *= 2.0;
}

double StreamingMinMax::minY() const {
    double v = kNaN;
    for (const Bucket& b : m_buckets)
        if (b.filled && !(b.min.y >= v))
            v = b.min.y;
    return v;
}

double StreamingMinMax::maxY() const {
    double v = kNaN;
    for (const Bucket& b : m_buckets)
        if (b.filled && !(b.max.y <= v))
            v = b.max.y;
    return v;
}

void StreamingMinMax::points(std::vector<SeriesPoint>& out) const {
    out.clear();
    if (m_buckets.empty())
        return;
    out.push_back(m_first);
    for (const Bucket& b : m_buckets) {
        if (!b.filled)
            continue;
        const SeriesPoint& a = b.min.x <= b.max.x ? b.min : b.max;
        const SeriesPoint& c = b.min.x <= b.max.x ? b.max : b.min;
        if (!samePoint(a, out.back()))
            out.push_back(a);
        if (!samePoint(c, out.back()))
            out.push_back(c);
    }
    if (!samePoint(m_last, out.back()))
        out.push_back(m_last);
}

} // namespace cs
