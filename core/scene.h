#pragma once

#include "core/objective.h"
#include "core/optimizer.h"
#include "core/run.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <memory>
#include <ostream>
#include <optional>
#include <string>

namespace cs {

// One experiment: the project's one file format. The CLI runs it; the GUI saves and opens it.
//   {"objective": {"kind": "function", "name": "rosenbrock"}, "start": [-1.2, 1.0],
//    "optimizer": {"kind": "adam", "lr": 0.01}, "stop": {"max_steps": 5000}, "seed": 1}
// Every field but "objective" and "optimizer" may be omitted (see docs/scene-format.md).
struct Scene {
    nlohmann::json objective;   // validated by makeObjective
    std::optional<Vector> start; // none: the objective's initialPoint(seed)
    nlohmann::json optimizer;   // validated by makeOptimizer
    StopOptions stop;
    unsigned seed = 1;
    nlohmann::json view = nlohmann::json::object(); // GUI state (zoom, toggles); the CLI ignores it
};

// Parses and fully validates (building the objective and optimizer once). Throws ConfigError
// naming the field, e.g. "optimizer.beta1: must be [0, 1), got 1".
Scene parseScene(const nlohmann::json& json);
// Reads a file; a JSON syntax error is reported with its byte position.
Scene loadScene(const std::string& path);
nlohmann::json sceneToJson(const Scene& scene);
// Writes atomically: to a temporary file beside `path`, then renamed over it.
void saveScene(const Scene& scene, const std::string& path);

// A scene made ready to run.
struct Experiment {
    std::unique_ptr<Objective> objective;
    std::unique_ptr<Optimizer> optimizer;
    Vector start;
    StopOptions stop;
};

Experiment buildExperiment(const Scene& scene);

// Writes `path` atomically: `write` fills a temporary file beside it, which is then renamed over
// `path`, so a failure (or a crash) never leaves a half-written file. Throws ConfigError.
void writeFileAtomically(const std::string& path, const std::function<void(std::ostream&)>& write);
void writeFileAtomically(const std::string& path, const std::string& text);

} // namespace cs
