#include "ui/sync/sync_service.h"

#include <QRandomGenerator>
#include <QUrl>

#include <algorithm>
#include <utility>

#include "ui/session/store_worker.h"
#include "sync/client/sync_engine.h"
#include "ui/sync/worker_replica_port.h"

namespace rotaplan::ui {

namespace {

using namespace std::chrono_literals;
using Status = sync::SyncReport::Status;

constexpr int kLongPollSeconds = 25;

std::chrono::milliseconds base_from_environment() {
    bool ok = false;
    int ms = qEnvironmentVariableIntValue("ROTAPLAN_SYNC_BACKOFF_MS", &ok);
    return ok && ms > 0 ? std::chrono::milliseconds(ms) : std::chrono::milliseconds(1s);
}

// ±25 %: desktops that lost the server together do not all come back in the same millisecond.
std::chrono::milliseconds jittered(std::chrono::milliseconds d) {
    double factor = 0.75 + 0.5 * QRandomGenerator::global()->generateDouble();
    return std::chrono::milliseconds(std::max<qint64>(1, qint64(double(d.count()) * factor)));
}

// The engine reports what went wrong, but a store that cannot be reached at
// all (its worker failed to open it) throws out of it: a failed sync, retried.
template <class Call>
sync::SyncReport guarded(Call call) {
    try {
        return call();
    } catch (...) {
        sync::SyncReport r;
        r.status = Status::Failed;
        r.message = current_failure();
        return r;
    }
}

}  // namespace

SyncService::SyncService(StoreWorker* worker, QObject* parent)
    : QObject(parent), worker_(worker), base_(base_from_environment()) {
    qRegisterMetaType<rotaplan::ui::SyncStatus>();
}

SyncService::~SyncService() { stop(); }

std::chrono::milliseconds SyncService::backoff(int attempt, std::chrono::milliseconds base) {
    std::chrono::milliseconds doubled = base * (std::int64_t(1) << std::clamp(attempt, 0, 16));
    return std::min(doubled, base * 60);
}

void SyncService::configure(const SyncSettings& settings) {
    {
        std::lock_guard lock(mutex_);
        if (stopping_) return;
        settings_ = settings;
        ++generation_;
        if (channel_) channel_->interrupt();
    }
    wake_up_.notify_all();
    if (!thread_ && settings.configured()) {  // never configured: no thread at all
        thread_.reset(QThread::create([this] { run(); }));
        thread_->setObjectName("sync");
        thread_->start();
    }
}

void SyncService::sync_now() {
    {
        std::lock_guard lock(mutex_);
        asked_ = true;
        if (channel_) channel_->interrupt();
    }
    wake_up_.notify_all();
}

void SyncService::adopt() {
    {
        std::lock_guard lock(mutex_);
        adopt_ = true;
        asked_ = true;
        if (channel_) channel_->interrupt();
    }
    wake_up_.notify_all();
}

void SyncService::nudge() {
    std::lock_guard lock(mutex_);
    local_change_ = true;
    if (channel_) channel_->interrupt();
}

void SyncService::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        if (channel_) channel_->interrupt();
    }
    wake_up_.notify_all();
    if (thread_) {
        // quit() also ends the HTTP call in flight, whatever it is: every
        // event loop of the thread returns at once from now on, so the engine
        // finishes its step as "not reached" (pending work stays pending).
        thread_->quit();
        thread_->wait();
        thread_.reset();
    }
}

void SyncService::report(SyncStatus::State state, const QString& message, const QString& planner, QDateTime contact,
                         QDateTime retry_at, const sync::SyncReport* identity) {
    SyncStatus s;
    if (identity) {
        s.identity = identity->identity == sync::SyncReport::Identity::Mismatch       ? SyncStatus::Identity::Mismatch
                     : identity->identity == sync::SyncReport::Identity::NeedsConsent ? SyncStatus::Identity::NeedsConsent
                                                                                      : SyncStatus::Identity::Fits;
        s.made_as = identity->made_as;
        s.adoptable = identity->adoptable;
        if (identity->held > 0) {
            // Bound and pushed, but changes made under another name wait as conflicts: the planner's answer.
            s.identity = SyncStatus::Identity::NeedsConsent;
            s.adoptable = identity->held + identity->held_behind;
        }
    }
    s.state = state;
    s.message = message;
    s.planner = planner;
    s.last_sync = contact;
    s.retry_at = retry_at;
    s.server = server_;
    emit reported(s);
}

// The sync thread's state, on its stack: the engine and the channel (and its
// network manager) are made, used and destroyed on this thread only.
struct SyncService::Loop {
    explicit Loop(StoreWorker* worker) : port(worker) {}
    WorkerReplicaPort port;
    std::unique_ptr<sync::ServerChannel> channel;
    std::unique_ptr<sync::SyncEngine> engine;
    int generation = -1;
    int failures = 0;
    bool refused = false;
};

void SyncService::run() {
    Loop loop(worker_);
    while (take_settings(loop)) {
        if (!wait_for_work(loop)) continue;
        if (sync_once(loop)) listen(loop);
    }
    std::lock_guard lock(mutex_);
    channel_ = nullptr;
    // The engine and the channel (and its network manager) go with this thread's stack.
}

bool SyncService::take_settings(Loop& loop) {
    SyncSettings settings;
    {
        std::lock_guard lock(mutex_);
        if (stopping_) return false;
        if (loop.generation == generation_) return true;
        loop.generation = generation_;
        settings = settings_;
        channel_ = nullptr;
    }
    renew(loop, settings);
    return true;
}

void SyncService::renew(Loop& loop, const SyncSettings& settings) {
    loop.engine.reset();
    loop.channel.reset();
    loop.failures = 0;
    loop.refused = false;
    server_ = settings.server;
    if (!settings.problem().isEmpty()) {
        report(SyncStatus::State::Failed, "sync settings: " + settings.problem());
    } else if (!settings.configured()) {
        report(SyncStatus::State::NotSyncing, {});
    } else {
        loop.channel = std::make_unique<sync::ServerChannel>(QUrl(settings.server), settings.token.toUtf8());
        loop.engine = std::make_unique<sync::SyncEngine>(*loop.channel, loop.port);
        std::lock_guard lock(mutex_);
        channel_ = loop.channel.get();
    }
    if (loop.engine) report(SyncStatus::State::Connecting, "connecting to " + settings.server);
}

bool SyncService::wait_for_work(Loop& loop) {
    std::unique_lock lock(mutex_);
    if (!loop.engine || loop.refused) {
        // Nothing to do until new settings, or (refused) until the planner asks again.
        wake_up_.wait(lock, [&] { return !undisturbed(loop) || (loop.engine && asked_); });
        if (undisturbed(loop)) loop.refused = false;
        return false;
    }
    local_change_ = false;
    asked_ = false;
    return true;
}

bool SyncService::sync_once(Loop& loop) {
    bool adopt = false;
    {
        std::lock_guard lock(mutex_);
        adopt = std::exchange(adopt_, false);
    }
    auto r = guarded([&] { return loop.engine->sync_once(adopt); });
    show(r.replays > 0);
    if (r.status == Status::Refused) {
        loop.refused = true;
        report(SyncStatus::State::Refused, r.message, r.planner, {}, {}, &r);
        return false;
    }
    if (r.status == Status::Unreachable || r.status == Status::Failed) {
        back_off(loop, r);
        return false;
    }
    loop.failures = 0;
    report(SyncStatus::State::Online, r.message, r.planner, QDateTime::currentDateTimeUtc(), {}, &r);
    return true;
}

// Online: hear about colleagues' changes as they are made, until a local
// change, "Sync now" or new settings want a push first.
void SyncService::listen(Loop& loop) {
    for (;;) {
        {
            std::lock_guard lock(mutex_);
            if (!undisturbed(loop) || local_change_ || asked_) return;
        }
        auto news = guarded([&] { return loop.engine->wait_for_news(kLongPollSeconds); });
        if (news.pulled > 0 || news.replays > 0) show(news.replays > 0);
        {
            // Interrupted on purpose (however the engine words it): do what was asked.
            std::lock_guard lock(mutex_);
            if (!undisturbed(loop) || local_change_ || asked_) return;
        }
        if (news.status == Status::Refused) {
            loop.refused = true;
            report(SyncStatus::State::Refused, news.message, news.planner);
            return;
        }
        if (news.status == Status::Unreachable || news.status == Status::Failed) {
            back_off(loop, news);
            return;
        }
        report(SyncStatus::State::Online, news.message, news.planner, QDateTime::currentDateTimeUtc());
    }
}

// Offline or failed: wait (1 s, 2 s, 4 s … 60 s, jittered) unless asked to sync now.
void SyncService::back_off(Loop& loop, const sync::SyncReport& r) {
    auto delay = jittered(backoff(loop.failures++, base_));
    report(r.status == Status::Unreachable ? SyncStatus::State::Offline : SyncStatus::State::Failed, r.message,
           r.planner, {}, QDateTime::currentDateTimeUtc().addMSecs(delay.count()));
    std::unique_lock lock(mutex_);
    wake_up_.wait_for(lock, delay, [&] { return !undisturbed(loop) || asked_; });
}

bool SyncService::undisturbed(const Loop& loop) const { return !stopping_ && loop.generation == generation_; }

void SyncService::show(bool replayed) {
    QMetaObject::invokeMethod(worker_, [w = worker_, replayed] { w->show_synced(replayed); }, Qt::QueuedConnection);
}

}  // namespace rotaplan::ui
