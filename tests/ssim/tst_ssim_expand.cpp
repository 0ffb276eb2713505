// Expansion of SSIM leg records into dated legs: which dates, which day of
// origin, which UTC instants. The decisions it tests are in docs/decisions.md
// ("SSIM dates").
#include <QtTest>

#include "core/ssim/expand.h"
#include "ssim_text.h"

using namespace rotaplan;
using namespace rotaplan::ssim;
using rotaplan::testing::LegText;
using rotaplan::testing::SsimText;

namespace {

struct Expanded {
    std::vector<Leg> legs;
    std::optional<Problem> error;
    std::vector<Problem> skipped;
};

Expanded expand_text(const SsimText& t, bool lenient = false) {
    static std::string keep;  // records point into the text
    keep = t.str();
    ReadOptions o{"t.ssim", lenient};
    auto r = read(keep, o);
    if (r.error) return {{}, r.error, {}};
    auto e = expand(r.file, o);
    Expanded out{{}, e.error, e.skipped};
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

    void duplicateDesignatorsNameBothLines() {
        SsimText t;
        t.legs.push_back(LegText{});
        t.legs.push_back(LegText{}.set(leg::flight_number, "0101"));
        t.legs.push_back(LegText{}.set(leg::period_from, "30APR26").set(leg::period_to, "02MAY26"));
        auto e = expand_text(t);
        QVERIFY(e.error);
        QCOMPARE(QString::fromStdString(e.error->str()),
                 QString("t.ssim:%1:6: flight number: flight XQ100/FRA/2026-04-30 is already scheduled on line %2")
                     .arg(SsimText::line_of_leg(2))
                     .arg(SsimText::line_of_leg(0)));
        auto lenient = expand_text(t, true);
        QVERIFY(!lenient.error);
        QCOMPARE(lenient.skipped.size(), std::size_t(1));
        QCOMPARE(lenient.legs.size(), std::size_t(60));  // the third record is left out whole
    }

    void attributesTemplateIgnoresDatesOnly() {
        LegText a, b = LegText{}.set(leg::period_from, "05APR26").set(leg::days, "1      ");
        QCOMPARE(attributes_key(attributes_template(a.r)), attributes_key(attributes_template(b.r)));
        LegText c = LegText{}.set(leg::departure_terminal, "2");
        QVERIFY(attributes_key(attributes_template(a.r)) != attributes_key(attributes_template(c.r)));
    }
};

QTEST_APPLESS_MAIN(TestSsimExpand)
#include "tst_ssim_expand.moc"
