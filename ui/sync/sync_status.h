// What the status bar says about sync, gathered from two threads:
//
//   sync thread  (SyncService) --link: online/offline, message, last contact--+
//                                                                             +--> SyncLink::status()
//   store worker (StoreWorker) --counts: pending, conflicts, last sync------- -+      changed()
//
// The link comes from each SyncReport; the counts from Replica::counts(),
// read after every local change and every sync, so "3 pending" moves while
// offline too.
#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace rotaplan::ui {

struct SyncStatus {
    enum class State {
        NotSyncing,  // no server configured: this desktop works alone
        Connecting,  // configured, the first answer not in yet
        Online,      // the server answered the last call; colleagues' changes arrive as they are made
        Offline,     // the server cannot be reached: changes stay pending, retried with backoff
        Refused,     // the server refused the token or our changes: no retry until the settings change
        Failed,      // something else went wrong (see message): retried with backoff
    };
    State state = State::NotSyncing;
    QString server;
    QString message;      // the last report's words, for the tooltip
    QString planner;      // the planner the token belongs to, as the server says
    QString bound_planner;  // the planner the schedule is bound to (its first sync); empty: not yet
    qint64 pending = 0;   // local changes the server has not accepted yet
    qint64 conflicts = 0; // changes that need the planner (Sync > Conflicts…)
    qint64 unreadable = 0;  // colleagues' events this Rotaplan cannot read, kept aside

    // Refused because the schedule's planner is not the token's (nothing
    // pushed; still pulled): SyncLink::adopt_identity() is the planner's yes.
    enum class Identity {
        Fits,
        Mismatch,      // bound to bound_planner, the token is `planner`'s
        NeedsConsent,  // `adoptable` changes made as `made_as` (names the planner gave)
    } identity = Identity::Fits;
    QStringList made_as;
    qint64 adoptable = 0;
    QDateTime last_sync;  // the server's last answer (UTC)
    QDateTime retry_at;   // Offline / Failed: the next attempt (UTC)

    // "online · 0 pending · synced 12:03" and the like.
    QString text() const;
};

}  // namespace rotaplan::ui

Q_DECLARE_METATYPE(rotaplan::ui::SyncStatus)
