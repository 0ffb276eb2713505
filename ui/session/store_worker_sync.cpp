// The worker's side of sync: the replica the sync thread works through, the
// re-read after colleagues' events came in, and the planner's conflicts.
//
//   sync thread ──with_replica(work)──> here: work(replica); note new events
//               ──show_synced(replayed)─> delta: the new events' legs, or the
//                                          whole view after a replay; counts
//
// Colleagues' events are shown the way the planner's own are: a ScheduleDelta
// of the legs they touched (read_back), or the full-load path of imports and
// time travel when they are many, create or delete rotations, or a replay
// rebuilt the projections underneath the GUI's copy.
#include "store_worker.h"

namespace rotaplan::ui {

namespace {

// More events than this since the last delta: re-read everything rather than
// decode them one by one to find the legs they touched.
constexpr std::int64_t kEventsForFullReload = 2000;

}  // namespace

void StoreWorker::with_replica(const std::function<void(storage::Replica&)>& work) {
    if (!store_) throw std::runtime_error("no schedule is open");
    if (!replica_) replica_ = std::make_unique<storage::Replica>(main_store());
    // A failure propagates to the sync thread (ReplicaPort rethrows it there);
    // the replica's writes are transactions, rolled back whole. What the
    // validation model rechecked meanwhile stays noted: re-reading too much is harmless.
    std::int64_t before = store_->events().last_position();
    work(*replica_);
    std::int64_t after = store_->events().last_position();
    // Integrate appends colleagues' events after ours (a replay is reported by
    // the engine and re-read whole, whatever the positions did).
    if (after > before && !unshown_from_) unshown_from_ = before + 1;
}

void StoreWorker::show_synced(bool replayed) {
    if (!store_) return;
    try {
        store_->catch_up();  // a scenario's read models are this connection's own
        replay_unshown_ |= replayed;
        if (replayed) emit this->replayed();
        // Looking at the past: "Back to now" reads everything anyway.
        if (as_of_ == 0 && (replay_unshown_ || unshown_from_)) {
            std::int64_t last = store_->events().last_position();
            if (replay_unshown_ || !unshown_from_ || last - *unshown_from_ >= kEventsForFullReload)
                emit delta(indexed(read_all(store_->database(), 0)));
            else if (*unshown_from_ <= last)
                emit delta(read_back({*unshown_from_, last}, others_unshown_));
            replay_unshown_ = false;
            others_unshown_ = false;
            unshown_from_.reset();
        }
        emit_sync_counts();
    } catch (...) {
        emit failed(current_failure());
    }
}

// SQLite's data_version moves only when another connection commits: this
// process's own commits (the planner's, the sync's) leave it as it is. Their
// events are shown as a colleague's are, with the whole validation report
// (this process's validation model did not see them checked), and what the
// worker had cached of the aggregates and the rules' inputs is forgotten:
// the next command is decided on the store as it is now.
void StoreWorker::notice_other_writers() {
    if (!store_) return;
    try {
        const std::int64_t version = store_->database().scalar("PRAGMA data_version");
        if (version == data_version_) return;
        data_version_ = version;
        if (store_->version_withdrawn()) {
            // A sync's replay took back events of the scenario shown and decided them again.
            show_version(std::make_unique<storage::ScheduleStore>(path_.toStdString(), version_.toStdString()),
                         version_.toStdString());
            return;
        }
        store_->aggregates().clear();
        store_->validation().discard();
        const std::int64_t last = store_->events().last_position();
        const std::int64_t stored = store_->database().scalar("SELECT coalesce(max(position), 0) FROM events");
        if (last > known_position_) {
            if (!unshown_from_) unshown_from_ = known_position_ + 1;
        } else if (stored > known_stored_) {
            // Events of another version (a scenario, or main while a scenario is shown): nothing here changed.
            known_stored_ = stored;
            return;
        } else {
            replay_unshown_ = true;  // no new event, yet the tables changed (a rebuild): read them whole
        }
        known_stored_ = stored;
        others_unshown_ = true;
        known_position_ = last;
        show_synced(false);
    } catch (...) {
        emit failed(current_failure());
    }
}

void StoreWorker::emit_sync_counts() {
    if (!store_) return;
    if (!replica_) replica_ = std::make_unique<storage::Replica>(main_store());
    auto c = replica_->counts();
    emit syncCounts(c.pending, c.conflicts, QString::fromStdString(c.last_sync), QString::fromStdString(c.planner),
                    c.quarantined);
}

void StoreWorker::after_local_change() {
    emit committed();
    emit_sync_counts();
}

void StoreWorker::load_conflicts() {
    if (!store_) return;
    try {
        if (!replica_) replica_ = std::make_unique<storage::Replica>(main_store());
        emit conflictsLoaded(std::make_shared<const Conflicts>(replica_->conflicts()));
    } catch (...) {
        emit failed(current_failure());
    }
}

void StoreWorker::resolve_conflict(quint64 ticket, QString command_id, bool retry, QString new_name) {
    if (!store_) {
        emit resolved(ticket, false, "no schedule is open");
        return;
    }
    try {
        if (!replica_) replica_ = std::make_unique<storage::Replica>(main_store());
        auto id = command_id.toStdString();
        if (!retry) {
            bool dropped = replica_->drop_conflict(id);
            emit resolved(ticket, dropped, dropped ? QString() : "no conflict " + command_id);
        } else {
            std::optional<std::string> name;
            if (!new_name.trimmed().isEmpty()) name = new_name.trimmed().toStdString();
            auto outcome = replica_->retry_conflict(id, name);
            if (!outcome.ok) {
                emit resolved(ticket, false, QString::fromStdString(outcome.error.message));
            } else {
                emit resolved(ticket, true, {});
                emit delta(read_back(outcome.positions));
                emit committed();  // pending again: push it
            }
        }
        emit_sync_counts();
        load_conflicts();
    } catch (...) {
        emit resolved(ticket, false, current_failure());
    }
}

}  // namespace rotaplan::ui
