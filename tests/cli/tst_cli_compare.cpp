// `rotaplan-cli compare --as-of A [--with B] [--json]`, through the real
// binary: what differs between two points of the log as a planner reads it
// (the same comparison as the desktop's "Compare with now").
#include "support/cli_runner.h"

using namespace rotaplan::testing;
using nlohmann::json;

class TestCliCompare : public QObject, rotaplan::testing::CliSuite {
    Q_OBJECT

    static QStringList add_leg(const QString& rotation, const QString& flight, const QString& std_, const QString& sta) {
        return {"add-leg", rotation, "--flight", flight, "--dep", "FRA", "--arr", "MUC", "--std", std_, "--sta", sta};
    }
    QString position() const { return QString::number(stats()["position"].get<long>()); }
    static const json* line_of(const json& c, const std::string& kind) {
        for (const auto& l : c["lines"])
            if (l["kind"] == kind) return &l;
        return nullptr;
    }

    QString a_, b_;

private slots:
    void init() {
        next_store();
        ok({"create-rotation", "R1"});
        ok(add_leg("R1", "XQ100", "2026-04-01T06:00Z", "2026-04-01T07:00Z"));
        ok(add_leg("-", "XQ200", "2026-04-01T10:00Z", "2026-04-01T11:00Z"));
        a_ = position();
        ok({"retime-leg", "XQ100/FRA/2026-04-01", "--by", "10"});
        b_ = position();
        ok({"create-rotation", "R2"});
        ok({"move-leg", "XQ200/FRA/2026-04-01", "R2"});
        ok({"add-airplane", "D-AIAA", "--type", "320"});
        ok({"assign", "D-AIAA", "R1"});
        ok(add_leg("R1", "XQ300", "2026-04-01T12:00Z", "2026-04-01T13:00Z"));  // FRA after MUC: a continuity break
    }

    void comparedWithNowItListsWhatAPlannerChanged() {
        auto r = cli({"compare", "--as-of", a_});
        QVERIFY2(r.exit == 0, qPrintable(r.err));
        for (const char* line : {"~ XQ100/FRA/2026-04-01 retimed 2026-04-01T06:00Z-2026-04-01T07:00Z -> "
                                 "2026-04-01T06:10Z-2026-04-01T07:10Z (+10 min)",
                                 "> XQ200/FRA/2026-04-01 moved no rotation -> R2", "+ XQ300/FRA/2026-04-01", "+ rotation R2 created",
                                 "+ airplane D-AIAA registered, flies R1", "continuity: 0 -> 1", "(now)"})
            QVERIFY2(r.out.contains(line), qPrintable(QString(line) + " not in:\n" + r.out));

        auto c = cli({"compare", "--as-of", a_, "--json"}).json();
        QCOMPARE(c["as_of"].get<long>(), a_.toLong());
        QCOMPARE(c["with_is_now"].get<bool>(), true);
        QCOMPARE(c["legs"]["added"].get<long>(), 1L);
        QCOMPARE(c["legs"]["removed"].get<long>(), 0L);
        QCOMPARE(c["legs"]["retimed"].get<long>(), 1L);
        QCOMPARE(c["legs"]["moved"].get<long>(), 1L);
        QCOMPARE(c["legs"]["changed"].get<long>(), 0L);
        QCOMPARE(c["rotations"]["created"].get<long>(), 1L);
        QCOMPARE(c["airplanes_reassigned"].get<long>(), 1L);
        QCOMPARE(c["validation"]["as_of"]["continuity"].get<int>(), 0);
        QCOMPARE(c["validation"]["with"]["continuity"].get<int>(), 1);
        QCOMPARE(c["validation"]["with"]["min_ground_time"].get<int>(), 0);
        const json* retime = line_of(c, "leg_retimed");
        QVERIFY(retime);
        QCOMPARE((*retime)["departure_moved_by"].get<int>(), 10);
        QCOMPARE((*retime)["arrival_moved_by"].get<int>(), 10);
        QCOMPARE(c["lines"].size(), 5u);  // R2, D-AIAA, and three legs: nothing else differs
    }

    void withAnEarlierPointOnlyWhatHappenedBetween() {
        auto c = cli({"compare", "--as-of", a_, "--with", b_, "--json"}).json();
        QCOMPARE(c["with"].get<long>(), b_.toLong());
        QCOMPARE(c["with_is_now"].get<bool>(), false);
        QCOMPARE(c["legs"]["retimed"].get<long>(), 1L);
        QCOMPARE(c["legs"]["moved"].get<long>(), 0L);
        QCOMPARE(c["legs"]["added"].get<long>(), 0L);
        QCOMPARE(c["rotations"]["created"].get<long>(), 0L);
        QCOMPARE(c["validation"]["with"]["continuity"].get<int>(), 0);
        QCOMPARE(c["lines"].size(), 1u);
    }

    // A minimum raised breaks turns without touching a leg: the comparison
    // names it, with the counts it changed, as it names an airplane's own.
    void referenceDataChangesAreDifferencesToo() {
        ok({"set-airport", "MUC", "--mgt", "30"});
        const QString before = position();
        ok({"set-airport", "MUC", "--mgt", "45", "--utc-offset", "+02:00"});
        ok({"set-airport", "LIS", "--mgt", "40"});
        ok({"update-airplane", "D-AIAA", "--type", "321", "--mgt", "50"});
        auto c = cli({"compare", "--as-of", before, "--json"}).json();
        QCOMPARE(c["airports_changed"].get<long>(), 2L);
        QCOMPARE(c["airplanes_changed"].get<long>(), 1L);
        QStringList airports;
        for (const auto& l : c["lines"])
            if (l["kind"] == "airport" || l["kind"] == "airplane") airports << QString::fromStdString(l["text"].get<std::string>());
        QVERIFY2(airports.contains("~ airport MUC minimum ground time 30 -> 45 min; clock UTC -> UTC+02:00"), qPrintable(airports.join("\n")));
        QVERIFY2(airports.contains("+ airport LIS defined, minimum ground time 40 min, UTC"), qPrintable(airports.join("\n")));
        QVERIFY2(airports.contains("~ airplane D-AIAA type 320 -> 321; minimum ground time 0 -> 50 min"), qPrintable(airports.join("\n")));
        auto text = cli({"compare", "--as-of", before});
        QVERIFY2(text.out.contains("2 airports defined or changed"), qPrintable(text.out));
    }

    void theSamePointDiffersInNothing() {
        auto r = cli({"compare", "--as-of", position()});
        QCOMPARE(r.exit, 0);
        QVERIFY2(r.out.contains("no difference"), qPrintable(r.out));
    }

    void aComparisonNeedsItsEarlierPointFirst() {
        auto r = cli({"compare"});
        QCOMPARE(r.exit, 2);
        QVERIFY2(r.err.contains("--as-of"), qPrintable(r.err));
        r = cli({"compare", "--as-of", b_, "--with", a_});
        QCOMPARE(r.exit, 2);
        QVERIFY2(r.err.contains("after --with"), qPrintable(r.err));
        r = cli({"compare", "--as-of", "yesterday"});
        QCOMPARE(r.exit, 2);
    }
};

QTEST_MAIN(TestCliCompare)
#include "tst_cli_compare.moc"
