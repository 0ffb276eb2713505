// The planner's leg gestures as undoable changes: what to do, and what undoes
// it, computed from the schedule as the GUI shows it.
#pragma once

#include <QString>

#include <optional>
#include <vector>

#include "ui/session/session.h"

namespace rotaplan::ui {

// Move legs into a rotation (nullopt: out of any rotation). Undo moves each
// back where it was.
void move_legs(Session& session, const std::vector<LegId>& legs, std::optional<RotationId> to);

// A new leg, into a rotation or none. Undo takes it out and deletes it.
void add_leg(Session& session, Leg leg, std::optional<RotationId> rotation);

// Shift legs' STD and STA by `minutes` (negative: earlier). Undo shifts back.
void retime_legs(Session& session, const std::vector<LegId>& legs, int minutes);

}  // namespace rotaplan::ui
