#include "rotation.h"

#include <algorithm>
#include <iterator>
#include <unordered_set>

#include "files/encoding.h"
#include "overloaded.h"

namespace rotaplan::rotation {

namespace {

bool by_std(const Leg& a, const Leg& b) { return a.std_utc < b.std_utc; }

DomainError overlap_error(const State& s, const Leg& a, const Leg& b) {
    return rejected("leg " + describe(a) + " would overlap leg " + describe(b) + " in rotation " + s.name);
}

DomainError missing_rotation(const State& s) {
    return not_found(s.exists ? "rotation " + s.name + " was deleted" : "no such rotation");
}

// The existing leg that `leg` would overlap in `legs` (sorted, non-overlapping), if any.
const Leg* overlapping(const std::vector<Leg>& legs, const Leg& leg) {
    auto it = std::lower_bound(legs.begin(), legs.end(), leg, by_std);
    if (it != legs.end() && overlaps(*it, leg)) return &*it;
    if (it != legs.begin() && overlaps(*std::prev(it), leg)) return &*std::prev(it);
    return nullptr;
}

Decision add_legs(const State& s, const AddLegs& c) {
    if (!s.live()) return missing_rotation(s);
    if (c.legs.empty()) return invalid("no legs to add");
    std::unordered_set<LegId, UuidHash> ids;
    for (const Leg& leg : c.legs) {
        if (auto why = check_leg_times(leg.std_utc, leg.sta_utc); !why.empty())
            return invalid("leg " + describe(leg) + ": " + why);
        if (s.find(leg.id) || !ids.insert(leg.id).second)
            return rejected("leg " + format_designator(leg.designator) + " is already in rotation " + s.name);
        if (const Leg* other = overlapping(s.legs, leg)) return overlap_error(s, leg, *other);
    }
    if (c.legs.size() > 1) {
        std::vector<Leg> added = c.legs;
        std::sort(added.begin(), added.end(), by_std);
        if (auto [a, b] = first_overlap(added); a) return overlap_error(s, *b, *a);
    }
    if (c.legs.size() == 1) return Events{LegAddedToRotation{s.id, c.legs.front()}};
    return Events{LegsAddedToRotation{s.id, c.legs}};
}

Decision remove_legs(const State& s, const RemoveLegs& c) {
    if (!s.live()) return missing_rotation(s);
    Events out;
    std::unordered_set<LegId, UuidHash> seen;
    for (LegId id : c.legs) {
        if (!s.find(id)) return not_found("leg " + id.value.str() + " is not in rotation " + s.name);
        if (seen.insert(id).second) out.push_back(LegRemovedFromRotation{s.id, id});
    }
    if (out.empty()) return invalid("no legs to remove");
    return out;
}

Decision retime_legs(const State& s, const RetimeLegs& c) {
    if (!s.live()) return missing_rotation(s);
    if (c.times.empty()) return invalid("no legs to retime");
    std::vector<Leg> after = s.legs;
    Events out;
    for (const LegTimes& t : c.times) {
        auto it = std::find_if(after.begin(), after.end(), [&](const Leg& l) { return l.id == t.leg; });
        if (it == after.end()) return not_found("leg " + t.leg.value.str() + " is not in rotation " + s.name);
        if (auto why = check_leg_times(t.std_utc, t.sta_utc); !why.empty())
            return invalid("leg " + format_designator(it->designator) + ": " + why);
        it->std_utc = t.std_utc;
        it->sta_utc = t.sta_utc;
        out.push_back(LegRetimed{t.leg, t.std_utc, t.sta_utc});
    }
    std::stable_sort(after.begin(), after.end(), by_std);
    if (auto [a, b] = first_overlap(after); a) return overlap_error(s, *b, *a);
    return out;
}

Decision amend_legs(const State& s, const AmendLegs& c) {
    if (!s.live()) return missing_rotation(s);
    Events out;
    for (const Leg& leg : c.legs) {
        const Leg* current = s.find(leg.id);
        if (!current) return not_found("leg " + format_designator(leg.designator) + " is not in rotation " + s.name);
        if (auto why = check_amendment(*current, leg); !why.empty()) return invalid(why);
        if (leg != *current) out.push_back(LegAmended{leg});
    }
    return out;
}

}  // namespace

std::string check_amendment(const Leg& current, const Leg& amended) {
    if (current.designator != amended.designator) return "an amendment cannot change a leg's flight designator";
    if (current.std_utc != amended.std_utc || current.sta_utc != amended.sta_utc)
        return "leg " + format_designator(current.designator) + ": an amendment keeps the times; retime the leg instead";
    return {};
}

const Leg* State::find(LegId leg) const {
    for (const Leg& l : legs)
        if (l.id == leg) return &l;
    return nullptr;
}

std::pair<const Leg*, const Leg*> first_overlap(const std::vector<Leg>& legs) {
    // Sorted by STD: a leg can only overlap its successor if any later leg does,
    // so checking against the latest arrival so far finds every overlap.
    const Leg* latest = nullptr;
    for (const Leg& l : legs) {
        if (latest && l.std_utc < latest->sta_utc) return {latest, &l};
        if (!latest || l.sta_utc > latest->sta_utc) latest = &l;
    }
    return {nullptr, nullptr};
}

std::string check_rotation_name(std::string_view name) {
    if (name.empty()) return "a rotation name must not be empty";
    if (name.size() > 64) return "a rotation name has at most 64 characters";
    if (name.front() == ' ' || name.back() == ' ') return "a rotation name must not start or end with a space";
    for (unsigned char c : name)
        if (files::is_control(c)) return "a rotation name must not contain control characters";
    if (!files::is_utf8(name)) return "a rotation name must be UTF-8 text";
    return {};
}

Decision decide(const State& s, const Command& command) {
    return std::visit(
        overloaded{
            [&](const Create& c) -> Decision {
                // A deleted rotation may be created again under its id: that is
                // how an undo of its deletion (or of an import) brings it back.
                if (s.live()) return rejected("rotation " + s.name + " already exists");
                if (auto why = check_rotation_name(c.name); !why.empty()) return invalid(why);
                return Events{RotationCreated{c.id, c.name}};
            },
            [&](const Rename& c) -> Decision {
                if (!s.live()) return missing_rotation(s);
                if (auto why = check_rotation_name(c.name); !why.empty()) return invalid(why);
                if (c.name == s.name) return Events{};
                return Events{RotationRenamed{s.id, c.name}};
            },
            [&](const Delete&) -> Decision {
                if (!s.live()) return missing_rotation(s);
                Events out;
                for (const Leg& l : s.legs) out.push_back(LegRemovedFromRotation{s.id, l.id});
                out.push_back(RotationDeleted{s.id});
                return out;
            },
            [&](const AddLegs& c) { return add_legs(s, c); },
            [&](const RemoveLegs& c) { return remove_legs(s, c); },
            [&](const RetimeLegs& c) { return retime_legs(s, c); },
            [&](const AmendLegs& c) { return amend_legs(s, c); },
        },
        command);
}

State evolve(State s, const Event& event) {
    std::visit(overloaded{
                   [&](const RotationCreated& e) {
                       s.exists = true;
                       s.deleted = false;
                       s.id = e.rotation;
                       s.name = e.name;
                       s.legs.clear();
                   },
                   [&](const RotationRenamed& e) { s.name = e.name; },
                   [&](const RotationDeleted&) {
                       s.deleted = true;
                       s.legs.clear();
                   },
                   [&](const LegAddedToRotation& e) {
                       s.legs.insert(std::upper_bound(s.legs.begin(), s.legs.end(), e.leg, by_std), e.leg);
                   },
                   [&](const LegsAddedToRotation& e) {
                       // Merge, not one insert each: a season's rotation arrives as one event of 1,300 legs.
                       std::vector<Leg> added = e.legs;
                       std::stable_sort(added.begin(), added.end(), by_std);
                       std::vector<Leg> merged;
                       merged.reserve(s.legs.size() + added.size());
                       std::merge(s.legs.begin(), s.legs.end(), added.begin(), added.end(), std::back_inserter(merged), by_std);
                       s.legs = std::move(merged);
                   },
                   [&](const LegRemovedFromRotation& e) {
                       std::erase_if(s.legs, [&](const Leg& l) { return l.id == e.leg; });
                   },
                   [&](const LegRetimed& e) {
                       auto it = std::find_if(s.legs.begin(), s.legs.end(), [&](const Leg& l) { return l.id == e.leg; });
                       if (it == s.legs.end()) return;
                       Leg moved = *it;
                       s.legs.erase(it);
                       moved.std_utc = e.std_utc;
                       moved.sta_utc = e.sta_utc;
                       s.legs.insert(std::upper_bound(s.legs.begin(), s.legs.end(), moved, by_std), moved);
                   },
                   [&](const LegAmended& e) {
                       for (Leg& l : s.legs)
                           if (l.id == e.leg.id) l = e.leg;  // same times: the order holds
                   },
                   [](const auto&) {},  // events of other aggregates do not concern a rotation
               },
               event);
    return s;
}

}  // namespace rotaplan::rotation
