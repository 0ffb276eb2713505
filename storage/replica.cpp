#include "replica.h"

#include <unordered_set>

#include <nlohmann/json.hpp>

#include "command_codec.h"
#include "event_codec.h"
#include "schema.h"

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

}  // namespace

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
    auto q = db.prepare("SELECT pulled, coalesce(last_sync, ''), coalesce(last_error, '') FROM sync_state");
    if (q.step()) {
        c.pulled = q.int64(0);
        c.last_sync = q.str(1);
        c.last_error = q.str(2);
    }
    return c;
}

std::optional<OutgoingBatch> Replica::next_batch(std::size_t max_events, std::size_t max_bytes) {
    auto q = store_.database().prepare(
        "SELECT o.command_id, e.position, e.event_id, e.stream, e.version, e.type, e.schema_version, e.payload, "
        "e.metadata, e.recorded_at FROM sync_outbox o JOIN sync_pending_events p ON p.command_id = o.command_id "
        "JOIN events e ON e.position = p.position WHERE o.state = 'pending' ORDER BY o.seq, e.position");
    OutgoingBatch batch;
    std::size_t bytes = 0;
    std::vector<StoredEvent> command_events;
    std::string command;
    auto close_command = [&] {
        if (command.empty()) return true;
        std::size_t more = 0;
        for (const auto& e : command_events) more += e.payload.size() + e.metadata.size() + 200;
        bool fits = batch.events.empty() ||
                    (batch.events.size() + command_events.size() <= max_events && bytes + more <= max_bytes);
        if (!fits) return false;
        for (auto& e : command_events) {
            batch.expected.try_emplace(e.stream, e.version - 1);
            batch.events.push_back(std::move(e));
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

IntegrateOutcome Replica::integrate(const std::vector<StoredEvent>& remote, std::int64_t next) {
    IntegrateOutcome out;
    auto& db = store_.database();
    store_.in_transaction([&] {
        auto local = db.prepare("SELECT position FROM events WHERE event_id = ?");
        // A command is pushed whole, but a pull page may end inside it: the part
        // seen marks the command acknowledged, so a replay keeps the rest.
        auto unpend = db.prepare("DELETE FROM sync_pending_events WHERE position = ? RETURNING command_id");
        auto mark_acknowledged = db.prepare("UPDATE sync_outbox SET acknowledged = 1 WHERE command_id = ?");
        std::unordered_set<std::string> pending_streams, pending_commands, accepted_elsewhere;
        {
            auto q = db.prepare(
                "SELECT DISTINCT e.stream FROM sync_pending_events p JOIN events e ON e.position = p.position");
            while (q.step()) pending_streams.insert(q.str(0));
            // Conflicts too: one whose earlier form the log turns out to hold is settled by it.
            auto c = db.prepare("SELECT command_id FROM sync_outbox");
            while (c.step()) pending_commands.insert(c.str(0));
        }
        auto is_local = [&](const StoredEvent& e) {
            local.bind(1, std::string_view(e.event_id));
            std::optional<std::int64_t> p;
            if (local.step()) p = local.int64(0);
            local.reset();
            return p;
        };

        std::size_t bytes = 0;
        for (const auto& e : remote) bytes += e.payload.size();
        bool bulk = bytes > kBulkBytes;
        if (bulk) store_.begin_bulk();

        bool replay = false;
        std::vector<const StoredEvent*> deferred;
        std::int64_t last = 0;
        for (const auto& e : remote) {
            if (auto p = is_local(e)) {
                // Our own event (or one integrated before): the server has it, so it is no longer pending.
                unpend.bind(1, *p);
                if (unpend.step()) {
                    auto command = unpend.str(0);
                    unpend.reset();
                    mark_acknowledged.bind(1, std::string_view(command)).run();
                } else {
                    unpend.reset();
                }
                ++out.acknowledged;
                continue;
            }
            if (!pending_commands.empty()) {
                auto cause = causation_of(e.metadata);
                if (pending_commands.count(cause)) {
                    // One of our commands was accepted in an earlier form whose answer we never
                    // saw (and that a replay has since decided again): the log's form wins.
                    accepted_elsewhere.insert(cause);
                    replay = true;
                }
            }
            if (!replay && pending_streams.count(e.stream)) replay = true;
            if (replay) {
                deferred.push_back(&e);
                continue;
            }
            auto decoded = e.decoded();
            last = store_.events().append_stored(e, decoded);
            store_.projections().apply(last, decoded);
            ++out.appended;
        }
        if (last) store_.projections().set_position(last);
        if (bulk) store_.end_bulk();
        else store_.projections().settle();

        if (replay) {
            out.replayed = true;
            drop_settled_commands();  // before the withdrawal leaves every command without pending events
            withdraw_pending();
            for (const StoredEvent* e : deferred) {
                if (is_local(*e)) continue;
                store_.events().append_stored(*e, e->decoded());
                ++out.appended;
            }
            auto forget = db.prepare("DELETE FROM sync_outbox WHERE command_id = ?");
            for (const auto& c : accepted_elsewhere) forget.bind(1, std::string_view(c)).run();
            rebuild_projections_here();
            redecide_pending(out);
        }
        drop_settled_commands();
        auto pulled = db.prepare("UPDATE sync_state SET pulled = ? WHERE id = 1");
        pulled.bind(1, next).run();
        return true;
    });
    return out;
}

// A pending command none of whose events is pending any more is in the shared log: done.
void Replica::drop_settled_commands() {
    store_.database().exec(
        "DELETE FROM sync_outbox WHERE state = 'pending' AND NOT EXISTS "
        "(SELECT 1 FROM sync_pending_events p WHERE p.command_id = sync_outbox.command_id)");
}

// Commands partly in the shared log already: a replay keeps their events.
#define kAcknowledged "(SELECT command_id FROM sync_outbox WHERE acknowledged = 1)"

// Copies every pending event whole into sync_withdrawn_events, then deletes it
// (the append-only trigger lets exactly these through). Snapshots of the
// streams concerned may include a withdrawn event: they go too (a cache).
void Replica::withdraw_pending() {
    auto& db = store_.database();
    db.exec("DELETE FROM snapshots WHERE stream IN (SELECT e.stream FROM sync_pending_events p JOIN events e ON "
            "e.position = p.position WHERE p.command_id NOT IN " kAcknowledged ")");
    auto now = now_iso_millis();
    auto copy = db.prepare(
        "INSERT OR REPLACE INTO sync_withdrawn_events (event_id, position, stream, version, type, schema_version, payload, "
        "metadata, recorded_at, command_id, withdrawn_at) SELECT e.event_id, e.position, e.stream, e.version, e.type, "
        "e.schema_version, e.payload, e.metadata, e.recorded_at, p.command_id, ? FROM sync_pending_events p "
        "JOIN events e ON e.position = p.position WHERE p.command_id NOT IN " kAcknowledged);
    copy.bind(1, std::string_view(now)).run();
    db.exec("DELETE FROM events WHERE position IN (SELECT position FROM sync_pending_events WHERE command_id NOT IN "
            kAcknowledged ")");
    db.exec("DELETE FROM sync_pending_events WHERE command_id NOT IN " kAcknowledged);
    store_.aggregates().clear();
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

int Replica::redecide_pending(IntegrateOutcome& out) {
    auto& db = store_.database();
    auto q = db.prepare(
        "SELECT command_id, command, legs, context FROM sync_outbox WHERE state = 'pending' AND acknowledged = 0 "
        "ORDER BY seq");
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
            std::optional<PendingCommand> pending;
            try {
                pending = outbox_command(r.id, r.command, r.legs, r.context);
            } catch (const StorageError& e) {
                // One unreadable command must not stop every later sync: the planner sees it instead.
                conflict.bind(1, std::string_view(std::string("cannot be read again: ") + e.what()))
                    .bind(2, std::string_view(r.id))
                    .run();
                ++out.new_conflicts;
                continue;
            }
            auto outcome = store_.redecide(*pending);
            if (outcome.ok) {
                ++out.redecided;
                continue;
            }
            reason = outcome.error.message;
        }
        conflict.bind(1, std::string_view(reason)).bind(2, std::string_view(r.id)).run();
        ++out.new_conflicts;
    }
    return out.redecided;
}

// An outbox row as the command it was, with the context it was issued in and
// its own command id (its new events' causation). Throws StorageError when
// the command cannot be read.
PendingCommand Replica::outbox_command(const std::string& command_id, std::string_view command,
                                       const std::optional<std::string>& legs, std::string_view context) {
    PendingCommand pending{decode_command(command, legs, [&] { return legs_of_command(command_id); }), {}};
    json ctx = json::parse(context, nullptr, false);
    if (ctx.is_object()) {
        pending.context.planner = ctx.value("planner", "");
        pending.context.host = ctx.value("host", "");
        pending.context.correlation_id = ctx.value("correlation_id", "");
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

CommandOutcome Replica::retry_conflict(const std::string& command_id) {
    auto& db = store_.database();
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
        PendingCommand pending = outbox_command(command_id, q.text(0), legs, q.text(2));
        q.reset();
        result = store_.redecide(pending);
        if (!result.ok) return false;
        // Moved to the end of the queue: it now comes after everything it was decided on.
        auto again = db.prepare(
            "UPDATE sync_outbox SET state = 'pending', reason = NULL, seq = (SELECT max(seq) + 1 FROM sync_outbox) "
            "WHERE command_id = ?");
        again.bind(1, std::string_view(command_id)).run();
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
