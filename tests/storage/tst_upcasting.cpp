// Events written in the v1 leg payload shape (tests/fixtures/store-v1.db,
// made by make-store-v1.sh) still read correctly, replay into the same
// projections, and live on beside v2 events. A schema-5 store from before
// airports had time zones (store-v5.db) opens, migrates and reads unchanged.
// Many-leg events written as a JSON object a leg (v2, store-legs-v2.db)
// read into the same legs as the rows v3 writes, and replay into the
// projections the older Rotaplan built from them.
#include <QFile>
#include <QtTest>

#include "storage/eventstore/event_codec.h"
#include "storage/projections/projections.h"
#include "storage/projections/queries.h"
#include "storage/schedule_store.h"
#include "storage/open_store.h"
#include "storage/sqlite/schema.h"
#include "storage_support.h"
#include "support/temporary_store.h"

using namespace rotaplan;
using namespace rotaplan::storage;

class TestUpcasting : public QObject {
    Q_OBJECT
    testing::StoreFolder dir_{"v"};
    std::string path_;

private slots:
    void init() {
        path_ = dir_.next_copy_of(ROTAPLAN_FIXTURES "/store-v1.db");  // never touch the checked-in file
    }

    void v1LegPayloadsAreUpcast() {
        Database db = open_store(path_);
        EventStore events(db);
        auto rows = events.stored_events("schema_version = 1 AND type IN ('LegAddedToRotation', 'LegCreated')", {});
        QCOMPARE(rows.size(), 2u);
        QVERIFY(rows[0].payload.find("\"flight\":\"XQ100A\"") != std::string::npos);  // really the old shape

        auto added = std::get<LegAddedToRotation>(rows[0].decoded());
        QCOMPARE(QString::fromStdString(format_designator(added.leg.designator)), QString("XQ100A/FRA/2025-10-26"));
        QCOMPARE(added.leg.designator.flight.suffix, 'A');
        QCOMPARE(added.leg.service_type, 'J');
        QCOMPARE(QString::fromStdString(added.leg.aircraft_type.str()), QString("320"));

        auto created = std::get<LegCreated>(rows[1].decoded());
        QCOMPARE(QString::fromStdString(created.leg.designator.flight.airline.str()), QString("4U"));
        QCOMPARE(int(created.leg.designator.flight.number), 7);
        // v1 had no day of origin: it was the UTC date of STD, even for a late departure.
        QCOMPARE(QString::fromStdString(format_date(created.leg.designator.day_of_origin)), QString("2025-10-26"));
        QCOMPARE(QString::fromStdString(format_instant(created.leg.sta_utc)), QString("2025-10-27T01:10Z"));
    }

    void v1EventsReplayIntoTheProjections() {
        Database db = open_store(path_);
        QCOMPARE(rebuild_projections(db), 3);
        auto rows = legs(db);
        QCOMPARE(rows.size(), 2u);
        QCOMPARE(QString::fromStdString(rows[0].rotation_name), QString("OLD1"));
        QCOMPARE(QString::fromStdString(format_designator(rows[0].leg.designator)), QString("XQ100A/FRA/2025-10-26"));
        QVERIFY(rows[1].rotation_name.empty());
    }

    void newCommandsWriteV2BesideV1() {
        {
            Database db = open_store(path_);
            rebuild_projections(db);
        }
        ScheduleStore store(path_);
        auto old_rotation = find_rotation(store.database(), "OLD1");
        QVERIFY(old_rotation);
        auto unassigned = find_legs(store.database(), *parse_designator("4U7/MUC/2025-10-26"));
        QCOMPARE(unassigned.size(), 1u);
        auto outcome = store.execute(MoveLegs{unassigned, old_rotation}, CommandContext{"tester", "h", {}, {}});
        QVERIFY2(outcome.ok, outcome.error.message.c_str());
        auto rows = store.events().stored_events("position > 3", {});
        QCOMPARE(rows.size(), 2u);
        QCOMPARE(rows[1].type, std::string("LegAddedToRotation"));
        QCOMPARE(rows[1].schema_version, 2);
        QVERIFY(rows[1].payload.find("\"airline\":\"4U\"") != std::string::npos);
        QCOMPARE(legs(store.database(), old_rotation).size(), 2u);
    }

    // A copy of the schema-5 fixture, not yet opened by this Rotaplan.
    std::string v5_copy() { return dir_.next_copy_of(ROTAPLAN_FIXTURES "/store-v5.db"); }
    static std::vector<std::string> raw_events(Database& db) {
        std::vector<std::string> out;
        auto q = db.prepare("SELECT position, event_id, stream, version, type, schema_version, payload, metadata FROM events "
                            "ORDER BY position");
        while (q.step()) {
            std::string row;
            for (int c = 0; c < 8; ++c) row += std::string(q.text(c)) + "|";
            out.push_back(row);
        }
        return out;
    }

    void aStoreFromBeforeTimeZonesOpensAndReadsUnchanged() {
        std::string path = v5_copy();
        std::vector<std::string> before;
        {
            Database raw(path);
            QCOMPARE(raw.scalar("PRAGMA user_version"), std::int64_t(5));
            before = raw_events(raw);
        }
        Database db = open_store(path);
        QCOMPARE(db.scalar("PRAGMA user_version"), std::int64_t(kSchemaVersion));
        QVERIFY(raw_events(db) == before);  // not one byte of an event changed
        auto ports = airports(db);
        QCOMPARE(ports.size(), 3u);
        QCOMPARE(QString::fromStdString(ports[0].airport), QString("FRA"));
        QCOMPARE(ports[0].utc_offset_minutes, std::optional<int>(60));
        QVERIFY(ports[0].time_zone.empty());
        QCOMPARE(ports[2].name, std::string("Munich"));
        QCOMPARE(ports[2].utc_offset_minutes, std::nullopt);
        EventStore events(db);
        auto defined = std::get<AirportDefined>(events.stored_events("type = 'AirportDefined'", {}).front().decoded());
        QCOMPARE(defined, (AirportDefined{AirportCode::from("FRA"), 45, "Frankfurt", 60, ""}));
        auto rows = legs(db);
        QCOMPARE(QString::fromStdString(format_designator(rows[0].leg.designator)), QString("XQ100/FRA/2026-07-01"));
        // The projections are what replaying the events gives.
        QString live = testing::dump_projections(db);
        rebuild_projections(db);
        QCOMPARE(testing::dump_projections(db), live);
    }

    void theMigrationTakesTheZonesAColleagueSent() {
        // A colleague's newer Rotaplan gave FRA a zone; this store's older
        // Rotaplan pulled the event and projected it without the field it did not know.
        std::string path = v5_copy();
        {
            Database raw(path);
            raw.exec(R"sql(
INSERT INTO events (event_id, stream, version, type, schema_version, payload, metadata, recorded_at)
VALUES ('01999999-0000-7000-8000-0000000000f1', 'airport-FRA', 2, 'AirportDefined', 1,
        '{"airport":"FRA","min_ground_minutes":50,"name":"Frankfurt","time_zone":"Europe/Berlin","utc_offset_minutes":60}',
        '{"planner":"kim"}', '2026-01-05T09:00:00.000Z');
UPDATE airports SET min_ground_minutes = 50 WHERE airport = 'FRA';
UPDATE projection_position SET position = (SELECT max(position) FROM events);
)sql");
        }
        Database db = open_store(path);
        auto ports = airports(db);
        QCOMPARE(ports[0].time_zone, std::string("Europe/Berlin"));
        QCOMPARE(ports[0].min_ground_minutes, 50);
        QVERIFY(ports[1].time_zone.empty());  // JFK: none
        QString live = testing::dump_projections(db);
        rebuild_projections(db);
        QCOMPARE(testing::dump_projections(db), live);
    }

    // A copy of the store whose many-leg events are v2 (make-store-legs-v2.sh).
    std::string legs_v2_copy() { return dir_.next_copy_of(ROTAPLAN_FIXTURES "/store-legs-v2.db"); }

    void manyLegEventsOfV2ReplayIntoWhatTheOlderRotaplanBuilt() {
        Database db = open_store(legs_v2_copy());
        EventStore events(db);
        auto old = events.stored_events("type IN ('LegsCreated', 'LegsAddedToRotation')", {});
        QCOMPARE(old.size(), 137u);
        for (const auto& e : old) {
            QCOMPARE(e.schema_version, 2);
            QVERIFY(e.payload.find("\"legs\":[{\"id\":\"") != std::string::npos);  // really the object shape
        }
        // The fixture holds the projections its own Rotaplan built from these
        // events: replaying them now must give every row back.
        QString built_then = testing::dump_projections(db);
        QVERIFY(built_then.contains("|XQ|990|A|"));
        QCOMPARE(rebuild_projections(db), 230);
        QCOMPARE(testing::dump_projections(db), built_then);
        QCOMPARE(legs(db).size(), 330u);
    }

    void aV2EventWrittenAgainAsRowsIsTheSameEventInUnderHalfTheBytes() {
        Database db = open_store(legs_v2_copy());
        EventStore events(db);
        std::size_t v2_bytes = 0, v3_bytes = 0, legs_read = 0;
        bool suffix = false, service = false, attributes = false, two_carriers = false;
        for (const auto& e : events.stored_events("type IN ('LegsCreated', 'LegsAddedToRotation')", {})) {
            Event read = e.decoded();
            auto again = encode(read);
            QCOMPARE(again.schema_version, 3);
            QCOMPARE(std::string(again.type), e.type);
            QVERIFY(again.payload.find(",\"rows\":[[\"") != std::string::npos);
            QVERIFY2(decode(again.type, again.schema_version, again.payload) == read, e.payload.c_str());
            v2_bytes += e.payload.size();
            v3_bytes += again.payload.size();
            const auto& legs = e.type == "LegsCreated" ? std::get<LegsCreated>(read).legs : std::get<LegsAddedToRotation>(read).legs;
            for (const Leg& l : legs) {
                ++legs_read;
                // A leg's history finds its events by the id in the payload's text.
                QVERIFY(again.payload.find('"' + l.id.value.str() + '"') != std::string::npos);
                suffix = suffix || l.designator.flight.suffix == 'A';
                service = service || l.service_type == 'F';
                attributes = attributes || l.attributes != 0;
                two_carriers = two_carriers || l.designator.flight.airline.view() == "4U";
            }
        }
        QCOMPARE(legs_read, 337u);  // every leg object in the fixture's payloads, cancelled ones too
        QVERIFY(suffix && service && attributes && two_carriers);  // the fixture has what a row must carry
        QVERIFY2(v3_bytes * 2 < v2_bytes, (std::to_string(v2_bytes) + " -> " + std::to_string(v3_bytes)).c_str());
    }

    void newManyLegEventsAreRowsBesideV2() {
        std::string path = legs_v2_copy();
        ScheduleStore store(path);
        auto r001 = find_rotation(store.database(), "R001");
        QVERIFY(r001);
        Leg a = testing::make_leg("XQ880B", "MUC", "FRA", testing::at("2028-02-01T06:00Z"), 60);
        a.service_type = 'C';
        a.attributes = 0x00ff00ff00ff00ffull;
        Leg b = testing::make_leg("4U881", "FRA", "MUC", testing::at("2028-02-01T08:00Z"), 60);
        b.aircraft_type = AircraftType::from("32N");
        auto outcome = store.execute(AddLegs{r001, {a, b}}, CommandContext{"tester", "h", {}, {}});
        QVERIFY2(outcome.ok, outcome.error.message.c_str());
        auto added = store.events().stored_events("type = 'LegsAddedToRotation' AND schema_version = 3", {});
        QCOMPARE(added.size(), 1u);
        QCOMPARE(added[0].payload.substr(0, 12), std::string("{\"rotation\":"));
        QVERIFY(added[0].payload.find("\"codes\":[\"XQ\",\"MUC\",\"FRA\",\"320\",\"4U\",\"32N\"],\"attrs\":[\"00ff00ff00ff00ff\"],\"rows\"") !=
                std::string::npos);
        QVERIFY(added[0].payload.find(",880,\"B\",1,2,") != std::string::npos);
        QCOMPARE(std::get<LegsAddedToRotation>(added[0].decoded()).legs, (std::vector<Leg>{a, b}));
        QString live = testing::dump_projections(store.database());
        QCOMPARE(rebuild_projections(store.database()), 231);
        QCOMPARE(testing::dump_projections(store.database()), live);
        QCOMPARE(legs(store.database()).size(), 332u);
    }

    void aLegRowThatDoesNotHoldIsRefusedWithWhere() {
        const std::string id = "01999999-0000-7000-8000-00000000a001";
        auto row = [&](const std::string& fields,
                       const std::string& head = "\"codes\":[\"XQ\",\"FRA\",\"MUC\",\"320\"],\"attrs\":[\"5b0d057aac4d1aae\"]") {
            return "{" + head + ",\"rows\":[[\"" + id + "\"," + fields + "]]}";
        };
        const std::string good = "0,100,\"\",1,2,20544,360,65,3,\"J\"";
        auto read = std::get<LegsCreated>(decode("LegsCreated", 3, row(good + ",0")));
        QCOMPARE(read.legs.size(), 1u);
        QCOMPARE(QString::fromStdString(format_designator(read.legs[0].designator)), QString("XQ100/FRA/2026-04-01"));
        QCOMPARE(QString::fromStdString(format_instant(read.legs[0].std_utc)), QString("2026-04-01T06:00Z"));
        QCOMPARE(QString::fromStdString(format_instant(read.legs[0].sta_utc)), QString("2026-04-01T07:05Z"));
        QCOMPARE(QString::fromStdString(read.legs[0].arrival.str()), QString("MUC"));
        QCOMPARE(read.legs[0].attributes, 0x5b0d057aac4d1aaeull);
        QCOMPARE(std::get<LegsCreated>(decode("LegsCreated", 3, row(good + ",-1"))).legs[0].attributes, 0ull);
        // A field a later Rotaplan adds at a row's end is skipped, as an unknown key is.
        QVERIFY(decode("LegsCreated", 3, row(good + ",0,{\"later\":[1]},7")) == decode("LegsCreated", 3, row(good + ",0")));
        // A day of origin years away from STD (an odd v2 leg) still fits a row: its
        // distance is not held to a day's minutes (fuzzing found it, regressions/).
        Leg far = read.legs[0];
        far.designator.day_of_origin = *parse_date("7960-04-02");
        const Event far_event = LegsCreated{{far}};
        const auto far_row = encode(far_event);
        QVERIFY(decode(far_row.type, far_row.schema_version, far_row.payload) == far_event);
        const std::pair<std::string, std::string> refused[] = {
            {row("0,100,\"\",1,2,20544,-9223372036854775807,65,3,\"J\",-1"), "leg.std out of range"},
            {row("0,100,\"\",1,2,20544,360,9223372036854775807,3,\"J\",-1"), "leg.block out of range"},
            {row("0,100,\"\",1,2,20544,360,65,3"), "leg row 1 has 10 fields, not 12"},
            {row("0,100,\"\",1,9,20544,360,65,3,\"J\",-1"), "no such code in leg.arr"},
            {row("0,100,\"\",1,-1,20544,360,65,3,\"J\",-1"), "no such code in leg.arr"},
            {row("\"XQ\",100,\"\",1,2,20544,360,65,3,\"J\",-1"), "leg row 1, field airline: not an integer"},
            {row("0,100,\"\",1,2,20544.5,360,65,3,\"J\",-1"), "leg row 1, field day: not an integer"},
            {row("0,100,null,1,2,20544,360,65,3,\"J\",-1"), "leg row 1, field suffix: not a string"},
            {row("0,100,\"\",1,2,20544,360,[65],3,\"J\",-1"), "leg row 1, field block: not an integer"},
            {row("0,100,\"AB\",1,2,20544,360,65,3,\"J\",-1"), "not one letter in leg.suffix"},
            {row("0,100,\"\",1,2,20544,360,65,3,\"\",-1"), "not one letter in leg.service"},
            {row("0,100,\"\",1,2,99999999,360,65,3,\"J\",-1"), "day of origin out of range"},
            {row("0,100,\"\",1,2,20544,360,18446744073709551615,3,\"J\",-1"), "leg row 1, field block: number out of range"},
            {row(good + ",1"), "no such attributes in leg.attr"},
            {row(good + ",\"5b0d057aac4d1aae\""), "leg row 1, field attr: not an integer"},
            {row(good + ",0", "\"codes\":[\"XQ\",\"FRA\",\"MUC\",\"320\"],\"attrs\":[\"5b0d05 7a\"]"), "malformed leg.attr"},
            {row(good + ",-1", "\"codes\":[\"XQ\",\"FRA\",\"MUC\",\"320\"],\"attrs\":[7]"), "attributes that are not a string"},
            {row(good + ",-1", "\"codes\":[\"XQ\",\"FRA\",\"MUC\",320]"), "a code that is not a string"},
            {row(good + ",-1", "\"codes\":[\"XQ\",\"FRAN\",\"MUC\",\"320\"]"), "code too long in leg.dep"},
            {"{\"rows\":[[\"" + id + "\"," + good + ",-1]],\"codes\":[\"XQ\",\"FRA\",\"MUC\",\"320\"]}", "leg rows before their \"codes\""},
            {"{\"codes\":[],\"rows\":[{\"id\":\"" + id + "\"}]}", "a leg row that is not an array"},
            {row(good), "leg row 1 has 11 fields, not 12"},
            {row(good + ",-2"), "no such attributes in leg.attr"},
            {"{\"codes\":[\"XQ\",\"FRA\",\"MUC\",\"320\"],\"rows\":[[\"" + id + "\"," + good + ",-1]],\"attrs\":[\"5b0d057aac4d1aae\"]}",
             "\"attrs\" after the leg rows"},
            {row(good + ",-1", "\"codes\":[\"MUC\"],\"codes\":[\"XQ\",\"FRA\",\"MUC\",\"320\"]"), "a second \"codes\""},
        };
        for (const auto& [payload, why] : refused) {
            try {
                decode("LegsCreated", 3, payload);
                QFAIL(("taken: " + payload).c_str());
            } catch (const StorageError& e) {
                QVERIFY2(std::string(e.what()).find(why) != std::string::npos, (std::string(e.what()) + " / " + why).c_str());
            }
        }
    }

    void payloadsOfOtherShapesDoNotBorrowARowsFields() {
        const std::string leg = "{\"id\":\"01999999-0000-7000-8000-00000000a001\",\"airline\":\"XQ\",\"number\":100,\"suffix\":\"\","
                                "\"dep\":\"FRA\",\"day\":\"2026-04-01\",\"arr\":\"MUC\",\"std\":\"2026-04-01T06:00Z\","
                                "\"sta\":\"2026-04-01T07:05Z\",\"type\":\"320\",\"service\":\"J\"}";
        const std::string rows = "\"codes\":[\"4U\",\"CGN\",\"PMI\",\"32A\"],\"rows\":[[\"01999999-0000-7000-8000-00000000a002\","
                                 "0,7,\"\",1,2,20544,300,140,3,\"J\",-1]]";
        QCOMPARE(QString::fromStdString(format_designator(std::get<LegCreated>(decode("LegCreated", 2, "{\"leg\":" + leg + "}")).leg.designator)),
                 QString("XQ100/FRA/2026-04-01"));
        // A one-leg event whose leg object is followed by rows would read the rows' numbers as its leg.
        try {
            decode("LegCreated", 2, "{\"leg\":" + leg + "," + rows + "}");
            QFAIL("a leg made of a row's numbers was taken");
        } catch (const StorageError& e) {
            QVERIFY2(std::string(e.what()).find("leg rows in an event of one leg") != std::string::npos, e.what());
        }
        // A number past int64 is refused where it would be kept (it was cast to -1), skipped where it is skipped.
        const std::string airport = "{\"airport\":\"FRA\",\"min_ground_minutes\":45,\"name\":\"F\",";
        QVERIFY_THROWS_EXCEPTION(StorageError, decode("AirportDefined", 1, airport + "\"utc_offset_minutes\":18446744073709551615}"));
        QCOMPARE(std::get<AirportDefined>(decode("AirportDefined", 1, airport + "\"later\":18446744073709551615}")).min_ground_minutes, 45);
    }

    void rowsTheScannerLeavesToNlohmannAreReadOnce() {
        Leg a = testing::make_leg("XQ880B", "MUC", "FRA", testing::at("2028-02-01T06:00Z"), 60);
        Leg b = testing::make_leg("4U881", "FRA", "MUC", testing::at("2028-02-01T08:00Z"), 60);
        b.attributes = 0x1234;
        const Event event = LegsCreated{{a, b}};
        auto compact = encode(event);
        // A space after the first row: our scanner reads that row, then gives the payload to nlohmann.
        std::string spaced = compact.payload;
        spaced.insert(spaced.find("],[") + 2, " ");
        QCOMPARE(std::get<LegsCreated>(decode(compact.type, compact.schema_version, spaced)).legs, (std::vector<Leg>{a, b}));
    }

    void aCommandsLegsAreObjectsThatAnOlderRotaplanReads() {
        Leg a = testing::make_leg("XQ880B", "MUC", "FRA", testing::at("2028-02-01T06:00Z"), 60);
        a.attributes = 0x00ff00ff00ff00ffull;
        const std::string text = legs_payload({a});
        QCOMPARE(text.substr(0, 15), std::string("{\"legs\":[{\"id\":"));
        QVERIFY(text.find("\"codes\"") == std::string::npos);
        QCOMPARE(legs_from_payload(text), std::vector<Leg>{a});
        // and the rows of an event, should a command ever carry them
        QCOMPARE(legs_from_payload(encode(LegsCreated{{a}}).payload), std::vector<Leg>{a});
    }

    void anAirportWithoutAZoneIsWrittenAsBefore() {
        // Byte for byte what the fixture's older Rotaplan wrote, so that older
        // desktops and the server see no new shape for airports without a zone.
        auto plain = encode(AirportDefined{AirportCode::from("FRA"), 45, "Frankfurt", 60, ""});
        QCOMPARE(plain.payload, std::string(R"({"airport":"FRA","min_ground_minutes":45,"name":"Frankfurt","utc_offset_minutes":60})"));
        QCOMPARE(plain.schema_version, 1);
        auto zoned = encode(AirportDefined{AirportCode::from("FRA"), 45, "Frankfurt", 60, "Europe/Berlin"});
        QVERIFY(zoned.payload.find(R"("time_zone":"Europe/Berlin")") != std::string::npos);
        QCOMPARE(zoned.schema_version, 1);
        auto back = std::get<AirportDefined>(decode(zoned.type, zoned.schema_version, zoned.payload));
        QCOMPARE(back.time_zone, std::string("Europe/Berlin"));
    }
};

QTEST_GUILESS_MAIN(TestUpcasting)
#include "tst_upcasting.moc"
