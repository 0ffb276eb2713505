// Audit trails, time travel (--as-of POSITION|TIME) and what a killed
// process leaves behind, through the real rotaplan-cli.
#include <QDateTime>
#include <QThread>

#include <random>

#include "support/cli_runner.h"

using namespace rotaplan::testing;
using nlohmann::json;

class TestCliHistory : public QObject, rotaplan::testing::CliSuite {
    Q_OBJECT

    CliRun cli(const QStringList& args, const QString& planner = "tester") {
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert("ROTAPLAN_PLANNER", planner);
        return run_cli(QStringList{"--db", db_} + args, env);
    }
    void ok(const QStringList& args, const QString& planner = "tester") {
        auto r = cli(args, planner);
        QVERIFY2(r.exit == 0, qPrintable(args.join(' ') + " -> " + r.err));
    }
    static QStringList add_leg(const QString& rotation, const QString& flight, const QString& std_, const QString& sta) {
        return {"add-leg", rotation, "--flight", flight, "--dep", "FRA", "--arr", "MUC", "--std", std_, "--sta", sta};
    }

private slots:
    void init() {
        next_store();
    }

    void historySaysWhoDidWhatWhen() {
        ok({"create-rotation", "R1"}, "anna");
        ok(add_leg("R1", "XQ100", "2026-04-01T06:00Z", "2026-04-01T07:00Z"), "anna");
        ok({"retime-leg", "XQ100/FRA/2026-04-01", "--by", "15"}, "ben");
        ok({"add-airplane", "D-AIAA", "--type", "320"}, "ben");
        ok({"assign", "D-AIAA", "R1"}, "carla");

        auto rotation = cli({"history", "R1", "--json"}).json();
        QCOMPARE(rotation.size(), 3u);
        QCOMPARE(rotation[0]["event"].get<std::string>(), std::string("RotationCreated"));
        QCOMPARE(rotation[0]["planner"].get<std::string>(), std::string("anna"));
        QCOMPARE(rotation[2]["planner"].get<std::string>(), std::string("ben"));
        QCOMPARE(rotation[2]["command"].get<std::string>(), std::string("RetimeLegs"));
        // Whole lines: the leg by its designator and route, the rotation by its name, never by an id.
        QCOMPARE(rotation[2]["what"].get<std::string>(),
                 std::string("leg XQ100/FRA/2026-04-01 FRA-MUC retimed to 2026-04-01T06:15Z-2026-04-01T07:15Z"));
        QCOMPARE(rotation[1]["what"].get<std::string>().substr(0, 28), std::string("leg XQ100/FRA/2026-04-01 FRA"));
        QVERIFY2(rotation[1]["what"].get<std::string>().ends_with("added to rotation R1"), rotation[1]["what"].get<std::string>().c_str());

        auto leg = cli({"history", "XQ100/FRA/2026-04-01", "--json"}).json();
        QCOMPARE(leg.size(), 2u);
        auto plane = cli({"history", "D-AIAA", "--json"}).json();
        QCOMPARE(plane.size(), 2u);
        QCOMPARE(plane[1]["planner"].get<std::string>(), std::string("carla"));
        QCOMPARE(plane[1]["what"].get<std::string>(), std::string("airplane D-AIAA assigned to rotation R1"));
        // A rotation deleted is still named by the event that created it.
        ok({"create-rotation", "R9"}, "anna");
        ok({"assign", "D-AIAA", "R9"}, "anna");
        ok({"unassign", "D-AIAA"}, "anna");
        ok({"delete-rotation", "R9"}, "anna");
        plane = cli({"history", "D-AIAA", "--json"}).json();
        QCOMPARE(plane.back()["what"].get<std::string>(), std::string("airplane D-AIAA unassigned from rotation R9"));
        QVERIFY(cli({"history", "R1"}).out.contains("rotation R1 created"));

        auto r = cli({"history", "NOBODY"});
        QCOMPARE(r.exit, 1);
        QVERIFY(r.err.contains("no rotation, airplane or leg named NOBODY"));
    }

    void asOfAPosition() {
        ok({"create-rotation", "R1"});                                                 // 1
        ok(add_leg("R1", "XQ100", "2026-04-01T06:00Z", "2026-04-01T07:00Z"));          // 2
        ok({"rename-rotation", "R1", "Early"});                                        // 3
        ok({"retime-leg", "XQ100/FRA/2026-04-01", "--by", "30"});                      // 4
        ok({"remove-leg", "XQ100/FRA/2026-04-01"});                                    // 5, 6

        auto then = cli({"legs", "--json", "--as-of", "2"}).json();
        QCOMPARE(then[0]["rotation"].get<std::string>(), std::string("R1"));
        QCOMPARE(then[0]["std"].get<std::string>(), std::string("2026-04-01T06:00Z"));
        QCOMPARE(cli({"rotations", "--json", "--as-of", "3"}).json()[0]["name"].get<std::string>(), std::string("Early"));
        QCOMPARE(cli({"stats", "--json", "--as-of", "1"}).json()["legs"].get<int>(), 0);
        QCOMPARE(cli({"stats", "--json", "--as-of", "4"}).json()["events"].get<int>(), 4);
        QCOMPARE(cli({"history", "Early", "--json", "--as-of", "3"}).json().size(), 3u);
        QVERIFY(cli({"legs", "--json"}).json()[0]["rotation"].is_null());  // now: out of its rotation
    }

    void asOfATime() {
        ok({"create-rotation", "R1"});
        ok(add_leg("R1", "XQ100", "2026-04-01T06:00Z", "2026-04-01T07:00Z"));
        QThread::msleep(20);
        QString between = QDateTime::currentDateTimeUtc().toString("yyyy-MM-ddTHH:mm:ss.zzzZ");
        QThread::msleep(20);
        ok({"retime-leg", "XQ100/FRA/2026-04-01", "--by", "30"});
        auto then = cli({"legs", "--json", "--as-of", between}).json();
        QCOMPARE(then[0]["std"].get<std::string>(), std::string("2026-04-01T06:00Z"));
        auto now = cli({"legs", "--json"}).json();
        QCOMPARE(now[0]["std"].get<std::string>(), std::string("2026-04-01T06:30Z"));
        auto before_everything = cli({"stats", "--as-of", "2000-01-01T00:00Z"});
        QCOMPARE(before_everything.exit, 1);
        for (const char* bad : {"yesterday", "0", "2026-04-01"}) {
            auto r = cli({"stats", "--as-of", bad});
            QCOMPARE(r.exit, 2);
        }
    }

    void aKilledCommandLeavesAConsistentStore() {
        ok({"demo"});
        std::mt19937 rng(7);
        int acknowledged = 0;
        for (int i = 0; i < 25; ++i) {
            QProcess p;
            auto std_ = QString("2026-05-%1T06:00Z").arg(1 + i, 2, 10, QChar('0'));
            auto sta = QString("2026-05-%1T07:00Z").arg(1 + i, 2, 10, QChar('0'));
            p.start(ROTAPLAN_CLI, QStringList{"--db", db_} + add_leg("R1", QString("XQ%1").arg(500 + i), std_, sta));
            QVERIFY(p.waitForStarted());
            QThread::usleep(std::uniform_int_distribution<int>(0, 30000)(rng));
            p.kill();  // SIGKILL, wherever it is
            p.waitForFinished();
            if (p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0) ++acknowledged;
            if (p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0) {
                // What was acknowledged is there.
                auto leg = cli({"history", QString("XQ%1/FRA/%2").arg(500 + i).arg(std_.left(10)), "--json"});
                QCOMPARE(leg.exit, 0);
            }
        }
        auto legs = cli({"legs", "--json"}).out;
        auto stats = cli({"stats", "--json"}).json();
        QCOMPARE(cli({"rebuild-projections"}).exit, 0);
        QCOMPARE(cli({"legs", "--json"}).out, legs);  // projections were exactly the events' consequence
        QCOMPARE(cli({"stats", "--json"}).json(), stats);
        qInfo("%d of 25 killed commands had finished", acknowledged);
    }
};

QTEST_GUILESS_MAIN(TestCliHistory)
#include "tst_cli_history.moc"
