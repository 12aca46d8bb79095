#pragma once

#include "core/objective.h"
#include "core/test_function.h"

#include <atomic>
#include <functional>
#include <vector>

namespace cs {

// Samples of a scalar field on the nodes of a regular grid over a box, row-major from the
// bottom row: at(i, j) is the value at x_i = xMin + i·(xMax − xMin)/(nx − 1),
// y_j = yMin + j·(yMax − yMin)/(ny − 1). NaN marks a node without a value.
struct ScalarGrid {
    Box box;
    int nx = 0;
    int ny = 0;
    std::vector<double> values; // j·nx + i

    ScalarGrid() = default;
    // nx, ny >= 2; all values NaN.
    ScalarGrid(const Box& box, int nx, int ny);

    bool empty() const { return values.empty(); }
    double x(int i) const { return box.xMin + i * (box.xMax - box.xMin) / (nx - 1); }
    double y(int j) const { return box.yMin + j * (box.yMax - box.yMin) / (ny - 1); }
    double& at(int i, int j) { return values[static_cast<std::size_t>(j) * nx + i]; }
    double at(int i, int j) const { return values[static_cast<std::size_t>(j) * nx + i]; }
    // Bilinear interpolation at (x, y); NaN outside the box or next to a NaN node.
    double interpolate(double x, double y) const;
};

// Smallest and largest finite value of a grid (both NaN when there is none).
struct ValueRange {
    double min = 0.0;
    double max = 0.0;
};
ValueRange finiteRange(const ScalarGrid& grid);

// What sampleGrid evaluates at each node.
enum class GridQuantity {
    Value,         // f(x, y)
    MinEigenvalue, // λ_min(∇²f(x, y)); NaN where the objective has no Hessian
};

struct SampleOptions {
    int threads = 1;                           // worker threads, the calling thread included; >= 1
    const std::atomic<bool>* cancel = nullptr; // polled once per row; true stops the sampling
    // Called on the calling thread after each of its rows with the rows finished by all threads.
    std::function<void(int rowsDone, int rows)> progress;
    // Each sampling thread starts with clearUpperVectorState(). Off only to measure what it
    // saves (tests/benchmarks/ui/contour_view_bench.cpp).
    bool clearVectorState = true;
};

// Fills grid.values (grid.box, nx, ny set; see the ScalarGrid constructor) with the quantity at
// every node. `f` must be two-dimensional (std::invalid_argument otherwise); its compute* calls
// are const and thread-safe, so rows are shared among `options.threads` threads (interleaved,
// for an even load where the cost varies over the plane). A non-finite result stays as is.
// Returns false when cancelled; the grid is then partly filled.
bool sampleGrid(const Objective& f, GridQuantity quantity, ScalarGrid& grid,
                const SampleOptions& options = {});

// λ_min of a symmetric matrix (the symmetric part of h): closed form for 2×2, else an
// eigen-decomposition. NaN for an empty or non-finite matrix.
double smallestEigenvalue(const Matrix& h);

// Clears the upper halves of the AVX registers of the calling thread (vzeroupper) when the CPU
// has AVX; a no-op otherwise. A thread inherits its creator's register state, and SSE code run
// while the upper halves are "dirty" pays a state-transition penalty on every instruction (Intel
// 64 and IA-32 Optimization Reference Manual, §15.3 "Mixing AVX code with SSE code"). Qt's
// AVX2 image routines can leave that state behind in the GUI thread, so every sampling thread
// calls this first; sampleGrid does it in each of its threads.
void clearUpperVectorState();

// A point of the plane.
struct PlanePoint {
    double x = 0.0;
    double y = 0.0;
};

// One connected piece of an iso-line f = level.
struct IsoLine {
    double level = 0.0;
    std::vector<PlanePoint> points;
    bool closed = false; // the last point joins the first (not repeated)
};

// Marching squares (Lorensen & Cline 1987, in 2D) over the grid cells: each cell edge whose end
// values straddle the level gets a linearly interpolated crossing, and the crossings of one
// cell are joined by segments. The two saddle cases (diagonal corners on the same side) are
// resolved by the cell-centre value, taken as the mean of the four corners. Cells with a
// non-finite corner are skipped. The segments are chained into polylines through the shared
// edge crossings, so a closed curve comes back as one closed IsoLine. A node equal to the level
// counts as above it.
std::vector<IsoLine> isoLines(const ScalarGrid& grid, double level);
// All levels; stops early (returning what it has) when `cancel` becomes true.
std::vector<IsoLine> isoLines(const ScalarGrid& grid, const std::vector<double>& levels,
                              const std::atomic<bool>* cancel = nullptr);

// A logarithmic scale of f − floor, for colours, levels and the colour bar: the position of f
// is t(f) = (log10(f − floor) − log10 dLow) / (log10 dHigh − log10 dLow), clamped to [0, 1].
struct LogScale {
    double floor = 0.0; // offset: f − floor >= 0 over the field (f* if known, else the minimum)
    double dLow = 1e-6; // f − floor at t = 0 (> 0)
    double dHigh = 1.0; // f − floor at t = 1 (> dLow)

    // t in [0, 1]; NaN for NaN f.
    double position(double f) const;
    // The inverse: f at position t.
    double valueAt(double t) const;
    double decades() const;
};

// The scale of a sampled field: floor = min(knownMin, grid minimum) (knownMin may be NaN when
// f* is unknown; a negative f is fine), dHigh = grid maximum − floor, and dLow the
// `lowQuantile` quantile of the positive values of f − floor on the grid (0: the smallest), but
// at most `maxDecades` decades below dHigh. A low quantile rather than the smallest value keeps
// one node that happens to land next to the minimum from spending half the colour map on a
// handful of pixels. A grid without finite values, or a constant one, gets a unit scale.
LogScale fitLogScale(const ScalarGrid& grid, double knownMin, double lowQuantile = 0.01,
                     double maxDecades = 8.0);

// Contour levels f_k = floor + 10^(k/m) for every integer k with dLow < 10^(k/m) < dHigh,
// where m (levels per decade, 1..10) is chosen so that about `targetCount` levels result.
// Ascending; equal ratios between consecutive f_k − floor.
std::vector<double> logSpacedLevels(const LogScale& scale, int targetCount = 24);

// Tick values (in f) for a colour bar on the scale: floor + 10^k for the decades inside
// [dLow, dHigh], with 2·10^k and 5·10^k added when there are fewer than three decades, each
// rounded to a multiple of its 10^k so that a non-round floor still gives round labels.
// Ascending, distinct, inside the scale.
std::vector<double> logScaleTicks(const LogScale& scale);

} // namespace cs
