#pragma once

#include <cstddef>

// The dense loops of an MLP's full-batch value and gradient (core/mlp.cpp), written for the
// small layers this app trains (a few to a few hundred units) and batches of up to ~10⁶ points.
//
// Layout: a layer's values over the batch are stored unit-major, units × n row-major: unit u's
// n values are contiguous at data + u·n. The loops then run along the batch, where the work
// is, in fixed blocks of kBlock points held in registers. Weights are column-major as in θ
// (W(o, c) at w[o + c·m], m outputs).
//
// On x86-64 each kernel is built twice, for x86-64-v3 (AVX2 + FMA) and for the baseline
// (SSE2), and the first call picks one for the CPU it runs on. The two can differ in the last
// bits (FMA rounds once, the blocks differ); each is deterministic.
namespace cs::mlp_kernels {

using Index = std::ptrdiff_t;

// out (m × n) = M · in (k × n) + b 1ᵀ, with M(o, c) = w[o·rowStride + c·colStride], so that
// (1, m) applies W (m × k) and (k, 1) applies Wᵀ of a k × m W. b may be null (no bias).
void linear(const double* w, Index rowStride, Index colStride, const double* b, const double* in,
            double* out, Index m, Index k, Index n);

// g (m × k, column-major) = δ (m × n) · inᵀ (n × k), and gb (m) = δ 1 (the bias gradient).
void outerProduct(const double* delta, const double* in, double* g, double* gb, Index m, Index k,
                  Index n);

// a = φ(a) in place, over count values.
void tanhInPlace(double* a, Index count);
void sigmoidInPlace(double* a, Index count);
void reluInPlace(double* a, Index count);

// δ ⊙= φ'(z), with φ'(z) expressed through a = φ(z): 1 − a², a(1 − a), [a > 0].
void timesTanhDerivative(double* delta, const double* a, Index count);
void timesSigmoidDerivative(double* delta, const double* a, Index count);
void timesReluDerivative(double* delta, const double* a, Index count);

// The build in use: "x86-64-v3" or "baseline" (for benchmarks and bug reports).
const char* instructionSet();

// eˣ as the kernels compute it (exposed for tests): Cody–Waite reduction x = k ln 2 + r,
// |r| ≤ ln2/2, a degree-13 Taylor polynomial of eʳ, then the scale 2ᵏ built in the exponent
// bits. Within 2 ulp of std::exp on |x| ≤ 708; x is clamped to ±708 beyond (e^±708 already
// saturates tanh and σ in double precision); NaN stays NaN.
double exp(double x);

} // namespace cs::mlp_kernels
