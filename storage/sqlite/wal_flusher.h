// Making committed groups durable off the writer's critical path.
//
//   writer thread:  [decide+write group 1][decide+write group 2][decide+write group 3] ...
//                                        |                    |
//   flusher thread:                      [fdatasync WAL]->ack 1 [fdatasync WAL]->ack 2 ...
//
// The writer connection commits with synchronous=NORMAL: COMMIT writes the
// group's frames into the write-ahead log but does not wait for the disk.
// Instead of each group paying for its own fsync before the next can start,
// the writer hands the group's acknowledgement to this thread and goes on
// deciding the next group while the disk flushes. One fdatasync of the WAL
// makes every group committed before it began durable, so the
// acknowledgements wait exactly as long as with synchronous=FULL.
//
// Invariant: a callback runs with no error only after an fdatasync of the WAL
// that began after its group's COMMIT returned. A failed fdatasync fails that
// flush's callbacks and every later one, and failed() stays true: after a
// failed flush the kernel may have dropped dirty pages, and later frames
// chain to lost ones (WAL checksums), so nothing written since can be
// promised. The owner stops writing (command_queue.cpp).
//
// One thread and one descriptor on purpose: with two flushers sharing a
// descriptor, Linux reports a writeback error to whichever fdatasync comes
// first, and the other could acknowledge a group whose frames were lost
// (review, session 4); the second thread bought no reliable latency either.
//
// Why not SQLite's own FULL: it syncs inside COMMIT, holding the writer.
// Why a descriptor of our own: SQLite's handle belongs to the writer's
// connection and is not to be used from another thread; fdatasync on a second
// descriptor of the same file flushes the same pages.
#pragma once

#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace rotaplan::storage {

class WalFlusher {
public:
    using Done = std::function<void(std::exception_ptr)>;  // nullptr: durable
    using Sync = std::function<int(int fd)>;                // fdatasync's contract; tests observe or fail it

    // `wal_path`: the WAL file as SQLite names it (sqlite3_filename_wal).
    explicit WalFlusher(std::string wal_path, Sync sync = {});
    ~WalFlusher();  // flushes what is queued, then the thread ends
    WalFlusher(const WalFlusher&) = delete;
    WalFlusher& operator=(const WalFlusher&) = delete;

    // Call after a COMMIT returned: `done` runs on the flusher thread.
    void after_flush(Done done);
    // The failure every later callback receives; nullptr while all is well.
    std::exception_ptr failure();

private:
    void run();
    std::exception_ptr flush();

    std::string wal_path_;
    Sync sync_;
    int fd_ = -1;  // the flusher thread's alone
    std::mutex mutex_;
    std::condition_variable wake_;
    std::vector<Done> waiting_;
    std::exception_ptr failed_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace rotaplan::storage
