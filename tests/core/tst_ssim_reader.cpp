// The SSIM reader: every type 3 field it decodes, every rule it checks, and
// the FILE:LINE:COLUMN: field: message it answers a bad record with.
#include <QtTest>

#include "core/ssim/reader.h"
#include "support/ssim_text.h"

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
        t.airline = "4U";
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
        row(leg::period_from, "31APR26", 15, "period of operation from: \"31APR26\": April 2026 has 30 days");
        row(leg::period_from, "01.04.6", 15, "period of operation from: \"01.04.6\" is not a date DDMMMYY (like 01APR26)");
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
        row(leg::arrival, "FRA", 55, "arrival station: \"FRA\" is also the departure station");
        row(leg::passenger_std, "2460", 40, "passenger STD: \"2460\" is not a time of day");
        row(leg::passenger_sta, "25:0", 64, "passenger STA: \"25:0\" is not a time HHMM");
        row(leg::airline, "4U", 3, "airline designator: \"4U \" differs from the airline of its carrier record (line 6): XQ");
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
                                 &leg::date_variation, &serial_number, &leg::passenger_std, &leg::passenger_sta};
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
        records[6] += "X";  // the leg record: 201 characters
        auto r = read_text(SsimText::join(records));
        QVERIFY(r.error);
        QCOMPARE(QString::fromStdString(r.error->str()),
                 QString("t.ssim:7:201: record length: the record has 201 characters; SSIM records have 200"));
        // Blanks past column 200 are only blanks.
        records[6].back() = ' ';
        QVERIFY(!read_text(SsimText::join(records)).error);
        // An e-acute saved as UTF-8 takes two bytes: the message says why the record is long.
        records[6] = t.records()[6];
        records[6].replace(std::size_t(leg::aircraft_configuration.last - 1), 1, "\xC3\xA9");
        r = read_text(SsimText::join(records));
        QVERIFY(r.error);
        QVERIFY2(r.error->message.find("(200 characters as UTF-8, but SSIM columns are bytes: save the file as ASCII or "
                                       "Latin-1)") != std::string::npos,
                 r.error->str().c_str());

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

    // What airlines send: a byte-order mark, CRLF, no padding, no serial
    // numbers and so trailing blanks trimmed; the records read as the clean file's.
    void messyFilesReadAsTheCleanOne() {
        SsimText t;
        t.legs.push_back(LegText{});
        t.legs.push_back(LegText{}.set(leg::flight_number, "0101").set(leg::aircraft_configuration, ""));
        auto clean = read_text(t.str());
        QVERIFY(!clean.error);
        std::string messy = testing::Mess{}.apply(t.records());
        QVERIFY(messy.substr(0, 3) == "\xEF\xBB\xBF");
        QVERIFY(messy.find("\r\n") != std::string::npos);
        auto r = read_text(messy);
        QVERIFY2(!r.error, r.error ? r.error->str().c_str() : "");
        QCOMPARE(r.file.legs.size(), std::size_t(2));
        for (std::size_t k = 0; k < 2; ++k) {
            QCOMPARE(r.file.legs[k].record.size(), record_size);
            // Only the serial numbers differ: the messy file has none.
            std::string a(clean.file.legs[k].record), b(r.file.legs[k].record);
            testing::put_field(a, serial_number, "");
            QCOMPARE(QString::fromStdString(b), QString::fromStdString(a));
            QCOMPARE(r.file.legs[k].arrival, clean.file.legs[k].arrival);
        }
        QCOMPARE(r.file.legs[0].line, 3);  // header, carrier, leg: no padding lines
        QVERIFY(!r.file.incomplete);       // nothing says records are missing
        QCOMPARE(r.file.notes.size(), std::size_t(2));  // no serial numbers (one note for all), no trailer check serial
        QCOMPARE(r.file.notes[0].kind, std::string("record serial numbers blank"));
        QVERIFY2(r.file.notes[0].message.find("and on 4 more records") != std::string::npos, r.file.notes[0].message.c_str());
        // A byte-order mark alone was "the record has 203 characters".
        auto bom = read_text("\xEF\xBB\xBF" + t.str());
        QVERIFY2(!bom.error, bom.error ? bom.error->str().c_str() : "");
        QVERIFY(bom.file.notes.empty());
        // In the middle of a file it is said what it is.
        auto rs = t.records();
        rs[6] = "\xEF\xBB\xBF" + rs[6];
        auto joined = read_text(SsimText::join(rs));
        QVERIFY(joined.error);
        QVERIFY2(joined.error->message.find("byte-order mark") != std::string::npos, joined.error->str().c_str());
    }

    void severalCarrierSectionsEachWithItsModeAndPeriod() {
        SsimText a, b;
        a.legs.push_back(LegText{}.set(leg::period_to, "00XXX00"));
        a.valid_to = "15APR26";
        b.airline = "4U";
        b.time_mode = 'U';
        b.valid_from = "01APR26";
        b.valid_to = "20APR26";
        b.legs.push_back(LegText{}.set(leg::airline, "4U").set(leg::period_to, "00XXX00"));
        auto r = read_text(testing::Mess{}.apply(SsimText::records_of({a, b})));
        QVERIFY2(!r.error, r.error ? r.error->str().c_str() : "");
        QCOMPARE(r.file.carriers.size(), std::size_t(2));
        QCOMPARE(r.file.carriers[0].time_mode, TimeMode::Local);
        QCOMPARE(r.file.carriers[1].time_mode, TimeMode::Utc);
        QCOMPARE(r.file.legs[0].period_to, *make_date(2026, 4, 15));  // open-ended: to its own carrier's end
        QCOMPARE(r.file.legs[1].period_to, *make_date(2026, 4, 20));
        QCOMPARE(r.file.legs[1].carrier, 1);
    }

    void segmentRecordsStayWithTheirLeg() {
        SsimText t;
        t.legs.push_back(LegText{}
                             .segment(testing::segment_record("010", "FRA", "MUC", "LH 1234"))
                             .segment(testing::segment_record("505", "FRA", "MUC", "CONNECTS")));
        t.legs.push_back(LegText{}.set(leg::flight_number, "0101"));
        auto r = read_text(t.str());
        QVERIFY2(!r.error, r.error ? r.error->str().c_str() : "");
        QCOMPARE(r.file.segment_records, 2);
        QCOMPARE(r.file.legs[0].segments.size(), std::size_t(2));
        QCOMPARE(std::string(segment::data_element_identifier.in(r.file.legs[0].segments[1])), std::string("505"));
        QVERIFY(r.file.legs[1].segments.empty());
        // Another flight's segment data after a leg record is named.
        t.legs[1].segment(testing::segment_record("010", "MUC", "FRA", "X", "XQ", "0777"));
        auto wrong = read_text(t.str());
        QVERIFY(wrong.error);
        QCOMPARE(QString::fromStdString(wrong.error->str()),
                 QString("t.ssim:11:6: flight number: segment data of flight XQ777 follows the flight leg record of XQ101 "
                         "(line 10); it must follow its own flight's"));
        // Lenient: a leg record left out takes its segment data with it, listed.
        SsimText l;
        l.legs.push_back(LegText{}.set(leg::departure, "F1A").segment(testing::segment_record("010", "FRA", "MUC", "X")));
        l.legs.push_back(LegText{}.set(leg::flight_number, "0101"));
        auto lenient = read_text(l.str(), true);
        QVERIFY(!lenient.error);
        QCOMPARE(lenient.file.skipped.size(), std::size_t(2));
        QCOMPARE(lenient.file.skipped[1].line, 8);
        QCOMPARE(lenient.file.skipped[1].message, std::string("its flight leg record (line 7) was left out"));
    }

    // Strict requires a trailer whose check serial is its predecessor's and
    // serial numbers in sequence; the default reads on and notes it, and says
    // when records may be missing.
    void trailerAndSerialNumbers_data() {
        QTest::addColumn<int>("breakage");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<bool>("incomplete");
        QTest::addColumn<QString>("message");
        QTest::newRow("no trailer") << 0 << "trailer record missing" << true
                                    << "t.ssim:9:1: record type: the carrier section of line 6 has no trailer record (type 5): records may be missing";
        QTest::newRow("check serial") << 1 << "trailer check serial" << true
                                      << "t.ssim:9:188: serial number check reference: \"000002\" but the record before the trailer is 4: records may be missing";
        QTest::newRow("blank check serial") << 2 << "trailer check serial" << false
                                            << "t.ssim:9:188: serial number check reference: blank: the trailer does not say which record it follows";
        QTest::newRow("gap") << 3 << "record serial numbers out of sequence" << true
                             << "t.ssim:8:195: record serial number: \"000007\" follows 3: records may be missing";
        QTest::newRow("back") << 4 << "record serial numbers out of sequence" << false
                              << "t.ssim:8:195: record serial number: \"000003\" follows 3";
        QTest::newRow("blank") << 5 << "record serial numbers blank" << false << "t.ssim:8:195: record serial number: blank";
    }
    void trailerAndSerialNumbers() {
        QFETCH(int, breakage);
        QFETCH(QString, kind);
        QFETCH(bool, incomplete);
        QFETCH(QString, message);
        SsimText t;
        t.legs.push_back(LegText{});
        t.legs.push_back(LegText{}.set(leg::flight_number, "0101"));
        auto rs = t.records();
        QVERIFY(read_text(SsimText::join(rs)).file.notes.empty());  // the file as it should be
        switch (breakage) {
        case 0: rs.pop_back(); break;
        case 1: testing::put_field(rs[8], trailer::serial_check, "000002"); break;
        case 2: testing::put_field(rs[8], trailer::serial_check, ""); break;
        case 3: testing::put_field(rs[7], serial_number, "000007"); break;
        case 4:  // the same serial twice, then in sequence again
            testing::put_field(rs[7], serial_number, "000003");
            testing::put_field(rs[8], serial_number, "000004");
            testing::put_field(rs[8], trailer::serial_check, "000003");
            break;
        case 5: testing::put_field(rs[7], serial_number, ""); break;
        }
        auto r = read_text(SsimText::join(rs));
        QVERIFY2(!r.error, r.error ? r.error->str().c_str() : "");
        QCOMPARE(r.file.legs.size(), std::size_t(2));
        QVERIFY(!r.file.notes.empty());
        QCOMPARE(QString::fromStdString(r.file.notes[0].kind), kind);
        QVERIFY2(QString::fromStdString(r.file.notes[0].str()).startsWith(message), r.file.notes[0].str().c_str());
        QCOMPARE(r.file.incomplete.has_value(), incomplete);
        auto strict = read(SsimText::join(rs), ReadOptions{"t.ssim", false, true});
        QVERIFY(strict.error);
        QCOMPARE(QString::fromStdString(strict.error->str()), message);
    }

    void blankDateVariationOnAnOvernightLeg() {
        SsimText t;
        t.legs.push_back(LegText{});
        t.legs.push_back(LegText{}
                             .set(leg::flight_number, "0101")
                             .set(leg::aircraft_std, "2330")
                             .set(leg::aircraft_sta, "0105")
                             .set(leg::date_variation, "  "));
        auto r = read_text(t.str());
        QVERIFY2(!r.error, r.error ? r.error->str().c_str() : "");
        QCOMPARE(r.file.legs[1].arrival_day, 1);
        QVERIFY(r.file.legs[1].arrival_day_inferred);
        QVERIFY(!r.file.legs[0].arrival_day_inferred);
        QCOMPARE(r.file.notes.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(r.file.notes[0].str()),
                 QString("t.ssim:8:194: date variation: blank; STA 0105 is before STD 2330, so the leg arrives on day +1"));
        QCOMPARE(r.file.notes[0].kind, std::string("arrival day inferred (date variation blank)"));
        auto strict = read(t.str(), ReadOptions{"t.ssim", false, true});
        QVERIFY(strict.error);
        QCOMPARE(QString::fromStdString(strict.error->str()),
                 QString("t.ssim:8:58: aircraft STA: arrival 0105 (date variation blank) is not after departure 2330; the "
                         "date variation is blank, and a strict read does not infer the arrival day"));
        // West across many time zones the shift can be two days: still the smallest that works.
        SsimText far;
        far.legs.push_back(LegText{}
                               .set(leg::departure, "AKL")
                               .set(leg::departure_offset, "+1300")
                               .set(leg::aircraft_std, "2350")
                               .set(leg::arrival, "HNL")
                               .set(leg::arrival_offset, "-1000")
                               .set(leg::aircraft_sta, "0100")
                               .set(leg::date_variation, "  "));
        auto f = read_text(far.str());
        QVERIFY(!f.error);
        QCOMPARE(f.file.legs[0].arrival_day, 0);  // 10:50Z -> 11:00Z the same day: nothing to infer
        QVERIFY(f.file.notes.empty());
        // An explicit 00 is the file's word: refused as before.
        t.legs[1].set(leg::date_variation, "00");
        QVERIFY(read_text(t.str()).error);
    }

    void notesOfAPlannersFile() {
        // A period outside its carrier's validity: a note (real files do it), strict refuses.
        SsimText t;
        t.valid_to = "15APR26";
        t.legs.push_back(LegText{});
        auto r = read_text(t.str());
        QVERIFY(!r.error);
        QCOMPARE(QString::fromStdString(r.file.notes.at(0).str()),
                 QString("t.ssim:7:22: period of operation to: 01APR26-30APR26 runs outside the validity of its carrier "
                         "record (line 6): 29MAR26-15APR26"));
        QVERIFY(read(t.str(), ReadOptions{"t.ssim", false, true}).error);
        // A carrier record repeated (one airline, overlapping validity): noted; strict refuses.
        SsimText a, b;
        a.legs.push_back(LegText{});
        b.legs.push_back(LegText{}.set(leg::flight_number, "0101"));
        auto both = SsimText::file({a, b});
        r = read_text(both);
        QVERIFY(!r.error);
        QCOMPARE(QString::fromStdString(r.file.notes.at(0).str()),
                 QString("t.ssim:9:3: airline designator: XQ 29MAR26-24OCT26 overlaps the carrier record of line 6 "
                         "(29MAR26-24OCT26)"));
        QVERIFY(read(both, ReadOptions{"t.ssim", false, true}).error);
        // Two seasons of one airline are two carrier sections, nothing to say.
        b.valid_from = "25OCT26";
        b.valid_to = "27MAR27";
        b.legs[0].set(leg::period_from, "01NOV26").set(leg::period_to, "30NOV26");
        r = read(SsimText::file({a, b}), ReadOptions{"t.ssim", false, true});
        QVERIFY2(!r.error, r.error ? r.error->str().c_str() : "");
    }

    void controlCharactersAreRefusedWhereTheyAre() {
        SsimText t;
        t.legs.push_back(LegText{});
        t.legs.push_back(LegText{}.set(leg::flight_number, "0101"));
        auto rs = t.records();
        rs[7][150] = '\0';
        auto r = read_text(SsimText::join(rs));
        QVERIFY(r.error);
        QCOMPARE(QString::fromStdString(r.error->str()),
                 QString("t.ssim:8:151: character: \"\\x00\" is a control character; SSIM records hold printable characters"));
        auto lenient = read_text(SsimText::join(rs), true);
        QVERIFY(!lenient.error);
        QCOMPARE(lenient.file.legs.size(), std::size_t(1));
        QCOMPARE(lenient.file.skipped.size(), std::size_t(1));
    }

    // SSIM is single-byte: a Latin-1 byte where Rotaplan only carries the
    // column is read; where it decodes a field, the message shows the byte.
    void latin1Bytes() {
        SsimText t;
        t.legs.push_back(LegText{}.set(leg::aircraft_configuration, "C12Y156 CAF\xC9"));
        auto r = read_text(t.str());
        QVERIFY2(!r.error, r.error ? r.error->str().c_str() : "");
        t.legs[0].set(leg::departure, "FR\xC9");
        r = read_text(t.str());
        QVERIFY(r.error);
        QCOMPARE(QString::fromStdString(r.error->str()),
                 QString("t.ssim:7:37: departure station: \"FR\\xC9\" is not an IATA airport code (three letters)"));
    }

    void filesWithoutLegsAreRefused() {
        auto r = read_text("");
        QVERIFY(r.error);
        QCOMPARE(QString::fromStdString(r.error->str()), QString("t.ssim:1:1: file: the file is empty"));
        SsimText t;  // header, carrier, trailer
        r = read_text(t.str());
        QVERIFY(r.error);
        QCOMPARE(QString::fromStdString(r.error->str()),
                 QString("t.ssim:7:1: file: the file holds no flight leg record (type 3): nothing to import"));
        t.legs.push_back(LegText{}.set(leg::aircraft_std, "99:9"));
        r = read_text(t.str(), true);
        QVERIFY(r.error);
        QVERIFY2(r.error->message.find("none of its flight leg records could be read") != std::string::npos,
                 r.error->str().c_str());
    }

    void ssimDates() {
        QCOMPARE(parse_ssim_date("29FEB28"), make_date(2028, 2, 29));
        QVERIFY(!parse_ssim_date("29FEB27"));
        QVERIFY(!parse_ssim_date("01Apr26"));
        QCOMPARE(format_ssim_date(*make_date(2026, 3, 9)), std::string("09MAR26"));
        auto why = [](const char* s) {
            std::string w;
            parse_ssim_date(s, &w);
            return QString::fromStdString(w);
        };
        QCOMPARE(why("31FEB26"), QString("\"31FEB26\": February 2026 has 28 days"));
        QCOMPARE(why("30FEB28"), QString("\"30FEB28\": February 2028 has 29 days"));
        QCOMPARE(why("00APR26"), QString("\"00APR26\": day 00 does not exist"));
        QCOMPARE(why("01ABC26"), QString("\"01ABC26\": ABC is not a month (JAN to DEC)"));
        QCOMPARE(why("1APR26"), QString("\"1APR26\" is not a date DDMMMYY (like 01APR26)"));
    }
};

QTEST_APPLESS_MAIN(TestSsimReader)
#include "tst_ssim_reader.moc"
