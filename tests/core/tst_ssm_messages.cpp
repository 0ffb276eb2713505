// Schedule change messages in core: the manual's layout read (one example
// per action identifier), what is refused and where, and what compose writes
// reads back as the same sub-messages naming the same dates.
#include <QtTest>

#include <random>

#include "core/ssim/periods.h"
#include "core/ssm/changes.h"
#include "core/ssm/reader.h"
#include "core/ssm/writer.h"
#include "support/test_legs.h"

using namespace rotaplan;
using namespace rotaplan::ssm;

namespace {

Date day(const char* d) { return *parse_date(d); }

ReadResult ok(const std::string& text) {
    auto r = read(text, "m.txt");
    if (r.error) qFatal("%s", r.error->str().c_str());
    return r;
}

std::string error_of(const std::string& text) {
    auto r = read(text, "m.txt");
    return r.error ? r.error->str() : std::string();
}

Leg leg(std::uint64_t n, const char* flight, const char* from, const char* to, const char* std_, const char* sta, const char* type = "320") {
    Leg l = testing::leg(n, flight, from, to, std_, sta);
    l.aircraft_type = AircraftType::from(type);
    return l;
}

}  // namespace

class TestSsmMessages : public QObject {
    Q_OBJECT
private slots:
    void new_over_a_period() {
        auto r = ok("SSM\nLT\n07DEC00012E001\nNEW\nXQ100\n01APR26 30APR26 1234567\nJ 320\nFRA0600+0200 MUC0705+0200\n");
        QCOMPARE(r.messages.size(), std::size_t(1));
        const Message& m = r.messages[0];
        QCOMPARE(m.kind, Kind::Ssm);
        QCOMPARE(m.time_mode, TimeMode::Local);
        QCOMPARE(m.reference, std::string("07DEC00012E001"));
        const SubMessage& s = m.subs.at(0);
        QCOMPARE(s.action, Action::New);
        QCOMPARE(format_flight_number(s.flight), std::string("XQ100"));
        QCOMPARE(s.period.from, day("2026-04-01"));
        QCOMPARE(s.period.to, day("2026-04-30"));
        QCOMPARE(int(s.period.days), 0x7f);
        QCOMPARE(s.equipment->aircraft_type.str(), std::string("320"));
        QCOMPARE(s.legs.size(), std::size_t(1));
        QCOMPARE(s.legs[0].std_minutes, 6 * 60);
        QCOMPARE(*s.legs[0].departure_offset, 120);
        QCOMPARE(dates_of(s).size(), std::size_t(30));
    }
    void several_sub_messages_and_frequency() {
        auto r = ok("SSM\nUTC\nCNL\nXQ100\n01APR26 30APR26 135/W2\n//\nTIM\nXQ200\n06APR26 27APR26 1\nFRA0610 JFK1430/1\n");
        const auto& subs = r.messages.at(0).subs;
        QCOMPARE(subs.size(), std::size_t(2));
        QCOMPARE(subs[0].action, Action::Cnl);
        QCOMPARE(subs[0].period.frequency, 2);
        // Wednesday 1 April, then every other week: 1, 3, 13? no: the weeks of 30 Mar, 13 Apr, 27 Apr
        std::vector<Date> want{day("2026-04-01"), day("2026-04-03"), day("2026-04-13"), day("2026-04-15"), day("2026-04-17"),
                               day("2026-04-27"), day("2026-04-29")};
        QCOMPARE(dates_of(subs[0]), want);
        QCOMPARE(subs[1].action, Action::Tim);
        QCOMPARE(subs[1].legs[0].arrival_day, 1);
        QVERIFY(!subs[1].legs[0].departure_offset);
    }
    void asm_per_action() {
        auto r = ok("ASM\nUTC\n07DEC00001C001\nCNL\nXQ100/15APR26\n\n"
                    "ASM\nUTC\n07DEC00001C002\nTIM WEAT\nXQ100/16APR26\nFRA0700 MUC0805\n\n"
                    "ASM\nUTC\nEQT\nXQ100/17APR26 FRA/MUC\nJ 321 Y200\n\n"
                    "ASM\nLT\nRPL\nXQ100/18APR26\nJ 320\nFRA0600+0200 HAM0710+0200\n\n"
                    "ASM\nUTC\nFLT\nXQ100/19APR26 XQ900/19APR26\n\n"
                    "ASM\nUTC\nRIN\nXQ100/20APR26\n\n"
                    "ASM\nUTC\nNEW\nXQ100/21APR26\nJ 320\nFRA2330 MUC0035/1\n");
        QCOMPARE(r.messages.size(), std::size_t(7));
        QCOMPARE(r.messages[0].subs[0].action, Action::Cnl);
        QCOMPARE(r.messages[0].subs[0].period.from, day("2026-04-15"));
        QCOMPARE(r.messages[1].subs[0].change_reasons, std::vector<std::string>{"WEAT"});
        QCOMPARE(r.messages[2].subs[0].legs_changed.size(), std::size_t(1));
        QCOMPARE(r.messages[2].subs[0].equipment->configuration, std::string("Y200"));
        QCOMPARE(r.messages[3].subs[0].legs[0].arrival.str(), std::string("HAM"));
        QCOMPARE(format_flight_number(*r.messages[4].subs[0].new_flight), std::string("XQ900"));
        QCOMPARE(r.messages[5].subs[0].action, Action::Rin);
        QCOMPARE(r.messages[6].subs[0].legs[0].arrival_day, 1);
    }
    void unsupported_are_read_as_such() {
        auto r = ok("SSM\nUTC\nADM\nXQ100\n01APR26 30APR26 1234567\n7/M\n//\nCON\nXQ100\n01APR26 30APR26 1234567\nJ 320 C12Y150\n");
        QCOMPARE(r.messages[0].subs.size(), std::size_t(2));
        QVERIFY(!supported(Kind::Ssm, r.messages[0].subs[0].action));
        QVERIFY(!supported(Kind::Ssm, Action::Rin));  // RIN is an ASM's
        QVERIFY(supported(Kind::Asm, Action::Rin));
    }
    void errors_name_line_column_element_and_value() {
        QCOMPARE(error_of("SSM\nLT\nNEW\nXQ100\n01APR26 30APR26 1234567\nJ 320\nFRA2560 MUC0705\n"),
                 std::string("m.txt:7:4: aircraft STD: \"2560\": a time is 0000 to 2359"));
        QCOMPARE(error_of("SSM\nLT\nXXX\n"), std::string("m.txt:3:1: action identifier: \"XXX\" is not an action identifier of SSIM Chapter 4 or 5"));
        QCOMPARE(error_of("SSM\nLT\nNEW\nXQ100\n01APR26 31APR26 1234567\nJ 320\nFRA0600 MUC0705\n"),
                 std::string("m.txt:5:9: period of operation to: \"31APR26\": April 2026 has 30 days"));
        QCOMPARE(error_of("SSM\nLT\nNEW\nXQ100\n01APR26 30APR26 1234567\nFRA0600 MUC0705\n"),
                 std::string("m.txt:4:1: equipment: missing: NEW gives the equipment, e.g. J 320"));
        QCOMPARE(error_of("ASM\nUTC\nTIM\nXQ100/01APR26\nFRA0600/X MUC0705\n"),
                 std::string("m.txt:5:8: date variation: \"/X\": a date variation is /1 to /9, or /M1 (the day before)"));
        QCOMPARE(error_of("SSM\nLT\nNEW\nXQ100\n01APR26 30APR26 1234567\nJ 320\nFRA0600+2500 MUC0705\n"),
                 std::string("m.txt:7:8: UTC variation (departure): \"+2500\": at most 14 hours"));
        QCOMPARE(error_of("TLX\n"), std::string("m.txt:1:1: standard message identifier: \"TLX\": a message begins with SSM or ASM"));
    }
    void a_season_wide_retime_is_one_tim() {
        ComposeInput in;
        in.time_mode = TimeMode::Utc;
        in.created = day("2026-12-07");
        in.group = 12;
        for (Date d = day("2026-04-01"); d <= day("2026-10-24"); d.days++) {
            FlightDay fd;
            fd.flight = *parse_flight_number("XQ100");
            fd.day_of_origin = d;
            Leg b = leg(std::uint64_t(d.days), "XQ100", "FRA", "MUC", "2026-04-01T06:00Z", "2026-04-01T07:05Z");
            b.designator.day_of_origin = d;
            b.std_utc = instant_at(d, 6 * 60);
            b.sta_utc = instant_at(d, 7 * 60 + 5);
            Leg a = b;
            a.std_utc = a.std_utc + 10;
            a.sta_utc = a.sta_utc + 10;
            fd.before = {b};
            fd.after = {a};
            in.days.push_back(fd);
        }
        auto out = compose(in);
        QVERIFY(!out.error);
        QCOMPARE(out.messages.size(), std::size_t(1));
        QCOMPARE(out.sub_messages, 1L);
        QCOMPARE(write(out.messages), std::string("SSM\nUTC\n07DEC00012E001\nTIM\nXQ100\n01APR26 24OCT26 1234567\nFRA0610 MUC0715\n"));
    }
    // compose, write, read: the same sub-messages, naming exactly the dates composed.
    void written_reads_back() {
        for (TimeMode mode : {TimeMode::Utc, TimeMode::Local}) {
            std::mt19937 random(7);
            ComposeInput in;
            in.time_mode = mode;
            in.created = day("2026-12-07");
            const char* flights[] = {"XQ100", "XQ101", "XQ7A"};
            std::uint64_t n = 1;
            std::map<std::pair<std::string, Date>, int> expected_days;
            int minute = 22 * 60;
            for (const char* f : flights)
                for (Date d = day("2026-03-29"); d <= day("2026-05-30"); d.days++) {
                    int what = int(random() % 6);
                    if (what > 3) continue;
                    FlightDay fd;
                    fd.flight = *parse_flight_number(f);
                    fd.day_of_origin = d;
                    Leg b = leg(n++, f, "FRA", "JFK", "2026-04-01T22:00Z", "2026-04-02T06:00Z");
                    b.designator.day_of_origin = d;
                    // Each flight its own times: the same legs under another number the same day would be a FLT.
                    b.std_utc = instant_at(d, minute + int(f[4] - '0') * 10);
                    b.sta_utc = instant_at(Date{d.days + 1}, 6 * 60);
                    Leg a = b;
                    if (what == 0) fd.after = {a};
                    if (what == 1) fd.before = {b};
                    if (what == 2) {
                        a.std_utc = a.std_utc + 60;
                        a.sta_utc = a.sta_utc + 60;
                        fd.before = {b};
                        fd.after = {a};
                    }
                    if (what == 3) {
                        a.aircraft_type = AircraftType::from("388");
                        fd.before = {b};
                        fd.after = {a};
                    }
                    in.days.push_back(fd);
                    expected_days[{f, d}] = what;
                }
            auto out = compose(in);
            QVERIFY(!out.error);
            auto back = read(write(out.messages), "m.txt");
            QVERIFY2(!back.error, back.error ? back.error->str().c_str() : "");
            QCOMPARE(back.messages.size(), out.messages.size());
            std::map<std::pair<std::string, Date>, int> got;
            const Action kinds[] = {Action::New, Action::Cnl, Action::Tim, Action::Eqt};
            for (std::size_t i = 0; i < out.messages.size(); ++i) {
                QCOMPARE(back.messages[i].subs.size(), out.messages[i].subs.size());
                QCOMPARE(back.messages[i].reference, out.messages[i].reference);
                for (std::size_t k = 0; k < out.messages[i].subs.size(); ++k) {
                    const auto& a = out.messages[i].subs[k];
                    const auto& b = back.messages[i].subs[k];
                    QCOMPARE(b.action, a.action);
                    QCOMPARE(b.period, a.period);
                    QCOMPARE(b.legs, a.legs);
                    for (Date d : dates_of(b)) {
                        Date origin = d;  // 22:00Z: the UTC date is the day of origin here
                        int what = int(std::find(std::begin(kinds), std::end(kinds), b.action) - std::begin(kinds));
                        QVERIFY(got.emplace(std::make_pair(format_flight_number(b.flight), origin), what).second);
                    }
                }
            }
            QCOMPARE(got, expected_days);
        }
    }
    void folding_is_the_ssim_writers() {
        std::vector<Date> dates;
        for (Date d = day("2026-04-01"); d <= day("2026-04-30"); d.days++)
            if (iso_weekday(d) == 1 || iso_weekday(d) == 3) dates.push_back(d);
        auto periods = ssim::fold_periods(dates);
        QCOMPARE(periods.size(), std::size_t(1));
        QCOMPARE(int(periods[0].days), 0b101);
    }
};

QTEST_APPLESS_MAIN(TestSsmMessages)
#include "tst_ssm_messages.moc"
