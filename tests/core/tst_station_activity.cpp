// One airport's day (core/station_activity.h): movements in time order, turns
// measured within a rotation only, hourly counts, connections in a window.
#include <QtTest>

#include "core/station_activity.h"
#include "support/test_legs.h"

using namespace rotaplan;
using namespace rotaplan::testing;

class TestStationActivity : public QObject {
    Q_OBJECT
    // Rotation R1: FRA-LIS-FRA with a 50-minute turn at LIS; rotation R2 only
    // departs LIS; a leg outside rotations arrives at LIS late; R3's next leg
    // departs elsewhere (a continuity break, not a turn).
    const Leg a = leg(1, "XQ100", "FRA", "LIS", "2026-06-12T06:00Z", "2026-06-12T09:00Z");
    const Leg b = leg(2, "XQ101", "LIS", "FRA", "2026-06-12T09:50Z", "2026-06-12T12:45Z");
    const Leg c = leg(3, "XQ200", "LIS", "OPO", "2026-06-12T09:50Z", "2026-06-12T10:40Z");
    const Leg d = leg(4, "XQ300", "MAD", "LIS", "2026-06-12T23:10Z", "2026-06-13T00:20Z");
    const Leg e = leg(5, "XQ400", "MUC", "LIS", "2026-06-12T10:00Z", "2026-06-12T13:00Z");
    const Leg f = leg(6, "XQ401", "OPO", "MUC", "2026-06-12T14:00Z", "2026-06-12T17:00Z");
    const Instant day = *parse_instant("2026-06-12T00:00Z");
    std::vector<StationLeg> legs{{&a, &b}, {&b, nullptr}, {&c, nullptr}, {&d, nullptr}, {&e, &f}, {&f, nullptr}};

private slots:
    void movementsComeInTimeOrderArrivalsFirstAtTheSameMinute() {
        Leg same = leg(7, "XQ500", "OPO", "LIS", "2026-06-12T09:00Z", "2026-06-12T09:50Z");
        auto with = legs;
        with.push_back({&same, nullptr});
        auto s = station_day(AirportCode::from("LIS"), day, day + 24 * 60, with);
        QStringList seen;
        for (const auto& m : s.movements)
            seen << QString::fromStdString(with[m.leg].leg->designator.flight.airline.str()) + QString::number(with[m.leg].leg->designator.flight.number) +
                        (m.kind == Movement::Kind::arrival ? "a" : "d");
        // XQ300 lands after midnight: it is the next day's movement.
        QCOMPARE(seen, (QStringList{"XQ100a", "XQ500a", "XQ101d", "XQ200d", "XQ400a"}));
    }
    void aTurnIsMeasuredToTheRotationsNextLegOnly() {
        auto s = station_day(AirportCode::from("LIS"), day, day + 24 * 60, legs);
        std::optional<int> arrival_turn, departure_turn, other_turn = -1, break_turn = -1;
        for (const auto& m : s.movements) {
            const Leg* l = legs[m.leg].leg;
            if (l == &a) arrival_turn = m.ground_minutes;
            if (l == &b) departure_turn = m.ground_minutes;
            if (l == &c) other_turn = m.ground_minutes;
            if (l == &e) break_turn = m.ground_minutes;
        }
        QCOMPARE(arrival_turn, std::optional<int>(50));
        QCOMPARE(departure_turn, std::optional<int>(50));
        QVERIFY(!other_turn);  // no rotation brought it here
        QVERIFY(!break_turn);  // its next leg departs OPO, not LIS
    }
    void hoursCountFromTheDaysStartInTheCallersClock() {
        auto utc = station_day(AirportCode::from("LIS"), day, day + 24 * 60, legs);
        QCOMPARE(utc.arrivals_per_hour[9], 1);
        QCOMPARE(utc.departures_per_hour[9], 2);
        QCOMPARE(utc.arrivals_per_hour[10], 0);
        QCOMPARE(utc.arrivals_per_hour[13], 1);
        // The same day read at UTC+1: starts an hour earlier, XQ300 (00:20Z
        // next day = 01:20 local) still outside, 09:00Z is local hour 10.
        auto local = station_day(AirportCode::from("LIS"), day + (-60), day + 23 * 60, legs);
        QCOMPARE(local.arrivals_per_hour[10], 1);
        QCOMPARE(local.departures_per_hour[10], 2);
        int total = 0;
        for (int n : local.arrivals_per_hour) total += n;
        QCOMPARE(total, 2);
    }
    void connectionsLieWithinTheWindowAtTheArrivalAirport() {
        auto from_a = connections_from(0, 30, 60, legs);
        QCOMPARE(from_a.size(), std::size_t(2));  // XQ101 and XQ200, both 50 minutes
        QCOMPARE(from_a[0].minutes, 50);
        QVERIFY(connections_from(0, 51, 180, legs).empty());  // too tight for a 51-minute minimum
        QVERIFY(connections_from(0, 0, 49, legs).empty());    // outside a 49-minute window
        QVERIFY(connections_from(4, 0, 600, legs).empty());   // nothing departs LIS after 13:00Z
    }
};

QTEST_APPLESS_MAIN(TestStationActivity)
#include "tst_station_activity.moc"
