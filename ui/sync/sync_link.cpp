#include "ui/sync/sync_link.h"

#include "ui/sync/sync_service.h"
#include "ui/sync/sync_tokens.h"

namespace rotaplan::ui {

SyncLink::SyncLink(Session& session, QObject* parent)
    : QObject(parent), session_(session), service_(std::make_unique<SyncService>(session.worker())) {
    qRegisterMetaType<rotaplan::ui::SyncStatus>();
    StoreWorker* worker = session.worker();
    // A committed change wakes the sync thread at once (nudge is thread-safe,
    // so it is called right on the worker's thread).
    connect(worker, &StoreWorker::committed, service_.get(), [s = service_.get()] { s->nudge(); }, Qt::DirectConnection);
    connect(worker, &StoreWorker::syncCounts, this, &SyncLink::take_counts);
    connect(service_.get(), &SyncService::reported, this, &SyncLink::take_link);
    connect(&session, &Session::closing, this, [this] { service_->stop(); }, Qt::DirectConnection);
    // The counts as they are now, whatever the worker sent before this link listened.
    QMetaObject::invokeMethod(worker, [w = worker] { w->show_synced(false); }, Qt::QueuedConnection);
}

SyncLink::~SyncLink() = default;  // ~SyncService stops the sync thread

void SyncLink::use_saved_settings(const SyncOverride& over) {
    QString server = over.server ? *over.server : saved_sync_server(session_.path());
    if (over.token || server.isEmpty()) {
        configure({server, over.token.value_or(QString())});
        return;
    }
    quint64 asked = ++settings_asked_;
    SyncTokens::instance().read(server, this, [this, server, asked](const QString& token) {
        if (asked != settings_asked_) return;
        if (token.isEmpty())
            session_.tell(SyncTokens::instance().keychain() == SyncTokens::Keychain::Missing
                              ? "No system keychain is available, so no token for " + server +
                                    " is known: give it in Sync > Sync settings…, or set ROTAPLAN_TOKEN"
                              : "No token for " + server + " is saved: give it in Sync > Sync settings… to sync");
        configure({server, token});
    });
}

void SyncLink::configure(const SyncSettings& settings) {
    ++settings_asked_;
    settings_ = settings;
    // The link starts again; the counts stay, they are the store's whatever the server.
    SyncStatus fresh;
    fresh.server = settings.server;
    fresh.state = settings.configured() ? SyncStatus::State::Connecting : SyncStatus::State::NotSyncing;
    fresh.pending = status_.pending;
    fresh.conflicts = status_.conflicts;
    fresh.unreadable = status_.unreadable;
    fresh.bound_planner = status_.bound_planner;
    fresh.last_sync = status_.last_sync;
    status_ = fresh;
    StoreWorker* worker = session_.worker();
    QMetaObject::invokeMethod(worker, [w = worker] { w->show_synced(false); }, Qt::QueuedConnection);
    emit changed();
    service_->configure(settings);
}

void SyncLink::sync_now() { service_->sync_now(); }

void SyncLink::adopt_identity() { service_->adopt(); }

void SyncLink::take_link(const SyncStatus& link) {
    if (link.server != settings_.server) return;  // about the settings before the last ones
    status_.state = link.state;
    status_.server = link.server;
    status_.message = link.message;
    status_.retry_at = link.retry_at;
    if (!link.planner.isEmpty()) status_.planner = link.planner;
    if (link.last_sync.isValid() && (!status_.last_sync.isValid() || link.last_sync > status_.last_sync))
        status_.last_sync = link.last_sync;
    status_.identity = link.identity;
    status_.made_as = link.made_as;
    status_.adoptable = link.adoptable;
    emit changed();
}

void SyncLink::take_counts(qint64 pending, qint64 conflicts, const QString& last_sync, const QString& planner,
                           qint64 unreadable) {
    bool more_or_fewer = conflicts != status_.conflicts || unreadable != status_.unreadable;
    status_.pending = pending;
    status_.conflicts = conflicts;
    status_.unreadable = unreadable;
    status_.bound_planner = planner;
    // The store records every change under the planner its first sync bound
    // it to (storage/sync/replica.h, "Identity"): the desktop's name follows.
    if (!planner.isEmpty() && planner != session_.planner()) {
        session_.set_planner(planner);
        session_.tell("This schedule syncs as planner " + planner +
                      " (the server's name for your token): your changes are recorded under that name");
    }
    QDateTime stored = QDateTime::fromString(last_sync, Qt::ISODateWithMs);
    if (stored.isValid() && (!status_.last_sync.isValid() || stored > status_.last_sync)) status_.last_sync = stored;
    emit changed();
    if (more_or_fewer) session_.load_conflicts();
}

}  // namespace rotaplan::ui
