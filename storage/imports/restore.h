// The commands that take a schedule from one state to another: how the
// desktop undoes (and redoes) a whole import as ordinary compensating commands.
//
//   before (read when the import starts) --restore(after, before)--> undo
//   after  (read once it committed)      --restore(before, after)--> redo
// Both are read and compared where the database is (the desktop's worker
// thread); the GUI only pushes the entry (ui/commands/undo.h).
//
// Only what differs is touched: legs added or gone, retimed or amended, moved
// between rotations; rotations created; airplanes assigned elsewhere.
#pragma once

#include <unordered_map>
#include <vector>

#include "core/commands.h"
#include "storage/projections/queries.h"

namespace rotaplan::storage {

// What restore compares: every leg with its rotation, the rotations, the airplanes.
struct ScheduleState {
    std::unordered_map<LegId, LegRow, UuidHash> legs;
    std::vector<RotationRow> rotations;
    std::vector<AirplaneRow> airplanes;
};

// The state as a schedule database holds it (the desktop reads it on its
// worker thread: a season's copy takes longer than the GUI thread may be busy).
ScheduleState read_state(Database& db);

// Commands that turn `from` into `to`, in an order the deciders accept in one transaction.
std::vector<Command> restore(const ScheduleState& from, const ScheduleState& to);

}  // namespace rotaplan::storage
