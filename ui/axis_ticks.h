#pragma once

#include <QString>

#include <vector>

namespace cs::ui {

// "Nice" tick values (1, 2 or 5 × 10^k apart) inside [lo, hi], about `count` of them; the
// spacing goes to `*step` when it is not null. Empty for an empty or non-finite range.
std::vector<double> niceTicks(double lo, double hi, int count, double* step = nullptr);
// The label of tick `v` of ticks `step` apart: as many decimals as the spacing needs, and
// scientific notation for very large or very small values.
QString tickLabel(double v, double step);

} // namespace cs::ui
