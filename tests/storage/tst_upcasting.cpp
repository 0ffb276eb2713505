// Events written in the v1 leg payload shape (tests/fixtures/store-v1.db,
// made by make-store-v1.sh) still read correctly, replay into the same
// projections, and live on beside v2 events. A schema-5 store from before
// airports had time zones (store-v5.db) opens, migrates and reads unchanged.
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
