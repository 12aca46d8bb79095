#include "core/landscape.h"

#include "test_tools.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <memory>

namespace cs {
namespace {

using cs::testing::closeRelative;
using cs::testing::randomNormalVector;
using cs::testing::seededEngine;

constexpr unsigned kDataSeed = 3;
constexpr unsigned kInitSeed = 7;
constexpr unsigned kPlaneSeed = 11;

std::shared_ptr<Mlp> moonsNet(const std::string& layers = "2-8-8-1", int n = 100) {
    MlpOptions o;
    o.layers = layers;
    return std::make_shared<Mlp>(o, makeDataset("moons", n, 0.1, kDataSeed));
}

// A trained-looking point: the initialisation with biases nudged off zero.
Vector somePoint(const Mlp& net, unsigned seed) {
    auto rng = seededEngine(seed);
    std::normal_distribution<double> normal;
    Vector x = net.initialPoint(seed);
    for (const auto& s : net.layerShapes())
        for (int i = 0; i < s.outputs; ++i)
            x[s.biasOffset + i] = 0.2 * normal(rng);
    return x;
}

TEST(LandscapePlane, ProjectionOfAPlanePointReturnsItsCoordinates) {
    const auto net = moonsNet();
    const LandscapePlane plane =
        randomPlane(net->layerShapes(), somePoint(*net, kInitSeed), kPlaneSeed);
    ASSERT_NO_THROW(plane.validate());
    for (const auto& [a, b] : {std::pair{0.0, 0.0}, {0.3, -1.7}, {-2.5, 4.0}, {1e-3, 7.0}}) {
        const Eigen::Vector2d ab = plane.project(plane.point(a, b));
        EXPECT_NEAR(ab.x(), a, 1e-10 * (1 + std::abs(a)));
        EXPECT_NEAR(ab.y(), b, 1e-10 * (1 + std::abs(b)));
    }
}

TEST(LandscapePlane, ProjectionIsTheLeastSquaresFit) {
    const auto net = moonsNet();
    const LandscapePlane plane =
        randomPlane(net->layerShapes(), somePoint(*net, kInitSeed), kPlaneSeed);
    const Vector theta = plane.centre + 0.5 * randomNormalVector(plane.dimension(), 5);
    const Eigen::Vector2d ab = plane.project(theta);
    // The residual is orthogonal to both directions.
    const Vector r = theta - plane.point(ab.x(), ab.y());
    EXPECT_NEAR(r.dot(plane.d1), 0.0, 1e-9 * plane.d1.norm() * r.norm());
    EXPECT_NEAR(r.dot(plane.d2), 0.0, 1e-9 * plane.d2.norm() * r.norm());
}

TEST(LandscapePlane, ParallelDirectionsAreRejected) {
    LandscapePlane plane;
    plane.centre = Vector::Zero(3);
    plane.d1 = Vector::Ones(3);
    plane.d2 = 2.0 * Vector::Ones(3);
    EXPECT_THROW(plane.validate(), std::invalid_argument);
    plane.d2 = Vector::Ones(4);
    EXPECT_THROW(plane.validate(), std::invalid_argument);
}

TEST(FilterNormalisation, RowNormsEqualTheWeightsAndBiasesAreZero) {
    const auto net = moonsNet("2-6-5-1");
    const Vector w = somePoint(*net, kInitSeed);
    const Vector d = filterNormalisedDirection(net->layerShapes(), w, kPlaneSeed);
    ASSERT_EQ(d.size(), w.size());
    int rows = 0;
    for (const LayerShape& s : net->layerShapes()) {
        Eigen::Map<const Matrix> wl(w.data() + s.weightOffset, s.outputs, s.inputs);
        Eigen::Map<const Matrix> dl(d.data() + s.weightOffset, s.outputs, s.inputs);
        for (int i = 0; i < s.outputs; ++i, ++rows) {
            EXPECT_NEAR(dl.row(i).norm(), wl.row(i).norm(), 1e-12) << "layer row " << i;
            // A random direction, not the weights themselves.
            EXPECT_GT((dl.row(i) - wl.row(i)).norm(), 1e-3);
        }
        EXPECT_TRUE(d.segment(s.biasOffset, s.outputs).isZero()) << "biases";
    }
    EXPECT_EQ(rows, 6 + 5 + 1);
}

TEST(FilterNormalisation, ScalesWithTheWeightsAndIsSeeded) {
    const auto net = moonsNet("2-6-5-1");
    const Vector w = somePoint(*net, kInitSeed);
    const Vector d = filterNormalisedDirection(net->layerShapes(), w, kPlaneSeed);
    // Doubling the weights doubles the direction (scale invariance of the picture).
    EXPECT_TRUE(closeRelative(filterNormalisedDirection(net->layerShapes(), 2.0 * w, kPlaneSeed),
                              2.0 * d, 1e-12));
    EXPECT_TRUE(
        closeRelative(filterNormalisedDirection(net->layerShapes(), w, kPlaneSeed), d, 0.0));
    EXPECT_GT((filterNormalisedDirection(net->layerShapes(), w, kPlaneSeed + 7) - d).norm(), 0.1);
    // A neuron whose weights are all zero gets a zero row, not NaN.
    Vector z = w;
    const LayerShape& s = net->layerShapes()[0];
    Eigen::Map<Matrix>(z.data() + s.weightOffset, s.outputs, s.inputs).row(2).setZero();
    const Vector dz = filterNormalisedDirection(net->layerShapes(), z, kPlaneSeed);
    EXPECT_TRUE(dz.allFinite());
    EXPECT_EQ(
        Eigen::Map<const Matrix>(dz.data() + s.weightOffset, s.outputs, s.inputs).row(2).norm(),
        0.0);
}

TEST(PcaPlane, DirectionsAreOrthonormalAndCaptureAPlanarTrajectoryExactly) {
    constexpr Eigen::Index kDim = 40;
    constexpr Eigen::Index kSteps = 60;
    const Vector last = randomNormalVector(kDim, 1);
    const Vector u = randomNormalVector(kDim, 2);
    const Vector v = randomNormalVector(kDim, 3) + 0.5 * u; // not orthogonal to u
    Matrix traj(kDim, kSteps);
    for (Eigen::Index k = 0; k < kSteps; ++k) {
        const double t = 1.0 - double(k) / (kSteps - 1); // ends at `last`
        traj.col(k) = last + 3.0 * t * u + std::sin(5.0 * t) * v;
    }
    const PcaPlaneResult r = pcaPlane(traj);
    ASSERT_TRUE(r.ok) << r.message;
    const LandscapePlane& p = r.plane;
    EXPECT_NEAR(p.d1.norm(), 1.0, 1e-12);
    EXPECT_NEAR(p.d2.norm(), 1.0, 1e-12);
    EXPECT_NEAR(p.d1.dot(p.d2), 0.0, 1e-12);
    EXPECT_TRUE(closeRelative(p.centre, last, 0.0));
    EXPECT_NEAR(p.explained1 + p.explained2, 1.0, 1e-12);
    EXPECT_GE(p.explained1, p.explained2);
    for (Eigen::Index k = 0; k < kSteps; ++k) {
        const Eigen::Vector2d ab = p.project(traj.col(k));
        EXPECT_LT((p.point(ab.x(), ab.y()) - traj.col(k)).norm(), 1e-10) << "step " << k;
    }
}

TEST(PcaPlane, SubsamplingALongTrajectoryKeepsThePlane) {
    constexpr Eigen::Index kDim = 10;
    constexpr Eigen::Index kSteps = 5000;
    const Vector u = randomNormalVector(kDim, 4);
    const Vector v = randomNormalVector(kDim, 5);
    Matrix traj(kDim, kSteps);
    for (Eigen::Index k = 0; k < kSteps; ++k) {
        const double t = double(kSteps - 1 - k) / kSteps;
        traj.col(k) = t * u + t * t * v;
    }
    const PcaPlaneResult r = pcaPlane(traj, 100);
    ASSERT_TRUE(r.ok) << r.message;
    for (Eigen::Index k = 0; k < kSteps; k += 97) {
        const Eigen::Vector2d ab = r.plane.project(traj.col(k));
        EXPECT_LT((r.plane.point(ab.x(), ab.y()) - traj.col(k)).norm(), 1e-9);
    }
}

TEST(PcaPlane, StraightPathGetsAnOrthogonalSecondDirection) {
    const Vector u = randomNormalVector(6, 6);
    Matrix traj(6, 2);
    traj.col(0) = u;
    traj.col(1) = Vector::Zero(6);
    const PcaPlaneResult r = pcaPlane(traj);
    ASSERT_TRUE(r.ok) << r.message;
    EXPECT_NEAR(std::abs(r.plane.d1.dot(u.normalized())), 1.0, 1e-12);
    EXPECT_NEAR(r.plane.d1.dot(r.plane.d2), 0.0, 1e-12);
    EXPECT_NEAR(r.plane.d2.norm(), 1.0, 1e-12);
    EXPECT_EQ(r.plane.explained2, 0.0);
}

TEST(PcaPlane, AStillTrajectoryHasNoPlane) {
    Matrix traj = Vector::Ones(5).replicate(1, 4);
    const PcaPlaneResult r = pcaPlane(traj);
    EXPECT_FALSE(r.ok);
    EXPECT_NE(r.message.find("does not move"), std::string::npos) << r.message;
    EXPECT_FALSE(pcaPlane(Matrix::Ones(5, 1)).ok);
}

TEST(PlaneObjective, ValueIsTheLossOnThePlaneAndTheGradientMatchesFiniteDifferences) {
    const auto net = moonsNet("2-5-4-1", 40);
    const LandscapePlane plane =
        randomPlane(net->layerShapes(), somePoint(*net, kInitSeed), kPlaneSeed);
    const PlaneObjective f(net, plane);
    EXPECT_EQ(f.dimension(), 2);
    EXPECT_DOUBLE_EQ(f.computeValue(cs::testing::vec2(0.0, 0.0)), net->computeValue(plane.centre));
    EXPECT_DOUBLE_EQ(f.computeValue(cs::testing::vec2(0.4, -0.3)),
                     net->computeValue(plane.point(0.4, -0.3)));
    cs::testing::expectGradientMatchesFiniteDifferences(
        f,
        {cs::testing::vec2(0.0, 0.0), cs::testing::vec2(0.4, -0.3), cs::testing::vec2(-1.2, 0.9)},
        1e-6);
}

TEST(PlaneObjective, OptionalHessianMatchesFiniteDifferences) {
    const auto net = moonsNet("2-5-4-1", 40);
    const LandscapePlane plane =
        randomPlane(net->layerShapes(), somePoint(*net, kInitSeed), kPlaneSeed);
    EXPECT_FALSE(PlaneObjective(net, plane).hasHessian());
    const PlaneObjective f(net, plane, true);
    ASSERT_TRUE(f.hasHessian());
    cs::testing::expectHessianMatchesFiniteDifferences(
        f, {cs::testing::vec2(0.0, 0.0), cs::testing::vec2(0.5, 0.8)}, 1e-5);
}

TEST(PlaneObjective, RejectsAPlaneOfTheWrongDimension) {
    const auto net = moonsNet("2-5-4-1", 40);
    LandscapePlane plane;
    plane.centre = Vector::Zero(3);
    plane.d1 = Vector::Unit(3, 0);
    plane.d2 = Vector::Unit(3, 1);
    EXPECT_THROW(PlaneObjective(net, plane), std::invalid_argument);
}

TEST(PlaneGrid, ParallelGridEqualsSerialAndHasTheCentreValue) {
    const auto net = moonsNet("2-5-4-1", 60);
    const LandscapePlane plane =
        randomPlane(net->layerShapes(), somePoint(*net, kInitSeed), kPlaneSeed);
    const PlaneObjective f(net, plane);
    const Box box{-1.0, 1.0, -1.0, 1.0};
    ScalarGrid serial, parallel;
    ASSERT_TRUE(evaluatePlaneGrid(f, box, 21, 17, serial));
    PlaneGridOptions options;
    options.threads = 3;
    int lastRows = 0;
    options.progress = [&](int done, int rows) {
        EXPECT_EQ(rows, 17);
        lastRows = std::max(lastRows, done);
    };
    ASSERT_TRUE(evaluatePlaneGrid(f, box, 21, 17, parallel, options));
    EXPECT_EQ(lastRows, 17);
    EXPECT_EQ(serial.values, parallel.values);
    // Node (10, 8) is (0, 0): the centre.
    EXPECT_DOUBLE_EQ(serial.at(10, 8), net->computeValue(plane.centre));
}

TEST(PlaneGrid, CancelStopsEarly) {
    const auto net = moonsNet("2-5-4-1", 60);
    const LandscapePlane plane =
        randomPlane(net->layerShapes(), somePoint(*net, kInitSeed), kPlaneSeed);
    const PlaneObjective f(net, plane);
    std::atomic<bool> cancel{false};
    PlaneGridOptions options;
    options.cancel = &cancel;
    int calls = 0;
    options.progress = [&](int, int) {
        ++calls;
        cancel = true; // after the first row
    };
    ScalarGrid grid;
    EXPECT_FALSE(evaluatePlaneGrid(f, {-1.0, 1.0, -1.0, 1.0}, 30, 40, grid, options));
    EXPECT_EQ(calls, 1);
    const auto nan = std::count_if(grid.values.begin(), grid.values.end(),
                                   [](double v) { return std::isnan(v); });
    EXPECT_EQ(nan, 30 * 39); // only the first row was evaluated
}

TEST(PlaneBox, ContainsThePointsAndTheUnitSquare) {
    const Box b = planeBox({{0.2, 3.0}, {-4.0, 0.5}}, 1.0, 0.1);
    EXPECT_LT(b.xMin, -4.0);
    EXPECT_GT(b.xMax, 1.0);
    EXPECT_LT(b.yMin, -1.0);
    EXPECT_GT(b.yMax, 3.0);
}

TEST(ProjectionKind, ParsesNamesAndRejectsOthers) {
    EXPECT_EQ(parseProjectionKind("random"), ProjectionKind::Random);
    EXPECT_EQ(parseProjectionKind("pca"), ProjectionKind::Pca);
    EXPECT_EQ(projectionKindName(ProjectionKind::Pca), "pca");
    try {
        parseProjectionKind("pcb");
        ADD_FAILURE() << "accepted";
    } catch (const ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("projection: unknown projection 'pcb'"),
                  std::string::npos);
    }
}

} // namespace
} // namespace cs
