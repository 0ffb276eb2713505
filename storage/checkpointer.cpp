#include "checkpointer.h"

#include <chrono>

#include "database.h"

namespace rotaplan::storage {

namespace {
constexpr auto kInterval = std::chrono::milliseconds(100);
}

Checkpointer::Checkpointer(std::string path) : path_(std::move(path)), thread_([this] { run(); }) {}

Checkpointer::~Checkpointer() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

void Checkpointer::run() {
    try {
        Database db(path_);
        db.exec("PRAGMA synchronous=FULL");  // the checkpoint's fsync is what makes the file whole
        std::unique_lock lock(mutex_);
        for (;;) {
            bool stop = wake_.wait_for(lock, kInterval, [&] { return stopping_; });
            lock.unlock();
            int log = 0, copied = 0;
            sqlite3_wal_checkpoint_v2(db.handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, &log, &copied);
            lock.lock();
            if (stop) return;
        }
    } catch (const StorageError&) {
        // Without a checkpointer the WAL only grows; SQLite still reads it
        // correctly, and the next open checkpoints it. Nothing is lost.
    }
}

}  // namespace rotaplan::storage
