// Expansion of SSIM leg records into dated legs: which dates, which day of
// origin, which UTC instants. The decisions it tests are in docs/decisions.md
// ("SSIM dates").
#include <QtTest>

#include "core/files/encoding.h"
#include "core/ssim/expand.h"
#include "support/ssim_text.h"

using namespace rotaplan;
using namespace rotaplan::ssim;
using rotaplan::testing::LegText;
using rotaplan::testing::SsimText;

namespace {

struct Expanded {
    std::vector<Leg> legs;
    std::optional<Problem> error;
    std::vector<SharedDesignator> shared;
};

Expanded expand_text(const SsimText& t, ReadOptions o = {"t.ssim"}) {
    static std::string keep;  // records point into the text
    keep = t.str();
    auto r = read(keep, o);
    if (r.error) return {{}, r.error, {}};
    auto e = expand(r.file, o);
    Expanded out{{}, e.error, e.shared};
    for (const auto& d : e.legs) out.legs.push_back(d.leg);
    return out;
}

Date day(int y, unsigned m, unsigned d) { return *make_date(y, m, d); }
Instant at(const char* iso) { return *parse_instant(iso); }

}  // namespace

class TestSsimExpand : public QObject {
    Q_OBJECT

private slots:
    void everyDayOfThePeriodInLocalTime() {
        SsimText t;
        t.legs.push_back(LegText{});
        auto e = expand_text(t);
        QVERIFY(!e.error);
        QCOMPARE(e.legs.size(), std::size_t(30));
        const Leg& first = e.legs.front();
        QCOMPARE(format_designator(first.designator), std::string("XQ100/FRA/2026-04-01"));
        QCOMPARE(first.std_utc, at("2026-04-01T04:00Z"));  // 06:00 at +02:00
        QCOMPARE(first.sta_utc, at("2026-04-01T05:05Z"));
        QCOMPARE(first.arrival.str(), std::string("MUC"));
        QCOMPARE(first.aircraft_type.str(), std::string("320"));
        QCOMPARE(first.service_type, 'J');
        QVERIFY(first.attributes != 0);
        QCOMPARE(e.legs.back().designator.day_of_origin, day(2026, 4, 30));
    }

    void daysOfOperation() {
        SsimText t;
        t.legs.push_back(LegText{}.set(leg::days, "1 3 5  "));
        auto e = expand_text(t);
        QVERIFY(!e.error);
        for (const Leg& l : e.legs) {
            int w = iso_weekday(l.designator.day_of_origin);
            QVERIFY(w == 1 || w == 3 || w == 5);
        }
        QCOMPARE(e.legs.size(), std::size_t(13));  // April 2026: 4 Mondays, 5 Wednesdays, 4 Fridays
    }

    // Frequency rate 2: every other calendar week, counted from the week
    // (Monday-Sunday) that holds the period's first date.
    void fortnightly() {
        SsimText t;
        t.legs.push_back(LegText{}.set(leg::days, "  3    ").set(leg::frequency, "2"));  // from Wed 01APR26
        auto e = expand_text(t);
        QVERIFY(!e.error);
        QCOMPARE(e.legs.size(), std::size_t(3));
        QCOMPARE(e.legs[0].designator.day_of_origin, day(2026, 4, 1));
        QCOMPARE(e.legs[1].designator.day_of_origin, day(2026, 4, 15));
        QCOMPARE(e.legs[2].designator.day_of_origin, day(2026, 4, 29));

        // From Sunday 05APR26 on Mondays: Monday 06APR is in the period's second
        // week, so the first operating Monday is 13APR.
        SsimText s;
        s.legs.push_back(LegText{}.set(leg::period_from, "05APR26").set(leg::days, "1      ").set(leg::frequency, "2"));
        e = expand_text(s);
        QCOMPARE(e.legs.size(), std::size_t(2));
        QCOMPARE(e.legs[0].designator.day_of_origin, day(2026, 4, 13));
        QCOMPARE(e.legs[1].designator.day_of_origin, day(2026, 4, 27));
    }

    void arrivalOverLocalMidnight() {
        SsimText t;
        t.legs.push_back(LegText{}
                             .set(leg::period_to, "01APR26")
                             .set(leg::aircraft_std, "2330")
                             .set(leg::aircraft_sta, "0105")
                             .set(leg::date_variation, "01"));
        auto e = expand_text(t);
        QVERIFY(!e.error);
        QCOMPARE(e.legs.size(), std::size_t(1));
        QCOMPARE(e.legs[0].designator.day_of_origin, day(2026, 4, 1));
        QCOMPARE(e.legs[0].std_utc, at("2026-04-01T21:30Z"));
        QCOMPARE(e.legs[0].sta_utc, at("2026-04-01T23:05Z"));
    }

    // West of UTC: the local evening departure is the next UTC day; the day of
    // origin stays the local date.
    void negativeUtcOffset() {
        SsimText t;
        t.legs.push_back(LegText{}
                             .set(leg::period_to, "01APR26")
                             .set(leg::departure, "JFK")
                             .set(leg::aircraft_std, "2050")
                             .set(leg::departure_offset, "-0400")
                             .set(leg::arrival, "FRA")
                             .set(leg::aircraft_sta, "1040")
                             .set(leg::date_variation, "01"));
        auto e = expand_text(t);
        QVERIFY(!e.error);
        QCOMPARE(format_designator(e.legs[0].designator), std::string("XQ100/JFK/2026-04-01"));
        QCOMPARE(e.legs[0].std_utc, at("2026-04-02T00:50Z"));
        QCOMPARE(e.legs[0].sta_utc, at("2026-04-02T08:40Z"));
    }

    // A two-leg flight: the second leg departs the day after the flight's date
    // and keeps the flight's day of origin in its designator.
    void multiLegFlightWithDateVariation() {
        SsimText t;
        t.legs.push_back(LegText{}
                             .set(leg::flight_number, "0500")
                             .set(leg::period_to, "02APR26")
                             .set(leg::aircraft_std, "2200")
                             .set(leg::arrival, "DXB")
                             .set(leg::aircraft_sta, "0600")
                             .set(leg::arrival_offset, "+0400")
                             .set(leg::date_variation, "01"));
        t.legs.push_back(LegText{}
                             .set(leg::flight_number, "0500")
                             .set(leg::leg_sequence, "02")
                             .set(leg::period_to, "02APR26")
                             .set(leg::departure, "DXB")
                             .set(leg::aircraft_std, "0800")
                             .set(leg::departure_offset, "+0400")
                             .set(leg::arrival, "BKK")
                             .set(leg::aircraft_sta, "1730")
                             .set(leg::arrival_offset, "+0700")
                             .set(leg::date_variation, "11"));
        auto e = expand_text(t);
        QVERIFY2(!e.error, e.error ? e.error->str().c_str() : "");
        QCOMPARE(e.legs.size(), std::size_t(4));
        QCOMPARE(format_designator(e.legs[0].designator), std::string("XQ500/FRA/2026-04-01"));
        QCOMPARE(e.legs[0].sta_utc, at("2026-04-02T02:00Z"));
        QCOMPARE(format_designator(e.legs[2].designator), std::string("XQ500/DXB/2026-04-01"));
        QCOMPARE(e.legs[2].std_utc, at("2026-04-02T04:00Z"));
        QCOMPARE(e.legs[2].sta_utc, at("2026-04-02T10:30Z"));
    }

    void dateVariationA() {
        SsimText t;
        t.legs.push_back(LegText{}.set(leg::period_to, "01APR26").set(leg::date_variation, "AA"));
        auto e = expand_text(t);
        QVERIFY(!e.error);
        QCOMPARE(e.legs[0].designator.day_of_origin, day(2026, 4, 1));
        QCOMPARE(e.legs[0].std_utc, at("2026-03-31T04:00Z"));
    }

    // UTC time mode: times and period dates are UTC; the day of origin is the
    // local date of the first leg's departure.
    void utcTimeMode() {
        SsimText t;
        t.time_mode = 'U';
        t.legs.push_back(LegText{}.set(leg::period_to, "01APR26").set(leg::aircraft_std, "2300").set(leg::aircraft_sta, "0005").set(leg::date_variation, "01"));
        t.legs.push_back(LegText{}
                             .set(leg::leg_sequence, "02")
                             .set(leg::period_to, "01APR26")
                             .set(leg::departure, "MUC")
                             .set(leg::aircraft_std, "0100")
                             .set(leg::arrival, "VIE")
                             .set(leg::aircraft_sta, "0150")
                             .set(leg::date_variation, "11"));
        auto e = expand_text(t);
        QVERIFY2(!e.error, e.error ? e.error->str().c_str() : "");
        QCOMPARE(e.legs[0].std_utc, at("2026-04-01T23:00Z"));
        QCOMPARE(e.legs[0].sta_utc, at("2026-04-02T00:05Z"));
        QCOMPARE(format_designator(e.legs[0].designator), std::string("XQ100/FRA/2026-04-02"));  // 01:00 local
        QCOMPARE(format_designator(e.legs[1].designator), std::string("XQ100/MUC/2026-04-02"));  // the flight's day
        QCOMPARE(e.legs[1].std_utc, at("2026-04-02T01:00Z"));
    }

    // Two records that schedule one designator (two itinerary variations
    // whose periods overlap): both legs are kept, and the expansion says which.
    void sharedDesignatorsAreKeptAndNamed() {
        SsimText t;
        t.legs.push_back(LegText{});
        t.legs.push_back(LegText{}.set(leg::flight_number, "0101"));
        t.legs.push_back(LegText{}
                             .set(leg::itinerary_variation, "02")
                             .set(leg::period_from, "29APR26")
                             .set(leg::period_to, "02MAY26")
                             .set(leg::aircraft_std, "1800")
                             .set(leg::aircraft_sta, "1905"));
        auto e = expand_text(t);
        QVERIFY(!e.error);
        QCOMPARE(e.legs.size(), std::size_t(64));  // 30 + 30 + 4: nothing left out
        QCOMPARE(e.shared.size(), std::size_t(2));  // 29 and 30 April
        QCOMPARE(format_designator(e.shared[0].designator), std::string("XQ100/FRA/2026-04-29"));
        QCOMPARE(e.shared[0].legs.size(), std::size_t(2));
        QCOMPARE(e.legs[e.shared[0].legs[0]].std_utc, at("2026-04-29T04:00Z"));
        QCOMPARE(e.legs[e.shared[0].legs[1]].std_utc, at("2026-04-29T16:00Z"));
    }

    // A file is refused for its size before its legs are made: "01JAN00-31DEC99" daily is 36,525 legs a record.
    void aFileMayScheduleSoManyDatedLegs() {
        SsimText t;
        t.valid_from = "01JAN00";
        t.valid_to = "31DEC99";
        for (int k = 0; k < 3; ++k)
            t.legs.push_back(LegText{}.set(leg::flight_number, std::to_string(1000 + k)).set(leg::period_from, "01JAN00").set(leg::period_to, "31DEC99"));
        ReadOptions o{"t.ssim"};
        o.max_dated_legs = 80000;
        auto e = expand_text(t, o);
        QVERIFY(e.error);
        QCOMPARE(QString::fromStdString(e.error->str()),
                 QString("t.ssim:9:15: period of operation from: with this record (36525 dated legs from 01JAN00 to 31DEC99) "
                         "the file schedules more than 80000 dated legs, the most one file may hold: split it by period or by airline"));
        QVERIFY(e.legs.empty());
        o.max_dated_legs = 3 * 36525;
        QVERIFY(!expand_text(t, o).error);
        QVERIFY(kMaxDatedLegs >= 2'600'000);  // a 1,000-airplane airline's year
    }

    // UTC mode, an airline keeping its UTC times when the clocks change: the
    // same 22:30Z is 23:30 local before and 00:30 local after, and each
    // record's days of origin follow its own variation (a later leg of the
    // flight follows the record of its first leg on that date).
    void utcVariationChangingInsideTheSeason() {
        SsimText t;
        t.time_mode = 'U';
        auto first = [](const char* from, const char* to, const char* offset) {
            return LegText{}
                .set(leg::period_from, from)
                .set(leg::period_to, to)
                .set(leg::aircraft_std, "2230")
                .set(leg::departure_offset, offset)
                .set(leg::aircraft_sta, "2330")
                .set(leg::arrival_offset, offset);
        };
        t.legs.push_back(first("26MAR26", "28MAR26", "+0100"));
        t.legs.push_back(first("29MAR26", "31MAR26", "+0200"));
        t.legs.push_back(LegText{}
                             .set(leg::leg_sequence, "02")
                             .set(leg::period_from, "26MAR26")
                             .set(leg::period_to, "31MAR26")
                             .set(leg::departure, "MUC")
                             .set(leg::aircraft_std, "0030")
                             .set(leg::arrival, "VIE")
                             .set(leg::aircraft_sta, "0130")
                             .set(leg::date_variation, "11"));
        auto e = expand_text(t);
        QVERIFY2(!e.error, e.error ? e.error->str().c_str() : "");
        QCOMPARE(e.legs.size(), std::size_t(12));
        QCOMPARE(format_designator(e.legs[0].designator), std::string("XQ100/FRA/2026-03-26"));  // 23:30 local
        QCOMPARE(format_designator(e.legs[3].designator), std::string("XQ100/FRA/2026-03-30"));  // 00:30 local, the next day
        QCOMPARE(e.legs[3].std_utc, at("2026-03-29T22:30Z"));
        // The second leg: the flight's day of origin, from its first leg on that date.
        QCOMPARE(format_designator(e.legs[6].designator), std::string("XQ100/MUC/2026-03-26"));
        QCOMPARE(format_designator(e.legs[9].designator), std::string("XQ100/MUC/2026-03-30"));
        QVERIFY(e.shared.empty());
    }

    void attributesTemplateIgnoresDatesOnly() {
        LegText a, b = LegText{}.set(leg::period_from, "05APR26").set(leg::days, "1      ");
        QCOMPARE(attributes_key(attributes_template(a.r)), attributes_key(attributes_template(b.r)));
        LegText c = LegText{}.set(leg::departure_terminal, "2");
        QVERIFY(attributes_key(attributes_template(a.r)) != attributes_key(attributes_template(c.r)));
    }

    // A leg's type 4 records are part of its attributes: without the flight
    // and serial, so flights with the same segment data share them.
    void attributesTemplateHoldsTheSegmentData() {
        LegText a;
        std::string dei = testing::segment_record("010", "FRA", "MUC", "LH 1234");
        std::vector<std::string_view> segments{dei};
        auto t = attributes_template(a.r, segments);
        QCOMPARE(t.size(), 2 * record_size);
        QCOMPARE(t.substr(record_size, 1), std::string("4"));
        QCOMPARE(std::string(segment::flight_number.in(std::string_view(t).substr(record_size))), std::string("    "));
        QCOMPARE(std::string(segment::data_element_identifier.in(std::string_view(t).substr(record_size))), std::string("010"));
        QVERIFY(attributes_key(t) != attributes_key(attributes_template(a.r)));
        std::string other = testing::segment_record("010", "FRA", "MUC", "LH 1234", "XQ", "0555");
        std::vector<std::string_view> others{other};
        QCOMPARE(attributes_key(attributes_template(a.r, others)), attributes_key(t));
    }

    // Latin-1 bytes of a free column are characters of the template, which is UTF-8 (events are JSON).
    void attributesTemplateIsUtf8() {
        LegText a = LegText{}.set(leg::aircraft_configuration, "C12Y156 CAF\xC9");
        auto t = attributes_template(a.r);
        QVERIFY(files::is_utf8(t));
        QVERIFY(t.find("CAF\xC3\x89") != std::string::npos);
        QCOMPARE(files::utf8_to_latin1(t)->size(), record_size);
    }
};

QTEST_APPLESS_MAIN(TestSsimExpand)
#include "tst_ssim_expand.moc"
