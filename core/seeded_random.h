#pragma once

#include <cmath>
#include <cstdint>
#include <random>

namespace cs {

// Reproducible random numbers: the same seed gives the same numbers with every compiler and
// standard library. std::mt19937_64's output is fixed by the standard, but the std::*_distribution
// classes are not, so uniforms and normals are made here from the raw 64-bit words.
class SeededRandom {
public:
    explicit SeededRandom(std::uint64_t seed) : m_engine(seed) {}

    // U[0, 1) from the top 53 bits.
    double uniform() { return double(m_engine() >> 11) * 0x1.0p-53; }
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    // An integer in [0, n), n > 0.
    std::uint64_t below(std::uint64_t n) { return std::uint64_t(uniform() * double(n)) % n; }

    // N(0, 1) by Box–Muller; the second value of each pair is kept for the next call.
    double normal() {
        if (m_hasSpare) {
            m_hasSpare = false;
            return m_spare;
        }
        const double u1 = 1.0 - uniform(); // in (0, 1]: log is finite
        const double u2 = uniform();
        const double r = std::sqrt(-2.0 * std::log(u1));
        const double theta = 2.0 * kPi * u2;
        m_spare = r * std::sin(theta);
        m_hasSpare = true;
        return r * std::cos(theta);
    }

private:
    static constexpr double kPi = 3.14159265358979323846;
    std::mt19937_64 m_engine;
    double m_spare = 0.0;
    bool m_hasSpare = false;
};

} // namespace cs
