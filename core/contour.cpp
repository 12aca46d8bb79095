#include "core/contour.h"

#include <Eigen/Eigenvalues>

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <unordered_map>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace cs {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Levels per decade are capped so that a nearly flat field (a zoomed-in view) still gets
// levels without producing an absurd count from rounding noise.
constexpr int kMaxLevelsPerDecade = 1000;

} // namespace

double smallestEigenvalue(const Matrix& h) {
    if (h.size() == 0 || h.rows() != h.cols() || !h.allFinite())
        return kNaN;
    if (h.rows() == 2) {
        // [[a, b], [b, c]]: λ_min = (a + c)/2 − √(((a − c)/2)² + b²)
        const double a = h(0, 0);
        const double b = 0.5 * (h(0, 1) + h(1, 0));
        const double c = h(1, 1);
        return 0.5 * (a + c) - std::hypot(0.5 * (a - c), b);
    }
    const Matrix sym = 0.5 * (h + h.transpose());
    Eigen::SelfAdjointEigenSolver<Matrix> solver(sym, Eigen::EigenvaluesOnly);
    return solver.info() == Eigen::Success ? solver.eigenvalues().minCoeff() : kNaN;
}

#if defined(__x86_64__) || defined(__i386__)
namespace {
// Compiled for AVX whatever the build flags, and only called when the CPU has it.
__attribute__((target("avx"))) void zeroUpperAvx() {
    _mm256_zeroupper();
}
} // namespace

void clearUpperVectorState() {
    static const bool hasAvx = __builtin_cpu_supports("avx");
    if (hasAvx)
        zeroUpperAvx();
}
#else
void clearUpperVectorState() {}
#endif

ScalarGrid::ScalarGrid(const Box& box_, int nx_, int ny_)
    : box(box_), nx(nx_), ny(ny_),
      values(static_cast<std::size_t>(std::max(nx_, 0)) * std::max(ny_, 0), kNaN) {
    if (nx_ < 2 || ny_ < 2)
        throw std::invalid_argument("ScalarGrid: nx and ny must be >= 2");
}

double ScalarGrid::interpolate(double px, double py) const {
    if (empty())
        return kNaN;
    const double u = (px - box.xMin) / (box.xMax - box.xMin) * (nx - 1);
    const double v = (py - box.yMin) / (box.yMax - box.yMin) * (ny - 1);
    if (!(u >= 0.0 && u <= nx - 1 && v >= 0.0 && v <= ny - 1))
        return kNaN;
    const int i = std::min(static_cast<int>(u), nx - 2);
    const int j = std::min(static_cast<int>(v), ny - 2);
    const double s = u - i;
    const double t = v - j;
    return (1 - s) * (1 - t) * at(i, j) + s * (1 - t) * at(i + 1, j) + s * t * at(i + 1, j + 1) +
           (1 - s) * t * at(i, j + 1);
}

ValueRange finiteRange(const ScalarGrid& grid) {
    ValueRange r{kNaN, kNaN};
    for (const double v : grid.values) {
        if (!std::isfinite(v))
            continue;
        if (!(v >= r.min))
            r.min = v;
        if (!(v <= r.max))
            r.max = v;
    }
    return r;
}

bool sampleGrid(const Objective& f, GridQuantity quantity, ScalarGrid& grid,
                const SampleOptions& options) {
    if (f.dimension() != 2)
        throw std::invalid_argument("sampleGrid: the objective must be two-dimensional, got " +
                                    std::to_string(f.dimension()));
    if (grid.nx < 2 || grid.ny < 2 ||
        grid.values.size() != static_cast<std::size_t>(grid.nx) * grid.ny)
        throw std::invalid_argument("sampleGrid: grid not sized (use ScalarGrid(box, nx, ny))");

    const bool eigen = quantity == GridQuantity::MinEigenvalue;
    if (eigen && !f.hasHessian()) {
        std::fill(grid.values.begin(), grid.values.end(), kNaN);
        return true;
    }

    const int threads = std::clamp(options.threads, 1, grid.ny);
    std::atomic<int> rowsDone{0};
    std::atomic<bool> stop{false};
    std::exception_ptr error;
    std::mutex errorMutex;
    const auto cancelled = [&] {
        return stop.load(std::memory_order_relaxed) ||
               (options.cancel && options.cancel->load(std::memory_order_relaxed));
    };

    // Thread t takes rows t, t + T, t + 2T, ...: neighbouring rows cost about the same.
    const auto work = [&](int first, bool reportProgress) {
        try {
            if (options.clearVectorState)
                clearUpperVectorState();
            Vector x(2);
            Matrix h(2, 2);
            for (int j = first; j < grid.ny; j += threads) {
                if (cancelled())
                    return;
                x[1] = grid.y(j);
                double* row = &grid.values[static_cast<std::size_t>(j) * grid.nx];
                for (int i = 0; i < grid.nx; ++i) {
                    x[0] = grid.x(i);
                    if (!eigen)
                        row[i] = f.computeValue(x);
                    else
                        row[i] = f.computeHessian(x, h) ? smallestEigenvalue(h) : kNaN;
                }
                const int done = rowsDone.fetch_add(1, std::memory_order_relaxed) + 1;
                if (reportProgress && options.progress)
                    options.progress(done, grid.ny);
            }
        } catch (...) {
            const std::lock_guard lock(errorMutex);
            if (!error)
                error = std::current_exception();
            stop = true;
        }
    };

    std::vector<std::thread> pool;
    pool.reserve(threads - 1);
    for (int t = 1; t < threads; ++t)
        pool.emplace_back(work, t, false);
    work(0, true);
    for (auto& t : pool)
        t.join();
    if (error)
        std::rethrow_exception(error);
    return !cancelled();
}

namespace {

// Cell corners: 0 = (i, j), 1 = (i+1, j), 2 = (i+1, j+1), 3 = (i, j+1).
// Cell edges: 0 bottom (0–1), 1 right (1–2), 2 top (3–2), 3 left (0–3).
// Segments per case (bit c set: corner c is above the level), as pairs of edges; -1 ends.
// Cases 5 and 10 (saddles) are filled in per cell.
constexpr int kSegments[16][4] = {
    {-1, -1, -1, -1}, {3, 0, -1, -1},   {0, 1, -1, -1},   {3, 1, -1, -1},
    {1, 2, -1, -1},   {-1, -1, -1, -1}, {0, 2, -1, -1},   {3, 2, -1, -1},
    {2, 3, -1, -1},   {0, 2, -1, -1},   {-1, -1, -1, -1}, {1, 2, -1, -1},
    {1, 3, -1, -1},   {0, 1, -1, -1},   {3, 0, -1, -1},   {-1, -1, -1, -1},
};

struct Crossing {
    PlanePoint p;
    int next[2] = {-1, -1};
};

class Tracer {
public:
    Tracer(const ScalarGrid& grid, double level) : m_grid(grid), m_level(level) {}

    std::vector<IsoLine> run() {
        const ScalarGrid& g = m_grid;
        for (int j = 0; j + 1 < g.ny; ++j) {
            for (int i = 0; i + 1 < g.nx; ++i) {
                const double v[4] = {g.at(i, j), g.at(i + 1, j), g.at(i + 1, j + 1),
                                     g.at(i, j + 1)};
                if (!std::isfinite(v[0]) || !std::isfinite(v[1]) || !std::isfinite(v[2]) ||
                    !std::isfinite(v[3]))
                    continue;
                int c = 0;
                for (int k = 0; k < 4; ++k)
                    c |= (v[k] >= m_level ? 1 : 0) << k;
                if (c == 0 || c == 15)
                    continue;
                int seg[4] = {kSegments[c][0], kSegments[c][1], kSegments[c][2], kSegments[c][3]};
                if (c == 5 || c == 10) {
                    // Saddle: the centre value decides which diagonal pair is connected.
                    const bool centreAbove = 0.25 * (v[0] + v[1] + v[2] + v[3]) >= m_level;
                    // The segments cut off the corners that are on the other side of the centre.
                    const bool cutOdd = (c == 5) == centreAbove; // cut corners 1 and 3
                    if (cutOdd) {
                        seg[0] = 0, seg[1] = 1, seg[2] = 2, seg[3] = 3;
                    } else {
                        seg[0] = 3, seg[1] = 0, seg[2] = 1, seg[3] = 2;
                    }
                }
                for (int s = 0; s < 4 && seg[s] >= 0; s += 2)
                    link(crossing(i, j, seg[s], v), crossing(i, j, seg[s + 1], v));
            }
        }
        return chain();
    }

private:
    // Index of the crossing on edge e of cell (i, j), created on first use. Edge ids are
    // global so that two cells sharing an edge share the crossing.
    int crossing(int i, int j, int e, const double* v) {
        const ScalarGrid& g = m_grid;
        long id = 0;
        int ca = 0, cb = 0; // corners at the ends of the edge
        switch (e) {
        case 0:
            id = 2L * (static_cast<long>(j) * g.nx + i), ca = 0, cb = 1;
            break;
        case 1:
            id = 2L * (static_cast<long>(j) * g.nx + i + 1) + 1, ca = 1, cb = 2;
            break;
        case 2:
            id = 2L * (static_cast<long>(j + 1) * g.nx + i), ca = 3, cb = 2;
            break;
        default:
            id = 2L * (static_cast<long>(j) * g.nx + i) + 1, ca = 0, cb = 3;
            break;
        }
        const auto [it, inserted] = m_index.try_emplace(id, static_cast<int>(m_nodes.size()));
        if (!inserted)
            return it->second;
        const int ci[4] = {i, i + 1, i + 1, i};
        const int cj[4] = {j, j, j + 1, j + 1};
        // Linear interpolation along the edge: t = (L − v_a) / (v_b − v_a).
        const double t = (m_level - v[ca]) / (v[cb] - v[ca]);
        const double xa = g.x(ci[ca]), ya = g.y(cj[ca]);
        const double xb = g.x(ci[cb]), yb = g.y(cj[cb]);
        Crossing node;
        node.p = {xa + t * (xb - xa), ya + t * (yb - ya)};
        m_nodes.push_back(node);
        return it->second;
    }

    void link(int a, int b) {
        attach(a, b);
        attach(b, a);
    }
    void attach(int a, int b) {
        auto& n = m_nodes[static_cast<std::size_t>(a)].next;
        (n[0] < 0 ? n[0] : n[1]) = b;
    }

    std::vector<IsoLine> chain() {
        std::vector<IsoLine> lines;
        std::vector<char> visited(m_nodes.size(), 0);
        const auto walk = [&](int start) {
            IsoLine line;
            line.level = m_level;
            int prev = -1;
            int cur = start;
            while (cur >= 0 && !visited[static_cast<std::size_t>(cur)]) {
                visited[static_cast<std::size_t>(cur)] = 1;
                const Crossing& n = m_nodes[static_cast<std::size_t>(cur)];
                line.points.push_back(n.p);
                const int next = n.next[0] != prev ? n.next[0] : n.next[1];
                prev = cur;
                cur = next;
            }
            line.closed = cur == start && line.points.size() > 2;
            lines.push_back(std::move(line));
        };
        // Open lines start at an end (a crossing on the grid border or next to a skipped cell).
        for (std::size_t k = 0; k < m_nodes.size(); ++k)
            if (!visited[k] && m_nodes[k].next[1] < 0)
                walk(static_cast<int>(k));
        for (std::size_t k = 0; k < m_nodes.size(); ++k)
            if (!visited[k])
                walk(static_cast<int>(k));
        return lines;
    }

    const ScalarGrid& m_grid;
    double m_level;
    std::vector<Crossing> m_nodes;
    std::unordered_map<long, int> m_index;
};

} // namespace

std::vector<IsoLine> isoLines(const ScalarGrid& grid, double level) {
    if (grid.empty() || !std::isfinite(level))
        return {};
    return Tracer(grid, level).run();
}

std::vector<IsoLine> isoLines(const ScalarGrid& grid, const std::vector<double>& levels,
                              const std::atomic<bool>* cancel) {
    std::vector<IsoLine> all;
    for (const double level : levels) {
        if (cancel && cancel->load(std::memory_order_relaxed))
            break;
        auto lines = isoLines(grid, level);
        all.insert(all.end(), std::make_move_iterator(lines.begin()),
                   std::make_move_iterator(lines.end()));
    }
    return all;
}

double LogScale::position(double f) const {
    if (std::isnan(f))
        return kNaN;
    const double d = f - floor;
    if (!(d > dLow))
        return 0.0;
    const double t = std::log10(d / dLow) / std::log10(dHigh / dLow);
    return std::min(t, 1.0);
}

double LogScale::valueAt(double t) const {
    // f = floor + dLow·(dHigh/dLow)^t
    return floor + dLow * std::pow(dHigh / dLow, t);
}

double LogScale::decades() const {
    return std::log10(dHigh / dLow);
}

LogScale fitLogScale(const ScalarGrid& grid, double knownMin, double lowQuantile,
                     double maxDecades) {
    const ValueRange r = finiteRange(grid);
    LogScale s;
    if (std::isnan(r.min)) {
        s.floor = 0.0;
        s.dLow = 1e-3;
        s.dHigh = 1.0;
        return s;
    }
    s.floor = std::isfinite(knownMin) ? std::min(knownMin, r.min) : r.min;
    s.dHigh = r.max - s.floor;
    if (!(s.dHigh > 0.0)) {
        // Constant field at its floor: put it in the middle of a unit scale.
        s.floor = r.min - 1.0;
        s.dHigh = 10.0;
        s.dLow = 0.1;
        return s;
    }
    std::vector<double> positive;
    positive.reserve(grid.values.size());
    for (const double v : grid.values) {
        const double d = v - s.floor;
        if (std::isfinite(d) && d > 0.0)
            positive.push_back(d);
    }
    const auto k = static_cast<std::size_t>(std::clamp(lowQuantile, 0.0, 1.0) *
                                            static_cast<double>(positive.size() - 1));
    std::nth_element(positive.begin(), positive.begin() + static_cast<std::ptrdiff_t>(k),
                     positive.end());
    const double lowest = s.dHigh * std::pow(10.0, -maxDecades);
    s.dLow = std::max(positive[k], lowest);
    if (!(s.dLow < s.dHigh))
        s.dLow = s.dHigh / 10.0;
    return s;
}

std::vector<double> logSpacedLevels(const LogScale& scale, int targetCount) {
    const double decades = scale.decades();
    if (!(decades > 1e-12) || targetCount < 1)
        return {};
    const double m = std::clamp(std::round(targetCount / decades), 1.0,
                                static_cast<double>(kMaxLevelsPerDecade));
    const double lo = m * std::log10(scale.dLow);
    const double hi = m * std::log10(scale.dHigh);
    std::vector<double> levels;
    // dLow < 10^(k/m) < dHigh
    for (double k = std::floor(lo) + 1.0; k < hi; k += 1.0)
        levels.push_back(scale.floor + std::pow(10.0, k / m));
    return levels;
}

std::vector<double> logScaleTicks(const LogScale& scale) {
    std::vector<double> d;
    const double lo = std::log10(scale.dLow);
    const double hi = std::log10(scale.dHigh);
    const bool fine = hi - lo < 3.0;
    constexpr double kEps = 1e-9;
    for (double k = std::floor(lo); k <= std::ceil(hi); k += 1.0) {
        for (const double mult : {1.0, 2.0, 5.0}) {
            if (mult != 1.0 && !fine)
                continue;
            const double v = mult * std::pow(10.0, k);
            const double lv = std::log10(v);
            if (lv >= lo - kEps && lv <= hi + kEps)
                d.push_back(v);
        }
    }
    if (d.size() < 2) {
        // Less than half a decade: evenly spaced round values of f.
        const double fLow = scale.floor + scale.dLow;
        const double fHigh = scale.floor + scale.dHigh;
        const double raw = (fHigh - fLow) / 4.0;
        const double mag = std::pow(10.0, std::floor(std::log10(raw)));
        const double norm = raw / mag;
        const double step = (norm < 1.5 ? 1.0 : norm < 3.5 ? 2.0 : norm < 7.5 ? 5.0 : 10.0) * mag;
        std::vector<double> ticks;
        for (double k = std::ceil(fLow / step - kEps); k * step <= fHigh + kEps * step; k += 1.0)
            ticks.push_back(k * step);
        return ticks;
    }
    // With a floor that is not round, floor + d is rounded to a multiple of d's magnitude, so
    // the bar reads −70, −60, −30 rather than −68.33, −58.33, −28.33.
    std::vector<double> ticks;
    ticks.reserve(d.size());
    for (const double v : d) {
        const double unit = std::pow(10.0, std::floor(std::log10(v) + kEps));
        double f = std::round((scale.floor + v) / unit) * unit;
        if (!(f - scale.floor >= scale.dLow * (1 - kEps)))
            f += unit;
        if (f - scale.floor > scale.dHigh * (1 + kEps))
            continue;
        if (ticks.empty() || f > ticks.back())
            ticks.push_back(f);
    }
    return ticks;
}

} // namespace cs
