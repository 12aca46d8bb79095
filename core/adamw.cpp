#include "core/adamw.h"

#include <cmath>

namespace cs {

std::vector<ParamSpec> AdamWOptions::params() {
    std::vector<ParamSpec> specs = AdamOptions::params();
    const AdamWOptions d;
    specs.push_back({"weight_decay", d.weightDecay, 0.0, INFINITY, false, false, false,
                     "Decoupled weight decay λ: each step also shrinks x by the fraction lr·λ, "
                     "pulling it towards the origin (0 gives plain Adam)."});
    return specs;
}

AdamWOptions AdamWOptions::fromParams(const ParamValues& values) {
    AdamWOptions o;
    o.lr = values.at("lr");
    o.beta1 = values.at("beta1");
    o.beta2 = values.at("beta2");
    o.eps = values.at("eps");
    o.weightDecay = values.at("weight_decay");
    o.validate();
    return o;
}

void AdamWOptions::validate() const {
    adam().validate();
    if (!(weightDecay >= 0.0) || !std::isfinite(weightDecay))
        throw ConfigError("weight_decay: must be >= 0, got " + formatNumber(weightDecay));
}

AdamW::AdamW(AdamWOptions options)
    : Adam((options.validate(), options.adam()), options.weightDecay), m_optionsW(options) {}

} // namespace cs
