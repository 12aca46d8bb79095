#pragma once

#include "core/optimizer.h"
#include "core/params.h"

#include <nlohmann/json_fwd.hpp>

#include <memory>
#include <string>
#include <vector>

namespace cs {

// Optimizers are picked by name (CLI, scene files, GUI), so each one is described here once.
struct OptimizerInfo {
    std::string kind;        // "adam": the name in scenes and on the command line
    std::string title;       // "Adam": for menus
    std::string description; // one sentence: what it is and where it comes from
    std::vector<ParamSpec> params; // numeric hyperparameters (empty for composites)
    bool composite = false;  // takes nested optimizer specs (switching)
};

const std::vector<OptimizerInfo>& optimizerInfos();
const OptimizerInfo* findOptimizerInfo(const std::string& kind);

// Builds an optimizer from a scene's optimizer object, e.g. {"kind": "adam", "lr": 0.01}.
// Throws ConfigError naming the field (under `path`) for anything invalid.
std::unique_ptr<Optimizer> makeOptimizer(const nlohmann::json& spec,
                                         const std::string& path = "optimizer");

} // namespace cs
