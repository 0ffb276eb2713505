// The writer thread's durability pipeline (command_queue.h, wal_flusher.h,
// checkpointer.h): a command is acknowledged only once a flush that began
// after its COMMIT has returned, a failed flush is never acknowledged as
// success and stops the writer, an idle writer's WAL reaches the database
// file, and a busy writer's WAL stays bounded.
#include <QTemporaryDir>
#include <QtTest>

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include "storage/sqlite/checkpointer.h"
#include "storage/command_queue.h"
#include "storage/open_store.h"
#include "storage/sqlite/wal_flusher.h"
#include "storage_support.h"

using namespace rotaplan;
using namespace rotaplan::storage;
using namespace rotaplan::testing;

namespace {

std::exception_ptr flushed(WalFlusher& f) {
    std::promise<std::exception_ptr> p;
    auto done = p.get_future();
    f.after_flush([&](std::exception_ptr e) { p.set_value(e); });
    return done.get();
}

// fdatasync, or EIO while `disk_fails` is set.
WalFlusher::Sync failing_while(const std::atomic<bool>& disk_fails) {
    return [&disk_fails](int fd) {
        if (disk_fails) {
            errno = EIO;
            return -1;
        }
        return ::fdatasync(fd);
    };
}

Leg leg_at(int i) { return make_leg("XQ7", "FRA", "MUC", at("2026-04-01T00:00Z") + i * 90, 60); }

}  // namespace

class TestGroupCommit : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::string path(const char* name) { return dir_.filePath(name).toStdString(); }

private slots:
    void aFlushedGroupIsAcknowledged() {
        std::ofstream(path("a.db-wal")) << "frames";
        std::atomic<int> syncs{0};
        WalFlusher flusher(path("a.db-wal"), [&](int fd) {
            ++syncs;
            return ::fdatasync(fd);
        });
        QVERIFY(flushed(flusher) == nullptr);
        QVERIFY(flushed(flusher) == nullptr);
        QCOMPARE(syncs.load(), 2);
        QVERIFY(flusher.failure() == nullptr);
    }

    void aFailedFlushFailsItsGroupAndEveryLaterOne() {
        std::ofstream(path("b.db-wal")) << "frames";
        std::atomic<bool> disk_fails{false};
        WalFlusher flusher(path("b.db-wal"), failing_while(disk_fails));
        QVERIFY(flushed(flusher) == nullptr);
        disk_fails = true;
        auto first = flushed(flusher);
        QVERIFY(first != nullptr);
        try {
            std::rethrow_exception(first);
        } catch (const StorageError& e) {
            QVERIFY2(std::string(e.what()).find("b.db-wal") != std::string::npos, e.what());
            QVERIFY2(std::string(e.what()).find(std::strerror(EIO)) != std::string::npos, e.what());
        }
        disk_fails = false;  // even once flushing would work again
        QVERIFY(flushed(flusher) != nullptr);
        QVERIFY(flusher.failure() != nullptr);
    }

    void aMissingLogCannotBeAcknowledged() {
        WalFlusher flusher(path("none.db-wal"));
        QVERIFY(flushed(flusher) != nullptr);
    }

    // The injected flush notes how far the store had committed when it ran;
    // every acknowledged command must be at or below such a mark.
    void acknowledgementsFollowAFlushOfTheirCommit() {
        const std::string db = path("order.db");
        std::atomic<std::int64_t> durable{0};
        std::optional<Database> observer;  // the flusher thread's own connection
        {
            CommandQueue queue(db, 256, [&](int fd) {
                if (!observer) observer.emplace(db, Database::Mode::ReadOnly);
                std::int64_t committed = observer->scalar("SELECT coalesce(max(position), 0) FROM events");
                int rc = ::fdatasync(fd);
                durable = committed;
                return rc;
            });
            std::vector<std::thread> planners;
            std::atomic<int> early{0}, refused{0};
            for (int p = 0; p < 4; ++p)
                planners.emplace_back([&, p] {
                    auto r = new_rotation();
                    if (!queue.submit(CreateRotation{r, "P" + std::to_string(p)}, kCtx).get().ok) ++refused;
                    for (int i = 0; i < 30; ++i) {
                        auto outcome = queue.submit(AddLegs{r, {leg_at(i)}}, kCtx).get();
                        if (!outcome.ok) ++refused;
                        else if (outcome.positions.back() > durable.load()) ++early;
                    }
                });
            for (auto& t : planners) t.join();
            QCOMPARE(refused.load(), 0);
            QCOMPARE(early.load(), 0);
        }
        observer.reset();
    }

    // A flush fails: the commands waiting on it fail, and the queue writes
    // nothing more (a retried command must not end up applied twice).
    void afterAFailedFlushNothingMoreIsWritten() {
        const std::string db = path("broken.db");
        std::atomic<bool> disk_fails{false};
        auto r = new_rotation(), later = new_rotation();
        {
            CommandQueue queue(db, 256, failing_while(disk_fails));
            QVERIFY(queue.submit(CreateRotation{r, "BEFORE"}, kCtx).get().ok);
            disk_fails = true;
            QVERIFY_THROWS_EXCEPTION(StorageError, queue.submit(AddLegs{r, {leg_at(0)}}, kCtx).get());
            disk_fails = false;
            QVERIFY_THROWS_EXCEPTION(StorageError, queue.submit(CreateRotation{later, "AFTER"}, kCtx).get());
        }
        Database store = open_store(db);
        QCOMPARE(store.scalar("SELECT count(*) FROM rotations WHERE name = 'BEFORE'"), 1);
        QCOMPARE(store.scalar("SELECT count(*) FROM rotations WHERE name = 'AFTER'"), 0);
    }

    // A child process writes through the queue and reports each acknowledgement;
    // it is killed mid-stream. Everything it reported must be in the store.
    void acknowledgedCommandsSurviveTheWriterBeingKilled() {
        const std::string db = path("killed.db");
        int report[2];
        QVERIFY(pipe(report) == 0);
        pid_t child = fork();
        QVERIFY(child >= 0);
        if (child == 0) {  // no Qt, no test macros here: only the queue, then _exit
            ::close(report[0]);
            try {
                CommandQueue queue(db);
                auto r = new_rotation();
                if (!queue.submit(CreateRotation{r, "K"}, kCtx).get().ok) _exit(3);
                for (int i = 0;; ++i) {
                    if (!queue.submit(AddLegs{r, {leg_at(i)}}, kCtx).get().ok) _exit(4);
                    char c = 'a';
                    if (write(report[1], &c, 1) != 1) _exit(5);
                }
            } catch (...) {
                _exit(6);
            }
        }
        ::close(report[1]);
        int acknowledged = 0;
        char c;
        pollfd in{report[0], POLLIN, 0};
        while (acknowledged < 300 && poll(&in, 1, 30000) == 1 && read(report[0], &c, 1) == 1) ++acknowledged;
        kill(child, SIGKILL);
        while (read(report[0], &c, 1) == 1) ++acknowledged;  // reported before the kill landed
        ::close(report[0]);
        int status = 0;
        waitpid(child, &status, 0);
        QVERIFY2(WIFSIGNALED(status), qPrintable(QString("the writer ended by itself, status %1").arg(WEXITSTATUS(status))));
        QVERIFY(acknowledged >= 300);
        Database store = open_store(db);
        QVERIFY(store.scalar("SELECT count(*) FROM events WHERE type = 'LegAddedToRotation'") >= acknowledged);
        QVERIFY(store.scalar("SELECT count(*) FROM legs") >= acknowledged);
    }

    // The database file alone (as a copy without its WAL) holds the commands
    // once the writer has been idle: the checkpointer moved them there. The
    // timeout is below the busy interval, so only the idle trigger can pass.
    void anIdleWritersLogReachesTheDatabaseFile() {
        static_assert(Checkpointer::kBusyInterval > std::chrono::milliseconds(700));
        const std::string db = path("idle.db");
        CommandQueue queue(db);
        auto r = new_rotation();
        QVERIFY(queue.submit(CreateRotation{r, "IDLE"}, kCtx).get().ok);
        for (int i = 0; i < 20; ++i) QVERIFY(queue.submit(AddLegs{r, {leg_at(i)}}, kCtx).get().ok);
        const std::string copy = path("idle-copy.db");
        auto copied = [&] {
            std::filesystem::copy_file(db, copy, std::filesystem::copy_options::overwrite_existing);
            std::filesystem::remove(copy + "-wal");
            try {
                Database d = open_store(copy, true);
                return d.scalar("SELECT count(*) FROM events");
            } catch (const StorageError&) {
                return std::int64_t{-1};  // not even the schema has reached the file yet
            }
        };
        QTRY_COMPARE_WITH_TIMEOUT(copied(), std::int64_t{21}, 700);
    }

    // Planners who never pause: the WAL is started over once it passes
    // kRestartFrames, so its file stays near that size instead of growing
    // with every group.
    void aBusyWritersLogStaysBounded() {
        const std::string db = path("busy.db");
        const auto limit = std::uintmax_t(Checkpointer::kRestartFrames) * 4120 * 3;  // frames of 4 KiB + header, 3x slack
        std::uintmax_t largest = 0;
        {
            CommandQueue queue(db);
            std::atomic<bool> stop{false};
            std::vector<std::thread> planners;
            for (int p = 0; p < 6; ++p)
                planners.emplace_back([&, p] {
                    auto r = new_rotation();
                    queue.submit(CreateRotation{r, "B" + std::to_string(p)}, kCtx).get();
                    for (int i = 0; !stop; ++i) queue.submit(AddLegs{r, {leg_at(i)}}, kCtx).get();
                });
            auto until = std::chrono::steady_clock::now() + std::chrono::seconds(4);
            while (std::chrono::steady_clock::now() < until) {
                std::error_code ec;
                largest = std::max(largest, std::filesystem::file_size(db + "-wal", ec));
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
            }
            stop = true;
            for (auto& t : planners) t.join();
        }
        QVERIFY2(largest < limit, qPrintable(QString("WAL reached %1 bytes (limit %2)").arg(largest).arg(limit)));
    }
};

QTEST_GUILESS_MAIN(TestGroupCommit)
#include "tst_group_commit.moc"
