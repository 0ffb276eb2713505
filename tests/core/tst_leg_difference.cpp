// What differs between two versions of one leg (core/leg_difference.h): the
// one definition the re-import, restore and the comparison read.
#include <QtTest>

#include "core/leg_difference.h"
#include "support/test_legs.h"

using namespace rotaplan;
using namespace rotaplan::testing;

class TestLegDifference : public QObject {
    Q_OBJECT
    const Leg before = leg(1, "XQ100", "FRA", "MUC", "2026-04-01T06:00Z", "2026-04-01T07:05Z");

private slots:
    void theSameLegDiffersInNothing() {
        auto d = leg_difference(before, before);
        QVERIFY(!d.any() && !d.retimed() && !d.amended() && !d.rotation);
        QCOMPARE(d.departure_moved_by, 0);
        QVERIFY(!leg_difference(before, before, RotationId{Uuid{7, 7}}, RotationId{Uuid{7, 7}}).any());
    }
    void aRetimeSaysByHowMuchEachEndMoved() {
        Leg after = before;
        after.std_utc = before.std_utc + (-10);
        after.sta_utc = before.sta_utc + 25;
        auto d = leg_difference(before, after);
        QVERIFY(d.retimed() && !d.amended() && !d.rotation && d.any());
        QCOMPARE(d.departure_moved_by, -10);
        QCOMPARE(d.arrival_moved_by, 25);
        after.std_utc = before.std_utc;  // only the arrival moved: still retimed
        QVERIFY(leg_difference(before, after).retimed());
    }
    void eachAmendedFieldIsNamed() {
        Leg after = before;
        after.aircraft_type = AircraftType::from("321");
        auto d = leg_difference(before, after);
        QVERIFY(d.aircraft_type && d.amended() && !d.retimed() && !d.arrival && !d.service_type && !d.attributes);
        after = before;
        after.arrival = AirportCode::from("VIE");
        QVERIFY(leg_difference(before, after).arrival);
        after = before;
        after.service_type = 'C';
        QVERIFY(leg_difference(before, after).service_type);
    }
    void ssimAttributesAloneAreAnAmendment() {
        Leg after = before;
        after.attributes = 0x1234;
        auto d = leg_difference(before, after);
        QVERIFY(d.attributes && d.amended() && d.any());
        QVERIFY(!d.retimed() && !d.aircraft_type && !d.arrival && !d.service_type);
    }
    void aMoveIsBetweenRotationsOrOutOfOne() {
        RotationId r1{Uuid{7, 7}}, r2{Uuid{8, 8}};
        QVERIFY(leg_difference(before, before, r1, r2).rotation);
        QVERIFY(leg_difference(before, before, r1, std::nullopt).rotation);
        QVERIFY(leg_difference(before, before, std::nullopt, r2).rotation);
        auto d = leg_difference(before, before, r1, r2);
        QVERIFY(d.any() && !d.retimed() && !d.amended());
    }
};

QTEST_APPLESS_MAIN(TestLegDifference)
#include "tst_leg_difference.moc"
