// LogIndex: the one rule that accepts or refuses a push (judge), and the
// table both shared logs keep their events in.
#include <QTemporaryDir>
#include <QtTest>

#include <sqlite3.h>

#include "sync/server/log_index.h"

using namespace rotaplan::sync;

namespace {

WireEvent wire_event(const std::string& id, const std::string& stream, std::int64_t version, std::string payload = "{}") {
    return WireEvent{id, stream, version, "T", 1, std::move(payload), "{\"planner\":\"anna\"}", "2026-11-26T12:00:00.000Z"};
}

PushBatch batch(std::map<std::string, std::int64_t> expected, std::vector<WireEvent> events) {
    return PushBatch{std::move(expected), std::move(events)};
}

// Judges and, when accepted, stores like SqliteLog does; returns every event's position.
std::vector<std::int64_t> accept(LogIndex& index, const PushBatch& b) {
    Verdict v = index.judge(b);
    if (v.conflict || !v.reused.empty() || !v.taken.empty()) return {};
    std::vector<const WireEvent*> fresh;
    for (auto i : v.fresh) fresh.push_back(&b.events[i]);
    index.begin();
    auto stored = index.store(fresh, {});
    index.commit();
    for (std::size_t k = 0; k < v.fresh.size(); ++k) v.positions[v.fresh[k]] = stored[k];
    return v.positions;
}

// A rotation's name event, as desktops write it (the server decodes it with their codec).
WireEvent name_event(const std::string& id, const std::string& uuid, std::int64_t version, const std::string& type,
                     const std::string& name = {}) {
    std::string payload = type == "RotationDeleted" ? "{\"rotation\":\"" + uuid + "\"}"
                                                    : "{\"rotation\":\"" + uuid + "\",\"name\":\"" + name + "\"}";
    WireEvent e = wire_event(id, "rotation-" + uuid, version, payload);
    e.type = type;
    return e;
}

}  // namespace

class TestLogIndex : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    int files_ = 0;
    std::string path() { return dir_.filePath(QString("log-%1.sqlite").arg(++files_)).toStdString(); }

private slots:
    // A rotation name another rotation holds is refused where
    // the order is decided, also between two pushes judged in one turn.
    void aRotationNameAnotherRotationHoldsIsTaken() {
        const std::string a = "0192f000-0000-7000-8000-00000000000a", b = "0192f000-0000-7000-8000-00000000000b",
                          c = "0192f000-0000-7000-8000-00000000000c";
        std::string file = path();
        {
            LogIndex index(file, false);
            QCOMPARE(accept(index, batch({{"rotation-" + a, 0}}, {name_event("1", a, 1, "RotationCreated", "RX")})).size(),
                     std::size_t(1));
            auto v = index.judge(batch({{"rotation-" + b, 0}}, {name_event("2", b, 1, "RotationCreated", "RX")}));
            QCOMPARE(v.taken.size(), std::size_t(1));
            QCOMPARE(v.taken[0].event_id, std::string("2"));
            QCOMPARE(v.taken[0].name, std::string("RX"));
            QCOMPARE(v.taken[0].stream, "rotation-" + a);
            QVERIFY(v.fresh.empty());
            QVERIFY(index.judge(batch({{"rotation-" + b, 0}}, {name_event("2", b, 1, "RotationCreated", "RX")}), false)
                        .taken.empty());  // Kafka's judgement in topic order leaves names out
            // Its own name again is no taking; a rename to it by another rotation is.
            QVERIFY(index.judge(batch({{"rotation-" + a, 1}}, {name_event("3", a, 2, "RotationRenamed", "RX")})).taken.empty());
            accept(index, batch({{"rotation-" + b, 0}}, {name_event("4", b, 1, "RotationCreated", "RY")}));
            QCOMPARE(index.judge(batch({{"rotation-" + b, 1}}, {name_event("5", b, 2, "RotationRenamed", "RX")})).taken.size(),
                     std::size_t(1));
            // One batch that renames RX away and gives it to another rotation: taken in order, so accepted.
            auto swap = batch({{"rotation-" + a, 1}, {"rotation-" + c, 0}},
                              {name_event("6", a, 2, "RotationRenamed", "RZ"), name_event("7", c, 1, "RotationCreated", "RX")});
            QVERIFY(index.judge(swap).taken.empty());
            // ... but not the other way round, nor twice in one batch.
            auto twice = batch({{"rotation-" + c, 0}, {"rotation-" + a, 1}},
                               {name_event("7", c, 1, "RotationCreated", "RZ"), name_event("6", a, 2, "RotationRenamed", "RZ")});
            QCOMPARE(index.judge(twice).taken.size(), std::size_t(1));
            accept(index, swap);
            // A deleted rotation lets its name go.
            accept(index, batch({{"rotation-" + b, 1}}, {name_event("8", b, 2, "RotationDeleted")}));
            QVERIFY(index.judge(batch({{"rotation-d", 0}}, {name_event("9", "0192f000-0000-7000-8000-00000000000d", 1,
                                                                          "RotationCreated", "RY")}))
                        .taken.empty());
        }
        // Rebuilt from the log at start: the same judgement after a restart, also on a file of an older server.
        {
            sqlite3* db = nullptr;
            QCOMPARE(sqlite3_open(file.c_str(), &db), SQLITE_OK);
            QCOMPARE(sqlite3_exec(db, "DROP TABLE rotation_names", nullptr, nullptr, nullptr), SQLITE_OK);
            sqlite3_close(db);
        }
        LogIndex reopened(file, false);
        auto v = reopened.judge(batch({{"rotation-" + b, 2}}, {name_event("10", b, 3, "RotationRenamed", "RX")}));
        QCOMPARE(v.taken.size(), std::size_t(1));
        QCOMPARE(v.taken[0].stream, "rotation-" + c);
        QVERIFY(reopened.judge(batch({{"rotation-" + b, 2}}, {name_event("10", b, 3, "RotationRenamed", "RQ")})).taken.empty());
    }

    void anEmptyLog() {
        LogIndex index(path(), false);
        QCOMPARE(index.head(), 0);
        QCOMPARE(index.count(), 0);
        QCOMPARE(index.stream_version("rotation-x"), 0);
        QVERIFY(index.read(0, 10, 1 << 20).empty());
    }

    void acceptedEventsGetIncreasingPositions() {
        LogIndex index(path(), false);
        auto positions = accept(index, batch({{"a", 0}, {"b", 0}}, {wire_event("1", "a", 1), wire_event("2", "b", 1), wire_event("3", "a", 2)}));
        QCOMPARE(positions, (std::vector<std::int64_t>{1, 2, 3}));
        QCOMPARE(index.head(), 3);
        QCOMPARE(index.stream_version("a"), 2);
        auto events = index.read(0, 10, 1 << 20);
        QCOMPARE(events.size(), std::size_t(3));
        QCOMPARE(events[2].event_id, std::string("3"));
        QCOMPARE(events[2].position, 3);
    }

    void aRetryKeepsItsPositionsAndStoresOnlyWhatIsNew() {
        LogIndex index(path(), false);
        auto first = accept(index, batch({{"a", 0}}, {wire_event("1", "a", 1), wire_event("2", "a", 2)}));
        auto same = index.judge(batch({{"a", 0}}, {wire_event("1", "a", 1), wire_event("2", "a", 2)}));
        QVERIFY(!same.conflict);
        QVERIFY(same.fresh.empty());
        QCOMPARE(same.positions, first);
        // A retry that grew: the old part is recognised, the new part follows it.
        auto grown = accept(index, batch({{"a", 0}}, {wire_event("1", "a", 1), wire_event("2", "a", 2), wire_event("3", "a", 3)}));
        QCOMPARE(grown, (std::vector<std::int64_t>{1, 2, 3}));
        QCOMPARE(index.count(), 3);
    }

    void aStreamThatMovedOnIsAConflict() {
        LogIndex index(path(), false);
        accept(index, batch({{"a", 0}}, {wire_event("1", "a", 1)}));
        auto v = index.judge(batch({{"a", 0}, {"b", 0}}, {wire_event("x", "a", 1), wire_event("y", "b", 1)}));
        QVERIFY(v.conflict);
        QVERIFY(v.fresh.empty());
        QCOMPARE(v.conflicts.size(), std::size_t(1));
        QCOMPARE(v.conflicts[0].stream, std::string("a"));
        QCOMPARE(v.conflicts[0].expected, 0);
        QCOMPARE(v.conflicts[0].current, 1);
        // Expecting a version the stream has not reached is a conflict too.
        auto ahead = index.judge(batch({{"a", 5}}, {wire_event("z", "a", 6)}));
        QVERIFY(ahead.conflict);
        QCOMPARE(ahead.conflicts[0].current, 1);
    }

    void anEventIdReusedElsewhereIsReused() {
        LogIndex index(path(), false);
        auto positions = accept(index, batch({{"a", 0}}, {wire_event("1", "a", 1)}));
        auto v = index.judge(batch({{"b", 0}}, {wire_event("1", "b", 1)}));
        QCOMPARE(v.reused.size(), std::size_t(1));
        QCOMPARE(v.reused[0].event_id, std::string("1"));
        QCOMPARE(v.reused[0].position, positions.at(0));
        QVERIFY(v.fresh.empty());
    }

    // A retry is the same event, byte for byte; an id sent again with
    // anything else changed is another event under a taken id.
    void anEventIdSentAgainWithOtherContentIsReusedInEveryField() {
        LogIndex index(path(), false);
        const WireEvent original = wire_event("1", "a", 1, "{\"name\":\"R1\"}");
        auto positions = accept(index, batch({{"a", 0}}, {original}));
        QCOMPARE(index.judge(batch({{"a", 0}}, {original})).positions, positions);  // the retry

        std::vector<WireEvent> changed(6, original);
        changed[0].payload = "{\"name\":\"R2\"}";
        changed[1].metadata = "{\"planner\":\"marc\"}";
        changed[2].type = "U";
        changed[3].schema_version = 2;
        changed[4].recorded_at = "2026-11-26T12:00:01.000Z";
        changed[5].version = 2;
        for (const WireEvent& e : changed) {
            auto v = index.judge(batch({{"a", e.version - 1}}, {e}));
            QCOMPARE(v.reused.size(), std::size_t(1));
            QCOMPARE(v.reused[0].position, positions.at(0));
            QVERIFY(!v.conflict);
            QVERIFY(v.fresh.empty());
        }
        // With new events beside it, still nothing of the batch is new.
        auto mixed = index.judge(batch({{"a", 1}}, {changed[0], wire_event("2", "a", 2)}));
        QCOMPARE(mixed.reused.size(), std::size_t(1));
        QVERIFY(mixed.fresh.empty());
        QCOMPARE(index.count(), 1);
    }

    void readsStopAtTheLimitAndAboutTheByteBudgetButNeverReturnNothing() {
        LogIndex index(path(), false);
        std::vector<WireEvent> events;
        for (int v = 1; v <= 5; ++v) events.push_back(wire_event(std::to_string(v), "a", v, std::string(1000, 'x')));
        accept(index, batch({{"a", 0}}, events));
        QCOMPARE(index.read(0, 2, 1 << 20).size(), std::size_t(2));
        QCOMPARE(index.read(3, 10, 1 << 20).size(), std::size_t(2));
        auto budget = index.read(0, 10, 2500);  // room for two events of about 1.2 kB
        QCOMPARE(budget.size(), std::size_t(2));
        QCOMPARE(index.read(0, 10, 1).size(), std::size_t(1));
        QCOMPARE(index.read(5, 10, 1).size(), std::size_t(0));
    }

    void theLogOutlivesItsIndexObjectUnlessFresh() {
        std::string p = path();
        {
            LogIndex index(p, false);
            accept(index, batch({{"a", 0}}, {wire_event("1", "a", 1)}));
        }
        {
            LogIndex index(p, false);
            QCOMPARE(index.head(), 1);
            QCOMPARE(index.read(0, 10, 1 << 20)[0].event_id, std::string("1"));
        }
        LogIndex rebuilt(p, true);
        QCOMPARE(rebuilt.head(), 0);
    }

    void kafkaPositionsAndOffsetAreKept() {
        LogIndex index(path(), true);
        WireEvent a = wire_event("1", "a", 1), b = wire_event("2", "a", 2);
        index.begin();
        auto used = index.store({&a, &b}, {10, 11});
        index.set_consumed_offset(12);
        index.commit();
        QCOMPARE(used, (std::vector<std::int64_t>{10, 11}));
        QCOMPARE(index.head(), 11);
        QCOMPARE(index.consumed_offset(), 12);
        QCOMPARE(index.read(10, 10, 1 << 20)[0].event_id, std::string("2"));
    }

    void rollbackStoresNothing() {
        LogIndex index(path(), false);
        WireEvent a = wire_event("1", "a", 1);
        index.begin();
        index.store({&a}, {});
        index.rollback();
        QCOMPARE(index.head(), 0);
    }

    void anotherDatabaseIsLeftAlone() {
        std::string p = path();
        sqlite3* db = nullptr;
        QCOMPARE(sqlite3_open(p.c_str(), &db), SQLITE_OK);
        QCOMPARE(sqlite3_exec(db, "CREATE TABLE invoices (id INTEGER PRIMARY KEY)", nullptr, nullptr, nullptr), SQLITE_OK);
        sqlite3_close(db);
        try {
            LogIndex index(p, false);
            QFAIL("opened a foreign database");
        } catch (const std::exception& e) {
            QVERIFY2(std::string(e.what()).find("not a rotaplan-server log") != std::string::npos, e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestLogIndex)
#include "tst_log_index.moc"
