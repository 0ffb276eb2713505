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
// Two flusher threads: a group committed while one flush is in progress
// starts its own at once instead of waiting for that flush to end (bench p99
// over four runs each: 1.4-1.7 ms with two, 1.4-2.4 ms with one; a little less
// throughput, 8.3-8.5k vs 8.9-9.8k commands/s, from smaller groups).
//
// Invariant: a callback runs with no error only after an fdatasync of the WAL
// that began after its group's COMMIT returned. A failed fdatasync fails that
// flush's callbacks and every later one (after a failed flush the kernel may
// have dropped the dirty pages: nothing written since can be promised).
//
// Why not SQLite's own FULL: it syncs inside COMMIT, holding the writer.
// Why the WAL's path and not SQLite's file handle: the handle belongs to the
// writer's connection and is not to be used from another thread; fdatasync
// on a second descriptor flushes the same file.
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
    static constexpr int kFlushers = 2;

    explicit WalFlusher(std::string database_path);
    ~WalFlusher();  // flushes what is queued, then the thread ends
    WalFlusher(const WalFlusher&) = delete;
    WalFlusher& operator=(const WalFlusher&) = delete;

    // Call after a COMMIT returned: `done` runs on the flusher thread.
    void after_flush(Done done);

private:
    void run();
    std::exception_ptr flush();

    std::string wal_path_;
    int fd_ = -1;
    std::exception_ptr failed_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::vector<Done> waiting_;
    bool stopping_ = false;
    std::mutex open_mutex_;
    std::vector<std::thread> threads_;
};

}  // namespace rotaplan::storage
