// The UnassignedLegs aggregate: legs of one day of origin that fly in no rotation.
//
// An SSIM import brings legs long before planners build rotations, and a leg
// removed from a rotation must not vanish from the schedule. Those legs live
// here, one stream per day of origin:
//
//   unassigned-2026-04-01   { XQ100/FRA, XQ101/MUC, ... }   (~1,000 legs a day for a 300-aircraft airline)
//
// Partitioning by day of origin keeps each stream short (no snapshot needed),
// and means two planners working on different days never contend for the same
// stream. A leg's day of origin never changes, so a leg never moves between
// these streams. No invariant holds here beyond "a leg is among them once".
#pragma once

#include <unordered_map>
#include <variant>
#include <vector>

#include "decision.h"
#include "rotation.h"

namespace rotaplan::unassigned {

struct State {
    Date day_of_origin;
    std::unordered_map<LegId, Leg, UuidHash> legs;
    const Leg* find(LegId id) const;
};

struct Create { std::vector<Leg> legs; };          // new legs, never seen before
struct Delete { std::vector<LegId> legs; };        // out of the schedule
struct Take { std::vector<LegId> legs; RotationId rotation; };  // into a rotation
struct Release { std::vector<Leg> legs; };         // back from a rotation
struct Retime { std::vector<rotation::LegTimes> times; };
struct Amend { std::vector<Leg> legs; };

using Command = std::variant<Create, Delete, Take, Release, Retime, Amend>;

Decision decide(const State& state, const Command& command);
State evolve(State state, const Event& event);

}  // namespace rotaplan::unassigned
