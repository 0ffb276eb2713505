#include "storage/sync/replica.h"

#include <unordered_set>

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include "storage/sync/command_codec.h"
#include "core/overloaded.h"
#include "storage/eventstore/event_codec.h"
#include "storage/projections/checkpoints.h"
#include "storage/projections/scenarios.h"
#include "storage/sqlite/schema.h"

namespace rotaplan::storage {

namespace {

using nlohmann::json;

std::string causation_of(std::string_view metadata) {
    json m = json::parse(metadata, nullptr, false);
    if (!m.is_object()) return {};
    auto it = m.find("causation_id");
    return it != m.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Pulled pages above this many payload bytes are applied as a bulk load
// (indexes and validation built once at the end), like an import.
constexpr std::size_t kBulkBytes = 4u << 20;

// What an event sets that a decider reads: its own stream, and beyond it what
// ScheduleReader's set-based lookups answer (core/planning.h) — rotation_named
// reads rotations' names, airplane_assigned_to a rotation's airplane (keyed by
// the rotation's stream, which also meets the rotation's own events, e.g. its
// deletion). A colleague's event and a pending one that share a key decide
// on each other, exactly like two events of one stream: a name both planners
// gave a new rotation offline lives on two streams, and only this makes the
// later creation meet the earlier one. A scenario's facts are its own: the
// keys beyond the stream carry the stream's scenario prefix.
void keys_of(const std::string& stream, const Event& e, std::set<std::string>& out) {
    out.insert(stream);
    const auto in = scenario_prefix(stream);
    const std::string version = in ? stream.substr(0, in->length) : std::string();
    std::visit(overloaded{[&](const RotationCreated& c) { out.insert(version + "rotation name " + c.name); },
                          [&](const RotationRenamed& c) { out.insert(version + "rotation name " + c.name); },
                          [&](const AirplaneAssigned& a) { out.insert(version + rotation_stream(a.rotation)); },
                          [&](const AirplaneUnassigned& a) { out.insert(version + rotation_stream(a.rotation)); },
                          [](const auto&) {}},
               e);
}

// The scenario an event of the shared log concerns: one of its own streams,
// or its registry entry in main's. Empty for main's schedule.
std::string scenario_concerned(const std::string& stream) {
    if (auto in = scenario_prefix(stream)) return in->scenario.str();
    const std::string registry = scenario_stream(Uuid{});
    const std::string kind = registry.substr(0, registry.size() - Uuid{}.str().size());
    if (!stream.starts_with(kind) || !Uuid::parse(std::string_view(stream).substr(kind.size()))) return {};
    return stream.substr(kind.size());
}

bool meets(const std::set<std::string>& pending, const std::string& stream, const Event& e) {
    if (pending.empty()) return false;
    std::set<std::string> keys;
    keys_of(stream, e, keys);
    for (const auto& k : keys)
        if (pending.count(k)) return true;
    return false;
}

}  // namespace

// Commands partly in the shared log already: a replay keeps their events.
#define kAcknowledged "(SELECT command_id FROM sync_outbox WHERE acknowledged = 1)"
// Commands decided in a scenario (in main they would change main): main's
// replay never decides them again. Those waiting to be decided again in
// their scenario after a replay met it are marked in their context.
#define kAwaitingScenario "json_extract(context, '$.replay') IS NOT NULL"
#define kScenarioCommandIds \
    "SELECT p.command_id FROM sync_pending_events p JOIN events e ON e.position = p.position " \
    "WHERE substr(e.stream, 1, 9) = 'scenario/'"
#define kScenarioCommands \
    "(" kScenarioCommandIds " UNION SELECT command_id FROM sync_outbox WHERE json_extract(context, '$.scenario') IS NOT NULL)"
// What main's replay leaves in place: the acknowledged, and the scenarios'
// pending commands that no colleague's event met (their streams are the
// scenario's own); a scenario's command refused by the server goes like any.
#define kKeptByReplay \
    "(SELECT command_id FROM sync_outbox WHERE acknowledged = 1 UNION SELECT * FROM (" kScenarioCommandIds \
    " EXCEPT SELECT command_id FROM sync_outbox WHERE state = 'conflict' OR " kAwaitingScenario "))"

Replica::Replica(ScheduleStore& store) : store_(store) {}

// The events a command decided, wherever they are now: pending in the events
// table, or copied aside by a replay (several copies if it was replayed more
// than once; created_legs() keeps each leg once).
std::vector<Leg> Replica::legs_of_command(const std::string& command_id) {
    auto q = store_.database().prepare(
        "SELECT type, schema_version, payload FROM (SELECT 0 AS source, e.position, e.type, e.schema_version, e.payload "
        "FROM sync_pending_events p JOIN events e ON e.position = p.position WHERE p.command_id = ?1 UNION ALL "
        "SELECT 1, position, type, schema_version, payload FROM sync_withdrawn_events WHERE command_id = ?1) "
        "ORDER BY source, position");
    q.bind(1, std::string_view(command_id));
    std::vector<Event> events;
    while (q.step()) events.push_back(decode(q.text(0), int(q.int64(1)), q.text(2)));
    return created_legs(events);
}

SyncCounts Replica::counts() { return sync_counts(store_.database()); }

SyncCounts sync_counts(Database& db) {
    SyncCounts c;
    c.pending = db.scalar("SELECT count(*) FROM sync_outbox WHERE state = 'pending'");
    c.conflicts = db.scalar("SELECT count(*) FROM sync_outbox WHERE state = 'conflict'");
    c.quarantined = db.scalar("SELECT count(*) FROM sync_quarantine");
    auto q = db.prepare(
        "SELECT pulled, coalesce(last_sync, ''), coalesce(last_error, ''), coalesce(planner, '') FROM sync_state");
    if (q.step()) {
        c.pulled = q.int64(0);
        c.last_sync = q.str(1);
        c.last_error = q.str(2);
        c.planner = q.str(3);
    }
    return c;
}

// A command that writes a scenario: an event of it in one of the scenario's
// own streams or in its registry entry (main's scenario-<id>).
#define kWritesScenario \
    "EXISTS (SELECT 1 FROM sync_pending_events sp JOIN events se ON se.position = sp.position " \
    "WHERE sp.command_id = o.command_id AND substr(se.stream, 1, 9) IN ('scenario/', 'scenario-'))"

std::int64_t Replica::scenario_commands_pending() {
    return store_.database().scalar("SELECT count(*) FROM sync_outbox o WHERE o.state = 'pending' AND " kWritesScenario);
}

std::optional<OutgoingBatch> Replica::next_batch(std::size_t max_events, std::size_t max_bytes, std::size_t max_commands,
                                                 bool scenarios) {
    auto q = store_.database().prepare(
        std::string("SELECT o.command_id, e.position, e.event_id, e.stream, e.version, e.type, e.schema_version, e.payload, "
                    "e.metadata, e.recorded_at FROM sync_outbox o JOIN sync_pending_events p ON p.command_id = o.command_id "
                    "JOIN events e ON e.position = p.position WHERE o.state = 'pending' ") +
        (scenarios ? "" : "AND NOT " kWritesScenario " ") + "ORDER BY o.seq, e.position");
    OutgoingBatch batch;
    std::size_t bytes = 0;
    std::vector<StoredEvent> command_events;
    std::string command;
    auto close_command = [&] {
        if (command.empty()) return true;
        std::size_t more = 0;
        for (const auto& e : command_events) more += e.payload.size() + e.metadata.size() + 200;
        bool fits = batch.events.empty() ||
                    (batch.events.size() + command_events.size() <= max_events && bytes + more <= max_bytes &&
                     batch.commands.size() < max_commands);
        if (!fits) return false;
        for (auto& e : command_events) {
            batch.expected.try_emplace(e.stream, e.version - 1);
            batch.events.push_back(std::move(e));
            batch.command_of.push_back(batch.commands.size());
        }
        bytes += more;
        batch.commands.push_back(command);
        command_events.clear();
        return true;
    };
    while (q.step()) {
        std::string id = q.str(0);
        if (id != command) {
            if (!close_command()) {
                command.clear();
                break;
            }
            command = id;
        }
        command_events.push_back({q.int64(1), q.str(2), q.str(3), q.int64(4), q.str(5), int(q.int64(6)), q.str(7),
                                  q.str(8), q.str(9)});
    }
    if (!command.empty()) close_command();
    if (batch.events.empty()) return std::nullopt;
    return batch;
}

void Replica::acknowledge(const OutgoingBatch& batch, const std::vector<std::int64_t>& positions) {
    auto& db = store_.database();
    Transaction tx(db);
    auto pulled = db.scalar("SELECT pulled FROM sync_state");
    bool follows = positions.size() == batch.events.size() && !positions.empty();
    for (std::size_t i = 0; follows && i < positions.size(); ++i) follows = positions[i] == pulled + 1 + std::int64_t(i);
    if (follows) {
        auto q = db.prepare("UPDATE sync_state SET pulled = ? WHERE id = 1");
        q.bind(1, positions.back()).run();
    }
    auto unpend = db.prepare(
        "DELETE FROM sync_pending_events WHERE position = ? AND position IN (SELECT position FROM events WHERE event_id = ?)");
    for (const auto& e : batch.events) unpend.bind(1, e.position).bind(2, std::string_view(e.event_id)).run();
    auto done = db.prepare(
        "DELETE FROM sync_outbox WHERE command_id = ? AND state = 'pending' AND NOT EXISTS "
        "(SELECT 1 FROM sync_pending_events p WHERE p.command_id = sync_outbox.command_id)");
    for (const auto& c : batch.commands) done.bind(1, std::string_view(c)).run();
    tx.commit();
}

// One integrate(): what it learnt of the store before the page, and the steps
// each of the page's events goes through. A member of Replica, so that it
// reaches the quarantine and the store as integrate() itself does.
struct Replica::Integration {
    Integration(Replica& replica, const std::vector<UnreadableRemote>& unreadable_remote, IntegrateOutcome& out);

    // The steps of one event of the page, in log order.
    void take(const StoredEvent& e);
    // Unreadable events of the page before `position` (0: all that are left), kept aside.
    void unreadable_before(std::int64_t position);
    // The replay the page asked for, the deferred events appended meanwhile.
    void replay();

    struct Local {
        std::int64_t position;
        bool same;  // the very event, not another under its id
    };
    std::optional<Local> is_local(const StoredEvent& e);
    void acknowledge_own(const Local& mine);
    // Kept aside, with every later event of its stream: they cannot apply without it.
    void set_aside(std::int64_t position, const StoredEvent* e, const UnreadableRemote* raw, const std::string& why);
    std::int64_t append(const StoredEvent& e, const Event& decoded);

    Replica& replica;
    const std::vector<UnreadableRemote>& unreadable_remote;
    IntegrateOutcome& out;
    Statement local, unpend, mark_acknowledged;
    std::unordered_set<std::string> pending_commands, accepted_elsewhere;
    std::set<std::string> keys, blocked;
    std::set<std::string> scenarios_met;  // scenarios whose pending commands a colleague's event met
    std::size_t next_unreadable = 0;
    bool replaying = false;
    std::vector<const StoredEvent*> deferred;
    std::int64_t last = 0;
};

Replica::Integration::Integration(Replica& r, const std::vector<UnreadableRemote>& unreadable, IntegrateOutcome& o)
    : replica(r), unreadable_remote(unreadable), out(o) {
    auto& db = replica.store_.database();
    local = db.prepare("SELECT position, stream, version, type, payload, metadata FROM events WHERE event_id = ?");
    // A command is pushed whole, but a pull page may end inside it: the part
    // seen marks the command acknowledged, so a replay keeps the rest.
    unpend = db.prepare("DELETE FROM sync_pending_events WHERE position = ? RETURNING command_id");
    mark_acknowledged = db.prepare("UPDATE sync_outbox SET acknowledged = 1 WHERE command_id = ?");
    keys = replica.pending_keys();
    {
        // Conflicts too: one whose earlier form the log turns out to hold is settled by it.
        auto c = db.prepare("SELECT command_id FROM sync_outbox");
        while (c.step()) pending_commands.insert(c.str(0));
    }
    blocked = replica.blocked_streams();
}

std::optional<Replica::Integration::Local> Replica::Integration::is_local(const StoredEvent& e) {
    local.bind(1, std::string_view(e.event_id));
    std::optional<Local> found;
    if (local.step())
        found = Local{local.int64(0), local.text(1) == e.stream && local.int64(2) == e.version &&
                                          local.text(3) == e.type && local.text(4) == e.payload &&
                                          local.text(5) == e.metadata};
    local.reset();
    return found;
}

void Replica::Integration::set_aside(std::int64_t position, const StoredEvent* e, const UnreadableRemote* raw,
                                     const std::string& why) {
    replica.quarantine(position, e, raw, why);
    if (e) blocked.insert(e->stream);
    else if (!raw->stream.empty()) blocked.insert(raw->stream);
    ++out.quarantined;
}

void Replica::Integration::unreadable_before(std::int64_t position) {
    while (next_unreadable < unreadable_remote.size() &&
           (position == 0 || unreadable_remote[next_unreadable].position < position)) {
        const auto& u = unreadable_remote[next_unreadable++];
        set_aside(u.position, nullptr, &u, u.reason);
    }
}

std::int64_t Replica::Integration::append(const StoredEvent& e, const Event& decoded) {
    if (blocked.count(e.stream)) {
        set_aside(e.position, &e, nullptr, "it follows an event of its stream that this Rotaplan cannot read");
        return 0;
    }
    try {
        return replica.store_.events().append_stored(e, decoded);
    } catch (const ConcurrencyError& c) {
        // A version that does not follow its stream here: never a wall for the whole log.
        set_aside(e.position, &e, nullptr,
                  "its version " + std::to_string(e.version) + " does not follow version " +
                      std::to_string(c.actual()) + " of its stream here");
        return 0;
    }
}

// Our own event (or one integrated before): the server has it, so it is no longer pending.
void Replica::Integration::acknowledge_own(const Local& mine) {
    unpend.bind(1, mine.position);
    if (unpend.step()) {
        auto command = unpend.str(0);
        unpend.reset();
        mark_acknowledged.bind(1, std::string_view(command)).run();
    } else {
        unpend.reset();
    }
    ++out.acknowledged;
}

void Replica::Integration::take(const StoredEvent& e) {
    unreadable_before(e.position);
    if (auto mine = is_local(e)) {
        if (!mine->same) {
            set_aside(e.position, &e, nullptr, "its event id " + e.event_id + " is that of another event held here");
            return;
        }
        acknowledge_own(*mine);
        return;
    }
    Event decoded;
    if (auto why = replica.unreadable(e, &decoded)) {
        set_aside(e.position, &e, nullptr, *why);
        return;
    }
    if (!pending_commands.empty()) {
        auto cause = causation_of(e.metadata);
        if (pending_commands.count(cause)) {
            // One of our commands was accepted in an earlier form whose answer we never
            // saw (and that a replay has since decided again): the log's form wins.
            accepted_elsewhere.insert(cause);
            replaying = true;
        }
    }
    if (meets(keys, e.stream, decoded)) {
        replaying = true;
        if (auto scenario = scenario_concerned(e.stream); !scenario.empty()) scenarios_met.insert(scenario);
    }
    if (replaying) {
        deferred.push_back(&e);
        return;
    }
    auto at = append(e, decoded);
    if (!at) return;
    last = at;
    // A colleague's scenario edit is kept, not shown: main's read models are main's (lineage.h).
    if (!e.stream.starts_with("scenario/")) replica.store_.projections().apply(last, decoded);
    ++out.appended;
}

void Replica::Integration::replay() {
    replica.replay_pending(out, scenarios_met, [&] {
        for (const StoredEvent* e : deferred) {
            if (is_local(*e)) continue;
            if (append(*e, e->decoded())) ++out.appended;
        }
        auto forget = replica.store_.database().prepare("DELETE FROM sync_outbox WHERE command_id = ?");
        for (const auto& c : accepted_elsewhere) forget.bind(1, std::string_view(c)).run();
    });
}

IntegrateOutcome Replica::integrate(const std::vector<StoredEvent>& remote, std::int64_t next,
                                    const std::vector<UnreadableRemote>& unreadable_remote) {
    IntegrateOutcome out;
    auto& db = store_.database();
    const bool outermost = sqlite3_get_autocommit(db.handle());
    // Scenario commands a replay left waiting (a crash between its two steps) are decided first.
    if (outermost) settle_scenario_replays(out);
    store_.in_transaction([&] {
        // A Rotaplan that now reads what an older one kept aside brings it in first.
        out.released = release_quarantined();
        Integration page(*this, unreadable_remote, out);

        std::size_t bytes = 0;
        for (const auto& e : remote) bytes += e.payload.size();
        bool bulk = bytes > kBulkBytes;
        if (bulk) store_.begin_bulk();

        for (const auto& e : remote) page.take(e);
        page.unreadable_before(0);
        if (page.last) store_.projections().set_position(page.last);
        if (bulk) store_.end_bulk();
        else store_.projections().settle();

        if (page.replaying) page.replay();
        drop_settled_commands();
        auto pulled = db.prepare("UPDATE sync_state SET pulled = ? WHERE id = 1");
        pulled.bind(1, next).run();
        return true;
    });
    if (outermost) settle_scenario_replays(out);
    return out;
}

// Offline replay: every pending command's events withdrawn, `meanwhile` (the
// colleagues' events appended), the read models rebuilt, and every pending
// command decided again in order. The commands of `scenarios` leave with
// main's; they are decided again in their scenario once this transaction has
// committed (settle_scenario_replays).
void Replica::replay_pending(IntegrateOutcome& out, const std::set<std::string>& scenarios,
                             const std::function<void()>& meanwhile) {
    out.replayed = true;
    drop_settled_commands();  // before the withdrawal leaves every command without pending events
    std::set<std::string> moved = scenarios;
    forked_on_withdrawn(moved);
    mark_for_scenario_replay(moved);
    withdraw_pending(true);
    if (meanwhile) meanwhile();
    rebuild_projections_here();
    redecide_pending(out);
}

// Scenarios made from main at or after the first of main's changes this replay
// takes back: their fork moves with those changes, after the colleagues'
// events (settled_fork), and their own pending commands must follow it there,
// or they would be read before their fork.
void Replica::forked_on_withdrawn(std::set<std::string>& scenarios) {
    auto& db = store_.database();
    const std::int64_t first = db.scalar(
        "SELECT coalesce(min(e.position), 0) FROM sync_pending_events p JOIN events e ON e.position = p.position "
        "JOIN sync_outbox o ON o.command_id = p.command_id WHERE o.acknowledged = 0 AND substr(e.stream, 1, 9) <> 'scenario/'");
    if (first == 0) return;
    auto q = db.prepare("SELECT DISTINCT e.stream FROM sync_pending_events p JOIN events e ON e.position = p.position "
                        "WHERE substr(e.stream, 1, 9) = 'scenario/'");
    std::set<Uuid> seen;
    while (q.step()) {
        auto in = scenario_prefix(q.text(0));
        if (!in || !seen.insert(in->scenario).second) continue;
        auto row = scenario_with_id(db, in->scenario);
        if (row && !row->base && row->fork_position >= first) scenarios.insert(in->scenario.str());
    }
}

// Marked in their outbox context: the scenario they were decided in, and that
// they wait to be decided there again. The mark is in the same transaction as
// the withdrawal, so a crash before the second step leaves them waiting, and
// the next integrate() decides them.
void Replica::mark_for_scenario_replay(const std::set<std::string>& scenarios) {
    if (scenarios.empty()) return;
    auto mark = store_.database().prepare(
        "UPDATE sync_outbox SET context = json_set(context, '$.scenario', ?1, '$.replay', json('true')) "
        "WHERE state = 'pending' AND acknowledged = 0 AND command_id IN (SELECT p.command_id FROM sync_pending_events p "
        "JOIN events e ON e.position = p.position WHERE substr(e.stream, 1, length(?2)) = ?2)");
    for (const auto& id : scenarios) mark.bind(1, std::string_view(id)).bind(2, "scenario/" + id + "/").run();
}

// The second step of a replay that met a scenario: its waiting commands are
// decided again, in their order, on the scenario as it now is (a colleague's
// edits in it, a rebase to a new generation), on a store of that version, in
// one transaction per scenario. A scenario deleted meanwhile keeps them as
// conflicts. Outside integrate()'s transaction: a version's read models live
// on their own connection (lineage.h).
void Replica::settle_scenario_replays(IntegrateOutcome& out) {
    auto& db = store_.database();
    std::vector<std::string> waiting;
    {
        auto q = db.prepare("SELECT DISTINCT json_extract(context, '$.scenario') FROM sync_outbox WHERE " kAwaitingScenario);
        while (q.step()) waiting.push_back(q.str(0));
    }
    for (const auto& id : waiting) {
        const std::string rows = "json_extract(context, '$.scenario') = '" + id + "' AND " kAwaitingScenario;
        auto scenario = Uuid::parse(id);
        auto row = scenario ? scenario_with_id(db, *scenario) : std::nullopt;
        if (!row || row->deleted) {
            std::string why = "its scenario " + (row ? row->name : id) + " was deleted";
            store_.in_transaction([&] {
                auto gone = db.prepare("UPDATE sync_outbox SET state = 'conflict', reason = ?, context = "
                                       "json_remove(context, '$.replay') WHERE " + rows);
                gone.bind(1, std::string_view(why)).run();
                out.new_conflicts += int(db.changes());
                return true;
            });
            continue;
        }
        ScheduleStore version(db.path(), scenario_lineage(db, row->id));
        Replica there(version);
        version.in_transaction([&] {
            there.redecide_pending(out, rows, "in scenario " + row->name + ": ");
            version.database().exec("UPDATE sync_outbox SET context = json_remove(context, '$.replay') WHERE " + rows);
            return true;
        });
    }
}

// The scenario a command of the outbox was decided in ("" for main).
std::string Replica::scenario_of_command(const std::string& command_id) {
    auto q = store_.database().prepare(
        "SELECT coalesce(json_extract(o.context, '$.scenario'), (SELECT min(e.stream) FROM sync_pending_events p JOIN events e "
        "ON e.position = p.position WHERE p.command_id = o.command_id AND substr(e.stream, 1, 9) = 'scenario/'), '') "
        "FROM sync_outbox o WHERE o.command_id = ?");
    q.bind(1, std::string_view(command_id));
    if (!q.step()) return {};
    std::string found = q.str(0);
    if (auto in = scenario_prefix(found)) return in->scenario.str();
    return found;
}

IntegrateOutcome Replica::isolate(const std::vector<std::pair<std::string, std::string>>& commands_and_reasons) {
    IntegrateOutcome out;
    if (commands_and_reasons.empty()) return out;
    auto& db = store_.database();
    store_.in_transaction([&] {
        auto conflict = db.prepare(
            "UPDATE sync_outbox SET state = 'conflict', reason = ? WHERE command_id = ? AND state = 'pending'");
        // A scenario's command stays its scenario's: a retry decides it there.
        auto in_scenario = db.prepare(
            "UPDATE sync_outbox SET context = json_set(context, '$.scenario', ?1) WHERE command_id = ?2");
        std::set<std::string> scenarios;
        for (const auto& [command, reason] : commands_and_reasons) {
            conflict.bind(1, std::string_view(reason)).bind(2, std::string_view(command)).run();
            out.new_conflicts += int(db.changes());
            if (auto scenario = scenario_of_command(command); !scenario.empty()) {
                in_scenario.bind(1, std::string_view(scenario)).bind(2, std::string_view(command)).run();
                scenarios.insert(scenario);
            }
        }
        // Their events go (copied aside, as in any replay); what was decided on top of them is decided again.
        replay_pending(out, scenarios, {});
        return true;
    });
    if (sqlite3_get_autocommit(db.handle())) settle_scenario_replays(out);
    return out;
}

// Every pending event's stream, and the facts beyond it that deciders read
// (keys_of): only the few event types that set such facts are decoded.
std::set<std::string> Replica::pending_keys() {
    std::set<std::string> keys;
    auto q = store_.database().prepare(
        "SELECT e.stream, e.type, e.schema_version, CASE WHEN e.type IN ('RotationCreated', 'RotationRenamed', "
        "'AirplaneAssigned', 'AirplaneUnassigned') THEN e.payload END FROM sync_pending_events p "
        "JOIN events e ON e.position = p.position");
    while (q.step()) {
        std::string stream = q.str(0);
        if (q.is_null(3)) keys.insert(stream);
        else keys_of(stream, decode(q.text(1), int(q.int64(2)), q.text(3)), keys);
        // A colleague's rename, rebase, deletion or promotion of the scenario meets its pending commands.
        if (auto in = scenario_prefix(stream)) keys.insert(scenario_stream(in->scenario));
    }
    return keys;
}

// A pending command none of whose events is pending any more is in the shared log: done.
void Replica::drop_settled_commands() {
    store_.database().exec(
        "DELETE FROM sync_outbox WHERE state = 'pending' AND NOT " kAwaitingScenario " AND NOT EXISTS "
        "(SELECT 1 FROM sync_pending_events p WHERE p.command_id = sync_outbox.command_id)");
}

// Copies every pending event whole into sync_withdrawn_events, then deletes it
// (the append-only trigger lets exactly these through). Snapshots of the
// streams concerned may include a withdrawn event: they go too (a cache), and
// so do the read models' checkpoints from the first withdrawn event on.
void Replica::withdraw_pending(bool keep_scenarios) {
    // Built at run time: the kept set is one of two constant subqueries.
    const std::string kept = keep_scenarios ? kKeptByReplay : kAcknowledged;
    auto& db = store_.database();
    db.exec("DELETE FROM snapshots WHERE stream IN (SELECT e.stream FROM sync_pending_events p JOIN events e ON "
            "e.position = p.position WHERE p.command_id NOT IN " + kept + ")");
    drop_checkpoints_from(db, db.scalar("SELECT coalesce(min(position), " + std::to_string(std::numeric_limits<std::int64_t>::max()) +
                                        ") FROM sync_pending_events WHERE command_id NOT IN " + kept));
    auto now = now_iso_millis();
    auto copy = db.prepare(
        "INSERT OR REPLACE INTO sync_withdrawn_events (event_id, position, stream, version, type, schema_version, payload, "
        "metadata, recorded_at, command_id, withdrawn_at) SELECT e.event_id, e.position, e.stream, e.version, e.type, "
        "e.schema_version, e.payload, e.metadata, e.recorded_at, p.command_id, ? FROM sync_pending_events p "
        "JOIN events e ON e.position = p.position WHERE p.command_id NOT IN " + kept);
    copy.bind(1, std::string_view(now)).run();
    db.exec("DELETE FROM events WHERE position IN (SELECT position FROM sync_pending_events WHERE command_id NOT IN " +
            kept + ")");
    db.exec("DELETE FROM sync_pending_events WHERE command_id NOT IN " + kept);
    store_.aggregates().clear();
}

// Re-signing before the first push (replica_identity.cpp): every pending
// event is withdrawn, as a replay does, and appended again as it was, payload
// and version unchanged, those made under another name than `planner` with
// their metadata naming `planner` and keeping the other name as
// local_planner, under a new event id (the old one is the copy set aside).
// Every replica then stores the re-signed bytes. Nothing is decided again and
// the read models stay as they are: the same payloads, in the same order.
int Replica::resign_pending(const std::string& planner) {
    auto& db = store_.database();
    auto others = db.prepare(
        "SELECT count(*) FROM sync_pending_events p JOIN events e ON e.position = p.position WHERE p.command_id NOT IN "
        kAcknowledged " AND json_extract(e.metadata, '$.planner') IS NOT ?");
    others.bind(1, std::string_view(planner));
    others.step();
    if (others.int64(0) == 0) return 0;
    others.reset();

    struct Moved {
        StoredEvent event;
        std::string command;
        std::optional<std::string> leg;
    };
    std::vector<Moved> moved;
    auto q = db.prepare(
        "SELECT p.command_id, e.event_id, e.stream, e.version, e.type, e.schema_version, e.payload, e.metadata, "
        "e.recorded_at, e.leg_id FROM sync_pending_events p JOIN events e ON e.position = p.position "
        "WHERE p.command_id NOT IN " kAcknowledged " ORDER BY p.position");
    while (q.step()) {
        Moved m{{0, q.str(1), q.str(2), q.int64(3), q.str(4), int(q.int64(5)), q.str(6), q.str(7), q.str(8)}, q.str(0), {}};
        if (!q.is_null(9)) m.leg = q.str(9);
        moved.push_back(std::move(m));
    }
    withdraw_pending(false);  // every one: each is appended again as it was
    int resigned = 0;
    std::int64_t last = 0;
    auto pend = db.prepare("INSERT INTO sync_pending_events (position, command_id) VALUES (?, ?)");
    for (auto& m : moved) {
        json meta = json::parse(m.event.metadata, nullptr, false);
        if (!meta.is_object()) meta = json::object();
        auto was = meta.find("planner");
        std::string made_as = was != meta.end() && was->is_string() ? was->get<std::string>() : std::string();
        if (made_as != planner) {
            if (!meta.contains("local_planner")) meta["local_planner"] = made_as;
            if (meta["local_planner"] == planner) meta.erase("local_planner");
            meta["planner"] = planner;
            m.event.metadata = meta.dump();
            m.event.event_id = random_uuid();
            ++resigned;
        }
        last = store_.events().append_stored(m.event, m.leg);
        pend.bind(1, last).bind(2, std::string_view(m.command)).run();
    }
    if (last) store_.projections().set_position(last);
    return resigned;
}

// Withdrawn events cannot be un-applied row by row, so the read models are
// rebuilt from the events; this runs only when a colleague's change met one of
// ours on the same stream (2.4 s for a whole season, docs/benchmarks.md).
void Replica::rebuild_projections_here() {
    auto& db = store_.database();
    recreate_projection_tables(db);
    auto& projections = store_.projections();
    projections.validation().defer(true);
    std::int64_t last = 0;
    store_.events().read_all(0, store_.events().last_position(), [&](std::int64_t position, const Event& e) {
        projections.apply(position, e);
        last = position;
    });
    projections.set_position(last);
    create_projection_indexes(db);
    projections.validation().defer(false);
    projections.validation().rebuild();
    store_.aggregates().clear();
}

int Replica::redecide_pending(IntegrateOutcome& out, const std::string& which, const std::string& where) {
    auto& db = store_.database();
    auto q = db.prepare(
        "SELECT command_id, command, legs, context FROM sync_outbox WHERE state = 'pending' AND acknowledged = 0 AND " +
        (which.empty() ? std::string("command_id NOT IN " kScenarioCommands) : which) + " ORDER BY seq");
    struct Row {
        std::string id, command, context;
        std::optional<std::string> legs;
        bool known;
    };
    std::vector<Row> rows;
    while (q.step()) {
        Row r{q.str(0), q.is_null(1) ? std::string() : q.str(1), q.str(3), std::nullopt, !q.is_null(1)};
        if (!q.is_null(2)) r.legs = q.str(2);
        rows.push_back(std::move(r));
    }
    auto conflict = db.prepare("UPDATE sync_outbox SET state = 'conflict', reason = ? WHERE command_id = ?");
    for (const auto& r : rows) {
        std::string reason;
        if (!r.known) {
            reason = "decided before this store could sync, so it cannot be decided again";
        } else {
            std::optional<IssuedCommand> pending;
            try {
                pending = outbox_command(r.id, r.command, r.legs, r.context);
            } catch (const StorageError& e) {
                // One unreadable command must not stop every later sync: the planner sees it instead.
                conflict.bind(1, std::string_view(where + "cannot be read again: " + e.what()))
                    .bind(2, std::string_view(r.id))
                    .run();
                ++out.new_conflicts;
                continue;
            }
            // A scenario forked at one of our changes that this replay took back forks where it now is,
            // so that every replica finds the fork.
            std::visit(overloaded{[&](CreateScenario& c) { c.fork_event = settled_fork(db, c.fork_event); },
                                  [&](RecordRebase& c) { c.fork_event = settled_fork(db, c.fork_event); },
                                  [](auto&) {}},
                       pending->command);
            auto outcome = store_.redecide(*pending);
            if (outcome.ok) {
                ++out.redecided;
                continue;
            }
            reason = outcome.error.message;
        }
        reason = where + reason;
        conflict.bind(1, std::string_view(reason)).bind(2, std::string_view(r.id)).run();
        ++out.new_conflicts;
    }
    return out.redecided;
}

// An outbox row as the command it was, with the context it was issued in and
// its own command id (its new events' causation). Throws StorageError when
// the command cannot be read.
IssuedCommand Replica::outbox_command(const std::string& command_id, std::string_view command,
                                       const std::optional<std::string>& legs, std::string_view context) {
    IssuedCommand pending{decode_command(command, legs, [&] { return legs_of_command(command_id); }), {}};
    json ctx = json::parse(context, nullptr, false);
    if (ctx.is_object()) {
        pending.context.planner = ctx.value("planner", "");
        pending.context.host = ctx.value("host", "");
        pending.context.correlation_id = ctx.value("correlation_id", "");
        pending.context.provisional = ctx.value("provisional", false);
    }
    pending.context.command_id = command_id;
    return pending;
}

std::vector<Conflict> Replica::conflicts() {
    auto q = store_.database().prepare(
        "SELECT command_id, coalesce(json_extract(command, '$.command'), 'unknown'), coalesce(command, ''), "
        "coalesce(reason, ''), coalesce(json_extract(context, '$.planner'), ''), issued_at FROM sync_outbox "
        "WHERE state = 'conflict' ORDER BY seq");
    std::vector<Conflict> out;
    while (q.step()) out.push_back({q.str(0), q.str(1), q.str(2), q.str(3), q.str(4), q.str(5)});
    return out;
}

bool Replica::drop_conflict(const std::string& command_id) {
    auto& db = store_.database();
    auto q = db.prepare("DELETE FROM sync_outbox WHERE command_id = ? AND state = 'conflict'");
    q.bind(1, std::string_view(command_id)).run();
    return db.changes() > 0;
}

int Replica::drop_all_conflicts() {
    auto& db = store_.database();
    db.exec("DELETE FROM sync_outbox WHERE state = 'conflict'");
    return int(db.changes());
}

CommandOutcome Replica::retry_conflict(const std::string& command_id, const std::optional<std::string>& new_name) {
    auto& db = store_.database();
    // A scenario's command is decided again in its scenario, on a store of that version.
    if (auto scenario = Uuid::parse(scenario_of_command(command_id)); scenario && !store_.in_scenario()) {
        auto row = scenario_with_id(db, *scenario);
        if (!row || row->deleted) {
            CommandOutcome gone;
            gone.error = {DomainError::Kind::NotFound, "conflict " + command_id + " was decided in a scenario that " +
                                                           "has since been deleted: drop it"};
            return gone;
        }
        ScheduleStore version(db.path(), scenario_lineage(db, row->id));
        return Replica(version).retry_conflict(command_id, new_name);
    }
    CommandOutcome result;
    store_.in_transaction([&] {
        auto q = db.prepare("SELECT command, legs, context FROM sync_outbox WHERE command_id = ? AND state = 'conflict'");
        q.bind(1, std::string_view(command_id));
        if (!q.step() || q.is_null(0)) {
            result.error = {DomainError::Kind::NotFound, "no conflict " + command_id + " that can be decided again"};
            return false;
        }
        std::optional<std::string> legs;
        if (!q.is_null(1)) legs = q.str(1);
        IssuedCommand pending = outbox_command(command_id, q.text(0), legs, q.text(2));
        q.reset();
        if (new_name) {
            // A name a colleague took first: the same change under another name.
            bool named = std::visit(overloaded{[&](CreateRotation& c) { return c.name = *new_name, true; },
                                               [&](RenameRotation& c) { return c.name = *new_name, true; },
                                               [](auto&) { return false; }},
                                    pending.command);
            if (!named) {
                result.error = {DomainError::Kind::Invalid, std::string("conflict ") + command_id + " is a " +
                                                                command_name(pending.command) +
                                                                ", not a rotation's creation or renaming: it has no "
                                                                "name to change"};
                return false;
            }
        }
        result = store_.redecide(pending);
        if (!result.ok) return false;
        // Not while it lands on a stream that holds an event kept aside: the server would never take it.
        auto blocked = blocked_streams();
        auto stream_of = db.prepare("SELECT stream FROM events WHERE position = ?");
        for (auto position : result.positions) {
            stream_of.bind(1, position);
            std::string stream = stream_of.step() ? stream_of.str(0) : std::string();
            stream_of.reset();
            if (blocked.count(stream)) {
                result = {};
                result.error = {DomainError::Kind::Conflict, "stream " + stream +
                                                                 " holds an event this Rotaplan cannot read; it "
                                                                 "can be decided again once that event is read"};
                return false;
            }
        }
        // Moved to the end of the queue: it now comes after everything it was decided on.
        auto again = db.prepare(
            "UPDATE sync_outbox SET state = 'pending', reason = NULL, seq = (SELECT max(seq) + 1 FROM sync_outbox), "
            "command = coalesce(?, command) WHERE command_id = ?");
        std::optional<std::string> renamed;
        if (new_name) renamed = encode_command(pending.command).json;
        again.bind(1, renamed).bind(2, std::string_view(command_id)).run();
        return true;
    });
    return result;
}

void Replica::record_sync(std::string_view server, const std::optional<std::string>& error) {
    auto& db = store_.database();
    if (error) {
        auto q = db.prepare("UPDATE sync_state SET server = ?, last_error = ? WHERE id = 1");
        q.bind(1, server).bind(2, std::string_view(*error)).run();
    } else {
        auto q = db.prepare("UPDATE sync_state SET server = ?, last_sync = ?, last_error = NULL WHERE id = 1");
        q.bind(1, server).bind(2, std::string_view(now_iso_millis())).run();
    }
}

}  // namespace rotaplan::storage
