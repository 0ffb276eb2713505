// The Airplane aggregate: one tail, its type, its minimum ground time, and the
// rotation it flies (at most one).
//
// The stream is keyed by registration, so "one airplane per registration" is
// enforced by the event store itself (two registrations of one tail race for
// version 1 of the same stream). "One airplane per rotation" spans aggregates
// and is checked by planning.cpp against the airplanes projection.
#pragma once

#include <optional>
#include <variant>

#include "decision.h"

namespace rotaplan::airplane {

struct State {
    bool exists = false;   // registered and not removed
    bool ever = false;     // the stream has history
    Registration registration;
    AircraftType aircraft_type;
    int min_ground_minutes = 0;
    std::optional<RotationId> rotation;
};

struct Register { Registration registration; AircraftType aircraft_type; int min_ground_minutes = 0; };
struct Update { AircraftType aircraft_type; int min_ground_minutes = 0; };
struct Remove {};
struct Assign { RotationId rotation; };
struct Unassign {};

using Command = std::variant<Register, Update, Remove, Assign, Unassign>;

Decision decide(const State& state, const Command& command);
State evolve(State state, const Event& event);

// Minimum ground times are whole minutes within a day.
std::string check_min_ground_minutes(int minutes);

}  // namespace rotaplan::airplane
