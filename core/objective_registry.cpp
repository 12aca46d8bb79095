#include "core/objective_registry.h"

#include "core/mlp.h"
#include "core/params.h"
#include "core/test_function.h"

#include <nlohmann/json.hpp>

namespace cs {

namespace {

std::unique_ptr<Objective> makeFunction(const nlohmann::json& spec, const std::string& path) {
    const auto nameIt = spec.find("name");
    if (nameIt == spec.end())
        throw ConfigError(path + ".name: missing (e.g. \"rosenbrock\")");
    if (!nameIt->is_string())
        throw ConfigError(path + ".name: expected a string, got " +
                          std::string(nameIt->type_name()));
    const std::string name = nameIt->get<std::string>();
    const TestFunctionInfo* info = nullptr;
    for (const auto& i : testFunctionInfos())
        if (i.name == name)
            info = &i;
    if (!info) {
        std::string known;
        for (const auto& i : testFunctionInfos())
            known += (known.empty() ? "" : ", ") + i.name;
        throw ConfigError(path + ".name: unknown function '" + name + "' (known: " + known + ")");
    }
    const ParamValues params = readParams(spec, info->params, path, {"kind", "name"});
    return makeTestFunction(name, params);
}

} // namespace

const std::vector<ObjectiveKindInfo>& objectiveKinds() {
    static const std::vector<ObjectiveKindInfo> kinds = {
        {"function", "a 2D test function by name, e.g. {\"kind\": \"function\", \"name\": "
                     "\"rosenbrock\"}"},
        {"mlp", "a small network's training loss, e.g. {\"kind\": \"mlp\", \"layers\": "
                "\"2-8-8-1\", \"dataset\": {\"name\": \"moons\"}} (docs/networks.md)"},
        {"neuron", "one sigmoid neuron σ(w·x + b) on 1D data: a network whose loss surface is "
                   "2D, e.g. {\"kind\": \"neuron\", \"loss\": \"mse\"}"},
    };
    return kinds;
}

std::unique_ptr<Objective> makeObjective(const nlohmann::json& spec, unsigned seed,
                                         const std::string& path) {
    if (!spec.is_object())
        throw ConfigError(path + ": expected an object such as {\"kind\": \"function\", "
                                 "\"name\": \"rosenbrock\"}");
    const auto kindIt = spec.find("kind");
    if (kindIt == spec.end())
        throw ConfigError(path + ".kind: missing");
    if (!kindIt->is_string())
        throw ConfigError(path + ".kind: expected a string, got " +
                          std::string(kindIt->type_name()));
    const std::string kind = kindIt->get<std::string>();
    if (kind == "function")
        return makeFunction(spec, path);
    if (kind == "mlp")
        return makeMlpObjective(spec, seed, path);
    if (kind == "neuron")
        return makeNeuronObjective(spec, seed, path);
    std::string known;
    for (const auto& k : objectiveKinds())
        known += (known.empty() ? "" : ", ") + k.kind;
    throw ConfigError(path + ".kind: unknown objective kind '" + kind + "' (known: " + known +
                      ")");
}

} // namespace cs
