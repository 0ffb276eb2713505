// The first sync of work done offline, through the real rotaplan-server and
// the real rotaplan-cli: a schedule's planner is provisional until its first
// sync binds it to the token's planner (storage/sync/replica.h, "Identity").
//
//   newcomer (name left at its default) --import, sync with tok-a--> everything pushed as alice
//   two desktops at the same default name, tokens of two planners --> each bound to its own
//   bound to alice, synced with bob's token --> refused (exit 5), says what to do; still pulls
//   changes made under a name the planner gave, another planner's token --> conflicts (drop, retry, --adopt); the rest pushed
#include <QTemporaryDir>
#include <QtTest>

#include "sync_support.h"

using namespace rotaplan::testing;

namespace {

ServerProcessOptions alice_and_bob() {
    ServerProcessOptions o;
    o.tokens = "# a newcomer's tokens file\ntok-a alice Alice Martin\ntok-b bob Bob Kowalski\n";
    return o;
}

QStringList metadata_planners(const Desktop& d) {
    return d.query("SELECT DISTINCT json_extract(metadata, '$.planner') || '/' || "
                   "coalesce(json_extract(metadata, '$.local_planner'), '') FROM events ORDER BY 1");
}

}  // namespace

class SyncIdentity : public QObject {
    Q_OBJECT

private slots:
    void a_season_imported_before_the_first_sync_is_pushed_as_the_tokens_planner();
    void two_desktops_left_at_the_same_default_name_each_bind_to_their_own_planner();
    void once_bound_another_planners_token_is_refused_and_says_what_to_do();
    void changes_under_another_name_the_planner_gave_are_held_as_conflicts_and_the_rest_is_pushed();
    void a_change_held_for_its_name_can_be_dropped();
};

void SyncIdentity::a_season_imported_before_the_first_sync_is_pushed_as_the_tokens_planner() {
    QTemporaryDir dir;
    ServerProcess server(alice_and_bob());
    QVERIFY2(server.start(), qPrintable(server.error()));
    auto newcomer = Desktop::with_default_name(dir.path(), "newcomer", "tok-a");
    QString season = dir.filePath("season");
    newcomer.ok({"generate-schedule", season, "--airplanes", "3"});
    newcomer.ok({"import-airplanes", season + "/airplanes.csv"});
    newcomer.ok({"import-airports", season + "/airports.csv"});
    newcomer.ok({"import-ssim", season + "/season.ssim", "--rotations", season + "/rotations.csv"});
    newcomer.ok({"create-rotation", "SPARE"});
    auto before = newcomer.stats();
    QVERIFY(before["pending_sync"].get<int>() >= 2);
    QVERIFY(before["planner"].is_null());  // provisional
    QCOMPARE(metadata_planners(newcomer), QStringList{"planner/"});
    auto events = newcomer.query("SELECT count(*) FROM events").front().toInt();

    CliRun first = newcomer.run({"sync", "--server", base_url(server), "--token", "tok-a"});
    QVERIFY2(first.exit == 0, qPrintable(first.out + first.err));
    QVERIFY2(first.out.contains("now alice's"), qPrintable(first.out));
    auto after = newcomer.stats();
    QCOMPARE(after["pending_sync"].get<int>(), 0);
    QCOMPARE(after["planner"].get<std::string>(), std::string("alice"));
    QCOMPARE(newcomer.query("SELECT count(*) FROM events").front().toInt(), events);  // the same events, re-signed
    QCOMPARE(after["legs"].get<int>(), before["legs"].get<int>());
    // Pushed as alice; the name the work was made under stays in its history.
    QCOMPARE(metadata_planners(newcomer), QStringList{"alice/planner"});
    // The events as first made are kept, set aside like a replay's.
    QCOMPARE(newcomer.query("SELECT count(*) FROM sync_withdrawn_events"), QStringList{QString::number(events)});

    // A colleague's new desktop holds the very same bytes.
    auto colleague = Desktop::with_default_name(dir.path(), "colleague", "tok-b");
    QCOMPARE(colleague.sync(base_url(server)), 0);
    QCOMPARE(colleague.events_dump(), newcomer.events_dump());
    QCOMPARE(colleague.views_dump(), newcomer.views_dump());
    QCOMPARE(colleague.stats()["planner"].get<std::string>(), std::string("bob"));

    // Later changes of the bound schedule go under alice, whatever the login says.
    newcomer.ok({"rename-rotation", "SPARE", "SPARE1"});
    QCOMPARE(newcomer.sync(base_url(server)), 0);
    QCOMPARE(colleague.sync(base_url(server)), 0);
    QCOMPARE(colleague.query("SELECT json_extract(metadata, '$.planner') FROM events WHERE type = 'RotationRenamed'"),
             QStringList{"alice"});
    QCOMPARE(colleague.events_dump(), newcomer.events_dump());
}

void SyncIdentity::two_desktops_left_at_the_same_default_name_each_bind_to_their_own_planner() {
    QTemporaryDir dir;
    ServerProcess server(alice_and_bob());
    QVERIFY2(server.start(), qPrintable(server.error()));
    auto a = Desktop::with_default_name(dir.path(), "desk-a", "tok-a");
    auto b = Desktop::with_default_name(dir.path(), "desk-b", "tok-b");
    a.ok({"create-rotation", "A1"});
    b.ok({"create-rotation", "B1"});
    b.ok({"add-leg", "B1", "--flight", "XQ200", "--dep", "FRA", "--arr", "MUC", "--std", "2026-04-01T06:00Z", "--sta",
          "2026-04-01T07:00Z"});
    QCOMPARE(metadata_planners(a), QStringList{"planner/"});
    QCOMPARE(metadata_planners(b), QStringList{"planner/"});
    QCOMPARE(a.sync(base_url(server)), 0);
    QCOMPARE(b.sync(base_url(server)), 0);
    QCOMPARE(a.sync(base_url(server)), 0);
    QCOMPARE(a.stats()["planner"].get<std::string>(), std::string("alice"));
    QCOMPARE(b.stats()["planner"].get<std::string>(), std::string("bob"));
    QCOMPARE(a.events_dump(), b.events_dump());
    QCOMPARE(a.views_dump(), b.views_dump());
    QCOMPARE(a.query("SELECT json_extract(metadata, '$.planner') FROM events WHERE type = 'RotationCreated' "
                     "ORDER BY json_extract(payload, '$.name')"),
             (QStringList{"alice", "bob"}));
    QCOMPARE(metadata_planners(a), (QStringList{"alice/planner", "bob/planner"}));
}

void SyncIdentity::once_bound_another_planners_token_is_refused_and_says_what_to_do() {
    QTemporaryDir dir;
    ServerProcess server(alice_and_bob());
    QVERIFY2(server.start(), qPrintable(server.error()));
    auto a = Desktop::with_default_name(dir.path(), "desk-a", "tok-a");
    auto b = Desktop::with_default_name(dir.path(), "desk-b", "tok-b");
    a.ok({"create-rotation", "A1"});
    QCOMPARE(a.sync(base_url(server)), 0);
    QCOMPARE(b.sync(base_url(server)), 0);
    b.ok({"create-rotation", "B1"});
    QCOMPARE(b.sync(base_url(server)), 0);

    // alice's schedule, offline work, then bob's token by mistake.
    a.ok({"rename-rotation", "A1", "A1 early"});
    CliRun wrong = a.run({"sync", "--server", base_url(server), "--token", "tok-b"});
    QCOMPARE(wrong.exit, 5);
    QVERIFY2(wrong.err.contains("bound to planner \"alice\"") && wrong.err.contains("\"bob\"") &&
                 wrong.err.contains("alice's token") && wrong.err.contains("--adopt"),
             qPrintable(wrong.err));
    QCOMPARE(a.stats()["pending_sync"].get<int>(), 1);
    QCOMPARE(a.stats()["planner"].get<std::string>(), std::string("alice"));
    // Refused to push, not to pull: bob's B1 came in.
    QVERIFY(a.run({"rotations", "--json"}).out.contains("B1"));
    QCOMPARE(b.sync(base_url(server)), 0);
    QVERIFY(!b.run({"rotations", "--json"}).out.contains("A1 early"));

    // The right token pushes it.
    QCOMPARE(a.sync(base_url(server)), 0);
    QCOMPARE(b.sync(base_url(server)), 0);
    QCOMPARE(a.events_dump(), b.events_dump());

    // The planner says the schedule is bob's now: --adopt rebinds it and re-signs what is pending.
    a.ok({"rename-rotation", "A1 early", "A1 late"});
    CliRun adopted = a.run({"sync", "--server", base_url(server), "--token", "tok-b", "--adopt"});
    QVERIFY2(adopted.exit == 0, qPrintable(adopted.out + adopted.err));
    QCOMPARE(a.stats()["planner"].get<std::string>(), std::string("bob"));
    QCOMPARE(b.sync(base_url(server)), 0);
    QCOMPARE(a.events_dump(), b.events_dump());
    QCOMPARE(b.query("SELECT json_extract(metadata, '$.planner') FROM events WHERE type = 'RotationRenamed' "
                     "AND json_extract(payload, '$.name') = 'A1 late'"),
             QStringList{"bob"});
}

// A change made under another name the planner gave used to hold
// back every change made under the token's own name, and `conflicts` listed
// none. The store is bound to the token's planner; the change made as "root"
// is a conflict, what depends on it is held behind it, the rest is pushed.
void SyncIdentity::changes_under_another_name_the_planner_gave_are_held_as_conflicts_and_the_rest_is_pushed() {
    QTemporaryDir dir;
    ServerProcess server(alice_and_bob());
    QVERIFY2(server.start(), qPrintable(server.error()));
    auto bob = Desktop::with_default_name(dir.path(), "bob", "tok-b");
    bob.ok({"create-rotation", "B1"});
    QCOMPARE(bob.sync(base_url(server)), 0);

    auto p2 = Desktop::with_default_name(dir.path(), "p2", "tok-a");
    p2.ok({"--planner", "root", "create-rotation", "RM1"});
    p2.ok({"--planner", "alice", "create-rotation", "RM2"});
    p2.ok({"--planner", "alice", "add-leg", "RM1", "--flight", "XQ100", "--dep", "FRA", "--arr", "MUC", "--std",
           "2026-04-01T06:00Z", "--sta", "2026-04-01T07:00Z"});
    p2.ok({"--planner", "alice", "add-leg", "RM2", "--flight", "XQ200", "--dep", "FRA", "--arr", "CDG", "--std",
           "2026-04-01T08:00Z", "--sta", "2026-04-01T09:30Z"});
    CliRun first = p2.run({"sync"}, base_url(server));
    QVERIFY2(first.exit == 3, qPrintable(first.out + first.err));
    QVERIFY2(first.err.contains("made as \"root\"") && first.err.contains("alice's") && first.err.contains("--adopt") &&
                 first.err.contains("held behind"),
             qPrintable(first.err));
    auto stats = p2.stats();
    QCOMPARE(stats["planner"].get<std::string>(), std::string("alice"));
    QCOMPARE(stats["pending_sync"].get<int>(), 0);
    auto conflicts = p2.run({"conflicts", "--json"}).json();
    QCOMPARE(conflicts.size(), std::size_t(2));
    QCOMPARE(conflicts[0]["command"].get<std::string>(), std::string("CreateRotation"));
    QVERIFY2(conflicts[0]["reason"].get<std::string>().rfind("made as \"root\"; this schedule is alice's", 0) == 0,
             conflicts.dump().c_str());
    QCOMPARE(conflicts[1]["command"].get<std::string>(), std::string("AddLegs"));
    QVERIFY2(conflicts[1]["reason"].get<std::string>().rfind("held behind", 0) == 0, conflicts.dump().c_str());
    // The pull worked, and what was made as alice reached the colleague.
    QCOMPARE(p2.run({"legs", "--rotation", "B1", "--json"}).exit, 0);
    QCOMPARE(bob.sync(base_url(server)), 0);
    QCOMPARE(bob.run({"legs", "--rotation", "RM2", "--json"}).json().size(), std::size_t(1));
    QVERIFY(bob.run({"legs", "--rotation", "RM1", "--json"}).exit != 0);  // no such rotation there

    // The planner's word records them as alice's, in their order.
    CliRun adopted = p2.run({"sync", "--adopt"}, base_url(server));
    QVERIFY2(adopted.exit == 0, qPrintable(adopted.out + adopted.err));
    QCOMPARE(p2.run({"conflicts", "--json"}).json().size(), std::size_t(0));
    QCOMPARE(bob.sync(base_url(server)), 0);
    QCOMPARE(bob.run({"legs", "--rotation", "RM1", "--json"}).json().size(), std::size_t(1));
    QCOMPARE(bob.query("SELECT json_extract(metadata, '$.planner') || '/' || json_extract(metadata, '$.local_planner') "
                       "FROM events WHERE type = 'RotationCreated' AND json_extract(payload, '$.name') = 'RM1'"),
             QStringList{"alice/root"});
    QCOMPARE(bob.events_dump(), p2.events_dump());
}

// The same held change, dropped: nothing of it reaches the log.
void SyncIdentity::a_change_held_for_its_name_can_be_dropped() {
    QTemporaryDir dir;
    ServerProcessOptions options;
    options.tokens = planner_tokens();
    ServerProcess server(options);
    QVERIFY2(server.start(), qPrintable(server.error()));
    Desktop anna(dir.path(), "anna"), marc(dir.path(), "marc");
    anna.ok({"create-rotation", "R1"});
    CliRun held = anna.run({"sync", "--server", base_url(server), "--token", "t-marc"});
    QCOMPARE(held.exit, 3);
    QVERIFY2(held.err.contains("made as \"anna\"") && held.err.contains("--adopt"), qPrintable(held.err));
    auto conflicts = anna.run({"conflicts", "--json"}).json();
    QCOMPARE(conflicts.size(), std::size_t(1));
    anna.ok({"conflicts", "drop", QString::fromStdString(conflicts[0]["id"].get<std::string>())});
    QCOMPARE(anna.run({"sync", "--server", base_url(server), "--token", "t-marc"}).exit, 0);
    QCOMPARE(marc.sync(base_url(server)), 0);
    QCOMPARE(marc.stats()["rotations"].get<int>(), 0);
    QCOMPARE(anna.stats()["rotations"].get<int>(), 0);
}

QTEST_GUILESS_MAIN(SyncIdentity)
#include "tst_sync_identity.moc"
