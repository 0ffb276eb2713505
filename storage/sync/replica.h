// The desktop's side of sync: this store as one replica of the shared log.
//
//   local command --ScheduleStore--> events + sync_outbox (pending)
//                                         |  next_batch() --push--> server
//                                         |  acknowledge() <--200-- (no longer pending)
//                                         |  isolate()     <--400/403/409 naming events: their
//                                         |                   commands become conflicts
//   server log ----pull----> integrate(): colleague's events appended, or
//                                         offline replay when they meet pending local events,
//                                         or quarantine when this Rotaplan cannot read them
//
// Offline replay, in one transaction (docs/sync-protocol.md, "The client's side"):
//
//   before   [ shared ... ][ my pending P1 P2 ]        server: [ shared ... ][ colleague C ]
//   withdraw [ shared ... ]                    P1 P2 -> sync_withdrawn_events (kept whole)
//   append   [ shared ... ][ C ]
//   rebuild  projections from the events
//   decide   [ shared ... ][ C ][ P1' P2' ]   or a command becomes a conflict
//
// A colleague's event meets a pending one when they share a stream, or a fact
// beyond their streams that a decider reads (a rotation's name, a rotation's
// airplane: ScheduleReader's set-based lookups in core/planning.h).
//
// A scenario's pending commands (their streams are scenario/<id>/<gen>/...)
// stay put in main's replay, unless a colleague's event met them (the same
// scenario edited elsewhere, or its registry entry changed): then they are
// withdrawn with main's and marked, and once the replay has committed each is
// decided again on a store of that scenario's version, or becomes a conflict:
//
//   replay   [ shared ][ C in S ]   S's P1 P2 -> withdrawn, marked "replay in S"
//   commit
//   settle   store on S: [ S up to C ][ P1' P2' ]  (settle_scenario_replays)
//
// Identity (replica_identity.cpp): the store's planner is provisional until
// the first sync binds it to the planner the server knows the token as; the
// pending events are then re-signed under that name (withdrawn whole, like a
// replay, and appended again with the same payload, the name they were made
// under kept as metadata.local_planner), so that every replica stores the
// same bytes. Once bound, every command here is recorded under that name.
//
// Quarantine (replica_quarantine.cpp): an event of the shared log that this
// Rotaplan cannot read is kept in sync_quarantine, with the events of its
// stream that follow it; nothing else stops.
//
// Nothing here talks to the network (sync/client does) and everything runs on
// the thread that owns the ScheduleStore.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "storage/schedule_store.h"

namespace rotaplan::storage {

// Local events of whole pending commands, ready to push.
struct OutgoingBatch {
    std::map<std::string, std::int64_t> expected;  // stream -> version before the batch
    std::vector<StoredEvent> events;               // position: local
    std::vector<std::string> commands;             // ids of the commands it completes
    std::vector<std::size_t> command_of;           // per event: its command's index in `commands`
};

struct SyncCounts {
    std::int64_t pending = 0;      // commands not yet accepted by the server
    std::int64_t conflicts = 0;    // commands that need the planner
    std::int64_t quarantined = 0;  // shared-log events this Rotaplan cannot read
    std::int64_t pulled = 0;       // the last shared-log position integrated
    std::string last_sync;         // when a sync last completed (ISO 8601 UTC), empty if never
    std::string last_error;
    std::string planner;           // the planner the store is bound to; empty while provisional
};

struct Conflict {
    std::string command_id;
    std::string command;      // its name, e.g. "MoveLegs"
    std::string description;  // the command as JSON, for the planner to read
    std::string reason;       // why it no longer applies
    std::string planner;
    std::string issued_at;
};

// An event of the shared log kept aside: this Rotaplan cannot read it.
struct QuarantinedEvent {
    std::int64_t log_position = 0;
    std::string event_id;  // empty when the event's fields could not be read
    std::string stream, type, planner, recorded_at;
    std::string reason;
};

// An event of a pull answer whose fields could not be read at all.
struct UnreadableRemote {
    std::int64_t position = 0;  // 0 when unknown
    std::string event_id;       // empty when unknown
    std::string stream;         // empty when unknown
    std::string raw;            // the event as it arrived
    std::string reason;
};

struct IntegrateOutcome {
    int appended = 0;        // colleagues' events added
    int acknowledged = 0;    // our own events found in the shared log
    bool replayed = false;   // offline replay ran
    int redecided = 0;       // pending commands decided again and still applying
    int new_conflicts = 0;
    int quarantined = 0;     // events kept aside, unread
    int released = 0;        // events brought in from the quarantine
};

// What the first contact with a server makes of the store's planner.
struct Binding {
    enum class Outcome {
        Bound,         // the store's planner is the token's (now or already); push
        Mismatch,      // bound to another planner than the token's: push nothing
        NeedsConsent,  // pending changes were made under a name the planner gave, not the token's
    } outcome = Outcome::Bound;
    std::string planner;      // Bound: the store's planner; Mismatch: the planner it is bound to
    std::string bound_at, bound_server;  // Mismatch: since when and to which server
    bool newly_bound = false;
    int resigned = 0;                // Bound: pending events now recorded under the token's planner
    std::vector<std::string> names;  // NeedsConsent, or Bound with `held`: the names the changes were made under
    int changes = 0;                 // NeedsConsent: how many commands
    int held = 0;                    // Bound: changes made under another name the planner gave, now conflicts
    int held_behind = 0;             // Bound: changes that depended on them, now conflicts behind them
    int adopted = 0;                 // adopt: held changes decided again as the token's planner's
};

// The same from any connection to the store (stats, read-only tools).
SyncCounts sync_counts(Database& db);

class Replica {
public:
    explicit Replica(ScheduleStore& store);

    SyncCounts counts();
    // The pending events of the oldest pending commands, whole commands only,
    // up to about the limits (a single larger command goes alone).
    // `scenarios` false: a server of a protocol without scenarios gets none
    // (no scenario's own event, no registry entry); they wait.
    std::optional<OutgoingBatch> next_batch(std::size_t max_events, std::size_t max_bytes,
                                            std::size_t max_commands = std::numeric_limits<std::size_t>::max(),
                                            bool scenarios = true);
    // Pending commands that write a scenario or its registry entry.
    std::int64_t scenario_commands_pending();
    // The server accepted `batch` at `positions` (one per event, in batch
    // order): its events and commands are no longer pending. When they
    // directly follow what was pulled, the pull cursor moves past them, so
    // that a season just pushed is not downloaded again.
    void acknowledge(const OutgoingBatch& batch, const std::vector<std::int64_t>& positions);
    // Events of the shared log after pulled(), in log order, up to `next`;
    // `unreadable`: those of the same answer whose fields could not be read.
    IntegrateOutcome integrate(const std::vector<StoredEvent>& remote, std::int64_t next,
                               const std::vector<UnreadableRemote>& unreadable = {});

    // The server refused these commands' events (a push it will never take as
    // it is): each becomes a conflict with its reason, and the other pending
    // commands are decided again without them (an offline replay).
    IntegrateOutcome isolate(const std::vector<std::pair<std::string, std::string>>& commands_and_reasons);

    // Identity (replica_identity.cpp). The server knows the token as
    // `token_planner`: bind the store to it, re-signing pending events made
    // under other names; `adopt` takes over changes made under a name the
    // planner gave, and rebinds a store bound to another planner.
    Binding bind(const std::string& token_planner, std::string_view server, bool adopt);

    // Quarantine (replica_quarantine.cpp).
    std::vector<QuarantinedEvent> quarantined();
    // Pending commands with events on a stream that holds an event kept
    // aside: they cannot be accepted until it is read, so they become conflicts.
    IntegrateOutcome isolate_blocked();

    std::vector<Conflict> conflicts();
    bool drop_conflict(const std::string& command_id);
    int drop_all_conflicts();
    // Decides a conflicting command again on the current state (after the
    // planner changed what stood in its way): ok, or still a conflict.
    // `new_name`: a rotation's creation or renaming, under another name.
    CommandOutcome retry_conflict(const std::string& command_id,
                                  const std::optional<std::string>& new_name = std::nullopt);

    void record_sync(std::string_view server, const std::optional<std::string>& error);

private:
    // integrate()'s page and its steps (replica.cpp).
    struct Integration;
    void replay_pending(IntegrateOutcome& out, const std::set<std::string>& scenarios,
                        const std::function<void()>& meanwhile);
    // A replay that met scenarios' pending commands (replica.cpp).
    void mark_for_scenario_replay(const std::set<std::string>& scenarios);
    void forked_on_withdrawn(std::set<std::string>& scenarios);
    void settle_scenario_replays(IntegrateOutcome& out);
    std::string scenario_of_command(const std::string& command_id);
    // keep_scenarios: a replay's (scenarios' commands stay as they are); a re-signing takes every one.
    void withdraw_pending(bool keep_scenarios);
    void drop_settled_commands();
    std::vector<Leg> legs_of_command(const std::string& command_id);
    IssuedCommand outbox_command(const std::string& command_id, std::string_view command,
                                  const std::optional<std::string>& legs, std::string_view context);
    void rebuild_projections_here();
    // The pending commands `which` selects (main's when empty), in order; `where` starts a conflict's reason.
    int redecide_pending(IntegrateOutcome& out, const std::string& which = {}, const std::string& where = {});
    // What pending events set: their streams and the facts beyond them that deciders read.
    std::set<std::string> pending_keys();

    int resign_pending(const std::string& planner);

    std::set<std::string> blocked_streams();
    void quarantine(std::int64_t log_position, const StoredEvent* e, const UnreadableRemote* raw, const std::string& reason);
    // Why this Rotaplan cannot read `e`, or nullopt and the event read into `decoded`.
    std::optional<std::string> unreadable(const StoredEvent& e, Event* decoded = nullptr);
    int release_quarantined();

    ScheduleStore& store_;
};

}  // namespace rotaplan::storage
