// An undoable planner's change: the commands that make it, and those that
// compensate it.
//
//   redo(): forward commands  (first push runs them)      both go through
//   undo(): backward commands (new compensating events)    Session::submit
//
// The history keeps both: undoing a move writes a move back, so the audit
// trail tells what happened, in order. A change enters the stack only once
// the schedule accepted it (perform, undo.h, runs it first); a refused undo
// or redo is reported in the status bar like any refusal.
#pragma once

#include <QUndoCommand>

#include <vector>

#include "core/commands.h"

namespace rotaplan::ui {

class Session;

class PlannerCommand : public QUndoCommand {
public:
    PlannerCommand(Session& session, const QString& text, std::vector<Command> forward, std::vector<Command> backward);
    void redo() override;
    void undo() override;

private:
    Session& session_;
    std::vector<Command> forward_, backward_;
    bool already_done_ = true;  // pushed after the forward commands committed
};

}  // namespace rotaplan::ui
