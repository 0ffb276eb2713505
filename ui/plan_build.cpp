#include "ui/plan_build.h"

#include <QApplication>
#include <QPointer>

#include "commands/undo.h"
#include "core/failure.h"
#include "widgets/build_rotations_dialog.h"
#include "widgets/rotation_chart.h"

namespace rotaplan::ui {

void build_rotations(Session& session, QWidget* parent) {
    if (session.view().as_of() != 0) {
        session.refuse("the past is read-only: return to now to build rotations");
        return;
    }
    QPointer<BuildRotationsDialog> dialog = new BuildRotationsDialog(parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    QPointer<Session> owner = &session;
    // The proposal is ghosted in the window's chart while the dialog is up.
    QPointer<RotationChart> chart = parent ? parent->findChild<RotationChart*>() : nullptr;
    QObject::connect(dialog, &QDialog::finished, &session, [chart] {
        if (chart) chart->set_proposal(nullptr);
    });
    QObject::connect(dialog, &QDialog::accepted, &session, [dialog, owner] {
        if (!dialog || !owner || !dialog->proposal()) return;
        const auto& p = *dialog->proposal();
        if (p.proposal.rotations.empty()) return;
        auto forward = storage::proposal_commands(p);  // mints the rotations' ids; no store involved
        std::vector<Command> backward;
        for (auto it = forward.rbegin(); it != forward.rend(); ++it)
            if (const auto* created = std::get_if<CreateRotation>(&*it)) backward.push_back(DeleteRotation{created->rotation});
        perform(*owner, QString("Build %1 rotations").arg(p.proposal.rotations.size()), std::move(forward), std::move(backward));
    });
    dialog->open();
    // The proposal reads the projections, so it is made on the worker's thread.
    StoreWorker* worker = session.worker();
    QMetaObject::invokeMethod(
        worker,
        [worker, dialog, chart] {
            auto proposal = std::make_shared<storage::RotationProposal>();
            QString why;
            try {
                if (!worker->read_projections([&](storage::Database& db) { *proposal = storage::propose_rotations(db, {}); }))
                    why = "no schedule is open";
            } catch (...) {
                why = QString::fromStdString(describe_current_exception());
            }
            std::shared_ptr<const storage::RotationProposal> answer = why.isEmpty() ? proposal : nullptr;
            QMetaObject::invokeMethod(
                qApp, [dialog, chart, answer, why] {
                    if (!dialog) return;
                    dialog->show_proposal(answer, why);
                    if (chart && answer && !answer->proposal.rotations.empty()) chart->set_proposal(answer);
                },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

}  // namespace rotaplan::ui
