// The commands that take the schedule from one state the GUI saw to another:
// how a whole import is undone (and redone) as ordinary compensating commands.
//
//   before (read when the import starts) --restore(after, before)--> undo
//   after  (read once it committed)      --restore(before, after)--> redo
// Both are read and compared on the worker thread; the GUI only pushes the entry.
//
// Only what differs is touched: legs added or gone, retimed or amended, moved
// between rotations; rotations created; airplanes assigned elsewhere.
#pragma once

#include <unordered_map>
#include <vector>

#include "core/commands.h"
#include "ui/session/schedule_view.h"

namespace rotaplan::ui {

struct ViewState {
    std::unordered_map<LegId, storage::LegRow, UuidHash> legs;
    std::vector<storage::RotationRow> rotations;
    std::vector<storage::AirplaneRow> airplanes;
};

// The state as a schedule database holds it (read on the worker thread: a
// season's copy takes longer than the GUI thread may be busy).
ViewState read_state(storage::Database& db);

// Commands that turn `from` into `to`, in an order the deciders accept in one transaction.
std::vector<Command> restore(const ViewState& from, const ViewState& to);

}  // namespace rotaplan::ui
