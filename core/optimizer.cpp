#include "core/optimizer.h"

namespace cs {

void Optimizer::reset(Objective& objective, const Vector& x0) {
    m_objective = &objective;
    m_x = x0;
    objective.setSampling(!needsFullBatch());
    m_f = objective.valueAndGradient(m_x, m_g);
    onReset();
}

void Optimizer::resetAt(Objective& objective, const Vector& x0, double f0, const Vector& g0) {
    m_objective = &objective;
    m_x = x0;
    if (objective.setSampling(!needsFullBatch())) {
        m_f = objective.valueAndGradient(m_x, m_g);
    } else {
        m_f = f0;
        m_g = g0;
    }
    onReset();
}

} // namespace cs
