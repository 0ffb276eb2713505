// The event store's guarantees: ordered appends, optimistic concurrency,
// append-only enforced by the database, metadata on every event.
#include <QtTest>

#include <nlohmann/json.hpp>

#include "storage/eventstore/event_store.h"
#include "storage/open_store.h"
#include "storage_support.h"
#include "support/temporary_store.h"

using namespace rotaplan;
using namespace rotaplan::storage;
using namespace rotaplan::testing;

class TestEventStore : public QObject {
    Q_OBJECT
    StoreFolder dir_{"e"};
    std::string path_;
    EventMetadata meta_{"anna", "desk-7", "2026-11-22T10:00:00.000Z", "cmd-1", "corr-1", "AddLegs"};
    RotationId r1_{Uuid{1, 1}};

    Events three_events() {
        Leg l = make_leg("XQ100", "FRA", "MUC", at("2026-04-01T06:00Z"), 65);
        return {RotationCreated{r1_, "R1"}, LegAddedToRotation{r1_, l}, LegRetimed{l.id, at("2026-04-01T06:10Z"), at("2026-04-01T07:15Z")}};
    }

private slots:
    void init() {
        path_ = dir_.next_store_path();
    }

    void appendsAreVersionedPerStreamAndOrderedGlobally() {
        Database db = open_store(path_);
        EventStore store(db);
        auto p1 = store.append("rotation-a", 0, three_events(), meta_);
        auto p2 = store.append("rotation-b", 0, {RotationCreated{r1_, "B"}}, meta_);
        auto p3 = store.append("rotation-a", 3, {RotationRenamed{r1_, "R1b"}}, meta_);
        QCOMPARE(p1, (std::vector<std::int64_t>{1, 2, 3}));
        QCOMPARE(p2, (std::vector<std::int64_t>{4}));
        QCOMPARE(p3, (std::vector<std::int64_t>{5}));
        QCOMPARE(store.stream_version("rotation-a"), 4);
        QCOMPARE(store.stream_version("nothing"), 0);
        std::vector<std::int64_t> versions;
        store.read_stream("rotation-a", 1, [&](std::int64_t v, const Event& e) {
            versions.push_back(v);
            if (v == 4) QVERIFY((std::get<RotationRenamed>(e) == RotationRenamed{r1_, "R1b"}));
        });
        QCOMPARE(versions, (std::vector<std::int64_t>{2, 3, 4}));
        std::vector<std::int64_t> positions;
        store.read_all(1, 4, [&](std::int64_t p, const Event&) { positions.push_back(p); });
        QCOMPARE(positions, (std::vector<std::int64_t>{2, 3, 4}));
    }

    void aStaleExpectedVersionWritesNothing() {
        Database db = open_store(path_);
        EventStore store(db);
        store.append("rotation-a", 0, three_events(), meta_);
        for (std::int64_t stale : {0, 2, 7}) {
            try {
                store.append("rotation-a", stale, {RotationRenamed{r1_, "X"}}, meta_);
                QFAIL("a stale append was accepted");
            } catch (const ConcurrencyError& e) {
                QCOMPARE(e.stream(), std::string("rotation-a"));
                QCOMPARE(e.expected(), stale);
                QCOMPARE(e.actual(), 3);
                QVERIFY(std::string(e.what()).find("someone else changed it first") != std::string::npos);
            }
        }
        QCOMPARE(db.scalar("SELECT count(*) FROM events"), 3);
    }

    void theDatabaseRefusesToChangeOrDeleteEvents() {
        Database db = open_store(path_);
        EventStore store(db);
        store.append("rotation-a", 0, three_events(), meta_);
        for (const char* sql : {"UPDATE events SET payload = '{}' WHERE position = 1", "DELETE FROM events WHERE position = 2",
                                "DELETE FROM events"}) {
            try {
                db.exec(sql);
                QFAIL(sql);
            } catch (const StorageError& e) {
                QVERIFY2(std::string(e.what()).find("events are append-only") != std::string::npos, e.what());
            }
        }
        QCOMPARE(db.scalar("SELECT count(*) FROM events"), 3);
    }

    void everyEventCarriesItsMetadataAndLeg() {
        Database db = open_store(path_);
        EventStore store(db);
        auto events = three_events();
        store.append("rotation-a", 0, events, meta_);
        auto rows = store.stored_events("1", {});
        QCOMPARE(rows.size(), 3u);
        auto m = nlohmann::json::parse(rows[1].metadata);
        QCOMPARE(m["planner"].get<std::string>(), std::string("anna"));
        QCOMPARE(m["host"].get<std::string>(), std::string("desk-7"));
        QCOMPARE(m["time"].get<std::string>(), std::string("2026-11-22T10:00:00.000Z"));
        QCOMPARE(m["causation_id"].get<std::string>(), std::string("cmd-1"));
        QCOMPARE(m["correlation_id"].get<std::string>(), std::string("corr-1"));
        QCOMPARE(rows[1].type, std::string("LegAddedToRotation"));
        QCOMPARE(rows[1].schema_version, 2);
        QVERIFY(Uuid::parse(rows[0].event_id));
        QVERIFY(rows[0].event_id != rows[1].event_id);
        auto leg = std::get<LegAddedToRotation>(events[1]).leg.id.value.str();
        QCOMPARE(db.scalar(("SELECT count(*) FROM events WHERE leg_id = '" + leg + "'").c_str()), 2);
        QVERIFY(rows[1].decoded() == events[1]);
        QCOMPARE(store.position_at("2026-11-22T10:00:00.000Z"), 3);
        QCOMPARE(store.position_at("2026-11-22T09:59:59.999Z"), 0);
    }
};

QTEST_GUILESS_MAIN(TestEventStore)
#include "tst_event_store.moc"
