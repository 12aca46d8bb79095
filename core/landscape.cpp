#include "core/landscape.h"

#include "core/params.h"
#include "core/seeded_random.h"

#include <Eigen/SVD>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace cs {

namespace {

// d1 and d2 count as parallel when the Gram determinant is below this share of ‖d1‖²‖d2‖².
constexpr double kParallelTol = 1e-12;

} // namespace

Vector LandscapePlane::point(double a, double b) const {
    return centre + a * d1 + b * d2;
}

Eigen::Vector2d LandscapePlane::project(const Vector& theta) const {
    const Vector r = theta - centre;
    Eigen::Matrix2d g;
    g << d1.squaredNorm(), d1.dot(d2), d1.dot(d2), d2.squaredNorm();
    const Eigen::Vector2d rhs(d1.dot(r), d2.dot(r));
    return g.ldlt().solve(rhs);
}

void LandscapePlane::validate() const {
    if (d1.size() != centre.size() || d2.size() != centre.size())
        throw std::invalid_argument(
            "landscape plane: the directions have " + std::to_string(d1.size()) + " and " +
            std::to_string(d2.size()) + " entries, the centre " + std::to_string(centre.size()));
    const double n1 = d1.squaredNorm();
    const double n2 = d2.squaredNorm();
    const double c = d1.dot(d2);
    if (!(n1 > 0.0) || !(n2 > 0.0) || !(n1 * n2 - c * c > kParallelTol * n1 * n2))
        throw std::invalid_argument("landscape plane: the two directions are zero or parallel");
}

ProjectionKind parseProjectionKind(const std::string& name) {
    if (name == "random")
        return ProjectionKind::Random;
    if (name == "pca")
        return ProjectionKind::Pca;
    throw ConfigError("projection: unknown projection '" + name + "' (known: random, pca)");
}

std::string projectionKindName(ProjectionKind kind) {
    return kind == ProjectionKind::Pca ? "pca" : "random";
}

Vector filterNormalisedDirection(const std::vector<LayerShape>& layers, const Vector& weights,
                                 unsigned seed) {
    SeededRandom rng(seed);
    Vector d = Vector::Zero(weights.size());
    for (const LayerShape& s : layers) {
        // W is outputs × inputs, column-major: row i (neuron i's incoming weights) has stride
        // `outputs`.
        Eigen::Map<const Matrix> w(weights.data() + s.weightOffset, s.outputs, s.inputs);
        Eigen::Map<Matrix> dw(d.data() + s.weightOffset, s.outputs, s.inputs);
        for (Eigen::Index j = 0; j < dw.size(); ++j)
            dw.data()[j] = rng.normal();
        for (Eigen::Index i = 0; i < s.outputs; ++i) {
            const double wn = w.row(i).norm();
            const double dn = dw.row(i).norm();
            if (wn > 0.0 && dn > 0.0)
                dw.row(i) *= wn / dn;
            else
                dw.row(i).setZero();
        }
        // Biases (at biasOffset) stay zero.
    }
    return d;
}

LandscapePlane randomPlane(const std::vector<LayerShape>& layers, const Vector& centre,
                           unsigned seed) {
    LandscapePlane plane;
    plane.centre = centre;
    plane.d1 = filterNormalisedDirection(layers, centre, seed);
    plane.d2 = filterNormalisedDirection(layers, centre, seed + 1);
    return plane;
}

PcaPlaneResult pcaPlane(const Matrix& trajectory, Eigen::Index maxRows) {
    PcaPlaneResult result;
    const Eigen::Index n = trajectory.rows();
    const Eigen::Index count = trajectory.cols();
    if (n < 2) {
        result.message = "PCA needs at least two parameters";
        return result;
    }
    if (count < 2) {
        result.message = "PCA needs a trajectory of at least two points";
        return result;
    }
    const Vector last = trajectory.col(count - 1);
    // Rows θ_k − θ_n for at most maxRows evenly spaced k < n (k = 0 always).
    const Eigen::Index rows = std::min(count - 1, std::max<Eigen::Index>(maxRows, 2));
    Matrix m(rows, n);
    for (Eigen::Index r = 0; r < rows; ++r) {
        const Eigen::Index k = rows == count - 1 ? r : (r * (count - 1)) / rows;
        m.row(r) = (trajectory.col(k) - last).transpose();
    }
    if (!m.allFinite()) {
        result.message = "the trajectory has non-finite parameters";
        return result;
    }
    Eigen::BDCSVD<Matrix> svd(m, Eigen::ComputeThinV);
    const Vector& sigma = svd.singularValues();
    const double total = sigma.squaredNorm();
    if (!(total > 0.0) || !(sigma[0] > 1e-14 * std::max(1.0, last.norm()))) {
        result.message = "the trajectory does not move: every point equals the last";
        return result;
    }
    LandscapePlane& plane = result.plane;
    plane.centre = last;
    plane.d1 = svd.matrixV().col(0);
    if (svd.matrixV().cols() >= 2 && sigma.size() >= 2 && sigma[1] > 0.0) {
        plane.d2 = svd.matrixV().col(1);
        plane.explained2 = sigma[1] * sigma[1] / total;
    } else {
        // One direction only (a straight path, or a single difference row): complete it with
        // the coordinate axis least aligned with d1, made orthogonal to it.
        Eigen::Index axis = 0;
        plane.d1.cwiseAbs().minCoeff(&axis);
        Vector e = Vector::Unit(n, axis);
        e -= plane.d1.dot(e) * plane.d1;
        plane.d2 = e.normalized();
        plane.explained2 = 0.0;
    }
    plane.explained1 = sigma[0] * sigma[0] / total;
    result.ok = true;
    return result;
}

PlaneObjective::PlaneObjective(std::shared_ptr<const Objective> loss, LandscapePlane plane,
                               bool withHessian)
    : m_loss(std::move(loss)), m_plane(std::move(plane)), m_withHessian(withHessian) {
    if (!m_loss)
        throw std::invalid_argument("PlaneObjective: no loss");
    m_plane.validate();
    if (m_plane.dimension() != m_loss->dimension())
        throw std::invalid_argument(
            "PlaneObjective: the plane has " + std::to_string(m_plane.dimension()) +
            " coordinates, the loss " + std::to_string(m_loss->dimension()));
}

std::string PlaneObjective::name() const {
    return "plane through " + m_loss->name();
}

double PlaneObjective::computeValue(const Vector& ab) const {
    return m_loss->computeValue(m_plane.point(ab[0], ab[1]));
}

double PlaneObjective::computeValueAndGradient(const Vector& ab, Vector& grad) const {
    Vector g;
    const double f = m_loss->computeValueAndGradient(m_plane.point(ab[0], ab[1]), g);
    grad.resize(2);
    grad << m_plane.d1.dot(g), m_plane.d2.dot(g); // ∂f/∂a = d1ᵀ∇L, ∂f/∂b = d2ᵀ∇L
    return f;
}

bool PlaneObjective::computeHessian(const Vector& ab, Matrix& h) const {
    if (!m_withHessian)
        return false;
    const Vector theta = m_plane.point(ab[0], ab[1]);
    const Vector h1 = m_loss->computeHessianVector(theta, m_plane.d1);
    const Vector h2 = m_loss->computeHessianVector(theta, m_plane.d2);
    const double offDiagonal = 0.5 * (m_plane.d2.dot(h1) + m_plane.d1.dot(h2));
    h.resize(2, 2);
    h << m_plane.d1.dot(h1), offDiagonal, offDiagonal, m_plane.d2.dot(h2);
    return h.allFinite();
}

bool evaluatePlaneGrid(const PlaneObjective& plane, const Box& box, int nx, int ny, ScalarGrid& out,
                       const PlaneGridOptions& options) {
    out = ScalarGrid(box, nx, ny);
    SampleOptions sample;
    sample.threads = std::max(1, options.threads);
    sample.cancel = options.cancel;
    sample.progress = options.progress;
    if (!sampleGrid(plane, GridQuantity::Value, out, sample))
        return false;
    // The calling thread reports its own rows only; say "all done" once the others joined.
    if (options.progress)
        options.progress(ny, ny);
    return true;
}

Box planeBox(const std::vector<Eigen::Vector2d>& points, double minHalfWidth, double margin) {
    Box b{-minHalfWidth, minHalfWidth, -minHalfWidth, minHalfWidth};
    for (const auto& p : points) {
        if (!p.allFinite())
            continue;
        b.xMin = std::min(b.xMin, p.x());
        b.xMax = std::max(b.xMax, p.x());
        b.yMin = std::min(b.yMin, p.y());
        b.yMax = std::max(b.yMax, p.y());
    }
    const double mx = margin * (b.xMax - b.xMin);
    const double my = margin * (b.yMax - b.yMin);
    return {b.xMin - mx, b.xMax + mx, b.yMin - my, b.yMax + my};
}

} // namespace cs
