// Moving the write-ahead log into the database file, off the commit path.
//
// SQLite's automatic checkpoint runs inside whichever COMMIT crosses the WAL
// size threshold: that command waits for pages to be copied and the database
// file to be fsynced, a latency spike of several milliseconds every few
// hundred commands. A long-lived writer (the bench's CommandQueue) instead
// turns automatic checkpoints off and lets this thread run checkpoints on its
// own connection. Short-lived CLI processes keep SQLite's automatic ones.
//
// When: a checkpoint's fsync of the database file saturates the disk, and the
// WAL flushes that acknowledge commands queue behind it (wal_flusher.h): run
// every 100 ms under load it put ~3 % of commands past 2 ms. So a PASSIVE
// checkpoint (never blocks the writer) runs once the writer has been idle for
// kIdle, and under sustained load once per kBusyInterval.
//
// Bounding the WAL: SQLite starts the log over only when a writer finds every
// frame checkpointed, which a PASSIVE checkpoint under steady load never
// achieves (new frames land while it copies: a review measured 4.7 GB of WAL
// after 20 s). Once the WAL passes kRestartFrames, the PASSIVE pass (the bulk
// of the copying, concurrent with the writer) is followed by a RESTART
// checkpoint: it waits for the writer's current group, copies the few frames
// added meanwhile, and makes the next group start the log over. The writer
// waits those few milliseconds before its next group (let_restart_through(),
// and both retry their locks every 200 µs: with SQLite's busy timeout the
// stall reached 80-100 ms), the price of a bounded file. On disk the restarted WAL is cut back to
// 64 MiB (journal_size_limit, set by the writer).
//
//   writer:      commit commit commit .......(idle)........ commit commit
//   committed():   ^      ^      ^                            ^      ^
//   checkpoint:                          [passive]
//                                   |<-kIdle->|
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

namespace rotaplan::storage {

class Checkpointer {
public:
    static constexpr auto kIdle = std::chrono::milliseconds(50);
    static constexpr auto kBusyInterval = std::chrono::seconds(1);
    static constexpr int kRestartFrames = 16384;  // 64 MiB of 4 KiB pages

    explicit Checkpointer(std::string path);
    ~Checkpointer();  // a last checkpoint, then the thread ends
    Checkpointer(const Checkpointer&) = delete;
    Checkpointer& operator=(const Checkpointer&) = delete;

    // From the writer (sqlite3_wal_hook): a commit left `wal_frames` frames in the WAL.
    void committed(int wal_frames);
    // From the writer, before it begins a group: while a RESTART is under
    // way, wait for it. Without this a writer that never pauses could take
    // the write lock back between every two groups and starve the restart.
    void let_restart_through();

private:
    void run();
    std::string path_;
    std::atomic<std::uint64_t> commits_{0};
    std::atomic<int> frames_{0};
    std::atomic<std::chrono::steady_clock::rep> last_commit_{0};
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    bool restarting_ = false;
    std::condition_variable restarted_;
    std::thread thread_;
};

}  // namespace rotaplan::storage
