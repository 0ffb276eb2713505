// The desktop's side of sync: this store as one replica of the shared log.
//
//   local command --ScheduleStore--> events + sync_outbox (pending)
//                                         |  next_batch() --push--> server
//                                         |  acknowledge() <--200-- (no longer pending)
//   server log ----pull----> integrate(): colleague's events appended, or
//                                         offline replay when they touch a
//                                         stream with pending local events
//
// Offline replay, in one transaction (docs/sync-protocol.md, "The client's side"):
//
//   before   [ shared ... ][ my pending P1 P2 ]        server: [ shared ... ][ colleague C ]
//   withdraw [ shared ... ]                    P1 P2 -> sync_withdrawn_events (kept whole)
//   append   [ shared ... ][ C ]
//   rebuild  projections from the events
//   decide   [ shared ... ][ C ][ P1' P2' ]   or a command becomes a conflict
//
// Nothing here talks to the network (sync/client does) and everything runs on
// the thread that owns the ScheduleStore.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "schedule_store.h"

namespace rotaplan::storage {

// Local events of whole pending commands, ready to push.
struct OutgoingBatch {
    std::map<std::string, std::int64_t> expected;  // stream -> version before the batch
    std::vector<StoredEvent> events;               // position: local
    std::vector<std::string> commands;             // ids of the commands it completes
};

struct SyncCounts {
    std::int64_t pending = 0;     // commands not yet accepted by the server
    std::int64_t conflicts = 0;   // commands that need the planner
    std::int64_t pulled = 0;      // the last shared-log position integrated
    std::string last_sync;        // when a sync last completed (ISO 8601 UTC), empty if never
    std::string last_error;
};

struct Conflict {
    std::string command_id;
    std::string command;      // its name, e.g. "MoveLegs"
    std::string description;  // the command as JSON, for the planner to read
    std::string reason;       // why it no longer applies
    std::string planner;
    std::string issued_at;
};

struct IntegrateOutcome {
    int appended = 0;        // colleagues' events added
    int acknowledged = 0;    // our own events found in the shared log
    bool replayed = false;   // offline replay ran
    int redecided = 0;       // pending commands decided again and still applying
    int new_conflicts = 0;
};

// The same from any connection to the store (stats, read-only tools).
SyncCounts sync_counts(Database& db);

class Replica {
public:
    explicit Replica(ScheduleStore& store);

    SyncCounts counts();
    // The pending events of the oldest pending commands, whole commands only,
    // up to about the limits (a single larger command goes alone).
    std::optional<OutgoingBatch> next_batch(std::size_t max_events, std::size_t max_bytes);
    // The server accepted `batch` at `positions` (one per event, in batch
    // order): its events and commands are no longer pending. When they
    // directly follow what was pulled, the pull cursor moves past them, so
    // that a season just pushed is not downloaded again.
    void acknowledge(const OutgoingBatch& batch, const std::vector<std::int64_t>& positions);
    // Events of the shared log after pulled(), in log order, up to `next`.
    IntegrateOutcome integrate(const std::vector<StoredEvent>& remote, std::int64_t next);

    std::vector<Conflict> conflicts();
    bool drop_conflict(const std::string& command_id);
    int drop_all_conflicts();
    // Decides a conflicting command again on the current state (after the
    // planner changed what stood in its way): ok, or still a conflict.
    CommandOutcome retry_conflict(const std::string& command_id);

    void record_sync(std::string_view server, const std::optional<std::string>& error);

private:
    void withdraw_pending();
    void drop_settled_commands();
    std::vector<Leg> legs_of_command(const std::string& command_id);
    PendingCommand outbox_command(const std::string& command_id, std::string_view command,
                                  const std::optional<std::string>& legs, std::string_view context);
    void rebuild_projections_here();
    int redecide_pending(IntegrateOutcome& out);

    ScheduleStore& store_;
};

}  // namespace rotaplan::storage
