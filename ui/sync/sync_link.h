// One open schedule's link to rotaplan-server, as the window shows it: the
// sync thread (SyncService), the settings it syncs with, and the status the
// status bar prints, gathered from two threads.
//
//   SyncService (sync thread) ──reported: online/offline, message─────┐
//   StoreWorker ──syncCounts: pending, conflicts, bound planner───────┼──> status() ──changed()──> status bar
//   StoreWorker ──committed (direct, the worker's thread)──> SyncService::nudge: push now
//
// The counts also steer the session: a schedule bound to a planner by its
// first sync records every change under that name, so the desktop's name
// follows (Session::set_planner), and new or settled conflicts reload the
// session's list (Session::load_conflicts).
//
// The settings are the schedule's own (sync_settings.h): use_saved_settings
// reads its server and asks the keychain for the token, and syncing starts
// when the keychain has answered.
//
// The sync thread waits for the worker, never the other way round, so it
// must stop while the worker still runs: the link stops it when its session
// begins to close (Session::closing), and when it is destroyed before.
#pragma once

#include <QObject>

#include <memory>

#include "ui/session/session.h"
#include "ui/sync/sync_settings.h"
#include "ui/sync/sync_status.h"

namespace rotaplan::ui {

class SyncService;

class SyncLink : public QObject {
    Q_OBJECT
public:
    explicit SyncLink(Session& session, QObject* parent = nullptr);
    ~SyncLink() override;

    // Sync with rotaplan-server (sync_service.h); not configured: not syncing.
    void configure(const SyncSettings& settings);
    // This schedule's saved server and the planner's token for it, each unless
    // `over` gives one; configured once the keychain answered (without a
    // token for the server: not syncing, and the window is told why).
    void use_saved_settings(const SyncOverride& over = {});
    const SyncSettings& settings() const { return settings_; }
    void sync_now();
    const SyncStatus& status() const { return status_; }
    bool planner_bound() const { return !status_.bound_planner.isEmpty(); }
    // Record the pending changes made under another name as the token's
    // planner's (the planner's answer to a Refused sync with an identity
    // question, SyncStatus::identity), and sync now.
    void adopt_identity();

signals:
    void changed();  // status() changed

private:
    void take_link(const SyncStatus& link);
    void take_counts(qint64 pending, qint64 conflicts, const QString& last_sync, const QString& planner,
                     qint64 unreadable);

    Session& session_;
    std::unique_ptr<SyncService> service_;
    SyncSettings settings_;
    SyncStatus status_;
    quint64 settings_asked_ = 0;  // the last settings asked for: a slower keychain answer is not applied over them
};

}  // namespace rotaplan::ui
