// The CSV reader and the three reference-file grammars (core/files).
#include <QtTest>

#include "core/files/reference_files.h"

using namespace rotaplan;
using namespace rotaplan::files;

class TestCsv : public QObject {
    Q_OBJECT
private slots:
    void quotedFieldsKeepCommasAndQuotes() {
        ParseError e;
        auto r = parse_csv("f.csv", "a,\"b,c\",\"say \"\"hi\"\"\"\r\nx,,z", e);
        QVERIFY2(r, e.message.c_str());
        QCOMPARE(r->size(), 2u);
        QCOMPARE(QString::fromStdString((*r)[0].fields[1].text), QString("b,c"));
        QCOMPARE(QString::fromStdString((*r)[0].fields[2].text), QString("say \"hi\""));
        QCOMPARE((*r)[0].fields[2].column, 9);
        QCOMPARE((*r)[1].line, 2);
        QCOMPARE(QString::fromStdString((*r)[1].fields[1].text), QString());
    }
    void byteOrderMarkAndBlankLinesAreIgnored() {
        ParseError e;
        auto r = parse_csv("f.csv", "\xEF\xBB\xBF" "a,b\n\n  \nc,d\n", e);
        QVERIFY(r);
        QCOMPARE(r->size(), 2u);
        QCOMPARE((*r)[1].line, 4);
        QCOMPARE(QString::fromStdString((*r)[0].fields[0].text), QString("a"));
    }
    void unclosedQuoteIsReportedWhereItOpens() {
        ParseError e;
        QVERIFY(!parse_csv("f.csv", "a,b\nc,\"d\n", e));
        QCOMPARE(QString::fromStdString(e.message), QString("f.csv:2:3: quoted field: the closing quote is missing"));
    }
    void headerMustMatch() {
        ParseError e;
        QVERIFY(!parse_airports_csv("apt.csv", "airport,mgt\nFRA,45\n", e));
        QCOMPARE(QString::fromStdString(e.message),
                 QString("apt.csv:1:1: header: expected the header airport,min_ground_minutes[,time_zone]"));
        QVERIFY(!parse_airports_csv("apt.csv", "airport,min_ground_minutes,time_zone,extra\nFRA,45,,\n", e));
        QVERIFY(!parse_airports_csv("apt.csv", "airport,time_zone\nFRA,Europe/Berlin\n", e));
        QVERIFY(!parse_airports_csv("apt.csv", "", e));
        QVERIFY(e.message.find("the file is empty") != std::string::npos);
    }
    void headerIsCaseAndSpaceTolerant() {
        ParseError e;
        auto r = parse_airports_csv("apt.csv", " Airport , MIN_GROUND_MINUTES\nFRA,45\n", e);
        QVERIFY2(r, e.message.c_str());
        QCOMPARE(r->front().min_ground_minutes, 45);
    }
    void wrongFieldCountNamesTheLine() {
        ParseError e;
        QVERIFY(!parse_airports_csv("apt.csv", "airport,min_ground_minutes\nFRA,45,9\n", e));
        QCOMPARE(QString::fromStdString(e.message), QString("apt.csv:2:8: record: has 3 fields; the header has 2"));
    }
    void anOptionalTimeZoneColumn() {
        ParseError e;
        auto r = parse_airports_csv("apt.csv", "airport,min_ground_minutes, Time_Zone \r\nFRA,45,Europe/Berlin\r\nMUC,40,\r\n", e);
        QVERIFY2(r, e.message.c_str());
        QCOMPARE(r->size(), 2u);
        QCOMPARE((*r)[0].time_zone, std::string("Europe/Berlin"));
        QCOMPARE((*r)[0].time_zone_column, 8);
        QVERIFY((*r)[1].time_zone.empty());  // blank: not given
        r = parse_airports_csv("apt.csv", "airport,min_ground_minutes\nFRA,45\n", e);
        QVERIFY(r && r->front().time_zone.empty());
        QVERIFY(!parse_airports_csv("apt.csv", "airport,min_ground_minutes,time_zone\nFRA,45\n", e));
        QCOMPARE(QString::fromStdString(e.message), QString("apt.csv:2:5: record: has 2 fields; the header has 3"));
        QVERIFY(!parse_airports_csv("apt.csv", "airport,min_ground_minutes,time_zone\nFRA,45,\"Europe/Berlin, Germany\"\n", e));
        QVERIFY2(e.message.starts_with("apt.csv:2:8: time_zone: \"Europe/Berlin, Germany\" is not valid:"), e.message.c_str());
    }
    void badFieldsSayFileLineColumnFieldAndValue_data() {
        QTest::addColumn<QString>("content");
        QTest::addColumn<QString>("message");
        QTest::newRow("airport") << "airport,min_ground_minutes\nFRA,45\nfr,30\n"
                                 << "apt.csv:3:1: airport: \"fr\" is not valid: an airport code has 3 letters";
        QTest::newRow("minutes") << "airport,min_ground_minutes\nFRA,1441\n"
                                 << "apt.csv:2:5: min_ground_minutes: \"1441\" is not a whole number from 0 to 1440";
    }
    void badFieldsSayFileLineColumnFieldAndValue() {
        QFETCH(QString, content);
        QFETCH(QString, message);
        ParseError e;
        QVERIFY(!parse_airports_csv("apt.csv", content.toStdString(), e));
        QCOMPARE(QString::fromStdString(e.message), message);
    }
    void airplanes() {
        ParseError e;
        auto r = parse_airplanes_csv("ap.csv", "registration,aircraft_type,min_ground_minutes\nD-AIAA,320,35\n", e);
        QVERIFY2(r, e.message.c_str());
        QCOMPARE(QString::fromStdString(r->front().registration.str()), QString("D-AIAA"));
        QCOMPARE(QString::fromStdString(r->front().aircraft_type.str()), QString("320"));
        QVERIFY(!parse_airplanes_csv("ap.csv", "registration,aircraft_type,min_ground_minutes\nD-AIAA,3200,35\n", e));
        QCOMPARE(QString::fromStdString(e.message),
                 QString("ap.csv:2:8: aircraft_type: \"3200\" is not valid: an aircraft type has 3 characters"));
    }
    void rotations() {
        const char* header = "rotation,airplane,airline,flight_number,suffix,departure,day_of_origin\n";
        ParseError e;
        auto r = parse_rotations_csv("r.csv", std::string(header) + "R1,,XQ,100,A,FRA,2026-04-01\nR 2,D-AIAA,4U,7,,MUC,2026-04-02\n", e);
        QVERIFY2(r, e.message.c_str());
        QCOMPARE(r->size(), 2u);
        QVERIFY(!(*r)[0].airplane);
        QCOMPARE(QString::fromStdString(format_designator((*r)[0].leg)), QString("XQ100A/FRA/2026-04-01"));
        QCOMPARE(QString::fromStdString((*r)[1].rotation), QString("R 2"));
        QCOMPARE(QString::fromStdString(format_designator((*r)[1].leg)), QString("4U7/MUC/2026-04-02"));
        QCOMPARE((*r)[1].line, 3);

        QVERIFY(!parse_rotations_csv("r.csv", std::string(header) + "R1,,XQ,100,,FRA,2026-02-30\n", e));
        QCOMPARE(QString::fromStdString(e.message),
                 QString("r.csv:2:17: day_of_origin: \"2026-02-30\" is not a day: February 2026 has 28 days"));
        QVERIFY(!parse_rotations_csv("r.csv", std::string(header) + "R1,,XQ,100,,FRA,2028-02-31\n", e));
        QVERIFY2(e.message.find("February 2028 has 29 days") != std::string::npos, e.message.c_str());
        QVERIFY(!parse_rotations_csv("r.csv", std::string(header) + "R1,,XQ,100,,FRA,2026-13-01\n", e));
        QVERIFY2(e.message.find("month 13 does not exist") != std::string::npos, e.message.c_str());
        QVERIFY(!parse_rotations_csv("r.csv", std::string(header) + "R1,,XQ,10000,,FRA,2026-04-01\n", e));
        QCOMPARE(QString::fromStdString(e.message),
                 QString("r.csv:2:8: flight_number: \"10000\" is not a whole number from 1 to 9999"));
        QVERIFY(!parse_rotations_csv("r.csv", std::string(header) + "R1,,XQ,100,ab,FRA,2026-04-01\n", e));
        QCOMPARE(QString::fromStdString(e.message), QString("r.csv:2:12: suffix: \"ab\" is not one capital letter"));
        QVERIFY(!parse_rotations_csv("r.csv", std::string(header) + ",,XQ,100,,FRA,2026-04-01\n", e));
        QVERIFY(e.message.rfind("r.csv:2:1: rotation: \"\" is not valid", 0) == 0);
    }

    // The eighth column, std, names one leg where several share a designator; seven columns stay valid.
    void rotationsWithTheirStd() {
        const char* header = "rotation,airplane,airline,flight_number,suffix,departure,day_of_origin,std\n";
        ParseError e;
        auto r = parse_rotations_csv("r.csv", std::string(header) + "R1,,XQ,100,,FRA,2026-03-29,2026-03-29T06:50Z\n"
                                                                     "R1,,XQ,101,,MUC,2026-03-29,\n", e);
        QVERIFY2(r, e.message.c_str());
        QCOMPARE((*r)[0].std_utc, parse_instant("2026-03-29T06:50Z"));
        QVERIFY(!(*r)[1].std_utc);
        QCOMPARE((*r)[0].leg_column, 5);
        QVERIFY(!parse_rotations_csv("r.csv", std::string(header) + "R1,,XQ,100,,FRA,2026-03-29,06:50\n", e));
        QCOMPARE(QString::fromStdString(e.message),
                 QString("r.csv:2:28: std: \"06:50\" is not a UTC time like 2026-03-29T06:50Z"));
        QVERIFY(!parse_rotations_csv("r.csv", "rotation,airplane,airline,flight_number,suffix,departure,day_of_origin,stdx\n", e));
        QCOMPARE(QString::fromStdString(e.message),
                 QString("r.csv:1:1: header: expected the header rotation,airplane,airline,flight_number,suffix,departure,"
                         "day_of_origin[,std]"));
    }

    // Not UTF-8: read as Latin-1, as a whole, and said; columns count characters.
    void encodings() {
        ParseError e;
        auto r = parse_csv("f.csv", "a,b\nR\xe9,x\n", e);
        QVERIFY(r);
        QCOMPARE(QString::fromStdString((*r)[1].fields[0].text), QString::fromUtf8("R\u00e9"));
        QCOMPARE(e.notes.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(e.notes[0]), QString("f.csv:2:2: encoding: the file is not UTF-8 (byte 0xE9 here): read as Latin-1"));
        ParseError utf8;
        r = parse_csv("f.csv", "a,b\nR\xc3\xa9,x\n", utf8);
        QVERIFY(r);
        QVERIFY(utf8.notes.empty());
        QCOMPARE(QString::fromStdString((*r)[1].fields[0].text), QString::fromUtf8("R\u00e9"));
        QCOMPARE((*r)[1].fields[1].column, 4);  // "Ré," is three characters
        QVERIFY(!parse_csv("f.csv", std::string("a,b\nx,y\0z\n", 12), e));
        QCOMPARE(QString::fromStdString(e.message), QString("f.csv:2:4: character: \"\\x00\" is a control character; a field holds printable text"));
    }

    void repeatedAndContradictingLines() {
        ParseError e;
        auto r = parse_airports_csv("apt.csv", "airport,min_ground_minutes\nFRA,45\nMUC,30\nFRA,45\n", e);
        QVERIFY(r);
        QCOMPARE(r->size(), 2u);
        QCOMPARE(QString::fromStdString(e.notes.at(0)), QString("apt.csv:4:1: record: repeats line 2; read once"));
        QVERIFY(!parse_airports_csv("apt.csv", "airport,min_ground_minutes\nFRA,45\nFRA,60\n", e));
        QCOMPARE(QString::fromStdString(e.message), QString("apt.csv:3:5: min_ground_minutes: FRA is given 60 minutes here and 45 on line 2"));
        // A repeat is a line whose every field is the same: another time zone, or none, contradicts.
        QVERIFY(!parse_airports_csv("apt.csv", "airport,min_ground_minutes,time_zone\nFRA,45,Europe/Berlin\nFRA,45,Europe/Paris\n", e));
        QCOMPARE(QString::fromStdString(e.message),
                 QString("apt.csv:3:8: time_zone: FRA is given time zone Europe/Paris here and time zone Europe/Berlin on line 2"));
        QVERIFY(!parse_airports_csv("apt.csv", "airport,min_ground_minutes,time_zone\nFRA,45,Europe/Berlin\nFRA,45,\n", e));
        QCOMPARE(QString::fromStdString(e.message),
                 QString("apt.csv:3:8: time_zone: FRA is given no time zone here and time zone Europe/Berlin on line 2"));
        ParseError same;
        QVERIFY(parse_airports_csv("apt.csv", "airport,min_ground_minutes,time_zone\nFRA,45,Europe/Berlin\nFRA,45,Europe/Berlin\n", same));
        QCOMPARE(same.notes.size(), std::size_t(1));
        // One airplane, two rotations in one file: both lines named.
        const char* header = "rotation,airplane,airline,flight_number,suffix,departure,day_of_origin\n";
        QVERIFY(!parse_rotations_csv("r.csv", std::string(header) + "R001,D-AIAA,XQ,100,,FRA,2026-04-01\n"
                                              "R001,D-AIAA,XQ,101,,MUC,2026-04-01\nR002,D-AIAA,XQ,200,,FRA,2026-04-02\n", e));
        QCOMPARE(QString::fromStdString(e.message),
                 QString("r.csv:4:6: airplane: D-AIAA is given to rotation R002 here and to rotation R001 on line 2"));
        ParseError a;
        QVERIFY(parse_airplanes_csv("ap.csv", "registration,aircraft_type,min_ground_minutes\nD-AIAA,320,35\nD-AIAA,320,35\n", a));
        QCOMPARE(a.notes.size(), std::size_t(1));
        QVERIFY(!parse_airplanes_csv("ap.csv", "registration,aircraft_type,min_ground_minutes\nD-AIAA,320,35\nD-AIAA,320,40\n", a));
        QCOMPARE(QString::fromStdString(a.message),
                 QString("ap.csv:3:1: registration: D-AIAA is listed here as 320, 40 minutes and on line 2 as 320, 35 minutes"));
    }
};

QTEST_APPLESS_MAIN(TestCsv)
#include "tst_csv.moc"
