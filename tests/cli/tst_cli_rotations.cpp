// build-rotations and assign-airplanes through the real binary on real stores:
// the proposal, the fleet it needs, what is written (or not, on a dry run), the
// filters, and the usage errors.
#include "support/cli_runner.h"

using namespace rotaplan::testing;
using nlohmann::json;

class TestCliRotations : public QObject, rotaplan::testing::CliSuite {
    Q_OBJECT

    void leg(const char* flight, const char* dep, const char* arr, const char* std_, const char* sta,
             const char* type = "320") {
        ok({"add-leg", "-", "--flight", flight, "--dep", dep, "--arr", arr, "--std", std_, "--sta", sta, "--type", type});
    }
    // Two aircraft's worth of a day: FRA-MUC-FRA-VIE-FRA can be one aircraft
    // if the turns allow; a second FRA departure at 06:30 needs another.
    void day() {
        leg("XQ100", "FRA", "MUC", "2026-04-01T06:00Z", "2026-04-01T07:00Z");
        leg("XQ101", "MUC", "FRA", "2026-04-01T07:40Z", "2026-04-01T08:40Z");
        leg("XQ200", "FRA", "VIE", "2026-04-01T09:30Z", "2026-04-01T11:00Z");
        leg("XQ201", "VIE", "FRA", "2026-04-01T11:45Z", "2026-04-01T13:15Z");
        leg("XQ300", "FRA", "HAM", "2026-04-01T06:30Z", "2026-04-01T07:30Z");
        leg("XQ301", "HAM", "FRA", "2026-04-01T08:15Z", "2026-04-01T09:15Z");
    }
    int legs_in_rotations() {
        int n = 0;
        for (const auto& l : cli({"legs", "--json"}).json())
            if (!l["rotation"].is_null()) ++n;
        return n;
    }

private slots:
    void init() { next_store(); }

    void aDryRunProposesAndWritesNothing() {
        day();
        ok({"set-airport", "MUC", "--mgt", "40"});
        const auto before = stats();
        auto r = cli({"build-rotations", "--dry-run", "--json"});
        QVERIFY2(r.exit == 0, qPrintable(r.err));
        auto j = r.json();
        QCOMPARE(j["legs"].get<int>(), 6);
        QCOMPARE(j["fleet_total"].get<int>(), 2);
        QCOMPARE(j["lower_bound_total"].get<int>(), 2);
        QCOMPARE(j["fleet"]["320"].get<int>(), 2);
        QCOMPARE(j["created"].get<bool>(), false);
        QCOMPARE(j["fleet_per_day"][0]["day"].get<std::string>(), std::string("2026-04-01"));
        QCOMPARE(j["fleet_per_day"][0]["rotations"].get<int>(), 2);
        QCOMPARE(stats(), before);

        auto text = cli({"build-rotations", "--dry-run", "--legs"});
        QCOMPARE(text.exit, 0);
        QVERIFY2(text.out.contains("fleet needed: 2 aircraft for 6 legs in no rotation (lower bound 2)"), qPrintable(text.out));
        QVERIFY(text.out.contains("320-001"));
        QVERIFY(text.out.contains("XQ201/VIE/2026-04-01"));
        QVERIFY(text.out.contains("2026-04-01  320 2"));
        QVERIFY(text.out.contains("nothing was written"));
    }

    void buildingCreatesTheRotationsAtOnce() {
        day();
        ok({"set-airport", "MUC", "--mgt", "40"});
        auto r = cli({"build-rotations"});
        QVERIFY2(r.exit == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("created 2 rotations for 6 legs"), qPrintable(r.out));
        QCOMPARE(stats()["rotations"].get<int>(), 2);
        QCOMPARE(legs_in_rotations(), 6);
        // Every turn holds: continuity and ground times are clean.
        auto v = cli({"validate", "--json"});
        QVERIFY2(v.exit == 0 && v.json()["valid"].get<bool>(), qPrintable(v.out));
        auto rotations = cli({"rotations", "--json"}).json();
        QCOMPARE(rotations[0]["name"].get<std::string>(), std::string("320-001"));
        QCOMPARE(rotations[0]["legs"].get<int>() + rotations[1]["legs"].get<int>(), 6);
        // Nothing is left to build; the names go on past those in use.
        leg("XQ500", "FRA", "BER", "2026-04-02T06:00Z", "2026-04-02T07:00Z");
        auto again = cli({"build-rotations", "--json"}).json();
        QCOMPARE(again["fleet_total"].get<int>(), 1);
        QCOMPARE(again["rotations"][0]["name"].get<std::string>(), std::string("320-003"));
        auto none = cli({"build-rotations"});
        QCOMPARE(none.exit, 0);
        QVERIFY(none.out.contains("created 0 rotations for 0 legs"));
    }

    void aTurnShorterThanTheMinimumNeedsAnotherAircraft() {
        day();
        // 40 minutes at MUC: with a minimum of 45 the MUC return needs an aircraft of its own.
        ok({"set-airport", "MUC", "--mgt", "45"});
        QCOMPARE(cli({"build-rotations", "--dry-run", "--json"}).json()["fleet_total"].get<int>(), 3);
        // An airplane of the type that needs 50 minutes raises every turn's minimum
        // for the type: only the 50-minute turn at FRA (08:40-09:30) still holds.
        ok({"set-airport", "MUC", "--mgt", "30"});
        QCOMPARE(cli({"build-rotations", "--dry-run", "--json"}).json()["fleet_total"].get<int>(), 2);
        ok({"add-airplane", "D-AIAA", "--type", "320", "--mgt", "50"});
        QCOMPARE(cli({"build-rotations", "--dry-run", "--json"}).json()["fleet_total"].get<int>(), 5);
        ok({"add-airplane", "D-AIBB", "--type", "321", "--mgt", "120"});  // another type's minimum counts for it alone
        QCOMPARE(cli({"build-rotations", "--dry-run", "--json"}).json()["fleet_total"].get<int>(), 5);
    }

    void filtersChooseTheLegs() {
        day();
        leg("XQ700", "FRA", "LHR", "2026-04-03T06:00Z", "2026-04-03T07:30Z", "321");
        leg("YY100", "FRA", "LHR", "2026-04-01T06:00Z", "2026-04-01T07:30Z");
        auto j = cli({"build-rotations", "--dry-run", "--json", "--type", "321"}).json();
        QCOMPARE(j["legs"].get<int>(), 1);
        j = cli({"build-rotations", "--dry-run", "--json", "--airline", "YY"}).json();
        QCOMPARE(j["legs"].get<int>(), 1);
        j = cli({"build-rotations", "--dry-run", "--json", "--from", "2026-04-02", "--to", "2026-04-30"}).json();
        QCOMPARE(j["legs"].get<int>(), 1);
        j = cli({"build-rotations", "--dry-run", "--json", "--to", "2026-04-01", "--airline", "XQ"}).json();
        QCOMPARE(j["legs"].get<int>(), 6);
        ok({"build-rotations", "--type", "321"});
        QCOMPARE(legs_in_rotations(), 1);
        QCOMPARE(cli({"build-rotations", "--dry-run", "--json"}).json()["legs"].get<int>(), 7);
    }

    void usageErrorsExit2AndWriteNothing() {
        day();
        const auto before = stats();
        for (const QStringList& args : {QStringList{"build-rotations", "--from", "1.4.2026"},
                                        QStringList{"build-rotations", "--from", "2026-04-02", "--to", "2026-04-01"},
                                        QStringList{"build-rotations", "--airline", "X!"},
                                        QStringList{"build-rotations", "--type", "TOOLONG"},
                                        QStringList{"build-rotations", "extra"},
                                        QStringList{"build-rotations", "--fleet"},
                                        QStringList{"assign-airplanes", "R1"}}) {
            auto r = cli(args);
            QVERIFY2(r.exit == 2, qPrintable(args.join(' ') + QString(" exited %1: ").arg(r.exit) + r.err));
        }
        QCOMPARE(stats(), before);
        auto missing = run_cli({"--db", dir_.filePath("none.db"), "build-rotations", "--dry-run"});
        QCOMPARE(missing.exit, 2);
    }

    void airplanesGoOntoRotationsTheirMinimumFits() {
        day();
        ok({"set-airport", "MUC", "--mgt", "30"});
        ok({"build-rotations"});
        // The rotations' shortest turns are 40 (via MUC) and 45 (via HAM).
        ok({"add-airplane", "D-AIAA", "--type", "320", "--mgt", "44"});
        ok({"add-airplane", "D-AIAB", "--type", "320", "--mgt", "60"});
        ok({"add-airplane", "D-AIBA", "--type", "321", "--mgt", "20"});
        const auto before = stats();
        auto dry = cli({"assign-airplanes", "--dry-run", "--json"});
        QVERIFY2(dry.exit == 0, qPrintable(dry.err));
        auto j = dry.json();
        QCOMPARE(stats(), before);
        QCOMPARE(j["assignments"].size(), 1u);
        QCOMPARE(j["assignments"][0]["airplane"].get<std::string>(), std::string("D-AIAA"));
        QCOMPARE(j["assignments"][0]["shortest_turn_minutes"].get<int>(), 45);
        QCOMPARE(j["rotations_left"].size(), 1u);
        QVERIFY(j["rotations_left"][0]["why"].get<std::string>().find("40 minutes") != std::string::npos);
        QCOMPARE(j["airplanes_idle"].size(), 2u);

        auto r = cli({"assign-airplanes"});
        QVERIFY2(r.exit == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("assigned 1 airplanes"), qPrintable(r.out));
        QVERIFY(r.out.contains("1 rotations left without an airplane:"));
        QVERIFY(r.out.contains("D-AIAB (320)"));
        QVERIFY(r.out.contains("D-AIBA (321)"));
        int flown = 0;
        for (const auto& a : cli({"airplanes", "--json"}).json())
            if (a["registration"] == "D-AIAA") flown = !a["rotation"].is_null();
        QCOMPARE(flown, 1);
        // Run again: the rotation already flown keeps its airplane; nothing new fits.
        auto again = cli({"assign-airplanes", "--json"}).json();
        QCOMPARE(again["assignments"].size(), 0u);
        QCOMPARE(again["rotations_left"].size(), 1u);
        // The airplane's own minimum holds on every turn it flies.
        QCOMPARE(cli({"validate"}).exit, 0);
    }
};

QTEST_GUILESS_MAIN(TestCliRotations)
#include "tst_cli_rotations.moc"
