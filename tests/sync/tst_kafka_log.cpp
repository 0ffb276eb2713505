// KafkaLog in this process against librdkafka's mock brokers (kafka_mock.h):
// what a push gets, what the index holds, and that every server sharing the
// topic holds the same.
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QUuid>
#include <QtTest>

#include <functional>
#include <memory>
#include <optional>

#include "wire_events.h"
#include "kafka_mock.h"
#include "sync/protocol/wire.h"
#include "sync/server/kafka_log.h"

using namespace rotaplan::sync;
using namespace rotaplan::testing;
using Kind = PushResult::Kind;

namespace {

constexpr std::size_t kAll = 1u << 30;


PushBatch batch(std::map<std::string, std::int64_t> expected, std::vector<WireEvent> events) {
    return PushBatch{std::move(expected), std::move(events)};
}

// One event as a line: everything but the position, then the position.
QString line(const WireEvent& e) {
    return QString::fromStdString(e.event_id + "|" + e.stream + "|" + std::to_string(e.version) + "|" + e.type + "|" +
                                  std::to_string(e.schema_version) + "|" + e.payload + "|" + e.metadata + "|" +
                                  e.recorded_at + "@" + std::to_string(e.position));
}
QStringList dump(SharedLog& log) {
    QStringList out;
    for (const WireEvent& e : log.read(0, 1'000'000, kAll)) out << line(e);
    return out;
}

bool wait_for(const std::function<bool()>& ready, int timeout_ms) {
    QElapsedTimer clock;
    clock.start();
    while (!ready()) {
        if (clock.elapsed() > timeout_ms) return false;
        QTest::qWait(5);
    }
    return true;
}

// A push whose answer comes later, on this thread's event loop.
struct Push {
    std::shared_ptr<std::optional<PushResult>> result = std::make_shared<std::optional<PushResult>>();
    QElapsedTimer clock;
    bool answered() const { return result->has_value(); }
    const PushResult& get() const { return **result; }
};

Push start_push(SharedLog& log, PushBatch b) {
    Push p;
    p.clock.start();
    log.append(std::move(b), [r = p.result](PushResult answer) {
        if (r->has_value()) qFatal("a push was answered twice");
        *r = std::move(answer);
    });
    return p;
}

PushResult push(SharedLog& log, PushBatch b, int timeout_ms = 15000) {
    Push p = start_push(log, std::move(b));
    if (!wait_for([&] { return p.answered(); }, timeout_ms)) {
        PushResult none;
        none.error = "no answer within " + std::to_string(timeout_ms) + " ms";
        return none;
    }
    return p.get();
}

const char* kind_name(Kind k) {
    switch (k) {
        case Kind::Accepted: return "Accepted";
        case Kind::Conflict: return "Conflict";
        case Kind::Unavailable: return "Unavailable";
        case Kind::Invalid: return "Invalid";
        case Kind::Reused: return "Reused";
    }
    return "?";
}
// Evaluates `result` once (it may be a push).
#define QCOMPARE_KIND(result, expected)                                                                          \
    do {                                                                                                         \
        const PushResult& got_ = (result);                                                                       \
        QVERIFY2(got_.kind == (expected), qPrintable(QString("got %1 (%2), expected %3")                         \
                                                         .arg(kind_name(got_.kind))                             \
                                                         .arg(QString::fromStdString(got_.error))              \
                                                         .arg(kind_name(expected))));                           \
    } while (false)

using Positions = std::vector<std::int64_t>;

}  // namespace

// One mock cluster of three brokers for the whole suite (starting and stopping
// one costs a second), a fresh one-partition topic for each test.
class TestKafkaLog : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::unique_ptr<MockKafka> kafka_;
    int logs_ = 0, topics_ = 0;

    std::string new_topic() {
        std::string name = "plan-" + std::to_string(++topics_);
        kafka_->create_topic(name, 1);
        return name;
    }

    KafkaSettings settings(const std::string& topic, const QString& index = {}) {
        QString name = index.isEmpty() ? QString("index-%1.sqlite").arg(++logs_) : index;
        KafkaSettings s;
        s.brokers = kafka_->bootstraps();
        s.topic = topic;
        s.index_path = dir_.filePath(name).toStdString();
        s.produce_timeout_ms = 3000;
        s.start_timeout_ms = 5000;
        return s;
    }

private slots:
    void initTestCase() { kafka_ = std::make_unique<MockKafka>(3); }
    void cleanupTestCase() { kafka_.reset(); }

    void pushIsAcceptedAtOffsetPlusOneAndReadBack() {
        MockKafka& kafka = *kafka_;
        const std::string plan = new_topic();
        auto log = make_kafka_log(settings(plan));
        QCOMPARE(log->kind(), "kafka");
        QCOMPARE(log->head(), 0);
        QVERIFY(log->writable());
        QSignalSpy appended(log.get(), &SharedLog::appended);

        // Three messages (offsets 0, 1, 2); the third carries 1.5 MB of payload.
        std::string big = "{\"blob\":\"" + std::string(1'500'000, 'x') + "\\u00e9\"}";
        std::vector<WireEvent> events{wire_event("rotation-a", 1), wire_event("rotation-a", 2),
                                      wire_event("unassigned-2026-04-01", 1, "anna", big)};
        PushResult r = push(*log, batch({{"rotation-a", 0}, {"unassigned-2026-04-01", 0}}, events));
        QCOMPARE_KIND(r, Kind::Accepted);
        QCOMPARE(r.positions, (Positions{1, 2, 3}));
        QCOMPARE(r.head, 3);
        QCOMPARE(log->head(), 3);
        QCOMPARE(log->events_stored(), 3);
        QCOMPARE(kafka.end_offset(plan), 3);
        QVERIFY(wait_for([&] { return !appended.isEmpty(); }, 2000));
        QCOMPARE(appended.last().at(0).toLongLong(), 3);

        auto back = log->read(0, 100, kAll);
        QCOMPARE(back.size(), std::size_t(3));
        for (std::size_t i = 0; i < 3; ++i) {
            events[i].position = std::int64_t(i) + 1;
            QCOMPARE(line(back[i]), line(events[i]));  // the same bytes, at offset + 1
        }
        QCOMPARE(log->read(2, 100, kAll).size(), std::size_t(1));

        PushResult next = push(*log, batch({{"rotation-a", 2}}, {wire_event("rotation-a", 3)}));
        QCOMPARE_KIND(next, Kind::Accepted);
        QCOMPARE(next.positions, (Positions{4}));
        QCOMPARE(log->head(), 4);
    }

    void retriesKeepTheirPositions() {
        MockKafka& kafka = *kafka_;
        const std::string plan = new_topic();
        auto log = make_kafka_log(settings(plan));
        PushBatch b = batch({{"rotation-r", 0}}, {wire_event("rotation-r", 1), wire_event("rotation-r", 2)});
        PushResult first = push(*log, b);
        QCOMPARE_KIND(first, Kind::Accepted);
        QCOMPARE(first.positions, (Positions{1, 2}));

        // A retry after the answer: every event is a duplicate, nothing is produced.
        PushResult again = push(*log, b);
        QCOMPARE_KIND(again, Kind::Accepted);
        QCOMPARE(again.positions, first.positions);
        QCOMPARE(kafka.end_offset(plan), 2);

        // A retry racing the first attempt: both reach the topic, the second is
        // read back as duplicates of the first and answered its positions.
        PushBatch c = batch({{"rotation-r", 2}}, {wire_event("rotation-r", 3)});
        Push one = start_push(*log, c), two = start_push(*log, c);
        QVERIFY(wait_for([&] { return one.answered() && two.answered(); }, 15000));
        QCOMPARE_KIND(one.get(), Kind::Accepted);
        QCOMPARE_KIND(two.get(), Kind::Accepted);
        QCOMPARE(one.get().positions, (Positions{3}));
        QCOMPARE(two.get().positions, (Positions{3}));
        QCOMPARE(kafka.end_offset(plan), 4);

        // A retry that carries one more event: the old one keeps its place.
        PushBatch d = batch({{"rotation-r", 2}}, {c.events[0], wire_event("rotation-r", 4)});
        PushResult more = push(*log, d);
        QCOMPARE_KIND(more, Kind::Accepted);
        QCOMPARE(more.positions, (Positions{3, 4}));  // the repeated event, then the next position
        QCOMPARE(log->events_stored(), 4);
        QCOMPARE(dump(*log).size(), 4);
    }

    void conflictsAndBadBatchesAreRefused() {
        MockKafka& kafka = *kafka_;
        const std::string plan = new_topic();
        auto log = make_kafka_log(settings(plan));
        QCOMPARE_KIND(push(*log, batch({{"rotation-c", 0}}, {wire_event("rotation-c", 1)})), Kind::Accepted);

        PushResult late = push(*log, batch({{"rotation-c", 0}}, {wire_event("rotation-c", 1)}));
        QCOMPARE_KIND(late, Kind::Conflict);
        QCOMPARE(late.conflicts.size(), std::size_t(1));
        QCOMPARE(late.conflicts[0].stream, std::string("rotation-c"));
        QCOMPARE(late.conflicts[0].expected, 0);
        QCOMPARE(late.conflicts[0].current, 1);
        QCOMPARE(late.head, 1);
        QCOMPARE(kafka.end_offset(plan), 1);  // judged from the index, nothing produced

        // Versions that do not follow `expected`; an event id reused for another version.
        QCOMPARE_KIND(push(*log, batch({{"rotation-c", 1}}, {wire_event("rotation-c", 3)})), Kind::Invalid);
        WireEvent reused = log->read(0, 1, kAll).at(0);
        reused.version = 2;
        reused.position = 0;
        PushResult refused = push(*log, batch({{"rotation-c", 1}}, {reused}));
        QCOMPARE_KIND(refused, Kind::Reused);
        QCOMPARE(refused.reused.size(), std::size_t(1));
        QCOMPARE(refused.reused[0].position, 1);
        // An event too large for one message.
        std::string huge = "\"" + std::string(17u << 20, 'y') + "\"";
        QCOMPARE_KIND(push(*log, batch({{"rotation-c", 1}}, {wire_event("rotation-c", 2, "anna", huge)})), Kind::Invalid);
        QCOMPARE(kafka.end_offset(plan), 1);
        QCOMPARE(log->events_stored(), 1);
    }

    // Two pushes in flight with one event id for two different events: the
    // index has neither yet, so both are produced, and the topic's order
    // decides: the first is stored, the second refused as reusing the id,
    // the same on a server that rebuilds its index from the topic.
    void anEventIdReusedInFlightIsRefusedInTopicOrder() {
        const std::string plan = new_topic();
        auto log = make_kafka_log(settings(plan));
        WireEvent first = wire_event("rotation-r1", 1);
        WireEvent second = wire_event("rotation-r2", 1);
        second.event_id = first.event_id;
        Push a = start_push(*log, batch({{"rotation-r1", 0}}, {first}));
        Push b = start_push(*log, batch({{"rotation-r2", 0}}, {second}));
        QVERIFY(wait_for([&] { return a.answered() && b.answered(); }, 15000));
        QCOMPARE_KIND(a.get(), Kind::Accepted);
        QCOMPARE_KIND(b.get(), Kind::Reused);
        QCOMPARE(b.get().reused.size(), std::size_t(1));
        QCOMPARE(b.get().reused[0].event_id, first.event_id);
        QCOMPARE(b.get().reused[0].position, a.get().positions.at(0));
        QCOMPARE(log->events_stored(), 1);
        auto rebuilt = make_kafka_log(settings(plan));
        QCOMPARE(dump(*rebuilt), dump(*log));
    }

    // The client saw a version through another server that this one has not
    // read yet: that is no conflict, the topic's order decides.
    void aLaggingIndexDoesNotRefuseWhatTheTopicAllows() {
        MockKafka& kafka = *kafka_;
        const std::string plan = new_topic();
        auto log = make_kafka_log(settings(plan));
        for (std::int64_t round = 0; round < 5; ++round) {
            std::string elsewhere;
            append_event_json(elsewhere, wire_event("rotation-l", 2 * round + 1));
            QVERIFY(kafka.produce_raw(plan, "other-" + std::to_string(round) + "/0/1", elsewhere));
            PushResult r = push(*log, batch({{"rotation-l", 2 * round + 1}}, {wire_event("rotation-l", 2 * round + 2)}));
            QCOMPARE_KIND(r, Kind::Accepted);
            QCOMPARE(r.positions, (Positions{2 * round + 2}));
        }
        QCOMPARE(log->events_stored(), 10);
    }

    // Two servers on one topic, each pushed a batch on the same stream at the
    // same moment: both batches reach the topic, both servers judge them in
    // topic order, exactly one is accepted, and both indexes agree.
    void twoServersAcceptExactlyOneOfTwoConflictingPushes() {
        MockKafka& kafka = *kafka_;
        const std::string plan = new_topic();
        auto a = make_kafka_log(settings(plan));
        auto b = make_kafka_log(settings(plan));
        QSignalSpy b_woken(b.get(), &SharedLog::appended);

        std::int64_t shared = 0, only_a = 0, only_b = 0, messages = 0;
        int a_won = 0, b_won = 0;
        constexpr int kRounds = 12;
        for (int round = 0; round < kRounds; ++round) {
            PushBatch from_a = batch({{"rotation-shared", shared}, {"rotation-a", only_a}},
                                     {wire_event("rotation-a", only_a + 1), wire_event("rotation-shared", shared + 1)});
            PushBatch from_b = batch({{"rotation-b", only_b}, {"rotation-shared", shared}},
                                     {wire_event("rotation-b", only_b + 1), wire_event("rotation-shared", shared + 1),
                                      wire_event("rotation-shared", shared + 2)});
            Push pa, pb;
            if (round % 2) {
                pb = start_push(*b, from_b);
                pa = start_push(*a, from_a);
            } else {
                pa = start_push(*a, from_a);
                pb = start_push(*b, from_b);
            }
            QVERIFY(wait_for([&] { return pa.answered() && pb.answered(); }, 15000));
            messages += 5;
            const PushResult &ra = pa.get(), &rb = pb.get();
            QVERIFY2((ra.kind == Kind::Accepted) != (rb.kind == Kind::Accepted),
                     qPrintable(QString("round %1: %2 and %3").arg(round).arg(kind_name(ra.kind), kind_name(rb.kind))));
            const PushResult& lost = ra.kind == Kind::Accepted ? rb : ra;
            QCOMPARE_KIND(lost, Kind::Conflict);
            QCOMPARE(lost.conflicts.size(), std::size_t(1));  // only the shared stream
            QCOMPARE(lost.conflicts[0].stream, std::string("rotation-shared"));
            QCOMPARE(lost.conflicts[0].expected, shared);
            if (ra.kind == Kind::Accepted) {
                ++a_won, ++only_a, shared += 1;
                QCOMPARE(lost.conflicts[0].current, shared);
            } else {
                ++b_won, ++only_b, shared += 2;
                QCOMPARE(lost.conflicts[0].current, shared);
            }
        }
        qInfo("A won %d rounds, B won %d", a_won, b_won);
        // Both batches of every round are in the topic: the loser was refused
        // by reading the topic in order, not by a quick look at the index.
        QCOMPARE(kafka.end_offset(plan), messages);
        QVERIFY(wait_for([&] { return a->head() == b->head(); }, 5000));
        QStringList in_a = dump(*a), in_b = dump(*b);
        QCOMPARE(in_a, in_b);
        QCOMPARE(in_a.size(), int(shared + only_a + only_b));
        QCOMPARE(a->events_stored(), b->events_stored());
        QVERIFY(!b_woken.isEmpty());  // A's accepted pushes woke B's long-polls too
        QCOMPARE(b_woken.last().at(0).toLongLong(), b->head());
    }

    // What a producer that died midway, or anybody else, leaves in the topic
    // is skipped; the same way at every start.
    void incompleteBatchesAreSkippedAndTheIndexIsRebuiltAlike() {
        MockKafka& kafka = *kafka_;
        const std::string plan = new_topic();
        auto valid = [](const std::string& stream, std::int64_t version) {
            std::string v;
            append_event_json(v, wire_event(stream, version));
            return v;
        };
        QVERIFY(kafka.produce_raw(plan, "died/0/3", valid("rotation-x", 1)));    // 0: never completed
        QVERIFY(kafka.produce_raw(plan, "died/1/3", valid("rotation-x", 2)));    // 1
        QVERIFY(kafka.produce_raw(plan, std::nullopt, "not ours"));              // 2: no header
        QVERIFY(kafka.produce_raw(plan, "gap/1/2", valid("rotation-y", 2)));     // 3: its 0 never came
        QVERIFY(kafka.produce_raw(plan, "twice/0/2", valid("rotation-z", 1)));   // 4
        QVERIFY(kafka.produce_raw(plan, "twice/0/2", valid("rotation-z", 1)));   // 5: repeated
        QVERIFY(kafka.produce_raw(plan, "twice/1/2", valid("rotation-z", 2)));   // 6
        QVERIFY(kafka.produce_raw(plan, "junk/0/1", "{\"event_id\":1}"));        // 7: not an event
        QVERIFY(kafka.produce_raw(plan, "fine/0/1", valid("rotation-x", 1)));    // 8: complete
        QVERIFY(kafka.produce_raw(plan, "conflict/0/1", valid("rotation-x", 1)));  // 9: x is at 1 already

        auto a = make_kafka_log(settings(plan, "rebuilt.sqlite"));
        QCOMPARE(a->events_stored(), 1);
        QCOMPARE(a->head(), 1);  // "fine" is the only valid batch: position 1
        PushResult r = push(*a, batch({{"rotation-x", 1}}, {wire_event("rotation-x", 2)}));
        QCOMPARE_KIND(r, Kind::Accepted);
        QCOMPARE(r.positions, (Positions{2}));
        QVERIFY(kafka.produce_raw(plan, "died/2/3", valid("rotation-x", 3)));  // 11: far too late, and a conflict
        QCOMPARE_KIND(push(*a, batch({{"rotation-x", 2}}, {wire_event("rotation-x", 3)})), Kind::Accepted);
        const QStringList before = dump(*a);
        QCOMPARE(before.size(), 3);
        const auto head = a->head(), stored = a->events_stored();

        // A restart wipes the index and reads the topic again: the same events at the same positions.
        a.reset();
        a = make_kafka_log(settings(plan, "rebuilt.sqlite"));
        QCOMPARE(dump(*a), before);
        QCOMPARE(a->head(), head);
        QCOMPARE(a->events_stored(), stored);
        // And so does a server that never saw any of it live.
        auto other = make_kafka_log(settings(plan));
        QCOMPARE(dump(*other), before);
    }

    void brokersDownAnswersUnavailableAndNothingIsHalfStored() {
        MockKafka& kafka = *kafka_;
        const std::string plan = new_topic();
        KafkaSettings s = settings(plan);
        auto log = make_kafka_log(s);
        PushResult first = push(*log, batch({{"rotation-d", 0}}, {wire_event("rotation-d", 1), wire_event("rotation-d", 2)}));
        QCOMPARE_KIND(first, Kind::Accepted);
        const QStringList acknowledged = dump(*log);

        kafka.set_down();
        QVERIFY2(wait_for([&] { return !log->writable(); }, 5000), "writable() while every broker is down");
        PushBatch during = batch({{"rotation-d", 2}, {"rotation-e", 0}},
                                 {wire_event("rotation-d", 3), wire_event("rotation-e", 1), wire_event("rotation-d", 4)});
        Push p = start_push(*log, during);
        QVERIFY(wait_for([&] { return p.answered(); }, s.produce_timeout_ms + 5000));
        const auto waited = p.clock.elapsed();
        QCOMPARE_KIND(p.get(), Kind::Unavailable);
        QVERIFY2(QString::fromStdString(p.get().error).contains("did not acknowledge"), p.get().error.c_str());
        QVERIFY2(waited <= s.produce_timeout_ms + 1000, qPrintable(QString("answered after %1 ms").arg(waited)));
        QCOMPARE(dump(*log), acknowledged);
        QVERIFY(!log->writable());

        kafka.set_up();
        QVERIFY2(wait_for([&] { return log->writable(); }, 10000), "not writable again after the brokers came back");
        PushResult retried = push(*log, during);
        QCOMPARE_KIND(retried, Kind::Accepted);
        QCOMPARE(retried.positions.size(), std::size_t(3));
        PushResult after = push(*log, batch({{"rotation-e", 1}}, {wire_event("rotation-e", 2)}));
        QCOMPARE_KIND(after, Kind::Accepted);

        // The acknowledged events are still there as they were; the refused push is in once, whole.
        QStringList now = dump(*log);
        QCOMPARE(now.size(), 6);
        QCOMPARE(now.mid(0, 2), acknowledged);
        for (std::size_t i = 0; i < 3; ++i) {
            WireEvent e = during.events[i];
            e.position = retried.positions[i];
            QVERIFY(now.contains(line(e)));
        }
        // A server starting now sees exactly that.
        auto fresh = make_kafka_log(settings(plan));
        QCOMPARE(dump(*fresh), now);
    }

    void refusesATopicWithMoreThanOnePartition() {
        kafka_->create_topic("wide", 3);
        try {
            make_kafka_log(settings("wide"));
            QFAIL("a topic with three partitions was taken");
        } catch (const std::runtime_error& e) {
            QVERIFY2(QString(e.what()).contains("has 3 partitions"), e.what());
        }
    }

    void unreachableBrokersFailTheStartInBoundedTime() {
        KafkaSettings s;
        s.brokers = "127.0.0.1:1";  // nobody listens there
        s.topic = "plan";
        s.index_path = dir_.filePath("unreachable.sqlite").toStdString();
        s.start_timeout_ms = 2000;
        QElapsedTimer clock;
        clock.start();
        try {
            make_kafka_log(s);
            QFAIL("started without brokers");
        } catch (const std::runtime_error& e) {
            QVERIFY2(QString(e.what()).contains("127.0.0.1:1") && QString(e.what()).contains("did not answer"), e.what());
        }
        QVERIFY2(clock.elapsed() < 6000, qPrintable(QString("gave up after %1 ms").arg(clock.elapsed())));
    }
};

QTEST_GUILESS_MAIN(TestKafkaLog)
#include "tst_kafka_log.moc"
