#pragma once

#include <QColor>
#include <QImage>
#include <QRgb>

#include <array>

namespace cs::ui {

// Viridis (van der Walt & Smith 2015, matplotlib's default): perceptually uniform, readable in
// grey and by colour-blind viewers. 256 entries, dark violet (0) to yellow (255).
const std::array<QRgb, 256>& viridisTable();

// The colour at t in [0, 1] (clamped; NaN gives a transparent colour).
QRgb viridis(double t);

// A vertical strip of the map, top = t 1, bottom = t 0, `height` pixels high and one wide:
// the colour bar, scaled into place by the painter.
QImage viridisStrip(int height = 256);

} // namespace cs::ui
