// storage::Replica without a network: two stores exchange events through a
// tiny in-process log that applies the server's rule (expected versions, ids
// kept). The end-to-end behaviour through the real server is in tests/sync;
// these cases pin down what is hard to provoke through it.
#include <QTemporaryDir>
#include <QtTest>

#include <map>

#include "storage/sync/replica.h"
#include "storage/sync/scenarios.h"
#include "storage/eventstore/snapshots.h"
#include "storage/projections/checkpoints.h"
#include "storage_support.h"

using namespace rotaplan;
using namespace rotaplan::storage;
using rotaplan::testing::at;
using rotaplan::testing::make_leg;

namespace {

// The shared log, reduced to its rule: a batch goes in whole if every stream
// is still at the version the batch expects.
struct Log {
    std::vector<StoredEvent> events;
    std::map<std::string, std::int64_t> versions;

    bool push(Replica& r) {
        while (auto batch = r.next_batch(5000, 16u << 20)) {
            for (const auto& [stream, expected] : batch->expected)
                if (versions[stream] != expected) return false;
            std::vector<std::int64_t> positions;
            for (auto e : batch->events) {
                e.position = std::int64_t(events.size()) + 1;
                versions[e.stream] = e.version;
                positions.push_back(e.position);
                events.push_back(e);
            }
            r.acknowledge(*batch, positions);
        }
        return true;
    }
    IntegrateOutcome pull(Replica& r) {
        auto after = r.counts().pulled;
        std::vector<StoredEvent> news(events.begin() + after, events.end());
        return r.integrate(news, std::int64_t(events.size()));
    }
};

CommandContext as(const char* planner) {
    CommandContext c;
    c.planner = planner;
    c.host = "test";
    return c;
}

// A name nobody gave: the login name or "planner" (CommandContext::provisional).
CommandContext guessed(const char* planner) {
    auto c = as(planner);
    c.provisional = true;
    return c;
}

QStringList rows(ScheduleStore& st, const char* sql) {
    QStringList out;
    auto q = st.database().prepare(sql);
    while (q.step()) out << QString::fromStdString(q.str(0));
    return out;
}

// What every replica must hold alike, but for ids and metadata: streams, versions, types, payloads.
const char* kContent = "SELECT stream || '|' || version || '|' || type || '|' || payload FROM events ORDER BY stream, version";

}  // namespace

class ReplicaTest : public QObject {
    Q_OBJECT

private slots:
    void replay_drops_snapshots_that_hold_withdrawn_events();
    void a_command_no_longer_deciding_becomes_a_conflict_and_nothing_else_changes();
    void every_command_survives_the_outbox_round_trip();
    void the_first_binding_re_signs_pending_events_and_keeps_their_payloads();
    void a_name_the_planner_gave_is_not_taken_over_without_their_word();
    void a_fact_beyond_the_streams_makes_a_colleagues_event_meet_a_pending_one();
    void isolating_a_refused_command_decides_the_others_again_without_it();
    void a_server_without_scenarios_gets_mains_changes_and_the_scenarios_wait();
    void an_unreadable_event_is_kept_aside_with_its_stream_until_it_can_be_read();
};

void ReplicaTest::replay_drops_snapshots_that_hold_withdrawn_events() {
    QTemporaryDir dir;
    auto a_path = dir.filePath("a.db").toStdString(), b_path = dir.filePath("b.db").toStdString();
    RotationId r{*Uuid::parse(random_uuid())};
    Leg early = make_leg("XQ100", "FRA", "MUC", at("2026-04-01T06:00Z"), 60);
    Leg late = make_leg("XQ102", "MUC", "FRA", at("2026-04-01T12:00Z"), 60);
    Log log;
    {
        ScheduleStore a(a_path);
        QVERIFY(a.execute(CreateRotation{r, "R1"}, as("anna")).ok);
        QVERIFY(a.execute(AddLegs{r, {early, late}}, as("anna")).ok);
        // A long rotation: its version kSnapshotEvery, anna's offline edit below, is snapshotted.
        for (int i = 0; i < int(kSnapshotEvery) - 3; ++i)
            QVERIFY(a.execute(RetimeLegs{{{late.id, late.std_utc + (i % 2), late.sta_utc + (i % 2)}}}, as("anna")).ok);
        Replica ra(a);
        QVERIFY(log.push(ra));
        ScheduleStore b(b_path);
        Replica rb(b);
        log.pull(rb);
        // marc moves XQ102 to 07:30 and syncs first.
        QVERIFY(b.execute(RetimeLegs{{{late.id, at("2026-04-01T07:30Z"), at("2026-04-01T08:30Z")}}}, as("marc")).ok);
        QVERIFY(log.push(rb));
    }
    {
        // anna, offline, stretches XQ100 to 07:45: fine on what she knows, and the
        // rotation's snapshot now holds it.
        ScheduleStore a(a_path);
        Replica ra(a);
        QVERIFY(a.execute(RetimeLegs{{{early.id, early.std_utc, at("2026-04-01T07:45Z")}}}, as("anna")).ok);
        auto stream = "rotation-" + r.value.str();
        auto q = a.database().prepare("SELECT version FROM snapshots WHERE stream = ?");
        q.bind(1, std::string_view(stream));
        QVERIFY(q.step());
        QCOMPARE(q.int64(0), a.events().stream_version(stream));
        q.reset();
        // Checkpoints of the read models, the present's among them, hold her retime too.
        QVERIFY(take_checkpoints(a.database(), 1) > 0);
        const std::int64_t hers = a.events().last_position();
        QCOMPARE(checkpoint_list(a.database()).back().position, hers);
        QVERIFY(!log.push(ra));
        auto outcome = log.pull(ra);
        QVERIFY(outcome.replayed);
        QCOMPARE(outcome.new_conflicts, 1);  // XQ100 until 07:45 now overlaps XQ102 from 07:30
        for (const auto& c : checkpoint_list(a.database())) QVERIFY2(c.position < hers, std::to_string(c.position).c_str());
    }
    // A fresh process decides from snapshots: the one holding anna's withdrawn retime must be gone.
    ScheduleStore a(a_path);
    auto state = a.reader().rotation(r);
    QCOMPARE(state->state.legs.size(), std::size_t(2));
    QCOMPARE(state->state.legs[0].sta_utc, early.sta_utc);
    QCOMPARE(state->state.legs[1].std_utc, at("2026-04-01T07:30Z"));
    // And it decides accordingly: XQ100 cannot reach 07:45.
    QVERIFY(!a.execute(RetimeLegs{{{early.id, early.std_utc, at("2026-04-01T07:45Z")}}}, as("anna")).ok);
}

void ReplicaTest::a_command_no_longer_deciding_becomes_a_conflict_and_nothing_else_changes() {
    QTemporaryDir dir;
    ScheduleStore a(dir.filePath("a.db").toStdString()), b(dir.filePath("b.db").toStdString());
    Replica ra(a), rb(b);
    Log log;
    RotationId r{*Uuid::parse(random_uuid())}, s{*Uuid::parse(random_uuid())};
    Leg leg = make_leg("XQ100", "FRA", "MUC", at("2026-04-01T06:00Z"), 60);
    QVERIFY(a.execute(CreateRotation{r, "R1"}, as("anna")).ok);
    QVERIFY(a.execute(CreateRotation{s, "R2"}, as("anna")).ok);
    QVERIFY(a.execute(AddLegs{r, {leg}}, as("anna")).ok);
    QVERIFY(log.push(ra));
    log.pull(rb);
    // marc deletes R2; anna, offline, moves the leg into R2 and renames R1.
    QVERIFY(b.execute(DeleteRotation{s}, as("marc")).ok);
    QVERIFY(log.push(rb));
    QVERIFY(a.execute(MoveLegs{{leg.id}, s}, as("anna")).ok);
    QVERIFY(a.execute(RenameRotation{r, "R1 early"}, as("anna")).ok);
    QCOMPARE(ra.counts().pending, 2);
    QVERIFY(!log.push(ra));
    auto outcome = log.pull(ra);
    QVERIFY(outcome.replayed);
    QCOMPARE(outcome.redecided, 1);
    QCOMPARE(outcome.new_conflicts, 1);
    auto conflicts = ra.conflicts();
    QCOMPARE(conflicts.size(), std::size_t(1));
    QCOMPARE(QString::fromStdString(conflicts[0].command), QString("MoveLegs"));
    QCOMPARE(ra.counts().pending, 1);
    QVERIFY(log.push(ra));
    log.pull(rb);
    // Both stores hold the same events and the leg where marc's deletion left it, in R1 renamed.
    auto dump = [](ScheduleStore& st) {
        QStringList out;
        auto q = st.database().prepare("SELECT event_id, stream, version, payload FROM events ORDER BY stream, version");
        while (q.step()) out << QString::fromStdString(q.str(0) + q.str(1) + std::to_string(q.int64(2)) + q.str(3));
        return out;
    };
    QCOMPARE(dump(a), dump(b));
    QCOMPARE(b.database().scalar("SELECT count(*) FROM legs l JOIN rotations r ON r.rotation_id = l.rotation_id "
                                 "WHERE r.name = 'R1 early'"),
             std::int64_t(1));
    QVERIFY(ra.drop_conflict(conflicts[0].command_id));
    QCOMPARE(ra.counts().conflicts, 0);
}

void ReplicaTest::every_command_survives_the_outbox_round_trip() {
    QTemporaryDir dir;
    ScheduleStore a(dir.filePath("a.db").toStdString()), b(dir.filePath("b.db").toStdString());
    Replica ra(a), rb(b);
    Log log;
    RotationId r{*Uuid::parse(random_uuid())};
    QVERIFY(a.execute(CreateRotation{r, "R1"}, as("anna")).ok);
    QVERIFY(log.push(ra));
    log.pull(rb);
    // marc changes R1 so that every one of anna's offline commands must be decided again.
    QVERIFY(b.execute(RenameRotation{r, "R1 marc"}, as("marc")).ok);
    QVERIFY(log.push(rb));

    Leg in_r = make_leg("XQ100", "FRA", "MUC", at("2026-04-01T06:00Z"), 60);
    Leg loose = make_leg("XQ900", "FRA", "JFK", at("2026-04-02T10:00Z"), 510);
    Leg gone = make_leg("XQ901", "JFK", "FRA", at("2026-04-03T10:00Z"), 480);
    Leg amended = in_r;
    amended.aircraft_type = AircraftType::from("321");
    amended.service_type = 'C';
    amended.std_utc = in_r.std_utc + 5;  // after the retime below
    amended.sta_utc = in_r.sta_utc + 5;
    std::vector<Command> commands{
        AddLegs{r, {in_r}},
        AddLegs{std::nullopt, {loose, gone}},
        RetimeLegs{{{in_r.id, in_r.std_utc + 5, in_r.sta_utc + 5}}},
        AmendLegs{{amended}},
        DeleteLegs{{gone.id}},
        MoveLegs{{loose.id}, r},
        RegisterAirplane{Registration::from("D-AIAA"), AircraftType::from("320"), 35},
        UpdateAirplane{Registration::from("D-AIAA"), AircraftType::from("321"), 40},
        AssignAirplane{Registration::from("D-AIAA"), r},
        UnassignAirplane{Registration::from("D-AIAA")},
        RemoveAirplane{Registration::from("D-AIAA")},
        DefineAirport{AirportCode::from("FRA"), 45, "Frankfurt", 60},
        SetAirportMinimumGroundTime{AirportCode::from("FRA"), 50},
        RenameRotation{r, "R1 anna"},
        RecordImport{*Uuid::parse(random_uuid()), "airports", "airports.csv", "abc123", 1, {"t1", "t2"}, {"airports.csv:3:1: record: repeats line 2; read once"}},
        CreateRotation{RotationId{*Uuid::parse(random_uuid())}, "R9"},
    };
    for (const auto& c : commands) {
        auto outcome = a.execute(c, as("anna"));
        QVERIFY2(outcome.ok, outcome.error.message.c_str());
    }
    QVERIFY(!log.push(ra));
    IntegrateOutcome outcome;
    try {
        outcome = log.pull(ra);
    } catch (const std::exception& e) {
        QFAIL(e.what());
    }
    QVERIFY(outcome.replayed);
    // Every command read back from the outbox decides again as it did: none lost, none refused.
    QCOMPARE(outcome.new_conflicts, 0);
    QCOMPARE(outcome.redecided, int(commands.size()));
    QVERIFY(log.push(ra));
    log.pull(rb);
    auto rows = [](ScheduleStore& st, const char* sql) {
        QStringList out;
        auto q = st.database().prepare(sql);
        while (q.step()) out << QString::fromStdString(q.str(0));
        return out;
    };
    const char* legs = "SELECT airline || flight_number || departure || day_of_origin || hex(rotation_id) || std || sta || "
                       "aircraft_type || service_type FROM legs ORDER BY 1";
    QCOMPARE(rows(b, legs), rows(a, legs));
    QCOMPARE(rows(b, legs).size(), 2);
    QCOMPARE(rows(b, "SELECT name FROM rotations ORDER BY 1"), (QStringList{"R1 anna", "R9"}));
    QCOMPARE(rows(b, "SELECT airport || min_ground_minutes FROM airports"), QStringList{"FRA50"});
}

void ReplicaTest::the_first_binding_re_signs_pending_events_and_keeps_their_payloads() {
    QTemporaryDir dir;
    ScheduleStore a(dir.filePath("a.db").toStdString()), b(dir.filePath("b.db").toStdString());
    Replica ra(a), rb(b);
    Log log;
    RotationId r = testing::new_rotation();
    QVERIFY(a.execute(CreateRotation{r, "R1"}, guessed("planner")).ok);
    QVERIFY(a.execute(AddLegs{r, {make_leg("XQ100", "FRA", "MUC", at("2026-04-01T06:00Z"), 60)}}, guessed("planner")).ok);
    auto content = rows(a, kContent);
    auto views = testing::dump_projections(a.database());
    auto ids = rows(a, "SELECT event_id FROM events ORDER BY position");
    QCOMPARE(ra.counts().planner, std::string());

    auto binding = ra.bind("alice", "http://server", false);
    QCOMPARE(int(binding.outcome), int(Binding::Outcome::Bound));
    QVERIFY(binding.newly_bound);
    QCOMPARE(binding.resigned, 2);  // the rotation's creation, the leg added to it
    QCOMPARE(ra.counts().planner, std::string("alice"));
    QCOMPARE(ra.counts().pending, 2);
    QCOMPARE(rows(a, kContent), content);                      // payloads and versions untouched
    QCOMPARE(testing::dump_projections(a.database()), views);  // nothing decided again
    QCOMPARE(rows(a, "SELECT DISTINCT json_extract(metadata, '$.planner') || '/' || json_extract(metadata, "
                     "'$.local_planner') FROM events"),
             QStringList{"alice/planner"});
    QCOMPARE(rows(a, "SELECT event_id FROM sync_withdrawn_events ORDER BY position"), ids);  // the first ones kept
    for (const auto& id : ids) QVERIFY(!rows(a, "SELECT event_id FROM events").contains(id));

    // Bound: the same token again changes nothing; later commands are the bound planner's.
    QCOMPARE(ra.bind("alice", "http://server", false).resigned, 0);
    QVERIFY(a.execute(RenameRotation{r, "R1 early"}, guessed("root")).ok);
    QCOMPARE(rows(a, "SELECT json_extract(metadata, '$.planner') FROM events WHERE type = 'RotationRenamed'"),
             QStringList{"alice"});
    QVERIFY(log.push(ra));
    log.pull(rb);
    QCOMPARE(rows(b, kContent), rows(a, kContent));
    QCOMPARE(rows(b, "SELECT metadata FROM events ORDER BY stream, version"),
             rows(a, "SELECT metadata FROM events ORDER BY stream, version"));

    // Another planner's token is refused, and says whose the schedule is.
    auto wrong = ra.bind("bob", "http://server", false);
    QCOMPARE(int(wrong.outcome), int(Binding::Outcome::Mismatch));
    QCOMPARE(wrong.planner, std::string("alice"));
    QCOMPARE(wrong.bound_server, std::string("http://server"));
    QCOMPARE(ra.counts().planner, std::string("alice"));
}

void ReplicaTest::a_name_the_planner_gave_is_not_taken_over_without_their_word() {
    QTemporaryDir dir;
    ScheduleStore a(dir.filePath("a.db").toStdString());
    Replica ra(a);
    QVERIFY(a.execute(CreateRotation{testing::new_rotation(), "R1"}, as("anna")).ok);
    QVERIFY(a.execute(CreateRotation{testing::new_rotation(), "R2"}, guessed("planner")).ok);
    auto asked = ra.bind("marc", "http://server", false);
    // Bound to the token's planner; the change made as anna is held as a conflict, not taken over.
    QCOMPARE(int(asked.outcome), int(Binding::Outcome::Bound));
    QCOMPARE(asked.names, std::vector<std::string>{"anna"});
    QCOMPARE(asked.held, 1);
    QCOMPARE(ra.counts().planner, std::string("marc"));
    QCOMPARE(ra.conflicts().size(), std::size_t(1));
    QVERIFY(ra.conflicts()[0].reason.rfind("made as \"anna\"; this schedule is marc's", 0) == 0);
    QCOMPARE(rows(a, "SELECT json_extract(metadata, '$.planner') FROM events ORDER BY position"),
             (QStringList{"marc"}));
    // Their own name needs no word; the planner's word takes the others.
    auto adopted = ra.bind("marc", "http://server", true);
    QCOMPARE(int(adopted.outcome), int(Binding::Outcome::Bound));
    QCOMPARE(adopted.adopted, 1);
    QVERIFY(ra.conflicts().empty());
    QCOMPARE(rows(a, "SELECT json_extract(metadata, '$.planner') || '/' || json_extract(metadata, '$.local_planner') "
                     "FROM events ORDER BY position"),
             (QStringList{"marc/planner", "marc/anna"}));
}

void ReplicaTest::a_fact_beyond_the_streams_makes_a_colleagues_event_meet_a_pending_one() {
    QTemporaryDir dir;
    ScheduleStore a(dir.filePath("a.db").toStdString()), b(dir.filePath("b.db").toStdString());
    Replica ra(a), rb(b);
    Log log;
    RotationId shared = testing::new_rotation();
    QVERIFY(a.execute(CreateRotation{shared, "S"}, as("anna")).ok);
    QVERIFY(a.execute(RegisterAirplane{Registration::from("D-AIAA"), AircraftType::from("320"), 30}, as("anna")).ok);
    QVERIFY(a.execute(RegisterAirplane{Registration::from("D-AIAB"), AircraftType::from("320"), 30}, as("anna")).ok);
    QVERIFY(log.push(ra));
    log.pull(rb);
    // Offline, both name a new rotation RDUP (two streams) and give S an airplane (two airplanes' streams).
    QVERIFY(b.execute(CreateRotation{testing::new_rotation(), "RDUP"}, as("marc")).ok);
    QVERIFY(b.execute(AssignAirplane{Registration::from("D-AIAB"), shared}, as("marc")).ok);
    QVERIFY(log.push(rb));
    QVERIFY(a.execute(CreateRotation{testing::new_rotation(), "RDUP"}, as("anna")).ok);
    QVERIFY(a.execute(AssignAirplane{Registration::from("D-AIAA"), shared}, as("anna")).ok);
    auto outcome = log.pull(ra);
    QVERIFY(outcome.replayed);
    QCOMPARE(outcome.new_conflicts, 2);
    auto conflicts = ra.conflicts();
    QCOMPARE(conflicts.size(), std::size_t(2));
    QVERIFY2(conflicts[0].reason.find("a rotation named RDUP already exists") != std::string::npos, conflicts[0].reason.c_str());
    QVERIFY2(conflicts[1].reason.find("already flown by airplane D-AIAB") != std::string::npos, conflicts[1].reason.c_str());
    QCOMPARE(a.database().scalar("SELECT count(*) FROM rotations WHERE name = 'RDUP'"), 1);
    QCOMPARE(a.database().scalar("SELECT count(*) FROM airplanes WHERE rotation_id IS NOT NULL"), 1);
    // Under another name it applies.
    QVERIFY(ra.retry_conflict(conflicts[0].command_id, std::string("RDUP-A")).ok);
    QVERIFY(!ra.retry_conflict(conflicts[1].command_id, std::string("X")).ok);  // an assignment has no name
    QVERIFY(log.push(ra));
    log.pull(rb);
    QCOMPARE(rows(b, "SELECT name FROM rotations ORDER BY name"), (QStringList{"RDUP", "RDUP-A", "S"}));
    QCOMPARE(rows(b, kContent), rows(a, kContent));
}

// A server of protocol 1 has no scenarios: a batch for it skips every command
// that writes one (its registry entry too), in order, and they stay pending.
void ReplicaTest::a_server_without_scenarios_gets_mains_changes_and_the_scenarios_wait() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("a.db").toStdString();
    ScheduleStore a(path);
    Replica ra(a);
    RotationId r = testing::new_rotation();
    QVERIFY(a.execute(CreateRotation{r, "R"}, as("anna")).ok);
    create_scenario(a, "June", "", std::nullopt, "", as("anna"));
    {
        ScheduleStore june(path, "June");
        QVERIFY(june.execute(AddLegs{r, {make_leg("XQ100", "FRA", "MUC", at("2026-04-01T06:00Z"), 60)}}, as("anna")).ok);
    }
    QVERIFY(a.execute(RenameRotation{r, "R2"}, as("anna")).ok);
    QCOMPARE(ra.scenario_commands_pending(), std::int64_t(2));
    auto all = ra.next_batch(5000, 16u << 20);
    QCOMPARE(all->commands.size(), std::size_t(4));
    auto main_only = ra.next_batch(5000, 16u << 20, 100, false);
    QVERIFY(main_only);
    QCOMPARE(main_only->commands.size(), std::size_t(2));
    for (const auto& e : main_only->events) QVERIFY2(e.stream.rfind("scenario", 0) != 0, e.stream.c_str());
    QCOMPARE(main_only->commands[0], all->commands[0]);
    QCOMPARE(main_only->commands[1], all->commands[3]);
    std::vector<std::int64_t> positions;
    for (std::size_t i = 0; i < main_only->events.size(); ++i) positions.push_back(std::int64_t(i) + 1);
    ra.acknowledge(*main_only, positions);
    QCOMPARE(ra.counts().pending, 2);
    QVERIFY(!ra.next_batch(5000, 16u << 20, 100, false));
    QCOMPARE(ra.next_batch(5000, 16u << 20)->commands.size(), std::size_t(2));
}

void ReplicaTest::isolating_a_refused_command_decides_the_others_again_without_it() {
    QTemporaryDir dir;
    ScheduleStore a(dir.filePath("a.db").toStdString());
    Replica ra(a);
    RotationId r = testing::new_rotation(), s = testing::new_rotation();
    QVERIFY(a.execute(CreateRotation{r, "R"}, as("anna")).ok);
    QVERIFY(a.execute(AddLegs{r, {make_leg("XQ100", "FRA", "MUC", at("2026-04-01T06:00Z"), 60)}}, as("anna")).ok);
    QVERIFY(a.execute(CreateRotation{s, "S"}, as("anna")).ok);
    auto batch = ra.next_batch(5000, 16u << 20);
    QVERIFY(batch);
    QCOMPARE(batch->commands.size(), std::size_t(3));
    QCOMPARE(batch->command_of.size(), batch->events.size());
    QCOMPARE(batch->command_of.front(), std::size_t(0));
    QCOMPARE(batch->command_of.back(), std::size_t(2));
    // Commands, not events, are the unit: halving a batch keeps whole commands.
    QCOMPARE(ra.next_batch(5000, 16u << 20, 2)->commands.size(), std::size_t(2));

    auto outcome = ra.isolate({{batch->commands[0], "the server refused it (403): no"}});
    QVERIFY(outcome.replayed);
    QCOMPARE(outcome.new_conflicts, 2);  // the creation, and the leg that needed it
    auto conflicts = ra.conflicts();
    QCOMPARE(conflicts[0].reason, std::string("the server refused it (403): no"));
    QCOMPARE(ra.counts().pending, 1);
    QCOMPARE(rows(a, "SELECT name FROM rotations"), QStringList{"S"});
    QCOMPARE(a.database().scalar("SELECT count(*) FROM legs"), 0);
    QCOMPARE(a.database().scalar("SELECT count(*) FROM sync_withdrawn_events"), 3);
    // Retried, the creation and its leg come back (the leg read from its withdrawn events).
    QVERIFY(ra.retry_conflict(conflicts[0].command_id).ok);
    QVERIFY(ra.retry_conflict(conflicts[1].command_id).ok);
    QCOMPARE(a.database().scalar("SELECT count(*) FROM legs WHERE rotation_id IS NOT NULL"), 1);
    QCOMPARE(ra.counts().pending, 3);
}

void ReplicaTest::an_unreadable_event_is_kept_aside_with_its_stream_until_it_can_be_read() {
    QTemporaryDir dir;
    ScheduleStore a(dir.filePath("a.db").toStdString()), b(dir.filePath("b.db").toStdString());
    Replica ra(a), rb(b);
    Log log;
    RotationId r = testing::new_rotation();
    QVERIFY(b.execute(CreateRotation{r, "R"}, as("marc")).ok);
    QVERIFY(b.execute(RenameRotation{r, "R later"}, as("marc")).ok);
    QVERIFY(b.execute(CreateRotation{testing::new_rotation(), "S"}, as("marc")).ok);
    QVERIFY(log.push(rb));
    // As a newer Rotaplan wrote it: R's creation in a schema this one does not know.
    log.events[0].schema_version = 99;
    // And what no Rotaplan writes: a version that does not follow its stream, on a stream of its own.
    StoredEvent stray = log.events[2];
    stray.event_id = random_uuid();
    stray.stream = "rotation-" + testing::new_rotation().value.str();
    stray.version = 7;
    stray.position = 4;
    log.events.push_back(stray);

    IntegrateOutcome pulled;
    try {
        pulled = log.pull(ra);
    } catch (const std::exception& e) {
        QFAIL(e.what());  // never a wall
    }
    QCOMPARE(pulled.quarantined, 3);  // R's creation, the rename behind it, the stray
    QCOMPARE(pulled.appended, 1);
    QCOMPARE(ra.counts().quarantined, 3);
    QCOMPARE(ra.counts().pulled, 4);
    QCOMPARE(rows(a, "SELECT name FROM rotations"), QStringList{"S"});
    auto kept = ra.quarantined();
    QCOMPARE(kept.size(), std::size_t(3));
    QVERIFY2(kept[0].reason.find("newer Rotaplan") != std::string::npos, kept[0].reason.c_str());
    QVERIFY2(kept[1].reason.find("follows an event of its stream") != std::string::npos, kept[1].reason.c_str());
    QVERIFY2(kept[2].reason.find("its version 7 does not follow version 0") != std::string::npos, kept[2].reason.c_str());
    QCOMPARE(kept[0].planner, std::string("marc"));

    // A command on the held stream cannot be taken by the server: it becomes a conflict.
    QVERIFY(a.execute(CreateRotation{r, "R mine"}, as("anna")).ok);
    QCOMPARE(ra.isolate_blocked().new_conflicts, 1);
    QVERIFY(ra.conflicts()[0].reason.find("cannot read") != std::string::npos);
    QVERIFY(!ra.retry_conflict(ra.conflicts()[0].command_id).ok);  // not while it is held
    QVERIFY(ra.drop_conflict(ra.conflicts()[0].command_id));

    // A Rotaplan that reads the kept event (here: the kept row as this one reads it) brings it in,
    // and the rename behind it; the stray stays.
    a.database().exec("UPDATE sync_quarantine SET schema_version = 1 WHERE schema_version = 99");
    auto later = ra.integrate({}, 4);
    QCOMPARE(later.released, 2);
    QCOMPARE(ra.counts().quarantined, 1);
    QCOMPARE(rows(a, "SELECT name FROM rotations ORDER BY name"), (QStringList{"R later", "S"}));
}

QTEST_GUILESS_MAIN(ReplicaTest)
#include "tst_replica.moc"
