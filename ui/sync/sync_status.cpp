#include "ui/sync/sync_status.h"

namespace rotaplan::ui {

namespace {

QString when(const QDateTime& utc) {
    QDateTime local = utc.toLocalTime();
    return local.date() == QDate::currentDate() ? local.toString("HH:mm:ss") : local.toString("yyyy-MM-dd HH:mm");
}

}  // namespace

QString SyncStatus::text() const {
    QString s;
    switch (state) {
        case State::NotSyncing: return "not syncing";
        case State::Connecting: s = "connecting"; break;
        case State::Online: s = "online"; break;
        case State::Offline: s = "offline"; break;
        case State::Refused: s = "refused"; break;
        case State::Failed: s = "sync failed"; break;
    }
    // A time rather than a countdown: the status bar needs no timer to stay true.
    if ((state == State::Offline || state == State::Failed) && retry_at.isValid())
        s += " (next try " + retry_at.toLocalTime().toString("HH:mm:ss") + ")";
    s += QString(" · %1 pending").arg(pending);
    if (last_sync.isValid()) s += " · synced " + when(last_sync);
    if (unreadable > 0) s += QString(" · %1 unreadable").arg(unreadable);
    if (!bound_planner.isEmpty()) s += " · as " + bound_planner;
    return s;
}

}  // namespace rotaplan::ui
