// The SQL that picks one version's events (see lineage.h).
#include "storage/eventstore/lineage.h"

#include <algorithm>

namespace rotaplan::storage {

namespace {
constexpr std::string_view kScenarioHead = "scenario/";
}

std::string scenario_prefix_of(std::string_view scenario_id, int generation) {
    return std::string(kScenarioHead) + std::string(scenario_id) + "/" + std::to_string(generation) + "/";
}

std::string Lineage::sql() const {
    // Prefixes are made of a UUID and digits only: inlined, nothing to escape.
    std::string out = "(";
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const Part& p = parts[i];
        if (i) out += " OR ";
        out += "(";
        if (p.prefix.empty()) out += "substr(stream, 1, 9) <> 'scenario/'";
        else out += "substr(stream, 1, " + std::to_string(p.prefix.size()) + ") = '" + p.prefix + "'";
        if (p.up_to != kUnbounded) out += " AND position <= " + std::to_string(p.up_to);
        out += ")";
    }
    return out + ")";
}

std::string_view Lineage::logical(std::string_view physical) const {
    if (!physical.starts_with(kScenarioHead)) return physical;
    // scenario/<36>/<generation>/<stream>
    auto rest = physical.substr(kScenarioHead.size());
    auto slash = rest.find('/');
    if (slash == std::string_view::npos) return physical;
    rest = rest.substr(slash + 1);
    slash = rest.find('/');
    return slash == std::string_view::npos ? physical : rest.substr(slash + 1);
}

Lineage Lineage::as_of(std::int64_t position) const {
    Lineage out = *this;
    for (Part& p : out.parts) p.up_to = std::min(p.up_to, position);
    return out;
}

}  // namespace rotaplan::storage
