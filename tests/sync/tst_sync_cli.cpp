// Desktops in sync through the real rotaplan-server, driven by the real
// rotaplan-cli: offline replay, conflicts, exit statuses, failures (server
// killed mid-push, line cut mid-pull, long offline), convergence.
//
// Built twice: tst_sync_cli on the server's SQLite log, tst_sync_cli_kafka
// (ROTAPLAN_SYNC_KAFKA) on its Kafka log, against librdkafka's mock cluster
// hosted by this process.
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

#include "cut_proxy.h"
#include "team.h"

using namespace rotaplan::testing;

namespace {

// anna plans R1 with XQ100 FRA-MUC 06:00-07:00 on 1 April; both desktops sync it.
void both_hold_r1_with_xq100(const Desktop& anna, const Desktop& marc, const ServerProcess& server) {
    anna.ok({"create-rotation", "R1"});
    anna.ok(leg_args("R1", "XQ100", "FRA", "MUC", "2026-04-01T06:00Z", "2026-04-01T07:00Z"));
    QCOMPARE(anna.sync(base_url(server)), 0);
    QCOMPARE(marc.sync(base_url(server)), 0);
}

}  // namespace

class SyncCli : public QObject {
    Q_OBJECT
    TeamFixture team_;

private slots:
    void init() { QVERIFY2(team_.begin(), qPrintable(team_.error())); }
    void cleanup() { team_.end(); }
    void a_colleagues_change_reaches_the_other_desktop();
    void offline_edits_are_decided_again_on_colleagues_changes();
    void a_change_that_no_longer_applies_is_a_conflict_until_dropped();
    void unreachable_server_and_refused_token_have_their_exit_statuses();
    void server_killed_during_pushes_loses_nothing_and_duplicates_nothing();
    void a_line_cut_during_a_pull_changes_nothing_and_the_next_sync_completes();
    void a_desktop_offline_for_long_catches_up_and_replays();
    void three_desktops_converge_after_random_offline_edits();
    void a_scenario_travels_and_main_replay_leaves_it_alone();
    void two_planners_edit_one_scenario_offline_and_converge();
    void a_scenario_edit_that_no_longer_applies_is_a_conflict_of_that_scenario();
    void edits_to_a_scenario_a_colleague_deleted_become_conflicts();
    void a_scenario_made_on_pending_changes_forks_where_they_land();
};

// anna works in a scenario and in main offline; marc's change to main meets
// hers, so her sync replays main: the scenario's edit must stay in the
// scenario (decided again in main, it would change main), and reach marc.
void SyncCli::a_scenario_travels_and_main_replay_leaves_it_alone() {
    auto [server, anna, marc, lena] = team_->members();
    both_hold_r1_with_xq100(anna, marc, server);
    if (QTest::currentTestFailed()) return;
    anna.ok({"scenario", "create", "June"});
    anna.ok({"--scenario", "June", "retime-leg", "XQ100/FRA/2026-04-01", "--by", "30"});
    anna.ok(leg_args("R1", "XQ101", "MUC", "FRA", "2026-04-01T08:00Z", "2026-04-01T09:00Z"));
    marc.ok(leg_args("R1", "XQ103", "FRA", "CDG", "2026-04-01T10:00Z", "2026-04-01T11:30Z"));
    QCOMPARE(marc.sync(base_url(server)), 0);
    QString out;
    int status = anna.sync(base_url(server), &out);
    QVERIFY2(status == 0 && out.contains("1 offline replay"), qPrintable(out));
    auto std_of = [](const nlohmann::json& legs, const std::string& designator) {
        for (const auto& l : legs)
            if (l["designator"] == designator) return l["std"].get<std::string>();
        return std::string();
    };
    QCOMPARE(std_of(anna.run({"legs", "--json"}).json(), "XQ100/FRA/2026-04-01"), std::string("2026-04-01T06:00Z"));
    QCOMPARE(std_of(anna.run({"--scenario", "June", "legs", "--json"}).json(), "XQ100/FRA/2026-04-01"),
             std::string("2026-04-01T06:30Z"));
    QCOMPARE(marc.sync(base_url(server)), 0);
    QCOMPARE(anna.events_dump(), marc.events_dump());
    QCOMPARE(anna.views_dump(), marc.views_dump());
    // marc sees the scenario and what it holds, as anna made it.
    auto list = marc.run({"scenario", "list", "--json"}).json();
    QCOMPARE(list.size(), std::size_t(1));
    QCOMPARE(list[0]["name"].get<std::string>(), std::string("June"));
    QCOMPARE(std_of(marc.run({"--scenario", "June", "legs", "--json"}).json(), "XQ100/FRA/2026-04-01"),
             std::string("2026-04-01T06:30Z"));
    QCOMPARE(std_of(marc.run({"legs", "--json"}).json(), "XQ100/FRA/2026-04-01"), std::string("2026-04-01T06:00Z"));
}

namespace {

// The scenario's legs as the CLI lists them: designator -> "STD STA".
std::map<std::string, std::string> scenario_legs(const Desktop& d, const QString& scenario) {
    std::map<std::string, std::string> out;
    for (const auto& l : d.run({"--scenario", scenario, "legs", "--json"}).json())
        out[l["designator"].get<std::string>()] = l["std"].get<std::string>() + " " + l["sta"].get<std::string>();
    return out;
}

// A command's arguments, in scenario June.
QStringList in_june(const QStringList& args) { return QStringList{"--scenario", "June"} + args; }

// anna made June and both hold it; main holds R1 with XQ100 FRA-MUC 06:00-07:00.
void both_hold_june(const Desktop& anna, const Desktop& marc, const ServerProcess& server) {
    both_hold_r1_with_xq100(anna, marc, server);
    if (QTest::currentTestFailed()) return;
    anna.ok({"scenario", "create", "June"});
    QCOMPARE(anna.sync(base_url(server)), 0);
    QCOMPARE(marc.sync(base_url(server)), 0);
}

}  // namespace

// Both extend June's R1 offline: the second to sync decides hers again on
// top of his, in June (never in main), and both end with the same events.
void SyncCli::two_planners_edit_one_scenario_offline_and_converge() {
    auto [server, anna, marc, lena] = team_->members();
    both_hold_june(anna, marc, server);
    if (QTest::currentTestFailed()) return;
    anna.ok({"--scenario", "June", "retime-leg", "XQ100/FRA/2026-04-01", "--by", "30"});
    anna.ok(in_june(leg_args("R1", "XQ101", "MUC", "FRA", "2026-04-01T08:00Z", "2026-04-01T09:00Z")));
    marc.ok(in_june(leg_args("R1", "XQ103", "FRA", "CDG", "2026-04-01T10:00Z", "2026-04-01T11:30Z")));
    marc.ok({"--scenario", "June", "create-rotation", "R2"});
    QCOMPARE(marc.sync(base_url(server)), 0);
    QString out;
    QCOMPARE(anna.sync(base_url(server), &out), 0);
    QVERIFY2(out.contains("offline replay"), qPrintable(out));
    QCOMPARE(anna.stats()["sync_conflicts"].get<int>(), 0);
    QCOMPARE(anna.stats()["pending_sync"].get<int>(), 0);
    QCOMPARE(marc.sync(base_url(server)), 0);
    QCOMPARE(anna.events_dump(), marc.events_dump());
    QCOMPARE(anna.views_dump(), marc.views_dump());
    const std::map<std::string, std::string> june{
        {"XQ100/FRA/2026-04-01", "2026-04-01T06:30Z 2026-04-01T07:30Z"},
        {"XQ101/MUC/2026-04-01", "2026-04-01T08:00Z 2026-04-01T09:00Z"},
        {"XQ103/FRA/2026-04-01", "2026-04-01T10:00Z 2026-04-01T11:30Z"}};
    QCOMPARE(scenario_legs(anna, "June"), june);
    QCOMPARE(scenario_legs(marc, "June"), june);
    // Main is as it was: one leg, at its time.
    QCOMPARE(scenario_legs(anna, "main"),
             (std::map<std::string, std::string>{{"XQ100/FRA/2026-04-01", "2026-04-01T06:00Z 2026-04-01T07:00Z"}}));
    // A third planner catching up sees the same June.
    QCOMPARE(lena.sync(base_url(server)), 0);
    QCOMPARE(scenario_legs(lena, "June"), june);
    QCOMPARE(lena.events_dump(), anna.events_dump());
}

// marc moves June's XQ100 an hour later; anna's new leg in June, decided on
// that, would overlap it in R1: a conflict naming June, which main never
// sees, and which a retry decides in June once the way is clear.
void SyncCli::a_scenario_edit_that_no_longer_applies_is_a_conflict_of_that_scenario() {
    auto [server, anna, marc, lena] = team_->members();
    both_hold_june(anna, marc, server);
    if (QTest::currentTestFailed()) return;
    marc.ok({"--scenario", "June", "retime-leg", "XQ100/FRA/2026-04-01", "--by", "60"});
    anna.ok(in_june(leg_args("R1", "XQ101", "MUC", "FRA", "2026-04-01T07:30Z", "2026-04-01T08:30Z")));
    anna.ok({"--scenario", "June", "create-rotation", "R7"});
    QCOMPARE(marc.sync(base_url(server)), 0);
    QString out;
    anna.sync(base_url(server), &out);
    auto conflicts = anna.run({"conflicts", "--json"}).json();
    QVERIFY2(conflicts.size() == 1, qPrintable(out));
    QCOMPARE(conflicts[0]["command"].get<std::string>(), std::string("AddLegs"));
    auto reason = QString::fromStdString(conflicts[0]["reason"].get<std::string>());
    QVERIFY2(reason.startsWith("in scenario June: ") && reason.contains("overlap"), qPrintable(reason));
    // R7, decided after the conflict, still applies in June; main has neither.
    QVERIFY(anna.run({"--scenario", "June", "rotations", "--json"}).out.contains("R7"));
    QVERIFY(!anna.run({"rotations", "--json"}).out.contains("R7"));
    QCOMPARE(scenario_legs(anna, "June").count("XQ101/MUC/2026-04-01"), std::size_t(0));
    // Still in the way: the retry is refused, in June.
    auto id = QString::fromStdString(conflicts[0]["id"].get<std::string>());
    QCOMPARE(anna.run({"conflicts", "retry", id}).exit, 1);
    // anna moves marc's leg back in June; the retry now decides her leg there, not in main.
    anna.ok({"--scenario", "June", "retime-leg", "XQ100/FRA/2026-04-01", "--by", "-60"});
    anna.ok({"conflicts", "retry", id});
    QCOMPARE(anna.stats()["sync_conflicts"].get<int>(), 0);
    QCOMPARE(scenario_legs(anna, "June").count("XQ101/MUC/2026-04-01"), std::size_t(1));
    QCOMPARE(scenario_legs(anna, "main").count("XQ101/MUC/2026-04-01"), std::size_t(0));
    QCOMPARE(anna.sync(base_url(server)), 0);
    QCOMPARE(marc.sync(base_url(server)), 0);
    QCOMPARE(anna.events_dump(), marc.events_dump());
    QCOMPARE(scenario_legs(marc, "June"), scenario_legs(anna, "June"));
}

// marc deletes June while anna still edits it offline: her edits have no
// scenario to go to; they wait as conflicts (nothing lands in main).
void SyncCli::edits_to_a_scenario_a_colleague_deleted_become_conflicts() {
    auto [server, anna, marc, lena] = team_->members();
    both_hold_june(anna, marc, server);
    if (QTest::currentTestFailed()) return;
    marc.ok({"scenario", "delete", "June"});
    anna.ok({"--scenario", "June", "retime-leg", "XQ100/FRA/2026-04-01", "--by", "30"});
    QCOMPARE(marc.sync(base_url(server)), 0);
    anna.sync(base_url(server));
    auto conflicts = anna.run({"conflicts", "--json"}).json();
    QCOMPARE(conflicts.size(), std::size_t(1));
    auto reason = QString::fromStdString(conflicts[0]["reason"].get<std::string>());
    QVERIFY2(reason.contains("June was deleted"), qPrintable(reason));
    QCOMPARE(scenario_legs(anna, "main"),
             (std::map<std::string, std::string>{{"XQ100/FRA/2026-04-01", "2026-04-01T06:00Z 2026-04-01T07:00Z"}}));
    anna.ok({"conflicts", "drop", "--all"});
    QCOMPARE(anna.sync(base_url(server)), 0);
    QCOMPARE(anna.events_dump(), marc.events_dump());
}

// anna, offline, retimes XQ100 in main and makes June on top of it; marc's
// change to R1 meets hers, so her retime is taken back and decided again
// after his. June must fork where her retime now is (his change and hers),
// on both desktops, not at the start of the schedule.
void SyncCli::a_scenario_made_on_pending_changes_forks_where_they_land() {
    auto [server, anna, marc, lena] = team_->members();
    both_hold_r1_with_xq100(anna, marc, server);
    if (QTest::currentTestFailed()) return;
    anna.ok({"retime-leg", "XQ100/FRA/2026-04-01", "--by", "10"});
    anna.ok({"scenario", "create", "June"});
    anna.ok({"--scenario", "June", "retime-leg", "XQ100/FRA/2026-04-01", "--by", "30"});
    marc.ok(leg_args("R1", "XQ103", "MUC", "CDG", "2026-04-01T10:00Z", "2026-04-01T11:30Z"));
    QCOMPARE(marc.sync(base_url(server)), 0);
    QString out;
    QCOMPARE(anna.sync(base_url(server), &out), 0);
    QVERIFY2(out.contains("offline replay"), qPrintable(out));
    QCOMPARE(marc.sync(base_url(server)), 0);
    const std::map<std::string, std::string> june{
        {"XQ100/FRA/2026-04-01", "2026-04-01T06:40Z 2026-04-01T07:40Z"},
        {"XQ103/MUC/2026-04-01", "2026-04-01T10:00Z 2026-04-01T11:30Z"}};
    QCOMPARE(scenario_legs(anna, "June"), june);
    QCOMPARE(scenario_legs(marc, "June"), june);
    QCOMPARE(anna.events_dump(), marc.events_dump());
}

void SyncCli::a_colleagues_change_reaches_the_other_desktop() {
    auto [server, anna, marc, lena] = team_->members();
    anna.ok({"create-rotation", "R1"});
    anna.ok(leg_args("R1", "XQ100", "FRA", "MUC", "2026-04-01T06:00Z", "2026-04-01T07:00Z"));
    QCOMPARE(anna.stats()["pending_sync"].get<int>(), 2);
    QString out;
    QCOMPARE(anna.sync(base_url(server), &out), 0);
    QVERIFY2(out.contains("in sync"), qPrintable(out));
    QCOMPARE(anna.stats()["pending_sync"].get<int>(), 0);
    QCOMPARE(marc.sync(base_url(server)), 0);  // a new desktop catches up
    QCOMPARE(marc.events_dump(), anna.events_dump());
    QCOMPARE(marc.views_dump(), anna.views_dump());

    marc.ok({"retime-leg", "XQ100/FRA/2026-04-01", "--by", "15"});
    QCOMPARE(marc.sync(base_url(server)), 0);
    QCOMPARE(anna.sync(base_url(server)), 0);
    auto legs = anna.run({"legs", "--json"}).json();
    QCOMPARE(legs.size(), std::size_t(1));
    QCOMPARE(legs[0]["std"].get<std::string>(), std::string("2026-04-01T06:15Z"));
    QCOMPARE(anna.events_dump(), marc.events_dump());
    // The server recorded who did it: marc's event says marc.
    QVERIFY(anna.query("SELECT json_extract(metadata, '$.planner') FROM events WHERE type = 'LegRetimed'") ==
            QStringList{"marc"});
}

void SyncCli::offline_edits_are_decided_again_on_colleagues_changes() {
    auto [server, anna, marc, lena] = team_->members();
    both_hold_r1_with_xq100(anna, marc, server);
    if (QTest::currentTestFailed()) return;

    // Both offline, both add a leg to R1 (no overlap): the second to sync is
    // refused (409), replays its command on top of the first, and pushes again.
    anna.ok(leg_args("R1", "XQ101", "MUC", "FRA", "2026-04-01T08:00Z", "2026-04-01T09:00Z"));
    marc.ok(leg_args("R1", "XQ103", "FRA", "CDG", "2026-04-01T10:00Z", "2026-04-01T11:30Z"));
    QCOMPARE(anna.sync(base_url(server)), 0);
    QString out;
    QCOMPARE(marc.sync(base_url(server), &out), 0);
    QVERIFY2(out.contains("1 offline replay"), qPrintable(out));
    QCOMPARE(anna.sync(base_url(server)), 0);
    QCOMPARE(anna.events_dump(), marc.events_dump());
    QCOMPARE(anna.views_dump(), marc.views_dump());
    QCOMPARE(anna.run({"legs", "--rotation", "R1", "--json"}).json().size(), std::size_t(3));
    // marc's first attempt is kept, withdrawn, not lost.
    QCOMPARE(marc.query("SELECT count(*) FROM sync_withdrawn_events"), QStringList{"1"});
}

void SyncCli::a_change_that_no_longer_applies_is_a_conflict_until_dropped() {
    auto [server, anna, marc, lena] = team_->members();
    both_hold_r1_with_xq100(anna, marc, server);
    if (QTest::currentTestFailed()) return;

    marc.ok(leg_args("R1", "XQ101", "MUC", "FRA", "2026-04-01T07:40Z", "2026-04-01T08:40Z"));
    QCOMPARE(marc.sync(base_url(server)), 0);
    // anna, offline, stretches XQ100 into the slot marc just filled.
    anna.ok({"retime-leg", "XQ100/FRA/2026-04-01", "--sta", "2026-04-01T08:00Z"});
    QString out;
    QCOMPARE(anna.sync(base_url(server), &out), 3);
    QVERIFY2(out.contains("conflicts"), qPrintable(out));
    auto conflicts = anna.run({"conflicts", "--json"}).json();
    QCOMPARE(conflicts.size(), std::size_t(1));
    QCOMPARE(conflicts[0]["command"].get<std::string>(), std::string("RetimeLegs"));
    auto reason = QString::fromStdString(conflicts[0]["reason"].get<std::string>());
    QVERIFY2(reason.contains("XQ100") && reason.contains("XQ101"), qPrintable(reason));
    QCOMPARE(anna.stats()["sync_conflicts"].get<int>(), 1);
    // Not silently lost: the retime is still there, as a conflict, until anna drops it.
    QCOMPARE(anna.sync(base_url(server)), 3);
    auto id = QString::fromStdString(conflicts[0]["id"].get<std::string>());
    QCOMPARE(anna.run({"conflicts", "drop", "no-such-id"}).exit, 1);
    anna.ok({"conflicts", "drop", id});
    QCOMPARE(anna.sync(base_url(server)), 0);
    QCOMPARE(anna.events_dump(), marc.events_dump());
    QCOMPARE(anna.views_dump(), marc.views_dump());

    // Edit and retry: anna's new retime meets marc's, she moves his leg later and decides hers again.
    anna.ok({"retime-leg", "XQ100/FRA/2026-04-01", "--sta", "2026-04-01T07:30Z"});
    marc.ok({"retime-leg", "XQ101/MUC/2026-04-01", "--by", "-15"});
    QCOMPARE(marc.sync(base_url(server)), 0);
    QCOMPARE(anna.sync(base_url(server)), 3);
    id = QString::fromStdString(anna.run({"conflicts", "--json"}).json()[0]["id"].get<std::string>());
    QCOMPARE(anna.run({"conflicts", "retry", id}).exit, 1);  // still in the way
    anna.ok({"retime-leg", "XQ101/MUC/2026-04-01", "--by", "60"});
    anna.ok({"conflicts", "retry", id});
    QCOMPARE(anna.stats()["sync_conflicts"].get<int>(), 0);
    QCOMPARE(anna.sync(base_url(server)), 0);
    QCOMPARE(marc.sync(base_url(server)), 0);
    QCOMPARE(anna.events_dump(), marc.events_dump());
    QCOMPARE(anna.views_dump(), marc.views_dump());
    auto legs = marc.run({"legs", "--json"}).json();
    QCOMPARE(legs.size(), std::size_t(2));
    QCOMPARE(legs[0]["sta"].get<std::string>(), std::string("2026-04-01T07:30Z"));
}

void SyncCli::unreachable_server_and_refused_token_have_their_exit_statuses() {
    auto [server, anna, marc, lena] = team_->members();
    anna.ok({"create-rotation", "R1"});
    QString url = base_url(server);
    server.kill();
    QString out;
    QCOMPARE(anna.sync(url, &out), 4);
    QVERIFY2(out.contains("cannot reach"), qPrintable(out));
    QVERIFY2(!out.contains("pushed"), qPrintable(out));  // nothing was exchanged, and it does not say otherwise
    QCOMPARE(anna.stats()["pending_sync"].get<int>(), 1);  // kept

    QVERIFY2(server.start(), qPrintable(server.error()));
    if (QSslSocket::supportsSsl()) {
        // https:// for a server without TLS: unreachable, and the message says which URL it serves.
        QString https = QString("https://127.0.0.1:%1").arg(server.port());
        auto tls = anna.run({"sync", "--server", https, "--token", anna.token()});
        QCOMPARE(tls.exit, 4);
        QVERIFY2(tls.err.contains(QString("serves http://127.0.0.1:%1").arg(server.port())), qPrintable(tls.err));
    }
    auto env_run = anna.run({"sync", "--server", base_url(server), "--token", "t-nobody"});
    QCOMPARE(env_run.exit, 5);
    QVERIFY2(env_run.err.contains("token"), qPrintable(env_run.err));
    // A token of another planner: the first sync binds the schedule to marc, and
    // the change made as anna waits as a conflict (it must not hold back
    // marc's own changes), not pushed.
    auto other = anna.run({"sync", "--server", base_url(server), "--token", "t-marc"});
    QCOMPARE(other.exit, 3);
    QVERIFY2(other.err.contains("made as \"anna\""), qPrintable(other.err));
    QCOMPARE(anna.stats()["pending_sync"].get<int>(), 0);
    QCOMPARE(anna.stats()["sync_conflicts"].get<int>(), 1);
    // Now bound to marc, anna's token is refused whole (exit 5); her word takes it back, and the held change.
    QCOMPARE(anna.sync(base_url(server)), 5);
    auto adopted = anna.run({"sync", "--adopt"}, base_url(server));
    QVERIFY2(adopted.exit == 0, qPrintable(adopted.out + adopted.err));
    QCOMPARE(anna.stats()["pending_sync"].get<int>(), 0);
    QCOMPARE(anna.stats()["sync_conflicts"].get<int>(), 0);
    QCOMPARE(anna.run({"sync"}).exit, 2);  // no server named anywhere
}

void SyncCli::server_killed_during_pushes_loses_nothing_and_duplicates_nothing() {
    auto [server, anna, marc, lena] = team_->members();
    anna.ok({"create-rotation", "R1"});
    auto* rng = QRandomGenerator::global();
    int flight = 100;
    for (int round = 0; round < 4; ++round) {
        for (int i = 0; i < 12; ++i, ++flight) {
            QString day = QString("2026-04-%1").arg(1 + flight / 20, 2, 10, QChar('0'));
            int hour = flight % 20;
            anna.ok(leg_args("R1", QString("XQ%1").arg(flight), "FRA", "MUC", QString("%1T%2:00Z").arg(day).arg(hour, 2, 10, QChar('0')),
                             QString("%1T%2:50Z").arg(day).arg(hour, 2, 10, QChar('0'))));
        }
        // Push in the background and kill the server at a random moment of it.
        QProcess sync;
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert("ROTAPLAN_PLANNER", "anna");
        sync.setProcessEnvironment(env);
        sync.start(ROTAPLAN_CLI, {"--db", anna.db(), "sync", "--server", base_url(server), "--token", "t-anna"});
        QVERIFY(sync.waitForStarted());
        QThread::msleep(rng->bounded(5, 120));
        server.kill();
        QVERIFY(sync.waitForFinished(60000));
        QVERIFY2(sync.exitCode() == 0 || sync.exitCode() == 4, qPrintable(sync.readAllStandardError()));
        QVERIFY2(server.start(), qPrintable(server.error()));
    }
    QString out;
    QCOMPARE(anna.sync(base_url(server), &out), 0);
    QCOMPARE(anna.stats()["pending_sync"].get<int>(), 0);
    QCOMPARE(marc.sync(base_url(server)), 0);
    // Everything anna did is on the server once: marc holds exactly her events.
    QCOMPARE(marc.events_dump(), anna.events_dump());
    QCOMPARE(marc.run({"legs", "--json"}).json().size(), std::size_t(48));
    QCOMPARE(anna.query("SELECT count(*) FROM sync_withdrawn_events"), QStringList{"0"});
}

void SyncCli::a_line_cut_during_a_pull_changes_nothing_and_the_next_sync_completes() {
    auto [server, anna, marc, lena] = team_->members();
    anna.ok({"create-rotation", "R1"});
    for (int i = 0; i < 30; ++i)
        anna.ok(leg_args("R1", QString("XQ%1").arg(100 + i), "FRA", "MUC", QString("2026-04-%1T06:00Z").arg(i + 1, 2, 10, QChar('0')),
                         QString("2026-04-%1T07:00Z").arg(i + 1, 2, 10, QChar('0'))));
    QCOMPARE(anna.sync(base_url(server)), 0);

    marc.ok({"create-rotation", "M1"});  // marc has something pending too
    // The session answer and the push pass; the pull's answer is cut in the middle.
    CutProxy proxy(server.port(), 6000);
    QString out;
    QCOMPARE(marc.sync(QString("http://127.0.0.1:%1").arg(proxy.port()), &out), 4);
    QVERIFY(proxy.cut());
    QVERIFY2(out.contains("cannot reach"), qPrintable(out));
    auto half = marc.stats();
    QVERIFY2(half["legs"].get<int>() == 0 || half["legs"].get<int>() == 30, half.dump().c_str());
    QCOMPARE(marc.sync(base_url(server)), 0);
    QCOMPARE(anna.sync(base_url(server)), 0);
    QCOMPARE(marc.events_dump(), anna.events_dump());
    QCOMPARE(marc.views_dump(), anna.views_dump());
}

void SyncCli::a_desktop_offline_for_long_catches_up_and_replays() {
    auto [server, anna, marc, lena] = team_->members();
    anna.ok({"create-rotation", "R1"});
    QCOMPARE(anna.sync(base_url(server)), 0);
    QCOMPARE(lena.sync(base_url(server)), 0);
    // lena goes away for a while: a hundred changes of hers, two hundred of anna's meanwhile.
    lena.ok({"create-rotation", "L1"});
    for (int i = 0; i < 60; ++i)
        lena.ok(leg_args(i % 2 ? "L1" : "R1", QString("LH%1").arg(1000 + i), "MUC", "FRA",
                         QString("2026-05-%1T%2:00Z").arg(1 + i / 4, 2, 10, QChar('0')).arg(12 + (i % 4) * 2),
                         QString("2026-05-%1T%2:30Z").arg(1 + i / 4, 2, 10, QChar('0')).arg(12 + (i % 4) * 2)));
    for (int i = 0; i < 120; ++i)
        anna.ok(leg_args("R1", QString("XQ%1").arg(100 + i), "FRA", "MUC",
                         QString("2026-05-%1T%2:00Z").arg(1 + i / 5, 2, 10, QChar('0')).arg(i % 5, 2, 10, QChar('0')),
                         QString("2026-05-%1T%2:40Z").arg(1 + i / 5, 2, 10, QChar('0')).arg(i % 5, 2, 10, QChar('0'))));
    QCOMPARE(anna.sync(base_url(server)), 0);
    QString out;
    QCOMPARE(lena.sync(base_url(server), &out), 0);
    QVERIFY2(out.contains("offline replay"), qPrintable(out));
    QCOMPARE(anna.sync(base_url(server)), 0);
    QCOMPARE(lena.events_dump(), anna.events_dump());
    QCOMPARE(lena.views_dump(), anna.views_dump());
    QCOMPARE(anna.stats()["legs"].get<int>(), 180);
}

void SyncCli::three_desktops_converge_after_random_offline_edits() {
    auto [server, anna, marc, lena] = team_->members();
    QString url = base_url(server);
    std::vector<Desktop> desks{team_->anna, team_->marc, team_->lena};
    desks[0].ok({"create-rotation", "S1"});
    desks[0].ok({"create-rotation", "S2"});
    desks[0].ok({"add-airplane", "D-ABCA", "--type", "320", "--mgt", "30"});
    for (auto& d : desks) QCOMPARE(d.sync(url), 0);

    QRandomGenerator rng(20261126);
    const QStringList airports{"FRA", "MUC", "CDG"};
    for (int step = 0; step < 45; ++step) {
        int who = int(rng.bounded(3));
        Desktop& d = desks[std::size_t(who)];
        int op = int(rng.bounded(6));
        if (op <= 1) {  // a new leg in a shared rotation, or outside any
            int n = 1000 * (who + 1) + step;
            int day = 1 + int(rng.bounded(3)), hour = int(rng.bounded(20));
            QString rot = op == 0 ? (rng.bounded(2) ? "S1" : "S2") : "-";
            d.run(leg_args(rot, QString("XQ%1").arg(n), airports[int(rng.bounded(3))], airports[int(rng.bounded(3))],
                           QString("2026-06-%1T%2:00Z").arg(day, 2, 10, QChar('0')).arg(hour, 2, 10, QChar('0')),
                           QString("2026-06-%1T%2:45Z").arg(day, 2, 10, QChar('0')).arg(hour, 2, 10, QChar('0'))));
        } else if (op <= 3) {  // move or retime a leg this desktop knows
            auto legs = d.run({"legs", "--json"}).json();
            if (legs.empty()) continue;
            auto leg = QString::fromStdString(legs[rng.bounded(int(legs.size()))]["designator"].get<std::string>());
            if (op == 2) d.run({"move-leg", leg, QStringList{"S1", "S2", "-"}[int(rng.bounded(3))]});
            else d.run({"retime-leg", leg, "--by", QString::number(int(rng.bounded(121)) - 60)});
        } else if (op == 4) {
            d.run({"assign", "D-ABCA", rng.bounded(2) ? "S1" : "S2"});
        } else {
            int e = d.sync(url);
            QVERIFY2(e == 0 || e == 3, qPrintable(QString("sync exit %1").arg(e)));
        }
    }
    // Everyone syncs until settled; conflicts are the planners' to drop.
    for (int round = 0; round < 3; ++round)
        for (auto& d : desks) {
            d.ok({"conflicts", "drop", "--all"});
            int e = d.sync(url);
            QVERIFY2(e == 0 || e == 3, qPrintable(QString("sync exit %1").arg(e)));
        }
    for (auto& d : desks) QCOMPARE(d.sync(url), 0);
    for (auto& d : desks) QCOMPARE(d.stats()["pending_sync"].get<int>(), 0);
    QCOMPARE(desks[1].events_dump(), desks[0].events_dump());
    QCOMPARE(desks[2].events_dump(), desks[0].events_dump());
    QCOMPARE(desks[1].views_dump(), desks[0].views_dump());
    QCOMPARE(desks[2].views_dump(), desks[0].views_dump());
    // A fourth desktop, empty, catches up the whole history and sees the same.
    Desktop late(team_->dir.path(), "anna-laptop");
    auto env_sync = late.run({"sync", "--server", url, "--token", "t-anna"});
    QCOMPARE(env_sync.exit, 0);
    QCOMPARE(late.events_dump(), desks[0].events_dump());
    QCOMPARE(late.views_dump(), desks[0].views_dump());
}

QTEST_GUILESS_MAIN(SyncCli)
#include "tst_sync_cli.moc"
