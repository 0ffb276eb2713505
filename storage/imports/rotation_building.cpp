#include "storage/imports/rotation_building.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "storage/eventstore/system_mint.h"
#include "storage/projections/queries.h"

namespace rotaplan::storage {

namespace {

bool wanted(const Leg& l, const BuildFilter& f) {
    if (f.from && l.designator.day_of_origin < *f.from) return false;
    if (f.to && l.designator.day_of_origin > *f.to) return false;
    if (f.airline && l.designator.flight.airline != *f.airline) return false;
    if (f.type && l.aircraft_type != *f.type) return false;
    return true;
}

std::set<std::string> rotation_names(Database& db) {
    std::set<std::string> names;
    for (auto& r : rotation_list(db)) names.insert(std::move(r.name));
    return names;
}

}  // namespace

RotationProposal propose_rotations(Database& db, const BuildFilter& filter) {
    RotationProposal p;
    for_each_leg(
        db, [&](const Leg& l, const std::optional<RotationId>&) {
            if (wanted(l, filter)) p.legs.push_back(l);
        },
        "+rotation_id IS NULL");  // a scan: the rotation index would cost a lookup per leg
    for (const auto& a : airports(db))
        if (a.min_ground_minutes > 0) p.ground.airports[AirportCode::from(a.airport)] = a.min_ground_minutes;
    // A type's minimum is the longest of its airplanes': whichever airplane of
    // the type is later assigned can fly every turn.
    for (const auto& a : airplanes(db)) {
        int& m = p.ground.types[AircraftType::from(a.aircraft_type)];
        m = std::max(m, a.min_ground_minutes);
    }
    p.proposal = rotations::build(p.legs, p.ground);

    // Names by type, numbered on from the highest in use: "320-001", "320-002", ...
    const auto taken = rotation_names(db);
    std::map<AircraftType, int> counter;
    for (const auto& r : p.proposal.rotations) {
        const AircraftType type = p.legs[r.front()].aircraft_type;
        std::string name;
        do {
            char buf[32];
            std::snprintf(buf, sizeof buf, "%s-%03d", type.str().c_str(), ++counter[type]);
            name = buf;
        } while (taken.count(name));
        p.names.push_back(std::move(name));
    }
    return p;
}

std::vector<Command> proposal_commands(const RotationProposal& p) {
    std::vector<Command> out;
    out.reserve(p.proposal.rotations.size() * 2);
    for (std::size_t r = 0; r < p.proposal.rotations.size(); ++r) {
        RotationId id = system_mint().rotation();
        out.push_back(CreateRotation{id, p.names[r]});
        std::vector<LegId> legs;
        legs.reserve(p.proposal.rotations[r].size());
        for (auto i : p.proposal.rotations[r]) legs.push_back(p.legs[i].id);
        out.push_back(MoveLegs{std::move(legs), id});
    }
    return out;
}

bool worth_bulk(const RotationProposal& p) { return p.legs.size() > 20000; }  // as imports decide (importer.cpp)

CommandsResult run_in_one_transaction(ScheduleStore& store, const std::vector<Command>& commands, CommandContext context,
                                      bool bulk) {
    CommandsResult result;
    result.correlation = system_mint().next().str();
    context.correlation_id = result.correlation;
    store.in_transaction([&] {
        if (bulk) store.begin_bulk();
        for (const auto& c : commands) {
            auto outcome = store.try_command({c, context});
            if (!outcome.ok) {
                result.error = std::string(command_name(c)) + ": " + outcome.error.message;
                result.events = 0;
                return false;
            }
            result.events += int(outcome.positions.size());
            ++result.commands;
        }
        if (bulk) store.end_bulk();
        return result.ok = true;
    });
    if (!result.ok) result.commands = 0;
    return result;
}

std::vector<Command> AirplanePlan::commands() const {
    std::vector<Command> out;
    for (const auto& p : pairs) out.push_back(AssignAirplane{p.airplane, p.rotation});
    return out;
}

AirplanePlan plan_airplanes(Database& db) {
    AirplanePlan plan;
    // Each rotation's legs, by STD, from one scan of the legs table.
    std::map<RotationId, std::vector<Leg>> legs_of;
    for_each_leg(
        db, [&](const Leg& l, const std::optional<RotationId>& r) { legs_of[*r].push_back(l); }, "+rotation_id IS NOT NULL");
    std::vector<RotationRow> open;
    for (auto& r : rotation_list(db))
        if (r.airplane.empty()) open.push_back(std::move(r));
    std::vector<rotations::Candidate> rotation_candidates;
    std::vector<int> turn(open.size(), rotations::kNoTurn);
    for (std::uint32_t i = 0; i < open.size(); ++i) {
        auto& legs = legs_of[open[i].id];
        if (legs.empty()) {
            plan.rotations_left.push_back({open[i].name, "it has no legs"});
            continue;
        }
        std::sort(legs.begin(), legs.end(), [](const Leg& a, const Leg& b) { return a.std_utc < b.std_utc; });
        std::set<AircraftType> types;
        for (const auto& l : legs) types.insert(l.aircraft_type);
        if (types.size() > 1) {
            plan.rotations_left.push_back({open[i].name, "its legs are of " + std::to_string(types.size()) + " aircraft types"});
            continue;
        }
        turn[i] = rotations::shortest_turn(legs);
        rotation_candidates.push_back({i, *types.begin(), turn[i]});
    }
    std::vector<AirplaneRow> idle;
    for (auto& a : airplanes(db))
        if (a.rotation_name.empty()) idle.push_back(std::move(a));
    std::vector<rotations::Candidate> airplane_candidates;
    for (std::uint32_t i = 0; i < idle.size(); ++i)
        airplane_candidates.push_back({i, AircraftType::from(idle[i].aircraft_type), idle[i].min_ground_minutes});

    auto assigned = rotations::assign(rotation_candidates, airplane_candidates);
    std::map<AircraftType, int> still_idle;  // per type, after the assignment
    for (auto a : assigned.airplanes_idle) still_idle[airplane_candidates[a].type]++;
    for (auto [r, a] : assigned.pairs)
        plan.pairs.push_back({open[r].id, open[r].name, Registration::from(idle[a].registration),
                              AircraftType::from(idle[a].aircraft_type), turn[r], idle[a].min_ground_minutes});
    std::sort(plan.pairs.begin(), plan.pairs.end(), [](const auto& a, const auto& b) { return a.rotation_name < b.rotation_name; });
    for (auto r : assigned.rotations_left) {
        AircraftType t;
        for (const auto& c : rotation_candidates)
            if (c.index == r) t = c.type;
        std::string why = still_idle[t] == 0
                              ? "no idle airplane of type " + t.str() + " is left"
                              : "no idle " + t.str() + " has a minimum ground time within its shortest turn (" +
                                    std::to_string(turn[r]) + " minutes)";
        plan.rotations_left.push_back({open[r].name, why});
    }
    std::sort(plan.rotations_left.begin(), plan.rotations_left.end(),
              [](const auto& a, const auto& b) { return a.rotation_name < b.rotation_name; });
    for (auto a : assigned.airplanes_idle) plan.airplanes_idle.push_back(idle[a].registration + " (" + idle[a].aircraft_type + ")");
    std::sort(plan.airplanes_idle.begin(), plan.airplanes_idle.end());
    return plan;
}

}  // namespace rotaplan::storage
