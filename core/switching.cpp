#include "core/switching.h"

#include "core/lbfgs.h"
#include "core/optimizer_registry.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <limits>

namespace cs {

namespace {

constexpr double kRiseTolerance = 1e-12;   // f_k > f_{k−1} + tol·(1 + |f_{k−1}|) is a rise
constexpr double kNegativeCosine = -1e-8;  // sᵀy < this·‖s‖‖y‖ is negative curvature
constexpr std::size_t kSeedPairCount = 20; // L-BFGS keeps the most recent `memory` of these
// A line search that fails where ½‖g‖²/κ ≤ kFloorFactor·ε·max(1, |f|) has hit the precision
// floor: the decrease a Newton step could still make is below the rounding error of f.
constexpr double kFloorFactor = 100.0;

std::string fmt(const char* format, double a, double b = 0.0) {
    char buffer[160];
    std::snprintf(buffer, sizeof buffer, format, a, b);
    return buffer;
}

} // namespace

void SwitchingOptions::validate() const {
    criterion.validate();
    if (minSteps < 0)
        throw ConfigError("min_steps: must be >= 0, got " + std::to_string(minSteps));
    if (maxSwitches < 1)
        throw ConfigError("max_switches: must be >= 1, got " + std::to_string(maxSwitches));
}

SwitchingOptimizer::SwitchingOptimizer(std::unique_ptr<Optimizer> phase1,
                                       std::unique_ptr<Optimizer> phase2, SwitchingOptions options)
    : m_phase1(std::move(phase1)), m_phase2(std::move(phase2)), m_options(options),
      m_monitor(options.criterion) {
    if (!m_phase1 || !m_phase2)
        throw ConfigError("phase1, phase2: both phases are required");
    m_options.validate();
}

std::string SwitchingOptimizer::activeKind() const {
    return m_lastStepPhase == 1 ? m_phase1->activeKind() : m_phase2->activeKind();
}

void SwitchingOptimizer::onReset() {
    m_events.clear();
    m_phase = 1;
    m_lastStepPhase = 1;
    m_steps = 0;
    m_phaseSteps = 0;
    m_streak = 0;
    m_phase1->resetAt(*m_objective, m_x, m_f, m_g);
    copyState(*m_phase1); // a full-batch phase 1 on a sampled objective evaluated again
    m_monitor.reset(m_objective, m_options.criterion.kind == CriterionKind::Hessian);
    m_monitor.observe(m_x, m_f, m_g);
}

void SwitchingOptimizer::copyState(const Optimizer& from) {
    m_x = from.x();
    m_f = from.f();
    m_g = from.gradient();
}

void SwitchingOptimizer::record(StepInfo& info) {
    info.convexity = m_monitor.score();
    info.signals = m_monitor.signalVector();
}

void SwitchingOptimizer::switchTo(int phase, const std::string& reason) {
    Optimizer& from = phase == 2 ? *m_phase1 : *m_phase2;
    Optimizer& to = phase == 2 ? *m_phase2 : *m_phase1;
    SwitchEvent event;
    event.step = m_steps;
    event.from = from.activeKind();
    event.to = to.activeKind();
    event.score = m_monitor.score();
    event.signals = m_monitor.signalVector();
    event.reason = reason;
    m_events.push_back(std::move(event));

    to.resetAt(*m_objective, m_x, m_f, m_g);
    copyState(to); // from mini-batch to full batch (or back), f and ∇f were evaluated again
    if (phase == 2 && m_options.seedPairs)
        seedPhase2();
    m_phase = phase;
    m_phaseSteps = 0;
    m_streak = 0;
    m_monitor.restartAt(m_x, m_f, m_g);
    // The oracle's Hessians count only where they decide something: in phase 1.
    m_monitor.setCountHessian(phase == 1 && m_options.criterion.kind == CriterionKind::Hessian);
}

void SwitchingOptimizer::seedPhase2() {
    // Only L-BFGS takes curvature pairs; it keeps those with sᵀy > 0, the newest `memory`.
    if (auto* lbfgs = dynamic_cast<Lbfgs*>(m_phase2.get()))
        lbfgs->seedPairs(m_monitor.recentPairs(kSeedPairCount));
}

bool SwitchingOptimizer::atPrecisionFloor() const {
    const double kappa = m_monitor.lastCurvature();
    if (!(kappa > 0.0) || !std::isfinite(kappa))
        return false;
    const double eps = std::numeric_limits<double>::epsilon();
    return 0.5 * m_g.squaredNorm() / kappa <= kFloorFactor * eps * std::max(1.0, std::abs(m_f));
}

StepInfo SwitchingOptimizer::step() {
    ++m_steps;
    if (m_phase == 1) {
        StepInfo info = m_phase1->step();
        m_lastStepPhase = 1;
        info.phase = 1;
        copyState(*m_phase1);
        if (info.status != StepStatus::Ok)
            return info;
        ++m_phaseSteps;
        m_monitor.observe(m_x, m_f, m_g);
        record(info);
        const CriterionOptions& c = m_options.criterion;
        const double score = m_monitor.score();
        m_streak = score >= c.threshold ? m_streak + 1 : 0;
        const bool fire = c.kind == CriterionKind::Fixed
                              ? m_phaseSteps >= c.step
                              : m_streak >= c.patience && m_phaseSteps >= m_options.minSteps;
        if (fire && static_cast<int>(m_events.size()) < m_options.maxSwitches) {
            std::string reason = m_monitor.explain();
            if (c.kind != CriterionKind::Fixed)
                reason += "; score " + fmt("%.2f", score) + " >= " + fmt("%.2f", c.threshold) +
                          " for " + std::to_string(m_streak) + " steps";
            switchTo(2, reason);
            info.switched = true;
        }
        return info;
    }

    const Vector xOld = m_x;
    const Vector gOld = m_g;
    const double fOld = m_f;
    StepInfo info = m_phase2->step();
    m_lastStepPhase = 2;
    info.phase = 2;
    const bool finite = std::isfinite(m_phase2->f()) && m_phase2->gradient().allFinite() &&
                        m_phase2->x().allFinite();
    std::string failure;
    bool revert = false;
    if (info.status == StepStatus::LineSearchFailed && atPrecisionFloor()) {
        // Converged as far as doubles allow: nothing for phase 1 to fix; pass it through.
    } else if (info.status == StepStatus::LineSearchFailed) {
        failure = "line search failed" + (info.message.empty() ? "" : " (" + info.message + ")");
        revert = true;
    } else if (info.status == StepStatus::NonFinite || !finite) {
        failure = "reached a non-finite f or gradient";
        revert = true;
    } else if (m_phase2->f() > fOld + kRiseTolerance * (1.0 + std::abs(fOld))) {
        failure = "raised f from " + fmt("%.6g to %.6g", fOld, m_phase2->f());
        revert = true;
    } else {
        const Vector s = m_phase2->x() - xOld;
        const Vector y = m_phase2->gradient() - gOld;
        const double sy = s.dot(y);
        if (sy < kNegativeCosine * s.norm() * y.norm())
            failure = "met negative curvature along its step (s'y/s's = " +
                      fmt("%.3g", sy / s.squaredNorm()) + ")";
    }
    const bool canFallBack =
        m_options.fallback && static_cast<int>(m_events.size()) < m_options.maxSwitches;
    if (failure.empty() || !canFallBack) {
        if (info.status == StepStatus::Ok && finite) {
            ++m_phaseSteps;
            copyState(*m_phase2);
            m_monitor.observe(m_x, m_f, m_g);
            record(info);
        }
        return info;
    }
    if (revert) {
        // The failed step is not taken: phase 1 resumes from the last good point.
        if (m_phase2->x().allFinite() && m_phase2->x() != xOld)
            info.trials.push_back(m_phase2->x());
        m_x = xOld;
        m_f = fOld;
        m_g = gOld;
        info.stepLength = 0.0;
        info.status = StepStatus::Ok;
    } else {
        copyState(*m_phase2);
        m_monitor.observe(m_x, m_f, m_g);
    }
    info.message = m_phase2->activeKind() + " " + failure;
    record(info);
    switchTo(1, "phase 2 (" + m_phase2->activeKind() + ") " + failure + "; back to " +
                    m_phase1->activeKind());
    info.switched = true;
    return info;
}

std::unique_ptr<Optimizer> makeSwitchingOptimizer(const nlohmann::json& spec,
                                                  const std::string& path) {
    static const std::vector<ParamSpec> specs = {
        {"min_steps", 20, 0, 1e12, false, false, true, "phase-1 steps before a switch may fire"},
        {"max_switches", 3, 1, 1000, false, false, true, "switches in all, both directions"},
    };
    const ParamValues values = readParams(
        spec, specs, path, {"kind", "phase1", "phase2", "criterion", "fallback", "seed_pairs"});
    SwitchingOptions options;
    options.minSteps = static_cast<long>(values.at("min_steps"));
    options.maxSwitches = static_cast<int>(values.at("max_switches"));
    for (const auto& [key, field] :
         {std::pair<const char*, bool*>{"fallback", &options.fallback},
          std::pair<const char*, bool*>{"seed_pairs", &options.seedPairs}}) {
        const auto it = spec.find(key);
        if (it == spec.end())
            continue;
        if (!it->is_boolean())
            throw ConfigError(path + "." + key + ": expected true or false, got " + it->dump());
        *field = it->get<bool>();
    }
    const auto criterion = spec.find("criterion");
    if (criterion != spec.end())
        options.criterion = CriterionOptions::fromJson(*criterion, path + ".criterion");

    auto phase = [&](const char* key, nlohmann::json fallbackSpec) {
        const auto it = spec.find(key);
        const nlohmann::json& phaseSpec = it == spec.end() ? fallbackSpec : *it;
        const std::string phasePath = path + "." + key;
        if (phaseSpec.is_object() && phaseSpec.contains("kind") &&
            phaseSpec.at("kind") == "switching")
            throw ConfigError(phasePath + ".kind: a switching optimizer cannot be a phase of "
                                          "another");
        return makeOptimizer(phaseSpec, phasePath);
    };
    auto phase1 = phase("phase1", {{"kind", "adam"}, {"lr", 0.01}});
    auto phase2 = phase("phase2", {{"kind", "lbfgs"}});
    try {
        return std::make_unique<SwitchingOptimizer>(std::move(phase1), std::move(phase2), options);
    } catch (const ConfigError& e) {
        throw ConfigError(path + "." + e.what());
    }
}

} // namespace cs
