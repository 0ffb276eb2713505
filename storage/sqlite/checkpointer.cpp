#include "storage/sqlite/checkpointer.h"

#include "storage/sqlite/database.h"

namespace rotaplan::storage {

namespace {
using Clock = std::chrono::steady_clock;
constexpr auto kTick = std::chrono::milliseconds(10);
}  // namespace

Checkpointer::Checkpointer(std::string path) : path_(std::move(path)), thread_([this] { run(); }) {}

Checkpointer::~Checkpointer() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

void Checkpointer::committed(int wal_frames) {
    last_commit_.store(Clock::now().time_since_epoch().count(), std::memory_order_relaxed);
    frames_.store(wal_frames, std::memory_order_relaxed);
    commits_.fetch_add(1, std::memory_order_release);
}

void Checkpointer::let_restart_through() {
    std::unique_lock lock(mutex_);
    restarted_.wait(lock, [&] { return !restarting_; });
}

void Checkpointer::run() {
    try {
        Database db(path_);
        db.exec("PRAGMA synchronous=FULL");  // the checkpoint's fsync is what makes the file whole
        retry_locks_briefly(db);
        std::uint64_t checkpointed = 0;      // commits_ at the last complete checkpoint
        auto last = Clock::now();
        std::unique_lock lock(mutex_);
        for (;;) {
            bool stop = wake_.wait_for(lock, kTick, [&] { return stopping_; });
            lock.unlock();
            std::uint64_t commits = commits_.load(std::memory_order_acquire);
            auto idle = Clock::now() - Clock::time_point(Clock::duration(last_commit_.load()));
            bool too_long = frames_.load() >= kRestartFrames;
            bool due = idle >= kIdle || Clock::now() - last >= kBusyInterval;
            if (stop || too_long || (commits != checkpointed && due)) {
                last = Clock::now();
                int log = 0, copied = 0;
                int rc = sqlite3_wal_checkpoint_v2(db.handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, &log, &copied);
                if (rc == SQLITE_OK && too_long) {
                    {
                        std::lock_guard guard(mutex_);
                        restarting_ = true;
                    }
                    rc = sqlite3_wal_checkpoint_v2(db.handle(), nullptr, SQLITE_CHECKPOINT_RESTART, &log, &copied);
                    if (rc == SQLITE_OK) frames_.store(0);  // until the writer's next commit says otherwise
                    {
                        std::lock_guard guard(mutex_);
                        restarting_ = false;
                    }
                    restarted_.notify_all();
                }
                if (rc == SQLITE_OK && copied == log) checkpointed = commits;
            }
            lock.lock();
            if (stop) return;
        }
    } catch (const StorageError&) {
        {
            std::lock_guard guard(mutex_);
            restarting_ = false;
        }
        restarted_.notify_all();
        // Without a checkpointer the WAL only grows; SQLite still reads it
        // correctly, and the next open checkpoints it. Nothing is lost.
    }
}

}  // namespace rotaplan::storage
