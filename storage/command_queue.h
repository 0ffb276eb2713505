// The writer thread: commands from anywhere, committed in groups.
//
//   planners (bench) --submit()--> [queue] --writer thread--> ScheduleStore::execute_batch (COMMIT, no fsync)
//          ^                                                            |
//          |                                                            v
//          +------------ future<CommandOutcome> <-- flusher thread: fdatasync(WAL) (wal_flusher.h)
//
// Callers never touch the disk: submit() only enqueues, and the future is
// fulfilled once the command's group is durable. After a failed flush every
// command fails and nothing more is written. Whatever queued up while the
// previous group was being decided goes into the next group, so under load
// many commands share one fsync while a lone command still commits at once
// (no waiting for a group to fill); and the next group is decided while the
// previous one is being flushed. The WAL reaches the database file through
// the Checkpointer, when the writer is idle.
#pragma once

#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <thread>

#include "storage/schedule_store.h"
#include "storage/sqlite/wal_flusher.h"

namespace rotaplan::storage {

class CommandQueue {
public:
    // `sync` flushes the WAL before acknowledging (fdatasync; tests observe it).
    explicit CommandQueue(const std::string& path, std::size_t max_group = 256, WalFlusher::Sync sync = {});
    ~CommandQueue();  // drains: every submitted command is decided and committed

    std::future<CommandOutcome> submit(Command command, CommandContext context);

private:
    struct Item {
        IssuedCommand command;
        std::promise<CommandOutcome> done;
    };
    void run(std::string path);

    std::size_t max_group_;
    WalFlusher::Sync sync_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Item> queue_;
    bool stopping_ = false;
    std::promise<void> opened_;
    std::thread writer_;
};

}  // namespace rotaplan::storage
