#include "core/mlp_kernels.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>

// Each kernel is written once, over packs of W doubles (GCC's vector extension), and built
// twice on x86-64: W = 4 inside functions compiled for x86-64-v3 (one AVX register, FMA), and
// W = 2 for the baseline (one SSE2 register). The CPU is asked once which to use. Elsewhere
// (other CPUs or compilers, or -DCS_NO_MULTIVERSION) only the W = 2 build exists.
//
// Why packs and not plain loops: the auto-vectoriser turns the sums over c in linear() into
// in-order reductions across registers, several times slower; and a pack wider than the
// target's registers is lowered through memory.
#if defined(__GNUC__) && defined(__x86_64__) && !defined(CS_NO_MULTIVERSION)
#define CS_HAVE_X86_64_V3 1
#endif

namespace cs::mlp_kernels {

namespace {

constexpr double kExpLimit = 708.0;
constexpr double kLog2e = 1.4426950408889634074;
// ln 2 split so that k·kLn2Hi is exact for |k| < 2¹¹ (Cody & Waite 1980).
constexpr double kLn2Hi = 6.93147180369123816490e-01;
constexpr double kLn2Lo = 1.90821492927058770002e-10;
// Adding 1.5·2⁵² rounds to an integer and leaves it in the low mantissa bits.
constexpr double kShifter = 0x1.8p52;
constexpr int kExponentBias = 1023;
constexpr int kMantissaBits = 52;

[[gnu::always_inline]] inline double expInline(double x) {
    // std::max(x, ·) and std::min(x, ·) return x when it is NaN: NaN in, NaN out.
    const double clamped = std::min(std::max(x, -kExpLimit), kExpLimit);
    const double shifted = clamped * kLog2e + kShifter;
    const double k = shifted - kShifter;
    const double r = (clamped - k * kLn2Hi) - k * kLn2Lo;
    // eʳ = Σ rⁱ/i!, i ≤ 13: the remainder is below 5·10⁻¹⁸ for |r| ≤ ln2/2.
    double p = 1.0 / 6227020800.0;
    p = p * r + 1.0 / 479001600.0;
    p = p * r + 1.0 / 39916800.0;
    p = p * r + 1.0 / 3628800.0;
    p = p * r + 1.0 / 362880.0;
    p = p * r + 1.0 / 40320.0;
    p = p * r + 1.0 / 5040.0;
    p = p * r + 1.0 / 720.0;
    p = p * r + 1.0 / 120.0;
    p = p * r + 1.0 / 24.0;
    p = p * r + 1.0 / 6.0;
    p = p * r + 0.5;
    p = p * r + 1.0;
    p = p * r + 1.0;
    // 2ᵏ from its exponent bits: after the clamp k + 1023 lies in [2, 2044], a normal double.
    const std::int64_t scaleBits = (std::bit_cast<std::int64_t>(shifted) -
                                    std::bit_cast<std::int64_t>(kShifter) + kExponentBias)
                                   << kMantissaBits;
    return p * std::bit_cast<double>(scaleBits);
}

// W doubles as one value. (GCC ignores a vector_size that depends on a template parameter,
// hence one specialisation per width.)
template <int W> struct PackOf;
template <> struct PackOf<2> {
    typedef double type __attribute__((vector_size(2 * sizeof(double))));
};
template <> struct PackOf<4> {
    typedef double type __attribute__((vector_size(4 * sizeof(double))));
};

template <int W> struct Kernels {
    using Pack = typename PackOf<W>::type;

    [[gnu::always_inline]] static Pack load(const double* p) {
        Pack v;
        std::memcpy(&v, p, sizeof v);
        return v;
    }

    [[gnu::always_inline]] static void store(double* p, Pack v) { std::memcpy(p, &v, sizeof v); }

    [[gnu::always_inline]] static double sum(Pack v) {
        double total = 0.0;
        for (int i = 0; i < W; ++i)
            total += v[i];
        return total;
    }

    // Points per block: four packs. linear() keeps two output rows of a block in registers,
    // 8 independent sums (enough to cover the FMA latency; 16 would spill).
    static constexpr Index kPacks = 4;
    static constexpr Index kBlock = kPacks * W;

    // Rows o .. o+R−1 of one block of points j0 .. j0+kBlock−1.
    template <int R>
    [[gnu::always_inline]] static void
    linearBlock(const double* w, Index rowStride, Index colStride, const double* b,
                const double* in, double* out, Index o, Index k, Index n, Index j0) {
        Pack acc[R][kPacks];
        for (int r = 0; r < R; ++r)
            for (Index p = 0; p < kPacks; ++p)
                acc[r][p] = Pack{} + (b ? b[o + r] : 0.0);
        for (Index c = 0; c < k; ++c) {
            const double* inRow = in + c * n + j0;
            for (Index p = 0; p < kPacks; ++p) {
                const Pack x = load(inRow + p * W);
                for (int r = 0; r < R; ++r)
                    acc[r][p] += w[(o + r) * rowStride + c * colStride] * x;
            }
        }
        for (int r = 0; r < R; ++r)
            for (Index p = 0; p < kPacks; ++p)
                store(out + (o + r) * n + j0 + p * W, acc[r][p]);
    }

    // Block by block along the batch, all outputs of a block before the next: the block of
    // inputs (k × kBlock) stays in L1 while every output row reads it. (Row by row instead,
    // each row would stream all of `in` from L2 again: much slower for 16 × 1000 points.)
    [[gnu::always_inline]] static void linear(const double* w, Index rowStride, Index colStride,
                                              const double* b, const double* in, double* out,
                                              Index m, Index k, Index n) {
        const Index blocked = n - n % kBlock;
        for (Index j0 = 0; j0 < blocked; j0 += kBlock) {
            Index o = 0;
            for (; o + 2 <= m; o += 2)
                linearBlock<2>(w, rowStride, colStride, b, in, out, o, k, n, j0);
            if (o < m)
                linearBlock<1>(w, rowStride, colStride, b, in, out, o, k, n, j0);
        }
        for (Index o = 0; o < m; ++o) {
            for (Index j = blocked; j < n; ++j) { // the same sums, in the same order
                double acc = b ? b[o] : 0.0;
                for (Index c = 0; c < k; ++c)
                    acc += w[o * rowStride + c * colStride] * in[c * n + j];
                out[o * n + j] = acc;
            }
        }
    }

    // g(o+r, c+q) = Σⱼ δ(o+r, j) in(c+q, j) for r < R, q < C: R·C dot products sharing their
    // loads, each as two packs of interleaved partial sums, then the tail, then the partials.
    // in = null: gb(o+r) = Σⱼ δ(o+r, j) (C = 1).
    template <int R, int C>
    [[gnu::always_inline]] static void dotBlock(const double* delta, const double* in, double* g,
                                                Index m, Index o, Index c, Index n) {
        constexpr Index kStep = 2 * W;
        const Index blocked = n - n % kStep;
        Pack acc[R][C][2] = {};
        for (Index j0 = 0; j0 < blocked; j0 += kStep) {
            for (Index p = 0; p < 2; ++p) {
                Pack x[C];
                for (int q = 0; q < C; ++q)
                    x[q] = in ? load(in + (c + q) * n + j0 + p * W) : Pack{} + 1.0;
                for (int r = 0; r < R; ++r) {
                    const Pack d = load(delta + (o + r) * n + j0 + p * W);
                    for (int q = 0; q < C; ++q)
                        acc[r][q][p] += d * x[q];
                }
            }
        }
        for (int r = 0; r < R; ++r) {
            for (int q = 0; q < C; ++q) {
                double total = 0.0;
                for (Index j = blocked; j < n; ++j)
                    total += delta[(o + r) * n + j] * (in ? in[(c + q) * n + j] : 1.0);
                total += sum(acc[r][q][0]) + sum(acc[r][q][1]);
                g[(o + r) + (c + q) * m] = total;
            }
        }
    }

    [[gnu::always_inline]] static void outerProduct(const double* delta, const double* in,
                                                    double* g, double* gb, Index m, Index k,
                                                    Index n) {
        Index o = 0;
        for (; o + 2 <= m; o += 2) {
            Index c = 0;
            for (; c + 2 <= k; c += 2)
                dotBlock<2, 2>(delta, in, g, m, o, c, n);
            if (c < k)
                dotBlock<2, 1>(delta, in, g, m, o, c, n);
            dotBlock<2, 1>(delta, nullptr, gb, m, o, 0, n);
        }
        if (o < m) {
            for (Index c = 0; c < k; ++c)
                dotBlock<1, 1>(delta, in, g, m, o, c, n);
            dotBlock<1, 1>(delta, nullptr, gb, m, o, 0, n);
        }
    }

    // tanh z = 1 − 2/(e^{2z} + 1): saturates to ±1 exactly; absolute error ~1e-16 near 0.
    [[gnu::always_inline]] static void tanhInPlace(double* a, Index count) {
        for (Index i = 0; i < count; ++i)
            a[i] = 1.0 - 2.0 / (expInline(2.0 * a[i]) + 1.0);
    }

    // σ(z) = 1/(1 + e^{−z})
    [[gnu::always_inline]] static void sigmoidInPlace(double* a, Index count) {
        for (Index i = 0; i < count; ++i)
            a[i] = 1.0 / (1.0 + expInline(-a[i]));
    }

    [[gnu::always_inline]] static void reluInPlace(double* a, Index count) {
        for (Index i = 0; i < count; ++i)
            a[i] = std::max(a[i], 0.0); // NaN stays NaN
    }

    [[gnu::always_inline]] static void timesTanhDerivative(double* d, const double* a,
                                                           Index count) {
        for (Index i = 0; i < count; ++i)
            d[i] *= 1.0 - a[i] * a[i];
    }

    [[gnu::always_inline]] static void timesSigmoidDerivative(double* d, const double* a,
                                                              Index count) {
        for (Index i = 0; i < count; ++i)
            d[i] *= a[i] * (1.0 - a[i]);
    }

    [[gnu::always_inline]] static void timesReluDerivative(double* d, const double* a,
                                                           Index count) {
        for (Index i = 0; i < count; ++i)
            d[i] = a[i] > 0.0 ? d[i] : 0.0;
    }
};

// One build of every kernel: thin entry points compiled for one instruction set, into which
// Kernels<W> (always_inline) is inlined and so compiled for that set too.
struct Table {
    void (*linear)(const double*, Index, Index, const double*, const double*, double*, Index, Index,
                   Index);
    void (*outerProduct)(const double*, const double*, double*, double*, Index, Index, Index);
    void (*tanhInPlace)(double*, Index);
    void (*sigmoidInPlace)(double*, Index);
    void (*reluInPlace)(double*, Index);
    void (*timesTanhDerivative)(double*, const double*, Index);
    void (*timesSigmoidDerivative)(double*, const double*, Index);
    void (*timesReluDerivative)(double*, const double*, Index);
};

// The entry points of one target, stamped out for each: a macro, because GCC's target
// attribute cannot depend on a template parameter.
#define CS_KERNEL_TABLE(NAME, ATTRIBUTE, W)                                                        \
    struct NAME {                                                                                  \
        using K = Kernels<W>;                                                                      \
        ATTRIBUTE static void linear(const double* w, Index rs, Index cs, const double* b,         \
                                     const double* in, double* out, Index m, Index k, Index n) {   \
            K::linear(w, rs, cs, b, in, out, m, k, n);                                             \
        }                                                                                          \
        ATTRIBUTE static void outerProduct(const double* d, const double* in, double* g,           \
                                           double* gb, Index m, Index k, Index n) {                \
            K::outerProduct(d, in, g, gb, m, k, n);                                                \
        }                                                                                          \
        ATTRIBUTE static void tanhInPlace(double* a, Index n) { K::tanhInPlace(a, n); }            \
        ATTRIBUTE static void sigmoidInPlace(double* a, Index n) { K::sigmoidInPlace(a, n); }      \
        ATTRIBUTE static void reluInPlace(double* a, Index n) { K::reluInPlace(a, n); }            \
        ATTRIBUTE static void timesTanh(double* d, const double* a, Index n) {                     \
            K::timesTanhDerivative(d, a, n);                                                       \
        }                                                                                          \
        ATTRIBUTE static void timesSigmoid(double* d, const double* a, Index n) {                  \
            K::timesSigmoidDerivative(d, a, n);                                                    \
        }                                                                                          \
        ATTRIBUTE static void timesRelu(double* d, const double* a, Index n) {                     \
            K::timesReluDerivative(d, a, n);                                                       \
        }                                                                                          \
        static constexpr Table table{linear,      outerProduct, tanhInPlace,  sigmoidInPlace,      \
                                     reluInPlace, timesTanh,    timesSigmoid, timesRelu};          \
    };

CS_KERNEL_TABLE(Baseline, , 2)
#ifdef CS_HAVE_X86_64_V3
CS_KERNEL_TABLE(X86_64_V3, [[gnu::target("arch=x86-64-v3")]], 4)
#endif
#undef CS_KERNEL_TABLE

const Table& pickTable() {
#ifdef CS_HAVE_X86_64_V3
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        return X86_64_V3::table;
#endif
    return Baseline::table;
}

const Table& kernels() {
    static const Table& table = pickTable();
    return table;
}

} // namespace

const char* instructionSet() {
    return &kernels() == &Baseline::table ? "baseline" : "x86-64-v3";
}

double exp(double x) {
    return expInline(x);
}

void linear(const double* w, Index rowStride, Index colStride, const double* b, const double* in,
            double* out, Index m, Index k, Index n) {
    kernels().linear(w, rowStride, colStride, b, in, out, m, k, n);
}

void outerProduct(const double* delta, const double* in, double* g, double* gb, Index m, Index k,
                  Index n) {
    kernels().outerProduct(delta, in, g, gb, m, k, n);
}

void tanhInPlace(double* a, Index count) {
    kernels().tanhInPlace(a, count);
}

void sigmoidInPlace(double* a, Index count) {
    kernels().sigmoidInPlace(a, count);
}

void reluInPlace(double* a, Index count) {
    kernels().reluInPlace(a, count);
}

void timesTanhDerivative(double* delta, const double* a, Index count) {
    kernels().timesTanhDerivative(delta, a, count);
}

void timesSigmoidDerivative(double* delta, const double* a, Index count) {
    kernels().timesSigmoidDerivative(delta, a, count);
}

void timesReluDerivative(double* delta, const double* a, Index count) {
    kernels().timesReluDerivative(delta, a, count);
}

} // namespace cs::mlp_kernels
