// import-ssim and export-ssim through the real rotaplan-cli on real stores:
// strict errors that write nothing, lenient reports, the re-import difference
// (dry and real), rotations in the same transaction, export round trips.
#include <QtTest>

#include <map>
#include <set>

#include "support/cli_runner.h"
#include "core/ssim/generator.h"
#include "core/ssim/reader.h"
#include "support/ssim_text.h"
#include "storage/projections/queries.h"
#include "storage/open_store.h"
#include "storage/imports/ssim_import.h"

using namespace rotaplan;
using namespace rotaplan::ssim;
using rotaplan::testing::LegText;
using rotaplan::testing::SsimText;
using nlohmann::json;

class TestCliSsim : public QObject, rotaplan::testing::CliSuite {
    Q_OBJECT


private slots:
    void init() {
        next_store();
        rotaplan::storage::open_store(db_.toStdString());  // an empty store (a read would not create one)
    }

    void importsTheDatedLegs() {
        auto path = write("v1.ssim", testing::three_flights().str());
        auto r = cli({"import-ssim", path});
        QVERIFY2(r.exit == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("15 added, 0 retimed, 0 changed, 0 cancelled"), qPrintable(r.out));
        QCOMPARE(stats()["legs"].get<int>(), 15);
        auto legs = cli({"legs", "--json"}).json();
        bool found = false;
        for (const auto& l : legs)
            if (l["designator"] == "XQ200/FRA/2026-04-06") {
                found = true;
                QCOMPARE(l["std"].get<std::string>(), std::string("2026-04-06T10:00Z"));
                QCOMPARE(l["arrival"].get<std::string>(), std::string("VIE"));
            }
        QVERIFY(found);
        auto imports = cli({"imports", "--json"}).json();
        QCOMPARE(imports.back()["kind"].get<std::string>(), std::string("ssim"));
        QCOMPARE(imports.back()["records"].get<int>(), 3);
    }

    // A generated season of any length from any day: seven days from 1 June
    // hold legs of those days of origin only, seven times a day's.
    void aGeneratedSeasonHasTheDaysAskedFor() {
        const QString week = dir_.filePath("week"), day = dir_.filePath("day");
        auto r = cli({"generate-schedule", week, "--airplanes", "4", "--days", "7", "--from", "2026-06-01"});
        QVERIFY2(r.exit == 0, qPrintable(r.err));
        QVERIFY2(cli({"import-ssim", week + "/season.ssim"}).exit == 0, "the week imports");
        std::set<std::string> days;
        for (const auto& l : cli({"legs", "--json"}).json()) {
            const std::string designator = l["designator"];
            days.insert(designator.substr(designator.rfind('/') + 1));
        }
        QCOMPARE(days, (std::set<std::string>{"2026-06-01", "2026-06-02", "2026-06-03", "2026-06-04", "2026-06-05",
                                              "2026-06-06", "2026-06-07"}));
        const int week_legs = stats()["legs"].get<int>();
        QVERIFY2(cli({"generate-schedule", day, "--airplanes", "4", "--days", "1", "--from", "2026-06-01"}).out.contains(" dated legs"),
                 "one day");
        QVERIFY(week_legs > 6 * 4);  // every airplane flies more than one leg a day
        QCOMPARE(cli({"generate-schedule", day, "--days", "0"}).exit, 2);
        r = cli({"generate-schedule", day, "--from", "2026-02-30"});
        QCOMPARE(r.exit, 2);
        QVERIFY2(r.err.contains("--from: 2026-02-30 is not a date like 2026-03-29"), qPrintable(r.err));
    }

    // A fleet too large for one carrier's flight numbers flies under several,
    // with the legs a day asked for, and is still a valid schedule: every
    // airplane's day fits its minimum ground times and comes back to the hub.
    void aLargeFleetFliesUnderSeveralCarriersWithTheLegsAskedFor() {
        const QString dir = dir_.filePath("fleet");
        // A Tuesday and a Wednesday: no Sunday gaps, no fortnightly Saturday flights.
        auto r = cli({"generate-schedule", dir, "--airplanes", "1000", "--days", "2", "--legs-per-day", "12", "--from",
                      "2026-03-31"});
        QVERIFY2(r.exit == 0, qPrintable(r.err));
        QCOMPARE(cli({"import-airplanes", dir + "/airplanes.csv"}).exit, 0);
        QCOMPARE(cli({"import-airports", dir + "/airports.csv"}).exit, 0);
        r = cli({"import-ssim", dir + "/season.ssim", "--rotations", dir + "/rotations.csv"});
        QVERIFY2(r.exit == 0, qPrintable(r.err));
        // Every fifth airplane flies long haul (2 legs a day), the others 12;
        // one in ten flies a triangle (FRA-A-B, B-FRA) as a round trip: one leg more.
        QCOMPARE(stats()["legs"].get<int>(), 2 * (200 * 2 + 800 * 12 + 100));
        std::map<std::string, int> per_carrier;
        std::map<std::string, int> per_rotation;
        for (const auto& l : cli({"legs", "--json"}).json()) {
            const std::string designator = l["designator"];
            per_carrier[designator.substr(0, 2)]++;
            per_rotation[l["rotation"].get<std::string>()]++;
        }
        // At 12 legs a day an airplane takes 20 flight numbers: 490 airplanes a carrier.
        QCOMPARE(per_carrier, (std::map<std::string, int>{{"XQ", 2 * (98 * 2 + 392 * 12 + 49)},
                                                          {"XR", 2 * (98 * 2 + 392 * 12 + 49)},
                                                          {"XS", 2 * (4 * 2 + 16 * 12 + 2)}}));
        QCOMPARE(per_rotation.size(), std::size_t(1000));
        QCOMPARE(per_rotation["R002"], 2 * 12);
        QCOMPARE(per_rotation["R491"], 2 * 2);  // the second carrier's first airplane: long haul
        auto v = cli({"validate", "--json"}).json();
        QVERIFY2(v["valid"].get<bool>(), v["violations"].dump().c_str());

        QCOMPARE(cli({"generate-schedule", dir, "--legs-per-day", "7"}).exit, 2);
        QCOMPARE(cli({"generate-schedule", dir, "--legs-per-day", "14"}).exit, 2);
        QCOMPARE(cli({"generate-schedule", dir, "--legs-per-day", "12", "--airplanes", "4901"}).exit, 2);
        QCOMPARE(cli({"generate-schedule", dir, "--airplanes", "9801"}).exit, 2);
    }

    void strictErrorsWriteNothing() {
        QCOMPARE(cli({"import-ssim", write("v1.ssim", testing::three_flights().str())}).exit, 0);
        auto before = stats();
        SsimText bad = testing::three_flights();
        bad.legs.push_back(LegText{}.set(leg::flight_number, "0300").set(leg::aircraft_sta, "25:0"));
        auto r = cli({"import-ssim", write("bad.ssim", bad.str())});
        QCOMPARE(r.exit, 2);
        QVERIFY2(r.err.contains(QString("bad.ssim:%1:60: aircraft STA: \"25:0\" is not a time HHMM").arg(SsimText::line_of_leg(3))),
                 qPrintable(r.err));
        QVERIFY(r.err.contains("nothing was imported"));
        QCOMPARE(stats(), before);
    }

    void lenientImportsTheGoodRecordsAndReportsTheRest() {
        SsimText t = testing::three_flights();
        t.legs[1].set(leg::departure, "M1C");
        auto r = cli({"import-ssim", "--lenient", write("lenient.ssim", t.str())});
        QCOMPARE(r.exit, 0);
        QVERIFY2(r.err.contains(QString("skipped 1 record (left out of the import):")), qPrintable(r.err));
        QVERIFY2(r.out.contains("imported 2 flight leg records from " + dir_.filePath("lenient.ssim") + " (1 skipped: listed above)"), qPrintable(r.out));
        QVERIFY(r.err.contains(QString("lenient.ssim:%1:37: departure station").arg(SsimText::line_of_leg(1))));
        QCOMPARE(stats()["legs"].get<int>(), 8);
    }

    void reimportChangesOnlyTheDifference() {
        QCOMPARE(cli({"import-airplanes", write("ap.csv", "registration,aircraft_type,min_ground_minutes\nD-AIAA,320,30\n")}).exit, 0);
        auto rotations = write("rot.csv",
                               "rotation,airplane,airline,flight_number,suffix,departure,day_of_origin\n"
                               "R1,D-AIAA,XQ,100,,FRA,2026-04-01\n"
                               "R1,D-AIAA,XQ,101,,MUC,2026-04-01\n"
                               "R1,D-AIAA,XQ,200,,FRA,2026-04-06\n");
        auto r = cli({"import-ssim", write("v1.ssim", testing::three_flights().str()), "--rotations", rotations});
        QVERIFY2(r.exit == 0, qPrintable(r.err));
        QVERIFY(r.out.contains("imported 3 rotation lines"));

        // Version 2: XQ100 ten minutes later, XQ101 on a 321, XQ200 gone, XQ300 new.
        SsimText v2 = testing::three_flights();
        v2.legs[0].set(leg::aircraft_std, "0610").set(leg::aircraft_sta, "0715").set(leg::passenger_std, "0610").set(leg::passenger_sta, "0715");
        v2.legs[1].set(leg::aircraft_type, "321");
        v2.legs[2].set(leg::flight_number, "0300");
        auto v2_path = write("v2.ssim", v2.str());
        auto before = stats();
        auto dry = cli({"import-ssim", "--dry-run", v2_path});
        QCOMPARE(dry.exit, 0);
        QVERIFY2(dry.out.contains("1 added, 7 retimed, 7 changed, 1 cancelled, 0 unchanged; nothing was written"), qPrintable(dry.out));
        QVERIFY(dry.out.contains("~ XQ100/FRA/2026-04-01 retimed 2026-04-01T04:00Z-2026-04-01T05:05Z -> 2026-04-01T04:10Z-2026-04-01T05:15Z  (line 7)"));
        QVERIFY(dry.out.contains("* XQ101/MUC/2026-04-03 changed: aircraft type 320 -> 321  (line 8)"));
        QVERIFY(dry.out.contains("- XQ200/FRA/2026-04-06 FRA-VIE"));
        QVERIFY(dry.out.contains("+ XQ300/FRA/2026-04-06 FRA-VIE"));
        QCOMPARE(stats(), before);

        r = cli({"import-ssim", v2_path});
        QVERIFY2(r.exit == 0, qPrintable(r.err));
        QCOMPARE(stats()["legs"].get<int>(), 15);
        auto legs = cli({"legs", "--json"}).json();
        int in_r1 = 0;
        for (const auto& l : legs) {
            QVERIFY(l["designator"] != "XQ200/FRA/2026-04-06");
            if (l["designator"] == "XQ100/FRA/2026-04-01") QCOMPARE(l["std"].get<std::string>(), std::string("2026-04-01T04:10Z"));
            if (l["designator"] == "XQ101/MUC/2026-04-05") QCOMPARE(l["aircraft_type"].get<std::string>(), std::string("321"));
            if (l["rotation"] == "R1") ++in_r1;
        }
        QCOMPARE(in_r1, 2);  // the cancelled XQ200 left its rotation
        // Importing the same version again changes nothing.
        auto again = cli({"import-ssim", v2_path});
        QVERIFY(again.out.contains("0 added, 0 retimed, 0 changed, 0 cancelled, 15 unchanged"));
    }

    void aRetimeThatWouldOverlapNamesItsLine() {
        QCOMPARE(cli({"import-airplanes", write("ap.csv", "registration,aircraft_type,min_ground_minutes\nD-AIAA,320,30\n")}).exit, 0);
        auto rotations = write("rot.csv",
                               "rotation,airplane,airline,flight_number,suffix,departure,day_of_origin\n"
                               "R1,,XQ,100,,FRA,2026-04-02\n"
                               "R1,,XQ,101,,MUC,2026-04-02\n");
        QCOMPARE(cli({"import-ssim", write("v1.ssim", testing::three_flights().str()), "--rotations", rotations}).exit, 0);
        auto before = stats();
        SsimText v2 = testing::three_flights();
        v2.legs[0].set(leg::aircraft_sta, "1030");  // XQ100 would now land after XQ101 leaves MUC
        auto r = cli({"import-ssim", write("v2.ssim", v2.str())});
        QCOMPARE(r.exit, 1);
        QVERIFY2(r.err.contains("v2.ssim:7:44: aircraft STD: leg XQ101/MUC/2026-04-02"), qPrintable(r.err));
        QVERIFY(r.err.contains("would overlap leg XQ100/FRA/2026-04-02 FRA-MUC 2026-04-02T04:00Z-2026-04-02T08:30Z in rotation R1"));
        QCOMPARE(stats(), before);
    }

    // New legs the rotation file puts into one rotation go in directly; when
    // two of them overlap, the message still names the rotation file's line.
    void overlappingNewLegsNameTheRotationLine() {
        SsimText t = testing::three_flights();
        t.legs.push_back(LegText{}
                             .set(leg::flight_number, "0150")
                             .set(leg::period_to, "01APR26")
                             .set(leg::arrival, "BER")
                             .set(leg::aircraft_std, "0630")
                             .set(leg::aircraft_sta, "0730"));  // 04:30Z-05:30Z: inside XQ100's 04:00Z-05:05Z
        auto rotations = write("rot.csv",
                               "rotation,airplane,airline,flight_number,suffix,departure,day_of_origin\n"
                               "R1,,XQ,100,,FRA,2026-04-01\n"
                               "R1,,XQ,150,,FRA,2026-04-01\n");
        auto r = cli({"import-ssim", write("overlap.ssim", t.str()), "--rotations", rotations});
        QCOMPARE(r.exit, 1);
        QVERIFY2(r.err.contains("rot.csv:3:5: leg: leg XQ150/FRA/2026-04-01"), qPrintable(r.err));
        QVERIFY(r.err.contains("would overlap leg XQ100/FRA/2026-04-01"));
        QCOMPARE(stats()["events"].get<int>(), 0);
        // Without the overlap both go straight into R1: no leg is created outside it first.
        auto ok = write("rot-ok.csv",
                        "rotation,airplane,airline,flight_number,suffix,departure,day_of_origin\n"
                        "R1,,XQ,100,,FRA,2026-04-01\n"
                        "R1,,XQ,101,,MUC,2026-04-01\n");
        QCOMPARE(cli({"import-ssim", write("v1.ssim", testing::three_flights().str()), "--rotations", ok}).exit, 0);
        auto history = cli({"history", "XQ101/MUC/2026-04-01"});
        QVERIFY2(history.out.contains("added to rotation") && !history.out.contains("taken into"), qPrintable(history.out));
    }

    void aBadRotationFileUndoesTheWholeImport() {
        auto rotations = write("rot.csv",
                               "rotation,airplane,airline,flight_number,suffix,departure,day_of_origin\n"
                               "R1,,XQ,100,,FRA,2026-04-01\n"
                               "R1,,XQ,999,,FRA,2026-04-01\n");
        auto r = cli({"import-ssim", write("v1.ssim", testing::three_flights().str()), "--rotations", rotations});
        QCOMPARE(r.exit, 1);
        QVERIFY2(r.err.contains("rot.csv:3:5: leg: no leg XQ999/FRA/2026-04-01 in the schedule"), qPrintable(r.err));
        QCOMPARE(stats()["legs"].get<int>(), 0);
        QCOMPARE(stats()["events"].get<int>(), 0);
    }

    void cancellingLeavesTheStoreUntouched() {
        auto text = testing::three_flights().str();
        auto read_result = read(text, {"v1.ssim", false});
        auto expansion = expand(read_result.file, {"v1.ssim", false});
        {
            storage::ScheduleStore store(db_.toStdString());
            storage::SsimImportOptions o;
            int calls = 0;
            o.progress = [&](double share) {
                ++calls;
                return share < 0.5;
            };
            auto result = storage::import_ssim(store, read_result.file, expansion.legs, {"v1.ssim", "00"}, storage::default_context(), o);
            QVERIFY(result.cancelled);
            QVERIFY(!result.ok);
            QVERIFY(calls > 1);
        }
        QCOMPARE(stats()["events"].get<int>(), 0);
        QCOMPARE(stats()["legs"].get<int>(), 0);
    }

    // A bulk import (over 20,000 legs) defers validation; cancelled, it must
    // leave the model live for the commands that follow.
    void aCancelledBulkImportLeavesValidationLive() {
        GeneratorOptions o;
        o.airplanes = 60;
        o.last_day = Date{o.first_day.days + 59};
        auto season = generate(o);
        QVERIFY(season.dated_legs > 20000);
        auto read_result = read(season.ssim, {"season.ssim", false});
        auto expansion = expand(read_result.file, {"season.ssim", false});
        storage::ScheduleStore store(db_.toStdString());
        storage::SsimImportOptions cancel;
        cancel.progress = [](double share) { return share < 0.5; };
        auto result = storage::import_ssim(store, read_result.file, expansion.legs, {"season.ssim", "00"}, storage::default_context(), cancel);
        QVERIFY(result.cancelled);
        QCOMPARE(store.database().scalar("SELECT count(*) FROM legs"), 0);
        // The indexes came back with the rollback, and the model follows commands again.
        QCOMPARE(store.database().scalar("SELECT count(*) FROM sqlite_master WHERE name = 'legs_by_rotation'"), 1);
        auto ctx = storage::default_context();
        RotationId r{Uuid::v4(7, 7)};
        Leg a = expansion.legs[0].leg, b = expansion.legs[1].leg;
        a.id = LegId{Uuid::v4(8, 8)};
        b.id = LegId{Uuid::v4(9, 9)};
        b.designator.departure = AirportCode::from("ZZZ");  // breaks continuity after a
        b.std_utc = a.sta_utc + 10;
        b.sta_utc = b.std_utc + 60;
        QVERIFY(store.execute(CreateRotation{r, "R1"}, ctx).ok);
        QVERIFY(store.execute(AddLegs{r, {a, b}}, ctx).ok);
        QCOMPARE(store.database().scalar("SELECT count(*) FROM violations WHERE constraint_kind = 'continuity'"), 1);
    }

    void aLenientImportWithSkipsCancelsNothing() {
        QCOMPARE(cli({"import-ssim", write("v1.ssim", testing::three_flights().str())}).exit, 0);
        SsimText v2 = testing::three_flights();
        v2.legs[2].set(leg::aircraft_std, "99:9");  // XQ200's record unreadable: its legs must not read as cancelled
        auto r = cli({"import-ssim", "--lenient", write("v2.ssim", v2.str())});
        QCOMPARE(r.exit, 0);
        QVERIFY2(r.out.contains("0 cancelled, 14 unchanged, 1 not in the file but kept"), qPrintable(r.out));
        QCOMPARE(stats()["legs"].get<int>(), 15);
    }

    // A generated season (small fleet) through the store and back: export,
    // then import into an empty store, gives the same dated legs.
    void exportRoundTrip() {
        GeneratorOptions o;
        o.airplanes = 15;
        o.last_day = Date{o.first_day.days + 27};
        auto season = generate(o);
        auto ssim_path = write("season.ssim", season.ssim);
        QCOMPARE(cli({"import-airplanes", write("airplanes.csv", season.airplanes)}).exit, 0);
        QCOMPARE(cli({"import-airports", write("airports.csv", season.airports)}).exit, 0);
        auto r = cli({"import-ssim", ssim_path, "--rotations", write("rotations.csv", season.rotations)});
        QVERIFY2(r.exit == 0, qPrintable(r.err));
        auto original = leg_lines();
        QCOMPARE(long(original.size()), season.dated_legs);

        auto exported = dir_.filePath("exported.ssim");
        r = cli({"export-ssim", exported});
        QVERIFY2(r.exit == 0, qPrintable(r.err));
        QFile f(exported);
        QVERIFY(f.open(QIODevice::ReadOnly));
        auto bytes = f.readAll().toStdString();
        auto check = read(bytes, {"exported.ssim", false});
        QVERIFY(!check.error);
        QCOMPARE(int(check.file.legs.size()), season.leg_records);

        db_ = dir_.filePath("fresh.db");
        r = cli({"import-ssim", exported});
        QVERIFY2(r.exit == 0, qPrintable(r.err));
        auto again = leg_lines();
        // Rotations are not in SSIM: compare the legs without them.
        auto strip = [](std::vector<std::string> lines) {
            for (auto& l : lines) {
                auto j = json::parse(l);
                j.erase("rotation");
                j.erase("airplane");
                l = j.dump();
            }
            std::sort(lines.begin(), lines.end());
            return lines;
        };
        QVERIFY(strip(original) == strip(again));
    }
};

QTEST_MAIN(TestCliSsim)
#include "tst_cli_ssim.moc"
