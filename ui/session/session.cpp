#include "session.h"

namespace rotaplan::ui {

Session::Session(const QString& path, storage::CommandContext context, bool demo_if_empty, QObject* parent)
    : QObject(parent),
      path_(path),
      worker_(new StoreWorker(path, context, demo_if_empty)),
      planner_(QString::fromStdString(context.planner)) {
    qRegisterMetaType<std::shared_ptr<const rotaplan::ui::ScheduleDelta>>();
    qRegisterMetaType<std::shared_ptr<const std::vector<rotaplan::Command>>>();
    qRegisterMetaType<rotaplan::ui::ImportRequest>();
    qRegisterMetaType<rotaplan::ui::ImportPreview>();
    qRegisterMetaType<std::shared_ptr<const rotaplan::ui::History>>();
    qRegisterMetaType<std::shared_ptr<const rotaplan::ui::Conflicts>>();
    qRegisterMetaType<std::shared_ptr<const rotaplan::storage::Comparison>>();
    qRegisterMetaType<rotaplan::ui::SsmRequest>();
    qRegisterMetaType<std::shared_ptr<const std::vector<rotaplan::ui::SsmPoint>>>();
    qRegisterMetaType<std::shared_ptr<const rotaplan::ui::SsmPreview>>();
    worker_->moveToThread(&thread_);
    connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
    connect(worker_, &StoreWorker::delta, this, [this](std::shared_ptr<const ScheduleDelta> d) {
        bool first = !opened_ && d->full;
        opened_ |= first;
        view_.apply(*d);
        // A full delta's view now holds the one it replaced: freeing a season's
        // rows takes longer than the GUI thread may stall, so the worker does
        // it. Taken out of the delta, no other copy of it can be the last.
        if (auto old = std::move(d->prepared))
            QMetaObject::invokeMethod(worker_, [old = std::move(old)]() mutable { old.reset(); }, Qt::QueuedConnection);
        if (first) emit opened();

    });
    connect(worker_, &StoreWorker::failed, this, &Session::failed);
    connect(worker_, &StoreWorker::ssmPoints, this, [this](quint64 t, std::shared_ptr<const std::vector<SsmPoint>> points) {
        auto it = point_jobs_.find(t);
        if (it == point_jobs_.end()) return;
        auto done = std::move(it->second);
        point_jobs_.erase(it);
        if (done) done(std::move(points));
        if (!busy()) emit idle();
    });
    connect(worker_, &StoreWorker::ssmChanges, this, [this](quint64 t, bool ok, QString error, std::shared_ptr<const SsmPreview> preview) {
        auto it = ssm_jobs_.find(t);
        if (it == ssm_jobs_.end()) return;
        auto done = std::move(it->second);
        ssm_jobs_.erase(it);
        if (done) done(ok, error, std::move(preview));
        if (!busy()) emit idle();
    });
    connect(worker_, &StoreWorker::finished, this, [this](quint64 ticket, bool ok, QString message) {
        auto it = pending_.find(ticket);
        if (it == pending_.end()) return;
        auto done = std::move(it->second);
        pending_.erase(it);
        if (!ok) emit refused(message);
        if (done) done(ok, message);
        if (pending_.empty()) emit idle();
    });
    connect(worker_, &StoreWorker::previewed, this, [this](quint64 t, bool ok, QString error, ImportPreview preview) {
        auto it = previews_.find(t);
        if (it == previews_.end()) return;
        auto done = std::move(it->second);
        previews_.erase(it);
        if (done) done(ok, error, std::move(preview));
        if (!busy()) emit idle();
    });
    connect(worker_, &StoreWorker::imported, this, [this](quint64 t, bool ok, QString message) { finish_job(t, ok, message); });
    connect(worker_, &StoreWorker::exported, this, [this](quint64 t, bool ok, QString message) { finish_job(t, ok, message); });
    connect(worker_, &StoreWorker::progress, this, [this](quint64, int permille, QString step) { emit importProgress(permille, step); });
    connect(worker_, &StoreWorker::history, this, &Session::historyLoaded);
    connect(worker_, &StoreWorker::compared, this, [this](std::shared_ptr<const storage::Comparison> c) {
        comparison_ = std::move(c);
        comparison_error_.clear();
        emit compared();
    });
    connect(worker_, &StoreWorker::comparisonFailed, this, [this](QString message) {
        comparison_.reset();
        comparison_error_ = std::move(message);
        emit compared();
    });
    connect(worker_, &StoreWorker::importUndo, this,
            [this](quint64 t, std::shared_ptr<const std::vector<Command>> forward, std::shared_ptr<const std::vector<Command>> backward) {
                auto it = compensations_.find(t);
                if (it == compensations_.end()) return;
                auto committed = std::move(it->second);
                compensations_.erase(it);
                if (committed) committed(*forward, *backward);
            });

    connect(worker_, &StoreWorker::replayed, this, &Session::replayed);
    connect(worker_, &StoreWorker::conflictsLoaded, this, [this](std::shared_ptr<const Conflicts> list) {
        conflicts_ = *list;
        emit conflictsChanged();
    });
    connect(worker_, &StoreWorker::resolved, this, [this](quint64 t, bool ok, QString message) { finish_job(t, ok, message); });
    qRegisterMetaType<std::shared_ptr<const std::vector<rotaplan::storage::ScenarioRow>>>();
    connect(worker_, &StoreWorker::scenariosLoaded, this,
            [this](std::shared_ptr<const std::vector<storage::ScenarioRow>> list) {
                scenarios_ = *list;
                emit scenariosChanged();
            });
    connect(worker_, &StoreWorker::versionOpened, this, [this](QString name) {
        if (name == version_) return;
        version_ = name;
        emit versionChanged();
    });
    connect(worker_, &StoreWorker::scenarioDone, this,
            [this](quint64 t, bool ok, QString message, QStringList lines) { finish_job(t, ok, message, lines); });
    thread_.start();
    QMetaObject::invokeMethod(worker_, &StoreWorker::open, Qt::QueuedConnection);
}

Session::~Session() {
    // The sync thread first: it may be waiting for the worker, which must
    // still be running to answer (ui/sync/sync_service.h, "who waits for whom").
    emit closing();
    // Quit behind whatever is queued: a command submitted just before the
    // window closed is still decided and committed, not dropped with the queue.
    QMetaObject::invokeMethod(worker_, [] { QThread::currentThread()->quit(); }, Qt::QueuedConnection);
    thread_.wait();
}

void Session::submit(std::vector<rotaplan::Command> commands, std::function<void(bool, QString)> done) {
    quint64 ticket = next_ticket_++;
    pending_[ticket] = std::move(done);
    auto shared = std::make_shared<const std::vector<rotaplan::Command>>(std::move(commands));
    QMetaObject::invokeMethod(worker_, [w = worker_, ticket, shared] { w->execute(ticket, shared); }, Qt::QueuedConnection);
}

quint64 Session::start_job(std::function<void(bool, QString, QStringList)> done) {
    quint64 ticket = next_ticket_++;
    jobs_[ticket] = std::move(done);
    return ticket;
}

void Session::finish_job(quint64 ticket, bool ok, QString message, QStringList lines) {
    auto it = jobs_.find(ticket);
    if (it == jobs_.end()) return;
    auto done = std::move(it->second);
    jobs_.erase(it);
    compensations_.erase(ticket);
    if (done) done(ok, message, lines);
    if (!busy()) emit idle();
}

void Session::preview_ssim(const ImportRequest& request, Previewed done) {
    quint64 t = next_ticket_++;
    previews_[t] = std::move(done);
    QMetaObject::invokeMethod(worker_, [w = worker_, t, request] { w->preview_ssim(t, request); }, Qt::QueuedConnection);
}

void Session::import_ssim(const ImportRequest& request, Done done, Compensation committed) {
    auto t = start_job([done = std::move(done)](bool ok, QString message, QStringList) {
        if (done) done(ok, message);
    });
    if (committed) compensations_[t] = std::move(committed);
    QMetaObject::invokeMethod(worker_, [w = worker_, t, request] { w->import_ssim(t, request); }, Qt::QueuedConnection);
}

void Session::export_ssim(const QString& path, Done done) {
    auto t = start_job([done = std::move(done)](bool ok, QString message, QStringList) {
        if (done) done(ok, message);
    });
    QMetaObject::invokeMethod(worker_, [w = worker_, t, path] { w->export_ssim(t, path); }, Qt::QueuedConnection);
}

void Session::import_reference(const QString& kind, const QString& path, Done done) {
    auto t = start_job([done = std::move(done)](bool ok, QString message, QStringList) {
        if (done) done(ok, message);
    });
    QMetaObject::invokeMethod(worker_, [w = worker_, t, kind, path] { w->import_reference(t, kind, path); }, Qt::QueuedConnection);
}

void Session::load_demo(Done done) {
    auto t = start_job([done = std::move(done)](bool ok, QString message, QStringList) {
        if (done) done(ok, message);
    });
    QMetaObject::invokeMethod(worker_, [w = worker_, t] { w->load_demo(t); }, Qt::QueuedConnection);
}

void Session::set_planner(const QString& name) {
    planner_ = name;
    QMetaObject::invokeMethod(worker_, [w = worker_, name] { w->set_planner(name); }, Qt::QueuedConnection);
}

void Session::view_as_of(qint64 position) {
    QMetaObject::invokeMethod(worker_, [w = worker_, position] { w->view_as_of(position); }, Qt::QueuedConnection);
}

void Session::ssm_points(PointsLoaded done) {
    quint64 t = next_ticket_++;
    point_jobs_[t] = std::move(done);
    QMetaObject::invokeMethod(worker_, [w = worker_, t] { w->ssm_points(t); }, Qt::QueuedConnection);
}

void Session::ssm_changes(const SsmRequest& request, SsmDone done) {
    quint64 t = next_ticket_++;
    ssm_jobs_[t] = std::move(done);
    QMetaObject::invokeMethod(worker_, [w = worker_, t, request] { w->ssm_changes(t, request); }, Qt::QueuedConnection);
}

void Session::load_history(int limit, std::optional<LegId> leg, const QString& stream) {
    QString id = leg ? QString::fromStdString(leg->value.str()) : QString();
    QMetaObject::invokeMethod(worker_, [w = worker_, limit, id, stream] { w->load_history(limit, id, stream); },
                              Qt::QueuedConnection);
}

void Session::load_conflicts() {
    QMetaObject::invokeMethod(worker_, [w = worker_] { w->load_conflicts(); }, Qt::QueuedConnection);
}

void Session::drop_conflict(const QString& command_id, Done done) {
    auto t = start_job([done = std::move(done)](bool ok, QString message, QStringList) {
        if (done) done(ok, message);
    });
    QMetaObject::invokeMethod(worker_, [w = worker_, t, command_id] { w->resolve_conflict(t, command_id, false); },
                              Qt::QueuedConnection);
}

void Session::retry_conflict(const QString& command_id, Done done, const QString& new_name) {
    auto t = start_job([done = std::move(done)](bool ok, QString message, QStringList) {
        if (done) done(ok, message);
    });
    QMetaObject::invokeMethod(
        worker_, [w = worker_, t, command_id, new_name] { w->resolve_conflict(t, command_id, true, new_name); },
        Qt::QueuedConnection);
}

void Session::load_scenarios() {
    QMetaObject::invokeMethod(worker_, [w = worker_] { w->load_scenarios(); }, Qt::QueuedConnection);
}

void Session::open_version(const QString& name, Done done) {
    quint64 ticket = next_ticket_++;
    pending_[ticket] = std::move(done);
    QMetaObject::invokeMethod(worker_, [w = worker_, ticket, name] { w->open_version(ticket, name); }, Qt::QueuedConnection);
}

void Session::create_scenario(const QString& name, const QString& base, qint64 as_of, const QString& note, Lines done) {
    auto t = start_job(std::move(done));
    QMetaObject::invokeMethod(
        worker_, [w = worker_, t, name, base, as_of, note] { w->scenario_action(t, "create", name, base, as_of, note); },
        Qt::QueuedConnection);
}

void Session::scenario_action(const QString& action, const QString& name, const QString& arg, Lines done,
                              Compensation committed) {
    auto t = start_job(std::move(done));
    if (committed) compensations_[t] = std::move(committed);
    QMetaObject::invokeMethod(
        worker_, [w = worker_, t, action, name, arg] { w->scenario_action(t, action, name, arg, 0, {}); },
        Qt::QueuedConnection);
}

void Session::compare_with_version(const QString& other) {
    QMetaObject::invokeMethod(worker_, [w = worker_, other] { w->compare_with_version(other); }, Qt::QueuedConnection);
}

}  // namespace rotaplan::ui
