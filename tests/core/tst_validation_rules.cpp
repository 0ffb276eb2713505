// The three constraints as pure functions: which pairs break continuity or
// minimum ground time, with the boundaries a planner argues about.
#include <QtTest>

#include "support/test_legs.h"
#include "core/validation/rules.h"

using namespace rotaplan;
using namespace rotaplan::validation;
using rotaplan::testing::leg;

namespace {

std::function<int(AirportCode)> airports(std::map<std::string, int> m) {
    return [m](AirportCode a) {
        auto it = m.find(a.str());
        return it == m.end() ? 0 : it->second;
    };
}

}  // namespace

class TestValidationRules : public QObject {
    Q_OBJECT

private slots:
    // The fourth finding: a name more than one rotation holds, each such name once, its rotations in id order.
    void aRotationNameHeldTwiceIsFound() {
        RotationId a{Uuid::v4(1, 1)}, b{Uuid::v4(2, 2)}, c{Uuid::v4(3, 3)};
        std::map<RotationId, std::string> rotations{{a, "R1"}, {b, "R2"}, {c, "R1"}};
        auto found = duplicate_rotation_names(rotations);
        QCOMPARE(found.size(), std::size_t(1));
        QCOMPARE(found[0].name, std::string("R1"));
        QCOMPARE(found[0].rotations, (std::vector<RotationId>{std::min(a, c), std::max(a, c)}));
        rotations[c] = "r1";  // names are told apart as the deciders tell them
        QVERIFY(duplicate_rotation_names(rotations).empty());
    }

    void continuousRotationWithEnoughGroundTimeIsValid() {
        std::vector<Leg> r{leg(1, "XQ100", "FRA", "MUC", "2026-04-01T06:00Z", "2026-04-01T07:00Z"),
                           leg(2, "XQ101", "MUC", "FRA", "2026-04-01T07:30Z", "2026-04-01T08:30Z")};
        QVERIFY(check_rotation(r, 30, airports({{"MUC", 30}})).empty());
    }

    void groundTimeEqualToTheMinimumIsEnough() {
        std::vector<Leg> r{leg(1, "XQ100", "FRA", "MUC", "2026-04-01T06:00Z", "2026-04-01T07:00Z"),
                           leg(2, "XQ101", "MUC", "FRA", "2026-04-01T07:35Z", "2026-04-01T08:30Z")};
        QVERIFY(check_rotation(r, 0, airports({{"MUC", 35}})).empty());
        auto v = check_rotation(r, 0, airports({{"MUC", 36}}));
        QCOMPARE(v.size(), std::size_t(1));
        QCOMPARE(v[0].constraint, Constraint::MinimumGroundTime);
        QCOMPARE(v[0].actual_minutes, 35);
        QCOMPARE(v[0].required_minutes, 36);
        QCOMPARE(v[0].first, r[0].id);
        QCOMPARE(v[0].second, r[1].id);
    }

    // The larger of the arrival airport's minimum and the airplane's decides;
    // a missing one counts as 0.
    void theLargerMinimumApplies_data() {
        QTest::addColumn<int>("airplane");
        QTest::addColumn<int>("airport");
        QTest::addColumn<int>("required");
        QTest::addColumn<bool>("violated");
        QTest::newRow("airplane larger") << 45 << 30 << 45 << true;   // ground is 40
        QTest::newRow("airport larger") << 30 << 50 << 50 << true;
        QTest::newRow("no airplane") << 0 << 40 << 40 << false;
        QTest::newRow("no airport minimum") << 39 << 0 << 39 << false;
        QTest::newRow("neither") << 0 << 0 << 0 << false;
    }
    void theLargerMinimumApplies() {
        QFETCH(int, airplane);
        QFETCH(int, airport);
        QFETCH(int, required);
        QFETCH(bool, violated);
        std::vector<Leg> r{leg(1, "XQ100", "FRA", "MUC", "2026-04-01T06:00Z", "2026-04-01T07:00Z"),
                           leg(2, "XQ101", "MUC", "FRA", "2026-04-01T07:40Z", "2026-04-01T08:30Z")};
        auto v = check_rotation(r, airplane, airport ? airports({{"MUC", airport}}) : airports({}));
        QCOMPARE(!v.empty(), violated);
        if (violated) QCOMPARE(v[0].required_minutes, required);
    }

    void continuityBreaksAreEachPair() {
        std::vector<Leg> r{leg(1, "XQ100", "FRA", "MUC", "2026-04-01T06:00Z", "2026-04-01T07:00Z"),
                           leg(2, "XQ101", "VIE", "FRA", "2026-04-01T08:00Z", "2026-04-01T09:00Z"),
                           leg(3, "XQ102", "BER", "FRA", "2026-04-01T10:00Z", "2026-04-01T11:00Z")};
        auto v = check_rotation(r, 0, airports({}));
        QCOMPARE(v.size(), std::size_t(2));
        QCOMPARE(v[0].constraint, Constraint::Continuity);
        QCOMPARE(v[0].second, r[1].id);
        QCOMPARE(v[1].first, r[1].id);
        QCOMPARE(v[1].second, r[2].id);
    }

    // Ground time is UTC arithmetic: across midnight and across time zones it
    // is the real elapsed time.
    void overMidnightAndAcrossUtcOffsets() {
        // Lands at JFK 23:30 local (03:30Z next day), leaves 00:15 local: 45 minutes.
        std::vector<Leg> r{leg(1, "XQ400", "FRA", "JFK", "2026-04-01T19:00Z", "2026-04-02T03:30Z"),
                           leg(2, "XQ401", "JFK", "FRA", "2026-04-02T04:15Z", "2026-04-02T12:00Z")};
        QVERIFY(check_rotation(r, 45, airports({{"JFK", 45}})).empty());
        auto v = check_rotation(r, 46, airports({{"JFK", 45}}));
        QCOMPARE(v.size(), std::size_t(1));
        QCOMPARE(v[0].actual_minutes, 45);
    }

    void aPairCanBreakBoth() {
        std::vector<Leg> r{leg(1, "XQ100", "FRA", "MUC", "2026-04-01T06:00Z", "2026-04-01T07:00Z"),
                           leg(2, "XQ101", "VIE", "FRA", "2026-04-01T07:00Z", "2026-04-01T08:00Z")};
        auto v = check_rotation(r, 30, airports({}));
        QCOMPARE(v.size(), std::size_t(2));
        QCOMPARE(v[0].constraint, Constraint::Continuity);
        QCOMPARE(v[1].constraint, Constraint::MinimumGroundTime);
        QCOMPARE(v[1].actual_minutes, 0);
    }
};

QTEST_APPLESS_MAIN(TestValidationRules)
#include "tst_validation_rules.moc"
