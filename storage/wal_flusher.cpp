#include "wal_flusher.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "database.h"

namespace rotaplan::storage {

WalFlusher::WalFlusher(std::string database_path)
    : wal_path_(std::move(database_path) + "-wal") {
    for (int i = 0; i < kFlushers; ++i) threads_.emplace_back([this] { run(); });
}

WalFlusher::~WalFlusher() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    for (auto& t : threads_) t.join();
    if (fd_ >= 0) ::close(fd_);
}

void WalFlusher::after_flush(Done done) {
    {
        std::lock_guard lock(mutex_);
        waiting_.push_back(std::move(done));
    }
    wake_.notify_one();
}

std::exception_ptr WalFlusher::flush() {
    auto fail = [&](const std::string& what, int error = errno) {
        return std::make_exception_ptr(StorageError(what + " " + wal_path_ + ": " + std::strerror(error), SQLITE_IOERR_FSYNC));
    };
    std::unique_lock opening(open_mutex_);
    if (fd_ < 0) {
        // The WAL exists once a group has committed. Its directory entry is
        // flushed once too: a new WAL file must survive a power cut as a name,
        // not only as data (SQLite's FULL does the same on its first sync).
        fd_ = ::open(wal_path_.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd_ < 0) return fail("cannot open");
        auto dir = std::filesystem::path(wal_path_).parent_path();
        int dfd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd < 0) return fail("cannot open the directory of");
        int rc = ::fsync(dfd), error = errno;
        ::close(dfd);
        if (rc != 0) return fail("cannot flush the directory of", error);
    }
    opening.unlock();
    if (::fdatasync(fd_) != 0) return fail("cannot flush");
    return nullptr;
}

void WalFlusher::run() {
    std::unique_lock lock(mutex_);
    for (;;) {
        wake_.wait(lock, [&] { return stopping_ || !waiting_.empty(); });
        if (waiting_.empty()) return;  // stopping, and drained
        std::vector<Done> batch;
        batch.swap(waiting_);
        std::exception_ptr failed = failed_;
        lock.unlock();
        if (!failed) failed = flush();
        for (auto& done : batch) done(failed);
        lock.lock();
        if (failed) failed_ = failed;
    }
}

}  // namespace rotaplan::storage
