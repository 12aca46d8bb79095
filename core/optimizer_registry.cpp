#include "core/optimizer_registry.h"

#include "core/gradient_descent.h"

#include <nlohmann/json.hpp>

#include <functional>

namespace cs {

namespace {

using Factory = std::function<std::unique_ptr<Optimizer>(const nlohmann::json&, const std::string&)>;

struct Entry {
    OptimizerInfo info;
    Factory make;
};

// A plain optimizer: reads its numeric fields through Options::params(), then builds.
template <typename Opt, typename Options>
Entry plain(std::string kind, std::string title, std::string description) {
    Entry e;
    e.info = {std::move(kind), std::move(title), std::move(description), Options::params(), false};
    e.make = [](const nlohmann::json& spec, const std::string& path) -> std::unique_ptr<Optimizer> {
        const ParamValues values = readParams(spec, Options::params(), path);
        try {
            return std::make_unique<Opt>(Options::fromParams(values));
        } catch (const ConfigError& e) {
            throw ConfigError(path + "." + e.what());
        }
    };
    return e;
}

const std::vector<Entry>& entries() {
    static const std::vector<Entry> table = {
        plain<GradientDescent, GradientDescentOptions>(
            "gd", "Gradient descent", "Fixed-step steepest descent: x ← x − η∇f."),
    };
    return table;
}

} // namespace

const std::vector<OptimizerInfo>& optimizerInfos() {
    static const std::vector<OptimizerInfo> infos = [] {
        std::vector<OptimizerInfo> v;
        for (const auto& e : entries())
            v.push_back(e.info);
        return v;
    }();
    return infos;
}

const OptimizerInfo* findOptimizerInfo(const std::string& kind) {
    for (const auto& info : optimizerInfos())
        if (info.kind == kind)
            return &info;
    return nullptr;
}

std::unique_ptr<Optimizer> makeOptimizer(const nlohmann::json& spec, const std::string& path) {
    if (!spec.is_object())
        throw ConfigError(path + ": expected an object such as {\"kind\": \"adam\"}");
    const auto kindIt = spec.find("kind");
    if (kindIt == spec.end())
        throw ConfigError(path + ".kind: missing");
    if (!kindIt->is_string())
        throw ConfigError(path + ".kind: expected a string, got " +
                          std::string(kindIt->type_name()));
    const std::string kind = kindIt->get<std::string>();
    for (const auto& e : entries())
        if (e.info.kind == kind)
            return e.make(spec, path);
    std::string known;
    for (const auto& e : entries())
        known += (known.empty() ? "" : ", ") + e.info.kind;
    throw ConfigError(path + ".kind: unknown optimizer '" + kind + "' (known: " + known + ")");
}

} // namespace cs
