// kill -9 at random points, and what must hold after each: a season import
// and a loop of planner commands (rotaplan-cli processes one after the other)
// are killed while they run, and then
//   * all or nothing: the store is as it was before the command or import in
//     flight, or as it is after it, never in between;
//   * nothing acknowledged is lost: every command whose "done" line was seen
//     (it exited 0) and every import that said "imported" is there;
//   * the file is sound (integrity_check) and the projections are exactly
//     what a rebuild from the events makes of them.
// The kill points come from a seeded generator; the seed is printed, and
// ROTAPLAN_CRASH_SEED=N repeats a run. The suite stops starting rounds once
// its time budget is spent, so it stays within ctest's 60 s.
#include <signal.h>
#include <unistd.h>

#include <QCryptographicHash>
#include <QDateTime>
#include <QElapsedTimer>
#include <QRandomGenerator>

#include <algorithm>

#include "support/cli_runner.h"
#include "storage/sqlite/database.h"
#include "storage/projections/projections.h"
#include "storage/open_store.h"

using namespace rotaplan;
using namespace rotaplan::testing;

namespace {

// Every projection table, row by row (columns as text, blobs in hex), sorted.
QStringList projections(storage::Database& db) {
    QStringList rows;
    for (const char* table : {"legs", "rotations", "airplanes", "airports", "ssim_templates", "violations",
                              "projection_position"}) {
        sqlite3_stmt* s = nullptr;
        sqlite3_prepare_v2(db.handle(), (std::string("SELECT * FROM ") + table).c_str(), -1, &s, nullptr);
        while (sqlite3_step(s) == SQLITE_ROW) {
            QString row = table;
            for (int c = 0; c < sqlite3_column_count(s); ++c) {
                row += '|';
                if (sqlite3_column_type(s, c) == SQLITE_BLOB)
                    row += QByteArray(static_cast<const char*>(sqlite3_column_blob(s, c)), sqlite3_column_bytes(s, c)).toHex();
                else if (sqlite3_column_type(s, c) != SQLITE_NULL)
                    row += QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(s, c)));
            }
            rows << row;
        }
        sqlite3_finalize(s);
    }
    rows.sort();
    return rows;
}

// What the planner sees of an imported season, ids aside: each leg with its rotation's name.
QByteArray season_digest(storage::Database& db) {
    QCryptographicHash h(QCryptographicHash::Sha256);
    auto s = db.prepare(
        "SELECT airline, flight_number, suffix, departure, day_of_origin, arrival, std, sta, aircraft_type, "
        "service_type, coalesce(rotation_name, '-') FROM leg_view "
        "ORDER BY airline, flight_number, suffix, departure, day_of_origin, std");
    while (s.step()) {
        for (int c = 0; c < 11; ++c) h.addData(QByteArray::fromStdString(s.str(c)) + '|');
        h.addData("\n");
    }
    return h.result().toHex();
}

struct Killed {
    bool finished = false;  // it ended by itself before the kill
    int exit = -1;
    QString out, err;
};

// Starts `program` in its own process group and kill -9s the group after `ms`.
Killed run_and_kill(const QString& program, const QStringList& args, int ms) {
    QProcess p;
    p.setChildProcessModifier([] { setpgid(0, 0); });
    p.start(program, args);
    if (!p.waitForStarted()) qFatal("cannot start %s", qPrintable(program));
    Killed k;
    k.finished = p.waitForFinished(ms);
    if (!k.finished) {
        ::kill(-pid_t(p.processId()), SIGKILL);
        p.waitForFinished(30000);
    } else {
        k.exit = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    }
    k.out = QString::fromUtf8(p.readAllStandardOutput());
    k.err = QString::fromUtf8(p.readAllStandardError());
    return k;
}

// One planner command of the loop, by its step number: every fourth step
// creates a rotation, puts a leg in it, makes an unassigned leg, and moves
// that leg into the rotation (two streams in one command).
struct Step {
    QStringList args;
    QString rotation;  // the rotation the step's leg is in once done ("" none)
    int flight = 0;    // the leg the step concerns (0: the step creates a rotation)
};

QString leg_time(int k, int plus_minutes = 0) {
    return QDateTime(QDate(2026, 4, 1), QTime(0, 0), Qt::UTC).addSecs(qint64(k * 60 + plus_minutes) * 60).toString("yyyy-MM-ddTHH:mmZ");
}

Step step(int k) {
    int base = k - k % 4;
    QString rotation = QString("L%1").arg(base);
    auto add = [&](const QString& into) {
        return QStringList{"add-leg", into, "--flight", QString("XQ%1").arg(1000 + k), "--dep", "FRA", "--arr", "MUC",
                           "--std", leg_time(k), "--sta", leg_time(k, 45)};
    };
    switch (k % 4) {
        case 0: return {{"create-rotation", rotation}, rotation, 0};
        case 1: return {add(rotation), rotation, 1000 + k};
        case 2: return {add("-"), "", 1000 + k};
        default: {
            QString designator = QString("XQ%1/FRA/%2").arg(1000 + k - 1).arg(leg_time(k - 1).left(10));
            return {{"move-leg", designator, rotation}, rotation, 1000 + k - 1};
        }
    }
}

}  // namespace

class TestCliCrash : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    quint32 seed_ = 0;
    QRandomGenerator random_;
    QElapsedTimer clock_;
    QString where_;  // the seed and the round, for every failure message

    QString path(const QString& name) { return dir_.filePath(name); }
    void ok(const QStringList& args) {
        auto r = run_cli(args);
        QVERIFY2(r.exit == 0, qPrintable(args.join(' ') + " -> " + r.err));
    }
    QByteArray why(const QString& what) { return (where_ + ": " + what).toUtf8(); }

    // The store after a kill: sound, its projections those of a rebuild.
    void check_sound(storage::Database& db) {
        {
            auto s = db.prepare("PRAGMA integrity_check");
            QVERIFY(s.step());
            QVERIFY2(s.str(0) == "ok", why("integrity_check: " + QString::fromStdString(s.str(0))));
        }
        // Each command's events and its journal row commit together: no event
        // without the command it came from (nothing here was synced).
        auto orphans = db.scalar(
            "SELECT count(*) FROM events e LEFT JOIN sync_pending_events p ON p.position = e.position "
            "LEFT JOIN sync_outbox o ON o.command_id = p.command_id "
            "WHERE o.command_id IS NULL OR json_extract(e.metadata, '$.causation_id') IS NOT p.command_id");
        QVERIFY2(orphans == 0, why(QString("%1 events without their whole command").arg(orphans)));
        auto kept = projections(db);
        storage::rebuild_projections(db);
        QVERIFY2(projections(db) == kept, why("the projections differ from a rebuild from the events"));
    }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        bool given = false;
        seed_ = qEnvironmentVariable("ROTAPLAN_CRASH_SEED").toUInt(&given);
        if (!given) seed_ = QRandomGenerator::system()->generate();
        random_.seed(seed_);
        qInfo("seed %u (ROTAPLAN_CRASH_SEED=%u repeats these kill points)", seed_, seed_);
        clock_.start();
    }

    void aKilledImportIsAllOrNothing() {
        // Two versions of a season, imported in turn with their rotation files:
        // each import changes, adds and cancels legs and moves them between rotations.
        for (const auto& [name, fleet] : {std::pair{"a", "20"}, std::pair{"b", "18"}}) {
            ok({"generate-schedule", path(name), "--airplanes", fleet});
        }
        const QString db = path("season.db");
        auto import_args = [&](const QString& v) {
            return QStringList{"--db", db, "import-ssim", path(v + "/season.ssim"), "--rotations", path(v + "/rotations.csv")};
        };
        // The two states an import of each version leaves, and how long one takes.
        QMap<QString, QByteArray> after;
        qint64 import_ms = 0;
        for (QString v : {"a", "b"}) {
            const QString ref = path("reference-" + v + ".db");
            ok({"--db", ref, "import-airplanes", path("a/airplanes.csv")});
            ok({"--db", ref, "import-airplanes", path("b/airplanes.csv")});
            QElapsedTimer t;
            t.start();
            ok(QStringList{"--db", ref} + import_args(v).mid(2));
            import_ms = std::max(import_ms, t.elapsed());
            storage::Database r = storage::open_store(ref.toStdString(), true);
            after[v] = season_digest(r);
        }
        QVERIFY(after["a"] != after["b"]);
        ok({"--db", db, "import-airplanes", path("a/airplanes.csv")});
        ok({"--db", db, "import-airplanes", path("b/airplanes.csv")});

        QString version = "a";
        int killed_before = 0, killed_after = 0, completed = 0;
        for (int round = 0; round < 12 && (round < 5 || clock_.elapsed() < 25000); ++round) {
            QByteArray before;
            std::int64_t imports_before = 0;
            {
                storage::Database d = storage::open_store(db.toStdString());
                before = season_digest(d);
                imports_before = d.scalar("SELECT count(*) FROM events WHERE type = 'FileImported'");
            }
            int at = int(random_.bounded(qint64(import_ms * 12 / 10 + 50)));
            where_ = QString("seed %1, import round %2 (%3 killed at %4 ms)").arg(seed_).arg(round).arg(version).arg(at);
            auto k = run_and_kill(ROTAPLAN_CLI, import_args(version), at);
            QVERIFY2(!k.finished || k.exit == 0, why("the import failed by itself: " + k.err));

            storage::Database d = storage::open_store(db.toStdString());
            check_sound(d);
            if (QTest::currentTestFailed()) return;
            QByteArray now = season_digest(d);
            std::int64_t imports = d.scalar("SELECT count(*) FROM events WHERE type = 'FileImported'");
            bool is_after = now == after[version] && imports > imports_before;
            bool is_before = now == before && imports == imports_before;
            QVERIFY2(is_after || is_before, why("the store is neither as before the import nor as after it"));
            if (k.finished || k.out.contains("imported "))
                QVERIFY2(is_after, why("an import that said it was done is not in the store"));
            if (k.finished) ++completed;
            else if (is_after) ++killed_after;
            else ++killed_before;
            if (is_after) version = version == "a" ? "b" : "a";
        }
        qInfo("imports: %d killed before their commit, %d killed after it, %d completed", killed_before, killed_after,
              completed);
    }

    void aKilledCommandLoopLosesNothingAcknowledged() {
        const QString db = path("loop.db");
        ok({"--db", db, "create-rotation", "FIRST"});
        constexpr int kSteps = 400;  // a command takes 10 ms or more: the kill comes first
        int next = 0;  // the first step not known to be in the store
        int rounds = 0, in_flight_kept = 0;
        for (; rounds < 16 && (rounds < 5 || clock_.elapsed() < 40000); ++rounds) {
            // A script of more steps than can run before the kill, each printing "done K" once it exited 0.
            QString script = "set -e\n";
            for (int k = next; k < next + kSteps; ++k) {
                QStringList quoted;
                for (const auto& a : step(k).args) quoted << "'" + a + "'";
                script += QString("\"$CLI\" --db \"$DB\" %1 >/dev/null\necho \"done %2\"\n").arg(quoted.join(' ')).arg(k);
            }
            QFile f(path("loop.sh"));
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write(script.toUtf8());
            f.close();
            int at = 100 + int(random_.bounded(1900));
            where_ = QString("seed %1, command round %2 (killed at %3 ms)").arg(seed_).arg(rounds).arg(at);
            qputenv("CLI", ROTAPLAN_CLI);
            qputenv("DB", db.toUtf8());
            auto k = run_and_kill("sh", {f.fileName()}, at);
            QVERIFY2(!k.finished || k.exit == 0, why("a command failed by itself: " + k.err));
            QVERIFY2(!k.finished, why(QString("%1 commands ran in %2 ms: kill later").arg(kSteps).arg(at)));
            int acknowledged = next - 1;
            for (const QString& line : k.out.split('\n'))
                if (line.startsWith("done ")) acknowledged = line.mid(5).toInt();
            QVERIFY2(!k.err.contains("rotaplan-cli"), why("a command failed by itself: " + k.err));

            storage::Database d = storage::open_store(db.toStdString());
            check_sound(d);
            if (QTest::currentTestFailed()) return;
            auto done = [&](int s) {
                Step st = step(s);
                if (st.flight == 0) {
                    auto q = d.prepare("SELECT count(*) FROM rotations WHERE name = ?");
                    q.bind(1, st.rotation.toStdString());
                    return q.step() && q.int64(0) == 1;
                }
                auto q = d.prepare("SELECT coalesce(rotation_name, '') FROM leg_view WHERE airline = 'XQ' AND flight_number = ?");
                q.bind(1, st.flight);
                if (!q.step()) return false;
                return s % 4 == 2 || QString::fromStdString(q.str(0)) == st.rotation;
            };
            int present = next;
            while (present < next + kSteps && done(present)) ++present;
            for (int s = present + 1; s < next + kSteps; ++s)
                QVERIFY2(!done(s), why(QString("step %1 is in the store, step %2 before it is not").arg(s).arg(present)));
            QVERIFY2(present > acknowledged, why(QString("step %1 said done and is not in the store").arg(acknowledged)));
            QVERIFY2(present <= acknowledged + 2, why(QString("steps after the one in flight (%1) are in the store").arg(acknowledged + 1)));
            if (present == acknowledged + 2) ++in_flight_kept;  // committed, killed before it said so
            next = present;
        }
        qInfo("%d rounds, %d steps in all; %d times the command in flight had committed before the kill", rounds, next,
              in_flight_kept);
        QVERIFY2(next >= rounds, why("the loop hardly ran"));
    }
};

QTEST_GUILESS_MAIN(TestCliCrash)
#include "tst_cli_crash.moc"
