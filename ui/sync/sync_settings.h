// Where this desktop syncs to: rotaplan-server's URL and the planner's token.
//
//   rotaplan --server URL --token TOKEN      this run only
//   ROTAPLAN_SERVER / ROTAPLAN_TOKEN         override what is saved (as for rotaplan-cli sync)
//   QSettings syncServer / syncToken         Sync > Sync settings…, next to the planner's name
//
// No server means "not syncing": the desktop works alone, its changes kept
// pending in the outbox for the day it is given one.
// The token is kept in the planner's own settings file, readable by them only
// as far as their home folder is; it proves who pushes, nothing more.
#pragma once

#include <QString>

namespace rotaplan::ui {

struct SyncSettings {
    QString server;  // http://host:port or https://…, empty: not syncing
    QString token;
    bool configured() const { return !server.isEmpty() && !token.isEmpty(); }
    // Empty when usable (or empty altogether); else what is wrong, for the planner.
    QString problem() const;
    bool operator==(const SyncSettings&) const = default;
};

// What the planner saved, with ROTAPLAN_SERVER / ROTAPLAN_TOKEN taking precedence.
SyncSettings saved_sync_settings();
void save_sync_settings(const SyncSettings& settings);

}  // namespace rotaplan::ui
