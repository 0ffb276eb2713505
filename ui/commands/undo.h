// The planner's undo history: every change the GUI makes enters it here, as
// in Subsurface's commands/ (its command_base holds the one undo stack and
// execute). Undo issues the compensating commands, never a rollback of history.
//
//   a gesture (leg_changes.h, rotation_changes.h)
//     perform(session, text, forward, backward) ──Session::submit──> worker
//        accepted ──> undo_stack(session).push(PlannerCommand)      undo: backward, redo: forward
//   import_ssim(session, request, done) ──Session::import_ssim──> committed: one entry for the
//        whole import, its commands computed on the worker (storage/imports/restore.h)
//   promote_scenario(session, name, done) ──the same, for a scenario promoted while main is shown
//   Session::replayed (colleagues' changes merged under the planner's) ──> the history cleared
//
// One history per open schedule (Rotaplan opens a window per schedule where
// Subsurface has one logbook): kept here as a child of its session, made at
// its first use, gone with the session.
#pragma once

#include <QString>
#include <QUndoStack>

#include <vector>

#include "core/commands.h"
#include "ui/session/session.h"

namespace rotaplan::ui {

// The session's undo stack, for the Edit menu and tests.
QUndoStack& undo_stack(Session& session);

// A planner's change, undoable: `forward` now, `backward` on undo. It enters
// the history only once the schedule accepted it; while the planner looks at
// the past it is refused (that schedule is read-only).
void perform(Session& session, const QString& description, std::vector<Command> forward,
             std::vector<Command> backward);

// An SSIM import (Session::import_ssim) as one undo entry, "Import FILE".
void import_ssim(Session& session, const ImportRequest& request, Session::Done done);

// A scenario promoted to main, while main is shown, as one undo entry
// "Promote NAME": undo makes main what it was before, with ordinary commands.
void promote_scenario(Session& session, const QString& name, Session::Lines done);

}  // namespace rotaplan::ui
