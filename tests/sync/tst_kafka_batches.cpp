// The Kafka log's rule without brokers: which messages make a batch
// (BatchAssembler), and where in the topic's order a batch is judged
// (TopicIndexer over a real LogIndex).
#include <QTemporaryDir>
#include <QUuid>
#include <QtTest>

#include <mutex>

#include "wire_events.h"
#include "sync/server/kafka/batch_assembler.h"
#include "sync/server/kafka/batch_tag.h"
#include "sync/server/kafka/topic_indexer.h"
#include "sync/server/kafka/topic_message.h"
#include "sync/server/log_index.h"

using namespace rotaplan::sync;
using namespace rotaplan::sync::kafka;

using rotaplan::testing::wire_event;

namespace {


// Message `offset` of the topic: event `e` as part INDEX/COUNT of batch `id`.
TopicMessage message(std::int64_t offset, const std::string& id, std::size_t index, std::size_t count, const WireEvent& e) {
    return TopicMessage{offset, BatchTag{id, index, count}, e};
}

}  // namespace

class TestKafkaBatches : public QObject {
    Q_OBJECT

private slots:
    void tagsRoundTripAndOddOnesAreRefused() {
        BatchTag t{"5f0c1d2e-aaaa-bbbb-cccc-0123456789ab", 2, 3};
        auto back = parse_tag(format_tag(t));
        QVERIFY(back);
        QCOMPARE(back->id, t.id);
        QCOMPARE(back->index, std::size_t(2));
        QCOMPARE(back->count, std::size_t(3));
        QVERIFY(parse_tag("a/b/0/1"));  // the id is everything before INDEX/COUNT
        QCOMPARE(parse_tag("a/b/0/1")->id, std::string("a/b"));
        for (const char* bad : {"", "x", "x/0", "/0/1", "x/1/1", "x/0/0", "x/-1/2", "x/0/1 ", "x/a/2", "x/0/99999999"})
            QVERIFY2(!parse_tag(bad), bad);
        QVERIFY(new_batch_id() != new_batch_id());
    }

    void eventValuesReadBackByteForByte() {
        WireEvent e = wire_event("rotation-1", 4);
        e.position = 77;
        std::string value = event_value(e);
        QVERIFY(value.find("position") == std::string::npos);  // only the topic knows where it is
        auto back = parse_event_value(value);
        QVERIFY(back);
        QCOMPARE(back->payload, e.payload);
        QCOMPARE(back->metadata, e.metadata);
        QCOMPARE(back->event_id, e.event_id);
        QCOMPARE(back->position, 0);
        QVERIFY(!parse_event_value("not json"));
        QVERIFY(!parse_event_value("{\"event_id\":\"x\"}"));
        QVERIFY(!parse_event_value(value + "," + value));
    }

    void aBatchIsCompleteAtItsLastMessage() {
        BatchAssembler a;
        WireEvent a1 = wire_event("rotation-a", 3), a2 = wire_event("unassigned-x", 1), a3 = wire_event("rotation-a", 4);
        WireEvent b1 = wire_event("rotation-b", 1);
        QVERIFY(!a.add(message(10, "A", 0, 3, a1)));
        QVERIFY(!a.add(message(11, "A", 1, 3, a2)));
        QVERIFY(!a.add(TopicMessage{12, std::nullopt, std::nullopt}));  // somebody else's message
        auto b = a.add(message(13, "B", 0, 1, b1));
        QVERIFY(b);
        QCOMPARE(b->id, std::string("B"));
        QCOMPARE(b->offsets, (std::vector<std::int64_t>{13}));
        QCOMPARE(a.incomplete(), std::size_t(1));
        auto done = a.add(message(14, "A", 2, 3, a3));
        QVERIFY(done);
        QCOMPARE(done->offsets, (std::vector<std::int64_t>{10, 11, 14}));
        QCOMPARE(done->batch.events.size(), std::size_t(3));
        QCOMPARE(done->batch.events[2].event_id, a3.event_id);
        // `expected` comes back from each stream's first version.
        QCOMPARE(done->batch.expected, (std::map<std::string, std::int64_t>{{"rotation-a", 2}, {"unassigned-x", 0}}));
        QCOMPARE(a.incomplete(), std::size_t(0));
        QCOMPARE(a.skipped(), 0);
    }

    void incompleteOrIllMadeBatchesNeverComplete() {
        BatchAssembler a;
        std::int64_t at = 0;
        // A producer that died after its first message: never complete, nothing else disturbed.
        QVERIFY(!a.add(message(at++, "died", 0, 2, wire_event("s", 1))));
        // The last message without the first.
        QVERIFY(!a.add(message(at++, "gap", 1, 2, wire_event("s", 2))));
        // A message twice.
        WireEvent t = wire_event("t", 1);
        QVERIFY(!a.add(message(at++, "twice", 0, 2, t)));
        QVERIFY(!a.add(message(at++, "twice", 0, 2, t)));
        QVERIFY(!a.add(message(at++, "twice", 1, 2, wire_event("t", 2))));
        // COUNT changes midway.
        QVERIFY(!a.add(message(at++, "count", 0, 3, wire_event("u", 1))));
        QVERIFY(!a.add(message(at++, "count", 1, 2, wire_event("u", 2))));
        // A message of the batch that is not an event.
        QVERIFY(!a.add(TopicMessage{at++, BatchTag{"junk", 0, 2}, std::nullopt}));
        QVERIFY(!a.add(message(at++, "junk", 1, 2, wire_event("v", 2))));
        // Versions that do not follow each other.
        QVERIFY(!a.add(message(at++, "holes", 0, 2, wire_event("w", 1))));
        QVERIFY(!a.add(message(at++, "holes", 1, 2, wire_event("w", 3))));
        QCOMPARE(a.skipped(), 5);
        QCOMPARE(a.incomplete(), std::size_t(1));  // "died", still waiting
        QVERIFY(a.add(message(at++, "fine", 0, 1, wire_event("x", 1))));
    }

    void aBatchSpreadWiderThanTheWindowIsRefusedEverywhere() {
        BatchAssembler a(100);
        QVERIFY(!a.add(message(0, "slow", 0, 2, wire_event("s", 1))));
        QVERIFY(!a.add(message(5, "quick", 0, 2, wire_event("q", 1))));
        QVERIFY(a.add(message(99, "quick", 1, 2, wire_event("q", 2))));  // 94 apart: fine
        QVERIFY(!a.add(message(100, "slow", 1, 2, wire_event("s", 2))));  // 100 apart: refused
        // Forgotten memory or not, the answer is the same: a late tail starts nothing.
        BatchAssembler b(100);
        QVERIFY(!b.add(message(0, "slow", 0, 2, wire_event("s", 1))));
        for (std::int64_t o = 1; o < 300; ++o) b.add(TopicMessage{o, std::nullopt, std::nullopt});
        QCOMPARE(b.incomplete(), std::size_t(0));
        QVERIFY(!b.add(message(300, "slow", 1, 2, wire_event("s", 2))));
    }

    // A batch stored in a later round than one that started after it still
    // gets later positions: a reader that pulled between the rounds misses nothing.
    void positionsFollowTheOrderBatchesAreStored() {
        QTemporaryDir dir;
        LogIndex index(dir.filePath("index.sqlite").toStdString(), true);
        std::mutex lock;
        TopicIndexer indexer(index, lock);
        WireEvent a1 = wire_event("rotation-a", 1), a2 = wire_event("rotation-a", 2), b1 = wire_event("rotation-b", 1);
        Round r = indexer.apply({message(17, "A", 0, 2, a1), message(18, "B", 0, 1, b1)});
        QCOMPARE(r.judged.size(), std::size_t(1));
        auto seen = index.read(0, 10, 1 << 20);
        QCOMPARE(seen.size(), std::size_t(1));
        std::int64_t next = seen.back().position;
        r = indexer.apply({message(19, "A", 1, 2, a2)});
        QCOMPARE(r.judged.size(), std::size_t(1));
        auto after = index.read(next, 10, 1 << 20);
        QCOMPARE(after.size(), std::size_t(2));  // A's events come after B's, though A started first
        QCOMPARE(after[0].event_id, a1.event_id);
        QCOMPARE(after[1].event_id, a2.event_id);
    }

    // The place of a batch is its last message: of two batches on one stream,
    // the one that completes first wins, whichever started first.
    void batchesAreJudgedInTheOrderTheyComplete() {
        QTemporaryDir dir;
        LogIndex index(dir.filePath("index.sqlite").toStdString(), true);
        std::mutex lock;
        TopicIndexer indexer(index, lock);

        WireEvent a1 = wire_event("rotation-s", 1), a2 = wire_event("rotation-s", 2);
        WireEvent b1 = wire_event("rotation-s", 1), c1 = wire_event("rotation-c", 1);
        Round r = indexer.apply({message(0, "A", 0, 2, a1), message(1, "B", 0, 2, b1)});
        QVERIFY(r.judged.empty());
        QCOMPARE(index.count(), 0);
        r = indexer.apply({message(2, "B", 1, 2, c1), message(3, "A", 1, 2, a2)});
        QCOMPARE(r.judged.size(), std::size_t(2));
        QCOMPARE(r.judged[0].batch_id, std::string("B"));
        QVERIFY(r.judged[0].result.kind == PushResult::Kind::Accepted);
        // Numbered in the order batches become valid (B first), not by offset.
        QCOMPARE(r.judged[0].result.positions, (std::vector<std::int64_t>{1, 2}));
        QCOMPARE(r.judged[1].batch_id, std::string("A"));
        QVERIFY(r.judged[1].result.kind == PushResult::Kind::Conflict);
        QCOMPARE(r.judged[1].result.conflicts.size(), std::size_t(1));
        QCOMPARE(r.judged[1].result.conflicts[0].current, 1);
        QCOMPARE(r.head, 2);
        QCOMPARE(r.stored, 2);
        QCOMPARE(r.judged[1].result.head, 2);
        QCOMPARE(indexer.next_offset(), 4);
        QCOMPARE(index.consumed_offset(), 4);

        // A retry of B later in the topic: duplicates keep their positions, nothing stored again.
        r = indexer.apply({message(7, "B2", 0, 2, b1), message(8, "B2", 1, 2, c1)});
        QVERIFY(r.judged.at(0).result.kind == PushResult::Kind::Accepted);
        QCOMPARE(r.judged[0].result.positions, (std::vector<std::int64_t>{1, 2}));
        QCOMPARE(r.stored, 2);
        QCOMPARE(indexer.next_offset(), 9);
        auto events = index.read(0, 10, 1 << 20);
        QCOMPARE(events.size(), std::size_t(2));
        QCOMPARE(events[0].event_id, b1.event_id);
        QCOMPARE(events[0].position, 1);
        QCOMPARE(events[1].event_id, c1.event_id);
        QCOMPARE(events[1].position, 2);
    }
};

QTEST_GUILESS_MAIN(TestKafkaBatches)
#include "tst_kafka_batches.moc"
