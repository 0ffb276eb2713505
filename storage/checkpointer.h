// Moving the write-ahead log into the database file, off the commit path.
//
// SQLite's automatic checkpoint runs inside whichever COMMIT crosses the WAL
// size threshold: that command waits for pages to be copied and the database
// file to be fsynced, a latency spike of several milliseconds every few
// hundred commands. A long-lived writer (the GUI, the bench) instead turns
// automatic checkpoints off and lets this thread run PASSIVE checkpoints on its
// own connection; PASSIVE never blocks the writer, and the writer never waits
// for it. Short-lived CLI processes keep SQLite's automatic checkpoints.
#pragma once

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace rotaplan::storage {

class Checkpointer {
public:
    explicit Checkpointer(std::string path);
    ~Checkpointer();  // a last checkpoint, then the thread ends
    Checkpointer(const Checkpointer&) = delete;
    Checkpointer& operator=(const Checkpointer&) = delete;

private:
    void run();
    std::string path_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace rotaplan::storage
