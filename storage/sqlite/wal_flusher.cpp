#include "storage/sqlite/wal_flusher.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "storage/sqlite/database.h"

namespace rotaplan::storage {

WalFlusher::WalFlusher(std::string wal_path, Sync sync)
    : wal_path_(std::move(wal_path)),
      sync_(sync ? std::move(sync) : Sync([](int fd) { return ::fdatasync(fd); })),
      thread_([this] { run(); }) {}

WalFlusher::~WalFlusher() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
    if (fd_ >= 0) ::close(fd_);
}

void WalFlusher::after_flush(Done done) {
    {
        std::lock_guard lock(mutex_);
        waiting_.push_back(std::move(done));
    }
    wake_.notify_one();
}

std::exception_ptr WalFlusher::failure() {
    std::lock_guard lock(mutex_);
    return failed_;
}

std::exception_ptr WalFlusher::flush() {
    auto fail = [&](const std::string& what, int error) {
        return std::make_exception_ptr(StorageError(what + " " + wal_path_ + ": " + std::strerror(error), SQLITE_IOERR_FSYNC));
    };
    if (fd_ < 0) {
        // The WAL exists once a group has committed. Its directory entry is
        // flushed once too: a new WAL file must survive a power cut as a name,
        // not only as data (SQLite's FULL does the same on its first sync).
        fd_ = ::open(wal_path_.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd_ < 0) return fail("cannot open", errno);
        auto dir = std::filesystem::path(wal_path_).parent_path();
        int dfd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd < 0) return fail("cannot open the directory of", errno);
        int rc = ::fsync(dfd), error = errno;
        ::close(dfd);
        if (rc != 0) return fail("cannot flush the directory of", error);
    }
    if (sync_(fd_) != 0) return fail("cannot flush", errno);
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
        lock.lock();
        failed_ = failed;  // recorded before anyone is told: failure() never lags a callback
        lock.unlock();
        for (auto& done : batch) done(failed);
        lock.lock();
    }
}

}  // namespace rotaplan::storage
