// The SSIM writer: reading what it wrote gives back the same dated legs, on
// generated seasons and on irregular date patterns; attributes come back out.
#include <QtTest>

#include <algorithm>
#include <random>
#include <tuple>

#include "core/files/encoding.h"
#include "core/ssim/expand.h"
#include "core/ssim/generator.h"
#include "core/ssim/writer.h"
#include "support/ssim_text.h"

using namespace rotaplan;
using namespace rotaplan::ssim;

namespace {

// What a dated leg is, ids aside: the comparison a round trip must pass.
using LegKey = std::tuple<FlightDesignator, AirportCode, Instant, Instant, AircraftType, char, std::uint64_t>;

LegKey key(const Leg& l) {
    return {l.designator, l.arrival, l.std_utc, l.sta_utc, l.aircraft_type, l.service_type, l.attributes};
}

struct Loaded {
    std::vector<Leg> legs;
    std::unordered_map<std::uint64_t, std::string> templates;
    int records = 0;
};

Loaded load(const std::string& text, ReadResult* read_back = nullptr) {
    auto r = read(text, {"t.ssim", false});
    if (r.error) qFatal("%s", r.error->str().c_str());
    auto e = expand(r.file, {"t.ssim", false});
    if (e.error) qFatal("%s", e.error->str().c_str());
    Loaded out;
    out.records = int(r.file.legs.size());
    for (const auto& d : e.legs) out.legs.push_back(d.leg);
    if (read_back) *read_back = r;
    for (const auto& rec : r.file.legs) {
        auto t = attributes_template(rec);
        out.templates.emplace(attributes_key(t), t);
    }
    return out;
}

std::vector<LegKey> keys(const std::vector<Leg>& legs) {
    std::vector<LegKey> k;
    for (const Leg& l : legs) k.push_back(key(l));
    std::sort(k.begin(), k.end());
    return k;
}

AirportClocks no_offsets;

// Airports with fixed UTC offsets only.
AirportClocks fixed(std::initializer_list<std::pair<const char*, int>> offsets) {
    AirportClocks clocks;
    for (auto [code, minutes] : offsets) clocks.set(AirportCode::from(code), {nullptr, minutes});
    return clocks;
}

}  // namespace

class TestSsimWrite : public QObject {
    Q_OBJECT

private slots:
    void generatedSeasonsRoundTrip_data() {
        QTest::addColumn<int>("airplanes");
        QTest::addColumn<QString>("first");
        QTest::addColumn<QString>("last");
        QTest::newRow("summer, 12 airplanes") << 12 << "2026-03-29" << "2026-10-24";
        QTest::newRow("winter, 25 airplanes") << 25 << "2026-10-25" << "2027-03-27";
        QTest::newRow("three weeks, 40 airplanes") << 40 << "2026-06-03" << "2026-06-23";
    }
    void generatedSeasonsRoundTrip() {
        QFETCH(int, airplanes);
        QFETCH(QString, first);
        QFETCH(QString, last);
        GeneratorOptions o;
        o.airplanes = airplanes;
        o.first_day = *parse_date(first.toStdString());
        o.last_day = *parse_date(last.toStdString());
        auto season = generate(o);
        Loaded a = load(season.ssim);
        QCOMPARE(long(a.legs.size()), season.dated_legs);

        WriteInput in{a.legs, a.templates, {}, o.first_day};
        auto written = write(in);
        QVERIFY(!written.error);
        Loaded b = load(written.text);
        QCOMPARE(b.records, a.records);  // folded as tightly as the generator's own file
        QVERIFY(keys(a.legs) == keys(b.legs));
        // The attributes (terminals, configuration, onward flights) came back out.
        QCOMPARE(written.text.substr(written.text.find("\n3") + 1, 200).substr(172, 20),
                 season.ssim.substr(season.ssim.find("\n3") + 1, 200).substr(172, 20));
    }

    // Arbitrary sets of dates: isolated days, gaps, fortnightly runs, all weekdays.
    void irregularDatesRoundTrip() {
        std::mt19937 rng(20261126);
        std::vector<Leg> legs;
        Date start = *make_date(2026, 3, 29);
        for (int flight = 1; flight <= 60; ++flight) {
            int pattern = flight % 4;
            for (int d = 0; d < 120; ++d) {
                bool on = pattern == 0 ? rng() % 3 != 0               // dense with holes
                          : pattern == 1 ? rng() % 9 == 0             // sparse
                          : pattern == 2 ? (d / 7) % 2 == 0 && d % 7 < 3  // fortnightly blocks
                                         : d % 14 == flight % 14;     // one weekday, every other week
                if (!on) continue;
                Leg l;
                l.designator.flight = {AirlineCode::from("XQ"), std::uint16_t(flight), 0};
                l.designator.departure = AirportCode::from("FRA");
                l.designator.day_of_origin = Date{start.days + d};
                l.arrival = AirportCode::from("LHR");
                l.std_utc = instant_at(l.designator.day_of_origin, 300 + flight * 7);
                l.sta_utc = l.std_utc + 95;
                l.aircraft_type = AircraftType::from("320");
                legs.push_back(l);
            }
        }
        auto offsets = fixed({{"FRA", 120}, {"LHR", 60}});
        auto written = write({legs, {}, offsets, start});
        QVERIFY(!written.error);
        Loaded back = load(written.text);
        for (Leg& l : back.legs) l.attributes = 0;  // Rotaplan-made legs had none
        QVERIFY(keys(legs) == keys(back.legs));
    }

    // Legs without SSIM attributes: local times from the airports' offsets,
    // legs of one flight and day numbered by departure.
    void legsMadeInRotaplan() {
        Leg a;
        a.designator.flight = {AirlineCode::from("XQ"), 7, 'A'};
        a.designator.departure = AirportCode::from("FRA");
        a.designator.day_of_origin = *make_date(2026, 4, 1);
        a.arrival = AirportCode::from("JFK");
        a.std_utc = *parse_instant("2026-04-01T21:00Z");
        a.sta_utc = *parse_instant("2026-04-02T06:30Z");
        a.aircraft_type = AircraftType::from("359");
        Leg b = a;
        b.designator.departure = AirportCode::from("JFK");
        b.arrival = AirportCode::from("ORD");
        b.std_utc = *parse_instant("2026-04-02T08:00Z");
        b.sta_utc = *parse_instant("2026-04-02T10:00Z");
        auto offsets = fixed({{"FRA", 120}, {"JFK", -240}});
        auto written = write({{b, a}, {}, offsets, a.designator.day_of_origin});
        QVERIFY(!written.error);
        auto lines = written.text;
        auto first = lines.substr(lines.find("\n3") + 1, 200);
        QCOMPARE(QString::fromStdString(first.substr(0, 36)), QString("3AXQ 00070101J01APR2601APR26  3     "));
        QCOMPARE(QString::fromStdString(first.substr(36, 39)), QString("FRA23002300+0200  JFK02300230-0400  359"));
        QCOMPARE(QString::fromStdString(first.substr(192, 2)), QString("01"));  // arrives the next local day
        auto second = lines.substr(lines.find("\n3", lines.find("\n3") + 1) + 1, 200);
        QCOMPARE(QString::fromStdString(second.substr(9, 4)), QString("0102"));  // leg sequence 02
        QCOMPARE(QString::fromStdString(second.substr(36, 36)), QString("JFK04000400-0400  ORD10001000+0000  "));
        QCOMPARE(QString::fromStdString(second.substr(192, 2)), QString("11"));
    }

    // A retimed leg keeps its passenger times' offset from the aircraft times.
    void passengerTimesFollowTheAircraft() {
        auto text = [] {
            testing::SsimText t;
            t.legs.push_back(testing::LegText{}.set(leg::period_to, "01APR26").set(leg::passenger_std, "0550"));
            return t.str();
        }();
        Loaded a = load(text);
        QCOMPARE(a.legs.size(), std::size_t(1));
        a.legs[0].std_utc = a.legs[0].std_utc + 30;
        a.legs[0].sta_utc = a.legs[0].sta_utc + 30;
        auto written = write({a.legs, a.templates, no_offsets, *make_date(2026, 4, 1)});
        auto r = written.text.substr(written.text.find("\n3") + 1, 200);
        QCOMPARE(QString::fromStdString(r.substr(39, 8)), QString("06200630"));  // passenger 10 min before, as before
        QCOMPARE(QString::fromStdString(r.substr(57, 8)), QString("07350735"));
        QCOMPARE(QString::fromStdString(r.substr(172, 7)), QString("C12Y156"));
    }

    // Type 4 records are written back after their leg record, with its flight.
    void segmentDataIsWrittenAfterItsLeg() {
        testing::SsimText t;
        t.legs.push_back(testing::LegText{}
                             .set(leg::period_to, "07APR26")
                             .segment(testing::segment_record("010", "FRA", "MUC", "LH 1234"))
                             .segment(testing::segment_record("505", "FRA", "MUC", "CONNECTS")));
        t.legs.push_back(testing::LegText{}.set(leg::flight_number, "0101").set(leg::period_to, "07APR26"));
        Loaded a = load(t.str());
        auto written = write({a.legs, a.templates, no_offsets, *make_date(2026, 4, 1)});
        QVERIFY(!written.error);
        ReadResult back;
        Loaded b = load(written.text, &back);
        QVERIFY(keys(a.legs) == keys(b.legs));
        QCOMPARE(back.file.segment_records, 2);
        QCOMPARE(back.file.legs[0].segments.size(), std::size_t(2));
        QVERIFY(back.file.legs[1].segments.empty());
        std::string_view s = back.file.legs[0].segments[0];
        QCOMPARE(std::string(s.substr(0, 9)), std::string("4 XQ 0100"));
        QCOMPARE(std::string(segment::data_element_identifier.in(s)), std::string("010"));
        QCOMPARE(std::string(s.substr(39, 7)), std::string("LH 1234"));
        QVERIFY(back.file.notes.empty());  // serial numbers in sequence, the trailer's check serial right
    }

    // A file that left the date variation blank is written with it explicit.
    void theDateVariationIsWrittenExplicitly() {
        testing::SsimText t;
        t.legs.push_back(testing::LegText{}
                             .set(leg::period_to, "01APR26")
                             .set(leg::aircraft_std, "2330")
                             .set(leg::aircraft_sta, "0105")
                             .set(leg::date_variation, "  "));
        Loaded a = load(t.str());
        auto written = write({a.legs, a.templates, no_offsets, *make_date(2026, 4, 1)});
        auto r = written.text.substr(written.text.find("\n3") + 1, 200);
        QCOMPARE(QString::fromStdString(std::string(leg::date_variation.in(r))), QString("01"));
        ReadResult back;
        Loaded b = load(written.text, &back);
        QVERIFY(keys(a.legs) == keys(b.legs));
        QVERIFY(!back.file.legs[0].arrival_day_inferred);
    }

    // Two identical legs under one designator are two legs in the file written.
    void identicalLegsSharingADesignatorStayTwo() {
        testing::SsimText t;
        t.legs.push_back(testing::LegText{}.set(leg::period_to, "14APR26"));
        t.legs.push_back(testing::LegText{}.set(leg::period_from, "08APR26").set(leg::period_to, "21APR26"));
        Loaded a = load(t.str());
        QCOMPARE(a.legs.size(), std::size_t(28));
        auto written = write({a.legs, a.templates, no_offsets, *make_date(2026, 4, 1)});
        Loaded b = load(written.text);
        QCOMPARE(b.legs.size(), std::size_t(28));
        QVERIFY(keys(a.legs) == keys(b.legs));
    }

    // Legs made in Rotaplan that share a designator are two itinerary
    // variations, not one flight that calls at its departure airport twice.
    void sharedDesignatorsWithoutAttributes() {
        Leg a;
        a.designator.flight = {AirlineCode::from("XQ"), 100, 0};
        a.designator.departure = AirportCode::from("FRA");
        a.designator.day_of_origin = *make_date(2026, 4, 1);
        a.arrival = AirportCode::from("MUC");
        a.std_utc = *parse_instant("2026-04-01T06:00Z");
        a.sta_utc = *parse_instant("2026-04-01T07:00Z");
        a.aircraft_type = AircraftType::from("320");
        Leg b = a;
        b.std_utc = *parse_instant("2026-04-01T15:00Z");
        b.sta_utc = *parse_instant("2026-04-01T16:00Z");
        auto written = write({{b, a}, {}, no_offsets, a.designator.day_of_origin});
        QVERIFY(!written.error);
        std::vector<std::string> variations;
        for (std::size_t at = written.text.find("\n3"); at != std::string::npos; at = written.text.find("\n3", at + 1))
            variations.push_back(written.text.substr(at + 10, 4));
        QCOMPARE(variations, (std::vector<std::string>{"0101", "0201"}));
        Loaded back = load(written.text);
        for (Leg& l : back.legs) l.attributes = 0;
        QVERIFY(keys({a, b}) == keys(back.legs));
    }

    // A Latin-1 byte of a free column comes back as that byte.
    void latin1BytesComeBackAsTheyWere() {
        testing::SsimText t;
        t.legs.push_back(testing::LegText{}.set(leg::period_to, "01APR26").set(leg::aircraft_configuration, "C12Y156 CAF\xC9"));
        Loaded a = load(t.str());
        for (const auto& [k, text] : a.templates) QVERIFY(files::is_utf8(text));
        auto written = write({a.legs, a.templates, no_offsets, *make_date(2026, 4, 1)});
        auto r = written.text.substr(written.text.find("\n3") + 1, 200);
        QCOMPARE(r.substr(std::size_t(leg::aircraft_configuration.first - 1), 12), std::string("C12Y156 CAF\xC9"));
    }

    void legsTooFarFromTheirDayOfOriginAreRefused() {
        Leg l;
        l.designator.flight = {AirlineCode::from("XQ"), 1, 0};
        l.designator.departure = AirportCode::from("FRA");
        l.designator.day_of_origin = *make_date(2026, 4, 1);
        l.arrival = AirportCode::from("MUC");
        l.std_utc = *parse_instant("2026-04-12T06:00Z");
        l.sta_utc = *parse_instant("2026-04-12T07:00Z");
        l.aircraft_type = AircraftType::from("320");
        auto written = write({{l}, {}, no_offsets, l.designator.day_of_origin});
        QVERIFY(written.error);
        QVERIFY(written.error->find("XQ1/FRA/2026-04-01") != std::string::npos);
    }
};

QTEST_APPLESS_MAIN(TestSsimWrite)
#include "tst_ssim_write.moc"
