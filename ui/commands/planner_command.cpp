#include "ui/commands/planner_command.h"

#include "ui/session/session.h"

namespace rotaplan::ui {

PlannerCommand::PlannerCommand(Session& session, const QString& text, std::vector<Command> forward,
                               std::vector<Command> backward)
    : QUndoCommand(text), session_(session), forward_(std::move(forward)), backward_(std::move(backward)) {}

void PlannerCommand::redo() {
    if (already_done_) {
        already_done_ = false;
        return;
    }
    session_.submit(forward_);
}

void PlannerCommand::undo() { session_.submit(backward_); }

}  // namespace rotaplan::ui
