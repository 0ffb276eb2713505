#include "checkpointer.h"

#include "database.h"

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
}

void Checkpointer::run() {
    try {
        Database db(path_);
        db.exec("PRAGMA synchronous=FULL");  // the checkpoint's fsync is what makes the file whole
        int checkpointed = 0;                // the WAL's length at the last complete checkpoint
        auto last = Clock::now();
        std::unique_lock lock(mutex_);
        for (;;) {
            bool stop = wake_.wait_for(lock, kTick, [&] { return stopping_; });
            lock.unlock();
            int frames = frames_.load();
            auto idle = Clock::now() - Clock::time_point(Clock::duration(last_commit_.load()));
            if (stop || (frames != checkpointed && (idle >= kIdle || Clock::now() - last >= kBusyInterval))) {
                last = Clock::now();
                int log = 0, copied = 0;
                if (sqlite3_wal_checkpoint_v2(db.handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, &log, &copied) == SQLITE_OK &&
                    copied == log)
                    checkpointed = frames;
            }
            lock.lock();
            if (stop) return;
        }
    } catch (const StorageError&) {
        // Without a checkpointer the WAL only grows; SQLite still reads it
        // correctly, and the next open checkpoints it. Nothing is lost.
    }
}

}  // namespace rotaplan::storage
