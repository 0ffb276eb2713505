// Rotations built from the legs in none, and airplanes onto rotations without
// one: the store's side of core/rotation_builder.h.
//
//   legs table (rotation_id NULL, filtered) --+
//   airports' and airplanes' minimum ground --+--> rotations::build --> proposal
//   proposal --> CreateRotation + MoveLegs per rotation, one transaction, one correlation id
//
// The proposal is computed from the projections alone, so a dry run reads a
// read-only store; creating it runs every command in one transaction (all the
// rotations or none), whose commands the desktop keeps as one undoable entry.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/rotation_builder.h"
#include "storage/schedule_store.h"

namespace rotaplan::storage {

struct BuildFilter {
    std::optional<Date> from, to;  // days of origin, both included
    std::optional<AirlineCode> airline;
    std::optional<AircraftType> type;
};

struct RotationProposal {
    std::vector<Leg> legs;  // the unassigned legs considered
    rotations::GroundTimes ground;
    rotations::Proposal proposal;
    std::vector<std::string> names;  // a new rotation name for each of proposal.rotations, none in use
};

RotationProposal propose_rotations(Database& projections, const BuildFilter& filter);

// The commands that create the proposal: per rotation, CreateRotation then
// MoveLegs (its legs out of the unassigned legs into it). Ids minted here.
std::vector<Command> proposal_commands(const RotationProposal& p);

struct CommandsResult {
    bool ok = false;
    std::string error;
    int commands = 0;
    int events = 0;
    std::string correlation;  // every event's correlation id
};

// `commands` in one transaction: all or nothing. `bulk` (a season's legs
// moving at once): the legs' indexes and the validation model are rebuilt
// once at the end, as an import does (ScheduleStore::begin_bulk).
CommandsResult run_in_one_transaction(ScheduleStore& store, const std::vector<Command>& commands, CommandContext context,
                                      bool bulk = false);
// Whether creating `p` moves enough legs to be written in bulk.
bool worth_bulk(const RotationProposal& p);

// Airplanes onto rotations without one.
struct AirplanePlan {
    struct Pair {
        RotationId rotation;
        std::string rotation_name;
        Registration airplane;
        AircraftType type;
        int shortest_turn = rotations::kNoTurn;
        int airplane_minimum = 0;
    };
    std::vector<Pair> pairs;
    struct Left {
        std::string rotation_name;
        std::string why;  // "no idle 320 whose minimum ground time fits its 35-minute turn"
    };
    std::vector<Left> rotations_left;
    std::vector<std::string> airplanes_idle;  // "D-AXYZ (320)"
    std::vector<Command> commands() const;
};
AirplanePlan plan_airplanes(Database& projections);

}  // namespace rotaplan::storage
