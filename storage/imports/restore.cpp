#include "storage/imports/restore.h"

#include <map>
#include <set>

#include "core/leg_difference.h"

namespace rotaplan::storage {

ScheduleState read_state(Database& db) {
    ScheduleState s;
    for_each_leg(db, [&](const Leg& leg, const std::optional<RotationId>& rotation) {
        LegRow row;
        row.leg = leg;
        row.rotation = rotation;
        s.legs.emplace(leg.id, std::move(row));
    });
    s.rotations = rotation_list(db);
    s.airplanes = airplanes(db);
    return s;
}

namespace {

// airplane registration -> the id of the rotation it flies in `s`
std::map<std::string, std::optional<RotationId>> assignments(const ScheduleState& s) {
    std::map<std::string, RotationId> by_name;
    for (const auto& r : s.rotations) by_name[r.name] = r.id;
    std::map<std::string, std::optional<RotationId>> out;
    for (const auto& a : s.airplanes) {
        auto it = by_name.find(a.rotation_name);
        out[a.registration] = a.rotation_name.empty() || it == by_name.end() ? std::nullopt : std::optional(it->second);
    }
    return out;
}

}  // namespace

std::vector<Command> restore(const ScheduleState& from, const ScheduleState& to) {
    std::vector<Command> out;
    std::set<RotationId> rotations_from, rotations_to;
    for (const auto& r : from.rotations) rotations_from.insert(r.id);
    for (const auto& r : to.rotations) rotations_to.insert(r.id);

    // Airplanes leave rotations first: a rotation flown by another airplane refuses an assignment.
    auto planes_from = assignments(from), planes_to = assignments(to);
    for (const auto& [reg, rotation] : planes_from)
        if (rotation && planes_to[reg] != rotation) out.push_back(UnassignAirplane{Registration::from(reg)});

    // Rotations `to` has and `from` lacks.
    for (const auto& r : to.rotations)
        if (!rotations_from.count(r.id)) out.push_back(CreateRotation{r.id, r.name});

    // Legs out of the rotations they leave (or before they are deleted).
    std::vector<LegId> out_of_rotations, deleted;
    for (const auto& [id, row] : from.legs) {
        auto there = to.legs.find(id);
        if (there == to.legs.end()) {
            if (row.rotation) out_of_rotations.push_back(id);
            deleted.push_back(id);
        } else if (row.rotation && row.rotation != there->second.rotation) {
            out_of_rotations.push_back(id);
        }
    }
    if (!out_of_rotations.empty()) out.push_back(MoveLegs{out_of_rotations, std::nullopt});
    if (!deleted.empty()) out.push_back(DeleteLegs{deleted});

    // Legs `to` has and `from` lacks, outside any rotation for now (same ids).
    std::vector<Leg> added;
    std::vector<rotation::LegTimes> retimed;
    std::vector<Leg> amended;
    for (const auto& [id, row] : to.legs) {
        auto here = from.legs.find(id);
        if (here == from.legs.end()) {
            added.push_back(row.leg);
            continue;
        }
        LegDifference d = leg_difference(here->second.leg, row.leg);  // moves: below, by rotation
        if (d.retimed()) retimed.push_back({id, row.leg.std_utc, row.leg.sta_utc});
        if (d.amended()) amended.push_back(row.leg);
    }
    if (!added.empty()) out.push_back(AddLegs{std::nullopt, added});
    if (!retimed.empty()) out.push_back(RetimeLegs{retimed});
    if (!amended.empty()) out.push_back(AmendLegs{amended});

    // Legs into the rotations `to` has them in.
    std::map<RotationId, std::vector<LegId>> into;
    for (const auto& [id, row] : to.legs) {
        if (!row.rotation) continue;
        auto here = from.legs.find(id);
        if (here == from.legs.end() || here->second.rotation != row.rotation) into[*row.rotation].push_back(id);
    }
    for (auto& [rotation, ids] : into) out.push_back(MoveLegs{ids, rotation});

    for (const auto& [reg, rotation] : planes_to)
        if (rotation && planes_from[reg] != rotation) out.push_back(AssignAirplane{Registration::from(reg), *rotation});

    // Rotations `from` has and `to` lacks: empty by now.
    for (const auto& r : from.rotations)
        if (!rotations_to.count(r.id)) out.push_back(DeleteRotation{r.id});
    return out;
}

}  // namespace rotaplan::storage
