// Scenarios through the real rotaplan-cli binary: named versions of the
// schedule that start as their base at a point of its history, keep their own
// changes apart from it, and are compared, rebased and promoted.
#include "support/cli_runner.h"

using namespace rotaplan::testing;
using nlohmann::json;

class TestCliScenarios : public QObject, rotaplan::testing::CliSuite {
    Q_OBJECT

    static QStringList add_leg(const QString& rotation, const QString& flight, const QString& std_, const QString& sta,
                               const QString& dep = "FRA", const QString& arr = "MUC") {
        return {"add-leg", rotation, "--flight", flight, "--dep", dep, "--arr", arr, "--std", std_, "--sta", sta};
    }
    CliRun in(const QString& scenario, const QStringList& args) const { return cli(QStringList{"--scenario", scenario} + args); }
    void ok_in(const QString& scenario, const QStringList& args) const {
        auto r = in(scenario, args);
        QVERIFY2(r.exit == 0, qPrintable(args.join(' ') + " in " + scenario + " -> " + r.err));
    }
    json legs_in(const QString& scenario) const { return in(scenario, {"legs", "--json"}).json(); }
    static std::vector<std::string> flights(const json& legs) {
        std::vector<std::string> out;
        for (const auto& l : legs) out.push_back(l["designator"].get<std::string>() + " " + l["std"].get<std::string>());
        std::sort(out.begin(), out.end());
        return out;
    }
    QString position() const { return QString::number(stats()["position"].get<long>()); }
    json scenario_row(const std::string& name) const {
        for (const auto& s : cli({"scenario", "list", "--json"}).json())
            if (s["name"] == name) return s;
        return nullptr;
    }

private slots:
    void init() {
        next_store();
        ok({"create-rotation", "R1"});
        ok(add_leg("R1", "XQ100", "2026-04-01T06:00Z", "2026-04-01T07:00Z"));
        ok(add_leg("R1", "XQ101", "2026-04-01T08:00Z", "2026-04-01T09:00Z", "MUC", "FRA"));
    }

    void aScenarioKeepsItsEditsAndItsBaseKeepsItsOwn() {
        ok({"scenario", "create", "LIS", "--note", "a second frequency"});
        ok_in("LIS", add_leg("R1", "XQ102", "2026-04-01T10:00Z", "2026-04-01T11:00Z"));
        ok(add_leg("-", "XQ900", "2026-04-01T12:00Z", "2026-04-01T13:00Z"));  // main goes on
        QCOMPARE(flights(legs_in("LIS")),
                 (std::vector<std::string>{"XQ100/FRA/2026-04-01 2026-04-01T06:00Z", "XQ101/MUC/2026-04-01 2026-04-01T08:00Z",
                                           "XQ102/FRA/2026-04-01 2026-04-01T10:00Z"}));
        QCOMPARE(flights(legs_in("main")),
                 (std::vector<std::string>{"XQ100/FRA/2026-04-01 2026-04-01T06:00Z", "XQ101/MUC/2026-04-01 2026-04-01T08:00Z",
                                           "XQ900/FRA/2026-04-01 2026-04-01T12:00Z"}));
        // The environment names it as well as the option.
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert("ROTAPLAN_SCENARIO", "LIS");
        auto r = run_cli({"--db", db_, "stats", "--json"}, env);
        QCOMPARE(r.json()["legs"].get<int>(), 3);
        // The list says where it came from, who made it and how much is its own.
        auto row = scenario_row("LIS");
        QCOMPARE(row["base"].get<std::string>(), std::string("main"));
        QCOMPARE(row["changes"].get<int>(), 1);
        QCOMPARE(row["note"].get<std::string>(), std::string("a second frequency"));
        QVERIFY(!row["created_by"].get<std::string>().empty());
        QCOMPARE(row["validation"]["continuity"].get<int>(), 0);
        // Its own read models: a break made in it counts there, not in main.
        ok_in("LIS", add_leg("R1", "XQ104", "2026-04-01T14:00Z", "2026-04-01T15:00Z", "HAM", "FRA"));
        QCOMPARE(scenario_row("LIS")["validation"]["continuity"].get<int>(), 1);
        QCOMPARE(cli({"validate", "--json"}).exit, 0);
    }

    void aScenarioFromAPastPointShowsThatPastAndItsOwnEdits() {
        const QString before = position();
        ok({"retime-leg", "XQ100/FRA/2026-04-01", "--by", "30"});
        ok({"scenario", "create", "old", "--as-of", before});
        auto legs = legs_in("old");
        QCOMPARE(legs.size(), 2u);
        for (const auto& l : legs)
            if (l["designator"] == "XQ100/FRA/2026-04-01") QCOMPARE(l["std"].get<std::string>(), std::string("2026-04-01T06:00Z"));
        ok_in("old", {"retime-leg", "XQ101/MUC/2026-04-01", "--by", "5"});
        for (const auto& l : legs_in("old"))
            if (l["designator"] == "XQ101/MUC/2026-04-01") QCOMPARE(l["std"].get<std::string>(), std::string("2026-04-01T08:05Z"));
        for (const auto& l : legs_in("main")) {
            if (l["designator"] == "XQ100/FRA/2026-04-01") QCOMPARE(l["std"].get<std::string>(), std::string("2026-04-01T06:30Z"));
            if (l["designator"] == "XQ101/MUC/2026-04-01") QCOMPARE(l["std"].get<std::string>(), std::string("2026-04-01T08:00Z"));
        }
        // Its history is the base's up to the fork, then its own.
        auto history = in("old", {"history", "XQ101/MUC/2026-04-01", "--json"}).json();
        QCOMPARE(history.size(), 2u);
    }

    void namesAreCheckedAndABadOneIsAUsageError() {
        ok({"scenario", "create", "A"});
        auto again = cli({"scenario", "create", "A"});
        QCOMPARE(again.exit, 1);
        QVERIFY2(again.err.contains("exists already"), qPrintable(again.err));
        QCOMPARE(cli({"scenario", "create", "main"}).exit, 2);
        auto unknown = in("nope", {"legs"});
        QCOMPARE(unknown.exit, 2);
        QVERIFY2(unknown.err.contains("no scenario named \"nope\"") && unknown.err.contains("main, A"), qPrintable(unknown.err));
        auto write = in("nope", {"create-rotation", "R9"});
        QCOMPARE(write.exit, 2);
        QCOMPARE(stats()["rotations"].get<int>(), 1);  // nothing was written
    }

    void renameAndDeleteKeepTheHistoryAndFreeTheName() {
        ok({"scenario", "create", "A"});
        ok_in("A", {"create-rotation", "R2"});
        ok({"scenario", "rename", "A", "B"});
        QCOMPARE(in("B", {"stats", "--json"}).json()["rotations"].get<int>(), 2);
        ok({"scenario", "delete", "B"});
        QCOMPARE(in("B", {"stats"}).exit, 2);
        ok({"scenario", "create", "B"});  // the name is free again, and this B starts from main
        QCOMPARE(in("B", {"stats", "--json"}).json()["rotations"].get<int>(), 1);
        auto all = cli({"scenario", "list", "--json", "--deleted"}).json();
        QCOMPARE(all.size(), 2u);
        QCOMPARE(all[1]["deleted"].get<bool>(), true);
        // main's history names each step
        auto r = cli({"history", "R1"});
        QCOMPARE(r.exit, 0);
    }

    void compareTwoVersionsAsAPlannerReadsThem() {
        ok({"scenario", "create", "A"});
        ok_in("A", {"retime-leg", "XQ100/FRA/2026-04-01", "--by", "15"});
        ok_in("A", add_leg("-", "XQ500", "2026-04-02T06:00Z", "2026-04-02T07:00Z"));
        ok({"scenario", "create", "B"});
        ok_in("B", {"remove-leg", "XQ101/MUC/2026-04-01"});
        ok_in("B", {"delete-leg", "XQ101/MUC/2026-04-01"});
        auto c = cli({"compare", "--scenario", "A", "--with", "main", "--json"}).json();
        QCOMPARE(c["legs"]["retimed"].get<long>(), 1L);
        QCOMPARE(c["legs"]["removed"].get<long>(), 1L);  // XQ500 is A's, not main's
        QCOMPARE(c["legs"]["added"].get<long>(), 0L);
        auto ab = cli({"compare", "--scenario", "A", "--with", "B", "--json"}).json();
        QCOMPARE(ab["legs"]["retimed"].get<long>(), 1L);
        QCOMPARE(ab["legs"]["removed"].get<long>(), 2L);  // XQ500 is A's; XQ101 is in A, deleted in B
        QCOMPARE(ab["legs"]["added"].get<long>(), 0L);
        auto same = cli({"compare", "--scenario", "A", "--with", "A", "--json"}).json();
        QCOMPARE(same["summary"].get<std::string>(), std::string("no difference"));
        // The same comparison as of a point: A before its own edits is main then.
        auto r = cli({"compare", "--scenario", "main", "--with", "A"});
        QVERIFY2(r.exit == 0 && r.out.contains("retimed"), qPrintable(r.out + r.err));
        // A as of its fork (a replay: the events are read from the store) is main as it is.
        const QString fork = QString::number(cli({"scenario", "list", "--json"}).json()[0]["fork_position"].get<std::int64_t>());
        auto at_fork = cli({"compare", "--scenario", "A", "--as-of", fork, "--with", "main", "--json"});
        QVERIFY2(at_fork.exit == 0, qPrintable(at_fork.err));
        QCOMPARE(at_fork.json()["summary"].get<std::string>(), std::string("no difference"));
    }

    void rebaseKeepsWhatAppliesAndSurfacesTheRest() {
        ok({"scenario", "create", "S"});
        ok_in("S", {"retime-leg", "XQ101/MUC/2026-04-01", "--by", "10"});
        ok_in("S", add_leg("R1", "XQ102", "2026-04-01T10:00Z", "2026-04-01T11:00Z"));
        // main goes on: one change leaves S's retime applicable, the other makes its new leg overlap
        ok(add_leg("R1", "XQ103", "2026-04-01T10:30Z", "2026-04-01T11:30Z"));
        ok({"retime-leg", "XQ100/FRA/2026-04-01", "--by", "5"});
        auto r = cli({"scenario", "rebase", "S", "--json"});
        QCOMPARE(r.exit, 1);  // conflicts to settle
        auto out = r.json();
        QCOMPARE(out["applied"].get<int>(), 1);
        QCOMPARE(out["conflicts"].size(), 1u);
        QCOMPARE(out["conflicts"][0]["command"].get<std::string>(), std::string("AddLegs"));
        QCOMPARE(out["generation"].get<int>(), 2);
        // S now has main's changes and its retime, not the conflicting leg
        std::map<std::string, std::string> std_of;
        for (const auto& l : legs_in("S")) std_of[l["designator"]] = l["std"];
        QCOMPARE(std_of["XQ100/FRA/2026-04-01"], std::string("2026-04-01T06:05Z"));
        QCOMPARE(std_of["XQ101/MUC/2026-04-01"], std::string("2026-04-01T08:10Z"));
        QVERIFY(std_of.count("XQ103/FRA/2026-04-01"));
        QVERIFY(!std_of.count("XQ102/FRA/2026-04-01"));
        auto conflicts = cli({"scenario", "conflicts", "S", "--json"}).json();
        QCOMPARE(conflicts.size(), 1u);
        const QString id = QString::fromStdString(conflicts[0]["id"].get<std::string>());
        QCOMPARE(cli({"scenario", "retry-conflict", id}).exit, 1);  // still overlaps
        ok_in("S", {"remove-leg", "XQ103/FRA/2026-04-01"});  // the planner makes room in the scenario
        ok({"scenario", "retry-conflict", id});
        QVERIFY(in("S", {"legs"}).out.contains("XQ102"));
        QCOMPARE(cli({"scenario", "conflicts", "--json"}).json().size(), 0u);
        // main is untouched by all of it
        QVERIFY(!cli({"legs"}).out.contains("XQ102"));
        QVERIFY(cli({"legs"}).out.contains("XQ103"));
    }

    void promoteWithAConflictWritesNothing() {
        ok({"scenario", "create", "P"});
        ok_in("P", add_leg("R1", "XQ102", "2026-04-01T10:00Z", "2026-04-01T11:00Z"));
        ok(add_leg("R1", "XQ103", "2026-04-01T10:30Z", "2026-04-01T11:30Z"));
        const auto before = stats();
        auto dry = cli({"scenario", "promote", "P", "--dry-run", "--json"});
        QCOMPARE(dry.exit, 1);
        QCOMPARE(dry.json()["conflicts"].size(), 1u);
        auto r = cli({"scenario", "promote", "P"});
        QCOMPARE(r.exit, 1);
        QVERIFY2(r.out.contains("nothing was written"), qPrintable(r.out));
        QCOMPARE(stats()["position"], before["position"]);
        QCOMPARE(leg_lines().size(), 3u);
    }

    void aPromotedScenarioIsWhatMainBecomes() {
        ok({"scenario", "create", "P"});
        ok_in("P", {"retime-leg", "XQ100/FRA/2026-04-01", "--by", "20"});
        ok_in("P", {"create-rotation", "R2"});
        ok_in("P", add_leg("R2", "XQ300", "2026-04-02T06:00Z", "2026-04-02T07:00Z"));
        ok_in("P", {"add-airplane", "D-AIAB", "--type", "320"});
        ok_in("P", {"assign", "D-AIAB", "R2"});
        auto dry = cli({"scenario", "promote", "P", "--dry-run", "--json"}).json();
        QCOMPARE(dry["promoted"].get<bool>(), false);
        QCOMPARE(dry["commands"].get<int>(), 5);
        QCOMPARE(stats()["rotations"].get<int>(), 1);  // a dry run writes nothing
        auto r = cli({"scenario", "promote", "P", "--json"});
        QVERIFY2(r.exit == 0, qPrintable(r.err));
        QCOMPARE(r.json()["promoted"].get<bool>(), true);
        auto c = cli({"compare", "--scenario", "main", "--with", "P", "--json"}).json();
        QCOMPARE(c["summary"].get<std::string>(), std::string("no difference"));
        QCOMPARE(scenario_row("P")["promotions"].get<int>(), 1);
        QVERIFY(cli({"history", "R2"}).out.contains("rotation R2 created"));
    }

    void importsAndExportsWorkInAScenario() {
        ok({"scenario", "create", "imp"});
        QString airports = write("airports.csv", "airport,min_ground_minutes\r\nFRA,45\r\nMUC,35\r\n");
        ok_in("imp", {"import-airports", airports});
        QCOMPARE(in("imp", {"airports", "--json"}).json().size(), 2u);
        QCOMPARE(cli({"airports", "--json"}).json().size(), 0u);
        QString out = QDir(QFileInfo(db_).absolutePath()).filePath("imp.ssim");
        ok_in("imp", {"export-ssim", out});
        QVERIFY(QFileInfo(out).size() > 0);
        auto v = in("imp", {"validate", "--json"});
        QVERIFY2(v.exit == 0 || v.exit == 1, qPrintable(v.err));
    }
};

QTEST_GUILESS_MAIN(TestCliScenarios)
#include "tst_cli_scenarios.moc"
