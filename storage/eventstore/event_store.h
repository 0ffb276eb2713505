// The local event store: one SQLite table, append-only, ordered twice.
//
//   position (global, 1, 2, 3, ...)   every event of every stream, in commit order
//   (stream, version)                 one aggregate's events, 1, 2, 3, ... with no gaps
//
// Appending names the version the caller last saw (optimistic concurrency):
// if the stream has moved on, the append fails with ConcurrencyError and writes
// nothing. Appends join the caller's transaction, so a command that touches
// three streams is three appends and one commit.
//
// An EventStore reads and writes one version of the schedule, its lineage
// (lineage.h): main by default, or a scenario, whose streams it names as main
// does; what it stores for a scenario carries the scenario's prefix.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/decision.h"
#include "storage/eventstore/lineage.h"
#include "storage/sqlite/database.h"

namespace rotaplan::storage {

// Who, where and why: stored with every event, shown in audit trails.
struct EventMetadata {
    std::string planner;         // who the shared log knows it by: the token's planner once the store is bound
    std::string host;
    std::string recorded_at;     // UTC, ISO 8601 with milliseconds
    std::string command_id;      // causation: the command that decided the event
    std::string correlation_id;  // the larger piece of work it belongs to (an import, an undo)
    std::string command;         // the command's name, for the audit trail
    std::string local_planner;   // the name it was made under here, when not `planner` (else empty, not written)
};

class ConcurrencyError : public StorageError {
public:
    ConcurrencyError(std::string stream, std::int64_t expected, std::int64_t actual);
    const std::string& stream() const { return stream_; }
    std::int64_t expected() const { return expected_; }
    std::int64_t actual() const { return actual_; }

private:
    std::string stream_;
    std::int64_t expected_, actual_;
};

struct StoredEvent {
    std::int64_t position = 0;
    std::string event_id;
    std::string stream;
    std::int64_t version = 0;
    std::string type;
    int schema_version = 0;
    std::string payload;  // as stored; decode() upcasts
    std::string metadata;
    std::string recorded_at;
    Event decoded() const;
};

class EventStore {
public:
    explicit EventStore(Database& db, Lineage lineage = {});

    Database& database() { return db_; }
    const Lineage& lineage() const { return lineage_; }
    std::int64_t stream_version(std::string_view stream);
    std::int64_t last_position();

    // Appends `events` to `stream` if it is at `expected_version`; returns their positions.
    std::vector<std::int64_t> append(const std::string& stream, std::int64_t expected_version, const Events& events,
                                     const EventMetadata& metadata);

    // A colleague's event, as the shared log holds it (storage/sync/replica.h): its
    // id, version, metadata and payload bytes are kept exactly. The stream
    // must be at event.version - 1 (else ConcurrencyError). Returns its local position.
    std::int64_t append_stored(const StoredEvent& event, const Event& decoded);
    // The same with the leg it concerns already known (an event moved, not decoded again).
    std::int64_t append_stored(const StoredEvent& event, const std::optional<std::string>& leg_id);

    // Events of one stream after `after_version`, in version order.
    void read_stream(std::string_view stream, std::int64_t after_version,
                     const std::function<void(std::int64_t version, const Event&)>& each);
    // All events of the lineage with after < position <= up_to, in position order.
    void read_all(std::int64_t after, std::int64_t up_to,
                  const std::function<void(std::int64_t position, const Event&)>& each);
    // Raw rows of the lineage (for audit trails) matching `where_sql`, their
    // streams named as the schedule names them.
    std::vector<StoredEvent> stored_events(std::string_view where_sql, const std::vector<std::string>& args);

    // The names `stream` is stored under in this lineage, and a condition on
    // the `stream` column that matches them (for stored_events).
    std::vector<std::string> stored_names(std::string_view stream) const;
    std::string stream_condition(std::string_view stream) const;

    // The last position recorded at or before an ISO 8601 UTC time (0 if none).
    std::int64_t position_at(std::string_view iso_time);

private:
    // How many events of `stream` `part` holds (its stored versions are 1..n).
    std::int64_t part_version(const Lineage::Part& part, std::string_view stream);

    Database& db_;
    Lineage lineage_;
    Statement version_, bounded_version_, insert_;
};

std::string metadata_json(const EventMetadata& m);
std::string now_iso_millis();
// A fresh UUID (version 7: time-ordered, see core/ids.h) for events, legs and rotations.
std::string random_uuid();

}  // namespace rotaplan::storage
