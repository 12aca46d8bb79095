#include "ui/png_export.h"

#include <QBuffer>
#include <QFile>
#include <QHash>

#include <algorithm>
#include <array>
#include <vector>

namespace cs::ui {

namespace {

constexpr int kBestCompression = 0; // QImage::save quality for PNG: 0 = smallest file

struct ColourCount {
    QRgb colour;
    qint64 count;
};

int channel(QRgb c, int k) {
    return k == 0 ? qRed(c) : k == 1 ? qGreen(c) : qBlue(c);
}

// A box of the colour histogram: entries [begin, end) of the shared vector.
struct Box {
    std::size_t begin = 0;
    std::size_t end = 0;
    int widest = 0; // channel with the largest range
    int range = 0;  // that range

    void measure(const std::vector<ColourCount>& h) {
        std::array<int, 3> lo{255, 255, 255}, hi{0, 0, 0};
        for (std::size_t i = begin; i < end; ++i)
            for (int k = 0; k < 3; ++k) {
                lo[k] = std::min(lo[k], channel(h[i].colour, k));
                hi[k] = std::max(hi[k], channel(h[i].colour, k));
            }
        range = -1;
        for (int k = 0; k < 3; ++k)
            if (hi[k] - lo[k] > range) {
                range = hi[k] - lo[k];
                widest = k;
            }
    }
};

QByteArray pngBytes(const QImage& image) {
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG", kBestCompression);
    return bytes;
}

} // namespace

QImage quantised(const QImage& source, int colours) {
    colours = std::clamp(colours, 2, 256);
    const QImage image = source.convertToFormat(QImage::Format_RGB32);
    QHash<QRgb, qint64> counts;
    for (int y = 0; y < image.height(); ++y) {
        const auto* line = reinterpret_cast<const QRgb*>(image.constScanLine(y));
        for (int x = 0; x < image.width(); ++x)
            ++counts[line[x] | 0xff000000u];
    }
    std::vector<ColourCount> histogram;
    histogram.reserve(std::size_t(counts.size()));
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        histogram.push_back({it.key(), it.value()});
    if (histogram.empty())
        return image.convertToFormat(QImage::Format_Indexed8);

    // Median cut: split the box with the widest channel range at its pixel-weighted median
    // along that channel, until there are `colours` boxes or none can be split.
    std::vector<Box> boxes(1);
    boxes[0].end = histogram.size();
    boxes[0].measure(histogram);
    while (int(boxes.size()) < colours) {
        auto widest = std::max_element(boxes.begin(), boxes.end(), [](const Box& a, const Box& b) {
            return a.range < b.range;
        });
        if (widest->range <= 0)
            break;
        Box box = *widest;
        const int k = box.widest;
        std::sort(histogram.begin() + long(box.begin), histogram.begin() + long(box.end),
                  [k](const ColourCount& a, const ColourCount& b) {
                      return channel(a.colour, k) < channel(b.colour, k);
                  });
        qint64 total = 0;
        for (std::size_t i = box.begin; i < box.end; ++i)
            total += histogram[i].count;
        qint64 running = 0;
        std::size_t cut = box.begin + 1;
        for (std::size_t i = box.begin; i + 1 < box.end; ++i) {
            running += histogram[i].count;
            cut = i + 1;
            if (2 * running >= total)
                break;
        }
        Box low = box, high = box;
        low.end = cut;
        high.begin = cut;
        low.measure(histogram);
        high.measure(histogram);
        *widest = low;
        boxes.push_back(high);
    }

    QList<QRgb> palette;
    for (const Box& b : boxes) {
        double r = 0, g = 0, bl = 0, w = 0;
        for (std::size_t i = b.begin; i < b.end; ++i) {
            const double c = double(histogram[i].count);
            r += c * qRed(histogram[i].colour);
            g += c * qGreen(histogram[i].colour);
            bl += c * qBlue(histogram[i].colour);
            w += c;
        }
        palette.push_back(qRgb(int(r / w + 0.5), int(g / w + 0.5), int(bl / w + 0.5)));
    }
    // Nearest palette colour of every distinct colour, then the pixels.
    QHash<QRgb, uchar> index;
    index.reserve(qsizetype(histogram.size()));
    for (const ColourCount& h : histogram) {
        int best = 0;
        long bestDistance = -1;
        for (int p = 0; p < palette.size(); ++p) {
            const long dr = qRed(h.colour) - qRed(palette[p]);
            const long dg = qGreen(h.colour) - qGreen(palette[p]);
            const long db = qBlue(h.colour) - qBlue(palette[p]);
            const long d = 3 * dr * dr + 4 * dg * dg + 2 * db * db; // rough perceptual weights
            if (bestDistance < 0 || d < bestDistance) {
                bestDistance = d;
                best = p;
            }
        }
        index.insert(h.colour, uchar(best));
    }
    QImage out(image.size(), QImage::Format_Indexed8);
    out.setColorTable(palette);
    out.setDotsPerMeterX(image.dotsPerMeterX());
    out.setDotsPerMeterY(image.dotsPerMeterY());
    for (int y = 0; y < image.height(); ++y) {
        const auto* in = reinterpret_cast<const QRgb*>(image.constScanLine(y));
        uchar* line = out.scanLine(y);
        for (int x = 0; x < image.width(); ++x)
            line[x] = index.value(in[x] | 0xff000000u);
    }
    return out;
}

bool saveCompactPng(const QImage& image, const QString& path, qint64 budgetBytes) {
    QByteArray bytes = pngBytes(image);
    if (bytes.size() > budgetBytes)
        bytes = pngBytes(quantised(image));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    return file.write(bytes) == bytes.size() && file.flush();
}

} // namespace cs::ui
