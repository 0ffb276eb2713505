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

EventStore::EventStore(Database& db)
    : db_(db),
      version_(db.prepare("SELECT coalesce(max(version), 0) FROM events WHERE stream = ?")),
      insert_(db.prepare(
          "INSERT INTO events (event_id, stream, version, type, schema_version, payload, metadata, recorded_at, leg_id) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {}

std::int64_t EventStore::stream_version(std::string_view stream) {
    version_.bind(1, stream);
    version_.step();
    auto v = version_.int64(0);
    version_.reset();
    return v;
}

std::int64_t EventStore::last_position() { return db_.scalar("SELECT coalesce(max(position), 0) FROM events"); }

std::vector<std::int64_t> EventStore::append(const std::string& stream, std::int64_t expected_version,
                                             const Events& events, const EventMetadata& metadata) {
    auto actual = stream_version(stream);
    if (actual != expected_version) throw ConcurrencyError(stream, expected_version, actual);
    std::string meta = metadata_json(metadata);
    std::vector<std::int64_t> positions;
    positions.reserve(events.size());
    std::int64_t version = expected_version;
    for (const Event& e : events) {
        auto enc = encode(e);
        insert_.bind(1, random_uuid())
            .bind(2, stream)
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
        "SELECT version, type, schema_version, payload FROM events WHERE stream = ? AND version > ? ORDER BY version");
    q.bind(1, stream).bind(2, after_version);
    while (q.step()) each(q.int64(0), decode(q.text(1), int(q.int64(2)), q.text(3)));
}

void EventStore::read_all(std::int64_t after, std::int64_t up_to,
                          const std::function<void(std::int64_t, const Event&)>& each) {
    auto q = db_.prepare(
        "SELECT position, type, schema_version, payload FROM events WHERE position > ? AND position <= ? ORDER BY position");
    q.bind(1, after).bind(2, up_to);
    while (q.step()) each(q.int64(0), decode(q.text(1), int(q.int64(2)), q.text(3)));
}

std::vector<StoredEvent> EventStore::stored_events(std::string_view where_sql, const std::vector<std::string>& args) {
    auto q = db_.prepare(
        "SELECT position, event_id, stream, version, type, schema_version, payload, metadata, recorded_at FROM events WHERE " +
        std::string(where_sql) + " ORDER BY position");
    for (std::size_t i = 0; i < args.size(); ++i) q.bind(int(i + 1), std::string_view(args[i]));
    std::vector<StoredEvent> out;
    while (q.step())
        out.push_back({q.int64(0), q.str(1), q.str(2), q.int64(3), q.str(4), int(q.int64(5)), q.str(6), q.str(7), q.str(8)});
    return out;
}

std::int64_t EventStore::position_at(std::string_view iso_time) {
    auto q = db_.prepare("SELECT coalesce(max(position), 0) FROM events WHERE recorded_at <= ?");
    q.bind(1, iso_time);
    q.step();
    return q.int64(0);
}

}  // namespace rotaplan::storage
