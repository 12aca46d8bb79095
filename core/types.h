#pragma once

#include <Eigen/Dense>

namespace cs {

// The one place where the project's vector and matrix types are chosen.
using Vector = Eigen::VectorXd;
using Matrix = Eigen::MatrixXd;

} // namespace cs
