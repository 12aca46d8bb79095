#include "core/optimizer_registry.h"

#include "core/adam.h"
#include "core/adamw.h"
#include "core/conjugate_gradient.h"
#include "core/gradient_descent.h"
#include "core/lbfgs.h"
#include "core/momentum.h"
#include "core/nesterov.h"
#include "core/newton.h"
#include "core/rmsprop.h"
#include "core/swats.h"
#include "core/switching.h"

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
        plain<Momentum, MomentumOptions>(
            "momentum", "Momentum",
            "Heavy-ball gradient descent, v ← μv − η∇f, x ← x + v (Polyak 1964)."),
        plain<Nesterov, NesterovOptions>(
            "nesterov", "Nesterov momentum",
            "Momentum with the gradient taken at the look-ahead point x + μv (Nesterov 1983; "
            "Sutskever et al. 2013)."),
        plain<Rmsprop, RmspropOptions>(
            "rmsprop", "RMSprop",
            "Gradient steps divided per coordinate by a running root-mean-square of the "
            "gradient (Tieleman & Hinton 2012)."),
        plain<Adam, AdamOptions>(
            "adam", "Adam",
            "Bias-corrected running means of the gradient and its square set a per-coordinate "
            "step (Kingma & Ba 2014)."),
        plain<AdamW, AdamWOptions>(
            "adamw", "AdamW",
            "Adam with weight decay applied to x directly rather than through the gradient "
            "(Loshchilov & Hutter 2019)."),
        plain<Lbfgs, LbfgsOptions>(
            "lbfgs", "L-BFGS",
            "Quasi-Newton steps from the last m curvature pairs with a strong-Wolfe line search "
            "(Liu & Nocedal 1989)."),
        plain<Newton, NewtonOptions>(
            "newton", "Newton",
            "Steps with the exact Hessian, shifted to stay positive definite, and a strong-Wolfe "
            "line search (Nocedal & Wright 2006, §3.4)."),
        plain<ConjugateGradient, ConjugateGradientOptions>(
            "cg", "Conjugate gradient",
            "Nonlinear conjugate gradient with the Polak–Ribière+ formula and restarts (Polak & "
            "Ribière 1969; Nocedal & Wright 2006, §5.2)."),
        // Composite optimizers ("switching", "swats") are appended below this line.
        plain<Swats, SwatsOptions>(
            "swats", "SWATS",
            "Adam until its implied SGD learning rate settles, then SGD with momentum at that "
            "rate (Keskar & Socher 2017)."),
        Entry{{"switching", "Switching",
               "A phase-1 optimizer until a convexity criterion fires, then a phase-2 optimizer "
               "from that point: {\"phase1\", \"phase2\", \"criterion\", \"min_steps\", "
               "\"fallback\", \"max_switches\", \"seed_pairs\"}.",
               {},
               true},
              makeSwitchingOptimizer},
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
