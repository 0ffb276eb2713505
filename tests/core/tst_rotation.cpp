// The Rotation decider: its one invariant (no overlapping legs) and its events.
#include <QtTest>

#include "support/test_legs.h"

#include "core/rotation.h"

using namespace rotaplan;
using rotaplan::testing::leg;
using namespace rotaplan::rotation;

namespace {


const RotationId kR1{Uuid{1, 1}};

State applied(State s, const Decision& d) {
    for (const Event& e : *d) s = evolve(std::move(s), e);
    return s;
}

State created() { return applied(State{}, decide(State{}, Create{kR1, "R1"})); }

}  // namespace

class TestRotation : public QObject {
    Q_OBJECT
    Leg a = leg(10, "XQ100", "FRA", "MUC", "2026-04-01T06:00Z", "2026-04-01T07:05Z");
    Leg b = leg(11, "XQ101", "MUC", "FRA", "2026-04-01T08:00Z", "2026-04-01T09:00Z");
private slots:
    void createEmitsRotationCreated() {
        auto d = decide(State{}, Create{kR1, "R1"});
        QVERIFY(d);
        QCOMPARE(d->size(), 1u);
        QVERIFY((std::get<RotationCreated>(d->front()) == RotationCreated{kR1, "R1"}));
        QVERIFY(!decide(created(), Create{kR1, "R1"}));
        QCOMPARE(decide(State{}, Create{kR1, ""}).error().kind, DomainError::Kind::Invalid);
    }
    void legsAreKeptSortedBySTD() {
        auto s = applied(created(), decide(created(), AddLegs{{b, a}}));
        QCOMPARE(s.legs.size(), 2u);
        QVERIFY(s.legs[0].id == a.id && s.legs[1].id == b.id);
    }
    void overlapIsRefusedNamingBothLegs() {
        auto s = applied(created(), decide(created(), AddLegs{{a}}));
        auto c = leg(12, "XQ102", "MUC", "FRA", "2026-04-01T07:00Z", "2026-04-01T08:00Z");
        auto d = decide(s, AddLegs{{c}});
        QVERIFY(!d);
        QCOMPARE(d.error().kind, DomainError::Kind::Rejected);
        QCOMPARE(QString::fromStdString(d.error().message),
                 QString("leg XQ102/MUC/2026-04-01 MUC-FRA 2026-04-01T07:00Z-2026-04-01T08:00Z would overlap leg "
                         "XQ100/FRA/2026-04-01 FRA-MUC 2026-04-01T06:00Z-2026-04-01T07:05Z in rotation R1"));
        // A leg swallowing an existing one, and one ending inside it.
        QVERIFY(!decide(s, AddLegs{{leg(13, "XQ1", "FRA", "MUC", "2026-04-01T05:00Z", "2026-04-01T09:00Z")}}));
        QVERIFY(!decide(s, AddLegs{{leg(14, "XQ2", "FRA", "MUC", "2026-04-01T05:00Z", "2026-04-01T06:01Z")}}));
    }
    void touchingLegsAreAllowed() {
        auto s = applied(created(), decide(created(), AddLegs{{a}}));
        QVERIFY(decide(s, AddLegs{{leg(15, "XQ3", "MUC", "FRA", "2026-04-01T07:05Z", "2026-04-01T08:00Z")}}));
        QVERIFY(decide(s, AddLegs{{leg(16, "XQ4", "MUC", "FRA", "2026-04-01T05:00Z", "2026-04-01T06:00Z")}}));
    }
    void overlapWithinOneAddIsRefused() {
        auto c = leg(12, "XQ102", "MUC", "FRA", "2026-04-01T08:30Z", "2026-04-01T09:30Z");
        auto d = decide(created(), AddLegs{{a, b, c}});
        QVERIFY(!d);
        QVERIFY(d.error().message.find("XQ101/MUC") != std::string::npos);
        QVERIFY(d.error().message.find("XQ102/MUC") != std::string::npos);
    }
    void staMustFollowStd() {
        auto bad = leg(17, "XQ5", "FRA", "MUC", "2026-04-01T06:00Z", "2026-04-01T06:00Z");
        QCOMPARE(decide(created(), AddLegs{{bad}}).error().kind, DomainError::Kind::Invalid);
    }
    void retimeIntoAnOverlapIsRefused() {
        auto s = applied(created(), decide(created(), AddLegs{{a, b}}));
        auto d = decide(s, RetimeLegs{{{b.id, *parse_instant("2026-04-01T07:00Z"), *parse_instant("2026-04-01T08:00Z")}}});
        QVERIFY(!d);
        QVERIFY(d.error().message.find("XQ100/FRA") != std::string::npos);
        QVERIFY(d.error().message.find("XQ101/MUC") != std::string::npos);
    }
    void retimeCanReorderLegs() {
        auto s = applied(created(), decide(created(), AddLegs{{a, b}}));
        auto d = decide(s, RetimeLegs{{{b.id, *parse_instant("2026-04-01T03:00Z"), *parse_instant("2026-04-01T04:00Z")}}});
        QVERIFY(d);
        QVERIFY((std::get<LegRetimed>(d->front()) ==
                 LegRetimed{b.id, *parse_instant("2026-04-01T03:00Z"), *parse_instant("2026-04-01T04:00Z")}));
        s = applied(s, d);
        QVERIFY(s.legs[0].id == b.id);
    }
    void removeAndDelete() {
        auto s = applied(created(), decide(created(), AddLegs{{a, b}}));
        QCOMPARE(decide(s, RemoveLegs{{LegId{Uuid{99, 99}}}}).error().kind, DomainError::Kind::NotFound);
        auto d = decide(s, Delete{});
        QVERIFY(d);
        QCOMPARE(d->size(), 3u);  // each leg leaves, then the rotation goes
        QVERIFY(std::holds_alternative<LegRemovedFromRotation>((*d)[0]));
        QVERIFY(std::holds_alternative<RotationDeleted>((*d)[2]));
        s = applied(s, d);
        QVERIFY(!s.live() && s.legs.empty());
        QCOMPARE(decide(s, AddLegs{{a}}).error().kind, DomainError::Kind::NotFound);
        // Created again under its id (the undo of a deletion): live and empty once more.
        QCOMPARE(decide(created(), Create{s.id, "R1"}).error().kind, DomainError::Kind::Rejected);
        auto again = decide(s, Create{s.id, "R1 again"});
        QVERIFY(again);
        s = applied(s, again);
        QVERIFY(s.live() && s.legs.empty());
        QCOMPARE(s.name, std::string("R1 again"));
    }
    void renameToTheSameNameIsANoOp() {
        QVERIFY(decide(created(), Rename{"R1"})->empty());
        QCOMPARE(decide(created(), Rename{"R2"})->size(), 1u);
    }
};

QTEST_APPLESS_MAIN(TestRotation)
#include "tst_rotation.moc"
