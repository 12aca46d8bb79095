#include "core/scene.h"

#include "core/test_function.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace cs {
namespace {

nlohmann::json validScene() {
    return nlohmann::json::parse(R"({
        "objective": {"kind": "function", "name": "rosenbrock"},
        "start": [-1.2, 1.0],
        "optimizer": {"kind": "gd", "lr": 0.0005},
        "stop": {"max_steps": 50, "grad_tol": 1e-10},
        "seed": 1})");
}

// Parsing `json` must fail with a message that starts with `field`.
void expectRejected(const nlohmann::json& json, const std::string& field) {
    try {
        parseScene(json);
        FAIL() << "accepted: " << json.dump();
    } catch (const ConfigError& e) {
        EXPECT_EQ(std::string(e.what()).rfind(field, 0), 0u)
            << "message '" << e.what() << "' should start with '" << field << "'";
    }
}

TEST(Scene, ParsesTheDocumentedExample) {
    const Scene scene = parseScene(validScene());
    ASSERT_TRUE(scene.start.has_value());
    EXPECT_EQ(scene.start->size(), 2);
    EXPECT_EQ(scene.stop.maxSteps, 50);
    EXPECT_EQ(scene.stop.gradTol, 1e-10);
    EXPECT_EQ(scene.seed, 1u);
}

TEST(Scene, OmittedFieldsTakeDefaults) {
    nlohmann::json j = validScene();
    j.erase("start");
    j.erase("stop");
    j.erase("seed");
    const Scene scene = parseScene(j);
    EXPECT_FALSE(scene.start.has_value());
    EXPECT_EQ(scene.stop.maxSteps, StopOptions{}.maxSteps);
    EXPECT_EQ(scene.seed, 1u);
    const Experiment e = buildExperiment(scene);
    auto rosenbrock = makeTestFunction("rosenbrock");
    EXPECT_EQ(e.start, rosenbrock->start()) << "no start: the function's customary start";
}

TEST(Scene, RoundTripsThroughJson) {
    const Scene scene = parseScene(validScene());
    const Scene again = parseScene(sceneToJson(scene));
    EXPECT_EQ(sceneToJson(again), sceneToJson(scene));
    EXPECT_EQ(*again.start, *scene.start);
}

TEST(Scene, RejectsBadFieldsNamingThem) {
    auto with = [](const std::string& pointer, const nlohmann::json& value) {
        nlohmann::json j = validScene();
        j[nlohmann::json::json_pointer(pointer)] = value;
        return j;
    };
    expectRejected(nlohmann::json::array(), "scene");
    expectRejected(with("/objective/name", "nope"), "objective.name");
    expectRejected(with("/objective/name", 3), "objective.name");
    expectRejected(with("/objective/kind", "spline"), "objective.kind");
    expectRejected(with("/optimizer/kind", "nope"), "optimizer.kind");
    expectRejected(with("/optimizer/lr", 0), "optimizer.lr");
    expectRejected(with("/optimizer/lr", nullptr), "optimizer.lr");
    expectRejected(with("/optimizer/lr", "0.1"), "optimizer.lr");
    expectRejected(with("/optimizer/lrr", 0.1), "optimizer.lrr");
    expectRejected(with("/start", nlohmann::json::array({1, 2, 3})), "start");
    expectRejected(with("/start", nlohmann::json::array({1, nullptr})), "start[1]");
    expectRejected(with("/start", "origin"), "start");
    expectRejected(with("/stop/max_steps", -1), "stop.max_steps");
    expectRejected(with("/stop/max_steps", 1.5), "stop.max_steps");
    expectRejected(with("/stop/grad_tol", -1e-3), "stop.grad_tol");
    expectRejected(with("/seed", -1), "seed");
    expectRejected(with("/seed", 1.5), "seed");
    expectRejected(with("/view", 3), "view");
    expectRejected(with("/colour", 3), "colour");
    nlohmann::json noObjective = validScene();
    noObjective.erase("objective");
    expectRejected(noObjective, "objective");
    nlohmann::json noOptimizer = validScene();
    noOptimizer.erase("optimizer");
    expectRejected(noOptimizer, "optimizer");
}

class SceneFile : public ::testing::Test {
protected:
    void SetUp() override {
        m_dir = std::filesystem::temp_directory_path() /
                ("cs_scene_test_" + std::to_string(::getpid()));
        std::filesystem::create_directories(m_dir);
    }
    void TearDown() override { std::filesystem::remove_all(m_dir); }
    std::filesystem::path m_dir;
};

TEST_F(SceneFile, SaveAndLoadGiveTheSameScene) {
    const Scene scene = parseScene(validScene());
    const std::string path = (m_dir / "scene.json").string();
    saveScene(scene, path);
    EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
    EXPECT_EQ(sceneToJson(loadScene(path)), sceneToJson(scene));
}

TEST_F(SceneFile, MalformedJsonNamesTheFileAndThePosition) {
    const std::string path = (m_dir / "bad.json").string();
    std::ofstream(path) << "{\"objective\": ";
    try {
        loadScene(path);
        FAIL();
    } catch (const ConfigError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find(path), std::string::npos) << what;
        EXPECT_NE(what.find("not valid JSON"), std::string::npos) << what;
    }
}

TEST_F(SceneFile, MissingFileIsAConfigError) {
    EXPECT_THROW(loadScene((m_dir / "absent.json").string()), ConfigError);
}

TEST_F(SceneFile, AFailedWriteLeavesTheOldFileIntact) {
    const std::string path = (m_dir / "keep.txt").string();
    writeFileAtomically(path, "original");
    EXPECT_THROW(writeFileAtomically(path,
                                     [](std::ostream& out) {
                                         out << "half";
                                         throw ConfigError("simulated failure");
                                     }),
                 ConfigError);
    std::ifstream in(path);
    std::string text;
    std::getline(in, text);
    EXPECT_EQ(text, "original");
}

TEST_F(SceneFile, WritingIntoAMissingFolderFailsCleanly) {
    EXPECT_THROW(writeFileAtomically((m_dir / "no" / "such" / "f.txt").string(), "x"),
                 ConfigError);
}

} // namespace
} // namespace cs
