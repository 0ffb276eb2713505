// The SSIM reader: every type 3 field it decodes, every rule it checks, and
// the FILE:LINE:COLUMN: field: message it answers a bad record with.
#include <QtTest>

#include "core/ssim/reader.h"
#include "ssim_text.h"

using namespace rotaplan;
using namespace rotaplan::ssim;
using rotaplan::testing::LegText;
using rotaplan::testing::SsimText;

Q_DECLARE_METATYPE(std::string)

class TestSsimReader : public QObject {
    Q_OBJECT

    static ReadResult read_text(const std::string& text, bool lenient = false) {
        return read(text, ReadOptions{"t.ssim", lenient});
    }

private slots:
    void decodesEveryScheduleField() {
        SsimText t;
        t.legs.push_back(LegText{}
                             .set(leg::suffix, "A")
                             .set(leg::airline, "4U")
                             .set(leg::flight_number, "  42")
                             .set(leg::itinerary_variation, "03")
                             .set(leg::leg_sequence, "02")
                             .set(leg::service_type, "C")
                             .set(leg::days, "1 3 5 7")
                             .set(leg::frequency, "2")
                             .set(leg::departure, "JFK")
                             .set(leg::aircraft_std, "2350")
                             .set(leg::departure_offset, "-0400")
                             .set(leg::arrival, "FRA")
                             .set(leg::aircraft_sta, "1340")
                             .set(leg::arrival_offset, "+0200")
                             .set(leg::aircraft_type, "32N")
                             .set(leg::date_variation, "01"));
        auto r = read_text(t.str());
        QVERIFY2(!r.error, r.error ? r.error->str().c_str() : "");
        QCOMPARE(r.file.legs.size(), std::size_t(1));
        const LegRecord& l = r.file.legs[0];
        QCOMPARE(l.line, SsimText::line_of_leg(0));
        QCOMPARE(l.flight.suffix, 'A');
        QCOMPARE(l.flight.airline.str(), std::string("4U"));
        QCOMPARE(int(l.flight.number), 42);
        QCOMPARE(l.itinerary_variation, 3);
        QCOMPARE(l.leg_sequence, 2);
        QCOMPARE(l.service_type, 'C');
        QCOMPARE(l.period_from, *make_date(2026, 4, 1));
        QCOMPARE(l.period_to, *make_date(2026, 4, 30));
        QCOMPARE(int(l.days), 0b1010101);
        QCOMPARE(l.frequency, 2);
        QCOMPARE(l.departure.str(), std::string("JFK"));
        QCOMPARE(l.std_minutes, 23 * 60 + 50);
        QCOMPARE(l.departure_offset, -240);
        QCOMPARE(l.arrival.str(), std::string("FRA"));
        QCOMPARE(l.sta_minutes, 13 * 60 + 40);
        QCOMPARE(l.arrival_offset, 120);
        QCOMPARE(l.aircraft_type.str(), std::string("32N"));
        QCOMPARE(l.departure_day, 0);
        QCOMPARE(l.arrival_day, 1);
        QCOMPARE(r.file.carriers.size(), std::size_t(1));
        QCOMPARE(r.file.carriers[0].time_mode, TimeMode::Local);
        QCOMPARE(r.file.records, 4);  // header, carrier, leg, trailer; padding is not a record
    }

    void dateVariationAIsTheDayBefore() {
        SsimText t;
        t.legs.push_back(LegText{}.set(leg::date_variation, "AA"));
        auto r = read_text(t.str());
        QVERIFY(!r.error);
        QCOMPARE(r.file.legs[0].departure_day, -1);
        QCOMPARE(r.file.legs[0].arrival_day, -1);
    }

    void openEndedPeriodRunsToTheCarriersValidity() {
        SsimText t;
        t.legs.push_back(LegText{}.set(leg::period_to, "00XXX00"));
        auto r = read_text(t.str());
        QVERIFY(!r.error);
        QCOMPARE(r.file.legs[0].period_to, *make_date(2026, 10, 24));
    }

    void blankFrequencyIsWeekly() {
        SsimText t;
        t.legs.push_back(LegText{}.set(leg::frequency, " "));
        t.legs.push_back(LegText{}.set(leg::frequency, "1").set(leg::flight_number, "0101"));
        auto r = read_text(t.str());
        QVERIFY(!r.error);
        QCOMPARE(r.file.legs[0].frequency, 1);
        QCOMPARE(r.file.legs[1].frequency, 1);
    }

    void lineEndsPaddingAndSections_data() {
        QTest::addColumn<QString>("eol");
        QTest::addColumn<bool>("final_eol");
        QTest::newRow("LF") << "\n" << true;
        QTest::newRow("CRLF") << "\r\n" << true;
        QTest::newRow("LF, no final newline") << "\n" << false;
        QTest::newRow("CRLF, no final newline") << "\r\n" << false;
    }
    void lineEndsPaddingAndSections() {
        QFETCH(QString, eol);
        QFETCH(bool, final_eol);
        SsimText a, b;
        a.eol = b.eol = eol.toStdString();
        a.final_eol = b.final_eol = true;
        a.legs.push_back(LegText{});
        b.airline = "4U";
        b.time_mode = 'U';
        b.final_eol = final_eol;
        b.legs.push_back(LegText{}.set(leg::airline, "4U"));
        b.legs.push_back(LegText{}.set(leg::airline, "4U").set(leg::flight_number, "0200"));
        auto r = read_text(a.str() + b.str());
        QVERIFY2(!r.error, r.error ? r.error->str().c_str() : "");
        QCOMPARE(r.file.carriers.size(), std::size_t(2));
        QCOMPARE(r.file.carriers[1].time_mode, TimeMode::Utc);
        QCOMPARE(r.file.legs.size(), std::size_t(3));
        QCOMPARE(r.file.legs[1].carrier, 1);
        QCOMPARE(r.file.legs[2].flight.number, std::uint16_t(200));
    }

    // One broken field each: the message names the file, line, column, field.
    void badFieldsAreNamed_data() {
        QTest::addColumn<std::string>("field");
        QTest::addColumn<std::string>("value");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("expected");
        auto row = [](const Field& f, const char* value, int column, const char* expected) {
            QTest::newRow((std::string(f.name) + " " + value).c_str()) << std::string(f.name) << std::string(value) << column
                                                                      << QString(expected);
        };
        row(leg::suffix, "1", 2, "operational suffix: \"1\" is not a letter or blank");
        row(leg::airline, "X!", 3, "airline designator: \"X! \"");
        row(leg::flight_number, "12A4", 8, "flight number: \"12A4\" is not a number");
        row(leg::flight_number, "0000", 6, "flight number: \"0000\" is not between 1 and 9999");
        row(leg::itinerary_variation, "00", 10, "itinerary variation identifier");
        row(leg::leg_sequence, "X1", 12, "leg sequence number: \"X1\" is not a number");
        row(leg::service_type, "1", 14, "service type: \"1\" is not a service type letter");
        row(leg::period_from, "31APR26", 15, "period of operation from: \"31APR26\" is not a date DDMMMYY");
        row(leg::period_to, "01MAR26", 22, "period of operation to: the period ends before it begins");
        row(leg::days, "1234568", 35, "days of operation: \"1234568\": column 35 must be 7 or blank");
        row(leg::days, "       ", 29, "days of operation: no day of operation");
        row(leg::frequency, "3", 36, "frequency rate: \"3\" is not blank, 1 (weekly) or 2 (fortnightly)");
        row(leg::departure, "FR1", 37, "departure station: \"FR1\" is not an IATA airport code");
        row(leg::aircraft_std, "2460", 44, "aircraft STD: \"2460\" is not a time of day");
        row(leg::aircraft_std, "06:0", 46, "aircraft STD: \"06:0\" is not a time HHMM");
        row(leg::departure_offset, "+1500", 48, "UTC/local time variation (departure): \"+1500\" is not a UTC variation");
        row(leg::departure_offset, "0200 ", 48, "UTC/local time variation (departure): \"0200 \" is not a UTC variation +HHMM");
        row(leg::arrival, "mUC", 55, "arrival station: \"mUC\" is not an IATA airport code");
        row(leg::aircraft_sta, "0500", 58, "aircraft STA: arrival 0500 (date variation 00) is not after departure 0600");
        row(leg::aircraft_sta, "2400", 58, "aircraft STA");  // midnight arrival is allowed; 07:05 -> 24:00 is fine
        row(leg::arrival_offset, "+02x0", 66, "UTC/local time variation (arrival)");
        row(leg::aircraft_type, "3-0", 73, "aircraft type: \"3-0\": an aircraft type uses capital letters and digits");
        row(leg::date_variation, "0B", 194, "date variation: \"0B\": B is not 0-9 or A (-1)");
        row(serial_number, "00001X", 200, "record serial number: \"00001X\" is not a number");
    }
    void badFieldsAreNamed() {
        QFETCH(std::string, field);
        QFETCH(std::string, value);
        QFETCH(int, column);
        QFETCH(QString, expected);
        const Field* fields[] = {&leg::suffix, &leg::airline, &leg::flight_number, &leg::itinerary_variation,
                                 &leg::leg_sequence, &leg::service_type, &leg::period_from, &leg::period_to, &leg::days,
                                 &leg::frequency, &leg::departure, &leg::aircraft_std, &leg::departure_offset,
                                 &leg::arrival, &leg::aircraft_sta, &leg::arrival_offset, &leg::aircraft_type,
                                 &leg::date_variation, &serial_number};
        const Field* f = *std::find_if(std::begin(fields), std::end(fields), [&](const Field* x) { return field == x->name; });
        SsimText t;
        t.legs.push_back(LegText{});
        t.legs.push_back(LegText{}.set(leg::flight_number, "0101").set(*f, value));
        auto text = t.str();
        if (f == &serial_number) {  // SsimText numbers records itself: break the serial afterwards
            auto records = t.records();
            testing::put_field(records[7], serial_number, value);
            text.clear();
            for (const auto& r : records) text += r + "\n";
        }
        auto r = read_text(text);
        if (value == "2400") {  // the one row that must pass
            QVERIFY(!r.error);
            QCOMPARE(r.file.legs[1].sta_minutes, 1440);
            return;
        }
        QVERIFY(r.error.has_value());
        QCOMPARE(r.error->line, SsimText::line_of_leg(1));
        QCOMPARE(r.error->column, column);
        QString message = QString::fromStdString(r.error->str());
        QString prefix = QString("t.ssim:%1:%2: ").arg(SsimText::line_of_leg(1)).arg(column);
        QVERIFY2(message.startsWith(prefix + expected), qPrintable(message));
    }

    void recordsOfTheWrongLengthOrTypeAreNamed() {
        SsimText t;
        t.legs.push_back(LegText{});
        auto records = t.records();
        std::string text;
        for (std::size_t i = 0; i < records.size(); ++i) {
            if (i == 6) records[i].pop_back();  // the leg record: 199 characters
            text += records[i] + "\n";
        }
        auto r = read_text(text);
        QVERIFY(r.error);
        QCOMPARE(QString::fromStdString(r.error->str()),
                 QString("t.ssim:7:200: record length: the record has 199 characters; SSIM records have 200"));

        std::string seven = records[0];
        seven[0] = '7';
        r = read_text(records[0] + "\n" + seven + "\n");
        QVERIFY(r.error);
        QCOMPARE(QString::fromStdString(r.error->str()), QString("t.ssim:2:1: record type: \"7\" is not a record type 1-5"));
    }

    void structureIsChecked() {
        SsimText t;
        t.legs.push_back(LegText{});
        auto rs = t.records();
        // A leg record before any carrier record.
        auto r = read_text(rs[0] + "\n" + rs[6] + "\n");
        QVERIFY(r.error);
        QCOMPARE(QString::fromStdString(r.error->str()),
                 QString("t.ssim:2:1: record type: a flight leg record must follow a carrier record (type 2)"));
        // A file that does not begin with a header.
        r = read_text(rs[5] + "\n" + rs[6] + "\n");
        QVERIFY(r.error);
        QCOMPARE(QString::fromStdString(r.error->str()), QString("t.ssim:1:1: record type: the file must begin with a header record (type 1)"));
        // A carrier with an unknown time mode.
        t.time_mode = 'X';
        r = read_text(t.str());
        QVERIFY(r.error);
        QCOMPARE(QString::fromStdString(r.error->str()), QString("t.ssim:6:2: time mode: \"X\" is neither L (local) nor U (UTC)"));
    }

    void lenientSkipsBadRecordsAndListsThem() {
        SsimText t;
        t.legs.push_back(LegText{});
        t.legs.push_back(LegText{}.set(leg::flight_number, "0101").set(leg::aircraft_std, "9999"));
        t.legs.push_back(LegText{}.set(leg::flight_number, "0102"));
        t.legs.push_back(LegText{}.set(leg::flight_number, "0103").set(leg::arrival, "12"));
        auto strict = read_text(t.str());
        QVERIFY(strict.error);
        QCOMPARE(strict.error->line, SsimText::line_of_leg(1));
        auto r = read_text(t.str(), true);
        QVERIFY(!r.error);
        QCOMPARE(r.file.legs.size(), std::size_t(2));
        QCOMPARE(int(r.file.legs[1].flight.number), 102);
        QCOMPARE(r.file.skipped.size(), std::size_t(2));
        QCOMPARE(r.file.skipped[0].line, SsimText::line_of_leg(1));
        QCOMPARE(r.file.skipped[0].field, std::string("aircraft STD"));
        QCOMPARE(r.file.skipped[1].line, SsimText::line_of_leg(3));
        QCOMPARE(r.file.skipped[1].field, std::string("arrival station"));
    }

    void ssimDates() {
        QCOMPARE(parse_ssim_date("29FEB28"), make_date(2028, 2, 29));
        QVERIFY(!parse_ssim_date("29FEB27"));
        QVERIFY(!parse_ssim_date("01Apr26"));
        QCOMPARE(format_ssim_date(*make_date(2026, 3, 9)), std::string("09MAR26"));
    }
};

QTEST_APPLESS_MAIN(TestSsimReader)
#include "tst_ssim_reader.moc"
