// The Rotation aggregate: the ordered legs one aircraft flies.
//
//   R1 | XQ100 FRA-MUC |  ground  | XQ101 MUC-FRA |   ...   (legs sorted by STD)
//
// Its one invariant, enforced on every command, is that no two of its legs
// overlap in time. Continuity and ground times are deliberately *not* enforced
// here: planners build rotations through invalid intermediate states, and those
// rules are checked on demand by validation.
//
// decide() is pure: it reads the state and answers events or a refusal.
// evolve() is pure too; it takes the state by value so a caller that moves its
// state in pays no copy for a rotation of 1,500 legs.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "decision.h"

namespace rotaplan::rotation {

struct State {
    bool exists = false;   // RotationCreated seen
    bool deleted = false;  // RotationDeleted seen (the stream stays, its name is free again)
    RotationId id;
    std::string name;
    std::vector<Leg> legs;  // sorted by STD, never overlapping

    bool live() const { return exists && !deleted; }
    const Leg* find(LegId leg) const;
};

struct LegTimes {
    LegId leg;
    Instant std_utc;
    Instant sta_utc;
};

struct Create { RotationId id; std::string name; };
struct Rename { std::string name; };
struct Delete {};
struct AddLegs { std::vector<Leg> legs; };
struct RemoveLegs { std::vector<LegId> legs; };
struct RetimeLegs { std::vector<LegTimes> times; };
// New arrival, type, service or attributes for legs it holds; times must stay.
struct AmendLegs { std::vector<Leg> legs; };

using Command = std::variant<Create, Rename, Delete, AddLegs, RemoveLegs, RetimeLegs, AmendLegs>;

Decision decide(const State& state, const Command& command);
State evolve(State state, const Event& event);

// The first pair of overlapping legs in `legs` (sorted by STD), if any.
std::pair<const Leg*, const Leg*> first_overlap(const std::vector<Leg>& legs);

// "rotation name must not be empty" etc.; empty when the name is acceptable.
std::string check_rotation_name(std::string_view name);

// Why `amended` cannot replace `current` (another id, designator or times), or empty.
std::string check_amendment(const Leg& current, const Leg& amended);

}  // namespace rotaplan::rotation
