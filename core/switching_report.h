#pragma once

// The switching comparison behind docs/switching.md: every 2D test function from its
// customary start, run by Adam alone, L-BFGS alone, Newton, the switching optimizer with each
// criterion, the fixed-step switch and SWATS. `convexswitch report switching --out FILE`
// writes switchingReportMarkdown().

#include "core/run.h"
#include "core/test_function.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace cs {

// Called with one line per finished run ("rosenbrock: adam ... done"), for a progress display.
using ReportProgress = std::function<void(const std::string&)>;

// The gap f − f* below which a run counts as having reached the minimum.
inline constexpr double kReportGapTol = 1e-6;

// One run, measured.
struct MeasuredRun {
    RunSummary summary;
    std::optional<long> evaluationsToTol; // evaluations until f − f* < tol first held
    double finalGap = 0.0;                // f − f* at the end
    std::optional<long> switchStep;       // first switch, if any
    Vector switchX;                       // x at the first switch (empty without one)
    double switchLambdaMin = 0.0;         // λ_min(H) there (exact, uncounted)
};

// Runs the optimizer `spec` (scene syntax) on `f` from its customary start with `stop`.
MeasuredRun measureRun(TestFunction& f, const nlohmann::json& spec, const StopOptions& stop,
                       double gapTol = kReportGapTol);
// The same from `start`.
MeasuredRun measureRunFrom(TestFunction& f, const nlohmann::json& spec, const Vector& start,
                           const StopOptions& stop, double gapTol = kReportGapTol);

// The random starts of the report's robustness section: `count` points drawn uniformly from
// f's plot domain with a fixed seed (the same for every build and run).
std::vector<Vector> reportRandomStarts(const TestFunction& f, int count);

// One method of the comparison: a label and the optimizer object of a scene.
struct ReportMethod {
    std::string label;
    nlohmann::json spec;
};

// The methods compared, in table order (Adam lr 0.01 everywhere Adam appears).
std::vector<ReportMethod> switchingReportMethods();
// The stop rule of every run: max_steps 20000, the default gradient tolerance.
StopOptions switchingReportStop();

// The whole Markdown document (tables, the evidence checks of issue 3, random starts, notes).
// Deterministic:
// the same build gives the same text.
std::string switchingReportMarkdown(const ReportProgress& progress = {});

} // namespace cs
