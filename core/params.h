#pragma once

#include <nlohmann/json_fwd.hpp>

#include <limits>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace cs {

// Invalid configuration: a bad scene field, an unknown name, an out-of-range hyperparameter.
// The message starts with the field's path, e.g. "optimizer.lr: must be > 0, got -1".
class ConfigError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// One numeric hyperparameter, described once: the CLI's `list`, the scene reader's validation
// and the GUI's controls all read the same description.
struct ParamSpec {
    std::string name;
    double defaultValue = 0.0;
    double lower = -std::numeric_limits<double>::infinity();
    double upper = std::numeric_limits<double>::infinity();
    bool lowerOpen = false; // true: value must be > lower, false: >= lower
    bool upperOpen = false; // true: value must be < upper, false: <= upper
    bool integer = false;
    std::string help;

    bool accepts(double v) const;
    // "(0, inf)", "[0, 1)", "integer in [1, 1000]".
    std::string rangeText() const;
};

using ParamValues = std::map<std::string, double>;

// Reads the fields named by `specs` from the JSON object `obj` (at `path`, for messages),
// filling omitted fields with their defaults. A field of the wrong type, a non-finite or
// out-of-range value, or a key that is neither in `specs` nor in `otherKeys` is a ConfigError.
ParamValues readParams(const nlohmann::json& obj, const std::vector<ParamSpec>& specs,
                       const std::string& path, const std::set<std::string>& otherKeys = {"kind"});

// The defaults of `specs`, checked against `values` overrides (a ConfigError for a bad one).
ParamValues withDefaults(const std::vector<ParamSpec>& specs, const ParamValues& values,
                         const std::string& path);

// Formats a number for messages and listings: shortest text that reads back to the same double.
std::string formatNumber(double v);

} // namespace cs
