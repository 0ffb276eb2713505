// Airports with IANA time zones, through the real rotaplan-cli: days of origin
// on summer evenings and on the nights the clocks change, zone names checked
// at the boundary, the airports file's time_zone column, local-time SSIM
// export split at the changes and read back, a file's own UTC variations
// kept, fixed offsets as the fallback, and a store from before zones.
#include <QFile>

#include "support/cli_runner.h"
#include "core/ssim/reader.h"
#include "support/ssim_text.h"

using namespace rotaplan;
using namespace rotaplan::testing;
using nlohmann::json;

class TestCliTimeZones : public QObject, rotaplan::testing::CliSuite {
    Q_OBJECT

    // The designator add-leg gave a new leg outside any rotation.
    QString added(const QString& flight, const QString& dep, const QString& std_, const QString& sta) {
        auto r = cli({"add-leg", "-", "--flight", flight, "--dep", dep, "--arr", "MUC", "--std", std_, "--sta", sta});
        if (r.exit != 0) return "exit " + QString::number(r.exit) + ": " + r.err;
        return r.out.section(' ', 2, 2);  // "added leg XQ100/FRA/2026-07-02 (id) outside any rotation"
    }
    json airport(const std::string& code) {
        for (const auto& a : cli({"airports", "--json"}).json())
            if (a["airport"] == code) return a;
        return nullptr;
    }
    // The export's leg records, as "FLIGHT FROM-TO STD+VAR STA+VAR".
    QStringList exported_records(std::string* text_out = nullptr) {
        auto path = dir_.filePath("export.ssim");
        auto r = cli({"export-ssim", path});
        if (r.exit != 0) return {"export failed: " + r.err};
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) return {"no export"};
        std::string text = f.readAll().toStdString();
        if (text_out) *text_out = text;
        auto read = ssim::read(text, {"export.ssim", false});
        if (read.error) return {QString::fromStdString(read.error->str())};
        QStringList out;
        for (const auto& l : read.file.legs) {
            std::string_view rec = l.record;
            auto field = [&](const ssim::Field& f) { return QString::fromLatin1(f.in(rec).data(), f.width()).trimmed(); };
            out << field(ssim::leg::flight_number) + " " + field(ssim::leg::period_from) + "-" + field(ssim::leg::period_to) +
                       " " + field(ssim::leg::aircraft_std) + field(ssim::leg::departure_offset) + " " +
                       field(ssim::leg::aircraft_sta) + field(ssim::leg::arrival_offset);
        }
        return out;
    }

private slots:
    void init() {
        next_store();
    }

    void aSummerEveningAtFrankfurtBelongsToTheNextDay() {
        ok({"set-airport", "FRA", "--mgt", "45", "--utc-offset", "+01:00"});
        // Only the fixed (winter) offset: 23:30, 1 July.
        QCOMPARE(added("XQ100", "FRA", "2026-07-01T22:30Z", "2026-07-01T23:25Z"), QString("XQ100/FRA/2026-07-01"));
        ok({"set-airport", "FRA", "--time-zone", "Europe/Berlin"});
        // Summer time in Frankfurt: it departs at 00:30 on 2 July.
        QCOMPARE(added("XQ102", "FRA", "2026-07-01T22:30Z", "2026-07-01T23:25Z"), QString("XQ102/FRA/2026-07-02"));
        auto fra = airport("FRA");
        QCOMPARE(fra["time_zone"].get<std::string>(), std::string("Europe/Berlin"));
        QCOMPARE(fra["utc_offset_minutes"].get<int>(), 60);  // kept as the fallback
        QCOMPARE(fra["min_ground_minutes"].get<int>(), 45);
        QVERIFY(cli({"airports"}).out.contains("Europe/Berlin"));
        // The first leg keeps its day of origin: a designator never changes.
        QVERIFY(cli({"legs"}).out.contains("XQ100/FRA/2026-07-01"));
        QVERIFY(cli({"set-airport", "--help"}).out.contains("--time-zone"));
    }

    void daysOfOriginOnTheNightsTheClocksChange_data() {
        QTest::addColumn<QString>("dep");
        QTest::addColumn<QString>("zone");
        QTest::addColumn<QString>("offset");  // the fixed offset beside it, which must not count
        QTest::addColumn<QString>("std_");
        QTest::addColumn<QString>("day");
        // Europe/Berlin: 29 March 02:00 CET -> 03:00 CEST; 25 October 03:00 CEST -> 02:00 CET (both 01:00Z).
        QTest::newRow("March, 23:59 CET on the eve") << "FRA" << "Europe/Berlin" << "+02:00" << "2026-03-28T22:59Z" << "2026-03-28";
        QTest::newRow("March, 00:00 CET") << "FRA" << "Europe/Berlin" << "+02:00" << "2026-03-28T23:00Z" << "2026-03-29";
        QTest::newRow("March, 01:59 CET before the change") << "FRA" << "Europe/Berlin" << "+02:00" << "2026-03-29T00:59Z" << "2026-03-29";
        QTest::newRow("March, 00:30 CEST the night after") << "FRA" << "Europe/Berlin" << "+01:00" << "2026-03-29T22:30Z" << "2026-03-30";
        QTest::newRow("October, 23:59 CEST on the eve") << "FRA" << "Europe/Berlin" << "+01:00" << "2026-10-24T21:59Z" << "2026-10-24";
        QTest::newRow("October, 00:30 CEST") << "FRA" << "Europe/Berlin" << "+01:00" << "2026-10-24T22:30Z" << "2026-10-25";
        QTest::newRow("October, 02:30 CET the second time") << "FRA" << "Europe/Berlin" << "+00:00" << "2026-10-25T01:30Z" << "2026-10-25";
        QTest::newRow("October, 23:30 CET the night after") << "FRA" << "Europe/Berlin" << "+02:00" << "2026-10-25T22:30Z" << "2026-10-25";
        QTest::newRow("October, 00:00 CET") << "FRA" << "Europe/Berlin" << "+02:00" << "2026-10-25T23:00Z" << "2026-10-26";
        // America/New_York: 8 March and 1 November 2026.
        QTest::newRow("New York, 00:30 EDT") << "JFK" << "America/New_York" << "-05:00" << "2026-03-09T04:30Z" << "2026-03-09";
        QTest::newRow("New York, 23:30 EST") << "JFK" << "America/New_York" << "-04:00" << "2026-11-02T04:30Z" << "2026-11-01";
        // Australia/Sydney, the other way round: summer time ends on 5 April 2026.
        QTest::newRow("Sydney, 00:30 AEDT") << "SYD" << "Australia/Sydney" << "+10:00" << "2026-04-04T13:30Z" << "2026-04-05";
        QTest::newRow("Sydney, 23:30 AEST") << "SYD" << "Australia/Sydney" << "+11:00" << "2026-04-05T13:30Z" << "2026-04-05";
    }
    void daysOfOriginOnTheNightsTheClocksChange() {
        QFETCH(QString, dep);
        QFETCH(QString, zone);
        QFETCH(QString, offset);
        QFETCH(QString, std_);
        QFETCH(QString, day);
        ok({"set-airport", dep, "--mgt", "30", "--utc-offset", offset, "--time-zone", zone});
        auto sta = QString::fromStdString(format_instant(*parse_instant(std_.toStdString()) + 60));
        QCOMPARE(added("XQ7", dep, std_, sta), "XQ7/" + dep + "/" + day);
    }

    void aZoneNameIsCheckedWhereItIsGiven() {
        ok({"set-airport", "FRA", "--mgt", "45", "--utc-offset", "+01:00"});
        auto before = stats();
        auto r = cli({"set-airport", "FRA", "--time-zone", "Europe/Berlinn"});
        QCOMPARE(r.exit, 2);
        QVERIFY2(r.err.contains("--time-zone \"Europe/Berlinn\""), qPrintable(r.err));
        QVERIFY2(r.err.contains("did you mean Europe/Berlin?"), qPrintable(r.err));
        for (const char* bad : {"UTC+01:00", "Berlin", "CET-1CEST"}) {
            r = cli({"set-airport", "FRA", "--time-zone", bad});
            QVERIFY2(r.exit == 2 && r.err.contains(bad), qPrintable(r.err));
        }
        QCOMPARE(stats(), before);  // nothing written
        // Set, then taken away: the fixed offset serves again.
        ok({"set-airport", "FRA", "--time-zone", "Europe/Berlin"});
        QCOMPARE(added("XQ1", "FRA", "2026-07-01T22:30Z", "2026-07-01T23:25Z"), QString("XQ1/FRA/2026-07-02"));
        ok({"set-airport", "FRA", "--time-zone", ""});
        QVERIFY(airport("FRA")["time_zone"].is_null());
        QCOMPARE(added("XQ2", "FRA", "2026-07-01T22:30Z", "2026-07-01T23:25Z"), QString("XQ2/FRA/2026-07-01"));
        // Neither zone nor offset: the UTC date.
        QCOMPARE(added("XQ3", "CDG", "2026-07-01T22:30Z", "2026-07-01T23:25Z"), QString("XQ3/CDG/2026-07-01"));
    }

    void theAirportsFileCarriesTimeZones() {
        ok({"set-airport", "FRA", "--mgt", "30", "--name", "Frankfurt", "--utc-offset", "+01:00"});
        auto csv = write("apt.csv", "airport,min_ground_minutes,Time_Zone\r\nFRA,45,Europe/Berlin\r\nMUC,40,\r\n"
                                    "JFK,60,America/New_York\r\n");
        auto r = cli({"import-airports", csv});
        QVERIFY2(r.exit == 0, qPrintable(r.err));
        auto fra = airport("FRA");
        QCOMPARE(fra["time_zone"].get<std::string>(), std::string("Europe/Berlin"));
        QCOMPARE(fra["name"].get<std::string>(), std::string("Frankfurt"));  // the rest of the record stays
        QCOMPARE(fra["utc_offset_minutes"].get<int>(), 60);
        QCOMPARE(fra["min_ground_minutes"].get<int>(), 45);
        QVERIFY(airport("MUC")["time_zone"].is_null());  // a blank cell sets none
        QCOMPARE(airport("JFK")["time_zone"].get<std::string>(), std::string("America/New_York"));

        // The two-column form still works, and leaves the zones alone.
        QCOMPARE(cli({"import-airports", write("two.csv", "airport,min_ground_minutes\nFRA,50\n")}).exit, 0);
        QCOMPARE(airport("FRA")["time_zone"].get<std::string>(), std::string("Europe/Berlin"));
        QCOMPARE(airport("FRA")["min_ground_minutes"].get<int>(), 50);

        // An unknown zone: where it is, what it is, nothing imported.
        auto before = stats();
        r = cli({"import-airports", write("bad.csv", "airport,min_ground_minutes,time_zone\nLHR,40,Europe/London\n"
                                                     "CDG,40,Europe/Pariss\n")});
        QCOMPARE(r.exit, 2);
        QVERIFY2(r.err.contains("bad.csv:3:8: time_zone: \"Europe/Pariss\""), qPrintable(r.err));
        QVERIFY2(r.err.contains("did you mean Europe/Paris?"), qPrintable(r.err));
        r = cli({"import-airports", write("worse.csv", "airport,min_ground_minutes,time_zone\nLHR,40,Europe/London;x\n")});
        QCOMPARE(r.exit, 2);
        QVERIFY2(r.err.contains("worse.csv:2:8: time_zone: \"Europe/London;x\""), qPrintable(r.err));
        r = cli({"import-airports", write("header.csv", "airport,min_ground_minutes,zone\nLHR,40,Europe/London\n")});
        QCOMPARE(r.exit, 2);
        QVERIFY2(r.err.contains("airport,min_ground_minutes[,time_zone]"), qPrintable(r.err));
        QCOMPARE(stats(), before);
    }

    void localTimeExportSplitsAtTheChangesAndReadsBack() {
        ok({"set-airport", "FRA", "--mgt", "45", "--time-zone", "Europe/Berlin"});
        ok({"set-airport", "JFK", "--mgt", "60", "--time-zone", "America/New_York", "--utc-offset", "-05:00"});
        ok({"set-airport", "LHR", "--mgt", "40", "--time-zone", "Europe/London"});
        // XQ400 FRA-JFK 10:00Z-18:30Z daily, 1 March to 10 April: New York
        // changes on 8 March, Frankfurt on 29 March.
        for (int d = 0; d < 41; ++d) {
            Date day{make_date(2026, 3, 1)->days + d};
            auto t = [&](int minute) { return QString::fromStdString(format_instant(instant_at(day, minute))); };
            ok({"add-leg", "-", "--flight", "XQ400", "--dep", "FRA", "--arr", "JFK", "--std", t(600), "--sta", t(1110)});
        }
        // XQ500 FRA-LHR 06:00Z-07:45Z daily, 20 to 30 October: both change on the 25th.
        for (int d = 0; d < 11; ++d) {
            Date day{make_date(2026, 10, 20)->days + d};
            auto t = [&](int minute) { return QString::fromStdString(format_instant(instant_at(day, minute))); };
            ok({"add-leg", "-", "--flight", "XQ500", "--dep", "FRA", "--arr", "LHR", "--std", t(360), "--sta", t(465)});
        }
        auto original = leg_lines();
        QCOMPARE(original.size(), 52u);

        QStringList records = exported_records();
        QCOMPARE(records, QStringList({
                              "0400 01MAR26-07MAR26 1100+0100 1330-0500",
                              "0400 08MAR26-28MAR26 1100+0100 1430-0400",
                              "0400 29MAR26-10APR26 1200+0200 1430-0400",
                              "0500 20OCT26-24OCT26 0800+0200 0845+0100",
                              "0500 25OCT26-30OCT26 0700+0100 0745+0000",
                          }));

        // Read back into a new store: the same dated legs, to the minute.
        auto path = dir_.filePath("export.ssim");
        db_ = dir_.filePath("again.db");
        auto r = cli({"import-ssim", path});
        QVERIFY2(r.exit == 0, qPrintable(r.err));
        QVERIFY(leg_lines() == original);
    }

    void aFilesOwnVariationsStandAndFixedOffsetsServeTheRest() {
        // The file says Frankfurt and Munich are +01:00 in April (whatever the zone says later).
        SsimText t;
        t.legs.push_back(LegText{}
                             .set(ssim::leg::period_to, "03APR26")
                             .set(ssim::leg::departure_offset, "+0100")
                             .set(ssim::leg::arrival_offset, "+0100"));
        QCOMPARE(cli({"import-ssim", write("april.ssim", t.str())}).exit, 0);
        ok({"set-airport", "FRA", "--mgt", "45", "--time-zone", "Europe/Berlin"});
        ok({"set-airport", "MUC", "--mgt", "45", "--time-zone", "Europe/Berlin"});
        ok({"set-airport", "VIE", "--mgt", "30", "--utc-offset", "+01:00"});  // a fixed offset only
        // Made in Rotaplan: FRA by its zone (summer), VIE by its fixed offset, ZRH unknown (UTC).
        ok({"add-leg", "-", "--flight", "XQ600", "--dep", "FRA", "--arr", "VIE", "--std", "2026-07-01T06:00Z", "--sta",
            "2026-07-01T07:30Z"});
        ok({"add-leg", "-", "--flight", "XQ601", "--dep", "VIE", "--arr", "ZRH", "--std", "2026-07-01T09:00Z", "--sta",
            "2026-07-01T10:15Z"});
        auto legs = cli({"legs", "--json"}).json();
        QCOMPARE(legs[0]["std"].get<std::string>(), std::string("2026-04-01T05:00Z"));  // read with the file's +01:00
        QCOMPARE(exported_records(), QStringList({
                                         "0100 01APR26-03APR26 0600+0100 0705+0100",  // as the file gave them
                                         "0600 01JUL26-01JUL26 0800+0200 0830+0100",
                                         "0601 01JUL26-01JUL26 1000+0100 1015+0000",
                                     }));
        // legs --local: the same clocks as the export (and the desktop's View > Local times).
        std::map<std::string, std::pair<std::string, std::string>> local;
        for (const auto& l : cli({"legs", "--local", "--json"}).json())
            local[l["designator"].get<std::string>()] = {l["std_local"].get<std::string>(), l["sta_local"].get<std::string>()};
        using Times = std::pair<std::string, std::string>;
        QVERIFY(local.at("XQ100/FRA/2026-04-01") == Times("2026-04-01T06:00+01:00", "2026-04-01T07:05+01:00"));
        QVERIFY(local.at("XQ600/FRA/2026-07-01") == Times("2026-07-01T08:00+02:00", "2026-07-01T08:30+01:00"));
        QVERIFY(local.at("XQ601/VIE/2026-07-01") == Times("2026-07-01T10:00+01:00", "2026-07-01T10:15Z"));
        auto text = cli({"legs", "--local"}).out;
        QVERIFY2(text.contains("STD (local)") && text.contains("2026-07-01T08:00+02:00 2026-07-01T08:30+01:00"),
                 qPrintable(text));
        QVERIFY(!cli({"legs", "--json"}).json()[0].contains("std_local"));  // UTC unless asked
        QVERIFY(cli({"legs", "--help"}).out.contains("--local"));
    }

    void aStoreFromBeforeTimeZonesReadsUnchanged() {
        QString copy = dir_.filePath("v5.db");
        QVERIFY(QFile::copy(ROTAPLAN_FIXTURES "/store-v5.db", copy));
        QFile::setPermissions(copy, QFile::ReadOwner | QFile::WriteOwner);
        db_ = copy;
        auto legs = cli({"legs", "--json"}).json();
        QCOMPARE(legs.size(), 2u);
        QCOMPARE(legs[0]["designator"].get<std::string>(), std::string("XQ100/FRA/2026-07-01"));
        QCOMPARE(legs[0]["rotation"].get<std::string>(), std::string("OLD5"));
        QCOMPARE(legs[1]["designator"].get<std::string>(), std::string("XQ101/MUC/2026-07-02"));
        auto fra = airport("FRA");
        QCOMPARE(fra["name"].get<std::string>(), std::string("Frankfurt"));
        QCOMPARE(fra["utc_offset_minutes"].get<int>(), 60);
        QVERIFY(fra["time_zone"].is_null());
        QCOMPARE(airport("JFK")["utc_offset_minutes"].get<int>(), -300);
        // Its fixed offsets still make the days of origin, until a zone is given.
        QCOMPARE(added("XQ102", "FRA", "2026-07-01T22:30Z", "2026-07-01T23:25Z"), QString("XQ102/FRA/2026-07-01"));
        ok({"set-airport", "FRA", "--time-zone", "Europe/Berlin"});
        QCOMPARE(added("XQ104", "FRA", "2026-07-01T22:30Z", "2026-07-01T23:25Z"), QString("XQ104/FRA/2026-07-02"));
        QCOMPARE(airport("FRA")["name"].get<std::string>(), std::string("Frankfurt"));
        auto before = leg_lines();
        ok({"rebuild-projections"});
        QVERIFY(leg_lines() == before);
        QCOMPARE(airport("FRA")["time_zone"].get<std::string>(), std::string("Europe/Berlin"));
    }
};

QTEST_GUILESS_MAIN(TestCliTimeZones)
#include "tst_cli_time_zones.moc"
