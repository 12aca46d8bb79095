#pragma once

#include "core/landscape.h"
#include "core/mlp.h"
#include "core/optimizer.h"
#include "core/trajectory.h"

#include <QObject>
#include <QPointF>
#include <QString>

#include <memory>
#include <vector>

namespace cs::ui {

class ContourView;
class DecisionBoundaryView;

// What the contour view and the decision-boundary panel show for a network problem.
//
// kind "mlp": the loss has as many dimensions as the network has parameters, so the contour
// view draws it on a plane through parameter space (core/landscape.h), as a PlaneObjective that
// the view samples like any 2D function (in the background, on every core). Before and during a
// run the plane goes through the start θ₀ along two seeded random filter-normalised directions
// and every step is projected onto it (least-squares coordinates). When the run ends the plane
// moves to θ_final: the same random directions (normalised to θ_final's weights) or the top two
// principal components of the trajectory, and the whole trajectory is projected again. The
// caption says which plane it is.
//
// kind "neuron": the loss is exactly 2D, (w, b); the view shows it as it is.
//
// Both: the decision-boundary panel follows the parameters of the latest step (throttled by
// the panel) and, after the run, the step picked on the timeline.
class NetworkLandscape : public QObject {
    Q_OBJECT
public:
    NetworkLandscape(ContourView* contour, DecisionBoundaryView* boundary,
                     QObject* parent = nullptr);

    // A network problem: sets the contour view's landscape and the panel's network. `seed` is
    // the scene's (θ₀ = network->initialPoint(seed) for mlp; the random directions' seed).
    // For the neuron, `start` is the start point (w, b).
    void setNetwork(std::shared_ptr<const Mlp> network, bool projected, ProjectionKind projection,
                    unsigned seed, const Vector& start);
    // Not a network problem: nothing to do until the next setNetwork().
    void clear();
    bool active() const { return m_network != nullptr; }
    bool projected() const { return active() && m_projected; }

    // The neuron's start moved.
    void setStart(const Vector& start);
    // The projection kind; after a run the plane is rebuilt at once.
    void setProjection(ProjectionKind projection);
    ProjectionKind projection() const { return m_projection; }

    // Convex-region shading of an mlp plane: the plane objective then offers its 2 × 2 Hessian
    // (two H·v products per grid node, so the grid is coarser), and the field shades where the
    // loss restricted to the plane is convex. Recomputes the field when it changes.
    void setConvexShading(bool on);
    bool convexShading() const { return m_convexShading; }

    // A run starts: the plane goes back to θ₀ (if it had moved) and the view forgets the track.
    void beginRun();
    // Records of the running run, in step order (full parameter vectors).
    void appendRecords(const std::vector<IterationRecord>& records);
    // The run has ended: for mlp the plane moves to θ_final and the trajectory is re-projected.
    void finishRun(std::shared_ptr<const Trajectory> trajectory,
                   const std::vector<SwitchEvent>& switches);
    // The timeline shows step i of the finished run.
    void showStep(std::size_t i);
    // After a run (mlp): the plane moves to θ at step i, the same directions as at the end
    // (random ones normalised to θ_i's weights, or the run's PCA plane shifted to θ_i), and the
    // trajectory is projected again. False when there is nothing to move (no finished run,
    // the neuron, a step out of range, non-finite parameters).
    bool centreOnStep(std::size_t i);
    // Whether centreOnStep() can act now.
    bool canCentre() const;
    // The step the plane goes through after a run (the last one unless centreOnStep moved it).
    std::size_t centreStep() const { return m_centreStep; }

    const LandscapePlane& plane() const { return m_plane; }
    // The plane's loss, drawn by the contour view (null for the neuron).
    std::shared_ptr<const PlaneObjective> planeObjective() const { return m_planeObjective; }
    QString caption() const { return m_caption; }
    // Projection of θ onto the current plane (mlp) or θ itself (neuron).
    QPointF toPlane(const Vector& theta) const;

private:
    void usePlane(const LandscapePlane& plane, const Box& box, const QString& caption);
    void planeAtStart();
    void planeAtEnd();
    bool planeThrough(std::size_t centre);
    IterationRecord projectedRecord(const IterationRecord& r) const;

    ContourView* m_contour;
    DecisionBoundaryView* m_boundary;
    std::shared_ptr<const Mlp> m_network;
    bool m_projected = false;
    ProjectionKind m_projection = ProjectionKind::Random;
    unsigned m_seed = 1;
    Vector m_theta0;
    LandscapePlane m_plane;
    bool m_planeAtEnd = false;
    bool m_convexShading = false;
    cs::Box m_planeBox;
    std::size_t m_centreStep = 0;
    std::shared_ptr<const PlaneObjective> m_planeObjective;
    std::shared_ptr<const Trajectory> m_trajectory; // the finished run
    std::vector<SwitchEvent> m_switches;
    QString m_caption;
    QString m_planeCaption; // the caption of the plane in use, without notes
};

// The neuron's plot domain: (w, b) in [−8, 8]², which shows its minimum and mse plateaus.
Box neuronDomain();

} // namespace cs::ui
