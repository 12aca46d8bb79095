#include "ui/axis_ticks.h"

#include <algorithm>
#include <cmath>

namespace cs::ui {

std::vector<double> niceTicks(double lo, double hi, int count, double* step) {
    std::vector<double> ticks;
    const double raw = (hi - lo) / std::max(count, 1);
    if (!(raw > 0.0) || !std::isfinite(raw))
        return ticks;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    const double norm = raw / magnitude;
    const double spacing = (norm <= 1.0   ? 1.0
                            : norm <= 2.0 ? 2.0
                            : norm <= 5.0 ? 5.0
                                          : 10.0) *
                           magnitude;
    for (double k = std::ceil(lo / spacing); k * spacing <= hi + 1e-9 * spacing; k += 1.0)
        ticks.push_back(std::abs(k) < 0.5 ? 0.0 : k * spacing); // no "-0"
    if (step)
        *step = spacing;
    return ticks;
}

QString tickLabel(double v, double step) {
    if (v == 0.0)
        return QStringLiteral("0");
    if (std::abs(v) >= 1e5 || std::abs(v) < 1e-4)
        return QString::number(v, 'g', 4);
    const int decimals = std::max(0, static_cast<int>(-std::floor(std::log10(step) + 1e-9)));
    return QString::number(v, 'f', decimals);
}

} // namespace cs::ui
