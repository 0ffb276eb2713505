// Moving the write-ahead log into the database file, off the commit path.
//
// SQLite's automatic checkpoint runs inside whichever COMMIT crosses the WAL
// size threshold: that command waits for pages to be copied and the database
// file to be fsynced, a latency spike of several milliseconds every few
// hundred commands. A long-lived writer (the bench's CommandQueue) instead
// turns automatic checkpoints off and lets this thread run PASSIVE checkpoints
// on its own connection; PASSIVE never blocks the writer, and the writer never
// waits for it. Short-lived CLI processes keep SQLite's automatic checkpoints.
//
// When: a checkpoint's fsync of the database file saturates the disk, and the
// WAL flushes that acknowledge commands queue behind it (wal_flusher.h): run
// every 100 ms under load it put ~3 % of commands past 2 ms. So it runs
// once the writer has been idle for kIdle, and under sustained load once per
// kBusyInterval (which bounds the WAL to what one second of commands writes).
//
//   writer:      commit commit commit .......(idle)........ commit commit
//   committed():   ^      ^      ^                            ^      ^
//   checkpoint:                          [checkpoint]
//                                   |<-kIdle->|
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace rotaplan::storage {

class Checkpointer {
public:
    static constexpr auto kIdle = std::chrono::milliseconds(50);
    static constexpr auto kBusyInterval = std::chrono::seconds(1);

    explicit Checkpointer(std::string path);
    ~Checkpointer();  // a last checkpoint, then the thread ends
    Checkpointer(const Checkpointer&) = delete;
    Checkpointer& operator=(const Checkpointer&) = delete;

    // From the writer (sqlite3_wal_hook): a commit left `wal_frames` frames in the WAL.
    void committed(int wal_frames);

private:
    void run();
    std::string path_;
    std::atomic<int> frames_{0};
    std::atomic<std::chrono::steady_clock::rep> last_commit_{0};
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace rotaplan::storage
