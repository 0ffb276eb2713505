// The one thread that touches the schedule database for the GUI.
//
//   GUI thread                         worker thread
//   Session::execute(cmd) --queued-->  StoreWorker::execute: decide, append, COMMIT
//                         <--queued--  finished(ticket, outcome) + delta(changed rows)
//
// Commands are decided and committed here, through the same ScheduleStore as
// the CLI; after each one the worker reads back what the command's events
// touched and sends it as a ScheduleDelta. The GUI thread never waits.
//
// Sync (store_worker_sync.cpp): the sync thread reaches the store through
// with_replica(), blocking itself, never the worker; after a sync that brought
// colleagues' events the worker re-reads and sends them like any other delta.
#pragma once

#include <QObject>
#include <QTimer>
#include <QString>

#include <QStringList>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>

#include "core/commands.h"
#include "core/failure.h"
#include "storage/projections/queries.h"
#include "storage/projections/comparison.h"
#include "schedule_view.h"
#include "storage/imports/ssim_import.h"
#include "storage/projections/scenarios.h"
#include "storage/sync/replica.h"
#include "storage/schedule_store.h"

namespace rotaplan::ui {

struct ImportRequest {
    QString ssim;       // the SSIM file
    QString rotations;  // the rotation file, or empty
    bool lenient = false;
    bool allow_cancel = false;  // the planner confirmed cancelling more than storage::kMaxCancelShare of what it covers
    bool rotations_from_onward = false;  // without a rotation file: rotations from the file's onward flights
};

// What an import would do, as its preview shows it.
struct ImportPreview {
    QString summary;       // "12 added, 3 retimed, ..."
    QString cancellation;  // non-empty: the import cancels so much that the planner must confirm it (why)
    QStringList notes;     // what the files' readers noted (ssim_files.h file_report)
    // The difference per airline and day of origin, each with its first
    // kLinesPerGroup legs' lines: the detail behind the summary, bounded.
    std::vector<storage::DifferenceGroup> groups;
    static constexpr std::size_t kLinesPerGroup = 300;
};

// Inside a catch block: what was thrown, in words for the planner. Every
// slot ends in its answer signal, also when something unexpected is thrown:
// an exception reaching the worker thread's event loop would end the program.
inline QString current_failure() { return QString::fromStdString(describe_current_exception()); }

// Schedule change messages (store_worker_ssm.cpp): where an export may
// start, and what it would send or sent.
struct SsmPoint {
    QString label;           // "import of season.ssim, 2026-11-22 09:00", "event 41: LegRetimed ..."
    qint64 position = 0;
    bool import = false;     // an import's (else a history entry's)
    bool scenario = false;   // a version an export may end at: `label` is its name ("main" while a scenario is shown)
};
struct SsmRequest {
    qint64 since = 0;        // an event position, unless `since_time` is given
    QString since_time;      // a UTC time: the last event at or before it
    bool utc = false;        // time mode UTC, else LT
    QString path;            // empty: a preview; else written there, and the sequence moves on
    QString until;           // empty: the version shown now; else another version now ("main" or a scenario's name)
};
struct SsmPreview {
    QString text, summary;
    QString span;            // "events 12 to 40", or "main (event 40) to scenario summer (event 52)"
    qint64 from = 0, to = 0;
    int messages = 0;
};

using History = std::vector<storage::HistoryEntry>;
using Conflicts = std::vector<storage::Conflict>;

class StoreWorker : public QObject {
    Q_OBJECT
public:
    // demo_if_empty: a first start shows the demo schedule rather than nothing.
    StoreWorker(QString path, storage::CommandContext context, bool demo_if_empty = false);
    ~StoreWorker() override;

    // From any thread: the running import stops at its next step and writes nothing.
    void request_cancel() { cancel_ = true; }

    // Sync (store_worker_sync.cpp). On the worker's thread only (the sync
    // thread's ReplicaPort invokes it there and waits): runs `work` with the
    // replica and notes which events the GUI has not been shown yet.
    void with_replica(const std::function<void(storage::Replica&)>& work);
    // On the worker's thread only (queued from the GUI): `work` reads the
    // projections of the open schedule (a proposal computed beside it, as
    // Plan → Build rotations does); false when no schedule is open.
    bool read_projections(const std::function<void(storage::Database&)>& work) {
        if (!store_) return false;
        work(store_->database());
        return true;
    }

public slots:
    void open();
    void execute(quint64 ticket, std::shared_ptr<const std::vector<rotaplan::Command>> commands);
    // Files (store_worker_files.cpp): the difference an import would make,
    // the import itself with progress, an export.
    void preview_ssim(quint64 ticket, rotaplan::ui::ImportRequest request);
    void import_ssim(quint64 ticket, rotaplan::ui::ImportRequest request);
    void export_ssim(quint64 ticket, QString path);
    // kind: "airports" (airport,min_ground_minutes[,time_zone]) or "airplanes" (registration,aircraft_type,min_ground_minutes)
    void import_reference(quint64 ticket, QString kind, QString path);
    // The demo schedule into an empty store (refused once it holds anything).
    void load_demo(quint64 ticket);
    // A name given (Settings, or the one the schedule's first sync bound it to), no longer a guess.
    void set_planner(QString name) {
        context_.planner = name.toStdString();
        context_.provisional = false;
    }
    // Time travel: the schedule as of an event position (0: now), read-only;
    // then what differs from now, from the same replay: compared with none
    // while it is computed, then with it.
    void view_as_of(qint64 position);
    // The trail of one leg (its id), of one stream ("rotation-…"), or the schedule's last `limit` events.
    void load_history(int limit, QString leg, QString stream);
    void ssm_points(quint64 ticket);
    void ssm_changes(quint64 ticket, rotaplan::ui::SsmRequest request);
    // After a sync: the events it brought (everything, after an offline
    // replay), unless the planner looks at the past; then the counts.
    void show_synced(bool replayed);
    void load_conflicts();
    // retry: decide the command again (Replica::retry_conflict), under
    // `new_name` when one is given (a rotation's creation or renaming); else drop it.
    void resolve_conflict(quint64 ticket, QString command_id, bool retry, QString new_name = {});
    // Another process committed to this store (rotaplan-cli in a terminal, a
    // second window): shown as a colleague's events are. Polled every 250 ms
    // from open() on (store_worker_sync.cpp).
    void notice_other_writers();
    // Versions (store_worker_versions.cpp): the scenarios, and the one shown.
    void load_scenarios();
    // "" or "main": the published schedule. Answers with finished(ticket, ...) and a full delta.
    void open_version(quint64 ticket, QString name);
    // action: create (arg: the base, as_of: a position or 0 for now, note), rename (arg: the new name),
    // delete, rebase, promote, promote-preview (a dry run). Answers with scenarioDone.
    void scenario_action(quint64 ticket, QString action, QString name, QString arg, qint64 as_of, QString note);
    // The version shown against `other` (main or a scenario): answers with compared.
    void compare_with_version(QString other);

signals:
    void delta(std::shared_ptr<const rotaplan::ui::ScheduleDelta> delta);
    // ok: every command committed (all of them in one transaction)
    void finished(quint64 ticket, bool ok, QString message);
    void failed(QString message);  // the database could not be opened or read
    // ok false: `error` says why the files cannot be imported.
    void previewed(quint64 ticket, bool ok, QString error, rotaplan::ui::ImportPreview preview);
    // An import's step in words ("Writing the changes") and its share done.
    void progress(quint64 ticket, int permille, QString step);
    void imported(quint64 ticket, bool ok, QString message);
    void exported(quint64 ticket, bool ok, QString message);
    void history(std::shared_ptr<const rotaplan::ui::History> entries);
    // After a time travel: the past shown against now (storage/projections/comparison.h).
    void compared(std::shared_ptr<const rotaplan::storage::Comparison> comparison);
    // The schedule of the point is shown, but its comparison could not be made.
    void comparisonFailed(QString message);
    // After an import: the commands that redo and undo it as a whole.
    void importUndo(quint64 ticket, std::shared_ptr<const std::vector<rotaplan::Command>> forward,
                    std::shared_ptr<const std::vector<rotaplan::Command>> backward);
    // A local change was committed: there is something to push (sent directly, any thread may listen).
    void committed();
    // Replica::counts() after every local change and every sync; planner: the
    // one the store is bound to (empty while provisional).
    void syncCounts(qint64 pending, qint64 conflicts, QString last_sync, QString planner, qint64 unreadable);
    // An offline replay withdrew the planner's pending commands and decided them again.
    void replayed();
    void conflictsLoaded(std::shared_ptr<const rotaplan::ui::Conflicts> conflicts);
    void resolved(quint64 ticket, bool ok, QString message);
    void scenariosLoaded(std::shared_ptr<const std::vector<rotaplan::storage::ScenarioRow>> scenarios);
    // The version now shown ("" for main).
    void versionOpened(QString name);
    // ok: done (or, for a preview, it could be); message: what happened, in words; lines: conflicts, one each.
    void scenarioDone(quint64 ticket, bool ok, QString message, QStringList lines);
    void ssmPoints(quint64 ticket, std::shared_ptr<const std::vector<rotaplan::ui::SsmPoint>> points);
    void ssmChanges(quint64 ticket, bool ok, QString error, std::shared_ptr<const rotaplan::ui::SsmPreview> preview);

private:
    // whole_report: the validation report read whole, not only what this
    // process's commands rechecked (another process's commits were checked there).
    std::shared_ptr<ScheduleDelta> read_back(const std::vector<std::int64_t>& positions, bool whole_report = false);
    std::shared_ptr<ScheduleDelta> read_all(storage::Database& db, std::int64_t position);
    // Indexes a full delta's view here, so that the GUI thread only swaps it in.
    static std::shared_ptr<ScheduleDelta> indexed(std::shared_ptr<ScheduleDelta> d);
    void read_lists(storage::Database& db, ScheduleDelta& d, bool whole_report);
    // A local change committed: wake the sync, update the pending count.
    void after_local_change();
    void emit_sync_counts();

    QString path_;
    storage::CommandContext context_;
    bool demo_if_empty_;
    std::unique_ptr<storage::ScheduleStore> store_;   // the version shown: main or a scenario
    QString version_;                                  // "" for main
    // While a scenario is shown: main's store, for sync (the shared log is
    // main's connection's business) and the scenario registry.
    std::unique_ptr<storage::ScheduleStore> main_store_;
    storage::ScheduleStore& main_store() { return main_store_ ? *main_store_ : *store_; }
    void attach(std::unique_ptr<storage::ScheduleStore> store);
    // The version shown, on a new store of it (its read models built again), and shown whole.
    void show_version(std::unique_ptr<storage::ScheduleStore> store, const std::string& version);
    storage::ValidationChange rechecked_;  // what the commands since the last read-back rechecked
    std::int64_t templates_shown_ = -1;    // SSIM templates the GUI has the UTC variations of
    std::atomic<bool> cancel_{false};
    std::unique_ptr<storage::Replica> replica_;
    std::optional<std::int64_t> unshown_from_;  // colleagues' events from here on are not in a delta yet
    bool replay_unshown_ = false;               // a replay the GUI has not been shown
    bool others_unshown_ = false;               // another process's commits are among the unshown
    std::int64_t data_version_ = 0;             // PRAGMA data_version when last looked at
    std::int64_t known_position_ = 0;           // the version's last event when another process was last noticed
    std::int64_t known_stored_ = 0;             // the events table's, of every version
    std::int64_t as_of_ = 0;                    // the GUI looks at the schedule as of this position (0: now)
    std::vector<storage::RotationRow> past_rotations_;  // while it does: the rotations shown then (its lanes)
    // Time travel by the legs that differ: the rows of the legs the events
    // between what the view shows and `target` concern, as `target_db` has
    // them; nothing when too many legs differ or the lanes do (the view is
    // then sent whole, indexed here).
    std::shared_ptr<ScheduleDelta> travel_in_place(storage::Database& target_db, std::int64_t target);
    // Checkpoints of main's read models (storage/projections/checkpoints.h)
    // are taken once the schedule has been quiet for a while, never inside a
    // command: time travel then starts from the nearest one.
    QTimer* checkpoint_timer_ = nullptr;
    void take_checkpoints_when_quiet();
};

}  // namespace rotaplan::ui
