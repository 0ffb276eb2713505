#include "rules.h"

#include <algorithm>

namespace rotaplan::validation {

const char* constraint_name(Constraint c) {
    switch (c) {
    case Constraint::Continuity: return "continuity";
    case Constraint::MinimumGroundTime: return "min_ground_time";
    case Constraint::DesignatorUniqueness: return "designator_uniqueness";
    }
    return "?";
}

std::vector<PairViolation> check_rotation(const std::vector<Leg>& legs, int airplane_minimum,
                                          const std::function<int(AirportCode)>& airport_minimum) {
    std::vector<PairViolation> out;
    for (std::size_t i = 1; i < legs.size(); ++i) {
        const Leg& a = legs[i - 1];
        const Leg& b = legs[i];
        if (a.arrival != b.designator.departure) out.push_back({Constraint::Continuity, a.id, b.id, 0, 0, a.std_utc});
        int ground = int(b.std_utc - a.sta_utc);
        int required = required_ground_minutes(airport_minimum(a.arrival), airplane_minimum);
        if (ground < required) out.push_back({Constraint::MinimumGroundTime, a.id, b.id, ground, required, a.std_utc});
    }
    return out;
}

std::vector<DuplicateRotationName> duplicate_rotation_names(const std::map<RotationId, std::string>& rotations) {
    std::map<std::string, std::vector<RotationId>> by_name;
    for (const auto& [id, name] : rotations) by_name[name].push_back(id);
    std::vector<DuplicateRotationName> out;
    for (auto& [name, ids] : by_name)
        if (ids.size() > 1) out.push_back({name, std::move(ids)});
    return out;
}

}  // namespace rotaplan::validation
