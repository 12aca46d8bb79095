#pragma once

#include "core/types.h"

#include <string>
#include <utility>
#include <vector>

namespace cs {

// A differentiable function f: R^n -> R.
//
// Implementations override the pure evaluation hooks (compute*). They are const and keep no
// state, so a contour grid may call them from several threads at once. Optimizers call the
// counting entry points (value, valueAndGradient, ...), which also keep the evaluation count
// that the run reports; those are meant for the one thread that owns the run.
class Objective {
public:
    virtual ~Objective() = default;

    virtual std::string name() const = 0;
    virtual int dimension() const = 0;

    // A sensible start when the scene gives none: a test function's customary start, a
    // network's seeded initialisation. Default: the origin.
    virtual Vector initialPoint(unsigned seed) const;

    // Extra figures of merit at x for summaries, e.g. {"accuracy", 0.98} for a classifier.
    virtual std::vector<std::pair<std::string, double>> metrics(const Vector& x) const;

    // Pure evaluation, no counting. `grad` is resized by the callee.
    virtual double computeValue(const Vector& x) const = 0;
    virtual double computeValueAndGradient(const Vector& x, Vector& grad) const = 0;
    // Exact Hessian where the objective has one; returns false (and leaves h alone) otherwise.
    virtual bool hasHessian() const { return false; }
    virtual bool computeHessian(const Vector& x, Matrix& h) const;
    // H(x) v. Default: the exact Hessian when there is one, else a central difference of
    // gradients, (g(x + εv) − g(x − εv)) / 2ε with ε = 1e-5·(1 + ‖x‖)/‖v‖.
    virtual Vector computeHessianVector(const Vector& x, const Vector& v) const;
    // Mini-batch sampling on or off, where the objective has it (a network with batch_size > 0);
    // others ignore it. Returns whether the mode changed: f and ∇f known from before were then
    // computed on other data. Optimizers set it at reset (see Optimizer::needsFullBatch).
    virtual bool setSampling(bool on) {
        (void)on;
        return false;
    }

    // Counted entry points: each call is one evaluation (a Hessian counts separately).
    double value(const Vector& x);
    double valueAndGradient(const Vector& x, Vector& grad);
    Vector gradient(const Vector& x);
    bool hessian(const Vector& x, Matrix& h);
    Vector hessianVector(const Vector& x, const Vector& v);

    long evaluations() const { return m_evaluations; }
    long hessianEvaluations() const { return m_hessianEvaluations; }
    void resetCounters();

private:
    long m_evaluations = 0;
    long m_hessianEvaluations = 0;
};

} // namespace cs
