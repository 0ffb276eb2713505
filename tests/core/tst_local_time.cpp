// Local time at airports as data (core/local_time.h): a zone's offsets around
// its changes, the order file variation > zone > fixed offset > UTC, the
// airport decider's zone, and the writer splitting a season at a change.
// No tzdata here: zones are written out by hand, as storage/projections/time_zones builds them.
#include <QtTest>

#include "core/airport.h"
#include "core/local_time.h"
#include "core/ssim/expand.h"
#include "core/ssim/reader.h"
#include "core/ssim/writer.h"
#include "support/test_legs.h"

using namespace rotaplan;
using rotaplan::testing::leg;

namespace {

Instant at(const char* t) { return *parse_instant(t); }

// Europe/Berlin in 2026: CET +01:00, CEST +02:00 from 29 March 01:00Z to 25 October 01:00Z.
std::shared_ptr<const ZoneOffsets> berlin_2026() {
    return std::make_shared<const ZoneOffsets>(
        "Europe/Berlin", 60, std::vector<UtcOffsetChange>{{at("2026-10-25T01:00Z"), 60}, {at("2026-03-29T01:00Z"), 120}});
}

const AirportCode FRA = AirportCode::from("FRA"), MUC = AirportCode::from("MUC"), JFK = AirportCode::from("JFK");

}  // namespace

class TestLocalTime : public QObject {
    Q_OBJECT

private slots:
    void aZoneChangesAtTheMinuteOfItsChange() {
        auto z = berlin_2026();
        QCOMPARE(z->offset_at(at("2026-01-01T00:00Z")), 60);
        QCOMPARE(z->offset_at(at("2026-03-29T00:59Z")), 60);  // 01:59 CET
        QCOMPARE(z->offset_at(at("2026-03-29T01:00Z")), 120);  // 03:00 CEST: 02:00-02:59 never happen
        QCOMPARE(z->offset_at(at("2026-10-25T00:59Z")), 120);  // 02:59 CEST
        QCOMPARE(z->offset_at(at("2026-10-25T01:00Z")), 60);   // 02:00 CET again
        QCOMPARE(z->offset_at(at("2030-07-01T00:00Z")), 60);   // past its span: the last offset
        QCOMPARE(z->changes().front().at, at("2026-03-29T01:00Z"));  // kept in order whatever the input
    }

    void theZoneComesBeforeTheFixedOffsetAndTheFileBeforeBoth() {
        AirportClocks clocks;
        clocks.set(FRA, {berlin_2026(), 60});   // zone and a fixed offset: the zone counts
        clocks.set(JFK, {nullptr, -300});       // only a fixed offset
        QCOMPARE(clocks.offset_at(FRA, at("2026-07-01T22:30Z")), std::optional<int>(120));
        QCOMPARE(clocks.offset_at(JFK, at("2026-07-01T22:30Z")), std::optional<int>(-300));
        QCOMPARE(clocks.offset_at(MUC, at("2026-07-01T22:30Z")), std::nullopt);  // nothing known: UTC

        // The example: 22:30Z on 1 July is 00:30 on 2 July in Frankfurt.
        QCOMPARE(format_date(local_date(clocks, FRA, at("2026-07-01T22:30Z"))), std::string("2026-07-02"));
        QCOMPARE(format_date(local_date(clocks, MUC, at("2026-07-01T22:30Z"))), std::string("2026-07-01"));
        AirportClocks fixed_only;
        fixed_only.set(FRA, {nullptr, 60});
        QCOMPARE(format_date(local_date(fixed_only, FRA, at("2026-07-01T22:30Z"))), std::string("2026-07-01"));

        Leg l = leg(1, "XQ100", "FRA", "JFK", "2026-07-01T10:00Z", "2026-07-01T18:30Z");
        QCOMPARE(leg_offsets(l, clocks), (LegOffsets{120, -300}));
        // A leg read from SSIM: what its file said stands, endpoint by endpoint.
        QCOMPARE(leg_offsets(l, clocks, {60, std::nullopt}), (LegOffsets{60, -300}));
        QCOMPARE(leg_offsets(l, clocks, {60, -240}), (LegOffsets{60, -240}));
        // The arrival's offset is taken at the arrival.
        Leg overnight = leg(2, "XQ102", "JFK", "FRA", "2026-03-28T22:00Z", "2026-03-29T06:00Z");
        QCOMPARE(leg_offsets(overnight, clocks).arrival, std::optional<int>(120));
    }

    // A local time typed by a planner, back to UTC: through the zone on both
    // sides of its changes, the fixed offset, nothing for an unknown clock.
    void aLocalTimeReadsBackToUtc() {
        AirportClocks clocks;
        clocks.set(FRA, {berlin_2026(), 60});
        clocks.set(JFK, {nullptr, -300});
        auto wall = [](const char* t) { return at(t); };  // a wall clock written as if UTC
        QCOMPARE(utc_of_local(clocks, FRA, wall("2026-01-15T10:00Z")), std::optional(at("2026-01-15T09:00Z")));
        QCOMPARE(utc_of_local(clocks, FRA, wall("2026-07-01T10:00Z")), std::optional(at("2026-07-01T08:00Z")));
        QCOMPARE(utc_of_local(clocks, JFK, wall("2026-07-01T10:00Z")), std::optional(at("2026-07-01T15:00Z")));
        QCOMPARE(utc_of_local(clocks, MUC, wall("2026-07-01T10:00Z")), std::nullopt);
        // Either side of the spring-forward night, and inside the skipped hour (read as 03:30 CEST).
        QCOMPARE(utc_of_local(clocks, FRA, wall("2026-03-29T01:59Z")), std::optional(at("2026-03-29T00:59Z")));
        QCOMPARE(utc_of_local(clocks, FRA, wall("2026-03-29T03:00Z")), std::optional(at("2026-03-29T01:00Z")));
        QCOMPARE(utc_of_local(clocks, FRA, wall("2026-03-29T02:30Z")), std::optional(at("2026-03-29T01:30Z")));
        // The hour that comes twice in October: its first pass, in summer time.
        QCOMPARE(utc_of_local(clocks, FRA, wall("2026-10-25T02:30Z")), std::optional(at("2026-10-25T00:30Z")));
        QCOMPARE(utc_of_local(clocks, FRA, wall("2026-10-25T03:30Z")), std::optional(at("2026-10-25T02:30Z")));
        // Every local minute of a year reads back to itself wherever it exists.
        for (Instant t = at("2026-01-01T00:00Z"); t < at("2027-01-01T00:00Z"); t = t + 7) {
            const Instant local = t + clocks.offset_at(FRA, t).value();
            const auto back = utc_of_local(clocks, FRA, local);
            QVERIFY(back);
            QCOMPARE(*back + *clocks.offset_at(FRA, *back), local);
        }
    }

    void zoneNamesAreCheckedForTheirGrammar() {
        for (const char* ok : {"Europe/Berlin", "America/Argentina/Buenos_Aires", "Etc/GMT-14", "UTC", "America/Port-au-Prince"})
            QVERIFY2(check_time_zone_name(ok).empty(), ok);
        for (const char* bad : {"", "UTC+01:00", "/etc/passwd", "Europe/../etc", "Europe//Berlin", "Europe/Berlin/", "1Europe",
                                "Europe/Berlin ", "Europe/Zürich"})
            QVERIFY2(!check_time_zone_name(bad).empty(), bad);
        QVERIFY(!check_time_zone_name(std::string(65, 'A')).empty());
        // What is wrong is named as a whole character, and the message stays
        // printable UTF-8 (fuzzing found its first byte alone in it).
        QCOMPARE(check_time_zone_name("Europe/Z\xC3\xBCrich"),
                 std::string("a time zone name has letters, digits and / _ - + only, not \"\xC3\xBC\""));
        QCOMPARE(check_time_zone_name("Europe/Z\x01rich"),
                 std::string("a time zone name has letters, digits and / _ - + only, not \"\\x01\""));
        QCOMPARE(check_time_zone_name("Europe/Z\xFCrich"),
                 std::string("a time zone name has letters, digits and / _ - + only, not \"\\xFC\""));
    }

    void anAirportCarriesItsZone() {
        airport::State s;
        auto d = airport::decide(s, airport::Define{FRA, 45, "Frankfurt", 60, "Europe/Berlin"});
        QVERIFY(d);
        auto defined = std::get<AirportDefined>(d->front());
        QCOMPARE(defined.time_zone, std::string("Europe/Berlin"));
        s = airport::evolve(s, defined);
        QCOMPARE(s.time_zone, std::string("Europe/Berlin"));
        QCOMPARE(s.utc_offset_minutes, std::optional<int>(60));  // the fallback stays
        QVERIFY(airport::decide(s, airport::Define{FRA, 45, "Frankfurt", 60, "Europe/Berlin"})->empty());  // no change
        auto removed = airport::decide(s, airport::Define{FRA, 45, "Frankfurt", 60, ""});
        QCOMPARE(std::get<AirportDefined>(removed->front()).time_zone, std::string());
        auto bad = airport::decide(s, airport::Define{FRA, 45, "Frankfurt", 60, "Europe/Berlin;rm"});
        QVERIFY(!bad);
        QVERIFY(bad.error().message.find("Europe/Berlin;rm") != std::string::npos);
        // A ground-time change keeps the zone.
        s = airport::evolve(s, AirportMinimumGroundTimeSet{FRA, 50});
        QCOMPARE(s.time_zone, std::string("Europe/Berlin"));
    }

    void exportSplitsASeasonAtTheChange() {
        // XQ300 FRA-MUC daily 06:00Z from 22 March to 4 April: 07:00+0100, then 08:00+0200.
        std::vector<Leg> legs;
        for (int day = 0; day < 14; ++day) {
            Date d = Date{make_date(2026, 3, 22)->days + day};
            Leg l = leg(std::uint64_t(100 + day), "XQ300", "FRA", "MUC", "2026-03-22T06:00Z", "2026-03-22T07:00Z");
            l.std_utc = instant_at(d, 6 * 60);
            l.sta_utc = instant_at(d, 7 * 60);
            l.designator.day_of_origin = d;
            legs.push_back(l);
        }
        ssim::WriteInput in{legs, {}, {}, *make_date(2026, 3, 1)};
        in.airport_clocks.set(FRA, {berlin_2026(), 60});
        in.airport_clocks.set(MUC, {berlin_2026(), std::nullopt});
        auto written = ssim::write(in);
        QVERIFY(!written.error);
        QCOMPARE(written.leg_records, 2);
        auto read = ssim::read(written.text, {"x.ssim", false});
        QVERIFY(!read.error);
        QCOMPARE(read.file.legs.size(), 2u);
        const auto& winter = read.file.legs[0];
        const auto& summer = read.file.legs[1];
        QCOMPARE(format_date(winter.period_from), std::string("2026-03-22"));
        QCOMPARE(format_date(winter.period_to), std::string("2026-03-28"));
        QCOMPARE(winter.std_minutes, 7 * 60);
        QCOMPARE(winter.departure_offset, 60);
        QCOMPARE(format_date(summer.period_from), std::string("2026-03-29"));
        QCOMPARE(format_date(summer.period_to), std::string("2026-04-04"));
        QCOMPARE(summer.std_minutes, 8 * 60);
        QCOMPARE(summer.departure_offset, 120);
        QCOMPARE(summer.arrival_offset, 120);
        // Read back, the very same UTC times.
        auto expanded = ssim::expand(read.file, {"x.ssim", false});
        QVERIFY(!expanded.error);
        QCOMPARE(expanded.legs.size(), legs.size());
        for (const auto& d : expanded.legs) {
            auto same = std::find_if(legs.begin(), legs.end(), [&](const Leg& l) { return l.designator == d.leg.designator; });
            QVERIFY(same != legs.end());
            QCOMPARE(d.leg.std_utc, same->std_utc);
            QCOMPARE(d.leg.sta_utc, same->sta_utc);
        }
    }

    void aTemplatesVariationsAreReadBack() {
        std::string record(200, ' ');
        record.replace(47, 5, "+0530");
        record.replace(65, 5, "-0930");
        QCOMPARE(ssim::utc_variations(record), (LegOffsets{330, -570}));
        record.replace(65, 5, "     ");
        QCOMPARE(ssim::utc_variations(record), (LegOffsets{330, std::nullopt}));
        QCOMPARE(ssim::utc_variations("short"), (LegOffsets{}));
    }
};

QTEST_GUILESS_MAIN(TestLocalTime)
#include "tst_local_time.moc"
