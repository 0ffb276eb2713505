// The planner's rotation and airplane gestures as undoable changes.
#pragma once

#include <QString>

#include "ui/session/session.h"

namespace rotaplan::ui {

// A new, empty rotation. Undo deletes it.
void create_rotation(Session& session, const QString& name);
// The airplane flies this rotation (leaving the one it flew, if any). Undo
// puts it back where it was, or unassigns it.
void assign_airplane(Session& session, const Registration& airplane, RotationId rotation);
// The rotation's airplane, if any, no longer flies it. Undo assigns it again.
void unassign_airplane(Session& session, RotationId rotation);

}  // namespace rotaplan::ui
