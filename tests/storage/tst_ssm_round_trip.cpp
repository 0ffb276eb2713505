// Schedule change messages, the proof: from a small season (rotations, a
// two-leg flight, a daylight-saving change inside it), a random sequence of
// edits (add, cancel, retime, change type, on single dates and on periods;
// a day cancelled before the start reinstated);
// the messages exported from before to after, applied to a copy of the store
// as it was before, give the same dated legs. Hundreds of seeds, in UTC and
// in local time mode.
#include <QFile>
#include <QtTest>

#include <random>
#include <set>

#include "core/ssm/writer.h"
#include "storage/imports/ssm_apply.h"
#include "storage/imports/ssm_export.h"
#include "storage/projections/queries.h"
#include "storage/projections/time_zones.h"
#include "storage/schedule_store.h"
#include "storage_support.h"
#include "support/temporary_store.h"

using namespace rotaplan;
using namespace rotaplan::storage;
using rotaplan::testing::kCtx;

namespace {

constexpr Date kFirst{20527};  // 2026-03-15: the season crosses Europe's change to summer time (29 March)
constexpr int kDays = 30;

LegId system_mint_leg() { return LegId{*Uuid::parse(random_uuid())}; }

void must(ScheduleStore& s, const Command& c) {
    auto o = s.execute(c, kCtx);
    if (!o.ok) qFatal("%s: %s", command_name(c), o.error.message.c_str());
}

Leg leg_on(const AirportClocks& clocks, const char* flight, const char* from, const char* to, Instant std_utc, int block, const char* type = "320") {
    Leg l;
    l.id = system_mint_leg();
    l.designator.flight = *parse_flight_number(flight);
    l.designator.departure = AirportCode::from(from);
    l.arrival = AirportCode::from(to);
    l.std_utc = std_utc;
    l.sta_utc = std_utc + block;
    l.designator.day_of_origin = local_date(clocks, l.designator.departure, std_utc);
    l.aircraft_type = AircraftType::from(type);
    return l;
}

// The flights cancelled on single days in the base, each day's legs as they were.
std::vector<std::vector<Leg>>& cancelled() {
    static std::vector<std::vector<Leg>> days;
    return days;
}

void build_base(const std::string& path) {
    ScheduleStore s(path);
    must(s, DefineAirport{AirportCode::from("FRA"), 45, "Frankfurt", std::nullopt, "Europe/Berlin"});
    must(s, DefineAirport{AirportCode::from("MUC"), 40, "Munich", std::nullopt, "Europe/Berlin"});
    must(s, DefineAirport{AirportCode::from("HAM"), 35, "Hamburg", std::nullopt, "Europe/Berlin"});
    must(s, DefineAirport{AirportCode::from("JFK"), 60, "New York", std::nullopt, "America/New_York"});
    const AirportClocks clocks = airport_clocks(s.database());
    const RotationId r1 = testing::new_rotation(), r2 = testing::new_rotation();
    must(s, CreateRotation{r1, "R1"});
    must(s, CreateRotation{r2, "R2"});
    std::vector<Leg> one, two, loose;
    for (int k = 0; k < kDays; ++k) {
        const Date d{kFirst.days + k};
        one.push_back(leg_on(clocks, "XQ100", "FRA", "MUC", instant_at(d, 6 * 60), 65));
        one.push_back(leg_on(clocks, "XQ101", "MUC", "FRA", instant_at(d, 8 * 60), 65));
        two.push_back(leg_on(clocks, "XQ400", "FRA", "JFK", instant_at(d, 9 * 60), 510, "333"));
        two.push_back(leg_on(clocks, "XQ401", "JFK", "FRA", instant_at(d, 19 * 60), 450, "333"));
        loose.push_back(leg_on(clocks, "XQ300", "FRA", "MUC", instant_at(d, 12 * 60), 60));
        loose.push_back(leg_on(clocks, "XQ300", "MUC", "HAM", instant_at(d, 13 * 60 + 30), 60));
        loose.back().designator.day_of_origin = loose[loose.size() - 2].designator.day_of_origin;
    }
    must(s, AddLegs{r1, one});
    must(s, AddLegs{r2, two});
    must(s, AddLegs{std::nullopt, loose});
    // Cancelled before the start (the receiver was told): what a reinstatement brings back.
    std::vector<LegId> in_rotation, every;
    for (int k : {3, 10, 17}) {
        cancelled().push_back({loose[std::size_t(2 * k)], loose[std::size_t(2 * k + 1)]});
        cancelled().push_back({one[std::size_t(2 * k + 1)]});
        in_rotation.push_back(one[std::size_t(2 * k + 1)].id);
    }
    for (const auto& day : cancelled())
        for (const Leg& l : day) every.push_back(l.id);
    must(s, MoveLegs{in_rotation, std::nullopt});
    must(s, DeleteLegs{every});
}

void copy_store(const QString& from, const QString& to) {
    QFile::remove(to);
    QFile::remove(to + "-wal");
    if (!QFile::copy(from, to)) qFatal("cannot copy %s", qPrintable(from));
    if (QFile::exists(from + "-wal")) QFile::copy(from + "-wal", to + "-wal");
}

using LegKey = std::tuple<std::string, std::string, std::int64_t, std::int64_t, std::string, char, std::uint64_t>;

std::vector<LegKey> dated_legs(Database& db) {
    std::vector<LegKey> out;
    for_each_leg(db, [&](const Leg& l, const std::optional<RotationId>&) {
        out.emplace_back(format_designator(l.designator), l.arrival.str(), l.std_utc.minutes, l.sta_utc.minutes, l.aircraft_type.str(),
                         l.service_type, l.attributes);
    });
    std::sort(out.begin(), out.end());
    return out;
}

// A random sequence of edits a planner might make.
int edit(ScheduleStore& s, std::mt19937& random) {
    const AirportClocks clocks = airport_clocks(s.database());
    auto pick = [&](int n) { return int(random() % unsigned(n)); };
    std::vector<LegRow> all = legs(s.database());
    const char* flights[] = {"XQ100", "XQ101", "XQ300", "XQ400", "XQ401"};
    // A single date, or a period with some of its weekdays.
    const int first = pick(kDays);
    const bool single = pick(2) == 0;
    const int last = single ? first : std::min(kDays - 1, first + 3 + pick(kDays));
    const unsigned weekdays = single ? 0x7fu : 0x7fu & (1u | unsigned(random()));
    auto chosen = [&](const char* flight, bool one_leg) {
        std::vector<LegRow> out;
        auto f = *parse_flight_number(flight);
        std::set<std::int32_t> seen;
        for (const auto& r : all) {
            const Date d = r.leg.designator.day_of_origin;
            if (r.leg.designator.flight != f || d.days < kFirst.days + first || d.days > kFirst.days + last) continue;
            if (!(weekdays & (1u << (iso_weekday(d) - 1)))) continue;
            if (one_leg && !seen.insert(d.days).second) continue;
            out.push_back(r);
        }
        return out;
    };
    const int kind = pick(5);
    const char* flight = flights[pick(5)];
    if (kind == 4) {  // a cancelled day reinstated as it was
        std::vector<Leg> again;
        for (Leg l : cancelled()[std::size_t(pick(int(cancelled().size())))]) {
            if (!find_legs(s.database(), l.designator).empty()) return 0;
            l.id = system_mint_leg();
            again.push_back(l);
        }
        return s.execute(AddLegs{std::nullopt, again}, kCtx).ok;
    }
    if (kind == 0) {  // a new flight on those days
        const std::string number = "XQ" + std::to_string(500 + pick(20));
        const int minute = (7 * 60 + pick(120) * 5);
        std::vector<Leg> added;
        for (int k = first; k <= last; ++k) {
            const Date d{kFirst.days + k};
            if (!(weekdays & (1u << (iso_weekday(d) - 1)))) continue;
            Leg l = leg_on(clocks, number.c_str(), "HAM", pick(3) ? "FRA" : "JFK", instant_at(d, minute), 70 + pick(4) * 5);
            if (!find_legs(s.database(), l.designator).empty()) continue;
            added.push_back(l);
        }
        if (added.empty()) return 0;
        return s.execute(AddLegs{std::nullopt, added}, kCtx).ok;
    }
    auto rows = chosen(flight, kind == 1 && pick(3) == 0);  // sometimes one leg of the two-leg flight only
    if (rows.empty()) return 0;
    if (kind == 1) {  // cancelled
        std::vector<LegId> in_rotation, every;
        for (const auto& r : rows) {
            every.push_back(r.leg.id);
            if (r.rotation) in_rotation.push_back(r.leg.id);
        }
        if (!in_rotation.empty() && !s.execute(MoveLegs{in_rotation, std::nullopt}, kCtx).ok) return 0;
        return s.execute(DeleteLegs{every}, kCtx).ok;
    }
    if (kind == 2) {  // retimed: both ends, or the arrival only
        const int by = (pick(13) - 6) * 5;
        const bool arrival_only = pick(4) == 0;
        RetimeLegs c;
        for (const auto& r : rows)
            c.times.push_back({r.leg.id, arrival_only ? r.leg.std_utc : r.leg.std_utc + by, r.leg.sta_utc + (by ? by : 5)});
        return s.execute(c, kCtx).ok;  // an overlap inside a rotation is refused: then no edit
    }
    AmendLegs c;  // another aircraft type, sometimes another service type
    const char* types[] = {"321", "32N", "388"};
    const char* type = types[pick(3)];
    const bool service = pick(3) == 0;
    for (const auto& r : rows) {
        Leg l = r.leg;
        l.aircraft_type = AircraftType::from(type);
        if (service) l.service_type = 'C';
        c.legs.push_back(l);
    }
    return s.execute(c, kCtx).ok;
}

}  // namespace

class TestSsmRoundTrip : public QObject {
    Q_OBJECT
    testing::StoreFolder dir_{"ssm"};
    QString base_;

private slots:
    void initTestCase() {
        base_ = dir_.next_store();
        build_base(base_.toStdString());
    }

    void round_trip_data() {
        QTest::addColumn<bool>("utc");
        QTest::addColumn<int>("seeds");
        QTest::newRow("UTC") << true << 150;
        QTest::newRow("LT") << false << 150;
    }
    void round_trip() {
        QFETCH(bool, utc);
        QFETCH(int, seeds);
        const QString original = dir_.next_store(), copy = dir_.next_store();
        long edits = 0, messages = 0;
        std::set<std::string> actions;
        for (int seed = 1; seed <= seeds; ++seed) {
            copy_store(base_, original);
            copy_store(base_, copy);
            std::string text;
            std::vector<LegKey> want;
            {
                ScheduleStore s(original.toStdString());
                const std::int64_t from = s.events().last_position();
                std::mt19937 random{unsigned(seed)};
                const int n = 1 + int(random() % 8);
                for (int i = 0; i < n; ++i) edits += edit(s, random);
                // Every other seed through a whole replay of the start point, the others through
                // export_ssm_between's replay of only the legs concerned: both must give the same.
                const auto mode = utc ? ssm::TimeMode::Utc : ssm::TimeMode::Local;
                SsmExport out;
                if (seed % 2) {
                    Database then = project_as_of(s.events(), from);
                    out = export_ssm(then, s.database(), s.events(), from, s.events().last_position(), mode, Date{20794}, seed);
                } else {
                    out = export_ssm_between(s.database(), s.events(), from, s.events().last_position(), mode, Date{20794}, seed);
                    Database then = project_as_of(s.events(), from);
                    auto whole = export_ssm(then, s.database(), s.events(), from, s.events().last_position(), mode, Date{20794}, seed);
                    QCOMPARE(out.text, whole.text);
                }
                QVERIFY2(!out.error, out.error ? out.error->c_str() : "");
                text = out.text;
                messages += long(out.messages.size());
                for (const auto& m : out.messages)
                    for (const auto& sub : m.subs) actions.insert(std::string(m.kind == ssm::Kind::Ssm ? "SSM " : "ASM ") + ssm::action_name(sub.action));
                want = dated_legs(s.database());
            }
            ScheduleStore target(copy.toStdString());
            auto applied = apply_ssm(target, text, {"export.ssm", "", {}}, kCtx);
            if (!applied.ok) qWarning("seed %d:\n%s", seed, text.c_str());
            QVERIFY2(applied.ok, qPrintable(QString("seed %1: %2").arg(seed).arg(QString::fromStdString(applied.error))));
            auto got = dated_legs(target.database());
            if (got != want) qWarning("seed %d:\n%s", seed, text.c_str());
            QCOMPARE(got.size(), want.size());
            QVERIFY2(got == want, qPrintable(QString("seed %1: the dated legs differ").arg(seed)));
        }
        // The proof covers what it claims: edits were made and every kind of message was written.
        QVERIFY(edits > seeds);
        QVERIFY(messages > seeds);
        for (const char* a : {"SSM NEW", "SSM CNL", "SSM TIM", "SSM EQT", "ASM NEW", "ASM CNL", "ASM TIM", "ASM EQT", "ASM RPL", "ASM RIN"})
            QVERIFY2(actions.count(a), a);
    }
};

QTEST_GUILESS_MAIN(TestSsmRoundTrip)
#include "tst_ssm_round_trip.moc"
