#include "core/scene.h"

#include "core/objective_registry.h"
#include "core/optimizer_registry.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace cs {

namespace {

Vector readStart(const nlohmann::json& j) {
    if (!j.is_array())
        throw ConfigError("start: expected an array of numbers, got " + std::string(j.type_name()));
    Vector x(static_cast<Eigen::Index>(j.size()));
    for (std::size_t i = 0; i < j.size(); ++i) {
        if (!j[i].is_number())
            throw ConfigError("start[" + std::to_string(i) + "]: expected a number, got " +
                              std::string(j[i].type_name()));
        x[static_cast<Eigen::Index>(i)] = j[i].get<double>();
        if (!std::isfinite(x[static_cast<Eigen::Index>(i)]))
            throw ConfigError("start[" + std::to_string(i) + "]: must be finite");
    }
    return x;
}

} // namespace

Scene parseScene(const nlohmann::json& json) {
    if (!json.is_object())
        throw ConfigError("scene: expected a JSON object at the top level");
    static const std::set<std::string> known = {"objective", "start", "optimizer",
                                                "stop",      "seed",  "view"};
    for (const auto& [key, value] : json.items())
        if (!known.count(key))
            throw ConfigError(key + ": unknown field (known: objective, start, optimizer, stop, "
                                    "seed, view)");
    Scene scene;
    if (!json.contains("objective"))
        throw ConfigError("objective: missing");
    scene.objective = json.at("objective");
    if (!json.contains("optimizer"))
        throw ConfigError("optimizer: missing");
    scene.optimizer = json.at("optimizer");
    if (json.contains("seed")) {
        const auto& s = json.at("seed");
        if (!s.is_number_integer() || s.get<long long>() < 0 ||
            s.get<long long>() > 4294967295LL)
            throw ConfigError("seed: expected an integer in [0, 4294967295], got " + s.dump());
        scene.seed = static_cast<unsigned>(s.get<long long>());
    }
    if (json.contains("start") && !json.at("start").is_null())
        scene.start = readStart(json.at("start"));
    const nlohmann::json stop = json.contains("stop") ? json.at("stop") : nlohmann::json::object();
    try {
        scene.stop = StopOptions::fromParams(readParams(stop, StopOptions::params(), "stop", {}));
    } catch (const ConfigError& e) {
        const std::string what = e.what();
        throw ConfigError(what.rfind("stop", 0) == 0 ? what : "stop." + what);
    }
    if (json.contains("view")) {
        if (!json.at("view").is_object())
            throw ConfigError("view: expected an object");
        scene.view = json.at("view");
    }
    // Build once so that every error surfaces here, at load time.
    buildExperiment(scene);
    return scene;
}

Scene loadScene(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw ConfigError(path + ": cannot open the file");
    std::stringstream buffer;
    buffer << in.rdbuf();
    nlohmann::json json;
    try {
        json = nlohmann::json::parse(buffer.str());
    } catch (const nlohmann::json::exception& e) {
        // parse_error, and out_of_range for a number too large for a double (1e400).
        throw ConfigError(path + ": not valid JSON (" + std::string(e.what()) + ")");
    }
    return parseScene(json);
}

nlohmann::json sceneToJson(const Scene& scene) {
    nlohmann::json j;
    j["objective"] = scene.objective;
    if (scene.start)
        j["start"] = std::vector<double>(scene.start->data(),
                                         scene.start->data() + scene.start->size());
    j["optimizer"] = scene.optimizer;
    j["stop"] = {{"max_steps", scene.stop.maxSteps},
                 {"max_evaluations", scene.stop.maxEvaluations},
                 {"grad_tol", scene.stop.gradTol},
                 {"f_tol", scene.stop.fTol}};
    j["seed"] = scene.seed;
    if (!scene.view.empty())
        j["view"] = scene.view;
    return j;
}

void writeFileAtomically(const std::string& path, const std::string& text) {
    writeFileAtomically(path, [&](std::ostream& out) { out << text; });
}

void writeFileAtomically(const std::string& path,
                         const std::function<void(std::ostream&)>& write) {
    const std::string temporary = path + ".tmp";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        if (!out)
            throw ConfigError(path + ": cannot write (is the folder there and writable?)");
        write(out);
        out.flush();
        if (!out) {
            std::remove(temporary.c_str());
            throw ConfigError(path + ": writing failed (disk full?)");
        }
    }
    std::error_code ec;
    std::filesystem::rename(temporary, path, ec);
    if (ec) {
        std::remove(temporary.c_str());
        throw ConfigError(path + ": cannot replace the file (" + ec.message() + ")");
    }
}

void saveScene(const Scene& scene, const std::string& path) {
    writeFileAtomically(path, sceneToJson(scene).dump(2) + "\n");
}

Experiment buildExperiment(const Scene& scene) {
    Experiment e;
    e.objective = makeObjective(scene.objective, scene.seed);
    e.optimizer = makeOptimizer(scene.optimizer);
    e.start = scene.start ? *scene.start : e.objective->initialPoint(scene.seed);
    if (e.start.size() != e.objective->dimension())
        throw ConfigError("start: expected " + std::to_string(e.objective->dimension()) +
                          " coordinates for " + e.objective->name() + ", got " +
                          std::to_string(e.start.size()));
    e.stop = scene.stop;
    return e;
}

} // namespace cs
