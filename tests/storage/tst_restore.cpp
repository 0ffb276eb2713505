// restore (storage/imports/restore.h): the commands that take a schedule from
// one state to another, as the desktop undoes and redoes a whole import.
//
//   by hand: the same state twice gives no command; each kind of difference its
//            command, in an order the deciders accept (airplanes leave before
//            rotations are deleted, legs leave rotations before they are deleted)
//   on a real store: restore(after, before) in one transaction gives back the
//            state read before; restore(before, after) the state after
#include <QtTest>

#include "core/overloaded.h"
#include "storage/imports/restore.h"
#include "storage/schedule_store.h"
#include "storage_support.h"
#include "support/temporary_store.h"

using namespace rotaplan;
using namespace rotaplan::storage;
using rotaplan::testing::at;
using rotaplan::testing::kCtx;
using rotaplan::testing::make_leg;

namespace {

LegRow row(const Leg& leg, std::optional<RotationId> rotation = std::nullopt) {
    LegRow r;
    r.leg = leg;
    r.rotation = rotation;
    return r;
}

RotationRow rotation_row(RotationId id, const char* name) {
    RotationRow r;
    r.id = id;
    r.name = name;
    return r;
}

AirplaneRow airplane_row(const char* registration, const char* rotation_name) {
    AirplaneRow a;
    a.registration = registration;
    a.aircraft_type = "320";
    a.rotation_name = rotation_name;
    return a;
}

// Each command's name, in order.
QStringList names(const std::vector<Command>& commands) {
    QStringList out;
    for (const auto& c : commands) out << command_name(c);
    return out;
}

// The state as text, for comparing two reads of a store.
QString text(const ScheduleState& s) {
    QStringList out;
    std::vector<const LegRow*> legs;
    for (const auto& [id, r] : s.legs) legs.push_back(&r);
    std::sort(legs.begin(), legs.end(), [](auto* a, auto* b) { return a->leg.id.value.str() < b->leg.id.value.str(); });
    for (const auto* r : legs)
        out << QString::fromStdString(r->leg.id.value.str() + " " + format_designator(r->leg.designator) + " " +
                                      format_instant(r->leg.std_utc) + "-" + format_instant(r->leg.sta_utc) + " " +
                                      r->leg.arrival.str() + " " + r->leg.aircraft_type.str() + " " +
                                      (r->rotation ? r->rotation->value.str() : "-"));
    for (const auto& r : s.rotations) out << QString::fromStdString("rotation " + r.id.value.str() + " " + r.name);
    for (const auto& a : s.airplanes) out << QString::fromStdString("airplane " + a.registration + " " + a.rotation_name);
    return out.join('\n');
}

}  // namespace

class TestRestore : public QObject {
    Q_OBJECT
    testing::StoreFolder dir_;
    const RotationId r1_{Uuid{101, 1}}, r2_{Uuid{102, 2}}, r3_{Uuid{103, 3}};

private slots:
    void theSameStateNeedsNoCommand() {
        ScheduleState s;
        Leg leg = make_leg("XQ100", "FRA", "MUC", at("2026-04-01T06:00Z"), 60);
        s.legs.emplace(leg.id, row(leg, r1_));
        s.rotations = {rotation_row(r1_, "R1")};
        s.airplanes = {airplane_row("D-AIAA", "R1")};
        QVERIFY(restore(s, s).empty());
        QVERIFY(restore({}, {}).empty());
    }

    void eachDifferenceHasItsCommandInAnOrderTheDecidersAccept() {
        Leg kept = make_leg("XQ100", "FRA", "MUC", at("2026-04-01T06:00Z"), 60);
        Leg gone = make_leg("XQ101", "MUC", "FRA", at("2026-04-01T08:00Z"), 60);
        Leg moved = make_leg("XQ200", "FRA", "VIE", at("2026-04-01T10:00Z"), 75);
        Leg added = make_leg("XQ300", "VIE", "FRA", at("2026-04-01T13:00Z"), 80);
        Leg retimed = kept;
        retimed.std_utc = kept.std_utc + 10;
        retimed.sta_utc = kept.sta_utc + 10;
        Leg amended = moved;
        amended.aircraft_type = AircraftType::from("321");

        ScheduleState from, to;
        from.legs.emplace(kept.id, row(kept, r1_));
        from.legs.emplace(gone.id, row(gone, r1_));
        from.legs.emplace(moved.id, row(moved, r1_));
        from.rotations = {rotation_row(r1_, "R1"), rotation_row(r2_, "R2")};
        from.airplanes = {airplane_row("D-AIAA", "R1"), airplane_row("D-AIAB", "R2")};

        to.legs.emplace(retimed.id, row(retimed, r1_));
        to.legs.emplace(amended.id, row(amended, r3_));
        to.legs.emplace(added.id, row(added, r3_));
        to.rotations = {rotation_row(r1_, "R1"), rotation_row(r3_, "R3")};
        to.airplanes = {airplane_row("D-AIAA", "R3"), airplane_row("D-AIAB", "")};

        auto commands = restore(from, to);
        QCOMPARE(names(commands), (QStringList{"UnassignAirplane", "UnassignAirplane", "CreateRotation", "MoveLegs",
                                               "DeleteLegs", "AddLegs", "RetimeLegs", "AmendLegs", "MoveLegs",
                                               "AssignAirplane", "DeleteRotation"}));
        auto* created = std::get_if<CreateRotation>(&commands[2]);
        QVERIFY(created && created->rotation == r3_ && created->name == "R3");
        // Out of R1: the leg that goes and the leg that moves to R3.
        auto* out = std::get_if<MoveLegs>(&commands[3]);
        QVERIFY(out && !out->to && out->legs.size() == 2);
        QCOMPARE(std::get<DeleteLegs>(commands[4]).legs, std::vector<LegId>{gone.id});
        auto& new_legs = std::get<AddLegs>(commands[5]);
        QVERIFY(!new_legs.rotation);  // outside any rotation first, moved in after
        QCOMPARE(new_legs.legs.size(), std::size_t(1));
        QCOMPARE(new_legs.legs[0].id, added.id);
        auto& times = std::get<RetimeLegs>(commands[6]).times;
        QCOMPARE(times.size(), std::size_t(1));
        QCOMPARE(times[0].leg, kept.id);
        QCOMPARE(times[0].std_utc, retimed.std_utc);
        auto& amendments = std::get<AmendLegs>(commands[7]).legs;
        QCOMPARE(amendments.size(), std::size_t(1));
        QCOMPARE(amendments[0].aircraft_type, AircraftType::from("321"));
        auto& into = std::get<MoveLegs>(commands[8]);
        QCOMPARE(into.to, std::optional<RotationId>(r3_));
        QCOMPARE(into.legs.size(), std::size_t(2));
        auto& assigned = std::get<AssignAirplane>(commands[9]);
        QCOMPARE(assigned.registration, Registration::from("D-AIAA"));
        QCOMPARE(assigned.rotation, r3_);
        QCOMPARE(std::get<DeleteRotation>(commands[10]).rotation, r2_);
    }

    void onARealStoreUndoGivesBackTheStateBeforeAndRedoTheStateAfter() {
        ScheduleStore store(dir_.next_store_path());
        auto run = [&](const Command& c) { QVERIFY2(store.execute(c, kCtx).ok, command_name(c)); };
        Leg a = make_leg("XQ100", "FRA", "MUC", at("2026-04-01T06:00Z"), 60);
        Leg b = make_leg("XQ101", "MUC", "FRA", at("2026-04-01T08:00Z"), 60);
        run(RegisterAirplane{Registration::from("D-AIAA"), AircraftType::from("320"), 30});
        run(CreateRotation{r1_, "R1"});
        run(AddLegs{r1_, {a, b}});
        run(AssignAirplane{Registration::from("D-AIAA"), r1_});
        auto before = read_state(store.database());
        QCOMPARE(before.legs.size(), std::size_t(2));

        // What an import might do: a new rotation, a leg moved into it with the airplane, a leg retimed, one added.
        Leg c = make_leg("XQ102", "FRA", "CDG", at("2026-04-01T12:00Z"), 90);
        run(CreateRotation{r2_, "R2"});
        run(MoveLegs{{b.id}, r2_});
        run(AssignAirplane{Registration::from("D-AIAA"), r2_});
        run(RetimeLegs{{{a.id, a.std_utc + 5, a.sta_utc + 5}}});
        run(AddLegs{std::nullopt, {c}});
        auto after = read_state(store.database());
        QVERIFY(text(after) != text(before));

        auto apply = [&](const std::vector<Command>& commands) {
            std::vector<IssuedCommand> batch;
            for (const auto& command : commands) batch.push_back({command, kCtx});
            for (const auto& outcome : store.execute_batch(batch)) QVERIFY2(outcome.ok, outcome.error.message.c_str());
        };
        apply(restore(after, before));  // undo
        QCOMPARE(text(read_state(store.database())), text(before));
        apply(restore(before, after));  // redo
        QCOMPARE(text(read_state(store.database())), text(after));
    }
};

QTEST_GUILESS_MAIN(TestRestore)
#include "tst_restore.moc"
