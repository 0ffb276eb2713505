// Events of the shared log this Rotaplan cannot read, kept aside.
//
// An older or newer server may have let through an event that this Rotaplan
// cannot read: an unknown type, a schema version newer than it knows, a
// payload that does not decode, fields that are not there, a version that
// does not follow its stream, an event id another event holds here. Such an
// event is never a wall: it goes to sync_quarantine whole, and so does every
// later event of its stream (they cannot apply without it); everything else
// comes in. Pending commands on such a stream become conflicts
// (isolate_blocked): the server would refuse them for ever.
//
// At every pull the quarantine is read again, in log order: a Rotaplan that
// now reads an event brings it in, and the events of its stream behind it.
#include <nlohmann/json.hpp>

#include "storage/eventstore/event_codec.h"
#include "storage/sync/replica.h"

namespace rotaplan::storage {

std::set<std::string> Replica::blocked_streams() {
    std::set<std::string> out;
    auto q = store_.database().prepare("SELECT DISTINCT stream FROM sync_quarantine WHERE stream IS NOT NULL");
    while (q.step()) out.insert(q.str(0));
    return out;
}

std::optional<std::string> Replica::unreadable(const StoredEvent& e, Event* decoded) {
    if (e.event_id.empty() || e.stream.empty()) return "it has no event id or no stream";
    if (e.version < 1) return "its version " + std::to_string(e.version) + " is not 1 or more";
    if (e.schema_version < 1) return "its schema version " + std::to_string(e.schema_version) + " is not 1 or more";
    // A newer shape read as this one's could be misread: not decoded at all.
    // (current_schema_version says 1 for a type it does not know; decode then names it.)
    int known = current_schema_version(e.type);
    if (e.schema_version > known)
        return e.type + " v" + std::to_string(e.schema_version) + " was written by a newer Rotaplan (this one reads up to v" +
               std::to_string(known) + ")";
    try {
        Event event = decode(e.type, e.schema_version, e.payload);
        if (decoded) *decoded = std::move(event);
    } catch (const StorageError& err) {
        return std::string(err.what());
    }
    return std::nullopt;
}

void Replica::quarantine(std::int64_t log_position, const StoredEvent* e, const UnreadableRemote* raw,
                         const std::string& reason) {
    auto q = store_.database().prepare(
        "INSERT INTO sync_quarantine (log_position, event_id, stream, version, type, schema_version, payload, metadata, "
        "recorded_at, raw, reason, quarantined_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    q.bind(1, log_position);
    if (e) {
        q.bind(2, std::string_view(e->event_id))
            .bind(3, std::string_view(e->stream))
            .bind(4, e->version)
            .bind(5, std::string_view(e->type))
            .bind(6, e->schema_version)
            .bind(7, std::string_view(e->payload))
            .bind(8, std::string_view(e->metadata))
            .bind(9, std::string_view(e->recorded_at))
            .bind(10, std::nullopt);
    } else {
        for (int i = 2; i <= 9; ++i) q.bind(i, std::nullopt);
        if (!raw->event_id.empty()) q.bind(2, std::string_view(raw->event_id));
        if (!raw->stream.empty()) q.bind(3, std::string_view(raw->stream));
        q.bind(10, std::string_view(raw->raw));
    }
    q.bind(11, std::string_view(reason)).bind(12, std::string_view(now_iso_millis())).run();
}

// Inside integrate's transaction: every kept event this Rotaplan reads now,
// whose stream is where it continues, comes in, in log order.
int Replica::release_quarantined() {
    auto& db = store_.database();
    if (db.scalar("SELECT count(*) FROM sync_quarantine WHERE raw IS NULL") == 0) return 0;
    struct Kept {
        std::int64_t seq;
        StoredEvent event;
    };
    std::vector<Kept> kept;
    {
        auto q = db.prepare(
            "SELECT seq, log_position, event_id, stream, version, type, schema_version, payload, metadata, recorded_at, "
            "raw IS NOT NULL FROM sync_quarantine ORDER BY log_position, seq");
        while (q.step()) {
            if (q.int64(10)) {
                // Its fields were never read: it holds its stream (if known) for good.
                kept.push_back({-1, {0, {}, q.is_null(3) ? std::string() : q.str(3), 0, {}, 0, {}, {}, {}}});
                continue;
            }
            kept.push_back({q.int64(0),
                            {q.int64(1), q.str(2), q.str(3), q.int64(4), q.str(5), int(q.int64(6)), q.str(7), q.str(8),
                             q.str(9)}});
        }
    }
    std::set<std::string> still;  // streams held by an event still kept
    auto forget = db.prepare("DELETE FROM sync_quarantine WHERE seq = ?");
    int released = 0;
    std::int64_t last = 0;
    for (const auto& k : kept) {
        const auto& e = k.event;
        Event decoded;
        if (k.seq < 0 || still.count(e.stream) || unreadable(e, &decoded) ||
            store_.events().stream_version(e.stream) != e.version - 1) {
            still.insert(e.stream);
            continue;
        }
        last = store_.events().append_stored(e, decoded);
        if (!e.stream.starts_with("scenario/")) store_.projections().apply(last, decoded);  // main's read models are main's
        forget.bind(1, k.seq).run();
        ++released;
    }
    if (last) {
        store_.projections().set_position(last);
        store_.projections().settle();
    }
    return released;
}

std::vector<QuarantinedEvent> Replica::quarantined() {
    auto q = store_.database().prepare(
        "SELECT log_position, coalesce(event_id, ''), coalesce(stream, ''), coalesce(type, ''), "
        "coalesce(json_extract(CASE WHEN json_valid(metadata) THEN metadata END, '$.planner'), ''), "
        "coalesce(recorded_at, ''), reason FROM sync_quarantine ORDER BY log_position, seq");
    std::vector<QuarantinedEvent> out;
    while (q.step()) out.push_back({q.int64(0), q.str(1), q.str(2), q.str(3), q.str(4), q.str(5), q.str(6)});
    return out;
}

IntegrateOutcome Replica::isolate_blocked() {
    auto blocked = blocked_streams();
    if (blocked.empty()) return {};
    std::vector<std::pair<std::string, std::string>> stuck;
    auto q = store_.database().prepare(
        "SELECT DISTINCT p.command_id, e.stream FROM sync_pending_events p JOIN events e ON e.position = p.position "
        "JOIN sync_outbox o ON o.command_id = p.command_id WHERE o.state = 'pending' AND o.acknowledged = 0");
    std::set<std::string> seen;
    while (q.step()) {
        auto command = q.str(0), stream = q.str(1);
        if (!blocked.count(stream) || !seen.insert(command).second) continue;
        stuck.emplace_back(command, "stream " + stream +
                                        " holds a colleague's event this Rotaplan cannot read (rotaplan-cli conflicts "
                                        "lists it), so the server cannot take this change; retry it once that event is "
                                        "read, or drop it");
    }
    return isolate(stuck);
}

}  // namespace rotaplan::storage
