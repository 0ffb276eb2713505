#include "session.h"

#include "ui/commands/planner_command.h"

namespace rotaplan::ui {

Session::Session(const QString& path, storage::CommandContext context, bool demo_if_empty, QObject* parent)
    : QObject(parent), path_(path), worker_(new StoreWorker(path, std::move(context), demo_if_empty)) {
    qRegisterMetaType<std::shared_ptr<const rotaplan::ui::ScheduleDelta>>();
    qRegisterMetaType<std::shared_ptr<const std::vector<rotaplan::Command>>>();
    worker_->moveToThread(&thread_);
    connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
    connect(worker_, &StoreWorker::delta, this, [this](std::shared_ptr<const ScheduleDelta> d) {
        bool first = view_.position() == 0 && d->full;
        view_.apply(*d);
        if (first) emit opened();
    });
    connect(worker_, &StoreWorker::failed, this, &Session::failed);
    connect(worker_, &StoreWorker::finished, this, [this](quint64 ticket, bool ok, QString message) {
        auto it = pending_.find(ticket);
        if (it == pending_.end()) return;
        auto done = std::move(it->second);
        pending_.erase(it);
        if (!ok) emit refused(message);
        if (done) done(ok, message);
        if (pending_.empty()) emit idle();
    });
    thread_.start();
    QMetaObject::invokeMethod(worker_, &StoreWorker::open, Qt::QueuedConnection);
}

Session::~Session() {
    thread_.quit();
    thread_.wait();  // every submitted command finishes: nothing acknowledged is dropped
}

void Session::submit(std::vector<rotaplan::Command> commands, std::function<void(bool, QString)> done) {
    quint64 ticket = next_ticket_++;
    pending_[ticket] = std::move(done);
    auto shared = std::make_shared<const std::vector<rotaplan::Command>>(std::move(commands));
    QMetaObject::invokeMethod(worker_, [w = worker_, ticket, shared] { w->execute(ticket, shared); }, Qt::QueuedConnection);
}

void Session::perform(const QString& description, std::vector<rotaplan::Command> forward,
                      std::vector<rotaplan::Command> backward) {
    auto copy = forward;
    submit(std::move(copy), [this, description, forward = std::move(forward), backward = std::move(backward)](bool ok, QString) {
        if (ok) undo_.push(new PlannerCommand(*this, description, forward, backward));
    });
}

}  // namespace rotaplan::ui
