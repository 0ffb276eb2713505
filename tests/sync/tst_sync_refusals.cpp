// What a desktop must survive, through the real rotaplan-server and the real
// rotaplan-cli; ContractProxy (contract_proxy.h) stands in for what this
// build's server never answers: the refusals of docs/sync-protocol.md (400,
// 403 and 409 naming events), an older server's refusal naming none, and
// events an older or newer server let into the shared log.
//
//   a push the server refuses   -> its commands become conflicts; the rest is pushed, colleagues' pulled
//   a reused event id (409)     -> a conflict, never "stored"
//   a rotation name taken first -> the later creation is a conflict: retry it under another name
//   an event that cannot be read -> kept aside with its stream's later events, listed; sync goes on
#include <QTemporaryDir>
#include <QUuid>
#include <QtTest>

#include "contract_proxy.h"
#include "team.h"

using namespace rotaplan::testing;
using nlohmann::json;

namespace {

// The event ids of `d`'s pending events, in the order they were decided.
QStringList pending_event_ids(const Desktop& d) {
    return d.query("SELECT e.event_id FROM sync_pending_events p JOIN events e ON e.position = p.position ORDER BY e.position");
}

QString event_of(const Desktop& d, const QString& type, const QString& name) {
    auto ids = d.query(qPrintable(QString("SELECT event_id FROM events WHERE type = '%1' AND json_extract(payload, "
                                          "'$.name') = '%2'")
                                      .arg(type, name)));
    return ids.isEmpty() ? QString() : ids.front();
}

// The push holds this event id.
bool holds(const QByteArray& push, const QString& event_id) {
    return !event_id.isEmpty() && push.contains(("\"event_id\":\"" + event_id + "\"").toUtf8());
}

// The index in a push of the event with this id.
int index_of(const QByteArray& push, const QString& event_id) {
    auto events = json::parse(push.toStdString())["events"];
    for (std::size_t i = 0; i < events.size(); ++i)
        if (QString::fromStdString(events[i]["event_id"].get<std::string>()) == event_id) return int(i);
    return -1;
}

json conflicts_of(const Desktop& d) { return d.run({"conflicts", "--json"}).json(); }

json changes_only(const json& all) {
    json out = json::array();
    for (const auto& c : all)
        if (c["kind"] == "change") out.push_back(c);
    return out;
}

}  // namespace

class SyncRefusals : public QObject {
    Q_OBJECT
    TeamFixture team_;

private slots:
    void init() { QVERIFY2(team_.begin(), qPrintable(team_.error())); }
    void cleanup() { team_.end(); }
    void a_refused_push_becomes_a_conflict_and_everything_else_keeps_flowing();
    void an_older_servers_refusal_that_names_no_event_is_narrowed_down();
    void a_reused_event_id_is_a_conflict_not_a_success();
    void a_rotation_name_a_colleague_took_first_makes_the_later_creation_a_conflict();
    void a_name_given_twice_at_the_same_instant_is_refused_by_the_server();
    void a_name_held_twice_from_an_older_server_is_never_picked_silently();
    void events_this_rotaplan_cannot_read_are_kept_aside_and_sync_goes_on();
};

void SyncRefusals::a_refused_push_becomes_a_conflict_and_everything_else_keeps_flowing() {
    auto [server, anna, marc, lena] = team_->members();
    anna.ok({"create-rotation", "R1"});
    QCOMPARE(anna.sync(team_->url()), 0);
    QCOMPARE(marc.sync(team_->url()), 0);

    // anna, offline: three changes; the server will refuse the first one's event (403, as documented).
    anna.ok({"create-rotation", "R2"});
    QString refused_id = pending_event_ids(anna).front();
    anna.ok(leg_args("R1", "XQ100", "FRA", "MUC", "2026-04-01T06:00Z", "2026-04-01T07:00Z"));
    anna.ok({"rename-rotation", "R1", "R1 early"});
    marc.ok({"create-rotation", "M1"});
    QCOMPARE(marc.sync(team_->url()), 0);

    ContractProxy proxy(server.port());
    proxy.on_push([&](const QByteArray& body) -> std::optional<ProxyAnswer> {
        if (!holds(body, refused_id)) return std::nullopt;
        int i = index_of(body, refused_id);
        json answer{{"error", "events[" + std::to_string(i) + "] claims planner \"root\", but the token belongs to "
                                                               "planner \"anna\"; nothing was stored"},
                    {"rejected",
                     {{{"index", i}, {"event_id", refused_id.toStdString()}, {"field", "metadata.planner"},
                       {"reason", "claims planner \"root\""}}}},
                    {"planner", "anna"}};
        return ProxyAnswer{403, QByteArray::fromStdString(answer.dump())};
    });
    QString out;
    QCOMPARE(anna.sync(proxy.url(), &out), 3);
    QVERIFY2(out.contains("refused 1 change"), qPrintable(out));
    QCOMPARE(anna.stats()["pending_sync"].get<int>(), 0);  // the others went through
    auto conflicts = conflicts_of(anna);
    QCOMPARE(conflicts.size(), std::size_t(1));
    QCOMPARE(conflicts[0]["command"].get<std::string>(), std::string("CreateRotation"));
    auto reason = QString::fromStdString(conflicts[0]["reason"].get<std::string>());
    QVERIFY2(reason.contains("403") && reason.contains("metadata.planner") && reason.contains("root"), qPrintable(reason));
    // Colleagues' changes came in, and what anna pushed reached them.
    QVERIFY(anna.run({"rotations", "--json"}).out.contains("M1"));
    QVERIFY(!anna.run({"rotations", "--json"}).out.contains("\"R2\""));
    QCOMPARE(marc.sync(team_->url()), 0);
    QCOMPARE(marc.run({"legs", "--rotation", "R1 early", "--json"}).json().size(), std::size_t(1));
    QCOMPARE(marc.events_dump(), anna.events_dump());

    // Not resent for ever: the next sync is clean. Retry decides it again (new event ids) and it goes.
    QCOMPARE(anna.sync(proxy.url()), 3);
    QCOMPARE(proxy.answered(), 1);
    anna.ok({"conflicts", "retry", QString::fromStdString(conflicts[0]["id"].get<std::string>())});
    QCOMPARE(anna.sync(proxy.url()), 0);
    QCOMPARE(marc.sync(team_->url()), 0);
    QVERIFY(marc.run({"rotations", "--json"}).out.contains("\"R2\""));
    QCOMPARE(marc.events_dump(), anna.events_dump());
    QCOMPARE(marc.views_dump(), anna.views_dump());
}

void SyncRefusals::an_older_servers_refusal_that_names_no_event_is_narrowed_down() {
    auto [server, anna, marc, lena] = team_->members();
    for (int i = 0; i < 7; ++i) anna.ok({"create-rotation", QString("R%1").arg(i)});
    QString refused_id = pending_event_ids(anna)[4];
    ContractProxy proxy(server.port());
    proxy.on_push([&](const QByteArray& body) -> std::optional<ProxyAnswer> {
        if (!holds(body, refused_id)) return std::nullopt;
        return ProxyAnswer{400, R"({"error": "events[?]: something this server does not take"})"};
    });
    QString out;
    QCOMPARE(anna.sync(proxy.url(), &out), 3);
    QVERIFY2(proxy.answered() >= 2, qPrintable(out));  // halved until the one command was alone
    auto conflicts = changes_only(conflicts_of(anna));
    QCOMPARE(conflicts.size(), std::size_t(1));
    QVERIFY(conflicts[0]["details"].dump().find("\"R4\"") != std::string::npos);
    QVERIFY(conflicts[0]["reason"].get<std::string>().find("does not take") != std::string::npos);
    QCOMPARE(anna.stats()["pending_sync"].get<int>(), 0);
    QCOMPARE(marc.sync(team_->url()), 0);
    QCOMPARE(marc.stats()["rotations"].get<int>(), 6);
}

void SyncRefusals::a_reused_event_id_is_a_conflict_not_a_success() {
    auto [server, anna, marc, lena] = team_->members();
    anna.ok({"create-rotation", "R1"});
    anna.ok({"create-rotation", "R2"});
    QString reused = pending_event_ids(anna)[1];
    ContractProxy proxy(server.port());
    proxy.on_push([&](const QByteArray& body) -> std::optional<ProxyAnswer> {
        if (!holds(body, reused)) return std::nullopt;
        json answer{{"error", "event " + reused.toStdString() + " is in the log already with another payload"},
                    {"reused", {{{"event_id", reused.toStdString()}, {"position", 1}}}},
                    {"conflicts", json::array()},
                    {"head", 1}};
        return ProxyAnswer{409, QByteArray::fromStdString(answer.dump())};
    });
    QCOMPARE(anna.sync(proxy.url()), 3);
    auto conflicts = changes_only(conflicts_of(anna));
    QCOMPARE(conflicts.size(), std::size_t(1));
    auto reason = QString::fromStdString(conflicts[0]["reason"].get<std::string>());
    QVERIFY2(reason.contains("another event under its event id " + reused), qPrintable(reason));
    QCOMPARE(anna.stats()["pending_sync"].get<int>(), 0);
    anna.ok({"conflicts", "retry", QString::fromStdString(conflicts[0]["id"].get<std::string>())});
    QCOMPARE(anna.sync(proxy.url()), 0);
    QCOMPARE(marc.sync(team_->url()), 0);
    QCOMPARE(marc.stats()["rotations"].get<int>(), 2);
    QCOMPARE(marc.events_dump(), anna.events_dump());
}

void SyncRefusals::a_rotation_name_a_colleague_took_first_makes_the_later_creation_a_conflict() {
    auto [server, anna, marc, lena] = team_->members();
    // Both offline: two new rotations named RDUP, on two streams.
    anna.ok({"create-rotation", "RDUP"});
    marc.ok({"create-rotation", "RDUP"});
    marc.ok(leg_args("RDUP", "XQ500", "FRA", "CDG", "2026-04-02T06:00Z", "2026-04-02T07:30Z"));
    QCOMPARE(anna.sync(team_->url()), 0);
    QString out;
    QCOMPARE(marc.sync(team_->url(), &out), 3);
    auto conflicts = changes_only(conflicts_of(marc));
    QCOMPARE(conflicts.size(), std::size_t(2));  // the creation, and the leg added to it
    QCOMPARE(conflicts[0]["command"].get<std::string>(), std::string("CreateRotation"));
    QVERIFY2(conflicts[0]["reason"].get<std::string>().find("a rotation named RDUP already exists") != std::string::npos,
             conflicts[0].dump().c_str());
    QCOMPARE(conflicts[1]["command"].get<std::string>(), std::string("AddLegs"));
    // The shared log holds one RDUP; so does validate.
    QCOMPARE(marc.stats()["rotations"].get<int>(), 1);
    QCOMPARE(anna.sync(team_->url()), 0);
    QCOMPARE(anna.events_dump(), marc.events_dump());

    // Renaming a change that has no name is a usage error; the creation is retried as RDUP-M.
    auto creation = QString::fromStdString(conflicts[0]["id"].get<std::string>());
    auto leg = QString::fromStdString(conflicts[1]["id"].get<std::string>());
    QCOMPARE(marc.run({"conflicts", "retry", leg, "--name", "X"}).exit, 2);
    QCOMPARE(marc.run({"conflicts", "retry", creation, "--name", "RDUP"}).exit, 1);  // still taken
    marc.ok({"conflicts", "retry", creation, "--name", "RDUP-M"});
    marc.ok({"conflicts", "retry", leg});
    QCOMPARE(marc.sync(team_->url()), 0);
    QCOMPARE(anna.sync(team_->url()), 0);
    QCOMPARE(anna.events_dump(), marc.events_dump());
    QCOMPARE(anna.views_dump(), marc.views_dump());
    QCOMPARE(anna.run({"legs", "--rotation", "RDUP-M", "--json"}).json().size(), std::size_t(1));
    QCOMPARE(anna.run({"legs", "--rotation", "RDUP", "--json"}).json().size(), std::size_t(0));

    // A rename to a name taken meanwhile meets the same way.
    anna.ok({"rename-rotation", "RDUP", "RX"});
    marc.ok({"rename-rotation", "RDUP-M", "RX"});
    QCOMPARE(anna.sync(team_->url()), 0);
    QCOMPARE(marc.sync(team_->url()), 3);
    QCOMPARE(changes_only(conflicts_of(marc))[0]["command"].get<std::string>(), std::string("RenameRotation"));
}

// Two planners who sync at the same instant both pull before either pushed
// (each judging the name alone, 3 of 8 tries put RDUP twice in the log). The server keeps
// the log's rotation names and refuses the later creation (409 "taken"): it
// becomes a conflict, retried under another name.
void SyncRefusals::a_name_given_twice_at_the_same_instant_is_refused_by_the_server() {
    auto [server, anna, marc, lena] = team_->members();
    anna.ok({"create-rotation", "RDUP"});
    marc.ok({"create-rotation", "RDUP"});
    marc.ok(leg_args("RDUP", "XQ500", "FRA", "CDG", "2026-04-02T06:00Z", "2026-04-02T07:30Z"));
    QCOMPARE(anna.sync(team_->url()), 0);
    // marc's pull does not see anna's push yet: it was answered just before it.
    ContractProxy before_anna(server.port());
    std::atomic<int> pulls{0};
    before_anna.on_pull([&pulls](const QByteArray& body) {
        if (pulls++ > 0) return body;  // the pull after the push sees the log as it is
        auto j = json::parse(body.toStdString());
        if (!j["events"].empty()) j["next"] = j["events"][0]["position"].get<std::int64_t>() - 1;
        j["events"] = json::array();
        j["head"] = j["next"];
        return QByteArray::fromStdString(j.dump());
    });
    QString out;
    QCOMPARE(marc.sync(before_anna.url(), &out), 3);
    auto conflicts = changes_only(conflicts_of(marc));
    QCOMPARE(conflicts.size(), std::size_t(2));  // the creation, and the leg added to it
    QCOMPARE(conflicts[0]["command"].get<std::string>(), std::string("CreateRotation"));
    QVERIFY2(conflicts[0]["reason"].get<std::string>().find("a rotation named RDUP already exists in the shared log") !=
                 std::string::npos,
             conflicts[0].dump().c_str());
    QCOMPARE(conflicts[1]["command"].get<std::string>(), std::string("AddLegs"));
    // A fresh desktop pulls one RDUP, and validate finds nothing.
    CliRun fresh_sync = lena.run({"sync"}, team_->url());
    QCOMPARE(fresh_sync.exit, 0);
    QCOMPARE(lena.run({"rotations", "--json"}).json().size(), std::size_t(1));
    QCOMPARE(lena.run({"validate"}).exit, 0);

    auto creation = QString::fromStdString(conflicts[0]["id"].get<std::string>());
    auto leg = QString::fromStdString(conflicts[1]["id"].get<std::string>());
    marc.ok({"conflicts", "retry", creation, "--name", "RDUP-M"});
    marc.ok({"conflicts", "retry", leg});
    QCOMPARE(marc.sync(team_->url()), 0);
    QCOMPARE(anna.sync(team_->url()), 0);
    QCOMPARE(lena.sync(team_->url()), 0);
    QCOMPARE(anna.events_dump(), marc.events_dump());
    QCOMPARE(lena.events_dump(), marc.events_dump());
    QCOMPARE(lena.run({"legs", "--rotation", "RDUP-M", "--json"}).json().size(), std::size_t(1));

}

// A store made before the fix, or fed by an older server, may hold a name
// twice: nothing picks one of them in the planner's place, and validate lists it.
void SyncRefusals::a_name_held_twice_from_an_older_server_is_never_picked_silently() {
    auto [server, anna, marc, lena] = team_->members();
    anna.ok({"create-rotation", "RDUP"});
    QCOMPARE(anna.sync(team_->url()), 0);
    // An older server let a second RDUP in: the pull answer carries one more creation.
    ContractProxy older(server.port());
    older.on_pull([](const QByteArray& body) {
        auto j = json::parse(body.toStdString());
        if (j["events"].empty()) return body;
        json e = j["events"][0];
        auto rotation = QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString();
        e["event_id"] = QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString();
        e["stream"] = "rotation-" + rotation;
        e["payload"] = json{{"rotation", rotation}, {"name", "RDUP"}}.dump();
        e["position"] = j["head"].get<std::int64_t>() + 1;
        j["events"].push_back(e);
        j["next"] = e["position"];
        j["head"] = e["position"];
        return QByteArray::fromStdString(j.dump());
    });
    QCOMPARE(marc.sync(older.url()), 0);
    QCOMPARE(marc.stats()["rotations"].get<int>(), 2);
    auto refused = marc.run(leg_args("RDUP", "XQ500", "FRA", "CDG", "2026-04-02T06:00Z", "2026-04-02T07:30Z"));
    QCOMPARE(refused.exit, 1);
    QVERIFY2(refused.err.contains("RDUP names 2 rotations"), qPrintable(refused.err));
    // validate lists it, in text and JSON, as a finding of its own.
    CliRun text = marc.run({"validate"});
    QCOMPARE(text.exit, 1);
    QVERIFY2(text.out.contains("RDUP") && text.out.contains("2 rotations"), qPrintable(text.out));
    auto report = marc.run({"validate", "--json"}).json();
    QCOMPARE(report["valid"].get<bool>(), false);
    QCOMPARE(report["violations"]["rotation_name_uniqueness"].get<int>(), 1);
    QCOMPARE(report["duplicate_rotation_names"][0]["name"].get<std::string>(), std::string("RDUP"));
    QCOMPARE(report["duplicate_rotation_names"][0]["rotations"].size(), std::size_t(2));
    // Once one is renamed by its id, the finding is gone.
    auto mine = marc.query("SELECT json_extract(payload, '$.rotation') FROM events WHERE type = 'RotationCreated' "
                           "AND json_extract(metadata, '$.planner') = 'anna' ORDER BY position DESC LIMIT 1");
    QCOMPARE(mine.size(), 1);
    marc.ok({"rename-rotation", mine.front(), "RDUP-2"});
    QCOMPARE(marc.run({"validate"}).exit, 0);
}

void SyncRefusals::events_this_rotaplan_cannot_read_are_kept_aside_and_sync_goes_on() {
    auto [server, anna, marc, lena] = team_->members();
    lena.ok({"create-rotation", "R1"});
    QCOMPARE(lena.sync(team_->url()), 0);
    QCOMPARE(anna.sync(team_->url()), 0);
    // marc makes four rotations and renames the first; lena renames R1.
    for (const char* name : {"M1", "M2", "M3", "M4"}) marc.ok({"create-rotation", name});
    marc.ok({"rename-rotation", "M1", "M1 later"});
    marc.ok({"create-rotation", "M5"});
    QCOMPARE(marc.sync(team_->url()), 0);
    lena.ok({"rename-rotation", "R1", "R1 lena"});
    QCOMPARE(lena.sync(team_->url()), 0);

    // What an older or newer server let through, as anna's pulls see it: an unknown type,
    // a payload that does not decode, a newer schema, a version that is not a number.
    QString nuke = event_of(marc, "RotationCreated", "M1"), garbage = event_of(marc, "RotationCreated", "M2");
    QString newer = event_of(marc, "RotationCreated", "M3"), broken = event_of(marc, "RotationCreated", "M4");
    QString lenas = event_of(lena, "RotationRenamed", "R1 lena");
    ContractProxy proxy(server.port());
    proxy.on_pull([&](const QByteArray& body) {
        auto j = json::parse(body.toStdString());
        for (auto& e : j["events"]) {
            auto id = QString::fromStdString(e["event_id"].get<std::string>());
            if (id == nuke || id == lenas) e["type"] = "NukeEverything";
            if (id == garbage) e["payload"] = "garbage";
            if (id == newer) e["schema_version"] = 99;
            if (id == broken) e["version"] = "x";
        }
        return QByteArray::fromStdString(j.dump());
    });
    // anna, offline meanwhile, added a leg to R1: its stream holds lena's unreadable rename.
    anna.ok(leg_args("R1", "XQ100", "FRA", "MUC", "2026-04-01T06:00Z", "2026-04-01T07:00Z"));
    anna.ok({"create-rotation", "A1"});
    QString out;
    QCOMPARE(anna.sync(proxy.url(), &out), 3);
    QVERIFY2(out.contains("cannot be read by this Rotaplan"), qPrintable(out));
    auto stats = anna.stats();
    QCOMPARE(stats["sync_quarantined"].get<int>(), 6);  // five, and M1's rename that follows the first
    QCOMPARE(stats["pending_sync"].get<int>(), 0);      // A1 went through
    auto rotations = anna.run({"rotations", "--json"}).out;
    QVERIFY2(rotations.contains("M5") && rotations.contains("A1") && rotations.contains("\"R1\"") &&
                 !rotations.contains("M1") && !rotations.contains("M2") && !rotations.contains("M3"),
             qPrintable(rotations));

    auto all = conflicts_of(anna);
    QStringList reasons;
    for (const auto& c : all)
        if (c["kind"] == "unreadable_event") reasons << QString::fromStdString(c["reason"].get<std::string>());
    QCOMPARE(reasons.size(), 6);
    QString joined = reasons.join('\n');
    QVERIFY2(joined.contains("unknown event type NukeEverything") && joined.contains("newer Rotaplan") &&
                 joined.contains("\"version\"") && joined.contains("RotationCreated v1") &&
                 joined.contains("follows an event of its stream"),
             qPrintable(joined));
    // anna's leg on R1 cannot be taken while R1's stream holds what she cannot read: a conflict, said so.
    auto changes = changes_only(all);
    QCOMPARE(changes.size(), std::size_t(1));
    QVERIFY2(changes[0]["reason"].get<std::string>().find("cannot read") != std::string::npos, changes.dump().c_str());
    auto kept = QString::fromStdString(all[all.size() - 1]["id"].get<std::string>());
    auto drop = anna.run({"conflicts", "drop", kept});
    QCOMPARE(drop.exit, 1);
    QVERIFY2(drop.err.contains("cannot be dropped"), qPrintable(drop.err));

    // Sync goes on: no wall, and what comes later comes in.
    marc.ok({"create-rotation", "M6"});
    QCOMPARE(marc.sync(team_->url()), 0);
    QCOMPARE(anna.sync(proxy.url()), 3);  // the conflict stays the planner's
    QVERIFY(anna.run({"rotations", "--json"}).out.contains("M6"));
    QCOMPARE(anna.stats()["sync_quarantined"].get<int>(), 6);
    // A desktop that reads everything (no proxy) agrees with marc.
    QCOMPARE(lena.sync(team_->url()), 0);
    QCOMPARE(lena.events_dump(), marc.events_dump());
}

QTEST_GUILESS_MAIN(SyncRefusals)
#include "tst_sync_refusals.moc"
