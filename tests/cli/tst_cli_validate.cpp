// validate through the real rotaplan-cli: exact counts and explanations for
// deliberately injected violations of each kind, --rotation, --as-of, exit
// statuses, and the model's change notifications.
#include <QtTest>

#include <set>

#include "support/cli_runner.h"
#include "storage/schedule_store.h"
#include "storage/open_store.h"
#include "storage/projections/validation_report.h"

using nlohmann::json;
using namespace rotaplan;

class TestCliValidate : public QObject, rotaplan::testing::CliSuite {
    Q_OBJECT

    void ok(const QStringList& args) {
        auto r = cli(args);
        if (r.exit != 0) qFatal("%s: %s", qPrintable(args.join(' ')), qPrintable(r.err));
    }
    void leg(const char* rotation, const char* flight, const char* dep, const char* arr, const char* std_, const char* sta,
             const char* day = nullptr) {
        QStringList args{"add-leg", rotation, "--flight", flight, "--dep", dep, "--arr", arr, "--std", std_, "--sta", sta};
        if (day) args << "--day-of-origin" << day;
        ok(args);
    }
    json validate(const QStringList& extra = {}) { return cli(QStringList{"validate", "--json"} + extra).json(); }

private slots:
    void init() {
        next_store();
    }

    // A season whose SSIM file schedules some flights twice a day under one
    // designator (generate-schedule --duplicate-designators) imports with its
    // rotation file (eight columns: each line names its leg's STD), and
    // validate counts every shared designator of that one file.
    void aSeasonWithSharedDesignators() {
        QString season = dir_.filePath("dup-season");
        auto g = cli({"generate-schedule", season, "--airplanes", "20", "--duplicate-designators", "3"});
        QVERIFY2(g.exit == 0, qPrintable(g.err));
        QFile rotations(season + "/rotations.csv");
        QVERIFY(rotations.open(QIODevice::ReadOnly));
        QVERIFY(rotations.readLine().startsWith("rotation,airplane,airline,flight_number,suffix,departure,day_of_origin,std"));
        ok({"import-airplanes", season + "/airplanes.csv"});
        ok({"import-airports", season + "/airports.csv"});
        auto r = cli({"import-ssim", season + "/season.ssim", "--rotations", season + "/rotations.csv"});
        QVERIFY2(r.exit == 0, qPrintable(r.err));
        // "N flight designators are used by more than one leg (...): see validate"
        static const QRegularExpression shared("\\n(\\d+) flight designators are used by more than one leg \\(lines");
        auto m = shared.match("\n" + r.err);
        QVERIFY2(m.hasMatch(), qPrintable(r.err));
        const int reported = m.captured(1).toInt();
        QVERIFY(reported >= 3 * 210);  // three round trips, each outbound shared on all of the season's 210 days
        auto v = validate();
        QCOMPARE(v["violations"]["designator_uniqueness"].get<int>(), reported);
        QCOMPARE(v["violations"]["continuity"].get<int>(), 0);
        QCOMPARE(v["violations"]["min_ground_time"].get<int>(), 0);
        int groups = 0;
        for (const auto& item : v["items"])
            if (item["constraint"] == "designator_uniqueness") {
                ++groups;
                QCOMPARE(item["legs"].size(), std::size_t(2));
                QVERIFY(item["legs"][0]["rotation"] != item["legs"][1]["rotation"]);  // each leg in its own rotation
            }
        QCOMPARE(groups, reported);
        auto text = cli({"validate"});
        QCOMPARE(text.exit, 1);
        QVERIFY2(text.out.contains(QString("Flight designator uniqueness (%1)").arg(reported)), qPrintable(text.out.left(400)));
    }

    void anEmptyOrCleanScheduleIsValid() {
        rotaplan::storage::open_store(db_.toStdString());  // empty: a read would not create it
        auto r = cli({"validate"});
        QCOMPARE(r.exit, 0);
        QVERIFY(r.out.contains("valid"));
        ok({"set-airport", "MUC", "--mgt", "30"});
        ok({"create-rotation", "R1"});
        leg("R1", "XQ100", "FRA", "MUC", "2026-04-01T06:00Z", "2026-04-01T07:00Z");
        leg("R1", "XQ101", "MUC", "FRA", "2026-04-01T07:30Z", "2026-04-01T08:30Z");  // exactly 30 minutes
        auto v = validate();
        QCOMPARE(v["legs"].get<int>(), 2);
        QCOMPARE(v["rotations"].get<int>(), 1);
        QCOMPARE(v["items"].size(), std::size_t(0));
        QCOMPARE(cli({"validate"}).exit, 0);
    }

    void injectedViolationsAreCountedAndExplained() {
        ok({"set-airport", "MUC", "--mgt", "30"});
        ok({"set-airport", "JFK", "--mgt", "60", "--utc-offset", "-04:00"});
        ok({"add-airplane", "D-AIAA", "--type", "320", "--mgt", "45"});
        ok({"create-rotation", "R1"});
        ok({"create-rotation", "R2"});
        ok({"assign", "D-AIAA", "R1"});
        // R1 (airplane minimum 45): 40 minutes at MUC -> ground time (45 required).
        leg("R1", "XQ100", "FRA", "MUC", "2026-04-01T06:00Z", "2026-04-01T07:00Z");
        leg("R1", "XQ101", "MUC", "FRA", "2026-04-01T07:40Z", "2026-04-01T08:40Z");
        // ... then leaves from VIE though it landed in FRA -> continuity.
        leg("R1", "XQ102", "VIE", "FRA", "2026-04-01T10:00Z", "2026-04-01T11:00Z");
        // R2, no airplane: over midnight at JFK (23:00 local -> 00:00 local), 60 minutes: equal, valid.
        leg("R2", "XQ400", "FRA", "JFK", "2026-04-01T19:00Z", "2026-04-02T03:00Z");
        leg("R2", "XQ401", "JFK", "FRA", "2026-04-02T04:00Z", "2026-04-02T12:00Z");
        // A duplicate designator: XQ100/FRA/2026-04-01 again, outside any rotation.
        leg("-", "XQ100", "FRA", "BER", "2026-04-01T15:00Z", "2026-04-01T16:00Z");
        // ... and XQ401/JFK/2026-04-02 twice (00:00 local at JFK is the 2nd): in R2 and in another rotation.
        ok({"create-rotation", "R3"});
        leg("R3", "XQ401", "JFK", "BOS", "2026-04-01T12:00Z", "2026-04-01T13:00Z", "2026-04-02");

        auto r = cli({"validate", "--json"});
        QCOMPARE(r.exit, 1);
        auto v = r.json();
        QCOMPARE(v["legs"].get<int>(), 7);
        QCOMPARE(v["rotations"].get<int>(), 3);
        QCOMPARE(v["violations"]["continuity"].get<int>(), 1);
        QCOMPARE(v["violations"]["min_ground_time"].get<int>(), 1);
        QCOMPARE(v["violations"]["designator_uniqueness"].get<int>(), 2);
        QCOMPARE(v["items"].size(), std::size_t(4));

        const auto& continuity = v["items"][0];
        QCOMPARE(continuity["constraint"].get<std::string>(), std::string("continuity"));
        QCOMPARE(continuity["rotation"].get<std::string>(), std::string("R1"));
        QCOMPARE(continuity["airplane"].get<std::string>(), std::string("D-AIAA"));
        QCOMPARE(continuity["legs"][0]["designator"].get<std::string>(), std::string("XQ101/MUC/2026-04-01"));
        QCOMPARE(continuity["legs"][1]["designator"].get<std::string>(), std::string("XQ102/VIE/2026-04-01"));

        const auto& ground = v["items"][1];
        QCOMPARE(ground["constraint"].get<std::string>(), std::string("min_ground_time"));
        QCOMPARE(ground["actual_minutes"].get<int>(), 40);
        QCOMPARE(ground["required_minutes"].get<int>(), 45);
        QCOMPARE(ground["legs"][0]["sta"].get<std::string>(), std::string("2026-04-01T07:00Z"));
        QCOMPARE(ground["legs"][1]["std"].get<std::string>(), std::string("2026-04-01T07:40Z"));

        std::set<std::string> groups;
        for (int k : {2, 3}) {
            const auto& g = v["items"][k];
            QCOMPARE(g["constraint"].get<std::string>(), std::string("designator_uniqueness"));
            QCOMPARE(g["legs"].size(), std::size_t(2));
            groups.insert(g["designator"].get<std::string>());
        }
        QCOMPARE(groups, (std::set<std::string>{"XQ100/FRA/2026-04-01", "XQ401/JFK/2026-04-02"}));

        // The text form groups by constraint.
        auto text = cli({"validate"});
        QCOMPARE(text.exit, 1);
        QVERIFY(text.out.contains("Rotation continuity (1)"));
        QVERIFY(text.out.contains("Minimum ground time (1)"));
        QVERIFY(text.out.contains("ground 40 min, required 45"));
        QVERIFY(text.out.contains("Flight designator uniqueness (2)"));

        // One rotation: its pairs, and the groups that hold one of its legs.
        auto r2 = validate({"--rotation", "R2"});
        QCOMPARE(r2["legs"].get<int>(), 2);
        QCOMPARE(r2["items"].size(), std::size_t(1));
        QCOMPARE(r2["items"][0]["designator"].get<std::string>(), std::string("XQ401/JFK/2026-04-02"));

        // Raising the airplane's minimum adds nothing new at MUC (it already fails);
        // lowering it to 40 cures the pair; an unassigned airplane counts 0.
        ok({"update-airplane", "D-AIAA", "--mgt", "40"});
        QCOMPARE(validate()["violations"]["min_ground_time"].get<int>(), 0);
        ok({"set-airport", "MUC", "--mgt", "41"});
        QCOMPARE(validate()["violations"]["min_ground_time"].get<int>(), 1);
        ok({"unassign", "D-AIAA"});
        QCOMPARE(validate()["items"][1]["airplane"], json(nullptr));
        QCOMPARE(validate()["items"][1]["required_minutes"].get<int>(), 41);

        // As of an earlier point: before the duplicate and the third rotation.
        auto events = cli({"stats", "--json"}).json()["events"].get<int>();
        auto past = validate({"--as-of", QString::number(events - 6)});
        QCOMPARE(past["violations"]["designator_uniqueness"].get<int>(), 0);
        QCOMPARE(past["violations"]["min_ground_time"].get<int>(), 1);
        QCOMPARE(past["items"][1]["required_minutes"].get<int>(), 45);

        QCOMPARE(cli({"validate", "--rotation", "R9"}).exit, 2);  // an unknown rotation is an error
    }

    void violationsOfOneLeg() {
        ok({"set-airport", "MUC", "--mgt", "30"});
        ok({"create-rotation", "R1"});
        leg("R1", "XQ100", "FRA", "MUC", "2026-04-01T06:00Z", "2026-04-01T07:00Z");
        leg("R1", "XQ101", "VIE", "FRA", "2026-04-01T07:20Z", "2026-04-01T08:20Z");  // continuity and ground time
        leg("R1", "XQ102", "FRA", "BER", "2026-04-01T09:00Z", "2026-04-01T10:00Z");
        leg("-", "XQ102", "FRA", "HAM", "2026-04-01T15:00Z", "2026-04-01T16:00Z");   // duplicate designator
        storage::Database db = storage::open_store(db_.toStdString(), true);
        auto id = [&](const char* designator) { return storage::find_legs(db, *parse_designator(designator)).front(); };
        QCOMPARE(storage::violations_of_leg(db, id("XQ100/FRA/2026-04-01")).size(), std::size_t(2));
        auto of_102 = storage::violations_of_leg(db, id("XQ102/FRA/2026-04-01"));
        QCOMPARE(of_102.size(), std::size_t(1));
        QCOMPARE(of_102[0].constraint, validation::Constraint::DesignatorUniqueness);
        QCOMPARE(of_102[0].legs.size(), std::size_t(2));
    }

    void changesAreAnnouncedForWhatTheyTouch() {
        storage::ScheduleStore store(db_.toStdString());
        std::vector<storage::ValidationChange> seen;
        store.validation().on_change = [&](const storage::ValidationChange& c) { seen.push_back(c); };
        auto ctx = storage::default_context();
        RotationId r1{Uuid::v4(1, 1)}, r2{Uuid::v4(2, 2)};
        QVERIFY(store.execute(CreateRotation{r1, "R1"}, ctx).ok);
        QVERIFY(store.execute(CreateRotation{r2, "R2"}, ctx).ok);
        Leg l;
        l.id = LegId{Uuid::v4(3, 3)};
        l.designator = *parse_designator("XQ100/FRA/2026-04-01");
        l.arrival = AirportCode::from("MUC");
        l.std_utc = *parse_instant("2026-04-01T06:00Z");
        l.sta_utc = *parse_instant("2026-04-01T07:00Z");
        l.aircraft_type = AircraftType::from("320");
        seen.clear();
        QVERIFY(store.execute(AddLegs{r2, {l}}, ctx).ok);
        QCOMPARE(seen.size(), std::size_t(1));
        QCOMPARE(seen[0].rotations, (std::vector<RotationId>{r2}));
        QCOMPARE(seen[0].designators, (std::vector<std::string>{"XQ100/FRA/2026-04-01"}));
        seen.clear();
        QVERIFY(store.execute(RenameRotation{r1, "R1b"}, ctx).ok);
        QVERIFY(seen.empty());
    }
};

QTEST_MAIN(TestCliValidate)
#include "tst_cli_validate.moc"
