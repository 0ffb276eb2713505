// Where one schedule syncs to: rotaplan-server's URL and the planner's token.
//
//   rotaplan --server URL --token TOKEN      this run, the schedule named on the command line only
//   ROTAPLAN_SERVER / ROTAPLAN_TOKEN         every schedule of this run, over what is saved
//                                            (as for rotaplan-cli sync)
//   saved per schedule                       Sync > Sync settings…:
//     server: QSettings schedules/<sha1 of the store file's canonical path>/{path, server}
//     token:  the system keychain (ui/sync/sync_tokens.h), one per server URL
//
// A server belongs to one schedule: a scratch copy of a store, or another
// database opened from the File menu, has none until the planner gives it
// one, so it never pushes into the team's schedule by accident. The token
// belongs to the planner at that server, so every schedule syncing with the
// same server shares it. It is never written to the settings file: without a
// system keychain (no secret service) it is kept in memory for this run only.
//
// No server means "not syncing": the desktop works alone, its changes kept
// pending in the outbox for the day it is given one.
#pragma once

#include <QString>

#include <optional>

namespace rotaplan::ui {

struct SyncSettings {
    QString server;  // http://host:port or https://…, empty: not syncing
    QString token;
    bool configured() const { return !server.isEmpty() && !token.isEmpty(); }
    // Empty when usable (or empty altogether); else what is wrong, for the planner.
    QString problem() const;
    bool operator==(const SyncSettings&) const = default;
};

// What this run was told over the saved settings (unset: the saved one counts).
struct SyncOverride {
    std::optional<QString> server;
    std::optional<QString> token;
};
// ROTAPLAN_SERVER / ROTAPLAN_TOKEN, when set.
SyncOverride environment_sync_override();
// `stronger`'s values where it has them, else `weaker`'s.
SyncOverride operator|(const SyncOverride& stronger, const SyncOverride& weaker);

// The one name of a store file however it was reached (relative, through a
// symbolic link): its canonical absolute path, also for a file not yet created.
QString schedule_identity(const QString& store_path);

// The server saved for this schedule, empty if none (the environment not applied).
QString saved_sync_server(const QString& store_path);
// Empty: this schedule does not sync.
void save_sync_server(const QString& store_path, const QString& server);

// Settings from before they were per schedule (user-wide syncServer and a
// plaintext syncToken, docs/decisions.md): the server becomes `store_path`'s
// unless that schedule has its own, and the token moves to the keychain (or
// this run's memory); both keys leave the settings file.
void migrate_user_sync_settings(const QString& store_path);

}  // namespace rotaplan::ui
