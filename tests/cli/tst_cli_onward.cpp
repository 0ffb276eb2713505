// import-ssim --rotations-from-onward through the real binary, on SSIM files
// written here as airlines send them: chains of onward flights become
// rotations, across days where the layover says so; links to nothing, to the
// leg itself or claimed twice are listed with their lines and not followed.
#include "support/cli_runner.h"
#include "support/ssim_text.h"

using namespace rotaplan::testing;
using nlohmann::json;

namespace {

LegText flight(const char* number, const char* from, const char* to, const char* std_, const char* sta,
               const char* onward = "", const char* layover = " ") {
    LegText l;
    l.set(leg::flight_number, number)
        .set(leg::period_to, "03APR26")
        .set(leg::departure, from)
        .set(leg::arrival, to)
        .set(leg::passenger_std, std_)
        .set(leg::aircraft_std, std_)
        .set(leg::aircraft_sta, sta)
        .set(leg::passenger_sta, sta)
        .set(leg::onward_flight_number, onward)
        .set(leg::rotation_layover, layover);
    if (*onward) l.set(leg::onward_airline, "XQ");
    return l;
}

}  // namespace

class TestCliOnward : public QObject, rotaplan::testing::CliSuite {
    Q_OBJECT

    CliRun import(const std::string& text, QStringList extra = {}) {
        return cli(QStringList{"import-ssim", write("routed.ssim", text), "--rotations-from-onward"} + extra);
    }
    // Rotation name -> its legs' designators, by STD.
    std::map<std::string, std::vector<std::string>> rotations() {
        std::map<std::string, std::vector<std::string>> out;
        for (const auto& l : cli({"legs", "--json"}).json())
            if (!l["rotation"].is_null()) out[l["rotation"].get<std::string>()].push_back(l["designator"].get<std::string>());
        return out;
    }

private slots:
    void init() { next_store(); }

    void linkedLegsOfADayBecomeOneRotation() {
        SsimText t;
        t.legs = {flight("0100", "FRA", "MUC", "0600", "0705", "0101"), flight("0101", "MUC", "FRA", "0800", "0900", "0200", "0"),
                  flight("0200", "FRA", "VIE", "1200", "1330")};
        auto r = import(t.str());
        QVERIFY2(r.exit == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("built 3 rotations from onward flights (6 links resolved, 0 unresolved, 0 refused"),
                 qPrintable(r.out));
        auto rs = rotations();
        QCOMPARE(rs.size(), 3u);
        QCOMPARE(rs["XQ100/FRA/2026-04-02"],
                 (std::vector<std::string>{"XQ100/FRA/2026-04-02", "XQ101/MUC/2026-04-02", "XQ200/FRA/2026-04-02"}));
        QVERIFY(cli({"validate"}).exit == 0);
    }

    void anOvernightLayoverJoinsTheDays() {
        // XQ101 lands at FRA at 21:00 local and the aircraft flies XQ100 the next morning.
        SsimText t;
        t.legs = {flight("0100", "FRA", "MUC", "0600", "0705", "0101", "0"),
                  flight("0101", "MUC", "FRA", "2000", "2100", "0100", "1")};
        auto r = import(t.str());
        QVERIFY2(r.exit == 0, qPrintable(r.err));
        auto rs = rotations();
        QCOMPARE(rs.size(), 1u);
        QCOMPARE(rs.begin()->second.size(), 6u);
        QCOMPARE(rs.begin()->first, std::string("XQ100/FRA/2026-04-01"));
        // The last evening's onward flight would be on 4 April, outside the file: unresolved, with its line.
        QVERIFY2(r.out.contains("5 links resolved, 1 unresolved"), qPrintable(r.out));
        QVERIFY2(r.err.contains(QString("/routed.ssim:%1:141: onward flight number: no leg of onward flight "
                                        "XQ100 departs FRA").arg(SsimText::line_of_leg(1))),
                 qPrintable(r.err));
        QVERIFY(r.err.contains("(2026-04-03)"));
    }

    void aMultiLegFlightIsFollowedLegByLeg() {
        SsimText t;
        t.legs = {flight("0300", "FRA", "MUC", "0600", "0700", "0300"),
                  flight("0300", "MUC", "VIE", "0745", "0845").set(leg::leg_sequence, "02")};
        auto r = import(t.str());
        QVERIFY2(r.exit == 0, qPrintable(r.err));
        auto rs = rotations();
        QCOMPARE(rs.size(), 3u);
        QCOMPARE(rs["XQ300/FRA/2026-04-01"], (std::vector<std::string>{"XQ300/FRA/2026-04-01", "XQ300/MUC/2026-04-01"}));
    }

    void linksToNothingToItselfOrClaimedTwiceAreListed() {
        SsimText t;
        t.legs = {flight("0100", "FRA", "MUC", "0600", "0705", "0999"),                  // no such flight
                  flight("0400", "FRA", "HAM", "1000", "1100", "0401"),
                  flight("0401", "HAM", "FRA", "1200", "1300", "0400", "0"),             // back to 0400: itself
                  flight("0500", "FRA", "MUC", "0600", "0700", "0502"),                  // two claim XQ502
                  flight("0501", "VIE", "MUC", "0610", "0710", "0502"),
                  flight("0502", "MUC", "FRA", "0800", "0900")};
        auto r = import(t.str());
        QVERIFY2(r.exit == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("built 3 rotations from onward flights (3 links resolved, 3 unresolved, 9 refused"),
                 qPrintable(r.out));
        QVERIFY2(r.err.contains(QString("/routed.ssim:%1:141: onward flight number: no leg of onward flight XQ999")
                                    .arg(SsimText::line_of_leg(0))),
                 qPrintable(r.err));
        QVERIFY(r.err.contains("(3 dated legs, the first 2026-04-01)"));
        QVERIFY(r.err.contains("\nunresolved: /") && r.err.contains("\nrefused: /"));
        QVERIFY2(r.err.contains(QString("/routed.ssim:%1:141: onward flight number: its onward leg (XQ400 from FRA) "
                                        "departs before this leg arrives, so the leg would follow itself: not followed "
                                        "(3 dated legs, the first 2026-04-01)")
                                    .arg(SsimText::line_of_leg(2))),
                 qPrintable(r.err));
        for (int k : {3, 4})
            QVERIFY2(r.err.contains(QString("/routed.ssim:%1:141: onward flight number: its onward leg (XQ502 from MUC) "
                                            "is named by 2 legs (ambiguous): not followed (3 dated legs")
                                        .arg(SsimText::line_of_leg(k))),
                     qPrintable(r.err));
        auto rs = rotations();
        QCOMPARE(rs.size(), 3u);
        QCOMPARE(rs["XQ400/FRA/2026-04-01"], (std::vector<std::string>{"XQ400/FRA/2026-04-01", "XQ401/HAM/2026-04-01"}));
        QCOMPARE(stats()["legs"].get<int>(), 18);
    }

    void aMessyFileOfTwoAirlines() {
        // CRLF, a byte-order mark, trimmed records, no padding; YY names an XQ flight.
        SsimText xq;
        xq.legs = {flight("0100", "FRA", "MUC", "0600", "0705", "0101"), flight("0101", "MUC", "FRA", "0800", "0900")};
        SsimText yy;
        yy.airline = "YY";
        yy.legs = {flight("0700", "FRA", "MUC", "0600", "0705", "0100"), flight("0701", "MUC", "FRA", "0800", "0900")};
        for (auto& l : yy.legs) l.set(leg::airline, "YY");
        yy.legs[0].set(leg::onward_airline, "XQ");
        auto text = Mess{}.apply(SsimText::records_of({xq, yy}));
        QVERIFY(text.find("\r\n") != std::string::npos);
        auto r = import(text);
        QVERIFY2(r.exit == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("built 3 rotations from onward flights (3 links resolved, 3 unresolved, 0 refused"),
                 qPrintable(r.out));
        QVERIFY(r.err.contains("onward flight XQ100 is another airline's"));
        auto rs = rotations();
        QCOMPARE(rs.size(), 3u);
        QCOMPARE(rs["XQ100/FRA/2026-04-03"].size(), 2u);
    }

    void aDryRunReportsAndWritesNothing() {
        SsimText t;
        t.legs = {flight("0100", "FRA", "MUC", "0600", "0705", "0101"), flight("0101", "MUC", "FRA", "0800", "0900")};
        ok({"set-airport", "FRA", "--mgt", "30"});
        auto r = import(t.str(), {"--dry-run"});
        QVERIFY2(r.exit == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains("onward flights: 3 dated legs name one; 3 links resolved, 0 unresolved, 0 refused; 3 rotations"),
                 qPrintable(r.err));
        QCOMPARE(stats()["legs"].get<int>(), 0);
    }

    void notWithARotationFile() {
        SsimText t;
        t.legs = {flight("0100", "FRA", "MUC", "0600", "0705", "0101")};
        auto r = import(t.str(), {"--rotations", write("r.csv", "rotation,airplane,airline,flight_number,suffix,departure,day_of_origin\n")});
        QCOMPARE(r.exit, 2);
        QVERIFY(r.err.contains("exclude each other"));
    }

    void reimportingTheSameFileChangesNothing() {
        SsimText t;
        t.legs = {flight("0100", "FRA", "MUC", "0600", "0705", "0101"), flight("0101", "MUC", "FRA", "0800", "0900")};
        QCOMPARE(import(t.str()).exit, 0);
        auto before = rotations();
        auto r = import(t.str());
        QVERIFY2(r.exit == 0, qPrintable(r.err));
        QCOMPARE(rotations(), before);
    }
};

QTEST_GUILESS_MAIN(TestCliOnward)
#include "tst_cli_onward.moc"
