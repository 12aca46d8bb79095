#pragma once

#include "core/line_search.h"
#include "core/optimizer.h"

#include <utility>
#include <vector>

namespace cs {

struct LbfgsOptions {
    int memory = 10;  // curvature pairs (s, y) kept, integer m ≥ 1; default 10
    double c1 = 1e-4; // Wolfe sufficient-decrease constant, 0 < c1 < c2; default 1e-4
    double c2 = 0.9;  // Wolfe curvature constant, c1 < c2 < 1; default 0.9

    static std::vector<ParamSpec> params();
    static LbfgsOptions fromParams(const ParamValues& values);
    void validate() const; // throws ConfigError naming the bad field
    LineSearchOptions lineSearch() const;
};

// Limited-memory BFGS (Liu & Nocedal 1989; Nocedal & Wright 2006, Alg. 7.4 and 7.5).
//   d_k = −H_k g_k by the two-loop recursion over the last m pairs s_i = x_{i+1} − x_i,
//   y_i = g_{i+1} − g_i, with H_k⁰ = γ_k I, γ_k = sᵀy / yᵀy of the newest pair;
//   x_{k+1} = x_k + α_k d_k with α_k from a strong-Wolfe line search (first trial α = 1).
// Without pairs (first step, after a reset) d = −g and the first trial step has length ≤ 1.
// A pair with sᵀy ≤ 1e-10 ‖s‖‖y‖ is skipped, which keeps H_k positive definite.
// When the line search fails, the pairs are dropped and the search is retried along −g; only if
// that fails too does step() report LineSearchFailed (x unchanged), with both reasons.
class Lbfgs : public Optimizer {
public:
    explicit Lbfgs(LbfgsOptions options = {});
    std::string kind() const override { return "lbfgs"; }
    bool needsFullBatch() const override { return true; }
    StepInfo step() override;

    const LbfgsOptions& options() const { return m_options; }

    // Seeds the memory with recent pairs (s, y), oldest first, e.g. collected by a first-phase
    // optimizer before a switch. Call after reset()/resetAt(); replaces the current pairs. Pairs
    // of the wrong size, non-finite ones and those failing the curvature test are skipped; only
    // the newest `memory` pairs are kept. Returns the number of pairs kept.
    int seedPairs(const std::vector<std::pair<Vector, Vector>>& pairs);
    // The stored pairs (s, y), oldest first.
    std::vector<std::pair<Vector, Vector>> pairs() const;
    int historySize() const { return m_count; }

private:
    void onReset() override;
    // Stores (s, y) from m_sNew, m_yNew when sᵀy > ε‖s‖‖y‖; returns whether it was kept.
    bool pushPair();
    // m_d = −H g by the two-loop recursion.
    void twoLoop();
    int slot(int age) const; // ring index of the pair `age` steps old (0 = newest)

    LbfgsOptions m_options;
    LineSearchOptions m_lineSearch;
    Matrix m_s, m_y;       // n × m ring buffers of the pairs
    Vector m_rho, m_alpha; // ρ_i = 1 / y_iᵀs_i and the two-loop's α_i
    Vector m_sNew, m_yNew;
    Vector m_d;
    int m_next = 0;  // ring index the next pair goes to
    int m_count = 0; // pairs stored
};

} // namespace cs
