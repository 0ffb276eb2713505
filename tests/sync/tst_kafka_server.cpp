// rotaplan-server --kafka from the outside: real server processes on one
// topic of librdkafka's mock brokers (hosted in this test process), real HTTP.
#include <QUuid>
#include <QtTest>

#include <algorithm>
#include <memory>

#include "wire_events.h"
#include "http_calls.h"
#include "kafka_mock.h"
#include "server_process.h"
#include "sync/protocol/wire.h"

using namespace rotaplan::sync;
using namespace rotaplan::testing;

namespace {

const std::string kR1 = test_rotation("1"), kR9 = test_rotation("9");

QByteArray push_of(std::map<std::string, std::int64_t> expected, std::vector<WireEvent> events) {
    return QByteArray::fromStdString(push_body(PushBatch{std::move(expected), std::move(events)}));
}

}  // namespace

class TestKafkaServer : public QObject {
    Q_OBJECT
    std::unique_ptr<MockKafka> kafka_;
    HttpCalls http_;

    ServerProcessOptions on_topic(const std::string& topic) {
        ServerProcessOptions o;
        o.extra_args = {"--kafka", QString::fromStdString(kafka_->bootstraps()), "--topic", QString::fromStdString(topic)};
        return o;
    }
    HttpResult pull(ServerProcess& server, std::int64_t after = 0) {
        return http_.get(server.url(QString("/v1/events?after=%1").arg(after)), kAnnaToken);
    }

private slots:
    void initTestCase() { kafka_ = std::make_unique<MockKafka>(1); }
    void cleanupTestCase() { kafka_.reset(); }

    // On the Kafka log too: a bad event is refused before anything is
    // produced, and an id sent again with other content is a 409 naming it.
    void badEventsAndReusedIdsAreRefusedOnTheKafkaLog() {
        kafka_->create_topic("guarded", 1);
        ServerProcess server(on_topic("guarded"));
        QVERIFY2(server.start(), qPrintable(server.error()));
        auto url = server.url("/v1/events");
        WireEvent bad = wire_event(kR1, 1);
        bad.type = "NukeEverything";
        auto refused = http_.post(url, push_of({{kR1, 0}}, {bad}), kAnnaToken);
        QCOMPARE(refused.status, 400);
        QCOMPARE(refused.json()["rejected"][0]["field"].get<std::string>(), std::string("type"));
        QCOMPARE(kafka_->end_offset("guarded"), 0);

        WireEvent original = wire_event(kR1, 1);
        auto first = http_.post(url, push_of({{kR1, 0}}, {original}), kAnnaToken);
        QCOMPARE(first.status, 200);
        WireEvent changed = original;
        changed.payload = "{\"rotation\":\"" + kR1.substr(9) + "\",\"name\":\"Other\"}";
        auto reused = http_.post(url, push_of({{kR1, 0}}, {changed}), kAnnaToken);
        QCOMPARE(reused.status, 409);
        QCOMPARE(reused.json()["reused"][0]["event_id"].get<std::string>(), original.event_id);
        QCOMPARE(reused.json()["reused"][0]["position"].get<std::int64_t>(), std::int64_t(1));
        QCOMPARE(pull(server).json()["events"].size(), std::size_t(1));
    }

    void twoServersShareOneTopic() {
        kafka_->create_topic("shared", 1);
        ServerProcess a(on_topic("shared")), b(on_topic("shared"));
        QVERIFY2(a.start(), qPrintable(a.error()));
        QVERIFY2(b.start(), qPrintable(b.error()));
        auto session = http_.get(a.url("/v1/session"), kAnnaToken).json();
        QCOMPARE(session.value("log", ""), std::string("kafka"));
        QCOMPARE(session.value("head", -1), 0);
        QCOMPARE(http_.get(a.url("/healthz")).status, 200);

        // A pull waiting on B is answered by a push through A.
        QNetworkReply* waiting = http_.send("GET", b.url("/v1/events?after=0&wait=20"), kAnnaToken);
        QTest::qWait(300);
        QVERIFY(!waiting->isFinished());
        auto pushed = http_.post(a.url("/v1/events"),
                                 push_of({{kR1, 0}}, {wire_event(kR1, 1), wire_event(kR1, 2)}),
                                 kAnnaToken);
        QCOMPARE(pushed.status, 200);
        QCOMPARE(pushed.json()["accepted"][0]["position"].get<std::int64_t>(), std::int64_t(1));
        QCOMPARE(pushed.json()["accepted"][1]["position"].get<std::int64_t>(), std::int64_t(2));
        QCOMPARE(pushed.json()["head"].get<std::int64_t>(), std::int64_t(2));
        auto woken = HttpCalls::wait(waiting, 5000);
        QCOMPARE(woken.status, 200);
        QCOMPARE(woken.json()["events"].size(), std::size_t(2));
        QCOMPARE(woken.json()["events"][1]["position"].get<std::int64_t>(), std::int64_t(2));

        // The same stream pushed through both at once: one 200, one 409.
        for (int round = 0; round < 3; ++round) {
            std::int64_t at = 2 + round;
            const QByteArray one = push_of({{kR1, at}}, {wire_event(kR1, at + 1)});
            const QByteArray other = push_of({{kR1, at}}, {wire_event(kR1, at + 1)});
            QNetworkReply* via_a = http_.send("POST", a.url("/v1/events"), kAnnaToken, one);
            QNetworkReply* via_b = http_.send("POST", b.url("/v1/events"), kAnnaToken, other);
            auto ra = HttpCalls::wait(via_a), rb = HttpCalls::wait(via_b);
            QList<int> statuses{ra.status, rb.status};
            std::sort(statuses.begin(), statuses.end());
            QCOMPARE(statuses, (QList<int>{200, 409}));
            const auto& lost = ra.status == 409 ? ra : rb;
            QCOMPARE(lost.json()["conflicts"][0]["current"].get<std::int64_t>(), std::int64_t(at + 1));
        }
        auto in_a = pull(a), in_b = pull(b);
        QCOMPARE(in_a.status, 200);
        QCOMPARE(in_a.json()["events"].size(), std::size_t(5));
        QCOMPARE(in_b.body, in_a.body);

        // SIGKILL and start again: the index is rebuilt from the topic, the same.
        a.kill();
        QVERIFY2(a.start(), qPrintable(a.error()));
        QCOMPARE(pull(a).body, in_a.body);
    }

    void brokersDownMakeTheServerUnhealthyUntilTheyAreBack() {
        kafka_->create_topic("fragile", 1);
        ServerProcess server(on_topic("fragile"));
        QVERIFY2(server.start(), qPrintable(server.error()));
        QCOMPARE(http_.post(server.url("/v1/events"), push_of({{kR9, 0}}, {wire_event(kR9, 1)}), kAnnaToken)
                     .status,
                 200);

        kafka_->set_down();
        QTRY_COMPARE_WITH_TIMEOUT(http_.get(server.url("/healthz")).status, 503, 5000);
        const QByteArray refused = push_of({{kR9, 1}}, {wire_event(kR9, 2)});
        QElapsedTimer clock;
        clock.start();
        auto r = http_.post(server.url("/v1/events"), refused, kAnnaToken);  // the default produce timeout: 10 s
        QCOMPARE(r.status, 503);
        QVERIFY2(r.json()["error"].get<std::string>().find("Kafka") != std::string::npos, r.body.constData());
        QVERIFY2(clock.elapsed() < 12000, qPrintable(QString("answered after %1 ms").arg(clock.elapsed())));
        QCOMPARE(pull(server).json()["events"].size(), std::size_t(1));  // pulls still served

        kafka_->set_up();
        QTRY_COMPARE_WITH_TIMEOUT(http_.get(server.url("/healthz")).status, 200, 10000);
        auto again = http_.post(server.url("/v1/events"), refused, kAnnaToken);
        QCOMPARE(again.status, 200);
        QCOMPARE(pull(server).json()["events"].size(), std::size_t(2));
    }

    void refusesATopicWithSeveralPartitions() {
        kafka_->create_topic("wide", 4);
        QTemporaryDir dir;
        QFile tokens(dir.filePath("tokens"));
        QVERIFY(tokens.open(QIODevice::WriteOnly));
        tokens.write(QByteArray(kAnnaToken) + " anna Anna\n");
        tokens.close();
        auto exit = run_server_to_end({"--listen", "127.0.0.1:0", "--data", dir.filePath("data"), "--tokens",
                                       tokens.fileName(), "--kafka", QString::fromStdString(kafka_->bootstraps()),
                                       "--topic", "wide"});
        QCOMPARE(exit.code, 1);
        QVERIFY2(exit.err.contains("has 4 partitions"), qPrintable(exit.err));
    }
};

QTEST_GUILESS_MAIN(TestKafkaServer)
#include "tst_kafka_server.moc"
