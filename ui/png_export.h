#pragma once

#include <QImage>
#include <QString>

namespace cs::ui {

// Screenshots for the documentation are kept small: at most this many bytes a PNG.
constexpr qint64 kScreenshotBudgetBytes = 300 * 1024;

// The image with at most `colours` colours (≤ 256), as an 8-bit indexed image: the palette by
// median cut (Heckbert 1982) over the image's colour histogram, each pixel mapped to its nearest
// palette colour without dithering (dithering noise would defeat PNG's compression). The
// heat maps here use colours along one curve (viridis), which a 256-colour palette follows
// closely.
QImage quantised(const QImage& image, int colours = 256);

// Writes `image` as a PNG at the highest compression; when that is larger than `budgetBytes`,
// writes the quantised image instead. False (nothing written) when the file cannot be written.
bool saveCompactPng(const QImage& image, const QString& path,
                    qint64 budgetBytes = kScreenshotBudgetBytes);

} // namespace cs::ui
