// Times, dates, flight numbers and designators: the grammar planners type.
#include <QtTest>

#include "core/leg.h"

using namespace rotaplan;

class TestValues : public QObject {
    Q_OBJECT
private slots:
    void instantsRoundTrip() {
        auto t = parse_instant("2026-04-01T06:05Z");
        QVERIFY(t);
        QCOMPARE(QString::fromStdString(format_instant(*t)), QString("2026-04-01T06:05Z"));
        QCOMPARE(parse_instant("2026-04-01T06:05:00Z"), t);
        QCOMPARE(parse_instant("2026-04-01T06:05+00:00"), t);
        QCOMPARE(*parse_instant("1970-01-01T00:01Z"), Instant{1});
    }
    void malformedInstantsAreRefused_data() {
        QTest::addColumn<QString>("text");
        for (const char* bad : {"2026-04-01T24:00Z", "2026-04-01T06:60Z", "2026-13-01T06:00Z", "2026-02-29T06:00Z",
                                "2026-04-01T06:00", "2026-04-01T06:00:30Z", "2026-04-01T06:00+01:00", "yesterday"})
            QTest::newRow(bad) << bad;
    }
    void malformedInstantsAreRefused() {
        QFETCH(QString, text);
        QVERIFY(!parse_instant(text.toStdString()));
    }
    void utcOffsetsReadAndWriteAsPlannersTypeThem() {
        QCOMPARE(parse_utc_offset("+01:00"), std::optional<int>(60));
        QCOMPARE(parse_utc_offset("-05:30"), std::optional<int>(-330));
        QCOMPARE(parse_utc_offset("+14:00"), std::optional<int>(840));
        for (const char* bad : {"+14:01", "+15:00", "01:00", "+1:00", "+01:60", "+0a:00", "", "+01:000"})
            QVERIFY2(!parse_utc_offset(bad), bad);
        QCOMPARE(QString::fromStdString(format_utc_offset(-330)), QString("-05:30"));
        QCOMPARE(QString::fromStdString(format_utc_offset(0)), QString("+00:00"));
        for (int m : {-840, -60, 0, 45, 345, 840}) QCOMPARE(parse_utc_offset(format_utc_offset(m)), std::optional<int>(m));
    }
    // The forms a planner types into a time field.
    void typedTimesReadAsPlannersWriteThem() {
        const Date day = *parse_date("2026-03-29");
        auto read = [&](const char* text) { return parse_typed_time(text, day); };
        QCOMPARE(read("10:00")->wall, *parse_instant("2026-03-29T10:00Z"));
        QCOMPARE(read(" 1000 ")->wall, *parse_instant("2026-03-29T10:00Z"));
        QCOMPARE(read("7:05")->wall, *parse_instant("2026-03-29T07:05Z"));
        QVERIFY(!read("10:00")->dated && !read("10:00")->utc);
        QCOMPARE(read("00:30+1")->wall, *parse_instant("2026-03-30T00:30Z"));
        QVERIFY(read("00:30+1")->dated);
        QCOMPARE(read("2026-04-02 23:30")->wall, *parse_instant("2026-04-02T23:30Z"));
        QVERIFY(read("2026-04-02 23:30")->dated);
        QCOMPARE(read("2026-04-02T23:30Z")->wall, *parse_instant("2026-04-02T23:30Z"));
        QVERIFY(read("2026-04-02T23:30Z")->utc && read("10:00Z")->utc);
        std::string error;
        QVERIFY(!parse_typed_time("25:00", day, &error));
        QCOMPARE(error, std::string("25:00: an hour is 00 to 23"));
        QVERIFY(!parse_typed_time("10:75", day, &error));
        QCOMPARE(error, std::string("10:75: a minute is 00 to 59"));
        QVERIFY(!parse_typed_time("", day, &error));
        QVERIFY(!parse_typed_time("ten", day, &error));
        QVERIFY2(error.starts_with("ten: not a time like 10:00"), error.c_str());
        QVERIFY(!parse_typed_time("2026-02-30 10:00", day, &error));
        QVERIFY(!parse_typed_time("2026-04-02 10:00+1", day, &error));  // a date and +1: which day?
    }

    void dayOfOriginIsTheLocalDate() {
        auto t = *parse_instant("2026-04-01T23:30Z");
        QCOMPARE(format_date(date_of(t)), std::string("2026-04-01"));
        QCOMPARE(format_date(date_of(t, 60)), std::string("2026-04-02"));   // Frankfurt, after midnight
        auto early = *parse_instant("2026-04-01T02:00Z");
        QCOMPARE(format_date(date_of(early, -300)), std::string("2026-03-31"));  // New York, still the day before
        QCOMPARE(format_date(date_of(Instant{-1})), std::string("1969-12-31"));
    }
    void weekdaysAreIso() {
        QCOMPARE(iso_weekday(*parse_date("2026-11-23")), 1);  // a Monday
        QCOMPARE(iso_weekday(*parse_date("2026-11-22")), 7);
    }
    void flightNumbers_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("airline");
        QTest::addColumn<int>("number");
        QTest::addColumn<QString>("suffix");
        QTest::newRow("two letters") << "XQ100" << "XQ" << 100 << "";
        QTest::newRow("suffix") << "XQ100A" << "XQ" << 100 << "A";
        QTest::newRow("digit in airline") << "4U7" << "4U" << 7 << "";
        QTest::newRow("three letters") << "EWG9999" << "EWG" << 9999 << "";
    }
    void flightNumbers() {
        QFETCH(QString, text);
        QFETCH(QString, airline);
        QFETCH(int, number);
        QFETCH(QString, suffix);
        auto f = parse_flight_number(text.toStdString());
        QVERIFY(f);
        QCOMPARE(QString::fromStdString(f->airline.str()), airline);
        QCOMPARE(int(f->number), number);
        QCOMPARE(f->suffix ? QString(QChar(f->suffix)) : QString(), suffix);
        QCOMPARE(QString::fromStdString(format_flight_number(*f)), text);
    }
    void badFlightNumbersSayWhy_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("why");
        QTest::newRow("zero") << "XQ0" << "flight number 0 does not exist";
        QTest::newRow("five digits") << "XQ10000" << "a flight number has 1 to 4 digits";
        QTest::newRow("lower case") << "xq100" << "an airline designator uses capital letters and digits";
        QTest::newRow("two suffixes") << "XQ100AB" << "an operational suffix is one capital letter after the flight number";
    }
    void badFlightNumbersSayWhy() {
        QFETCH(QString, text);
        QFETCH(QString, why);
        std::string error;
        QVERIFY(!parse_flight_number(text.toStdString(), &error));
        QCOMPARE(QString::fromStdString(error), why);
    }
    void designators() {
        auto d = parse_designator("XQ100A/FRA/2026-04-01");
        QVERIFY(d);
        QCOMPARE(QString::fromStdString(format_designator(*d)), QString("XQ100A/FRA/2026-04-01"));
        std::string error;
        QVERIFY(!parse_designator("XQ100/FRA", &error));
        QVERIFY(!parse_designator("XQ100/FR/2026-04-01", &error));
        QCOMPARE(QString::fromStdString(error), QString("an airport code has 3 letters"));
    }
    void touchingLegsDoNotOverlap() {
        Leg a, b;
        a.std_utc = {0}, a.sta_utc = {60};
        b.std_utc = {60}, b.sta_utc = {120};
        QVERIFY(!overlaps(a, b));
        b.std_utc = {59};
        QVERIFY(overlaps(a, b) && overlaps(b, a));
    }
    void uuidsRoundTripAndV7SortsByTime() {
        auto u = Uuid::v7(1'700'000'000'000, 0x123, 0x456);
        QCOMPARE(Uuid::parse(u.str()), std::optional<Uuid>(u));
        QCOMPARE(u.str()[14], '7');
        QVERIFY(Uuid::v7(1'700'000'000'001, 0, 0).str() > Uuid::v7(1'700'000'000'000, ~0ull, ~0ull).str());
        QVERIFY(!Uuid::parse("not-a-uuid"));
    }
};

QTEST_APPLESS_MAIN(TestValues)
#include "tst_values.moc"
