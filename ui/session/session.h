// A planner's session with one schedule database.
//
//   ui/commands --perform: Session::submit(commands)--> StoreWorker (thread)
//   widgets <--ScheduleView::changed-- ScheduleView <--delta-- StoreWorker
//
// Every change the GUI makes goes through here as core commands (the same the
// CLI issues); ui/commands makes them undoable (undo.h).
//
// Sync (issue 6): with a server configured, a SyncService thread pushes the
// planner's changes as they commit and brings colleagues' in; they reach the
// view as deltas from the worker like any other change.
//
//   StoreWorker --committed (direct)--> SyncService::nudge     push now
//   StoreWorker --syncCounts/replayed--> Session: sync_status(), undo stack cleared after a replay
//   SyncService --reported-----------> Session: sync_status() --syncChanged--> status bar
#pragma once

#include <QObject>
#include <QThread>

#include <functional>
#include <map>
#include <memory>

#include "schedule_view.h"
#include "store_worker.h"
#include "sync_settings.h"
#include "sync_status.h"

namespace rotaplan::ui {

class SyncService;

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

    bool busy() const { return !pending_.empty() || !jobs_.empty() || !previews_.empty(); }

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
    // The name that goes into the metadata of every change from now on.
    void set_planner(const QString& name);
    // The schedule as of an event position, read-only; 0 returns to now.
    void view_as_of(qint64 position);
    // What differs between the last past position viewed and now (computed on
    // the worker with the time travel); null before any.
    std::shared_ptr<const Comparison> comparison() const { return comparison_; }
    void load_history(int limit = 2000, std::optional<LegId> leg = std::nullopt, const QString& stream = {});

    // Sync with rotaplan-server (sync_service.h); not configured: not syncing.
    void configure_sync(const SyncSettings& settings);
    const SyncSettings& sync_settings() const { return sync_settings_; }
    void sync_now();
    const SyncStatus& sync_status() const { return sync_status_; }
    // The changes that no longer apply after colleagues' changes, as last
    // loaded (load_conflicts(); reloaded whenever their number changes).
    const Conflicts& conflicts() const { return conflicts_; }
    void load_conflicts();
    void drop_conflict(const QString& command_id, Done done);
    // Decide it again on the schedule as it is now (after the planner changed
    // what stood in its way); `new_name`: a rotation's creation or renaming
    // under another name (a colleague took the first one).
    void retry_conflict(const QString& command_id, Done done, const QString& new_name = {});
    // The name this desktop records changes under: the one it was given,
    // until the schedule's first sync binds it to the token's planner.
    const QString& planner() const { return planner_; }
    bool planner_bound() const { return !sync_status_.bound_planner.isEmpty(); }
    // Record the pending changes made under another name as the token's
    // planner's (the planner's answer to a Refused sync with an identity
    // question, SyncStatus::identity), and sync now.
    void adopt_identity();

signals:
    void opened();
    void refused(QString message);  // a command the schedule refused, for the status bar
    void failed(QString message);
    void idle();                    // every submitted command and job has finished
    void importProgress(int permille);
    void historyLoaded(std::shared_ptr<const rotaplan::ui::History> entries);
    void compared();  // comparison() is new
    void syncChanged();       // sync_status() changed
    void conflictsChanged();  // conflicts() reloaded
    void notice(QString message);  // something the planner should know, for the status bar
    // An offline replay decided the planner's pending changes again on top of colleagues'.
    void replayed();

private:
    QString path_;
    QThread thread_;
    StoreWorker* worker_;
    ScheduleView view_;
    quint64 next_ticket_ = 1;
    std::map<quint64, std::function<void(bool, QString)>> pending_;
    std::map<quint64, std::function<void(bool, QString, QStringList)>> jobs_;  // imports, exports
    std::map<quint64, Previewed> previews_;
    std::map<quint64, Compensation> compensations_;  // imports in flight that want their undo entry
    std::unique_ptr<SyncService> sync_;
    SyncSettings sync_settings_;
    SyncStatus sync_status_;
    Conflicts conflicts_;
    std::shared_ptr<const Comparison> comparison_;
    QString planner_;
    bool opened_ = false;
    void take_link(const SyncStatus& link);
    void take_counts(qint64 pending, qint64 conflicts, const QString& last_sync, const QString& planner,
                     qint64 unreadable);
    quint64 start_job(std::function<void(bool, QString, QStringList)> done);
    void finish_job(quint64 ticket, bool ok, QString message, QStringList lines = {});
};

}  // namespace rotaplan::ui
