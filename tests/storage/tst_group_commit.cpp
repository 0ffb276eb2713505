// The writer thread's durability pipeline (command_queue.h, wal_flusher.h,
// checkpointer.h): a command is acknowledged only once its group is on disk,
// a failed flush is never acknowledged as success, and an idle writer's WAL
// reaches the database file.
#include <QTemporaryDir>
#include <QtTest>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include "storage/command_queue.h"
#include "storage/schema.h"
#include "storage/wal_flusher.h"
#include "support.h"

using namespace rotaplan;
using namespace rotaplan::storage;
using namespace rotaplan::testing;

namespace {

const CommandContext kCtx{"tester", "test-host", {}, {}};

RotationId new_rotation() { return RotationId{*Uuid::parse(random_uuid())}; }

std::exception_ptr flushed(WalFlusher& f) {
    std::promise<std::exception_ptr> p;
    auto done = p.get_future();
    f.after_flush([&](std::exception_ptr e) { p.set_value(e); });
    return done.get();
}

}  // namespace

class TestGroupCommit : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::string path(const char* name) { return dir_.filePath(name).toStdString(); }

private slots:
    void aFlushedGroupIsAcknowledged() {
        std::ofstream(path("a.db-wal")) << "frames";
        WalFlusher flusher(path("a.db"));
        QVERIFY(flushed(flusher) == nullptr);
        QVERIFY(flushed(flusher) == nullptr);
    }

    void aFailedFlushFailsItsGroupAndEveryLaterOne() {
        WalFlusher flusher(path("none.db"));  // no WAL to flush: the flush fails
        auto first = flushed(flusher);
        QVERIFY(first != nullptr);
        try {
            std::rethrow_exception(first);
        } catch (const StorageError& e) {
            QVERIFY2(std::string(e.what()).find("none.db-wal") != std::string::npos, e.what());
        }
        std::ofstream(path("none.db-wal")) << "frames";  // even once flushing would work again
        QVERIFY(flushed(flusher) != nullptr);
    }

    // A child process writes through the queue and reports each acknowledgement;
    // it is killed mid-stream. Everything it reported must be in the store.
    void acknowledgedCommandsSurviveTheWriterBeingKilled() {
        const std::string db = path("killed.db");
        int report[2];
        QVERIFY(pipe(report) == 0);
        pid_t child = fork();
        QVERIFY(child >= 0);
        if (child == 0) {
            ::close(report[0]);
            CommandQueue queue(db);
            auto r = new_rotation();
            if (!queue.submit(CreateRotation{r, "K"}, kCtx).get().ok) _exit(3);
            for (int i = 0;; ++i) {
                Leg l = make_leg("XQ7", "FRA", "MUC", at("2026-04-01T00:00Z") + i * 90, 60);
                if (!queue.submit(AddLegs{r, {l}}, kCtx).get().ok) _exit(4);
                char c = 'a';
                if (write(report[1], &c, 1) != 1) _exit(5);
            }
        }
        ::close(report[1]);
        int acknowledged = 0;
        char c;
        while (acknowledged < 300 && read(report[0], &c, 1) == 1) ++acknowledged;
        kill(child, SIGKILL);
        while (read(report[0], &c, 1) == 1) ++acknowledged;  // reported before the kill landed
        ::close(report[0]);
        int status = 0;
        waitpid(child, &status, 0);
        QVERIFY2(WIFSIGNALED(status), "the writer ended before it was killed");
        QCOMPARE(acknowledged >= 300, true);
        Database store = open_store(db);
        QVERIFY(store.scalar("SELECT count(*) FROM events WHERE type = 'LegAddedToRotation'") >= acknowledged);
        QVERIFY(store.scalar("SELECT count(*) FROM legs") >= acknowledged);
    }

    // The database file alone (as a copy without its WAL) holds the commands
    // once the writer has been idle: the checkpointer moved them there.
    void anIdleWritersLogReachesTheDatabaseFile() {
        const std::string db = path("idle.db");
        CommandQueue queue(db);
        auto r = new_rotation();
        QVERIFY(queue.submit(CreateRotation{r, "IDLE"}, kCtx).get().ok);
        for (int i = 0; i < 20; ++i)
            QVERIFY(queue.submit(AddLegs{r, {make_leg("XQ8", "FRA", "MUC", at("2026-04-02T00:00Z") + i * 90, 60)}}, kCtx)
                        .get()
                        .ok);
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
        QTRY_COMPARE_WITH_TIMEOUT(copied(), std::int64_t{21}, 5000);
    }
};

QTEST_GUILESS_MAIN(TestGroupCommit)
#include "tst_group_commit.moc"
