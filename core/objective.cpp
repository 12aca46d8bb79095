#include "core/objective.h"

#include <algorithm>

namespace cs {

Vector Objective::initialPoint(unsigned) const { return Vector::Zero(dimension()); }

std::vector<std::pair<std::string, double>> Objective::metrics(const Vector&) const { return {}; }

bool Objective::computeHessian(const Vector&, Matrix&) const { return false; }

Vector Objective::computeHessianVector(const Vector& x, const Vector& v) const {
    Matrix h;
    if (hasHessian() && computeHessian(x, h))
        return h * v;
    const double vNorm = v.norm();
    if (vNorm == 0.0)
        return Vector::Zero(x.size());
    // Relative step: small enough for O(ε²) truncation, large enough to keep round-off down.
    const double eps = 1e-5 * (1.0 + x.norm()) / vNorm;
    Vector gPlus, gMinus;
    computeValueAndGradient(x + eps * v, gPlus);
    computeValueAndGradient(x - eps * v, gMinus);
    return (gPlus - gMinus) / (2.0 * eps);
}

double Objective::value(const Vector& x) {
    ++m_evaluations;
    return computeValue(x);
}

double Objective::valueAndGradient(const Vector& x, Vector& grad) {
    ++m_evaluations;
    return computeValueAndGradient(x, grad);
}

Vector Objective::gradient(const Vector& x) {
    Vector g;
    valueAndGradient(x, g);
    return g;
}

bool Objective::hessian(const Vector& x, Matrix& h) {
    ++m_hessianEvaluations;
    return computeHessian(x, h);
}

Vector Objective::hessianVector(const Vector& x, const Vector& v) {
    ++m_hessianEvaluations;
    return computeHessianVector(x, v);
}

void Objective::resetCounters() {
    m_evaluations = 0;
    m_hessianEvaluations = 0;
}

} // namespace cs
