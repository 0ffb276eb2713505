// The commands that take the schedule from one state the GUI saw to another:
// how a whole import is undone (and redone) as ordinary compensating commands.
//
//   before (copied when the import starts) --restore(after, before)--> undo
//   after  (the view once it finished)     --restore(before, after)--> redo
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

ViewState capture(const ScheduleView& view);

// Commands that turn `from` into `to`, in an order the deciders accept in one transaction.
std::vector<Command> restore(const ViewState& from, const ViewState& to);

}  // namespace rotaplan::ui
