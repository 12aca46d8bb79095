#include "ui/network_landscape.h"

#include "ui/contour_view.h"
#include "ui/decision_boundary_view.h"

#include <QThread>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

namespace cs::ui {

namespace {

// The random directions are drawn from the scene's seed plus this offset, so that they are not
// the same random stream as the weights' initialisation (which uses the seed itself).
constexpr unsigned kDirectionSeedOffset = 1000003u;
// At most this many iterates enter the PCA (evenly spaced; the last always).
constexpr Eigen::Index kPcaMaxPoints = 2000;
// PCA box: the projected trajectory widened by this share of its size.
constexpr double kPcaMargin = 0.3;
constexpr double kNeuronHalfWidth = 8.0;
// A plane's field should take about this long on all cores: the grid is made coarser for a
// costly network (ContourView::setFieldNodeLimit).
constexpr double kFieldBudgetSeconds = 1.5;
constexpr int kTimingRepeats = 3;
constexpr int kMaxFieldNodes = 600;

QString percent(double share) {
    return QString::number(100.0 * share, 'f', 1);
}

// Nodes per side for a field of about kFieldBudgetSeconds: the fastest of a few timed
// evaluations of f at x (value, and the Hessian when f has one: the field samples both),
// spread over every core.
int fieldNodeLimit(const Objective& f, const Vector& x) {
    double best = std::numeric_limits<double>::infinity();
    Matrix h;
    for (int r = 0; r < kTimingRepeats; ++r) {
        const auto t0 = std::chrono::steady_clock::now();
        volatile double v = f.computeValue(x);
        (void)v;
        if (f.hasHessian())
            f.computeHessian(x, h);
        best = std::min(
            best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    const double perNode = std::max(best, 1e-9);
    const double nodes = kFieldBudgetSeconds * std::max(1, QThread::idealThreadCount()) / perNode;
    return int(std::min<double>(kMaxFieldNodes, std::sqrt(nodes)));
}

} // namespace

Box neuronDomain() {
    return {-kNeuronHalfWidth, kNeuronHalfWidth, -kNeuronHalfWidth, kNeuronHalfWidth};
}

NetworkLandscape::NetworkLandscape(ContourView* contour, DecisionBoundaryView* boundary,
                                   QObject* parent)
    : QObject(parent), m_contour(contour), m_boundary(boundary) {}

void NetworkLandscape::setNetwork(std::shared_ptr<const Mlp> network, bool projected,
                                  ProjectionKind projection, unsigned seed, const Vector& start) {
    m_network = std::move(network);
    m_projected = projected;
    m_projection = projection;
    m_seed = seed;
    m_trajectory.reset();
    m_switches.clear();
    m_planeObjective.reset();
    if (!m_network) {
        clear();
        return;
    }
    m_theta0 = projected ? m_network->initialPoint(seed) : start;
    m_boundary->setNetwork(m_network);
    m_boundary->setParameters(m_theta0);
    m_boundary->refreshNow();
    if (projected) {
        m_contour->setStartEditable(false);
        planeAtStart();
    } else {
        m_caption = tr("Exact 2D loss surface of one neuron: w (horizontal), b (vertical)");
        m_contour->setStartEditable(true);
        m_contour->setFieldNodeLimit(fieldNodeLimit(*m_network, m_theta0));
        m_contour->setLandscape(m_network, neuronDomain(), {},
                                std::numeric_limits<double>::quiet_NaN());
        m_contour->setCaption(m_caption);
    }
}

void NetworkLandscape::clear() {
    m_network.reset();
    m_planeObjective.reset();
    m_trajectory.reset();
    m_centreStep = 0;
    m_caption.clear();
    m_planeCaption.clear();
    m_boundary->setNetwork(nullptr);
    m_contour->setStartEditable(true);
    m_contour->setFieldNodeLimit(kMaxFieldNodes);
    m_contour->setCaption(QString());
}

void NetworkLandscape::setStart(const Vector& start) {
    if (!active() || m_projected || start.size() != m_network->dimension())
        return;
    m_theta0 = start;
    m_boundary->setParameters(start);
}

void NetworkLandscape::setProjection(ProjectionKind projection) {
    if (projection == m_projection)
        return;
    m_projection = projection;
    if (!projected())
        return;
    if (m_trajectory && m_centreStep < m_trajectory->size())
        planeThrough(m_centreStep); // keeps a plane moved by centreOnStep()
    else
        planeAtStart(); // updates the caption
}

void NetworkLandscape::setConvexShading(bool on) {
    if (on == m_convexShading)
        return;
    m_convexShading = on;
    if (projected() && m_planeObjective)
        usePlane(m_plane, m_planeBox, m_planeCaption); // the track stays; the field is redone
}

QPointF NetworkLandscape::toPlane(const Vector& theta) const {
    if (!projected()) {
        return theta.size() >= 2 ? QPointF(theta[0], theta[1]) : QPointF();
    }
    const Eigen::Vector2d ab = m_plane.project(theta);
    return {ab.x(), ab.y()};
}

void NetworkLandscape::usePlane(const LandscapePlane& plane, const Box& box,
                                const QString& caption) {
    m_plane = plane;
    m_planeBox = box;
    m_planeObjective = std::make_shared<PlaneObjective>(m_network, m_plane, m_convexShading);
    // One evaluation timed on this thread sets the grid's resolution.
    m_contour->setFieldNodeLimit(fieldNodeLimit(*m_planeObjective, Vector::Zero(2)));
    m_planeCaption = caption;
    m_caption = m_convexShading
                    ? caption + tr(" · shaded: convex within this plane (λ_min of its 2 × 2 "
                                   "Hessian > 0)")
                    : caption;
    m_contour->setLandscape(m_planeObjective, box, {}, std::numeric_limits<double>::quiet_NaN());
    m_contour->setCaption(m_caption);
    m_contour->setStart(toPlane(m_theta0));
}

void NetworkLandscape::planeAtStart() {
    m_planeAtEnd = false;
    const LandscapePlane plane =
        randomPlane(m_network->layerShapes(), m_theta0, m_seed + kDirectionSeedOffset);
    QString caption = tr("2D projection: random filter-normalised directions through θ₀");
    if (m_projection == ProjectionKind::Pca)
        caption += tr(" (the PCA plane follows when the run ends)");
    // Project θ₀ onto itself: (0, 0); the box is the customary ±1 of a filter-normalised plot.
    usePlane(plane, planeBox({}, 1.0, 0.15), caption);
}

void NetworkLandscape::planeAtEnd() {
    if (m_trajectory && !m_trajectory->empty())
        planeThrough(m_trajectory->size() - 1);
}

bool NetworkLandscape::canCentre() const {
    return projected() && m_trajectory && !m_trajectory->empty();
}

bool NetworkLandscape::centreOnStep(std::size_t i) {
    if (!canCentre() || i >= m_trajectory->size())
        return false;
    return planeThrough(i);
}

bool NetworkLandscape::planeThrough(std::size_t centreStep) {
    const std::size_t count = m_trajectory->size();
    const bool atEnd = centreStep + 1 == count;
    const Vector centre = m_trajectory->x(centreStep);
    const QString where = atEnd ? tr("θ_final") : tr("θ at step %1").arg(centreStep);
    if (!centre.allFinite()) {
        m_caption =
            tr("%1 (not moved to %2: its parameters are not finite)").arg(m_planeCaption, where);
        m_contour->setCaption(m_caption);
        return false;
    }
    LandscapePlane plane;
    QString caption;
    bool pca = false;
    if (m_projection == ProjectionKind::Pca) {
        // Evenly spaced iterates, the first and the last included.
        const Vector last = m_trajectory->x(count - 1);
        const Eigen::Index m = std::min<Eigen::Index>(Eigen::Index(count), kPcaMaxPoints);
        Matrix points(last.size(), m);
        for (Eigen::Index c = 0; c < m; ++c) {
            const std::size_t k = m == 1 ? 0 : std::size_t((c * Eigen::Index(count - 1)) / (m - 1));
            points.col(c) = m_trajectory->x(k);
        }
        const PcaPlaneResult r = pcaPlane(points, kPcaMaxPoints);
        if (r.ok) {
            plane = r.plane;
            plane.centre = centre; // the run's PCA directions, through the chosen step
            pca = true;
            caption = tr("2D projection: PCA of the trajectory through %1 (a: %2 %, b: %3 % "
                         "of its variance)")
                          .arg(where, percent(plane.explained1), percent(plane.explained2));
        } else {
            caption = tr("2D projection: random filter-normalised directions through %1 "
                         "(no PCA plane: %2)")
                          .arg(where, QString::fromStdString(r.message));
        }
    }
    if (!pca) {
        plane = randomPlane(m_network->layerShapes(), centre, m_seed + kDirectionSeedOffset);
        if (caption.isEmpty())
            caption =
                tr("2D projection: random filter-normalised directions through %1").arg(where);
    }
    try {
        plane.validate();
    } catch (const std::exception&) {
        m_caption = tr("%1 (not moved to %2: its weights are zero)").arg(m_planeCaption, where);
        m_contour->setCaption(m_caption);
        return false;
    }
    m_planeAtEnd = true;
    m_centreStep = centreStep;
    // The box holds the projected trajectory.
    std::vector<Eigen::Vector2d> projected;
    projected.reserve(count);
    for (std::size_t i = 0; i < count; ++i)
        projected.push_back(plane.project(m_trajectory->x(i)));
    const Box box = pca ? planeBox(projected, 0.0, kPcaMargin) : planeBox(projected, 1.0, 0.15);
    usePlane(plane, box, caption);
    m_contour->clearTrajectory();
    std::vector<IterationRecord> records;
    records.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        IterationRecord r;
        r.step = long(i);
        r.x = Vector(2);
        r.x << projected[i].x(), projected[i].y();
        r.phase = m_trajectory->phase(i);
        for (std::size_t j = 0; j < m_trajectory->trialCount(i); ++j) {
            const Eigen::Vector2d t = plane.project(m_trajectory->trial(i, j));
            r.trials.push_back(Vector(t));
        }
        records.push_back(std::move(r));
    }
    m_contour->appendTrajectory(records);
    m_contour->setSwitchEvents(m_switches);
    return true;
}

void NetworkLandscape::beginRun() {
    m_trajectory.reset();
    m_centreStep = 0;
    m_switches.clear();
    if (!active())
        return;
    if (m_projected && m_planeAtEnd)
        planeAtStart();
    m_boundary->setParameters(m_theta0);
}

IterationRecord NetworkLandscape::projectedRecord(const IterationRecord& r) const {
    IterationRecord p;
    p.step = r.step;
    p.phase = r.phase;
    const Eigen::Vector2d ab = m_plane.project(r.x);
    p.x = Vector(ab);
    for (const Vector& t : r.trials)
        p.trials.push_back(Vector(m_plane.project(t)));
    return p;
}

void NetworkLandscape::appendRecords(const std::vector<IterationRecord>& records) {
    if (!active() || records.empty())
        return;
    if (m_projected) {
        std::vector<IterationRecord> projected;
        projected.reserve(records.size());
        for (const auto& r : records)
            if (r.x.size() == m_plane.dimension())
                projected.push_back(projectedRecord(r));
        m_contour->appendTrajectory(projected);
    } else {
        m_contour->appendTrajectory(records);
    }
    m_boundary->setParameters(records.back().x);
}

void NetworkLandscape::finishRun(std::shared_ptr<const Trajectory> trajectory,
                                 const std::vector<SwitchEvent>& switches) {
    if (!active() || !trajectory || trajectory->empty())
        return;
    m_trajectory = std::move(trajectory);
    m_switches = switches;
    m_boundary->setParameters(m_trajectory->x(m_trajectory->size() - 1));
    m_boundary->refreshNow();
    if (m_projected)
        planeAtEnd();
}

void NetworkLandscape::showStep(std::size_t i) {
    if (!active() || !m_trajectory || i >= m_trajectory->size())
        return;
    m_boundary->setParameters(m_trajectory->x(i));
}

} // namespace cs::ui
