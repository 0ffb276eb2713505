#include "sqlite_log.h"

#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <exception>
#include <utility>

#include "log_index.h"

namespace rotaplan::sync {

namespace {

// Group commit, one turn of the event loop at a time:
//
//   append(A) append(B) append(C)        queued; the first schedules a zero timer
//   ---- turn ----
//   BEGIN IMMEDIATE
//     judge A -> store A                 B is judged with A already in the log,
//     judge B -> conflict                so of two pushes on one stream the first wins
//     judge C -> store C
//   COMMIT                               one fsync (synchronous=FULL) for the whole turn
//   done(A) done(B) done(C), appended(head)
//
// The turn runs on the server's thread and blocks it for that one COMMIT:
// a few milliseconds, shared by every push of the turn.
class SqliteLog final : public SharedLog {
public:
    SqliteLog(const std::string& path, QObject* parent)
        : SharedLog(parent), index_(path, false), head_(index_.head()), stored_(index_.count()) {}

    const char* kind() const override { return "sqlite"; }

    void append(PushBatch batch, std::function<void(PushResult)> done) override {
        queue_.push_back({std::move(batch), std::move(done)});
        if (queue_.size() == 1) QTimer::singleShot(0, this, [this] { commit_turn(); });
    }

    std::vector<WireEvent> read(std::int64_t after, int limit, std::size_t max_bytes) override {
        return index_.read(after, limit, max_bytes);
    }
    std::int64_t head() override { return head_; }
    std::int64_t events_stored() override { return stored_; }
    // After a failed commit (a full disk, say) the log is not writable until
    // it can take a write lock again: probing here, rather than waiting for a
    // commit to succeed, lets /healthz bring a server back into a load
    // balancer's rotation that would otherwise never send it a push again.
    bool writable() override {
        if (!writable_) {
            try {
                index_.begin();
                index_.rollback();
                writable_ = true;
            } catch (const std::exception&) {
            }
        }
        return writable_;
    }

private:
    struct Push {
        PushBatch batch;
        std::function<void(PushResult)> done;
    };

    PushResult judge_and_store(const PushBatch& batch) {
        PushResult r;
        Verdict v = index_.judge(batch);
        if (!v.reused.empty()) {
            r.kind = PushResult::Kind::Reused;
            r.reused = std::move(v.reused);
        } else if (!v.taken.empty()) {
            r.kind = PushResult::Kind::Taken;
            r.taken = std::move(v.taken);
        } else if (v.conflict) {
            r.kind = PushResult::Kind::Conflict;
            r.conflicts = std::move(v.conflicts);
        } else {
            std::vector<const WireEvent*> fresh;
            fresh.reserve(v.fresh.size());
            for (std::size_t i : v.fresh) fresh.push_back(&batch.events[i]);
            auto positions = index_.store(fresh, {});
            for (std::size_t k = 0; k < v.fresh.size(); ++k) {
                v.positions[v.fresh[k]] = positions[k];
                turn_head_ = std::max(turn_head_, positions[k]);
            }
            r.kind = PushResult::Kind::Accepted;
            r.positions = std::move(v.positions);
            turn_stored_ += std::int64_t(fresh.size());
        }
        return r;
    }

    void commit_turn() {
        std::vector<Push> turn = std::exchange(queue_, {});
        std::vector<PushResult> results;
        results.reserve(turn.size());
        turn_stored_ = 0;
        turn_head_ = head_;
        try {
            index_.begin();
            for (const Push& p : turn) results.push_back(judge_and_store(p.batch));
            index_.commit();
            writable_ = true;
        } catch (const std::exception& e) {
            // Nothing of this turn is in the log: every push of it is answered "retry later".
            index_.rollback();
            writable_ = false;
            turn_stored_ = 0;
            std::fprintf(stderr, "rotaplan-server: the shared log could not commit: %s\n", e.what());
            results.assign(turn.size(), PushResult{});
            for (PushResult& r : results) {
                r.kind = PushResult::Kind::Unavailable;
                r.error = std::string("the shared log could not store the push: ") + e.what();
            }
        }
        stored_ += turn_stored_;
        if (turn_stored_ > 0) head_ = turn_head_;
        for (std::size_t i = 0; i < turn.size(); ++i) {
            results[i].head = head_;
            turn[i].done(std::move(results[i]));
        }
        if (turn_stored_ > 0) emit appended(head_);
    }

    LogIndex index_;
    std::int64_t head_ = 0;
    std::int64_t stored_ = 0;
    std::int64_t turn_stored_ = 0;  // this turn's new events
    std::int64_t turn_head_ = 0;    // this turn's last position
    bool writable_ = true;
    std::vector<Push> queue_;
};

}  // namespace

std::unique_ptr<SharedLog> make_sqlite_log(const std::string& path, QObject* parent) {
    return std::make_unique<SqliteLog>(path, parent);
}

}  // namespace rotaplan::sync
