#pragma once

#include "core/objective.h"

#include <nlohmann/json_fwd.hpp>

#include <memory>
#include <string>
#include <vector>

namespace cs {

// Objective kinds a scene can name: "function" (the 2D test functions), and the kinds that
// later issues add (networks, typed formulas).
struct ObjectiveKindInfo {
    std::string kind;
    std::string description;
};

const std::vector<ObjectiveKindInfo>& objectiveKinds();

// Builds the objective of a scene, e.g. {"kind": "function", "name": "rosenbrock"}.
// `seed` is the scene's seed (datasets, initialisation). Throws ConfigError naming the field.
std::unique_ptr<Objective> makeObjective(const nlohmann::json& spec, unsigned seed,
                                         const std::string& path = "objective");

} // namespace cs
