#include "storage/eventstore/event_pump.h"

#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "storage/sqlite/database.h"
#include "storage/eventstore/event_codec.h"

namespace rotaplan::storage {

namespace {

// A batch closes at so many events or so many bytes of payload, whichever
// comes first: an import's events carry a thousand legs each, and a batch of
// 2,048 of them would be a whole season, decoded before the first is applied.
constexpr std::size_t kBatch = 2048;
constexpr std::size_t kBatchBytes = std::size_t(1) << 20;
constexpr std::size_t kMaxBatchesInFlight = 8;  // bounds memory whatever the store's size

using Batch = std::vector<std::pair<std::int64_t, Event>>;

class Channel {
public:
    void push(Batch b) {
        std::unique_lock lock(m_);
        room_.wait(lock, [&] { return q_.size() < kMaxBatchesInFlight || cancelled_; });
        if (cancelled_) return;
        q_.push_back(std::move(b));
        ready_.notify_one();
    }
    bool pop(Batch& out) {  // false at the end
        std::unique_lock lock(m_);
        ready_.wait(lock, [&] { return !q_.empty() || done_; });
        if (q_.empty()) return false;
        out = std::move(q_.front());
        q_.pop_front();
        room_.notify_one();
        return true;
    }
    void finish(std::exception_ptr error = nullptr) {
        std::lock_guard lock(m_);
        done_ = true;
        error_ = error;
        ready_.notify_all();
    }
    void cancel() {
        std::lock_guard lock(m_);
        cancelled_ = true;
        room_.notify_all();
    }
    std::exception_ptr error() {
        std::lock_guard lock(m_);
        return error_;
    }

private:
    std::mutex m_;
    std::condition_variable ready_, room_;
    std::deque<Batch> q_;
    bool done_ = false, cancelled_ = false;
    std::exception_ptr error_;
};

}  // namespace

void pump_events(const std::string& store_path, const std::string& where, std::int64_t after, std::int64_t up_to,
                 const std::function<void(std::int64_t, const Event&)>& each, const std::function<void()>& meanwhile) {
    Channel channel;
    std::thread pump([&] {
        try {
            Database db(store_path, Database::Mode::ReadOnly);
            auto q = db.prepare(
                "SELECT position, type, schema_version, payload FROM events "
                "WHERE position > ? AND position <= ? AND " + where + " ORDER BY position");
            q.bind(1, after).bind(2, up_to);
            Batch batch;
            batch.reserve(kBatch);
            std::size_t bytes = 0;
            while (q.step()) {
                const std::string_view payload = q.text(3);
                bytes += payload.size();
                batch.emplace_back(q.int64(0), decode(q.text(1), int(q.int64(2)), payload));
                if (batch.size() == kBatch || bytes >= kBatchBytes) {
                    channel.push(std::move(batch));
                    batch = Batch();
                    batch.reserve(kBatch);
                    bytes = 0;
                }
            }
            if (!batch.empty()) channel.push(std::move(batch));
            channel.finish();
        } catch (...) {
            channel.finish(std::current_exception());
        }
    });
    try {
        if (meanwhile) meanwhile();
        Batch batch;
        while (channel.pop(batch))
            for (const auto& [position, event] : batch) each(position, event);
    } catch (...) {
        channel.cancel();
        pump.join();
        throw;
    }
    pump.join();
    if (auto error = channel.error()) std::rethrow_exception(error);
}

}  // namespace rotaplan::storage
