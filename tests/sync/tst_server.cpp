// rotaplan-server from the outside: the real binary on 127.0.0.1, real HTTP,
// every answer of docs/sync-protocol.md that a desktop relies on.
#include <QFile>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QUuid>
#include <QtTest>

#include <functional>

#include "wire_events.h"
#include "http_calls.h"
#include "server_process.h"
#include "sync/protocol/wire.h"

using namespace rotaplan::sync;
using namespace rotaplan::testing;

namespace {

const std::string kX = test_rotation("x"), kY = test_rotation("y");

// Version `version` of `stream`, decided by `planner`; payloads keep odd bytes to prove nobody re-serialises them.

PushBatch batch(std::map<std::string, std::int64_t> expected, std::vector<WireEvent> events) {
    return PushBatch{std::move(expected), std::move(events)};
}

QByteArray body(const PushBatch& b) { return QByteArray::fromStdString(push_body(b)); }


}  // namespace

class TestServer : public QObject {
    Q_OBJECT
    HttpCalls http_;

    PullAnswer pull(ServerProcess& server, std::int64_t after = 0, const QString& more = {}) {
        auto r = http_.get(server.url(QString("/v1/events?after=%1%2").arg(after).arg(more)), kAnnaToken);
        if (r.status != 200) qWarning("pull answered %d: %s", r.status, r.body.constData());
        return r.status == 200 ? parse_pull(r.text()) : PullAnswer{};
    }

private slots:
    void listensAndIsHealthy() {
        ServerProcess server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        QVERIFY(server.port() != 0);
        auto r = http_.get(server.url("/healthz"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body.trimmed(), QByteArray("ok"));
    }

    void refusesRequestsWithoutAValidToken() {
        ServerProcess server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        QCOMPARE(http_.get(server.url("/v1/session")).status, 401);
        QCOMPARE(http_.get(server.url("/v1/session"), "not-a-token-of-this-server").status, 401);
        QCOMPARE(http_.get(server.url("/v1/events?after=0")).status, 401);
        auto push = http_.post(server.url("/v1/events"), body(batch({{kX, 0}}, {wire_event(kX, 1)})));
        QCOMPARE(push.status, 401);
        QVERIFY(push.json().contains("error"));
        QCOMPARE(pull(server).head, 0);
    }

    void sessionNamesTheTokensPlanner() {
        ServerProcess server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        auto r = http_.get(server.url("/v1/session"), kMarcToken);
        QCOMPARE(r.status, 200);
        auto j = r.json();
        QCOMPARE(j.value("planner", ""), std::string("marc"));
        QCOMPARE(j.value("protocol", 0), kProtocolVersion);
        QCOMPARE(j.value("log", ""), std::string("sqlite"));
        QCOMPARE(j.value("head", -1), 0);
    }

    // A scenario's event travels only from a client that says it speaks the
    // protocol that brought scenarios; one that does not say is protocol 1.
    void aScenariosEventNeedsProtocolTwo() {
        ServerProcess server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        auto e = wire_event(kX, 1);
        e.stream = "scenario/" + new_uuid() + "/1/" + kX;
        auto b = batch({{e.stream, 0}}, {e});
        auto old = http_.post(server.url("/v1/events"), body(b), kAnnaToken);
        QCOMPARE(old.status, 400);
        auto why = QString::fromStdString(old.json().value("error", ""));
        QVERIFY2(why.contains("protocol 2") && why.contains(QString::fromStdString(e.event_id)), qPrintable(why));
        QCOMPARE(old.json()["rejected"][0]["field"].get<std::string>(), std::string("stream"));
        QCOMPARE(pull(server).head, 0);
        http_.protocol = 2;
        auto now = http_.post(server.url("/v1/events"), body(b), kAnnaToken);
        http_.protocol = 0;
        QVERIFY2(now.status == 200, now.body.constData());
        // main's events need no field: protocol 1 is served as it was. The
        // rotation's name in main is the scenario's too: names are per version.
        auto main = http_.post(server.url("/v1/events"), body(batch({{kX, 0}}, {wire_event(kX, 1)})), kAnnaToken);
        QCOMPARE(main.status, 200);
        QCOMPARE(pull(server).events.size(), std::size_t(2));
    }

    void pushedEventsArePulledByteForByte() {
        ServerProcess server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        auto b = batch({{kX, 0}, {"unassigned-2026-04-01", 0}},
                       {wire_event(kX, 1), wire_event("unassigned-2026-04-01", 1), wire_event(kX, 2)});
        auto r = http_.post(server.url("/v1/events"), body(b), kAnnaToken);
        QCOMPARE(r.status, 200);
        auto accepted = r.json()["accepted"];
        QCOMPARE(accepted.size(), std::size_t(3));
        std::int64_t last = 0;
        for (std::size_t i = 0; i < 3; ++i) {
            QCOMPARE(accepted[i]["event_id"].get<std::string>(), b.events[i].event_id);
            QVERIFY(accepted[i]["position"].get<std::int64_t>() > last);
            last = accepted[i]["position"].get<std::int64_t>();
        }
        QCOMPARE(r.json()["head"].get<std::int64_t>(), last);

        auto p = pull(server);
        QCOMPARE(p.events.size(), std::size_t(3));
        for (std::size_t i = 0; i < 3; ++i) {
            const auto &got = p.events[i], &sent = b.events[i];
            QCOMPARE(got.event_id, sent.event_id);
            QCOMPARE(got.stream, sent.stream);
            QCOMPARE(got.version, sent.version);
            QCOMPARE(got.type, sent.type);
            QCOMPARE(got.schema_version, sent.schema_version);
            QCOMPARE(got.payload, sent.payload);    // the exact bytes, spaces and escapes included
            QCOMPARE(got.metadata, sent.metadata);
            QCOMPARE(got.recorded_at, sent.recorded_at);
            QCOMPARE(got.position, accepted[i]["position"].get<std::int64_t>());
        }
        QCOMPARE(p.next, last);
        QCOMPARE(p.head, last);
    }

    void aRetriedPushIsAnsweredWithTheSamePositions() {
        ServerProcess server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        auto b = body(batch({{kX, 0}}, {wire_event(kX, 1), wire_event(kX, 2)}));
        auto first = http_.post(server.url("/v1/events"), b, kAnnaToken);
        auto again = http_.post(server.url("/v1/events"), b, kAnnaToken);
        QCOMPARE(first.status, 200);
        QCOMPARE(again.status, 200);
        QCOMPARE(again.json()["accepted"], first.json()["accepted"]);
        QCOMPARE(pull(server).events.size(), std::size_t(2));
    }

    void aStalePushConflicts() {
        ServerProcess server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        QCOMPARE(http_.post(server.url("/v1/events"), body(batch({{kX, 0}}, {wire_event(kX, 1)})), kAnnaToken).status, 200);
        // Marc last saw the rotation empty.
        auto stale = batch({{kX, 0}, {kY, 0}}, {wire_event(kX, 1, "marc"), wire_event(kY, 1, "marc")});
        auto r = http_.post(server.url("/v1/events"), body(stale), kMarcToken);
        QCOMPARE(r.status, 409);
        auto j = r.json();
        QCOMPARE(j["conflicts"].size(), std::size_t(1));
        QCOMPARE(j["conflicts"][0]["stream"].get<std::string>(), kX);
        QCOMPARE(j["conflicts"][0]["expected"].get<std::int64_t>(), 0);
        QCOMPARE(j["conflicts"][0]["current"].get<std::int64_t>(), 1);
        QCOMPARE(j["head"].get<std::int64_t>(), 1);
        QVERIFY(j.contains("error"));
        QCOMPARE(pull(server).events.size(), std::size_t(1));  // not even rotation-y: all or nothing
    }

    void ofTwoConcurrentConflictingPushesExactlyOneWins() {
        ServerProcess server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        auto a = http_.send("POST", server.url("/v1/events"), kAnnaToken, body(batch({{kX, 0}}, {wire_event(kX, 1)})));
        auto m = http_.send("POST", server.url("/v1/events"), kMarcToken,
                            body(batch({{kX, 0}}, {wire_event(kX, 1, "marc")})));
        auto ra = HttpCalls::wait(a), rm = HttpCalls::wait(m);
        QList<int> statuses{ra.status, rm.status};
        std::sort(statuses.begin(), statuses.end());
        QCOMPARE(statuses, (QList<int>{200, 409}));
        QCOMPARE(pull(server).events.size(), std::size_t(1));
    }

    void anEventClaimingAnotherPlannerIsForbidden() {
        ServerProcess server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        auto b = batch({{kX, 0}}, {wire_event(kX, 1, "anna"), wire_event(kX, 2, "marc")});
        auto r = http_.post(server.url("/v1/events"), body(b), kAnnaToken);
        QCOMPARE(r.status, 403);
        QVERIFY2(QString::fromStdString(r.json().value("error", "")).contains("marc"), r.body.constData());
        auto p = pull(server);
        QCOMPARE(p.events.size(), std::size_t(0));
        QCOMPARE(p.head, 0);
    }

    void badRequestsAreRefusedAndTheServerGoesOn() {
        ServerProcess server({.extra_args = {"--max-body", "4096"}});
        QVERIFY2(server.start(), qPrintable(server.error()));
        auto url = server.url("/v1/events");
        auto not_json = http_.post(url, "{\"expected\": {", kAnnaToken);
        QCOMPARE(not_json.status, 400);
        QVERIFY(not_json.json().contains("error"));
        auto gap = http_.post(url, body(batch({{kX, 0}}, {wire_event(kX, 2)})), kAnnaToken);
        QCOMPARE(gap.status, 400);
        QVERIFY2(QString::fromStdString(gap.json().value("error", "")).contains("does not follow"), gap.body.constData());
        auto no_planner = batch({{kX, 0}}, {wire_event(kX, 1)});
        no_planner.events[0].metadata = "not json";
        QCOMPARE(http_.post(url, body(no_planner), kAnnaToken).status, 400);

        std::vector<WireEvent> many;
        for (int v = 1; v <= 40; ++v) many.push_back(wire_event(kX, v));
        auto big = body(batch({{kX, 0}}, many));
        QVERIFY(big.size() > 4096);
        QCOMPARE(http_.post(url, big, kAnnaToken).status, 413);

        QCOMPARE(http_.get(server.url("/v1/nothing-here"), kAnnaToken).status, 404);
        QCOMPARE(pull(server).head, 0);
        QCOMPARE(http_.post(url, body(batch({{kX, 0}}, {wire_event(kX, 1)})), kAnnaToken).status, 200);
    }

    // The probe's events, each alone in a push: 400 naming the event and its
    // field, in the shape the desktop reads (docs/sync-protocol.md), nothing
    // stored; the log goes on taking good pushes.
    void eventsNoDesktopCouldHaveWrittenAreRefusedNamingTheEventAndField() {
        ServerProcess server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        struct Case {
            const char* what;
            std::function<std::string(WireEvent&, std::string)> spoil;  // the event, its push's body -> the body to send
            const char* field;
        };
        auto set = [](std::function<void(WireEvent&)> f) {
            return [f](WireEvent& e, std::string) {
                f(e);
                return push_body(batch({{e.stream, e.version - 1}}, {e}));
            };
        };
        const std::vector<Case> cases{
            {"an unknown type", set([](WireEvent& e) { e.type = "NukeEverything"; }), "type"},
            {"a payload that is no JSON", set([](WireEvent& e) { e.payload = "garbage"; }), "payload"},
            {"a payload of no known shape", set([](WireEvent& e) { e.payload = "{\"x\":1}"; }), "payload"},
            {"a fractional version", [](WireEvent&, std::string b) {
                 return b.replace(b.find("\"version\":1"), 11, "\"version\":1.5");
             }, "version"},
            {"a path for a stream", set([](WireEvent& e) { e.stream = "../../etc/passwd"; }), "stream"},
            {"a 100 KB event id", set([](WireEvent& e) { e.event_id = std::string(100 << 10, 'e'); }), "event_id"},
            {"a time that is a word", set([](WireEvent& e) { e.recorded_at = "yesterday"; }), "recorded_at"},
            {"a schema from the future", set([](WireEvent& e) { e.schema_version = 99; }), "schema_version"},
            {"an empty rotation name", set([](WireEvent& e) {
                 e.payload = "{\"rotation\":\"" + e.stream.substr(9) + "\",\"name\":\"\"}";
             }), "payload"},
        };
        for (const Case& c : cases) {
            WireEvent e = wire_event(kX, 1);
            const std::string sent = c.spoil(e, push_body(batch({{kX, 0}}, {e})));
            auto r = http_.post(server.url("/v1/events"), QByteArray::fromStdString(sent), kAnnaToken);
            QVERIFY2(r.status == 400, c.what);
            auto j = r.json();
            const std::string error = j.value("error", "");
            QVERIFY2(error.rfind(std::string("events[0].") + c.field + ": ", 0) == 0, (std::string(c.what) + ": " + error).c_str());
            QCOMPARE(j["rejected"].size(), std::size_t(1));
            QCOMPARE(j["rejected"][0]["index"].get<int>(), 0);
            QCOMPARE(j["rejected"][0]["field"].get<std::string>(), std::string(c.field));
            QVERIFY(!j["rejected"][0]["reason"].get<std::string>().empty());
            if (e.event_id.size() == 36) QCOMPARE(j["rejected"][0]["event_id"].get<std::string>(), e.event_id);
            else QVERIFY(j["rejected"][0]["event_id"].is_null());
            QCOMPARE(j["head"].get<std::int64_t>(), 0);
        }
        QCOMPARE(pull(server).head, 0);
        QCOMPARE(http_.post(server.url("/v1/events"), body(batch({{kX, 0}}, {wire_event(kX, 1)})), kAnnaToken).status, 200);
    }

    void everyInvalidEventOfABatchIsListed() {
        ServerProcess server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        auto b = batch({{kX, 0}, {kY, 0}}, {wire_event(kX, 1), wire_event(kY, 1), wire_event(kX, 2)});
        b.events[0].type = "NukeEverything";
        b.events[2].payload = "garbage";
        auto r = http_.post(server.url("/v1/events"), body(b), kAnnaToken);
        QCOMPARE(r.status, 400);
        auto rejected = r.json()["rejected"];
        QCOMPARE(rejected.size(), std::size_t(2));
        QCOMPARE(rejected[0]["index"].get<int>(), 0);
        QCOMPARE(rejected[0]["event_id"].get<std::string>(), b.events[0].event_id);
        QCOMPARE(rejected[1]["index"].get<int>(), 2);
        QCOMPARE(rejected[1]["field"].get<std::string>(), std::string("payload"));
        QCOMPARE(pull(server).head, 0);
    }

    void aPlannerMismatchNamesTheEventsAndTheTokensPlanner() {
        ServerProcess server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        auto b = batch({{kX, 0}}, {wire_event(kX, 1, "anna"), wire_event(kX, 2, "root"), wire_event(kX, 3, "marc")});
        auto r = http_.post(server.url("/v1/events"), body(b), kAnnaToken);
        QCOMPARE(r.status, 403);
        auto j = r.json();
        QCOMPARE(j.value("planner", ""), std::string("anna"));
        QCOMPARE(j["rejected"].size(), std::size_t(2));
        QCOMPARE(j["rejected"][0]["index"].get<int>(), 1);
        QCOMPARE(j["rejected"][0]["event_id"].get<std::string>(), b.events[1].event_id);
        QCOMPARE(j["rejected"][0]["field"].get<std::string>(), std::string("metadata.planner"));
        QCOMPARE(j["rejected"][1]["index"].get<int>(), 2);
        QVERIFY2(QString::fromStdString(j.value("error", "")).contains("root"), r.body.constData());
        QCOMPARE(pull(server).head, 0);
    }

    // A re-sent event id is a retry only when it is the same event; with
    // anything else changed the sender must not believe its version stored.
    void anEventIdSentAgainWithOtherContentIsAConflictNamingIt() {
        ServerProcess server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        auto url = server.url("/v1/events");
        WireEvent original = wire_event(kX, 1);
        auto first = http_.post(url, body(batch({{kX, 0}}, {original})), kAnnaToken);
        QCOMPARE(first.status, 200);
        const std::int64_t position = first.json()["accepted"][0]["position"].get<std::int64_t>();

        WireEvent renamed = original;
        renamed.payload = "{\"rotation\":\"" + kX.substr(9) + "\",\"name\":\"Other\"}";
        WireEvent elsewhere = wire_event(kY, 1);
        elsewhere.event_id = original.event_id;
        WireEvent later = original;
        later.recorded_at = "2026-11-27T08:00:00.000Z";
        for (const auto& [what, sent] : {std::pair{"another payload", batch({{kX, 0}}, {renamed})},
                                         std::pair{"another stream", batch({{kY, 0}}, {elsewhere})},
                                         std::pair{"another time", batch({{kX, 0}}, {later})}}) {
            auto r = http_.post(url, body(sent), kAnnaToken);
            QVERIFY2(r.status == 409, what);
            auto j = r.json();
            QCOMPARE(j["reused"].size(), std::size_t(1));
            QCOMPARE(j["reused"][0]["event_id"].get<std::string>(), original.event_id);
            QCOMPARE(j["reused"][0]["position"].get<std::int64_t>(), position);
            QVERIFY(j["conflicts"].is_array() && j["conflicts"].empty());
            QCOMPARE(j["head"].get<std::int64_t>(), position);
            QVERIFY2(QString::fromStdString(j.value("error", "")).contains(QString::fromStdString(original.event_id)),
                     r.body.constData());
        }
        // The same event again is still a retry, answered with its position.
        auto retry = http_.post(url, body(batch({{kX, 0}}, {original})), kAnnaToken);
        QCOMPARE(retry.status, 200);
        QCOMPARE(retry.json()["accepted"][0]["position"].get<std::int64_t>(), position);
        auto p = pull(server);
        QCOMPARE(p.events.size(), std::size_t(1));
        QCOMPARE(p.events[0].payload, original.payload);
        // A stale push keeps its conflicts and says nothing of reuse.
        auto stale = http_.post(url, body(batch({{kX, 0}}, {wire_event(kX, 1)})), kAnnaToken);
        QCOMPARE(stale.status, 409);
        QCOMPARE(stale.json()["conflicts"].size(), std::size_t(1));
        QVERIFY(!stale.json().contains("reused") || stale.json()["reused"].empty());
    }

    // Two creations of RX on two streams were both 200 once. The
    // server keeps the log's rotation names and refuses the later one.
    void aRotationNameAnotherRotationHoldsIsRefusedNamingTheEventAndTheName() {
        ServerProcess server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        auto url = server.url("/v1/events");
        auto created = [](const std::string& stream, const std::string& name) {
            return wire_event(stream, 1, "anna", "{\"rotation\":\"" + stream.substr(9) + "\",\"name\":\"" + name + "\"}");
        };
        WireEvent first = created(kX, "RX"), second = created(kY, "RX");
        first.type = second.type = "RotationCreated";
        first.schema_version = second.schema_version = 1;
        QCOMPARE(http_.post(url, body(batch({{kX, 0}}, {first})), kAnnaToken).status, 200);
        auto r = http_.post(url, body(batch({{kY, 0}}, {second})), kAnnaToken);
        QCOMPARE(r.status, 409);
        auto j = r.json();
        QCOMPARE(j["taken"].size(), std::size_t(1));
        QCOMPARE(j["taken"][0]["event_id"].get<std::string>(), second.event_id);
        QCOMPARE(j["taken"][0]["name"].get<std::string>(), std::string("RX"));
        QCOMPARE(j["taken"][0]["stream"].get<std::string>(), kX);
        QVERIFY(j["conflicts"].empty() && j["reused"].empty());
        QVERIFY2(QString::fromStdString(j.value("error", "")).contains("RX"), r.body.constData());
        QCOMPARE(pull(server).events.size(), std::size_t(1));
        // Once the first is renamed, the name is free.
        WireEvent renamed = wire_event(kX, 2, "anna", "{\"rotation\":\"" + kX.substr(9) + "\",\"name\":\"RX old\"}");
        renamed.type = "RotationRenamed";
        renamed.schema_version = 1;
        QCOMPARE(http_.post(url, body(batch({{kX, 1}}, {renamed})), kAnnaToken).status, 200);
        second.event_id = new_uuid();
        QCOMPARE(http_.post(url, body(batch({{kY, 0}}, {second})), kAnnaToken).status, 200);
    }

    void aPushOfMoreThanTheEventLimitIsRefused() {
        ServerProcess server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        std::vector<WireEvent> many;
        many.reserve(kMaxBatchEvents + 1);
        for (std::size_t v = 1; v <= kMaxBatchEvents + 1; ++v) {
            WireEvent e = wire_event(kX, std::int64_t(v), "anna", "{}");
            e.event_id = QString("e%1").arg(v).toStdString();
            many.push_back(std::move(e));
        }
        auto r = http_.post(server.url("/v1/events"), body(batch({{kX, 0}}, std::move(many))), kAnnaToken);
        QCOMPARE(r.status, 413);
        QVERIFY2(QString::fromStdString(r.json().value("error", "")).contains("20000"), r.body.constData());
        QCOMPARE(pull(server).head, 0);
    }

    void pullsHonourAfterAndLimit() {
        ServerProcess server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        std::vector<WireEvent> five;
        for (int v = 1; v <= 5; ++v) five.push_back(wire_event(kX, v));
        QCOMPARE(http_.post(server.url("/v1/events"), body(batch({{kX, 0}}, five)), kAnnaToken).status, 200);
        auto first = pull(server, 0, "&limit=2");
        QCOMPARE(first.events.size(), std::size_t(2));
        QCOMPARE(first.head, first.events.back().position + 3);
        QCOMPARE(first.next, first.events.back().position);
        auto rest = pull(server, first.next);
        QCOMPARE(rest.events.size(), std::size_t(3));
        QCOMPARE(rest.events.front().event_id, five[2].event_id);
        QCOMPARE(rest.next, rest.head);
        auto none = pull(server, rest.head);
        QCOMPARE(none.events.size(), std::size_t(0));
        QCOMPARE(none.next, rest.head);
        QCOMPARE(http_.get(server.url("/v1/events?after=minus-one"), kAnnaToken).status, 400);
    }

    void aWaitingPullWakesWhenSomeonePushes() {
        ServerProcess server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        QNetworkReply* waiting = http_.send("GET", server.url("/v1/events?after=0&wait=20"), kMarcToken);
        // Push only once the server holds the pull, so that the push is what wakes it.
        QTRY_COMPARE_WITH_TIMEOUT(metric(http_.get(server.url("/metrics")).body, "rotaplan_waiting_pulls"), 1.0, 10000);
        QVERIFY(!waiting->isFinished());
        auto e = wire_event(kX, 1);
        QCOMPARE(http_.post(server.url("/v1/events"), body(batch({{kX, 0}}, {e})), kAnnaToken).status, 200);
        // Well before the 20 s wait runs out: a pull that timed out would come back empty anyway.
        QTRY_VERIFY_WITH_TIMEOUT(waiting->isFinished(), 10000);
        auto r = HttpCalls::result(waiting);
        QCOMPARE(r.status, 200);
        auto p = parse_pull(r.text());
        QCOMPARE(p.events.size(), std::size_t(1));
        QCOMPARE(p.events[0].event_id, e.event_id);
        QCOMPARE(metric(http_.get(server.url("/metrics")).body, "rotaplan_waiting_pulls"), 0.0);
    }

    void clientsThatHangUpAreForgotten() {
        ServerProcess server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        QNetworkReply* waiting = http_.send("GET", server.url("/v1/events?after=0&wait=20"), kMarcToken);
        QTRY_COMPARE_WITH_TIMEOUT(metric(http_.get(server.url("/metrics")).body, "rotaplan_waiting_pulls"), 1.0, 10000);
        waiting->abort();
        waiting->deleteLater();
        QTRY_COMPARE_WITH_TIMEOUT(metric(http_.get(server.url("/metrics")).body, "rotaplan_waiting_pulls"), 0.0, 10000);
        // A pusher that hangs up before its answer: the push is stored or not, the server goes on either way.
        {
            QByteArray push = body(batch({{kY, 0}}, {wire_event(kY, 1)}));
            QTcpSocket raw;
            raw.connectToHost("127.0.0.1", server.port());
            QVERIFY(raw.waitForConnected(10000));
            raw.write("POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + QByteArray(kAnnaToken) +
                      "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(push.size()) +
                      "\r\n\r\n" + push);
            QVERIFY(raw.waitForBytesWritten(10000));
            raw.abort();
        }
        auto r = http_.post(server.url("/v1/events"), body(batch({{kX, 0}}, {wire_event(kX, 1)})), kAnnaToken);
        QCOMPARE(r.status, 200);
        QCOMPARE(http_.get(server.url("/healthz")).status, 200);
    }

    void aWaitingPullWithoutNewsEndsEmpty() {
        ServerProcess server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        auto p = pull(server, 0, "&wait=1");
        QCOMPARE(p.events.size(), std::size_t(0));
        QCOMPARE(p.next, 0);
        QCOMPARE(p.head, 0);
    }

    void anAcknowledgedPushSurvivesAKill() {
        ServerProcess server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        auto e = wire_event(kX, 1);
        auto r = http_.post(server.url("/v1/events"), body(batch({{kX, 0}}, {e})), kAnnaToken);
        QCOMPARE(r.status, 200);
        server.kill();
        QVERIFY2(server.start(), qPrintable(server.error()));
        auto p = pull(server);
        QCOMPARE(p.events.size(), std::size_t(1));
        QCOMPARE(p.events[0].event_id, e.event_id);
        QCOMPARE(p.events[0].payload, e.payload);
        // And the log goes on from there.
        auto next = batch({{kX, 1}}, {wire_event(kX, 2)});
        QCOMPARE(http_.post(server.url("/v1/events"), body(next), kAnnaToken).status, 200);
    }

    void sigtermStopsCleanly() {
        ServerProcess server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        QCOMPARE(http_.post(server.url("/v1/events"), body(batch({{kX, 0}}, {wire_event(kX, 1)})), kAnnaToken).status, 200);
        QCOMPARE(server.terminate(), 0);
        QVERIFY(!QFile::exists(server.data_dir() + "/rotaplan-server.lock"));
        QVERIFY2(server.start(), qPrintable(server.error()));
        QCOMPARE(pull(server).events.size(), std::size_t(1));
    }

    void aSecondServerOnTheSameFolderIsRefused() {
        ServerProcess first;
        QVERIFY2(first.start(), qPrintable(first.error()));
        auto second = run_server_to_end({"--listen", "127.0.0.1:0", "--data", first.data_dir(), "--tokens", first.tokens_file()});
        QCOMPARE(second.code, 1);
        QVERIFY2(second.err.contains("in use"), qPrintable(second.err));
    }

    void metricsCountWhatHappened() {
        ServerProcess server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        auto url = server.url("/v1/events");
        QCOMPARE(http_.post(url, body(batch({{kX, 0}}, {wire_event(kX, 1), wire_event(kX, 2)})), kAnnaToken).status, 200);
        QCOMPARE(http_.post(url, body(batch({{kX, 0}}, {wire_event(kX, 1)})), kAnnaToken).status, 409);
        QCOMPARE(http_.get(server.url("/v1/session")).status, 401);
        QCOMPARE(pull(server).events.size(), std::size_t(2));

        auto r = http_.get(server.url("/metrics"));
        QCOMPARE(r.status, 200);
        const QByteArray& m = r.body;
        QCOMPARE(metric(m, "rotaplan_events_stored"), 2.0);
        QCOMPARE(metric(m, "rotaplan_log_head"), 2.0);
        QCOMPARE(metric(m, "rotaplan_pushes_total"), 2.0);
        QCOMPARE(metric(m, "rotaplan_push_conflicts_total"), 1.0);
        QCOMPARE(metric(m, "rotaplan_requests_refused_total{status=\"401\"}"), 1.0);
        QCOMPARE(metric(m, "rotaplan_requests_refused_total{status=\"409\"}"), 1.0);
        QCOMPARE(metric(m, "rotaplan_pulls_total"), 1.0);
        QCOMPARE(metric(m, "rotaplan_push_latency_seconds_count"), 2.0);
        QCOMPARE(metric(m, "rotaplan_push_latency_seconds_bucket{le=\"+Inf\"}"), 2.0);
        QVERIFY(metric(m, "rotaplan_push_latency_seconds_sum") > 0);
        QVERIFY(metric(m, "rotaplan_clients") >= 1);  // this very request's connection
        QCOMPARE(metric(m, "rotaplan_waiting_pulls"), 0.0);
        QVERIFY(m.contains("# TYPE rotaplan_push_latency_seconds histogram"));
    }

    void badArgumentsAndTokenFilesExitWithTwo() {
        QTemporaryDir dir;
        QString tokens = dir.filePath("tokens");
        QFile f(tokens);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("# planners\nanna-token-0123456789abcdef anna Anna\n\nlonely-token-without-planner\n");
        f.close();
        auto base = QStringList{"--listen", "127.0.0.1:0", "--data", dir.filePath("data")};

        auto bad_line = run_server_to_end(base + QStringList{"--tokens", tokens});
        QCOMPARE(bad_line.code, 2);
        QVERIFY2(bad_line.err.contains(tokens + ":4:"), qPrintable(bad_line.err));

        // A planner name the desktops refuse in their own changes (over 128 bytes) is refused here, at its line.
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write("anna-token-0123456789abcdef anna\nlong-token-0123456789abcdef " + QByteArray(129, 'p') + "\n");
        f.close();
        auto long_name = run_server_to_end(base + QStringList{"--tokens", tokens});
        QCOMPARE(long_name.code, 2);
        QVERIFY2(long_name.err.contains(tokens + ":2: planner"), qPrintable(long_name.err));
        QVERIFY2(long_name.err.contains("128"), qPrintable(long_name.err));

        auto missing = run_server_to_end(base + QStringList{"--tokens", dir.filePath("no-such-file")});
        QCOMPARE(missing.code, 2);
        QVERIFY2(missing.err.contains("no-such-file"), qPrintable(missing.err));

        auto no_tokens = run_server_to_end(base);
        QCOMPARE(no_tokens.code, 2);
        QVERIFY2(no_tokens.err.contains("--tokens"), qPrintable(no_tokens.err));

        ServerProcess good;
        auto bad_port = run_server_to_end({"--listen", "127.0.0.1:99999", "--data", dir.filePath("data"), "--tokens", good.tokens_file()});
        QCOMPARE(bad_port.code, 2);
        auto half_tls = run_server_to_end(QStringList{"--listen", "127.0.0.1:0", "--data", dir.filePath("data"), "--tokens",
                                                      good.tokens_file(), "--tls-cert", tokens});
        QCOMPARE(half_tls.code, 2);
    }

    void servesHttpsWithTheGivenCertificate() {
        QTemporaryDir dir;
        QString cert, key;
        ROTAPLAN_TEST_CERTIFICATE(dir, cert, key);

        ServerProcess server({.extra_args = {"--tls-cert", cert, "--tls-key", key}, .scheme = "https"});
        QVERIFY2(server.start(), qPrintable(server.error()));
        auto r = http_.get(server.url("/v1/session"), kAnnaToken);
        QVERIFY2(r.status == 200, qPrintable(r.error));
        QCOMPARE(r.json().value("planner", ""), std::string("anna"));
        QCOMPARE(http_.post(server.url("/v1/events"), body(batch({{kX, 0}}, {wire_event(kX, 1)})), kAnnaToken).status, 200);
        // Plain HTTP on the TLS port gets no answer.
        QCOMPARE(http_.get(QUrl(QString("http://127.0.0.1:%1/healthz").arg(server.port()))).status, 0);
    }
};

QTEST_GUILESS_MAIN(TestServer)
#include "tst_server.moc"
