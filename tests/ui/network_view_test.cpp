// The network views: the decision-boundary panel, the network controls of the problem panel,
// the projected landscape in the contour view, and a network scene in the main window.
#include "core/landscape.h"
#include "core/mlp.h"
#include "core/run.h"
#include "core/scene.h"
#include "ui/charts/run_charts.h"
#include "ui/contour_view.h"
#include "ui/decision_boundary_view.h"
#include "ui/main_window.h"
#include "ui/network_form.h"
#include "ui/network_landscape.h"
#include "ui/png_export.h"
#include "ui/problem_panel.h"

#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QLineEdit>
#include <QPainter>
#include <QSignalSpy>
#include <QSlider>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <memory>

namespace cs::ui {
namespace {

constexpr int kTimeoutMs = 60000;
constexpr int kSlowFieldTimeoutMs = 300000;

// Set CS_CONTOUR_PNG_DIR to keep the rendered images for a look.
void keep(const QImage& image, const QString& name) {
    const QByteArray dir = qgetenv("CS_CONTOUR_PNG_DIR");
    if (!dir.isEmpty())
        image.save(QDir(QString::fromLocal8Bit(dir)).filePath(name + QStringLiteral(".png")));
}

QImage rendered(const DecisionBoundaryView& view, QSize size = {480, 380}) {
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::magenta);
    QPainter painter(&image);
    view.render(painter, image.rect());
    return image;
}

// Pixels whose colour is close to `c` (each channel within `tol`).
long countNear(const QImage& image, QColor c, int tol = 30) {
    long n = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) {
            const QColor p = image.pixelColor(x, y);
            n += std::abs(p.red() - c.red()) <= tol && std::abs(p.green() - c.green()) <= tol &&
                         std::abs(p.blue() - c.blue()) <= tol
                     ? 1
                     : 0;
        }
    return n;
}

// Blue-ish (b clearly above r) and orange-ish (r clearly above b) pixels.
long countBlueish(const QImage& image) {
    long n = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) {
            const QColor p = image.pixelColor(x, y);
            n += p.blue() > p.red() + 40 ? 1 : 0;
        }
    return n;
}
long countOrangeish(const QImage& image) {
    long n = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) {
            const QColor p = image.pixelColor(x, y);
            n += p.red() > p.blue() + 40 && p.green() > p.blue() ? 1 : 0;
        }
    return n;
}

nlohmann::json moonsObjective(int n = 200) {
    return {{"kind", "mlp"},
            {"layers", "2-8-8-1"},
            {"activation", "tanh"},
            {"loss", "bce"},
            {"dataset", {{"name", "moons"}, {"n", n}, {"noise", 0.1}, {"seed", 3}}}};
}

nlohmann::json switchingOptimizer() {
    return {{"kind", "switching"},
            {"phase1", {{"kind", "adam"}, {"lr", 0.01}}},
            {"phase2", {{"kind", "lbfgs"}}}};
}

// Trains `objective` with the switching optimizer: the final parameters.
Vector trained(const nlohmann::json& objective, long steps = 400) {
    const Scene scene = parseScene({{"objective", objective},
                                    {"optimizer", switchingOptimizer()},
                                    {"stop", {{"max_steps", steps}}},
                                    {"seed", 7}});
    Experiment e = buildExperiment(scene);
    cs::Run run(*e.objective, *e.optimizer, e.start, e.stop);
    return run.runToEnd().finalX;
}

std::shared_ptr<const Mlp> network(const nlohmann::json& objective) {
    std::shared_ptr<Mlp> net = makeMlpObjective(objective, 7);
    net->setSampling(false);
    return net;
}

TEST(DecisionBoundaryView, RendersTheBoundaryAndBothClassesForMoons) {
    DecisionBoundaryView view;
    const auto net = network(moonsObjective());
    view.setNetwork(net);
    view.setParameters(trained(moonsObjective()));
    view.refreshNow();
    ASSERT_TRUE(view.hasPicture());
    EXPECT_FALSE(view.isOneDimensional());
    EXPECT_GE(view.shownAccuracy(), 0.97);
    const QImage image = rendered(view);
    keep(image, QStringLiteral("decision-moons"));
    EXPECT_EQ(countNear(image, Qt::magenta, 0), 0) << "the whole target is painted";
    // Both class regions, the points of both classes and the dark boundary line.
    EXPECT_GT(countBlueish(image), 5000);
    EXPECT_GT(countOrangeish(image), 5000);
    EXPECT_GT(countNear(image, QColor(31, 119, 180), 12), 200) << "class-0 points";
    EXPECT_GT(countNear(image, QColor(255, 127, 14), 12), 200) << "class-1 points";
    EXPECT_GT(countNear(image, QColor(20, 20, 20), 25), 300) << "the p = ½ line";
}

TEST(DecisionBoundaryView, FollowsTheParameters) {
    DecisionBoundaryView view;
    const auto net = network(moonsObjective());
    view.setNetwork(net);
    view.setParameters(net->initialPoint(7));
    view.refreshNow();
    const QImage before = rendered(view);
    const double accuracyBefore = view.shownAccuracy();
    view.setParameters(trained(moonsObjective()));
    view.refreshNow();
    const QImage after = rendered(view);
    EXPECT_NE(before, after);
    EXPECT_GT(view.shownAccuracy(), accuracyBefore);
}

TEST(DecisionBoundaryView, ShowsTheFittedCurveForSine) {
    const nlohmann::json sine = {{"kind", "mlp"},
                                 {"layers", "1-16-1"},
                                 {"dataset", {{"name", "sine"}, {"n", 80}, {"seed", 3}}}};
    DecisionBoundaryView view;
    view.setNetwork(network(sine));
    view.setParameters(trained(sine, 600));
    view.refreshNow();
    ASSERT_TRUE(view.hasPicture());
    EXPECT_TRUE(view.isOneDimensional());
    EXPECT_TRUE(view.isRegression());
    EXPECT_TRUE(std::isnan(view.shownAccuracy()));
    const QImage image = rendered(view);
    keep(image, QStringLiteral("decision-sine"));
    EXPECT_GT(countNear(image, QColor(200, 30, 60), 30), 400) << "the fitted curve";
}

TEST(DecisionBoundaryView, WithoutANetworkSaysSo) {
    DecisionBoundaryView view;
    EXPECT_FALSE(view.hasPicture());
    const QImage image = rendered(view);
    EXPECT_EQ(countNear(image, Qt::magenta, 0), 0);
    // Wrong-sized parameters are ignored, not a crash.
    view.setNetwork(network(moonsObjective()));
    view.setParameters(Vector::Zero(3));
    view.refreshNow();
    EXPECT_TRUE(view.hasPicture());
}

TEST(ProblemPanel, NetworkKindProducesAValidMlpScene) {
    ProblemPanel panel;
    panel.setSceneSeed(7);
    panel.kindBox()->setCurrentIndex(panel.kindBox()->findData(QStringLiteral("mlp")));
    EXPECT_EQ(panel.kind(), QStringLiteral("mlp"));
    EXPECT_FALSE(panel.hasStart());
    NetworkForm* form = panel.networkForm();
    form->datasetBox()->setCurrentIndex(form->datasetBox()->findData(QStringLiteral("xor")));
    form->layersEdit()->setText(QStringLiteral("2-6-1"));
    Q_EMIT form->layersEdit()->editingFinished();

    nlohmann::json objective;
    QString error;
    ASSERT_TRUE(panel.objectiveJson(objective, &error)) << error.toStdString();
    EXPECT_EQ(objective["kind"], "mlp");
    EXPECT_EQ(objective["layers"], "2-6-1");
    EXPECT_EQ(objective["dataset"]["name"], "xor");
    // A scene with it parses and builds: (2·6 + 6) + (6 + 1) parameters, from the seed.
    const Scene scene =
        parseScene({{"objective", objective}, {"optimizer", switchingOptimizer()}, {"seed", 7}});
    const Experiment e = buildExperiment(scene);
    EXPECT_EQ(e.objective->dimension(), 25);
    ASSERT_TRUE(panel.network());
    EXPECT_EQ(panel.network()->dimension(), 25);
    EXPECT_FALSE(panel.network()->sampling());
}

TEST(ProblemPanel, BadLayersNameTheField) {
    ProblemPanel panel;
    panel.kindBox()->setCurrentIndex(panel.kindBox()->findData(QStringLiteral("mlp")));
    NetworkForm* form = panel.networkForm();
    form->layersEdit()->setText(QStringLiteral("2-x-1"));
    Q_EMIT form->layersEdit()->editingFinished();
    nlohmann::json objective;
    QString error;
    EXPECT_FALSE(panel.objectiveJson(objective, &error));
    EXPECT_TRUE(error.startsWith(QStringLiteral("objective.layers:"))) << error.toStdString();
    EXPECT_FALSE(panel.network());
    // The input layer must fit the dataset.
    form->layersEdit()->setText(QStringLiteral("3-4-1"));
    Q_EMIT form->layersEdit()->editingFinished();
    EXPECT_FALSE(panel.objectiveJson(objective, &error));
    EXPECT_NE(error.indexOf(QStringLiteral("objective.layers")), -1) << error.toStdString();
}

TEST(ProblemPanel, ChoosingSineSwitchesToMseAndOneInput) {
    ProblemPanel panel;
    panel.kindBox()->setCurrentIndex(panel.kindBox()->findData(QStringLiteral("mlp")));
    NetworkForm* form = panel.networkForm();
    form->datasetBox()->setCurrentIndex(form->datasetBox()->findData(QStringLiteral("sine")));
    nlohmann::json objective;
    QString error;
    ASSERT_TRUE(panel.objectiveJson(objective, &error)) << error.toStdString();
    EXPECT_EQ(objective["loss"], "mse");
    EXPECT_EQ(objective["layers"], "1-8-8-1");
}

TEST(ProblemPanel, SceneRoundTripKeepsFieldsWithoutAControl) {
    ProblemPanel panel;
    panel.setSceneSeed(11);
    nlohmann::json in = moonsObjective(150);
    in["init"] = "he";
    in["activation"] = "relu";
    in["weight_decay"] = 0.001;
    QString error;
    ASSERT_TRUE(panel.setObjectiveJson(in, &error)) << error.toStdString();
    EXPECT_EQ(panel.kind(), QStringLiteral("mlp"));
    nlohmann::json out;
    ASSERT_TRUE(panel.objectiveJson(out, &error)) << error.toStdString();
    EXPECT_EQ(out["init"], "he");
    EXPECT_EQ(out["activation"], "relu");
    EXPECT_EQ(out["dataset"]["n"], 150);
    EXPECT_EQ(out["dataset"]["seed"], 3);
    EXPECT_DOUBLE_EQ(out["weight_decay"].get<double>(), 0.001);
    // A dataset without a seed gets the scene's, as the scene reader does.
    in["dataset"].erase("seed");
    ASSERT_TRUE(panel.setObjectiveJson(in, &error));
    ASSERT_TRUE(panel.objectiveJson(out, &error));
    EXPECT_EQ(out["dataset"]["seed"], 11);
    // A bad scene is refused with the reader's message and changes nothing.
    nlohmann::json bad = moonsObjective();
    bad["dataset"]["name"] = "moon";
    EXPECT_FALSE(panel.setObjectiveJson(bad, &error));
    EXPECT_NE(error.indexOf(QStringLiteral("objective.dataset.name: unknown dataset 'moon'")), -1)
        << error.toStdString();
    ASSERT_TRUE(panel.objectiveJson(out, &error));
    EXPECT_EQ(out["dataset"]["name"], "moons");
}

TEST(ProblemPanel, NeuronIsTwoDimensionalWithAStart) {
    ProblemPanel panel;
    panel.kindBox()->setCurrentIndex(panel.kindBox()->findData(QStringLiteral("neuron")));
    EXPECT_TRUE(panel.hasStart());
    ASSERT_TRUE(panel.network());
    EXPECT_EQ(panel.network()->dimension(), 2);
    EXPECT_EQ(panel.start()[0], ProblemPanel::neuronDefaultStart().x());
    nlohmann::json objective;
    QString error;
    ASSERT_TRUE(panel.objectiveJson(objective, &error)) << error.toStdString();
    EXPECT_EQ(objective["kind"], "neuron");
    EXPECT_EQ(objective["dataset"]["name"], "threshold");
}

class NetworkLandscapeTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_contour.resize(480, 400);
        m_contour.show();
        ASSERT_TRUE(QTest::qWaitForWindowExposed(&m_contour));
    }
    ContourView m_contour;
    DecisionBoundaryView m_boundary;
};

TEST_F(NetworkLandscapeTest, ProjectsTheTrajectoryAndRecentresAtTheEnd) {
    const auto net = network(moonsObjective(120));
    NetworkLandscape landscape(&m_contour, &m_boundary);
    QSignalSpy ready(&m_contour, &ContourView::fieldReady);
    landscape.setNetwork(net, true, ProjectionKind::Pca, 7, Vector());
    ASSERT_TRUE(landscape.projected());
    EXPECT_TRUE(m_contour.caption().contains(QStringLiteral("2D projection")));
    EXPECT_FALSE(m_contour.startEditable());
    ASSERT_TRUE(ready.wait(kTimeoutMs));
    // The plane goes through θ₀ = the seeded initialisation.
    const Vector theta0 = net->initialPoint(7);
    EXPECT_LT((landscape.plane().centre - theta0).norm(), 1e-12);
    const QPointF p0 = landscape.toPlane(theta0);
    EXPECT_NEAR(p0.x(), 0.0, 1e-9);
    EXPECT_NEAR(p0.y(), 0.0, 1e-9);

    // A run: records carry the full parameters; the view gets their projections.
    const Scene scene = parseScene({{"objective", moonsObjective(120)},
                                    {"optimizer", switchingOptimizer()},
                                    {"stop", {{"max_steps", 150}}},
                                    {"seed", 7}});
    Experiment e = buildExperiment(scene);
    cs::Run run(*e.objective, *e.optimizer, e.start, e.stop);
    const RunSummary summary = run.runToEnd();
    auto trajectory = std::make_shared<Trajectory>(run.trajectory());
    landscape.beginRun();
    landscape.appendRecords(trajectory->records(0, trajectory->size()));
    ASSERT_EQ(m_contour.track().points.size(), trajectory->size());
    const QPointF last = landscape.toPlane(trajectory->x(trajectory->size() - 1));
    EXPECT_DOUBLE_EQ(m_contour.track().points.back().x(), last.x());

    // The end: the PCA plane through θ_final, the whole trajectory projected onto it.
    ready.clear();
    landscape.finishRun(trajectory, summary.switches);
    EXPECT_LT((landscape.plane().centre - trajectory->x(trajectory->size() - 1)).norm(), 1e-12);
    EXPECT_NEAR(landscape.plane().d1.dot(landscape.plane().d2), 0.0, 1e-10);
    EXPECT_TRUE(m_contour.caption().contains(QStringLiteral("PCA")))
        << m_contour.caption().toStdString();
    ASSERT_EQ(m_contour.track().points.size(), trajectory->size());
    EXPECT_NEAR(m_contour.track().points.back().x(), 0.0, 1e-9);
    EXPECT_NEAR(m_contour.track().points.back().y(), 0.0, 1e-9);
    // The box shows every projected point.
    const Box view = m_contour.viewBox();
    for (const QPointF& p : m_contour.track().points) {
        EXPECT_GE(p.x(), view.xMin);
        EXPECT_LE(p.x(), view.xMax);
    }
    ASSERT_TRUE(ready.wait(kTimeoutMs));
    EXPECT_TRUE(m_contour.hasField());
    // The decision boundary shows the final parameters.
    EXPECT_GE(m_boundary.shownAccuracy(), 0.9);

    // Centred on an earlier step: the same PCA directions through θ at that step, which is
    // now the origin of the picture; the trajectory is projected again.
    const Vector d1 = landscape.plane().d1;
    ASSERT_TRUE(landscape.canCentre());
    const std::size_t k = 40;
    ASSERT_TRUE(landscape.centreOnStep(k));
    EXPECT_EQ(landscape.centreStep(), k);
    EXPECT_LT((landscape.plane().centre - trajectory->x(k)).norm(), 1e-12);
    EXPECT_LT((landscape.plane().d1 - d1).norm(), 1e-12);
    EXPECT_TRUE(m_contour.caption().contains(QStringLiteral("step 40")))
        << m_contour.caption().toStdString();
    ASSERT_EQ(m_contour.track().points.size(), trajectory->size());
    EXPECT_NEAR(m_contour.track().points[k].x(), 0.0, 1e-9);
    EXPECT_NEAR(m_contour.track().points[k].y(), 0.0, 1e-9);
    EXPECT_FALSE(landscape.centreOnStep(trajectory->size())); // out of range: nothing moves
    EXPECT_EQ(landscape.centreStep(), k);

    // Random directions: the plane is rebuilt at once through the same step, the caption says
    // so.
    landscape.setProjection(ProjectionKind::Random);
    EXPECT_TRUE(m_contour.caption().contains(QStringLiteral("random filter-normalised")));
    EXPECT_LT((landscape.plane().centre - trajectory->x(k)).norm(), 1e-12);
    // And back to θ_final.
    ASSERT_TRUE(landscape.centreOnStep(trajectory->size() - 1));
    EXPECT_TRUE(m_contour.caption().contains(QStringLiteral("θ_final")));
    EXPECT_LT((landscape.plane().centre - trajectory->x(trajectory->size() - 1)).norm(), 1e-12);
    // A new run forgets it: nothing to centre on until it ends.
    landscape.beginRun();
    EXPECT_FALSE(landscape.canCentre());
    EXPECT_FALSE(landscape.centreOnStep(0));
}

TEST_F(NetworkLandscapeTest, ConvexShadingOfThePlaneUsesItsTwoByTwoHessian) {
    const auto net = network(moonsObjective(120));
    NetworkLandscape landscape(&m_contour, &m_boundary);
    QSignalSpy ready(&m_contour, &ContourView::fieldReady);
    landscape.setNetwork(net, true, ProjectionKind::Random, 7, Vector());
    ASSERT_TRUE(ready.wait(kTimeoutMs));
    EXPECT_FALSE(landscape.planeObjective()->hasHessian());
    EXPECT_FALSE(m_contour.hasConvexMask());

    ready.clear();
    landscape.setConvexShading(true);
    ASSERT_TRUE(landscape.planeObjective()->hasHessian());
    EXPECT_TRUE(m_contour.caption().contains(QStringLiteral("convex within this plane")))
        << m_contour.caption().toStdString();
    ASSERT_TRUE(ready.wait(kTimeoutMs));
    EXPECT_TRUE(m_contour.hasConvexMask());
    // The plane's 2 × 2 Hessian is d_iᵀ H d_j of the network's Hessian.
    Matrix h2;
    ASSERT_TRUE(landscape.planeObjective()->computeHessian(Vector::Zero(2), h2));
    const LandscapePlane& plane = landscape.plane();
    const Vector hd1 = net->computeHessianVector(plane.centre, plane.d1);
    EXPECT_NEAR(h2(0, 0), plane.d1.dot(hd1), 1e-9 * std::max(1.0, std::abs(h2(0, 0))));

    ready.clear();
    landscape.setConvexShading(false);
    EXPECT_FALSE(landscape.planeObjective()->hasHessian());
    EXPECT_FALSE(m_contour.caption().contains(QStringLiteral("convex within")));
    ASSERT_TRUE(ready.wait(kTimeoutMs));
    EXPECT_FALSE(m_contour.hasConvexMask());
}

TEST_F(NetworkLandscapeTest, NeuronShowsItsTrueLandscape) {
    std::shared_ptr<const Mlp> net = makeNeuronObjective({{"kind", "neuron"}}, 7);
    NetworkLandscape landscape(&m_contour, &m_boundary);
    Vector start(2);
    start << -6.0, 4.0;
    landscape.setNetwork(net, false, ProjectionKind::Random, 7, start);
    EXPECT_TRUE(landscape.active());
    EXPECT_FALSE(landscape.projected());
    EXPECT_FALSE(landscape.planeObjective());
    EXPECT_TRUE(m_contour.startEditable());
    EXPECT_DOUBLE_EQ(m_contour.viewBox().xMax, neuronDomain().xMax);
    EXPECT_TRUE(m_boundary.isOneDimensional());
}

TEST_F(NetworkLandscapeTest, CancelStopsTheField) {
    // A network large enough that its plane takes a while.
    const nlohmann::json big = {{"kind", "mlp"},
                                {"layers", "2-64-64-1"},
                                {"dataset", {{"name", "moons"}, {"n", 4000}, {"seed", 3}}}};
    NetworkLandscape landscape(&m_contour, &m_boundary);
    QSignalSpy progress(&m_contour, &ContourView::fieldProgress);
    QSignalSpy ready(&m_contour, &ContourView::fieldReady);
    landscape.setNetwork(network(big), true, ProjectionKind::Random, 7, Vector());
    // A costly objective gets a coarser grid.
    EXPECT_LT(m_contour.fieldNodeLimit(), 200);
    ASSERT_TRUE(progress.wait(kTimeoutMs));
    if (ready.count() > 0)
        GTEST_SKIP() << "the field was done before it could be cancelled";
    EXPECT_TRUE(m_contour.fieldPending());
    m_contour.cancelField();
    EXPECT_FALSE(m_contour.fieldPending());
    EXPECT_FALSE(m_contour.hasField());
    // A new view asks again, and that field arrives.
    m_contour.resetView();
    // Even the coarsest grid of this net takes about a minute in the sanitizer build.
    ASSERT_TRUE(ready.wait(kSlowFieldTimeoutMs));
    EXPECT_TRUE(m_contour.hasField());
}

TEST(MainWindowNetwork, RunsAMoonsSceneWithTheProjectionAndTheBoundary) {
    MainWindowOptions options;
    options.restoreSettings = false;
    options.saveSettings = false;
    options.interactive = false;
    MainWindow window(options);
    window.resize(1400, 900);
    window.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
    const Scene scene = parseScene({{"objective", moonsObjective(200)},
                                    {"optimizer", switchingOptimizer()},
                                    {"stop", {{"max_steps", 300}}},
                                    {"seed", 7},
                                    {"view", {{"projection", "pca"}}}});
    ASSERT_TRUE(window.setScene(scene)) << window.lastError().toStdString();
    EXPECT_TRUE(window.decisionBoundaryView()->isVisible());
    EXPECT_TRUE(window.networkLandscape()->projected());
    EXPECT_EQ(window.problemPanel()->projection(), QStringLiteral("pca"));

    // The scene read back: no start (θ₀ comes from the seed), the projection in the view.
    Scene back;
    QString error;
    ASSERT_TRUE(window.scene(back, &error)) << error.toStdString();
    EXPECT_FALSE(back.start.has_value());
    EXPECT_EQ(back.view.value("projection", std::string()), "pca");
    EXPECT_EQ(back.objective["kind"], "mlp");

    QSignalSpy finished(&window.controller(), &RunController::finished);
    QSignalSpy failed(&window.controller(), &RunController::failed);
    window.setSpeed(0.0);
    window.runOrPause();
    ASSERT_TRUE(finished.wait(kTimeoutMs));
    EXPECT_EQ(failed.count(), 0);
    const auto trajectory = window.controller().trajectory();
    ASSERT_TRUE(trajectory);
    EXPECT_EQ(window.contourView()->track().points.size(), trajectory->size());
    EXPECT_TRUE(window.contourView()->caption().contains(QStringLiteral("PCA")));
    EXPECT_GE(window.decisionBoundaryView()->shownAccuracy(), 0.97);
    // The timeline moves the decision boundary back in time.
    window.timeline()->setValue(0);
    window.decisionBoundaryView()->refreshNow();
    EXPECT_LT(window.decisionBoundaryView()->shownAccuracy(), 0.97);
    // View ▸ Centre landscape on this step: the plane goes through the shown step.
    ASSERT_TRUE(window.centreAction()->isEnabled());
    window.timeline()->setValue(25);
    window.centreAction()->trigger();
    EXPECT_LT((window.networkLandscape()->plane().centre - trajectory->x(25)).norm(), 1e-12);
    EXPECT_TRUE(window.contourView()->caption().contains(QStringLiteral("step 25")));

    // Back to a test function: no boundary panel, no caption.
    const Scene rosen = parseScene({{"objective", {{"kind", "function"}, {"name", "rosenbrock"}}},
                                    {"optimizer", {{"kind", "adam"}}}});
    ASSERT_TRUE(window.setScene(rosen));
    EXPECT_FALSE(window.decisionBoundaryView()->isVisible());
    EXPECT_FALSE(window.networkLandscape()->active());
    EXPECT_TRUE(window.contourView()->caption().isEmpty());
    EXPECT_FALSE(window.centreAction()->isEnabled());
}

TEST(PngExport, QuantisedImageKeepsItsLookAndFitsTheBudget) {
    // A viridis-like gradient with text-like grey: thousands of colours.
    QImage image(400, 300, QImage::Format_RGB32);
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            image.setPixel(x, y, qRgb(x * 255 / 399, y * 255 / 299, (x + y) % 256));
    const QImage q = quantised(image, 256);
    ASSERT_EQ(q.format(), QImage::Format_Indexed8);
    EXPECT_LE(q.colorCount(), 256);
    double error = 0.0;
    for (int y = 0; y < image.height(); y += 7)
        for (int x = 0; x < image.width(); x += 7) {
            const QColor a = image.pixelColor(x, y), b = q.pixelColor(x, y);
            error += std::abs(a.red() - b.red()) + std::abs(a.green() - b.green()) +
                     std::abs(a.blue() - b.blue());
        }
    const double samples = std::ceil(400 / 7.0) * std::ceil(300 / 7.0);
    EXPECT_LT(error / samples, 30.0) << "mean absolute error per pixel (sum of channels)";

    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString small = dir.filePath(QStringLiteral("small.png"));
    ASSERT_TRUE(saveCompactPng(image, small, 20 * 1024));
    EXPECT_LE(QFileInfo(small).size(), 80 * 1024);
    const QImage back(small);
    EXPECT_EQ(back.size(), image.size());
    // Within the budget it stays lossless.
    const QString exact = dir.filePath(QStringLiteral("exact.png"));
    ASSERT_TRUE(saveCompactPng(image, exact, 100 * 1024 * 1024));
    EXPECT_EQ(QImage(exact).convertToFormat(QImage::Format_RGB32), image);
    EXPECT_FALSE(saveCompactPng(image, QStringLiteral("/nonexistent-dir/x.png")));
}

} // namespace
} // namespace cs::ui
