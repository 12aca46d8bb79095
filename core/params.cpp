#include "core/params.h"

#include <nlohmann/json.hpp>

#include <charconv>
#include <cmath>

namespace cs {

bool ParamSpec::accepts(double v) const {
    if (!std::isfinite(v))
        return false;
    if (integer && v != std::floor(v))
        return false;
    if (lowerOpen ? !(v > lower) : !(v >= lower))
        return false;
    if (upperOpen ? !(v < upper) : !(v <= upper))
        return false;
    return true;
}

std::string ParamSpec::rangeText() const {
    std::string text = integer ? "integer in " : "";
    text += lowerOpen ? "(" : "[";
    text += std::isinf(lower) ? "-inf" : formatNumber(lower);
    text += ", ";
    text += std::isinf(upper) ? "inf" : formatNumber(upper);
    text += upperOpen ? ")" : "]";
    if (std::isinf(upper) && !upperOpen)
        text.back() = ')';
    return text;
}

std::string formatNumber(double v) {
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, v);
    return std::string(buffer, result.ptr);
}

namespace {

std::string knownNames(const std::vector<ParamSpec>& specs, const std::set<std::string>& other) {
    std::string names;
    for (const auto& s : specs)
        names += (names.empty() ? "" : ", ") + s.name;
    for (const auto& o : other)
        names += (names.empty() ? "" : ", ") + o;
    return names.empty() ? "none" : names;
}

void checkValue(const ParamSpec& spec, double v, const std::string& fieldPath) {
    if (!spec.accepts(v))
        throw ConfigError(fieldPath + ": must be " + spec.rangeText() + ", got " +
                          formatNumber(v));
}

} // namespace

ParamValues readParams(const nlohmann::json& obj, const std::vector<ParamSpec>& specs,
                       const std::string& path, const std::set<std::string>& otherKeys) {
    if (!obj.is_object())
        throw ConfigError(path + ": expected an object");
    ParamValues values;
    for (const auto& spec : specs) {
        const std::string fieldPath = path + "." + spec.name;
        const auto it = obj.find(spec.name);
        if (it == obj.end()) {
            values[spec.name] = spec.defaultValue;
            continue;
        }
        if (!it->is_number())
            throw ConfigError(fieldPath + ": expected a number, got " +
                              std::string(it->type_name()));
        if (spec.integer && !it->is_number_integer() &&
            it->get<double>() != std::floor(it->get<double>()))
            throw ConfigError(fieldPath + ": expected an integer, got " + it->dump());
        const double v = it->get<double>();
        checkValue(spec, v, fieldPath);
        values[spec.name] = v;
    }
    for (const auto& [key, value] : obj.items()) {
        const bool known = otherKeys.count(key) > 0 ||
                           std::any_of(specs.begin(), specs.end(),
                                       [&](const ParamSpec& s) { return s.name == key; });
        if (!known)
            throw ConfigError(path + "." + key + ": unknown field (known: " +
                              knownNames(specs, otherKeys) + ")");
    }
    return values;
}

ParamValues withDefaults(const std::vector<ParamSpec>& specs, const ParamValues& overrides,
                         const std::string& path) {
    ParamValues values;
    for (const auto& spec : specs)
        values[spec.name] = spec.defaultValue;
    for (const auto& [key, v] : overrides) {
        const auto it = std::find_if(specs.begin(), specs.end(),
                                     [&](const ParamSpec& s) { return s.name == key; });
        if (it == specs.end())
            throw ConfigError(path + "." + key + ": unknown parameter (known: " +
                              knownNames(specs, {}) + ")");
        checkValue(*it, v, path + "." + key);
        values[key] = v;
    }
    return values;
}

} // namespace cs
