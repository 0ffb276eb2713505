// A planner's session with one schedule database.
//
//   ui/commands --perform: Session::submit(commands)--> StoreWorker (thread)
//   widgets <--ScheduleView::changed-- ScheduleView <--delta-- StoreWorker
//
// Every change the GUI makes goes through here as core commands (the same the
// CLI issues); ui/commands makes them undoable (undo.h).
//
// Sync: with a server configured, a sync thread (ui/sync) pushes the
// planner's changes as they commit and brings colleagues' in; they reach the
// view as deltas from the worker like any other change. The session keeps
// what the worker holds of it: the planner's conflicts, and the name changes
// are recorded under.
//
//   StoreWorker --replayed--> Session::replayed --> ui/commands: the undo history cleared
//   StoreWorker <--with_replica, show_synced-- ui/sync (SyncLink, SyncService), through worker()
#pragma once

#include <QObject>
#include <QThread>

#include <functional>
#include <map>
#include <memory>

#include "schedule_view.h"
#include "store_worker.h"

namespace rotaplan::ui {

class Session : public QObject {
    Q_OBJECT
public:
    Session(const QString& path, storage::CommandContext context, bool demo_if_empty = false, QObject* parent = nullptr);
    ~Session() override;

    ScheduleView& view() { return view_; }
    const QString& path() const { return path_; }

    // Runs `commands` in one transaction on the worker; `done` is called on
    // the GUI thread with the outcome. Used by the undoable commands (ui/commands).
    void submit(std::vector<rotaplan::Command> commands, std::function<void(bool, QString)> done = {});
    // For the GUI's other rooms (ui/commands, ui/sync): a change refused
    // before it reached the worker, or something the planner should know,
    // reported like the worker's (refused(), notice()).
    void refuse(const QString& why) { emit refused(why); }
    void tell(const QString& what) { emit notice(what); }

    bool busy() const { return !pending_.empty() || !jobs_.empty() || !previews_.empty() || !ssm_jobs_.empty() || !point_jobs_.empty(); }

    // Files and time travel, on the worker (store_worker_files.cpp). `done`
    // runs on the GUI thread.
    using Done = std::function<void(bool ok, QString message)>;
    using Previewed = std::function<void(bool ok, QString error, ImportPreview preview)>;
    // What redoes and undoes a committed import as a whole (storage/imports/restore.h),
    // called on the GUI thread before its `done`.
    using Compensation = std::function<void(std::vector<Command> forward, std::vector<Command> backward)>;
    void preview_ssim(const ImportRequest& request, Previewed done);
    // Undoable: ui::import_ssim (ui/commands/undo.h).
    void import_ssim(const ImportRequest& request, Done done, Compensation committed = {});
    void cancel_import() { worker_->request_cancel(); }
    void export_ssim(const QString& path, Done done);
    void import_reference(const QString& kind, const QString& path, Done done);  // "airports" or "airplanes"
    void load_demo(Done done);  // into an empty store
    // Schedule change messages (SSM/ASM): where an export may start; the
    // messages from there to now, previewed or written (request.path).
    using PointsLoaded = std::function<void(std::shared_ptr<const std::vector<SsmPoint>>)>;
    using SsmDone = std::function<void(bool ok, QString error, std::shared_ptr<const SsmPreview>)>;
    void ssm_points(PointsLoaded done);
    void ssm_changes(const SsmRequest& request, SsmDone done);
    // The name that goes into the metadata of every change from now on.
    void set_planner(const QString& name);
    // The schedule as of an event position, read-only; 0 returns to now.
    void view_as_of(qint64 position);
    // What differs between the last past position viewed and now (computed on
    // the worker with the time travel); null before any.
    std::shared_ptr<const storage::Comparison> comparison() const { return comparison_; }
    // Why the last comparison could not be made (comparison() is null then); empty otherwise.
    const QString& comparison_error() const { return comparison_error_; }
    void load_history(int limit = 2000, std::optional<LegId> leg = std::nullopt, const QString& stream = {});

    // The thread-owned worker, for ui/sync's SyncService and its port: it
    // lives on its own thread, so reach it only with queued calls (or its
    // thread-safe signals), never by calling it from the GUI thread.
    StoreWorker* worker() const { return worker_; }

    // The changes that no longer apply after colleagues' changes, as last
    // loaded (load_conflicts(); reloaded whenever their number changes).
    const Conflicts& conflicts() const { return conflicts_; }
    void load_conflicts();
    void drop_conflict(const QString& command_id, Done done);
    // Decide it again on the schedule as it is now (after the planner changed
    // what stood in its way); `new_name`: a rotation's creation or renaming
    // under another name (a colleague took the first one).
    void retry_conflict(const QString& command_id, Done done, const QString& new_name = {});
    // Versions: main (the published schedule) or a scenario. The one shown
    // ("" for main), the scenarios as last loaded, and what changes them;
    // `done` gets what happened in words and, for a rebase or a promotion
    // that cannot be done, the conflicts one per line.
    using Lines = std::function<void(bool ok, QString message, QStringList lines)>;
    const QString& version() const { return version_; }
    const std::vector<storage::ScenarioRow>& scenarios() const { return scenarios_; }
    void load_scenarios();
    void open_version(const QString& name, Done done = {});
    void create_scenario(const QString& name, const QString& base, qint64 as_of, const QString& note, Lines done);
    // `committed`: a promotion while main is shown, as one undo entry (ui::promote_scenario).
    void scenario_action(const QString& action, const QString& name, const QString& arg, Lines done,
                         Compensation committed = {});
    // The version shown against another; comparison() is it once compared() is emitted.
    void compare_with_version(const QString& other);

    // The name this desktop records changes under: the one it was given,
    // until the schedule's first sync binds it to the token's planner (ui/sync/sync_link.h).
    const QString& planner() const { return planner_; }

signals:
    void opened();
    void refused(QString message);  // a command the schedule refused, for the status bar
    void failed(QString message);
    void idle();                    // every submitted command and job has finished
    void importProgress(int permille, QString step);
    void historyLoaded(std::shared_ptr<const rotaplan::ui::History> entries);
    void compared();  // comparison() is new (none: the one for the point shown is on its way)
    void conflictsChanged();  // conflicts() reloaded
    void scenariosChanged();  // scenarios() reloaded
    void versionChanged();    // version() is another: the undo history is of the one before
    void notice(QString message);  // something the planner should know, for the status bar
    // An offline replay decided the planner's pending changes again on top of colleagues'.
    void replayed();
    // The session begins to close, its worker still running: whatever waits
    // for the worker stops now (the sync thread does).
    void closing();

private:
    QString path_;
    QThread thread_;
    StoreWorker* worker_;
    ScheduleView view_;
    quint64 next_ticket_ = 1;
    std::map<quint64, std::function<void(bool, QString)>> pending_;
    std::map<quint64, std::function<void(bool, QString, QStringList)>> jobs_;  // imports, exports
    std::map<quint64, Previewed> previews_;
    std::map<quint64, Compensation> compensations_;
    std::map<quint64, SsmDone> ssm_jobs_;
    std::map<quint64, PointsLoaded> point_jobs_;  // imports in flight that want their undo entry
    Conflicts conflicts_;
    QString version_;
    std::vector<storage::ScenarioRow> scenarios_;
    std::shared_ptr<const storage::Comparison> comparison_;
    QString comparison_error_;
    QString planner_;
    bool opened_ = false;
    quint64 start_job(std::function<void(bool, QString, QStringList)> done);
    void finish_job(quint64 ticket, bool ok, QString message, QStringList lines = {});
};

}  // namespace rotaplan::ui
