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

void SyncService::run() {
    WorkerReplicaPort port(worker_);
    std::unique_ptr<sync::ServerChannel> channel;
    std::unique_ptr<sync::SyncEngine> engine;
    int generation = -1;
    int failures = 0;
    bool refused = false;

    // Colleagues' events came in (or a replay ran): the worker shows them and the counts.
    auto show = [this](bool replayed) {
        QMetaObject::invokeMethod(worker_, [w = worker_, replayed] { w->show_synced(replayed); }, Qt::QueuedConnection);
    };
    // True while nothing asks this thread to do something else than what it does.
    auto undisturbed = [&] { return !stopping_ && generation == generation_; };
    // Offline or failed: wait (1 s, 2 s, 4 s … 60 s, jittered) unless asked to sync now.
    auto back_off = [&](const sync::SyncReport& r) {
        auto delay = jittered(backoff(failures++, base_));
        report(r.status == Status::Unreachable ? SyncStatus::State::Offline : SyncStatus::State::Failed, r.message,
               r.planner, {}, QDateTime::currentDateTimeUtc().addMSecs(delay.count()));
        std::unique_lock lock(mutex_);
        wake_up_.wait_for(lock, delay, [&] { return !undisturbed() || asked_; });
    };

    for (;;) {
        SyncSettings settings;
        bool renewed = false;
        {
            std::lock_guard lock(mutex_);
            if (stopping_) break;
            if (generation != generation_) {
                generation = generation_;
                settings = settings_;
                renewed = true;
                channel_ = nullptr;
            }
        }
        if (renewed) {
            engine.reset();
            channel.reset();
            failures = 0;
            refused = false;
            server_ = settings.server;
            if (!settings.problem().isEmpty()) {
                report(SyncStatus::State::Failed, "sync settings: " + settings.problem());
            } else if (!settings.configured()) {
                report(SyncStatus::State::NotSyncing, {});
            } else {
                channel = std::make_unique<sync::ServerChannel>(QUrl(settings.server), settings.token.toUtf8());
                engine = std::make_unique<sync::SyncEngine>(*channel, port);
                std::lock_guard lock(mutex_);
                channel_ = channel.get();
            }
            if (engine) report(SyncStatus::State::Connecting, "connecting to " + settings.server);
        }
        {
            std::unique_lock lock(mutex_);
            if (!engine || refused) {
                // Nothing to do until new settings, or (refused) until the planner asks again.
                wake_up_.wait(lock, [&] { return !undisturbed() || (engine && asked_); });
                if (undisturbed()) refused = false;
                continue;
            }
            local_change_ = false;
            asked_ = false;
        }
        bool adopt = false;
        {
            std::lock_guard lock(mutex_);
            adopt = std::exchange(adopt_, false);
        }

        auto r = guarded([&] { return engine->sync_once(adopt); });
        show(r.replays > 0);
        if (r.status == Status::Refused) {
            refused = true;
            report(SyncStatus::State::Refused, r.message, r.planner, {}, {}, &r);
            continue;
        }
        if (r.status == Status::Unreachable || r.status == Status::Failed) {
            back_off(r);
            continue;
        }
        failures = 0;
        report(SyncStatus::State::Online, r.message, r.planner, QDateTime::currentDateTimeUtc(), {}, &r);

        // Online: hear about colleagues' changes as they are made, until a local
        // change, "Sync now" or new settings want a push first.
        for (;;) {
            {
                std::lock_guard lock(mutex_);
                if (!undisturbed() || local_change_ || asked_) break;
            }
            auto news = guarded([&] { return engine->wait_for_news(kLongPollSeconds); });
            if (news.pulled > 0 || news.replays > 0) show(news.replays > 0);
            {
                // Interrupted on purpose (however the engine words it): do what was asked.
                std::lock_guard lock(mutex_);
                if (!undisturbed() || local_change_ || asked_) break;
            }
            if (news.status == Status::Refused) {
                refused = true;
                report(SyncStatus::State::Refused, news.message, news.planner);
                break;
            }
            if (news.status == Status::Unreachable || news.status == Status::Failed) {
                back_off(news);
                break;
            }
            report(SyncStatus::State::Online, news.message, news.planner, QDateTime::currentDateTimeUtc());
        }
    }
    std::lock_guard lock(mutex_);
    channel_ = nullptr;
    // The engine and the channel (and its network manager) go with this thread's stack.
}

}  // namespace rotaplan::ui
