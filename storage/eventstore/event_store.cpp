#include "storage/eventstore/event_store.h"
#include "storage/eventstore/system_mint.h"

#include <chrono>
#include <cstdio>
#include <random>

#include <nlohmann/json.hpp>

#include "storage/eventstore/event_codec.h"

namespace rotaplan::storage {

ConcurrencyError::ConcurrencyError(std::string stream, std::int64_t expected, std::int64_t actual)
    : StorageError("stream " + stream + " is at version " + std::to_string(actual) + ", not " +
                       std::to_string(expected) + " as expected: someone else changed it first",
                   SQLITE_CONSTRAINT),
      stream_(std::move(stream)),
      expected_(expected),
      actual_(actual) {}

Event StoredEvent::decoded() const { return decode(type, schema_version, payload); }

std::string random_uuid() { return system_mint().next().str(); }

std::string now_iso_millis() {
    using namespace std::chrono;
    auto now = time_point_cast<milliseconds>(system_clock::now());
    auto ms = now.time_since_epoch().count();
    Instant minute{ms / 60000};
    auto iso = format_instant(minute);  // "YYYY-MM-DDTHH:MMZ"
    char tail[16];
    std::snprintf(tail, sizeof tail, ":%02d.%03dZ", int((ms / 1000) % 60), int(ms % 1000));
    return iso.substr(0, iso.size() - 1) + tail;
}

std::string metadata_json(const EventMetadata& m) {
    nlohmann::json j{{"planner", m.planner},
                     {"host", m.host},
                     {"time", m.recorded_at},
                     {"causation_id", m.command_id},
                     {"correlation_id", m.correlation_id},
                     {"command", m.command}};
    if (!m.local_planner.empty()) j["local_planner"] = m.local_planner;
    return j.dump();
}

EventStore::EventStore(Database& db, Lineage lineage)
    : db_(db),
      lineage_(std::move(lineage)),
      version_(db.prepare("SELECT coalesce(max(version), 0) FROM events WHERE stream = ?")),
      bounded_version_(db.prepare("SELECT coalesce(max(version), 0) FROM events WHERE stream = ? AND position <= ?")),
      insert_(db.prepare(
          "INSERT INTO events (event_id, stream, version, type, schema_version, payload, metadata, recorded_at, leg_id) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {}

std::int64_t EventStore::stream_version(std::string_view stream) {
    // Main's streams by their names alone (a sync's colleague event, too, is
    // appended under the name it has in the shared log).
    if (lineage_.is_main() || stream.starts_with("scenario/")) {
        version_.bind(1, stream);
        version_.step();
        auto v = version_.int64(0);
        version_.reset();
        return v;
    }
    // Each part numbers its own events of a stream 1, 2, 3, ... (as the shared
    // log checks every stream it keeps): the aggregate's version is their sum.
    std::int64_t v = 0;
    for (const Lineage::Part& part : lineage_.parts) v += part_version(part, stream);
    return v;
}

std::int64_t EventStore::part_version(const Lineage::Part& part, std::string_view stream) {
    bounded_version_.bind(1, part.prefix + std::string(stream)).bind(2, part.up_to);
    bounded_version_.step();
    auto v = bounded_version_.int64(0);
    bounded_version_.reset();
    return v;
}

std::int64_t EventStore::last_position() {
    // From the end backwards: the newest events are nearly always the version's own.
    return db_.scalar("SELECT coalesce((SELECT position FROM events WHERE " + lineage_.sql() +
                      " ORDER BY position DESC LIMIT 1), 0)");
}

std::vector<std::int64_t> EventStore::append(const std::string& stream, std::int64_t expected_version,
                                             const Events& events, const EventMetadata& metadata) {
    auto actual = stream_version(stream);
    if (actual != expected_version) throw ConcurrencyError(stream, expected_version, actual);
    const std::string stored = lineage_.physical(stream);
    // In a scenario the stored versions are its own part's (lineage.h): the base's go before them.
    const std::int64_t base = lineage_.is_main() ? 0 : actual - part_version(lineage_.parts.front(), stream);
    std::string meta = metadata_json(metadata);
    std::vector<std::int64_t> positions;
    positions.reserve(events.size());
    std::int64_t version = expected_version - base;
    for (const Event& e : events) {
        auto enc = encode(e);
        insert_.bind(1, random_uuid())
            .bind(2, stored)
            .bind(3, ++version)
            .bind(4, std::string_view(enc.type))
            .bind(5, enc.schema_version)
            .bind_static(6, enc.payload)  // a season's event is 300 KB: not copied, it outlives run()
            .bind_static(7, meta)
            .bind(8, metadata.recorded_at);
        if (auto leg = subject_leg(e)) insert_.bind(9, leg->value.str());
        else insert_.bind(9, std::nullopt);
        try {
            insert_.run();
        } catch (const StorageError& err) {
            insert_.reset();
            // The UNIQUE(stream, version) index is the last word on concurrency.
            if (err.code() == SQLITE_CONSTRAINT_UNIQUE) throw ConcurrencyError(stream, expected_version, stream_version(stream));
            throw;
        }
        positions.push_back(sqlite3_last_insert_rowid(db_.handle()));
    }
    return positions;
}

std::int64_t EventStore::append_stored(const StoredEvent& e, const Event& decoded) {
    std::optional<std::string> leg;
    if (auto id = subject_leg(decoded)) leg = id->value.str();
    return append_stored(e, leg);
}

std::int64_t EventStore::append_stored(const StoredEvent& e, const std::optional<std::string>& leg) {
    auto actual = stream_version(e.stream);
    if (actual != e.version - 1) throw ConcurrencyError(e.stream, e.version - 1, actual);
    insert_.bind(1, std::string_view(e.event_id))
        .bind(2, std::string_view(e.stream))
        .bind(3, e.version)
        .bind(4, std::string_view(e.type))
        .bind(5, e.schema_version)
        .bind(6, std::string_view(e.payload))
        .bind(7, std::string_view(e.metadata))
        .bind(8, std::string_view(e.recorded_at))
        .bind(9, leg);
    insert_.run();
    return sqlite3_last_insert_rowid(db_.handle());
}

void EventStore::read_stream(std::string_view stream, std::int64_t after_version,
                             const std::function<void(std::int64_t, const Event&)>& each) {
    auto q = db_.prepare(
        "SELECT version, type, schema_version, payload FROM events WHERE stream = ? AND version > ? AND position <= ? "
        "ORDER BY version");
    // The base's part first, the version's own last; each part's versions
    // follow the parts before it (lineage.h).
    std::int64_t offset = 0;
    for (auto part = lineage_.parts.rbegin(); part != lineage_.parts.rend(); ++part) {
        q.bind(1, part->prefix + std::string(stream)).bind(2, after_version - offset).bind(3, part->up_to);
        std::int64_t last = 0;
        while (q.step()) {
            last = q.int64(0);
            each(offset + last, decode(q.text(1), int(q.int64(2)), q.text(3)));
        }
        q.reset();
        offset += lineage_.parts.size() == 1 ? last : part_version(*part, stream);
    }
}

void EventStore::read_all(std::int64_t after, std::int64_t up_to,
                          const std::function<void(std::int64_t, const Event&)>& each) {
    auto q = db_.prepare("SELECT position, type, schema_version, payload FROM events WHERE position > ? AND position <= ? AND " +
                         lineage_.sql() + " ORDER BY position");
    q.bind(1, after).bind(2, up_to);
    while (q.step()) each(q.int64(0), decode(q.text(1), int(q.int64(2)), q.text(3)));
}

std::vector<StoredEvent> EventStore::stored_events(std::string_view where_sql, const std::vector<std::string>& args) {
    auto q = db_.prepare(
        "SELECT position, event_id, stream, version, type, schema_version, payload, metadata, recorded_at FROM events WHERE (" +
        std::string(where_sql) + ") AND " + lineage_.sql() + " ORDER BY position");
    for (std::size_t i = 0; i < args.size(); ++i) q.bind(int(i + 1), std::string_view(args[i]));
    std::vector<StoredEvent> out;
    while (q.step())
        out.push_back({q.int64(0), q.str(1), std::string(lineage_.logical(q.text(2))), q.int64(3), q.str(4),
                       int(q.int64(5)), q.str(6), q.str(7), q.str(8)});
    return out;
}

std::vector<std::string> EventStore::stored_names(std::string_view stream) const {
    std::vector<std::string> out;
    for (const Lineage::Part& part : lineage_.parts) out.push_back(part.prefix + std::string(stream));
    return out;
}

std::string EventStore::stream_condition(std::string_view stream) const {
    // Stream names are codes, dates and UUIDs (core/events.h); a quote would be doubled all the same.
    std::string out = "stream IN (";
    bool first = true;
    for (const std::string& name : stored_names(stream)) {
        out += first ? "'" : ", '";
        first = false;
        for (char c : name) out += c == '\'' ? std::string("''") : std::string(1, c);
        out += "'";
    }
    return out + ")";
}

std::int64_t EventStore::position_at(std::string_view iso_time) {
    auto q = db_.prepare("SELECT coalesce(max(position), 0) FROM events WHERE recorded_at <= ? AND " + lineage_.sql());
    q.bind(1, iso_time);
    q.step();
    return q.int64(0);
}

}  // namespace rotaplan::storage
