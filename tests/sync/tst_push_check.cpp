// check_push: what the server takes at its boundary, as a pure function over
// bytes. Events are made by the desktop's own encoder (storage::encode), so a
// valid event here is exactly what a desktop pushes; each invalid one breaks
// one field the way a careless or hostile client would.
#include <QtTest>

#include "core/planner.h"
#include "core/events.h"
#include "storage/eventstore/event_codec.h"
#include "sync/server/push_check.h"

using namespace rotaplan;
using namespace rotaplan::sync;

namespace {

const Uuid kRotation = *Uuid::parse("0192a3b4-c5d6-7e8f-9a0b-1c2d3e4f5a6b");
const Uuid kOther = *Uuid::parse("0192a3b4-c5d6-7e8f-9a0b-1c2d3e4f5a6c");
int ids_ = 0;

std::string next_id() {
    char buf[40];
    std::snprintf(buf, sizeof buf, "0192a3b4-0000-7000-8000-%012d", ++ids_);
    return buf;
}

Leg leg(Date day, int number) {
    Leg l;
    l.id = LegId{*Uuid::parse(next_id())};
    l.designator.flight.airline = AirlineCode::from("XQ");
    l.designator.flight.number = std::uint16_t(number);
    l.designator.departure = AirportCode::from("FRA");
    l.designator.day_of_origin = day;
    l.arrival = AirportCode::from("MUC");
    l.std_utc = instant_at(day, 6 * 60);
    l.sta_utc = instant_at(day, 7 * 60);
    l.aircraft_type = AircraftType::from("320");
    return l;
}

const Date kDay = *parse_date("2026-04-01");

// An event as a desktop pushes it: encoded by storage, on its aggregate's stream.
WireEvent wire(const Event& event, const std::string& stream, std::int64_t version, const std::string& planner = "anna") {
    auto encoded = storage::encode(event);
    WireEvent e;
    e.event_id = next_id();
    e.stream = stream;
    e.version = version;
    e.type = encoded.type;
    e.schema_version = encoded.schema_version;
    e.payload = encoded.payload;
    e.metadata = "{\"planner\":\"" + planner + "\",\"host\":\"lap-7\",\"causation_id\":\"c1\",\"command\":\"CreateRotation\"}";
    e.recorded_at = "2026-11-26T12:00:00.123Z";
    return e;
}

WireEvent created(const std::string& name = "R1", Uuid id = kRotation) {
    return wire(RotationCreated{RotationId{id}, name}, rotation_stream(RotationId{id}), 1);
}

std::string body_of(std::vector<WireEvent> events) {
    PushBatch b;
    for (const WireEvent& e : events)
        if (!b.expected.count(e.stream)) b.expected[e.stream] = e.version - 1;
    b.events = std::move(events);
    return push_body(b);
}

// Replaces `"field":<old value>` of the first event in a body by `"field":<raw>`.
std::string with_field(std::string body, const std::string& field, const std::string& raw) {
    auto at = body.find("\"" + field + "\":");
    if (at == std::string::npos) return body;
    auto value = at + field.size() + 3;
    auto end = value;
    if (body[value] == '"') {
        end = value + 1;
        while (body[end] != '"') end += body[end] == '\\' ? 2 : 1;
        ++end;
    } else {
        while (body[end] != ',' && body[end] != '}') ++end;
    }
    return body.replace(value, end - value, raw);
}

std::string quoted(const std::string& s) { return nlohmann::json(s).dump(); }

}  // namespace

class TestPushCheck : public QObject {
    Q_OBJECT

    // The one rejection of a one-event push whose `field` was set to `raw`.
    void refused_field(const std::string& field, const std::string& raw, const char* expected_field,
                       const char* reason_part) {
        auto v = check_push(with_field(body_of({created()}), field, raw), "anna");
        QCOMPARE(v.status, 400);
        QCOMPARE(v.rejected.size(), std::size_t(1));
        QCOMPARE(v.rejected[0].index, std::size_t(0));
        QCOMPARE(v.rejected[0].field, std::string(expected_field));
        QVERIFY2(v.rejected[0].reason.find(reason_part) != std::string::npos, v.rejected[0].reason.c_str());
        QVERIFY2(v.error.rfind(std::string("events[0].") + expected_field + ": ", 0) == 0, v.error.c_str());
        QVERIFY(v.batch.events.empty());
    }

private slots:
    void whatADesktopPushesIsTakenByteForByte() {
        const Date day2 = *parse_date("2026-04-02");
        std::vector<WireEvent> events{
            created("Morning \"FRA\" rotation é"),
            wire(LegsAddedToRotation{RotationId{kRotation}, {leg(kDay, 100), leg(kDay, 101)}}, rotation_stream(RotationId{kRotation}), 2),
            wire(LegsCreated{{leg(day2, 200), leg(day2, 201)}}, unassigned_stream(day2), 1),
            wire(LegDeleted{LegId{kOther}}, unassigned_stream(day2), 2),
            wire(AirplaneRegistered{Registration::from("D-AIAB"), AircraftType::from("320"), 35},
                 airplane_stream(Registration::from("D-AIAB")), 1),
            wire(AirplaneAssigned{Registration::from("D-AIAB"), RotationId{kRotation}},
                 airplane_stream(Registration::from("D-AIAB")), 2),
            wire(AirportDefined{AirportCode::from("FRA"), 45, "Frankfurt", 60}, airport_stream(AirportCode::from("FRA")), 1),
            wire(FileImported{"ssim", "season.ssim", std::string(64, 'a'), 1966, {}}, import_stream(kOther), 1),
        };
        auto v = check_push(body_of(events), "anna");
        QVERIFY2(v.status == 200, v.error.c_str());
        QCOMPARE(v.batch.events.size(), events.size());
        for (std::size_t i = 0; i < events.size(); ++i) {
            QCOMPARE(v.batch.events[i].payload, events[i].payload);
            QCOMPARE(v.batch.events[i].metadata, events[i].metadata);
            QCOMPARE(v.batch.events[i].stream, events[i].stream);
            QCOMPARE(v.batch.events[i].event_id, events[i].event_id);
        }
        QCOMPARE(v.batch.expected.at(rotation_stream(RotationId{kRotation})), 0);
    }

    void anUnknownTypeOrAPayloadThatDoesNotDecodeIsRefused() {
        refused_field("type", quoted("NukeEverything"), "type", "unknown event type");
        refused_field("payload", quoted("garbage"), "payload", "malformed");
        refused_field("payload", quoted("{\"x\":1}"), "payload", "missing field");
        // A payload of another type's shape: a leg where a rotation's name belongs.
        refused_field("payload", quoted("{\"leg\":\"0192a3b4-c5d6-7e8f-9a0b-1c2d3e4f5a6b\"}"), "payload", "missing field");
        refused_field("payload", "{}", "payload", "must be a string");
    }

    void theProbesOddValuesAreRefused() {
        refused_field("version", "1.5", "version", "must be an integer");
        refused_field("version", "0", "version", "from 1");
        refused_field("version", "\"1\"", "version", "must be an integer");
        refused_field("version", "true", "version", "must be an integer");
        refused_field("stream", quoted("../../etc/passwd"), "stream", "rotation-<UUID>");
        refused_field("event_id", quoted(std::string(100 * 1024, 'e')), "event_id", "102400 bytes");
        refused_field("event_id", quoted("e1"), "event_id", "UUID");
        refused_field("event_id", quoted("0192A3B4-C5D6-7E8F-9A0B-1C2D3E4F5A6B"), "event_id", "lower-case");
        refused_field("recorded_at", quoted("yesterday"), "recorded_at", "RFC 3339");
        refused_field("schema_version", "99", "schema_version", "newer than this server knows");
        refused_field("schema_version", "0", "schema_version", "from 1");
        refused_field("metadata", quoted("not json"), "metadata", "not a JSON object");
        refused_field("metadata", quoted("{\"host\":\"lap-7\"}"), "metadata.planner", "names no planner");
        refused_field("metadata", quoted("{\"planner\":\"anna\",\"x\":\"" + std::string(17 << 10, 'm') + "\"}"),
                      "metadata", "more than");
    }

    void anEmptyRotationNameIsRefusedAsADeciderWould() {
        auto v = check_push(body_of({created("")}), "anna");
        QCOMPARE(v.status, 400);
        QCOMPARE(v.rejected.at(0).field, std::string("payload"));
        QVERIFY2(v.rejected[0].reason.find("must not be empty") != std::string::npos, v.rejected[0].reason.c_str());
        QCOMPARE(check_push(body_of({created(" R1")}), "anna").status, 400);
        QCOMPARE(check_push(body_of({created(std::string(65, 'R'))}), "anna").status, 400);
    }

    void aPayloadMustNameTheAggregateOfItsStream() {
        // The rotation of the payload is not the stream's.
        auto other = created();
        other.stream = rotation_stream(RotationId{kOther});
        auto v = check_push(body_of({other}), "anna");
        QCOMPARE(v.status, 400);
        QCOMPARE(v.rejected.at(0).field, std::string("stream"));
        // A leg created on another day's unassigned legs; an airplane's event on another airplane.
        auto legs = wire(LegsCreated{{leg(kDay, 300)}}, "unassigned-2026-04-02", 1);
        QCOMPARE(check_push(body_of({legs}), "anna").status, 400);
        auto plane = wire(AirplaneRemoved{Registration::from("D-AIAB")}, "airplane-D-AIAC", 1);
        QCOMPARE(check_push(body_of({plane}), "anna").status, 400);
        // A type in a stream of another kind, and streams that are almost right.
        QCOMPARE(check_push(body_of({wire(LegDeleted{LegId{kOther}}, rotation_stream(RotationId{kRotation}), 1)}), "anna").status, 400);
        QCOMPARE(check_push(body_of({wire(LegDeleted{LegId{kOther}}, "unassigned-2026-4-1", 1)}), "anna").status, 400);
        QCOMPARE(check_push(body_of({wire(LegDeleted{LegId{kOther}}, "unassigned-2026-02-30", 1)}), "anna").status, 400);
        auto upper = created();
        upper.stream = "rotation-0192A3B4-C5D6-7E8F-9A0B-1C2D3E4F5A6B";
        QCOMPARE(check_push(body_of({upper}), "anna").status, 400);
    }

    void aDecodedValueOutOfItsRangeIsRefused() {
        auto plane = wire(AirplaneRegistered{Registration::from("D-AIAB"), AircraftType::from("320"), 35},
                          airplane_stream(Registration::from("D-AIAB")), 1);
        auto at = plane.payload.find("35");
        plane.payload.replace(at, 2, "4294967331");  // 2^32 + 35: an int cast would make it 35 again
        auto v = check_push(body_of({plane}), "anna");
        QCOMPARE(v.status, 400);
        QVERIFY2(v.rejected.at(0).reason.find("out of range") != std::string::npos, v.rejected[0].reason.c_str());
        auto ground = wire(AirplaneRegistered{Registration::from("D-AIAB"), AircraftType::from("320"), 2000},
                           airplane_stream(Registration::from("D-AIAB")), 1);
        QCOMPARE(check_push(body_of({ground}), "anna").status, 400);
    }

    // Found by fuzzing: a leg's codes travel unescaped in every later payload
    // that carries the leg (storage/eventstore/event_codec), so a quote in a suffix taken
    // here made the next event about that leg (moved into a rotation, say)
    // unreadable on the desktop that wrote it. Every leg is held to what a
    // desktop could have made (core: check_leg).
    void aLegNoDesktopCouldHaveMadeIsRefused() {
        // The event's `field` set to `raw` in its leg's payload.
        auto with_leg_field = [](Event event, const std::string& stream, const std::string& field, const std::string& raw) {
            auto e = wire(event, stream, 1);
            const std::string key = "\"" + field + "\":";
            const auto at = e.payload.find(key) + key.size();
            e.payload.replace(at, e.payload.find_first_of(",}", at) - at, raw);
            return e;
        };
        auto created_leg = [&](const std::string& field, const std::string& raw) {
            return with_leg_field(LegCreated{leg(kDay, 400)}, unassigned_stream(kDay), field, raw);
        };
        QCOMPARE(check_push(body_of({created_leg("suffix", "\"A\"")}), "anna").status, 200);  // the edit alone is fine
        const std::pair<const char*, const char*> bad[] = {
            {"suffix", "\"\\\"\""}, {"suffix", "\"a\""},      {"suffix", "\"\xC3\xA9\""},   {"airline", "\"X\\\"\""},
            {"airline", "\"X\""},  {"number", "0"},           {"arr", "\"\xC3\x9C" "C\""}, {"arr", "\"M\\\\C\""},
            {"dep", "\"FR\""},     {"type", "\"\""},         {"type", "\"3\\\"0\""},      {"service", "\"\\u0001\""},
            {"service", "\"j\""},  {"sta", "\"2026-04-01T06:00Z\""},
        };
        for (const auto& [field, raw] : bad) {
            auto v = check_push(body_of({created_leg(field, raw)}), "anna");
            QVERIFY2(v.status == 400, (std::string(field) + "=" + raw).c_str());
            QCOMPARE(v.rejected.at(0).field, std::string("payload"));
            QVERIFY2(v.rejected[0].reason.rfind("leg 0192a3b4-", 0) == 0, v.rejected[0].reason.c_str());
        }
        // One such leg among good ones refuses the event, whichever carries it.
        Leg second = leg(kDay, 402);
        second.designator.flight.suffix = '"';
        QCOMPARE(check_push(body_of({wire(LegsCreated{{leg(kDay, 401), second}}, unassigned_stream(kDay), 1)}), "anna").status, 400);
        auto v = check_push(body_of({created(), wire(LegsAddedToRotation{RotationId{kRotation}, {leg(kDay, 403), second}},
                                                     rotation_stream(RotationId{kRotation}), 2)}),
                            "anna");
        QCOMPARE(v.status, 400);
        QCOMPARE(v.rejected.size(), std::size_t(1));
        QCOMPARE(v.rejected[0].index, std::size_t(1));
        auto released = with_leg_field(LegReleased{leg(kDay, 404)}, unassigned_stream(kDay), "airline", "\"X\\\"\"");
        QCOMPARE(check_push(body_of({released}), "anna").status, 400);
    }

    // A retime names only its leg and two times: the times are all a desktop
    // checks (STA after STD), so the server checks them too.
    void aRetimeWhoseArrivalIsNotAfterItsDepartureIsRefused() {
        const Leg l = leg(kDay, 410);
        auto retimed = [&](int std_minutes, int sta_minutes) {
            return wire(LegRetimed{l.id, instant_at(kDay, std_minutes), instant_at(kDay, sta_minutes)},
                        rotation_stream(RotationId{kRotation}), 2);
        };
        QCOMPARE(check_push(body_of({created(), retimed(6 * 60, 7 * 60)}), "anna").status, 200);
        for (int sta : {6 * 60, 5 * 60}) {
            auto v = check_push(body_of({created(), retimed(6 * 60, sta)}), "anna");
            QCOMPARE(v.status, 400);
            QCOMPARE(v.rejected.at(0).index, std::size_t(1));
            QCOMPARE(v.rejected[0].field, std::string("payload"));
            QVERIFY2(v.rejected[0].reason.find("STA must be after STD") != std::string::npos, v.rejected[0].reason.c_str());
        }
    }

    void everyInvalidEventIsListedAndTheListIsBounded() {
        std::vector<WireEvent> events;
        for (int i = 0; i < 150; ++i) {
            Uuid id = *Uuid::parse(next_id());
            events.push_back(created("R" + std::to_string(i), id));
            if (i % 3 == 0) events.back().type = "NukeEverything";
        }
        events[1].recorded_at = "yesterday";
        auto v = check_push(body_of(events), "anna");
        QCOMPARE(v.status, 400);
        QCOMPARE(v.rejected_count, std::size_t(51));
        QCOMPARE(v.rejected.size(), std::size_t(51));
        QCOMPARE(v.rejected[0].index, std::size_t(0));
        QCOMPARE(v.rejected[1].index, std::size_t(1));
        QCOMPARE(v.rejected[1].field, std::string("recorded_at"));
        QCOMPARE(v.rejected[2].index, std::size_t(3));
        QCOMPARE(*v.rejected[2].event_id, events[3].event_id);
        QVERIFY2(v.error.find("51 events refused in all") != std::string::npos, v.error.c_str());

        for (auto& e : events) e.type = "NukeEverything";
        auto all = check_push(body_of(events), "anna");
        QCOMPARE(all.rejected_count, std::size_t(150));
        QCOMPARE(all.rejected.size(), kMaxRejections);
    }

    void theBatchOrderIsJudgedOnceEveryEventIsValid() {
        auto gap = created();
        gap.version = 2;
        PushBatch b{{{gap.stream, 0}}, {gap}};
        auto v = check_push(push_body(b), "anna");
        QCOMPARE(v.status, 400);
        QCOMPARE(v.rejected.at(0).field, std::string("version"));
        QVERIFY2(v.error.find("does not follow") != std::string::npos, v.error.c_str());
        auto twice = created();
        auto again = twice;
        again.version = 2;
        v = check_push(body_of({twice, again}), "anna");
        QCOMPARE(v.status, 400);
        QCOMPARE(v.rejected.at(0).index, std::size_t(1));
        QCOMPARE(v.rejected[0].field, std::string("event_id"));
        PushBatch idle{{{created().stream, 0}, {"rotation-" + kOther.str(), 0}}, {created()}};
        QCOMPARE(check_push(push_body(idle), "anna").status, 400);
    }

    // The answer names what is wrong, not a stream "without an event".
    void aTwinEventOrANegativeExpectedVersionIsNamed() {
        auto once = created();
        auto v = check_push(body_of({once, once}), "anna");
        QCOMPARE(v.status, 400);
        QCOMPARE(v.rejected.at(0).field, std::string("event_id"));
        QVERIFY2(v.error.find("duplicate event id " + once.event_id) != std::string::npos, v.error.c_str());
        QVERIFY2(v.error.find("has no event") == std::string::npos, v.error.c_str());
        PushBatch minus{{{once.stream, -1}}, {once}};
        v = check_push(push_body(minus), "anna");
        QCOMPARE(v.status, 400);
        QVERIFY2(v.error.find("is -1: an expected version") != std::string::npos, v.error.c_str());
        QVERIFY2(v.error.find("from 0 (a new stream)") != std::string::npos, v.error.c_str());
        QVERIFY2(v.error.find("has no event") == std::string::npos, v.error.c_str());
        // The batch's own judge (clients use it too) says so of the event.
        auto problems = batch_problems(minus);
        QCOMPARE(problems.size(), std::size_t(1));
        QVERIFY2(problems[0].reason.find("impossible expected version -1") != std::string::npos,
                 problems[0].reason.c_str());
    }

    // The planner's name is held to the desktops' own limit (core/planner.h),
    // not only to the metadata's 16 KiB.
    void aPlannerNameADesktopWouldRefuseIsRefused() {
        auto e = created();
        e.metadata = "{\"planner\":\"" + std::string(kMaxPlannerNameBytes + 1, 'p') + "\"}";
        auto v = check_push(body_of({e}), std::string(kMaxPlannerNameBytes + 1, 'p'));
        QCOMPARE(v.status, 400);
        QCOMPARE(v.rejected.at(0).field, std::string("metadata.planner"));
        QVERIFY2(v.rejected[0].reason.find("more than 128") != std::string::npos, v.rejected[0].reason.c_str());
        e.metadata = "{\"planner\":\"a\\u0001b\"}";
        QCOMPARE(check_push(body_of({e}), "a\x01" "b").rejected.at(0).field, std::string("metadata.planner"));
    }

    void eventsClaimingAnotherPlannerAreForbiddenEveryOne() {
        Uuid second = *Uuid::parse(next_id());
        std::vector<WireEvent> events{created(), created("R2", second)};
        events[0].metadata = "{\"planner\":\"marc\"}";
        events[1].metadata = "{\"planner\":\"root\"}";
        auto v = check_push(body_of(events), "anna");
        QCOMPARE(v.status, 403);
        QCOMPARE(v.rejected.size(), std::size_t(2));
        QCOMPARE(v.rejected[1].index, std::size_t(1));
        QCOMPARE(v.rejected[1].field, std::string("metadata.planner"));
        QVERIFY2(v.rejected[1].reason.find("root") != std::string::npos, v.rejected[1].reason.c_str());
        QVERIFY2(v.error.find("marc") != std::string::npos, v.error.c_str());
        // An invalid event is the first thing said: a 400, not a 403.
        events[1].type = "NukeEverything";
        QCOMPARE(check_push(body_of(events), "anna").status, 400);
    }

    void bodiesThatAreNotAPushAreRefused() {
        for (const char* body : {"", "{", "[]", "{\"events\":[]}", "{\"expected\":{},\"events\":{}}", "\xff\xfe",
                                 "{\"expected\":{\"a\":1.5},\"events\":[]}", "{\"expected\":{},\"events\":[]}",
                                 "{\"expected\":{},\"events\":[1,\"x\",null]}"}) {
            auto v = check_push(body, "anna");
            QVERIFY2(v.status == 400, body);
            QVERIFY(!v.error.empty());
        }
        std::string deep = "{\"expected\":{},\"events\":" + std::string(5000, '[') + std::string(5000, ']') + "}";
        QCOMPARE(check_push(deep, "anna").status, 400);
        // A Latin-1 byte, not UTF-8, inside a string.
        auto bad = body_of({created("R1")});
        bad.replace(bad.find("R1"), 2, "R\xe9");
        QCOMPARE(check_push(bad, "anna").status, 400);
    }

    void moreEventsThanALimitAreTooLargeBeforeAnyIsRead() {
        std::string body = "{\"expected\":{},\"events\":[";
        for (std::size_t i = 0; i <= kMaxBatchEvents; ++i) body += i ? ",1" : "1";
        body += "]}";
        auto v = check_push(body, "anna");
        QCOMPARE(v.status, 413);
        QVERIFY2(v.error.find("20000") != std::string::npos, v.error.c_str());
    }

    void aPayloadOverItsLimitIsRefused() {
        auto big = created();
        big.payload = "{\"rotation\":\"" + kRotation.str() + "\",\"name\":\"R1\",\"pad\":\"" + std::string(kMaxPayloadBytes, 'p') + "\"}";
        auto v = check_push(body_of({big}), "anna");
        QCOMPARE(v.status, 400);
        QCOMPARE(v.rejected.at(0).field, std::string("payload"));
        QVERIFY2(v.rejected[0].reason.find("more than") != std::string::npos, v.rejected[0].reason.c_str());
    }

    // Many megabytes are decoded on several threads: the verdict is the same
    // as one thread's, event for event.
    void aLargePushIsJudgedAsASmallOneWouldBe() {
        std::vector<WireEvent> events;
        for (int i = 0; i < 40; ++i) {
            std::vector<Leg> legs;
            for (int n = 0; n < 800; ++n) legs.push_back(leg(kDay, 1 + n));
            events.push_back(wire(LegsCreated{legs}, unassigned_stream(kDay), i + 1));
        }
        events[17].payload.replace(events[17].payload.find("\"XQ\""), 4, "\"XQXQ\"");
        events[33].payload += "x";
        auto v = check_push(body_of(events), "anna");
        QCOMPARE(v.status, 400);
        QCOMPARE(v.rejected_count, std::size_t(2));
        QCOMPARE(v.rejected[0].index, std::size_t(17));
        QCOMPARE(v.rejected[1].index, std::size_t(33));
        events[17] = wire(LegsCreated{{leg(kDay, 9)}}, unassigned_stream(kDay), 18);
        events[33] = wire(LegsCreated{{leg(kDay, 9)}}, unassigned_stream(kDay), 34);
        auto ok = check_push(body_of(events), "anna");
        QVERIFY2(ok.status == 200, ok.error.c_str());
        QCOMPARE(ok.batch.events[39].payload, events[39].payload);
    }
};

QTEST_GUILESS_MAIN(TestPushCheck)
#include "tst_push_check.moc"
