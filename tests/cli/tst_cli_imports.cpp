// import-rotations, import-airports, import-airplanes and imports, through the
// real rotaplan-cli on a real store: all or nothing, and errors that name the line.
#include <QCryptographicHash>
#include <QtTest>

#include <nlohmann/json.hpp>

#include "support/cli_runner.h"

using nlohmann::json;
using rotaplan::testing::CliRun;

class TestCliImports : public QObject, rotaplan::testing::CliSuite {
    Q_OBJECT

    // Bytes as they are (a NUL, Latin-1): the files the readers must refuse or take.
    QString write(const QString& name, const QByteArray& content) { return dir_.write(name, content.toStdString()); }
    void add_unassigned(const char* flight, const char* dep, const char* arr, const char* std_, const char* sta) {
        auto r = cli({"add-leg", "-", "--flight", flight, "--dep", dep, "--arr", arr, "--std", std_, "--sta", sta});
        QCOMPARE(r.exit, 0);
    }

private slots:
    void init() {
        next_store();
        add_unassigned("XQ100", "FRA", "MUC", "2026-04-01T06:00Z", "2026-04-01T07:05Z");
        add_unassigned("XQ101", "MUC", "FRA", "2026-04-01T08:00Z", "2026-04-01T09:00Z");
        add_unassigned("XQ102", "MUC", "FRA", "2026-04-01T08:30Z", "2026-04-01T09:30Z");
    }

    void airplanesAreRegisteredThenUpdated() {
        auto csv = write("ap.csv", "registration,aircraft_type,min_ground_minutes\nD-AIAA,320,35\nD-AIAB,321,40\n");
        auto r = cli({"import-airplanes", csv});
        QCOMPARE(r.exit, 0);
        csv = write("ap2.csv", "registration,aircraft_type,min_ground_minutes\nD-AIAA,32N,45\n");
        QCOMPARE(cli({"import-airplanes", csv}).exit, 0);
        auto planes = json::parse(cli({"airplanes", "--json"}).out.toStdString());
        QCOMPARE(planes.size(), 2u);
        QCOMPARE(planes[0]["registration"].get<std::string>(), std::string("D-AIAA"));
        QCOMPARE(planes[0]["aircraft_type"].get<std::string>(), std::string("32N"));
        QCOMPARE(planes[0]["min_ground_minutes"].get<int>(), 45);
        QCOMPARE(planes[1]["min_ground_minutes"].get<int>(), 40);
    }

    void airportsAreDefinedOrUpdated() {
        QCOMPARE(cli({"set-airport", "FRA", "--mgt", "30", "--name", "Frankfurt"}).exit, 0);
        auto csv = write("apt.csv", "airport,min_ground_minutes\nFRA,45\nMUC,40\n");
        QCOMPARE(cli({"import-airports", csv}).exit, 0);
        auto ports = json::parse(cli({"airports", "--json"}).out.toStdString());
        QCOMPARE(ports.size(), 2u);
        QCOMPARE(ports[0]["min_ground_minutes"].get<int>(), 45);
        QCOMPARE(ports[0]["name"].get<std::string>(), std::string("Frankfurt"));  // only the ground time changed
        QCOMPARE(ports[1]["airport"].get<std::string>(), std::string("MUC"));
    }

    void rotationsAreBuiltAndAirplanesAssigned() {
        QCOMPARE(cli({"import-airplanes", write("ap.csv", "registration,aircraft_type,min_ground_minutes\n"
                                                          "D-AIAA,320,35\nD-AIAB,320,35\n")})
                     .exit,
                 0);
        QCOMPARE(cli({"create-rotation", "R2"}).exit, 0);  // an existing rotation is reused, not duplicated
        auto csv = write("rot.csv",
                         "rotation,airplane,airline,flight_number,suffix,departure,day_of_origin\n"
                         "R1,D-AIAA,XQ,100,,FRA,2026-04-01\n"
                         "R1,,XQ,101,,MUC,2026-04-01\n"
                         "R2,D-AIAB,XQ,102,,MUC,2026-04-01\n");
        auto r = cli({"import-rotations", csv});
        QCOMPARE(r.exit, 0);
        auto rotations = json::parse(cli({"rotations", "--json"}).out.toStdString());
        QCOMPARE(rotations.size(), 2u);
        QCOMPARE(rotations[0]["name"].get<std::string>(), std::string("R1"));
        QCOMPARE(rotations[0]["legs"].get<int>(), 2);
        QCOMPARE(rotations[0]["airplane"].get<std::string>(), std::string("D-AIAA"));
        QCOMPARE(rotations[1]["legs"].get<int>(), 1);
        QCOMPARE(rotations[1]["airplane"].get<std::string>(), std::string("D-AIAB"));
    }

    void refusalsNameTheLineAndWriteNothing_data() {
        QTest::addColumn<QByteArray>("rows");
        QTest::addColumn<int>("exit");
        QTest::addColumn<QString>("message");
        QTest::newRow("overlap") << QByteArray("R1,,XQ,100,,FRA,2026-04-01\nR1,,XQ,101,,MUC,2026-04-01\n"
                                               "R1,,XQ,102,,MUC,2026-04-01\n")
                                 << 1 << "rot.csv:4:5: leg: leg XQ102/MUC/2026-04-01";
        QTest::newRow("unknown leg") << QByteArray("R1,,XQ,100,,FRA,2026-04-01\nR1,,XQ,999,,FRA,2026-04-01\n") << 1
                                     << "rot.csv:3:5: leg: no leg XQ999/FRA/2026-04-01 in the schedule";
        QTest::newRow("unknown airplane") << QByteArray("R1,D-NOPE,XQ,100,,FRA,2026-04-01\n") << 1
                                          << "rot.csv:2:4: airplane: D-NOPE is not registered";
        QTest::newRow("two airplanes") << QByteArray("R1,D-AIAA,XQ,100,,FRA,2026-04-01\nR1,D-AIAB,XQ,101,,MUC,2026-04-01\n")
                                       << 1 << "rot.csv:3:4: airplane: rotation R1 is given airplane D-AIAB here and D-AIAA on line 2";
        QTest::newRow("bad date") << QByteArray("R1,,XQ,100,,FRA,01.04.2026\n") << 2
                                  << "rot.csv:2:17: day_of_origin: \"01.04.2026\" is not a date YYYY-MM-DD";
    }
    void refusalsNameTheLineAndWriteNothing() {
        QFETCH(QByteArray, rows);
        QFETCH(int, exit);
        QFETCH(QString, message);
        QCOMPARE(cli({"import-airplanes", write("ap.csv", "registration,aircraft_type,min_ground_minutes\n"
                                                          "D-AIAA,320,35\nD-AIAB,320,35\n")})
                     .exit,
                 0);
        auto before = stats();
        auto csv = write("rot.csv", "rotation,airplane,airline,flight_number,suffix,departure,day_of_origin\n" + rows);
        auto r = cli({"import-rotations", csv});
        QCOMPARE(r.exit, exit);
        QVERIFY2(r.err.contains(dir_.filePath(message.section(':', 0, 0)) + ":" + message.section(':', 1)),
                 qPrintable(r.err));
        QCOMPARE(stats(), before);  // one transaction: nothing half-written
        QCOMPARE(json::parse(cli({"imports", "--json"}).out.toStdString()).size(), 1u);  // only the airplanes import
    }

    // Two legs share a designator (allowed while planning; validation reports
    // it): a line without the std column cannot say which one it means, and
    // is refused with the candidates; with it, the line names one.
    void aDesignatorNamingTwoLegs() {
        add_unassigned("XQ100", "FRA", "MUC", "2026-04-01T15:00Z", "2026-04-01T16:05Z");
        auto before = stats();
        auto csv = write("rot.csv", "rotation,airplane,airline,flight_number,suffix,departure,day_of_origin\n"
                                    "R1,,XQ,101,,MUC,2026-04-01\nR1,,XQ,100,,FRA,2026-04-01\n");
        auto r = cli({"import-rotations", csv});
        QCOMPARE(r.exit, 1);
        QVERIFY2(r.err.contains(csv + ":3:5: leg: XQ100/FRA/2026-04-01 names 2 legs (a shared flight designator), with "
                                      "STDs 2026-04-01T06:00Z and 2026-04-01T15:00Z: give the leg's STD in the std column"),
                 qPrintable(r.err));
        QCOMPARE(stats(), before);
        // Eight columns: the STD picks the leg (a line may leave it empty where one leg has the designator).
        csv = write("rot8.csv", "rotation,airplane,airline,flight_number,suffix,departure,day_of_origin,std\n"
                                "R1,,XQ,100,,FRA,2026-04-01,2026-04-01T15:00Z\nR2,,XQ,100,,FRA,2026-04-01,2026-04-01T06:00Z\n"
                                "R2,,XQ,101,,MUC,2026-04-01,\n");
        r = cli({"import-rotations", csv});
        QVERIFY2(r.exit == 0, qPrintable(r.err));
        auto legs = json::parse(cli({"legs", "--json"}).out.toStdString());
        int checked = 0;
        for (const auto& l : legs)
            if (l["designator"] == "XQ100/FRA/2026-04-01") {
                QCOMPARE(l["rotation"].get<std::string>(), std::string(l["std"] == "2026-04-01T15:00Z" ? "R1" : "R2"));
                ++checked;
            }
        QCOMPARE(checked, 2);
        // A STD no leg of that designator has is named with the ones it has.
        csv = write("rot-bad.csv", "rotation,airplane,airline,flight_number,suffix,departure,day_of_origin,std\n"
                                   "R3,,XQ,100,,FRA,2026-04-01,2026-04-01T07:00Z\n");
        r = cli({"import-rotations", csv});
        QCOMPARE(r.exit, 1);
        QVERIFY2(r.err.contains(csv + ":2:5: leg: no leg XQ100/FRA/2026-04-01 with STD 2026-04-01T07:00Z in the schedule "
                                      "(its STDs are 2026-04-01T06:00Z and 2026-04-01T15:00Z)"),
                 qPrintable(r.err));
    }

    // A line that puts a leg where an earlier line put it is read once (and
    // said); one that puts it elsewhere is refused with both lines.
    void linesThatRepeatOrContradictEachOther() {
        auto before = stats();
        auto csv = write("rot.csv", "rotation,airplane,airline,flight_number,suffix,departure,day_of_origin\n"
                                    "R1,,XQ,100,,FRA,2026-04-01\nR2,,XQ,101,,MUC,2026-04-01\nR2,,XQ,100,,FRA,2026-04-01\n");
        auto r = cli({"import-rotations", csv});
        QCOMPARE(r.exit, 1);
        QVERIFY2(r.err.contains(csv + ":4:5: leg: leg XQ100/FRA/2026-04-01 is put into rotation R2 here and into rotation "
                                      "R1 on line 2"),
                 qPrintable(r.err));
        QCOMPARE(stats(), before);
        csv = write("rot2.csv", "rotation,airplane,airline,flight_number,suffix,departure,day_of_origin\n"
                                "R1,,XQ,100,,FRA,2026-04-01\nR1,,XQ,101,,MUC,2026-04-01\nR1,,XQ,100,,FRA,2026-04-01\n");
        r = cli({"import-rotations", csv});
        QVERIFY2(r.exit == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains(csv + ":4:1: record: repeats line 2; read once"), qPrintable(r.err));
        auto imports = json::parse(cli({"imports", "--json"}).out.toStdString());
        QCOMPARE(imports.back()["notes"].size(), 1u);
        auto rotations = json::parse(cli({"rotations", "--json"}).out.toStdString());
        QCOMPARE(rotations[0]["legs"].get<int>(), 2);
    }

    // A rotation name in Latin-1 (a spreadsheet's "CSV" on Windows): the file
    // is read as Latin-1 and says so; the name arrives as the planner typed it.
    void aLatin1RotationFile() {
        auto csv = write("rot.csv", QByteArray("rotation,airplane,airline,flight_number,suffix,departure,day_of_origin\n"
                                               "R\xe9,,XQ,100,,FRA,2026-04-01\n"));
        auto r = cli({"import-rotations", csv});
        QVERIFY2(r.exit == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains(csv + ":2:2: encoding: the file is not UTF-8 (byte 0xE9 here): read as Latin-1"), qPrintable(r.err));
        auto rotations = json::parse(cli({"rotations", "--json"}).out.toStdString());
        QCOMPARE(QString::fromStdString(rotations[0]["name"].get<std::string>()), QString::fromUtf8("R\u00e9"));
        // A control character is refused where it is.
        csv = write("rot-nul.csv", QByteArray("rotation,airplane,airline,flight_number,suffix,departure,day_of_origin\n"
                                              "R\x01X,,XQ,101,,MUC,2026-04-01\n", 82));
        r = cli({"import-rotations", csv});
        QCOMPARE(r.exit, 2);
        QVERIFY2(r.err.contains(csv + ":2:2: character: \"\\x01\" is a control character"), qPrintable(r.err));
    }

    // Airports and airplanes listed twice: the same twice is read once; a contradiction names both lines.
    void referenceFilesThatContradictThemselves() {
        auto r = cli({"import-airports", write("apt.csv", "airport,min_ground_minutes\nFRA,45\nMUC,30\nFRA,60\n")});
        QCOMPARE(r.exit, 2);
        QVERIFY2(r.err.contains("apt.csv:4:5: min_ground_minutes: FRA is given 60 minutes here and 45 on line 2"), qPrintable(r.err));
        r = cli({"import-airports", write("apt2.csv", "airport,min_ground_minutes\nFRA,45\nFRA,45\n")});
        QVERIFY2(r.exit == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains("apt2.csv:3:1: record: repeats line 2; read once"), qPrintable(r.err));
        QVERIFY(r.out.contains("imported 1 records"));
        r = cli({"import-airplanes", write("ap.csv", "registration,aircraft_type,min_ground_minutes\nD-AIAA,320,35\nD-AIAA,321,35\n")});
        QCOMPARE(r.exit, 2);
        QVERIFY2(r.err.contains("ap.csv:3:1: registration: D-AIAA is listed here as 321, 35 minutes and on line 2 as 320, 35 minutes"),
                 qPrintable(r.err));
    }

    void everyImportIsOneAuditEntryWithItsChecksum() {
        QByteArray content = "airport,min_ground_minutes\nFRA,45\n";
        auto csv = write("apt.csv", content);
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("ROTAPLAN_PLANNER", "anna");
        p.setProcessEnvironment(env);
        p.start(ROTAPLAN_CLI, {"--db", db_, "import-airports", csv});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        auto imports = json::parse(cli({"imports", "--json"}).out.toStdString());
        QCOMPARE(imports.size(), 1u);
        QCOMPARE(imports[0]["planner"].get<std::string>(), std::string("anna"));
        QCOMPARE(imports[0]["kind"].get<std::string>(), std::string("airports"));
        QCOMPARE(QString::fromStdString(imports[0]["file"].get<std::string>()), csv);
        QCOMPARE(QByteArray::fromStdString(imports[0]["sha256"].get<std::string>()),
                 QCryptographicHash::hash(content, QCryptographicHash::Sha256).toHex());
        QCOMPARE(imports[0]["records"].get<int>(), 1);
    }

    void unreadableFileIsAnInputError() {
        auto r = cli({"import-airports", dir_.filePath("missing.csv")});
        QCOMPARE(r.exit, 2);
        QVERIFY(r.err.contains("cannot read"));
    }
};

QTEST_GUILESS_MAIN(TestCliImports)
#include "tst_cli_imports.moc"
