#include "core/run.h"

#include <cmath>
#include <cstdio>

namespace cs {

std::vector<ParamSpec> StopOptions::params() {
    const StopOptions d;
    return {
        {"max_steps", double(d.maxSteps), 0, 1e12, false, false, true, "maximum iterations"},
        {"max_evaluations", double(d.maxEvaluations), 1, 1e12, false, false, true,
         "maximum objective evaluations, line-search trials included"},
        {"grad_tol", d.gradTol, 0, INFINITY, false, false, false,
         "converged when the gradient norm is at most this"},
        {"f_tol", d.fTol, 0, INFINITY, false, false, false,
         "converged when |f_k - f_(k-1)| is at most this; 0 disables"},
    };
}

StopOptions StopOptions::fromParams(const ParamValues& values) {
    StopOptions s;
    s.maxSteps = static_cast<long>(values.at("max_steps"));
    s.maxEvaluations = static_cast<long>(values.at("max_evaluations"));
    s.gradTol = values.at("grad_tol");
    s.fTol = values.at("f_tol");
    s.validate();
    return s;
}

void StopOptions::validate() const {
    if (maxSteps < 0)
        throw ConfigError("max_steps: must be >= 0, got " + std::to_string(maxSteps));
    if (maxEvaluations < 1)
        throw ConfigError("max_evaluations: must be >= 1, got " + std::to_string(maxEvaluations));
    if (!(gradTol >= 0.0) || !std::isfinite(gradTol))
        throw ConfigError("grad_tol: must be a finite number >= 0, got " + formatNumber(gradTol));
    if (!(fTol >= 0.0) || !std::isfinite(fTol))
        throw ConfigError("f_tol: must be a finite number >= 0, got " + formatNumber(fTol));
}

std::string terminationName(Termination t) {
    switch (t) {
    case Termination::Running: return "running";
    case Termination::Converged: return "converged";
    case Termination::MaxSteps: return "max_steps";
    case Termination::MaxEvaluations: return "max_evaluations";
    case Termination::Diverged: return "diverged";
    case Termination::Cancelled: return "cancelled";
    case Termination::Failed: return "failed";
    }
    return "unknown";
}

std::optional<long> RunSummary::switchStep() const {
    if (switches.empty())
        return std::nullopt;
    return switches.front().step;
}

std::string RunSummary::report() const {
    char buffer[256];
    std::snprintf(buffer, sizeof buffer, "%s after %ld steps (%ld evaluations): f = %.10g, |g| = %.3g",
                  terminationName(status).c_str(), steps, evaluations, finalF, gradNorm);
    std::string text = buffer;
    if (!message.empty())
        text += "; " + message;
    return text;
}

namespace {

bool allFinite(const Vector& v) { return v.allFinite(); }

} // namespace

Run::Run(Objective& objective, Optimizer& optimizer, const Vector& x0, StopOptions stop,
         const std::atomic<bool>* cancel)
    : m_objective(objective), m_optimizer(optimizer), m_stop(stop), m_cancel(cancel),
      m_trajectory(objective.dimension(), optimizer.signalNames()),
      m_started(std::chrono::steady_clock::now()) {
    m_stop.validate();
    if (x0.size() != objective.dimension())
        throw ConfigError("start: expected " + std::to_string(objective.dimension()) +
                          " coordinates, got " + std::to_string(x0.size()));
    if (!allFinite(x0))
        throw ConfigError("start: coordinates must be finite");
    m_evaluationBase = objective.evaluations();
    m_hessianBase = objective.hessianEvaluations();
    m_optimizer.reset(objective, x0);
    const double f0 = m_optimizer.f();
    const double g0 = m_optimizer.gradient().norm();
    m_trajectory.append(x0, f0, g0, 0.0, objective.evaluations() - m_evaluationBase, 1,
                        m_optimizer.activeKind(), std::numeric_limits<double>::quiet_NaN(), {},
                        {});
    if (!std::isfinite(f0) || !allFinite(m_optimizer.gradient())) {
        finish(Termination::Diverged, "f or its gradient is not finite at the start point");
        return;
    }
    checkStop(NAN);
}

bool Run::advance() {
    if (finished())
        return false;
    if (m_cancel && m_cancel->load(std::memory_order_relaxed)) {
        finish(Termination::Cancelled, "cancelled by the user");
        return false;
    }
    const double previousF = m_optimizer.f();
    const StepInfo info = m_optimizer.step();
    if (info.status == StepStatus::LineSearchFailed) {
        finish(Termination::Failed, info.message.empty() ? "line search failed" : info.message);
        return false;
    }
    const bool finite = std::isfinite(m_optimizer.f()) && allFinite(m_optimizer.gradient()) &&
                        allFinite(m_optimizer.x());
    if (info.status == StepStatus::NonFinite || !finite) {
        finish(Termination::Diverged,
               info.message.empty() ? "f, the gradient or x became NaN or Inf" : info.message);
        return false;
    }
    m_trajectory.append(m_optimizer.x(), m_optimizer.f(), m_optimizer.gradient().norm(),
                        info.stepLength, m_objective.evaluations() - m_evaluationBase,
                        info.phase, m_optimizer.activeKind(), info.convexity, info.signals,
                        info.trials);
    return !checkStop(previousF);
}

bool Run::checkStop(double previousF) {
    const std::size_t last = m_trajectory.size() - 1;
    const double gnorm = m_trajectory.gradNorm(last);
    char buffer[160];
    if (gnorm <= m_stop.gradTol) {
        std::snprintf(buffer, sizeof buffer, "gradient norm %.3g <= grad_tol %.3g", gnorm,
                      m_stop.gradTol);
        finish(Termination::Converged, buffer);
    } else if (m_stop.fTol > 0.0 && std::isfinite(previousF) &&
               std::abs(m_trajectory.f(last) - previousF) <= m_stop.fTol) {
        std::snprintf(buffer, sizeof buffer, "f changed by %.3g <= f_tol %.3g",
                      std::abs(m_trajectory.f(last) - previousF), m_stop.fTol);
        finish(Termination::Converged, buffer);
    } else if (steps() >= m_stop.maxSteps) {
        finish(Termination::MaxSteps, "reached max_steps = " + std::to_string(m_stop.maxSteps));
    } else if (m_trajectory.evaluations(last) >= m_stop.maxEvaluations) {
        finish(Termination::MaxEvaluations,
               "reached max_evaluations = " + std::to_string(m_stop.maxEvaluations));
    }
    return finished();
}

void Run::finish(Termination status, std::string message) {
    m_status = status;
    m_message = std::move(message);
    m_wallMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() -
                                                         m_started)
                   .count();
}

RunSummary Run::runToEnd() {
    while (advance()) {
    }
    return summary();
}

RunSummary Run::summary() const {
    RunSummary s;
    s.status = m_status;
    s.message = m_message;
    s.steps = steps();
    s.evaluations = m_objective.evaluations() - m_evaluationBase;
    s.hessianEvaluations = m_objective.hessianEvaluations() - m_hessianBase;
    const std::size_t last = m_trajectory.size() - 1;
    s.finalX = m_trajectory.x(last);
    s.finalF = m_trajectory.f(last);
    s.gradNorm = m_trajectory.gradNorm(last);
    s.switches = m_optimizer.switchEvents();
    s.wallMs = finished() ? m_wallMs
                          : std::chrono::duration<double, std::milli>(
                                std::chrono::steady_clock::now() - m_started)
                                .count();
    return s;
}

} // namespace cs
