// The rotation builder: fewest rotations, proved against an exhaustive search
// on hundreds of small random schedules; the turn it prefers; the lower bound;
// airplanes onto rotations.
#include <QtTest>

#include <algorithm>
#include <functional>
#include <random>
#include <set>

#include "support/test_legs.h"

#include "core/rotation_builder.h"

using namespace rotaplan;
using namespace rotaplan::rotations;
using rotaplan::testing::leg;

namespace {

Leg typed(Leg l, const char* type) {
    l.aircraft_type = AircraftType::from(type);
    return l;
}

// The most links any set of chains can have, by trying every successor for
// every leg (each leg followed by at most one, preceded by at most one).
int most_links(const std::vector<Leg>& legs, const GroundTimes& g, std::size_t i, std::vector<bool>& taken) {
    if (i == legs.size()) return 0;
    int best = most_links(legs, g, i + 1, taken);  // i ends its rotation
    for (std::size_t j = 0; j < legs.size(); ++j) {
        if (j == i || taken[j] || !can_follow(legs[i], legs[j], g)) continue;
        taken[j] = true;
        best = std::max(best, 1 + most_links(legs, g, i + 1, taken));
        taken[j] = false;
    }
    return best;
}

int fewest_rotations(const std::vector<Leg>& legs, const GroundTimes& g) {
    std::vector<bool> taken(legs.size(), false);
    return int(legs.size()) - most_links(legs, g, 0, taken);
}

// Every leg in exactly one rotation, each rotation by STD and every turn allowed.
QString check_proposal(const std::vector<Leg>& legs, const GroundTimes& g, const Proposal& p) {
    std::vector<int> seen(legs.size(), 0);
    for (const auto& r : p.rotations) {
        if (r.empty()) return "an empty rotation";
        for (std::size_t k = 0; k < r.size(); ++k) {
            seen[r[k]]++;
            if (k > 0 && !can_follow(legs[r[k - 1]], legs[r[k]], g))
                return QString::fromStdString("a turn not allowed: " + describe(legs[r[k - 1]]) + " then " + describe(legs[r[k]]));
        }
    }
    for (std::size_t i = 0; i < legs.size(); ++i)
        if (seen[i] != 1) return QString("leg %1 is in %2 rotations").arg(i).arg(seen[i]);
    int total = 0;
    for (const auto& [type, n] : p.fleet) total += n;
    if (total != int(p.rotations.size())) return "fleet per type does not add up";
    return {};
}

std::vector<Leg> random_schedule(std::mt19937& rng, int n) {
    const char* stations[] = {"FRA", "MUC", "VIE"};
    const char* types[] = {"320", "321"};
    std::vector<Leg> legs;
    for (int i = 0; i < n; ++i) {
        int from = int(rng() % 3), to = int(rng() % 2);
        if (to >= from) ++to;  // another station
        Leg l;
        l.id = LegId{Uuid{std::uint64_t(i + 1), 7}};
        l.designator.flight = {AirlineCode::from("XQ"), std::uint16_t(100 + i), 0};
        l.designator.departure = AirportCode::from(stations[from]);
        l.arrival = AirportCode::from(stations[to]);
        // Times on a coarse grid, so that equal times and turns exactly at the minimum occur.
        l.std_utc = Instant{29'000'000 + std::int64_t(rng() % 24) * 30};
        l.sta_utc = l.std_utc + 30 + std::int64_t(rng() % 4) * 30;
        l.designator.day_of_origin = date_of(l.std_utc);
        l.aircraft_type = AircraftType::from(types[rng() % 5 == 0 ? 1 : 0]);
        legs.push_back(l);
    }
    return legs;
}

GroundTimes random_ground(std::mt19937& rng) {
    GroundTimes g;
    g.airports[AirportCode::from("FRA")] = int(rng() % 3) * 30;
    g.airports[AirportCode::from("MUC")] = int(rng() % 2) * 30;
    if (rng() % 2) g.types[AircraftType::from("321")] = 60;
    return g;
}

}  // namespace

class TestRotationBuilder : public QObject {
    Q_OBJECT
private slots:
    void fewestRotationsOnRandomSchedules() {
        std::mt19937 rng(20261207);
        int schedules = 0, with_links = 0;
        for (int round = 0; round < 600; ++round) {
            auto legs = random_schedule(rng, 1 + round % 8);
            auto g = random_ground(rng);
            auto p = build(legs, g);
            QString why = check_proposal(legs, g, p);
            QVERIFY2(why.isEmpty(), qPrintable(why));
            const int fewest = fewest_rotations(legs, g);
            QCOMPARE(int(p.rotations.size()), fewest);
            QVERIFY(p.total_lower_bound() <= fewest);
            // The bound is exact here: no more rotations than it says are needed.
            QCOMPARE(p.total_lower_bound(), fewest);
            ++schedules;
            if (fewest < int(legs.size())) ++with_links;
        }
        QCOMPARE(schedules, 600);
        QVERIFY(with_links > 200);  // the schedules are not all unlinkable
    }

    void sameProposalWhateverTheInputOrder() {
        std::mt19937 rng(7);
        for (int round = 0; round < 100; ++round) {
            auto legs = random_schedule(rng, 12);
            auto g = random_ground(rng);
            auto shuffled = legs;
            std::shuffle(shuffled.begin(), shuffled.end(), rng);
            auto a = build(legs, g), b = build(shuffled, g);
            QCOMPARE(a.rotations.size(), b.rotations.size());
            for (std::size_t r = 0; r < a.rotations.size(); ++r) {
                QCOMPARE(a.rotations[r].size(), b.rotations[r].size());
                for (std::size_t k = 0; k < a.rotations[r].size(); ++k)
                    QCOMPARE(legs[a.rotations[r][k]].id, shuffled[b.rotations[r][k]].id);
            }
        }
    }

    void aTurnAtExactlyTheMinimumIsEnough() {
        GroundTimes g;
        g.airports[AirportCode::from("MUC")] = 40;
        std::vector<Leg> legs{leg(1, "XQ100", "FRA", "MUC", "2026-04-01T06:00Z", "2026-04-01T07:00Z"),
                              leg(2, "XQ101", "MUC", "FRA", "2026-04-01T07:40Z", "2026-04-01T08:40Z")};
        QCOMPARE(build(legs, g).rotations.size(), 1u);
        g.airports[AirportCode::from("MUC")] = 41;
        QCOMPARE(build(legs, g).rotations.size(), 2u);
    }

    void legsChainOnlyWithTheirOwnType() {
        std::vector<Leg> legs{leg(1, "XQ100", "FRA", "MUC", "2026-04-01T06:00Z", "2026-04-01T07:00Z"),
                              typed(leg(2, "XQ101", "MUC", "FRA", "2026-04-01T09:00Z", "2026-04-01T10:00Z"), "321")};
        auto p = build(legs, {});
        QCOMPARE(p.rotations.size(), 2u);
        QCOMPARE(p.fleet[AircraftType::from("320")], 1);
        QCOMPARE(p.fleet[AircraftType::from("321")], 1);
    }

    void nextLegDepartsWhereThePreviousArrived() {
        std::vector<Leg> legs{leg(1, "XQ100", "FRA", "MUC", "2026-04-01T06:00Z", "2026-04-01T07:00Z"),
                              leg(2, "XQ101", "VIE", "FRA", "2026-04-01T09:00Z", "2026-04-01T10:00Z")};
        QCOMPARE(build(legs, {}).rotations.size(), 2u);
    }

    void theTypesMinimumCountsWhereLongerThanTheAirports() {
        GroundTimes g;
        g.airports[AirportCode::from("MUC")] = 30;
        g.types[AircraftType::from("320")] = 90;
        std::vector<Leg> legs{leg(1, "XQ100", "FRA", "MUC", "2026-04-01T06:00Z", "2026-04-01T07:00Z"),
                              leg(2, "XQ101", "MUC", "FRA", "2026-04-01T08:00Z", "2026-04-01T09:00Z")};
        QCOMPARE(build(legs, g).rotations.size(), 2u);
        g.types[AircraftType::from("320")] = 60;
        QCOMPARE(build(legs, g).rotations.size(), 1u);
    }

    void aDepartureTakesTheAircraftThatWaitedLongest() {
        // Two aircraft land at FRA (07:00 and 09:00); the 09:30 departure takes
        // the one on the ground since 07:00 and leaves the tight turn alone;
        // the 12:00 departure then takes the other.
        GroundTimes g;
        g.airports[AirportCode::from("FRA")] = 30;
        std::vector<Leg> legs{leg(1, "XQ100", "MUC", "FRA", "2026-04-01T06:00Z", "2026-04-01T07:00Z"),
                              leg(2, "XQ102", "VIE", "FRA", "2026-04-01T07:30Z", "2026-04-01T09:00Z"),
                              leg(3, "XQ104", "FRA", "HAM", "2026-04-01T09:30Z", "2026-04-01T10:30Z"),
                              leg(4, "XQ106", "FRA", "BER", "2026-04-01T12:00Z", "2026-04-01T13:00Z")};
        auto p = build(legs, g);
        QCOMPARE(p.rotations.size(), 2u);
        std::set<std::pair<std::uint32_t, std::uint32_t>> turns;
        for (const auto& r : p.rotations)
            for (std::size_t k = 1; k < r.size(); ++k) turns.insert({r[k - 1], r[k]});
        QVERIFY(turns.count({0u, 2u}));
        QVERIFY(turns.count({1u, 3u}));
    }

    void theLowerBoundCountsAStationsDeficit() {
        // Three departures from FRA before anything lands there: three aircraft.
        std::vector<Leg> legs{leg(1, "XQ100", "FRA", "MUC", "2026-04-01T06:00Z", "2026-04-01T07:00Z"),
                              leg(2, "XQ102", "FRA", "MUC", "2026-04-01T06:10Z", "2026-04-01T07:10Z"),
                              leg(3, "XQ104", "FRA", "VIE", "2026-04-01T06:20Z", "2026-04-01T07:30Z"),
                              leg(4, "XQ101", "MUC", "FRA", "2026-04-01T08:00Z", "2026-04-01T09:00Z"),
                              leg(5, "XQ106", "FRA", "HAM", "2026-04-01T10:00Z", "2026-04-01T11:00Z")};
        auto bound = lower_bound(legs, {});
        QCOMPARE(bound[AircraftType::from("320")], 3);
        QCOMPARE(int(build(legs, {}).rotations.size()), 3);
    }

    void fleetPerDayCountsEachRotationOncePerDay() {
        std::vector<Leg> legs{leg(1, "XQ100", "FRA", "MUC", "2026-04-01T06:00Z", "2026-04-01T07:00Z"),
                              leg(2, "XQ101", "MUC", "FRA", "2026-04-01T08:00Z", "2026-04-01T09:00Z"),
                              leg(3, "XQ100", "FRA", "MUC", "2026-04-02T06:00Z", "2026-04-02T07:00Z")};
        auto p = build(legs, {});
        QCOMPARE(p.rotations.size(), 1u);
        auto days = fleet_per_day(legs, p);
        QCOMPARE(days.size(), 2u);
        QCOMPARE(days[0].rotations, 1);
        QCOMPARE(days[1].rotations, 1);
        QCOMPARE(format_date(days[1].day), std::string("2026-04-02"));
    }

    void airplanesGoWhereTheirOwnMinimumFits() {
        const auto t320 = AircraftType::from("320"), t321 = AircraftType::from("321");
        // Rotations' shortest turns 40, 90, none; airplanes' minimums 30, 60, 100, and a 321.
        std::vector<Candidate> rotations{{0, t320, 40}, {1, t320, 90}, {2, t320, kNoTurn}, {3, t321, 30}};
        std::vector<Candidate> airplanes{{0, t320, 60}, {1, t320, 30}, {2, t320, 100}, {3, t320, 50}};
        auto a = assign(rotations, airplanes);
        std::map<std::uint32_t, std::uint32_t> given(a.pairs.begin(), a.pairs.end());
        QCOMPARE(given.size(), 3u);
        QCOMPARE(given[0], 1u);  // only the 30-minute airplane fits a 40-minute turn
        QCOMPARE(given[1], 0u);  // 60 is the longest that fits 90
        QCOMPARE(given[2], 2u);
        QCOMPARE(a.rotations_left, std::vector<std::uint32_t>{3});  // no 321 registered
        QCOMPARE(a.airplanes_idle, std::vector<std::uint32_t>{3});
        QCOMPARE(shortest_turn({leg(1, "XQ100", "FRA", "MUC", "2026-04-01T06:00Z", "2026-04-01T07:00Z"),
                                leg(2, "XQ101", "MUC", "FRA", "2026-04-01T07:45Z", "2026-04-01T09:00Z")}),
                 45);
    }

    void assigningGivesAsManyAirplanesAsPossible() {
        // Against trying every assignment, on small random cases.
        std::mt19937 rng(99);
        const auto t = AircraftType::from("320");
        for (int round = 0; round < 300; ++round) {
            std::vector<Candidate> rs, as;
            int nr = 1 + int(rng() % 5), na = 1 + int(rng() % 5);
            for (int i = 0; i < nr; ++i) rs.push_back({std::uint32_t(i), t, int(rng() % 5) * 20});
            for (int i = 0; i < na; ++i) as.push_back({std::uint32_t(i), t, int(rng() % 5) * 20});
            // Best by brute force: each rotation takes a distinct airplane or none.
            std::function<int(int, std::vector<bool>&)> best = [&](int r, std::vector<bool>& used) {
                if (r == nr) return 0;
                int b = best(r + 1, used);
                for (int k = 0; k < na; ++k)
                    if (!used[std::size_t(k)] && as[std::size_t(k)].value <= rs[std::size_t(r)].value) {
                        used[std::size_t(k)] = true;
                        b = std::max(b, 1 + best(r + 1, used));
                        used[std::size_t(k)] = false;
                    }
                return b;
            };
            std::vector<bool> used(std::size_t(na), false);
            auto got = assign(rs, as);
            QCOMPARE(int(got.pairs.size()), best(0, used));
            for (auto [r, a] : got.pairs) QVERIFY(as[a].value <= rs[r].value);
            QCOMPARE(int(got.pairs.size() + got.rotations_left.size()), nr);
            QCOMPARE(int(got.pairs.size() + got.airplanes_idle.size()), na);
        }
    }
};

QTEST_APPLESS_MAIN(TestRotationBuilder)
#include "tst_rotation_builder.moc"
