#include "kafka_log.h"

#include <QTimer>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <unordered_map>
#include <utility>

#include "kafka/batch_tag.h"
#include "kafka/worker.h"
#include "log_index.h"

namespace rotaplan::sync {

namespace {

using namespace std::chrono_literals;
using kafka::Clock;

// KafkaLog lives on the server's thread; its Worker owns the Kafka clients on
// a thread of its own (kafka/worker.h).
//
//   server thread                                      worker thread
//   append(batch, done)
//     quick judge against the index: conflict,
//     invalid or all duplicates -> done now, nothing produced
//     pending[id] = done; worker.send(id, events)  ──>  produce, deliveries, consume, judge
//   deliveries(): Failed / TooLarge -> done(503/400) <── queued
//   round(): our batches judged -> done(verdict);   <── queued
//            head moved -> appended(head)
//   every 100 ms: pushes past their deadline -> done(503)
//
// The quick judge answers what the topic's order cannot change: a stream
// already past what the batch expects (streams only move on), an event id
// the index holds for another event, or a retry that is all duplicates (they are in every server's index
// at the same positions), or a rotation name another rotation holds in the
// index. Anything else is produced and judged in order. The names are judged
// here only, not in topic order: a topic written by an older server may hold
// a name twice, and judging it now would make this server skip batches the
// others stored (and number every later event differently). Two pushes in
// flight at once can therefore both take a name; the desktops' replay and
// `validate` still see it.
//
// The index is one SQLite connection (opened without SQLite's own mutex):
// the worker holds `index_lock_` for a round, read() and the quick judge for
// their query. head() and events_stored() read atomics the worker updates
// after each COMMIT.
class KafkaLog final : public SharedLog {
public:
    KafkaLog(const KafkaSettings& settings, QObject* parent)
        : SharedLog(parent), settings_(settings), index_(settings.index_path, true) {
        worker_ = std::make_unique<kafka::Worker>(settings_, index_, index_lock_, health_);
        announced_head_ = worker_->head();
        deadlines_.setInterval(100);
        connect(&deadlines_, &QTimer::timeout, this, [this] { expire(); });
        // The sinks run on the worker's thread: everything they learn comes here queued.
        worker_->start({
            [this](kafka::Round r) {
                QMetaObject::invokeMethod(this, [this, r = std::move(r)]() mutable { on_round(std::move(r)); },
                                          Qt::QueuedConnection);
            },
            [this](std::vector<kafka::Delivery> d) {
                QMetaObject::invokeMethod(this, [this, d = std::move(d)]() mutable { on_deliveries(std::move(d)); },
                                          Qt::QueuedConnection);
            },
            [this](std::string why) {
                std::fprintf(stderr, "rotaplan-server: the Kafka log stopped: %s\n", why.c_str());
                failed_ = true;
                QMetaObject::invokeMethod(this, [this, why = std::move(why)] { on_failed(why); },
                                          Qt::QueuedConnection);
            },
        });
    }

    ~KafkaLog() override {
        worker_.reset();  // no more posts; what was posted dies with this object
        answer_all_unavailable("the server is stopping; retry");
    }

    const char* kind() const override { return "kafka"; }

    void append(PushBatch batch, std::function<void(PushResult)> done) override {
        if (failed_) return done(unavailable(failure_.empty() ? "the Kafka log stopped" : failure_));
        if (batch.events.size() > kMaxBatchEvents)
            return done(invalid("more than " + std::to_string(kMaxBatchEvents) + " events in one push"));
        if (auto problem = check_batch(batch)) return done(invalid(*problem));
        try {
            if (auto answer = quick_judge(batch)) return done(std::move(*answer));
        } catch (const std::exception& e) {
            return done(unavailable(std::string("the Kafka index cannot be read: ") + e.what()));
        }

        std::string id = kafka::new_batch_id();
        pending_.emplace(id, Pending{std::move(done), Clock::now(), false});
        if (!deadlines_.isActive()) deadlines_.start();
        worker_->send(std::move(id), std::move(batch.events));
    }

    std::vector<WireEvent> read(std::int64_t after, int limit, std::size_t max_bytes) override {
        std::lock_guard guard(index_lock_);
        return index_.read(after, limit, max_bytes);
    }
    std::int64_t head() override { return worker_->head(); }
    std::int64_t events_stored() override { return worker_->stored(); }
    bool writable() override { return !failed_ && !health_.brokers_down; }

private:
    struct Pending {
        std::function<void(PushResult)> done;
        Clock::time_point since;
        bool acked = false;  // every message is in the topic; waiting to read it back
    };

    PushResult unavailable(std::string error) {
        PushResult r;
        r.kind = PushResult::Kind::Unavailable;
        r.error = std::move(error);
        r.head = worker_ ? worker_->head() : 0;
        return r;
    }
    PushResult invalid(std::string error) {
        PushResult r = unavailable(std::move(error));
        r.kind = PushResult::Kind::Invalid;
        return r;
    }

    // An answer the index can already give for sure, before producing anything.
    std::optional<PushResult> quick_judge(const PushBatch& batch) {
        Verdict v;
        {
            std::lock_guard guard(index_lock_);
            v = index_.judge(batch);
        }
        PushResult r;
        r.head = worker_->head();
        if (!v.reused.empty()) {
            r.kind = PushResult::Kind::Reused;
            r.reused = std::move(v.reused);
        } else if (!v.taken.empty()) {
            // Judged against this server's index only: see docs/sync-protocol.md, "The shared logs".
            r.kind = PushResult::Kind::Taken;
            r.taken = std::move(v.taken);
        } else if (v.conflict && moved_past(batch, v)) {
            r.kind = PushResult::Kind::Conflict;
            r.conflicts = std::move(v.conflicts);
        } else if (!v.conflict && v.fresh.empty()) {
            r.kind = PushResult::Kind::Accepted;
            r.positions = std::move(v.positions);
        } else {
            return std::nullopt;  // something new: only the topic's order can tell
        }
        return r;
    }

    // A conflict is final when a stream is already past the version the
    // batch's first new event of it needs: streams only move on. A stream
    // still short of it may be this index lagging the topic (the client saw
    // a later version through another server); the topic's order decides that.
    static bool moved_past(const PushBatch& batch, const Verdict& v) {
        for (const StreamConflict& c : v.conflicts) {
            for (std::size_t i = 0; i < batch.events.size(); ++i) {
                const WireEvent& e = batch.events[i];
                if (e.stream != c.stream || v.positions[i] != 0) continue;  // another stream, or a duplicate
                if (c.current > e.version - 1) return true;
                break;
            }
        }
        return false;
    }

    // Takes the push out of pending_ before answering: `done` may push again.
    void answer(std::unordered_map<std::string, Pending>::iterator it, PushResult r) {
        auto done = std::move(it->second.done);
        pending_.erase(it);
        done(std::move(r));
    }

    void on_round(kafka::Round round) {
        for (kafka::Judged& j : round.judged)
            if (auto it = pending_.find(j.batch_id); it != pending_.end()) answer(it, std::move(j.result));
        if (round.head > announced_head_) {
            announced_head_ = round.head;
            emit appended(round.head);
        }
    }

    void on_deliveries(std::vector<kafka::Delivery> deliveries) {
        for (kafka::Delivery& d : deliveries) {
            auto it = pending_.find(d.batch_id);
            if (it == pending_.end()) continue;  // answered already (read back, or expired)
            switch (d.kind) {
                case kafka::Delivery::Kind::Acked: it->second.acked = true; break;
                case kafka::Delivery::Kind::TooLarge: answer(it, invalid(std::move(d.error))); break;
                case kafka::Delivery::Kind::Failed:
                    answer(it, unavailable("the shared log (Kafka) did not acknowledge: " + d.error + "; retry later"));
                    break;
            }
        }
    }

    // A push not acknowledged within the produce timeout is answered 503, even
    // if librdkafka has not given up on it yet; one acknowledged but not read
    // back after a further while too (a stuck consumer). Should it reach the
    // log after all, the client's retry is a duplicate and gets its positions.
    void expire() {
        const auto now = Clock::now();
        const auto ack_limit = std::chrono::milliseconds(settings_.produce_timeout_ms);
        const auto read_limit = ack_limit + std::max<std::chrono::milliseconds>(ack_limit, 10s);
        std::vector<std::pair<std::string, bool>> expired;  // id, acked
        for (const auto& [id, p] : pending_)
            if (now - p.since >= (p.acked ? read_limit : ack_limit)) expired.emplace_back(id, p.acked);
        for (const auto& [id, acked] : expired) {
            auto it = pending_.find(id);
            if (it == pending_.end()) continue;
            if (!acked)
                answer(it, unavailable("the shared log (Kafka) did not acknowledge within " +
                                       std::to_string(settings_.produce_timeout_ms) + " ms; retry later"));
            else
                answer(it, unavailable("the shared log (Kafka) took the push, but this server has not read it back "
                                       "yet; retry (the retry is recognised as a duplicate)"));
        }
        if (pending_.empty()) deadlines_.stop();
    }

    void on_failed(const std::string& why) {
        failure_ = "the Kafka log stopped: " + why;
        answer_all_unavailable(failure_);
    }

    void answer_all_unavailable(const std::string& why) {
        while (!pending_.empty()) answer(pending_.begin(), unavailable(why));
    }

    KafkaSettings settings_;
    LogIndex index_;
    std::mutex index_lock_;
    kafka::Health health_;
    std::atomic<bool> failed_{false};
    std::string failure_;  // server thread
    std::unique_ptr<kafka::Worker> worker_;

    std::unordered_map<std::string, Pending> pending_;  // our pushes in flight, by batch id
    QTimer deadlines_;
    std::int64_t announced_head_ = 0;
};

}  // namespace

std::unique_ptr<SharedLog> make_kafka_log(const KafkaSettings& settings, QObject* parent) {
    if (settings.brokers.empty() || settings.topic.empty())
        throw std::runtime_error("the Kafka log needs brokers and a topic");
    if (settings.produce_timeout_ms <= 0 || settings.start_timeout_ms <= 0)
        throw std::runtime_error("the Kafka log's timeouts must be positive");
    return std::make_unique<KafkaLog>(settings, parent);
}

}  // namespace rotaplan::sync
