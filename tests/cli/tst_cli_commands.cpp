// Every rotaplan-cli command through the real binary: output, exit status,
// and that a refused or malformed command writes nothing.
#include "support/cli_runner.h"

using namespace rotaplan::testing;
using nlohmann::json;

class TestCliCommands : public QObject, rotaplan::testing::CliSuite {
    Q_OBJECT

    void leg(const QString& rotation, const char* flight, const char* dep, const char* arr, const char* std_,
             const char* sta) {
        ok({"add-leg", rotation, "--flight", flight, "--dep", dep, "--arr", arr, "--std", std_, "--sta", sta});
    }
    // The command fails with `exit`, says `message`, and the store is unchanged.
    void refused(const QStringList& args, int exit, const QString& message) {
        auto before = stats();
        auto r = cli(args);
        QVERIFY2(r.exit == exit, qPrintable(args.join(' ') + QString(" exited %1: ").arg(r.exit) + r.err));
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QCOMPARE(stats(), before);
    }

private slots:
    void init() {
        next_store();
    }

    void buildingARotation() {
        ok({"create-rotation", "R1"});
        leg("R1", "XQ100", "FRA", "MUC", "2026-04-01T06:00Z", "2026-04-01T07:05Z");
        leg("R1", "XQ101", "MUC", "FRA", "2026-04-01T08:00Z", "2026-04-01T09:00Z");
        leg("-", "XQ900", "FRA", "JFK", "2026-04-01T10:00Z", "2026-04-01T18:30Z");
        ok({"add-airplane", "D-AIAA", "--type", "320", "--mgt", "35"});
        ok({"assign", "D-AIAA", "R1"});
        ok({"set-airport", "FRA", "--mgt", "45", "--name", "Frankfurt", "--utc-offset", "+01:00"});
        auto s = stats();
        QCOMPARE(s["legs"].get<int>(), 3);
        QCOMPARE(s["rotations"].get<int>(), 1);
        QCOMPARE(s["airplanes"].get<int>(), 1);
        QCOMPARE(s["airports"].get<int>(), 1);
        QCOMPARE(s["events"].get<int>(), 7);

        auto legs = cli({"legs", "--rotation", "R1", "--json"}).json();
        QCOMPARE(legs.size(), 2u);
        QCOMPARE(legs[0]["designator"].get<std::string>(), std::string("XQ100/FRA/2026-04-01"));
        QCOMPARE(legs[0]["airplane"].get<std::string>(), std::string("D-AIAA"));
        QCOMPARE(legs[1]["std"].get<std::string>(), std::string("2026-04-01T08:00Z"));
        auto text = cli({"legs"});
        QVERIFY(text.out.contains("XQ900/FRA/2026-04-01"));
        auto rotations = cli({"rotations", "--json"}).json();
        QCOMPARE(rotations[0]["legs"].get<int>(), 2);
        QCOMPARE(rotations[0]["last_sta"].get<std::string>(), std::string("2026-04-01T09:00Z"));
        QVERIFY(cli({"rotations"}).out.contains("D-AIAA"));
        auto ports = cli({"airports", "--json"}).json();
        QCOMPARE(ports[0]["utc_offset_minutes"].get<int>(), 60);
        QCOMPARE(cli({"airplanes", "--json"}).json()[0]["rotation"].get<std::string>(), std::string("R1"));
    }

    void editingLegs() {
        ok({"create-rotation", "R1"});
        ok({"create-rotation", "R2"});
        leg("R1", "XQ100", "FRA", "MUC", "2026-04-01T06:00Z", "2026-04-01T07:05Z");
        leg("-", "XQ900", "FRA", "JFK", "2026-04-01T10:00Z", "2026-04-01T18:30Z");
        ok({"move-leg", "XQ900/FRA/2026-04-01", "R2"});
        ok({"move-leg", "XQ100/FRA/2026-04-01", "R2"});
        QCOMPARE(cli({"legs", "--rotation", "R2", "--json"}).json().size(), 2u);
        ok({"retime-leg", "XQ100/FRA/2026-04-01", "--by", "-10"});
        ok({"retime-leg", "XQ900/FRA/2026-04-01", "--std", "2026-04-01T11:00Z", "--sta", "2026-04-01T19:30Z"});
        auto legs = cli({"legs", "--rotation", "R2", "--json"}).json();
        QCOMPARE(legs[0]["std"].get<std::string>(), std::string("2026-04-01T05:50Z"));
        QCOMPARE(legs[0]["day_of_origin"].get<std::string>(), std::string("2026-04-01"));
        QCOMPARE(legs[1]["sta"].get<std::string>(), std::string("2026-04-01T19:30Z"));
        ok({"remove-leg", "XQ900/FRA/2026-04-01"});
        QVERIFY(cli({"legs", "--json"}).json()[1]["rotation"].is_null());
        ok({"delete-leg", "XQ900/FRA/2026-04-01"});
        QCOMPARE(stats()["legs"].get<int>(), 1);
        ok({"rename-rotation", "R2", "Morning"});
        ok({"delete-rotation", "Morning"});
        auto s = stats();
        QCOMPARE(s["rotations"].get<int>(), 1);
        QCOMPARE(s["legs"].get<int>(), 1);  // the deleted rotation's leg stays, outside any rotation
    }

    void airplanes() {
        ok({"create-rotation", "R1"});
        ok({"add-airplane", "D-AIAA", "--type", "320"});
        ok({"update-airplane", "D-AIAA", "--mgt", "50"});
        auto planes = cli({"airplanes", "--json"}).json();
        QCOMPARE(planes[0]["min_ground_minutes"].get<int>(), 50);
        QCOMPARE(planes[0]["aircraft_type"].get<std::string>(), std::string("320"));
        ok({"assign", "D-AIAA", "R1"});
        ok({"unassign", "D-AIAA"});
        QVERIFY(cli({"airplanes", "--json"}).json()[0]["rotation"].is_null());
        ok({"remove-airplane", "D-AIAA"});
        QCOMPARE(stats()["airplanes"].get<int>(), 0);
    }

    void refusalsExitOneAndWriteNothing() {
        ok({"create-rotation", "R1"});
        leg("R1", "XQ100", "FRA", "MUC", "2026-04-01T06:00Z", "2026-04-01T07:05Z");
        refused({"add-leg", "R1", "--flight", "XQ101", "--dep", "MUC", "--arr", "FRA", "--std", "2026-04-01T07:00Z",
                 "--sta", "2026-04-01T08:00Z"},
                1, "leg XQ101/MUC/2026-04-01 MUC-FRA 2026-04-01T07:00Z-2026-04-01T08:00Z would overlap leg "
                   "XQ100/FRA/2026-04-01");
        refused({"create-rotation", "R1"}, 1, "a rotation named R1 already exists");
        refused({"add-leg", "R9", "--flight", "XQ1", "--dep", "FRA", "--arr", "MUC", "--std", "2026-04-01T10:00Z",
                 "--sta", "2026-04-01T11:00Z"},
                1, "no rotation named R9");
        refused({"assign", "D-NONE", "R1"}, 1, "no airplane D-NONE is registered");
        refused({"move-leg", "XQ555/FRA/2026-04-01", "R1"}, 1, "no leg XQ555/FRA/2026-04-01 in the schedule");
        refused({"delete-leg", "XQ100/FRA/2026-04-01"}, 1, "remove it from the rotation before deleting it");
    }

    void badInputExitsTwoAndWritesNothing() {
        ok({"create-rotation", "R1"});
        auto add = [&](const char* flight, const char* dep, const char* std_, const char* sta) {
            return QStringList{"add-leg", "R1", "--flight", flight, "--dep", dep, "--arr", "MUC", "--std", std_, "--sta", sta};
        };
        refused(add("XQ1000A1", "FRA", "2026-04-01T06:00Z", "2026-04-01T07:00Z"), 2, "--flight \"XQ1000A1\"");
        refused(add("XQ1", "FRANK", "2026-04-01T06:00Z", "2026-04-01T07:00Z"), 2, "an airport code has 3 letters");
        refused(add("XQ1", "FRA", "2026-04-01 6am", "2026-04-01T07:00Z"), 2,
                "--std: \"2026-04-01 6am\" is not a UTC time like 2026-04-01T06:00Z");
        refused(add("XQ1", "FRA", "2026-04-01T07:00Z", "2026-04-01T07:00Z"), 2, "--sta must be after --std");
        refused({"move-leg", "XQ1-FRA", "R1"}, 2, "a flight designator is written FLIGHT/DEPARTURE/DAY-OF-ORIGIN");
        refused({"add-airplane", "D-AIAA", "--type", "320", "--mgt", "2000"}, 2, "--mgt: \"2000\" is not a whole number");
        refused({"frobnicate"}, 2, "unknown command frobnicate");
        refused({"create-rotation"}, 2, "expected NAME");
    }

    void helpForTheToolAndEveryCommand() {
        auto tool = run_cli({"--help"});
        QCOMPARE(tool.exit, 0);
        const QStringList commands{"create-rotation", "rename-rotation", "delete-rotation", "add-leg", "remove-leg",
                                   "move-leg", "retime-leg", "delete-leg", "add-airplane", "update-airplane",
                                   "remove-airplane", "assign", "unassign", "set-airport", "stats", "legs", "rotations",
                                   "airplanes", "airports", "history", "rebuild-projections", "bench", "demo",
                                   "import-rotations", "import-airports", "import-airplanes", "imports"};
        for (const auto& c : commands) QVERIFY2(tool.out.contains("  " + c + " "), qPrintable(c));
        // Every command the tool lists, including those added after this test was written.
        QStringList listed = listed_commands();
        QVERIFY2(listed.size() >= commands.size(), qPrintable(listed.join(' ')));
        for (const auto& c : listed) {
            auto help = run_cli({c, "--help"});
            QCOMPARE(help.exit, 0);
            // One usage line, ours: not Qt's "Usage: /path/to/rotaplan-cli [options]" before it.
            QStringList usage = help.out.split('\n').filter(QRegularExpression("^Usage:"));
            QVERIFY2(usage.size() == 1, qPrintable(c + ":\n" + help.out));
            QVERIFY2(usage[0].startsWith("Usage: rotaplan-cli [--db PATH] " + c), qPrintable(help.out));
            QVERIFY2(!help.out.contains(ROTAPLAN_CLI), qPrintable(help.out));
        }
    }

    void theDefaultStoreLivesInTheDataFolder() {
        QTemporaryDir home;
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert("XDG_DATA_HOME", home.path());
        QCOMPARE(run_cli({"create-rotation", "R1"}, env).exit, 0);
        QVERIFY(QFile::exists(home.filePath("rotaplan/schedule.db")));
        QCOMPARE(run_cli({"stats", "--json"}, env).json()["rotations"].get<int>(), 1);
    }

    void rebuildGivesTheSameAnswers() {
        ok({"demo"});
        // The demo is what a planner first sees: a valid schedule.
        auto v = cli({"validate"});
        QVERIFY2(v.exit == 0, qPrintable(v.out));
        auto legs = cli({"legs", "--json"}).out;
        auto rotations = cli({"rotations", "--json"}).out;
        auto r = cli({"rebuild-projections"});
        QCOMPARE(r.exit, 0);
        QVERIFY(r.out.contains(QString("replayed %1 events").arg(stats()["events"].get<int>())));
        QCOMPARE(cli({"legs", "--json"}).out, legs);
        QCOMPARE(cli({"rotations", "--json"}).out, rotations);
    }

    void aForeignFileIsNeverWritten() {
        QString foreign = dir_.filePath("thesis.pdf");
        QFile f(foreign);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("%PDF-1.4 not a schedule");
        f.close();
        auto r = run_cli({"--db", foreign, "create-rotation", "R1"});
        QCOMPARE(r.exit, 2);
        QVERIFY2(r.err.contains("is not a Rotaplan schedule database"), qPrintable(r.err));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("%PDF-1.4 not a schedule"));
    }
};

QTEST_GUILESS_MAIN(TestCliCommands)
#include "tst_cli_commands.moc"
