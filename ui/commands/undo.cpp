#include "ui/commands/undo.h"

#include "ui/commands/planner_command.h"

namespace rotaplan::ui {

namespace {

constexpr const char* kStackName = "undoHistory";

}  // namespace

QUndoStack& undo_stack(Session& session) {
    if (auto* stack = session.findChild<QUndoStack*>(kStackName, Qt::FindDirectChildrenOnly)) return *stack;
    auto* stack = new QUndoStack(&session);
    stack->setObjectName(kStackName);
    QObject::connect(&session, &Session::replayed, stack, [stack, &session] {
        // The undo entries were computed against the schedule before the
        // planner's pending changes were decided again on top of colleagues'
        // (some may be conflicts now): undoing them could undo what did not
        // happen (docs/decisions.md, "An offline replay clears the undo stack").
        if (stack->count() > 0) {
            stack->clear();
            session.tell("Colleagues' changes were merged under yours; undo history cleared");
        }
    });
    QObject::connect(&session, &Session::versionChanged, stack, [stack] {
        // Its entries undo changes to the version shown before.
        stack->clear();
    });
    return *stack;
}

void perform(Session& session, const QString& description, std::vector<Command> forward,
             std::vector<Command> backward) {
    if (session.view().as_of()) {
        session.refuse("the schedule as of an earlier point is read-only; go back to now to change it");
        return;
    }
    auto copy = forward;
    session.submit(std::move(copy), [&session, description, forward = std::move(forward),
                                     backward = std::move(backward)](bool ok, QString) {
        if (ok) undo_stack(session).push(new PlannerCommand(session, description, forward, backward));
    });
}

void import_ssim(Session& session, const ImportRequest& request, Session::Done done) {
    QString text = "Import " + request.ssim.section('/', -1);
    session.import_ssim(request, std::move(done), [&session, text](std::vector<Command> forward, std::vector<Command> backward) {
        if (!forward.empty()) undo_stack(session).push(new PlannerCommand(session, text, std::move(forward), std::move(backward)));
    });
}

void promote_scenario(Session& session, const QString& name, Session::Lines done) {
    QString text = "Promote " + name;
    session.scenario_action("promote", name, {}, std::move(done),
                            [&session, text](std::vector<Command> forward, std::vector<Command> backward) {
                                if (!forward.empty())
                                    undo_stack(session).push(new PlannerCommand(session, text, std::move(forward), std::move(backward)));
                            });
}

}  // namespace rotaplan::ui
