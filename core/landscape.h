#pragma once

#include "core/contour.h"
#include "core/mlp.h"
#include "core/objective.h"
#include "core/types.h"

#include <atomic>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <vector>

namespace cs {

// A plane through parameter space: θ(a, b) = θc + a·d1 + b·d2. A network's loss restricted to
// it is a 2D function that the contour view can draw like a test function; the plane is a
// projection, and the loss off the plane is not shown.
struct LandscapePlane {
    Vector centre; // θc
    Vector d1;     // first direction (same size as θc)
    Vector d2;     // second direction, not parallel to d1
    // Share of the trajectory's variance along d1 and d2 (PCA directions); NaN otherwise.
    double explained1 = std::numeric_limits<double>::quiet_NaN();
    double explained2 = std::numeric_limits<double>::quiet_NaN();

    Eigen::Index dimension() const { return centre.size(); }
    // θc + a·d1 + b·d2.
    Vector point(double a, double b) const;
    // The least-squares coordinates of θ on the plane: (a, b) minimising
    // ‖θ − θc − a·d1 − b·d2‖, from the 2 × 2 normal equations G (a, b)ᵀ = Dᵀ(θ − θc) with
    // D = [d1 d2], G = DᵀD. For orthonormal directions (PCA) that is (d1ᵀ(θ − θc), d2ᵀ(θ − θc)).
    Eigen::Vector2d project(const Vector& theta) const;
    // Throws std::invalid_argument when the sizes differ or d1, d2 are (nearly) parallel.
    void validate() const;
};

// How the two directions are chosen (docs/networks.md, "Landscape view").
enum class ProjectionKind {
    Random, // two seeded Gaussian directions, filter-normalised (Li et al. 2018)
    Pca,    // the top two principal components of the trajectory (Li et al. 2018, §7)
};
ProjectionKind parseProjectionKind(const std::string& name); // ConfigError "projection: ..."
std::string projectionKindName(ProjectionKind kind);         // "random", "pca"

// A seeded Gaussian direction filter-normalised against `weights` (Li et al. 2018, "Visualizing
// the loss landscape of neural nets", §4): in a fully connected layer a filter is one neuron's
// row of incoming weights W⁽ˡ⁾ᵢ,:, and the direction's row is rescaled to that row's norm,
// dᵢ,: ← dᵢ,: · ‖Wᵢ,:‖ / ‖dᵢ,:‖, so the plot's scale follows each neuron's own weight scale (a
// network whose weights are all doubled has the same picture). Bias entries are set to zero,
// as in the paper's code (its `ignore='biasbn'` option): a bias has no filter norm to match,
// and biases that start at 0 would have none at all. A row of zero weights gets a zero row.
Vector filterNormalisedDirection(const std::vector<LayerShape>& layers, const Vector& weights,
                                 unsigned seed);

// The plane through θc along two filter-normalised random directions, drawn from `seed` and
// seed + 1. The random draw depends only on the seed, so a run's directions stay the same when
// the centre moves from θ₀ to θ_final; the normalisation uses the centre's weights.
LandscapePlane randomPlane(const std::vector<LayerShape>& layers, const Vector& centre,
                           unsigned seed);

struct PcaPlaneResult {
    bool ok = false;
    LandscapePlane plane;
    std::string message; // why there is no plane (fewer than two distinct points, ...)
};

// The plane through the last point θ_n of `trajectory` (one column per iterate, in order)
// spanned by the top two principal directions of the differences θ_k − θ_n, k < n (Li et al.
// 2018, §7: PCA of the matrix [θ₀ − θ_n; …; θ_{n−1} − θ_n], centred on the final point, not on
// the mean). The directions are the first two right singular vectors of that matrix (Eigen's
// BDCSVD), so they are orthonormal; explained1/2 are σ₁²/Σσ² and σ₂²/Σσ². At most `maxRows`
// iterates (evenly spaced, the first kept) enter the matrix, so a long run costs no more than
// that. A trajectory along one line gets the direction of that line and a second, orthogonal
// one with explained2 = 0. ok = false (with a message) when all points coincide or the
// dimension is below 2.
PcaPlaneResult pcaPlane(const Matrix& trajectory, Eigen::Index maxRows = 2000);

// The loss on a plane as a 2D objective: f(a, b) = L(θc + a·d1 + b·d2), with the gradient by
// the chain rule, ∂f/∂a = d1ᵀ∇L, ∂f/∂b = d2ᵀ∇L. `loss` must be safe to evaluate from several
// threads (a Mlp with sampling off is). With `withHessian`, the 2 × 2 Hessian
// [dᵢᵀ H dⱼ] is offered too (two H·v products a node: costly for a contour grid, off by default).
class PlaneObjective : public Objective {
public:
    PlaneObjective(std::shared_ptr<const Objective> loss, LandscapePlane plane,
                   bool withHessian = false);

    std::string name() const override;
    int dimension() const override { return 2; }
    Vector initialPoint(unsigned) const override { return Vector::Zero(2); }

    double computeValue(const Vector& ab) const override;
    double computeValueAndGradient(const Vector& ab, Vector& grad) const override;
    bool hasHessian() const override { return m_withHessian; }
    bool computeHessian(const Vector& ab, Matrix& h) const override;

    const LandscapePlane& plane() const { return m_plane; }
    const Objective& loss() const { return *m_loss; }

private:
    std::shared_ptr<const Objective> m_loss;
    LandscapePlane m_plane;
    bool m_withHessian = false;
};

struct PlaneGridOptions {
    int threads = 1;                           // sampling threads, the caller's included; >= 1
    const std::atomic<bool>* cancel = nullptr; // checked before every grid row
    // Rows finished by all threads, called on the calling thread after each of its own rows
    // and once more with (ny, ny) when the grid is complete.
    std::function<void(int rowsDone, int rows)> progress;
};

// The loss at the nx × ny nodes of `box` in plane coordinates (a, b), rows shared among
// threads (sampleGrid). Returns false when cancelled (the grid is then partly filled).
bool evaluatePlaneGrid(const PlaneObjective& plane, const Box& box, int nx, int ny, ScalarGrid& out,
                       const PlaneGridOptions& options = {});

// A box around points in plane coordinates that also contains [−r, r]² (r = `minHalfWidth`,
// the customary ±1 of a filter-normalised plot), widened by `margin` of its size on each side.
Box planeBox(const std::vector<Eigen::Vector2d>& points, double minHalfWidth = 1.0,
             double margin = 0.15);

} // namespace cs
