// rotaplan-cli where the machine is against it: a store that is missing, read
// only (file, folder or disk), a disk that fills up under an import, memory
// that runs out. Each ends in a message that says what and where, one of the
// documented exit statuses, and a store exactly as it was.
//
// Read-only folders and full disks are real ones: a read-only bind mount and a
// small tmpfs, made in a private mount namespace (unshare) so that nothing
// outside the test sees them. Without the privileges for one (neither root nor
// unprivileged user namespaces) those tests are skipped, saying so.
#include <sys/resource.h>
#include <unistd.h>

#include "support/cli_runner.h"
#include "storage/sqlite/database.h"
#include "storage/open_store.h"

using namespace rotaplan::testing;
using nlohmann::json;

namespace {

// unshare(1) as this user may use it: root needs only a mount namespace.
QStringList unshare_args() {
    if (geteuid() == 0) return {"--mount", "--propagation", "private"};
    return {"--user", "--map-root-user", "--mount", "--propagation", "private"};
}

// Runs `script` in a private mount namespace with $CLI set to rotaplan-cli.
CliRun in_private_mounts(const QString& script, const QProcessEnvironment& extra = {}) {
    auto env = QProcessEnvironment::systemEnvironment();
    env.insert("CLI", ROTAPLAN_CLI);
    for (const auto& k : extra.keys()) env.insert(k, extra.value(k));
    QProcess p;
    p.setProcessEnvironment(env);
    p.start("unshare", unshare_args() + QStringList{"sh", "-c", "set -u\n" + script});
    if (!p.waitForFinished(120000)) qFatal("the private-mount script did not finish");
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

// Whether this machine lets us make private mounts; the reason when not.
QString private_mounts_problem() {
    static const QString problem = [] {
        QTemporaryDir dir;
        QProcessEnvironment env;
        env.insert("DIR", dir.path());
        auto r = in_private_mounts("mount -t tmpfs -o size=64k tmpfs \"$DIR\" && touch \"$DIR/x\"", env);
        return r.exit == 0 ? QString() : "no private mounts here (unshare: " + r.err.trimmed() + ")";
    }();
    return problem;
}

}  // namespace

class TestCliRobustness : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    QString path(const QString& name) { return dir_.filePath(name); }
    void ok(const QString& db, const QStringList& args) {
        auto r = run_cli(QStringList{"--db", db} + args);
        QVERIFY2(r.exit == 0, qPrintable(args.join(' ') + " -> " + r.err));
    }
    // A store with a rotation, two legs and an airplane on it.
    void small_store(const QString& db) {
        ok(db, {"create-rotation", "R1"});
        ok(db, {"add-leg", "R1", "--flight", "XQ100", "--dep", "FRA", "--arr", "MUC", "--std", "2026-04-01T06:00Z", "--sta",
                "2026-04-01T07:05Z"});
        ok(db, {"add-leg", "R1", "--flight", "XQ101", "--dep", "MUC", "--arr", "FRA", "--std", "2026-04-01T08:00Z", "--sta",
                "2026-04-01T09:00Z"});
        ok(db, {"add-airplane", "D-AIAA", "--type", "320"});
        ok(db, {"assign", "D-AIAA", "R1"});
    }
    // What each reading command answers on `db`, in a private mount namespace
    // after `setup` (a shell fragment) ran there.
    CliRun reads_after(const QString& setup, const QString& db) {
        QProcessEnvironment env;
        env.insert("DB", db);
        env.insert("FOLDER", QFileInfo(db).absolutePath());
        env.insert("OUT", path("export-" + QString::number(++exports_) + ".ssim"));
        return in_private_mounts(setup + R"sh(
            "$CLI" --db "$DB" stats --json || exit 11
            "$CLI" --db "$DB" legs --rotation R1 --json || exit 12
            "$CLI" --db "$DB" validate --json >/dev/null; [ $? -le 1 ] || exit 13
            "$CLI" --db "$DB" history R1 >/dev/null || exit 14
            "$CLI" --db "$DB" export-ssim "$OUT" >/dev/null || exit 15
            "$CLI" --db "$DB" create-rotation R9 2>&1; echo "write exit $?"
        )sh",
                                 env);
    }
    int exports_ = 0;

    // The first line of output is stats --json; the second the legs of R1.
    static void check_reads(const CliRun& r, int events) {
        QVERIFY2(r.exit == 0, qPrintable(QString("exit %1: %2").arg(r.exit).arg(r.err + r.out)));
        auto lines = r.out.split('\n');
        QCOMPARE(json::parse(lines[0].toStdString())["events"].get<int>(), events);
        QCOMPARE(json::parse(lines[1].toStdString()).size(), 2u);
        QVERIFY2(r.out.contains("cannot be written (a read-only file, folder or disk)"), qPrintable(r.out));
        QVERIFY2(r.out.contains("write exit 2"), qPrintable(r.out));
    }

private slots:
    void initTestCase() { QVERIFY(dir_.isValid()); }

    void aReadOfAMissingStoreIsAnErrorNamingIt() {
        const QString db = path("missing/schedule.db");
        const QList<QStringList> reads{{"stats"},           {"legs"},       {"rotations"},
                                       {"airplanes"},       {"airports"},   {"history", "R1"},
                                       {"validate"},        {"imports"},    {"export-ssim", path("out.ssim")},
                                       {"rebuild-projections"}, {"conflicts"}};
        for (const auto& args : reads) {
            auto r = run_cli(QStringList{"--db", db} + args);
            QVERIFY2(r.exit == 2, qPrintable(args.join(' ') + QString(" exited %1").arg(r.exit)));
            QVERIFY2(r.err.contains("no schedule database at " + db), qPrintable(r.err));
            QVERIFY2(!QFileInfo::exists(db) && !QFileInfo::exists(path("missing")), qPrintable(args.join(' ')));
        }
        // The default store too: a first read in a fresh account creates nothing.
        QTemporaryDir home;
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert("XDG_DATA_HOME", home.path());
        auto r = run_cli({"stats"}, env);
        QCOMPARE(r.exit, 2);
        QVERIFY2(r.err.contains(home.path() + "/rotaplan/schedule.db"), qPrintable(r.err));
        QVERIFY(!QFileInfo::exists(home.path() + "/rotaplan"));
        // Commands that change the schedule create it, and --help says which do.
        ok(db, {"create-rotation", "R1"});
        QCOMPARE(run_cli({"--db", db, "rotations", "--json"}).json().size(), 1u);
        QVERIFY(run_cli({"--help"}).out.contains("create the database when it does not exist"));
        QVERIFY(run_cli({"stats", "--help"}).out.contains("must exist; it is never written"));
        QVERIFY(run_cli({"add-leg", "--help"}).out.contains("creates the database when it does not exist"));
    }

    // Every command the tool lists does with a missing store what
    // its help line says: "never created" and "must exist" refuse it (exit
    // 2, naming it) and create nothing, whatever the command's arguments.
    void everyCommandTreatsAMissingStoreAsItsHelpSays() {
        const QString db = path("absent/schedule.db");
        int refusing = 0;
        for (const QString& c : listed_commands()) {
            const QString help = run_cli({c, "--help"}).out;
            const bool refuses = help.contains("it is never created") || help.contains("which must exist");
            const bool creates = help.contains("creates the database when it does not exist");
            const bool none = help.contains("Needs no schedule database");
            QVERIFY2(int(refuses) + int(creates) + int(none) == 1, qPrintable(c + ": " + help));
            if (!refuses) continue;
            ++refusing;
            // Its required arguments (the synopsis' words before the first option), as placeholders.
            QStringList args{"--db", db, c};
            QString synopsis = help.section('\n', 0, 0).section(" " + c, 1).trimmed();
            for (const QString& word : synopsis.split(' ', Qt::SkipEmptyParts)) {
                if (word.startsWith('[') || word.startsWith("--")) break;  // compare's required --as-of is an option
                args << path("placeholder");
            }
            QList<QStringList> runs{args};
            if (c == "conflicts") runs << QStringList{"--db", db, c, "drop", "--all"} << QStringList{"--db", db, c, "retry", "x"};
            for (const QStringList& run : runs) {
                auto r = run_cli(run);
                QVERIFY2(r.exit == 2, qPrintable(run.join(' ') + QString(" exited %1: ").arg(r.exit) + r.err));
                QVERIFY2(r.err.contains("no schedule database at " + db), qPrintable(run.join(' ') + ": " + r.err));
                QVERIFY2(!QFileInfo::exists(db) && !QFileInfo::exists(path("absent")), qPrintable(run.join(' ')));
            }
        }
        QVERIFY(refusing >= 11);  // the reads, rebuild-projections, conflicts
    }

    void readsWorkInAReadOnlyFolder() {
        if (!private_mounts_problem().isEmpty()) QSKIP(qPrintable(private_mounts_problem()));
        QDir().mkpath(path("ro-folder"));
        const QString db = path("ro-folder/schedule.db");
        small_store(db);
        // No -wal and no -shm file (the last writer removed them), and none can be made.
        auto r = reads_after(R"sh(mount --bind "$FOLDER" "$FOLDER" && mount -o remount,bind,ro "$FOLDER" || exit 10)sh",
                             db);
        check_reads(r, 5);
        QVERIFY(!QFileInfo::exists(db + "-wal"));
    }

    void readsWorkOnAReadOnlyFile() {
        if (!private_mounts_problem().isEmpty()) QSKIP(qPrintable(private_mounts_problem()));
        QDir().mkpath(path("ro-file"));
        const QString db = path("ro-file/schedule.db");
        small_store(db);
        auto r = reads_after(R"sh(mount --bind "$DB" "$DB" && mount -o remount,bind,ro "$DB" || exit 10)sh", db);
        check_reads(r, 5);
    }

    // A writer is still open (or crashed): its commits are in the WAL, not in
    // the database file. A read in a read-only folder must see them, or say
    // why it cannot; never answer from the database file alone.
    void aReadOnlyFolderWithCommitsInTheWal() {
        if (!private_mounts_problem().isEmpty()) QSKIP(qPrintable(private_mounts_problem()));
        QDir().mkpath(path("ro-wal"));
        const QString db = path("ro-wal/schedule.db");
        small_store(db);
        // An open connection keeps the WAL (and its index) after the CLI's commit.
        rotaplan::storage::Database writer = rotaplan::storage::open_store(db.toStdString());
        writer.exec("PRAGMA wal_autocheckpoint=0");
        QCOMPARE(writer.scalar("SELECT count(*) FROM events"), 5);
        ok(db, {"create-rotation", "IN-THE-WAL"});
        QVERIFY(QFileInfo(db + "-wal").size() > 0);
        const QString mount = R"sh(mount --bind "$FOLDER" "$FOLDER" && mount -o remount,bind,ro "$FOLDER" || exit 10)sh";
        auto r = reads_after(mount, db);
        check_reads(r, 6);

        // The same files without the WAL index, as copied off a crashed machine:
        // the commits can only be taken in by a writer, and the read says so.
        QDir().mkpath(path("ro-wal-copy"));
        const QString copy = path("ro-wal-copy/schedule.db");
        QVERIFY(QFile::copy(db, copy));
        QVERIFY(QFile::copy(db + "-wal", copy + "-wal"));
        QProcessEnvironment env;
        env.insert("DB", copy);
        env.insert("FOLDER", QFileInfo(copy).absolutePath());
        auto refused = in_private_mounts(mount + "\n\"$CLI\" --db \"$DB\" stats", env);
        QCOMPARE(refused.exit, 2);
        QVERIFY2(refused.err.contains("has commits in its write-ahead log (" + copy + "-wal)"), qPrintable(refused.err));
        // Where it can be written, the commits are there.
        QCOMPARE(run_cli({"--db", copy, "stats", "--json"}).json()["events"].get<int>(), 6);
    }

    void writingWhereNothingCanBeWrittenSaysSo() {
        if (!private_mounts_problem().isEmpty()) QSKIP(qPrintable(private_mounts_problem()));
        QDir().mkpath(path("ro-new"));
        QProcessEnvironment env;
        env.insert("DIR", path("ro-new"));
        auto r = in_private_mounts(R"sh(mount --bind "$DIR" "$DIR" && mount -o remount,bind,ro "$DIR" || exit 10
                                      "$CLI" --db "$DIR/new.db" create-rotation R1)sh",
                                   env);
        QCOMPARE(r.exit, 2);
        QVERIFY2(r.err.contains("cannot create " + path("ro-new") + "/new.db: its folder " + path("ro-new") +
                                " cannot be written (Read-only file system)"),
                 qPrintable(r.err));
    }

    // SQLite rolls the whole transaction back when the disk fills up under it;
    // what the planner reads is that the disk is full, and which file.
    void aFullDiskIsReportedWithItsFile() {
        if (!private_mounts_problem().isEmpty()) QSKIP(qPrintable(private_mounts_problem()));
        const QString season = path("season");
        QCOMPARE(run_cli({"generate-schedule", season}).exit, 0);
        QDir().mkpath(path("small-disk"));
        QProcessEnvironment env;
        env.insert("DIR", path("small-disk"));
        env.insert("SSIM", season + "/season.ssim");
        auto r = in_private_mounts(R"sh(mount -t tmpfs -o size=2m tmpfs "$DIR" || exit 10
            "$CLI" --db "$DIR/s.db" create-rotation R1 >/dev/null || exit 11
            "$CLI" --db "$DIR/s.db" stats --json
            "$CLI" --db "$DIR/s.db" import-ssim "$SSIM"; echo "import exit $?"
            "$CLI" --db "$DIR/s.db" stats --json
            sqlite3 "$DIR/s.db" "PRAGMA integrity_check")sh",
                                   env);
        QVERIFY2(r.exit == 0, qPrintable(r.err + r.out));
        auto lines = r.out.split('\n');
        QCOMPARE(lines.value(1), QString("import exit 2"));
        QVERIFY2(r.err.contains("cannot write " + path("small-disk") + "/s.db: database or disk is full"), qPrintable(r.err));
        QVERIFY2(!r.err.contains("savepoint"), qPrintable(r.err));
        QCOMPARE(lines.value(2), lines.value(0));  // nothing of the import was written
        QCOMPARE(lines.value(3), QString("ok"));
    }

    // A planner's name and the arguments are judged at the
    // boundary, before anything is written, naming where they came from.
    void aPlannerNameOrArgumentThatIsNotTextIsRefused() {
        const QString db = path("names.db");
        auto with_planner = [](const QByteArray& name) {
            auto env = QProcessEnvironment::systemEnvironment();
            env.insert("ROTAPLAN_PLANNER", QString::fromLocal8Bit(name));
            return env;
        };
        // Environment values are bytes: QProcessEnvironment would re-encode them, so a shell sets them.
        auto raw_env = [&](const QByteArray& value, const QStringList& args) {
            QProcess p;
            auto env = QProcessEnvironment::systemEnvironment();
            env.insert("CLI", ROTAPLAN_CLI);
            p.setProcessEnvironment(env);
            p.start("sh", QStringList{"-c", "ROTAPLAN_PLANNER=\"$(printf '" + QString::fromLatin1(value) +
                                                "')\" exec \"$CLI\" \"$@\"", "sh"} + args);
            p.waitForFinished(60000);
            return CliRun{p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
                          QString::fromUtf8(p.readAllStandardError())};
        };
        struct Case {
            QByteArray printf_value;
            QString says;
        };
        for (const Case& c : {Case{"\\377\\376", "ROTAPLAN_PLANNER is not valid UTF-8"},
                              Case{"x\\001y", "ROTAPLAN_PLANNER contains a control character"},
                              Case{"   ", "ROTAPLAN_PLANNER is blank"}}) {
            auto r = raw_env(c.printf_value, {"--db", db, "create-rotation", "RNU"});
            QVERIFY2(r.exit == 2, qPrintable(c.says + ": " + r.err));
            QVERIFY2(r.err.contains(c.says), qPrintable(r.err));
            QVERIFY2(!r.err.contains("unexpected"), qPrintable(r.err));
            QVERIFY(!QFileInfo::exists(db));
        }
        auto r = run_cli({"--db", db, "create-rotation", "RNU"}, with_planner(QByteArray(20000, 'p')));
        QCOMPARE(r.exit, 2);
        QVERIFY2(r.err.contains("ROTAPLAN_PLANNER has 20000 bytes, more than 128"), qPrintable(r.err));
        r = run_cli({"--db", db, "--planner", " ", "create-rotation", "RNU"});
        QCOMPARE(r.exit, 2);
        QVERIFY2(r.err.contains("--planner is blank"), qPrintable(r.err));
        QVERIFY(!QFileInfo::exists(db));
        // Arguments are bytes too: Qt would read 0xE9 as U+FFFD and store that.
        QProcess p;
        p.start("sh", {"-c", "exec \"$0\" --db \"$1\" --planner \"$(printf 'a\\351b')\" create-rotation R1", ROTAPLAN_CLI, db});
        p.waitForFinished(60000);
        QCOMPARE(p.exitCode(), 2);
        QString err = QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(err.contains("argument 4 (\"a\\xE9b\") is not valid UTF-8"), qPrintable(err));
        p.start("sh", {"-c", "exec \"$0\" --db \"$1\" create-rotation \"$(printf 'R\\351')\"", ROTAPLAN_CLI, db});
        p.waitForFinished(60000);
        QCOMPARE(p.exitCode(), 2);
        err = QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(err.contains("argument 4 (\"R\\xE9\") is not valid UTF-8"), qPrintable(err));
        QVERIFY(!QFileInfo::exists(db));
        // A good name is taken, and reads never judge it (they record nothing).
        QCOMPARE(run_cli({"--db", db, "--planner", "Anna Müller", "create-rotation", "R1"}).exit, 0);
        QCOMPARE(raw_env("\\377", {"--db", db, "stats"}).exit, 0);
    }

    // A store on a disk filled up between two commands (no -wal
    // left by the last one) is not "read-only": the disk is full, and says so.
    void aStoreOnAFullDiskIsNotCalledReadOnly() {
        if (!private_mounts_problem().isEmpty()) QSKIP(qPrintable(private_mounts_problem()));
        QDir().mkpath(path("full-disk"));
        QProcessEnvironment env;
        env.insert("DIR", path("full-disk"));
        auto r = in_private_mounts(R"sh(mount -t tmpfs -o size=4m tmpfs "$DIR" || exit 10
            "$CLI" --db "$DIR/s.db" create-rotation R0 >/dev/null || exit 11
            test -e "$DIR/s.db-wal" && exit 12
            dd if=/dev/zero of="$DIR/fill" bs=64k 2>/dev/null
            "$CLI" --db "$DIR/s.db" create-rotation RF1; echo "write exit $?"
            "$CLI" --db "$DIR/s.db" rotations --json | grep -c RF1)sh",
                                   env);
        auto lines = r.out.split('\n');
        QVERIFY2(lines.value(0) == "write exit 2", qPrintable(r.out + r.err));
        QVERIFY2(r.err.contains("the disk holding " + path("full-disk") + "/s.db is full"), qPrintable(r.err));
        QVERIFY2(!r.err.contains("read-only"), qPrintable(r.err));
        QCOMPARE(lines.value(1), QString("0"));
    }

    // Memory running out is the unexpected failure nothing can rule out: a
    // file far larger than the memory the process may have. The command
    // ends with exit 2 and a message, not an abort, and writes nothing.
    void anUnexpectedFailureIsExit2NotACrash() {
        const QString db = path("memory.db");
        small_store(db);
        QFile huge(path("huge.csv"));
        QVERIFY(huge.open(QIODevice::WriteOnly));
        QVERIFY(huge.resize(qint64(3) << 30));  // sparse: takes no disk
        huge.close();
        auto before = run_cli({"--db", db, "stats", "--json"}).out;
        for (const QString command : {"import-airports", "import-ssim"}) {
            QProcess p;
            p.setChildProcessModifier([] {
                struct rlimit limit = {rlim_t(1) << 30, rlim_t(1) << 30};  // 1 GiB of address space
                setrlimit(RLIMIT_AS, &limit);
            });
            p.start(ROTAPLAN_CLI, {"--db", db, command, huge.fileName()});
            QVERIFY(p.waitForFinished(60000));
            QString err = QString::fromUtf8(p.readAllStandardError());
            QVERIFY2(p.exitStatus() == QProcess::NormalExit, qPrintable(command + " crashed: " + err));
            QCOMPARE(p.exitCode(), 2);
            // The importers say so themselves; anything else that runs out
            // of memory reaches the top-level handler ("unexpected error").
            QVERIFY2(err.startsWith("rotaplan-cli " + command + ": ") && err.contains("memory"), qPrintable(err));
            QCOMPARE(run_cli({"--db", db, "stats", "--json"}).out, before);
        }
    }
};

QTEST_GUILESS_MAIN(TestCliRobustness)
#include "tst_cli_robustness.moc"
