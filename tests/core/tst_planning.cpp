// Commands decided across aggregates (core/planning), over an in-memory
// schedule that applies the decided events the way the store does.
#include <QtTest>

#include "support/test_legs.h"

#include <map>

#include "core/overloaded.h"
#include "core/planning.h"

using namespace rotaplan;
using rotaplan::testing::leg;

namespace {

class MemorySchedule final : public ScheduleReader {
public:
    std::map<RotationId, Versioned<rotation::State>> rotations;
    std::map<Date, Versioned<unassigned::State>> unassigned_days;
    std::map<Registration, Versioned<airplane::State>> airplanes;
    std::map<AirportCode, Versioned<airport::State>> airports;
    std::map<LegId, LegLocation> where;
    std::map<Uuid, Versioned<scenario::State>> scenarios;

    template <class S>
    static StateRef<S> ref(const Versioned<S>& v) { return std::make_shared<Versioned<S>>(v); }

    StateRef<rotation::State> rotation(RotationId id) override { return ref(rotations[id]); }
    StateRef<unassigned::State> unassigned(Date d) override {
        auto& p = unassigned_days[d];
        p.state.day_of_origin = d;
        return ref(p);
    }
    StateRef<airplane::State> airplane(const Registration& r) override { return ref(airplanes[r]); }
    StateRef<airport::State> airport(AirportCode c) override { return ref(airports[c]); }
    StateRef<scenario::State> scenario(const Uuid& id) override { return ref(scenarios[id]); }
    std::optional<Uuid> scenario_named(std::string_view name) override {
        for (auto& [id, s] : scenarios)
            if (s.state.exists && !s.state.deleted && s.state.name == name) return id;
        return std::nullopt;
    }
    std::optional<LegLocation> locate(LegId id) override {
        auto it = where.find(id);
        return it == where.end() ? std::nullopt : std::optional(it->second);
    }
    std::optional<RotationId> rotation_named(std::string_view name) override {
        for (auto& [id, r] : rotations)
            if (r.state.live() && r.state.name == name) return id;
        return std::nullopt;
    }
    std::optional<Registration> airplane_assigned_to(RotationId id) override {
        for (auto& [reg, a] : airplanes)
            if (a.state.rotation == id) return reg;
        return std::nullopt;
    }

    // Applies a plan like the store: version check, evolve, projections.
    void apply(const std::vector<StreamChange>& plan) {
        for (const auto& c : plan) {
            for (const Event& e : c.events) {
                std::visit(overloaded{
                               [&](const LegAddedToRotation& x) { where[x.leg.id] = {x.rotation, x.leg.designator.day_of_origin}; },
                               [&](const LegCreated& x) { where[x.leg.id] = {std::nullopt, x.leg.designator.day_of_origin}; },
                               [&](const LegsAddedToRotation& x) {
                                   for (const Leg& l : x.legs) where[l.id] = {x.rotation, l.designator.day_of_origin};
                               },
                               [&](const LegsCreated& x) {
                                   for (const Leg& l : x.legs) where[l.id] = {std::nullopt, l.designator.day_of_origin};
                               },
                               [&](const LegReleased& x) { where[x.leg.id] = {std::nullopt, x.leg.designator.day_of_origin}; },
                               [&](const LegDeleted& x) { where.erase(x.leg); },
                               [](const auto&) {},
                           },
                           e);
            }
            evolve_stream(c);
        }
    }
    std::vector<StreamChange> run(const Command& c) {
        auto plan = decide(*this, c);
        if (!plan) qFatal("refused: %s", plan.error().message.c_str());
        apply(*plan);
        return *plan;
    }

private:
    template <class S>
    static void step(Versioned<S>& v, const StreamChange& c) {
        if (v.version != c.expected_version) qFatal("stale expected version on %s", c.stream.c_str());
        for (const Event& e : c.events) v.state = evolve(std::move(v.state), e);
        v.version += std::int64_t(c.events.size());
    }
    void evolve_stream(const StreamChange& c) {
        auto tail = c.stream.substr(c.stream.find('-') + 1);
        if (c.stream.starts_with("rotation-")) step(rotations[RotationId{*Uuid::parse(tail)}], c);
        else if (c.stream.starts_with("unassigned-")) step(unassigned_days[*parse_date(tail)], c);
        else if (c.stream.starts_with("airplane-")) step(airplanes[Registration::from(tail)], c);
        else if (c.stream.starts_with("airport-")) step(airports[AirportCode::from(tail)], c);
        else if (c.stream.starts_with("scenario-")) step(scenarios[*Uuid::parse(tail)], c);
    }
};


const RotationId R1{Uuid{1, 1}}, R2{Uuid{2, 2}};
const Registration AIAA = Registration::from("D-AIAA"), AIAB = Registration::from("D-AIAB");

std::vector<std::string> streams(const std::vector<StreamChange>& plan) {
    std::vector<std::string> out;
    for (auto& c : plan) out.push_back(c.stream);
    return out;
}

}  // namespace

class TestPlanning : public QObject {
    Q_OBJECT
    Leg a = leg(10, "XQ100", "FRA", "MUC", "2026-04-01T06:00Z", "2026-04-01T07:05Z");
    Leg b = leg(11, "XQ101", "MUC", "FRA", "2026-04-01T08:00Z", "2026-04-01T09:00Z");
    Leg c = leg(12, "XQ102", "MUC", "FRA", "2026-04-02T08:30Z", "2026-04-02T09:30Z");

    void two_rotations(MemorySchedule& s) {
        s.run(CreateRotation{R1, "R1"});
        s.run(CreateRotation{R2, "R2"});
        s.run(AddLegs{R1, {a, b}});
        s.run(AddLegs{std::nullopt, {c}});
    }

private slots:
    void scenarioNamesAreUniqueAmongTheLiving() {
        MemorySchedule s;
        const Uuid A{7, 1}, B{7, 2}, C{7, 3};
        s.run(CreateScenario{A, "LIS twice daily", std::nullopt, "", "a second frequency"});
        auto again = decide(s, CreateScenario{B, "LIS twice daily", std::nullopt, "", ""});
        QVERIFY(!again);
        QVERIFY(again.error().message.find("exists already") != std::string::npos);
        QVERIFY(!decide(s, CreateScenario{B, "main", std::nullopt, "", ""}));  // the published schedule's name
        QVERIFY(!decide(s, CreateScenario{B, "", std::nullopt, "", ""}));
        QVERIFY(!decide(s, CreateScenario{B, "x", C, "", ""}));  // a base that does not exist
        s.run(DeleteScenario{A});
        QVERIFY(!decide(s, RenameScenario{A, "gone"}));  // a deleted scenario refuses everything
        s.run(CreateScenario{B, "LIS twice daily", std::nullopt, "", ""});  // its name is free again
        s.run(CreateScenario{C, "on top", B, "e1", ""});
        QCOMPARE(s.scenarios[C].state.base, std::optional<Uuid>(B));
        QVERIFY(!decide(s, RecordPromotion{C, 1, 0}));  // only a scenario based on main is promoted
        QVERIFY(!decide(s, RecordRebase{B, "e2", 3}));  // generations follow each other
        s.run(RecordRebase{B, "e2", 2});
        QCOMPARE(s.scenarios[B].state.generation, 2);
        QCOMPARE(s.scenarios[B].state.fork_event, std::string("e2"));
        auto promoted = s.run(RecordPromotion{B, 2, 5});
        QCOMPARE(promoted.front().stream, scenario_stream(B));
        QCOMPARE(std::get<ScenarioPromoted>(promoted.front().events.front()).commands, 5);
    }
    void scenarioStreamsCarryTheirPrefix() {
        const Uuid id{0x0190000000007000, 0x8000000000000001};
        std::string stream = "scenario/" + id.str() + "/12/" + rotation_stream(RotationId{Uuid{1, 1}});
        auto prefix = scenario_prefix(stream);
        QVERIFY(prefix);
        QCOMPARE(prefix->scenario, id);
        QCOMPARE(prefix->generation, 12);
        QCOMPARE(std::string(stream.substr(prefix->length)), rotation_stream(RotationId{Uuid{1, 1}}));
        QVERIFY(check_stream_name("RotationCreated", stream).empty());
        QVERIFY(!check_stream_name("RotationCreated", "scenario/" + id.str() + "/0/rotation-x").empty());
        QVERIFY(!check_stream_name("RotationCreated", "scenario/nonsense/1/" + rotation_stream(RotationId{Uuid{1, 1}})).empty());
        QVERIFY(!scenario_prefix("rotation-" + id.str()));
    }
    void rotationNamesAreUnique() {
        MemorySchedule s;
        s.run(CreateRotation{R1, "R1"});
        auto p = decide(s, CreateRotation{R2, "R1"});
        QVERIFY(!p);
        QCOMPARE(QString::fromStdString(p.error().message), QString("a rotation named R1 already exists"));
        s.run(CreateRotation{R2, "R2"});
        QVERIFY(!decide(s, RenameRotation{R2, "R1"}));
    }
    void streamsAreNamedByAggregate() {
        MemorySchedule s;
        auto plan = s.run(CreateRotation{R1, "R1"});
        QCOMPARE(plan.front().stream, rotation_stream(R1));
        QCOMPARE(QString::fromStdString(plan.front().stream), QString("rotation-") + QString::fromStdString(R1.value.str()));
        plan = s.run(AddLegs{std::nullopt, {c}});
        QCOMPARE(plan.front().stream, std::string("unassigned-2026-04-02"));
        plan = s.run(RegisterAirplane{AIAA, AircraftType::from("320"), 35});
        QCOMPARE(plan.front().stream, std::string("airplane-D-AIAA"));
        plan = s.run(SetAirportMinimumGroundTime{AirportCode::from("FRA"), 45});
        QCOMPARE(plan.front().stream, std::string("airport-FRA"));
        QVERIFY(std::holds_alternative<AirportDefined>(plan.front().events.front()));
    }
    void unassignedLegMovesIntoARotation() {
        MemorySchedule s;
        two_rotations(s);
        auto plan = s.run(MoveLegs{{c.id}, R2});
        QCOMPARE(streams(plan), (std::vector<std::string>{"unassigned-2026-04-02", rotation_stream(R2)}));
        QVERIFY((std::get<LegTaken>(plan[0].events[0]) == LegTaken{c.id, R2}));
        QVERIFY((std::get<LegAddedToRotation>(plan[1].events[0]) == LegAddedToRotation{R2, c}));
        QCOMPARE(plan[1].expected_version, 1);  // R2 had only its RotationCreated
        QVERIFY(s.where[c.id].rotation == R2);
    }
    void legMovesBetweenRotationsAndOut() {
        MemorySchedule s;
        two_rotations(s);
        auto plan = s.run(MoveLegs{{b.id}, R2});
        QCOMPARE(streams(plan), (std::vector<std::string>{rotation_stream(R1), rotation_stream(R2)}));
        QCOMPARE(s.rotations[R1].state.legs.size(), 1u);
        plan = s.run(MoveLegs{{b.id}, std::nullopt});
        QCOMPARE(streams(plan), (std::vector<std::string>{rotation_stream(R2), "unassigned-2026-04-01"}));
        QVERIFY(std::holds_alternative<LegReleased>(plan[1].events[0]));
        QVERIFY(!s.where[b.id].rotation);
    }
    void oneOverlapRefusesTheWholeMove() {
        MemorySchedule s;
        two_rotations(s);
        auto clash = leg(13, "XQ200", "MUC", "FRA", "2026-04-01T08:30Z", "2026-04-01T09:30Z");
        s.run(AddLegs{R2, {clash}});
        auto p = decide(s, MoveLegs{{a.id, b.id}, R2});
        QVERIFY(!p);
        QVERIFY(p.error().message.find("XQ200/MUC") != std::string::npos);
        QCOMPARE(s.rotations[R1].state.legs.size(), 2u);
    }
    void deletingARotationKeepsItsLegsAndFreesItsAirplane() {
        MemorySchedule s;
        two_rotations(s);
        s.run(RegisterAirplane{AIAA, AircraftType::from("320"), 35});
        s.run(AssignAirplane{AIAA, R1});
        auto plan = s.run(DeleteRotation{R1});
        QCOMPARE(streams(plan),
                 (std::vector<std::string>{rotation_stream(R1), "unassigned-2026-04-01", "airplane-D-AIAA"}));
        QCOMPARE(plan[1].events.size(), 2u);
        QVERIFY(!s.where[a.id].rotation && !s.where[b.id].rotation);
        QVERIFY(!s.airplanes[AIAA].state.rotation);
        QVERIFY(!s.rotation_named("R1"));
    }
    void onlyUnassignedLegsCanBeDeleted() {
        MemorySchedule s;
        two_rotations(s);
        auto p = decide(s, DeleteLegs{{a.id}});
        QVERIFY(!p);
        QCOMPARE(QString::fromStdString(p.error().message),
                 QString("leg XQ100/FRA/2026-04-01 flies in rotation R1; remove it from the rotation before deleting it"));
        s.run(DeleteLegs{{c.id}});
        QVERIFY(!s.locate(c.id));
        QCOMPARE(decide(s, DeleteLegs{{c.id}}).error().kind, DomainError::Kind::NotFound);
    }
    void newLegIdsMustBeNew() {
        MemorySchedule s;
        two_rotations(s);
        QVERIFY(!decide(s, AddLegs{R2, {a}}));
    }
    void oneAirplanePerRotation() {
        MemorySchedule s;
        two_rotations(s);
        s.run(RegisterAirplane{AIAA, AircraftType::from("320"), 35});
        s.run(RegisterAirplane{AIAB, AircraftType::from("320"), 35});
        s.run(AssignAirplane{AIAA, R1});
        auto p = decide(s, AssignAirplane{AIAB, R1});
        QVERIFY(!p);
        QVERIFY(p.error().message.find("already flown by airplane D-AIAA") != std::string::npos);
        auto plan = s.run(AssignAirplane{AIAA, R2});  // a reassignment moves the tail
        QCOMPARE(plan[0].events.size(), 2u);
        QVERIFY((std::get<AirplaneUnassigned>(plan[0].events[0]) == AirplaneUnassigned{AIAA, R1}));
        QVERIFY((std::get<AirplaneAssigned>(plan[0].events[1]) == AirplaneAssigned{AIAA, R2}));
        QVERIFY(!decide(s, AssignAirplane{Registration::from("D-NONE"), R1}));
    }
    void airplaneLifecycle() {
        MemorySchedule s;
        two_rotations(s);
        QVERIFY(!decide(s, RegisterAirplane{AIAA, AircraftType::from("320"), 1441}));
        s.run(RegisterAirplane{AIAA, AircraftType::from("320"), 35});
        QVERIFY(!decide(s, RegisterAirplane{AIAA, AircraftType::from("320"), 35}));
        QVERIFY(decide(s, UpdateAirplane{AIAA, AircraftType::from("320"), 35})->empty());
        s.run(AssignAirplane{AIAA, R1});
        auto plan = s.run(RemoveAirplane{AIAA});
        QVERIFY(std::holds_alternative<AirplaneUnassigned>(plan[0].events[0]));
        QVERIFY(std::holds_alternative<AirplaneRemoved>(plan[0].events[1]));
        QCOMPARE(decide(s, UnassignAirplane{AIAA}).error().kind, DomainError::Kind::NotFound);
        s.run(RegisterAirplane{AIAA, AircraftType::from("321"), 40});  // a removed tail may come back
        QCOMPARE(s.airplanes[AIAA].version, 5);
    }
    void retimeSpansRotationsAndUnassignedLegs() {
        MemorySchedule s;
        two_rotations(s);
        auto plan = s.run(RetimeLegs{{{a.id, a.std_utc + -10, a.sta_utc + -10}, {c.id, c.std_utc + 5, c.sta_utc + 5}}});
        QCOMPARE(streams(plan), (std::vector<std::string>{rotation_stream(R1), "unassigned-2026-04-02"}));
        QCOMPARE(s.rotations[R1].state.legs[0].std_utc, a.std_utc + -10);
        QCOMPARE(s.unassigned_days[c.designator.day_of_origin].state.find(c.id)->sta_utc, c.sta_utc + 5);
    }
    void airportsAreDefinedOnce() {
        MemorySchedule s;
        auto fra = AirportCode::from("FRA");
        s.run(DefineAirport{fra, 45, "Frankfurt", 60});
        QVERIFY(decide(s, SetAirportMinimumGroundTime{fra, 45})->empty());
        auto plan = s.run(SetAirportMinimumGroundTime{fra, 50});
        QVERIFY((std::get<AirportMinimumGroundTimeSet>(plan[0].events[0]) == AirportMinimumGroundTimeSet{fra, 50}));
        QCOMPARE(s.airports[fra].state.name, std::string("Frankfurt"));
        QVERIFY(!decide(s, DefineAirport{fra, 45, "", 15 * 60}));
    }
};

QTEST_APPLESS_MAIN(TestPlanning)
#include "tst_planning.moc"
