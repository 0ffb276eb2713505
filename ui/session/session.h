// A planner's session with one schedule database.
//
//   widgets --Session::execute(commands, description)--> undo stack --> StoreWorker (thread)
//   widgets <--ScheduleView::changed-- ScheduleView <--delta-- StoreWorker
//
// Every change the GUI makes goes through here as core commands (the same the
// CLI issues) and onto the undo stack (ui/commands): undo issues the
// compensating commands, never a rollback of history.
#pragma once

#include <QObject>
#include <QThread>
#include <QUndoStack>

#include <functional>
#include <map>

#include "schedule_view.h"
#include "store_worker.h"

namespace rotaplan::ui {

class Session : public QObject {
    Q_OBJECT
public:
    Session(const QString& path, storage::CommandContext context, bool demo_if_empty = false, QObject* parent = nullptr);
    ~Session() override;

    ScheduleView& view() { return view_; }
    QUndoStack& undo_stack() { return undo_; }
    const QString& path() const { return path_; }

    // Runs `commands` in one transaction on the worker; `done` is called on
    // the GUI thread with the outcome. Used by the undoable commands.
    void submit(std::vector<rotaplan::Command> commands, std::function<void(bool, QString)> done = {});
    // A planner's change, undoable: `forward` now, `backward` on undo.
    void perform(const QString& description, std::vector<rotaplan::Command> forward, std::vector<rotaplan::Command> backward);

    bool busy() const { return !pending_.empty(); }

signals:
    void opened();
    void refused(QString message);  // a command the schedule refused, for the status bar
    void failed(QString message);
    void idle();                    // every submitted command has finished

private:
    QString path_;
    QThread thread_;
    StoreWorker* worker_;
    ScheduleView view_;
    QUndoStack undo_;
    quint64 next_ticket_ = 1;
    std::map<quint64, std::function<void(bool, QString)>> pending_;
};

}  // namespace rotaplan::ui
