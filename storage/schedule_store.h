// The write side of a schedule database: commands in, events out.
//
//   Command --decide (core/planning)--> events per stream           -+
//           --append (EventStore)-----> events table                  |  one SQLite
//           --apply (Projections)-----> read-model tables             |  transaction
//           --journal-----------------> sync outbox: the command,    -+
//                                       pending until the server took it
//
// execute_batch() is group commit: several commands share one transaction and
// one fsync, each inside its own SAVEPOINT so that a refused command leaves no
// trace while its neighbours commit. No command is reported done before it is
// durable: with synchronous=FULL (the default here) that is when COMMIT
// returns; CommandQueue commits with NORMAL and reports after its own flush.
//
// A ScheduleStore owns one SQLite connection and is used from one thread (the
// StoreWorker's thread in the GUI, CommandQueue's writer in the bench, the
// main thread in the CLI).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/commands.h"
#include "storage/eventstore/aggregate_cache.h"
#include "storage/eventstore/event_store.h"
#include "storage/projections/projections.h"
#include "storage/sqlite/database.h"
#include "storage/sync/outbox.h"

namespace rotaplan::storage {

struct CommandContext {
    std::string planner;         // the name the planner works under here
    std::string host;
    std::string command_id;      // empty: a fresh UUID
    std::string correlation_id;  // empty: the command id
    // The name was guessed (the login name, or "planner"), not given: the
    // first sync records such changes under the token's planner without
    // asking (storage/sync/replica.h, "Identity").
    bool provisional = false;
};

struct CommandOutcome {
    bool ok = false;
    DomainError error;                    // when !ok
    std::vector<std::int64_t> positions;  // of the events written, when ok
};

// A command as a planner (or an import, or offline replay) issued it: what and
// in whose name. Pending, in this code, means issued but not yet accepted by
// the server (the sync outbox).
struct IssuedCommand {
    Command command;
    CommandContext context;
};

class ScheduleStore {
public:
    // `version`: "" or "main" for the published schedule, else a scenario's
    // name (UnknownScenario if none): every command then writes that
    // scenario's own events and reads its lineage (storage/projections/scenarios.h).
    explicit ScheduleStore(const std::string& path, const std::string& version = {});
    // The same for a lineage already resolved (a rebase's next generation).
    ScheduleStore(const std::string& path, const Lineage& lineage);

    CommandOutcome execute(const Command& command, const CommandContext& context);
    std::vector<CommandOutcome> execute_batch(const std::vector<IssuedCommand>& commands);

    // All or nothing, for imports: `body` runs inside one transaction and
    // issues commands with try_command(); the transaction commits only if
    // `body` returns true. A refused command leaves no trace either way.
    bool in_transaction(const std::function<bool()>& body);
    CommandOutcome try_command(const IssuedCommand& command) { return execute_one(command); }
    // Inside in_transaction, around a bulk import: the legs' secondary indexes
    // and the validation model are built once at the end instead of row by row.
    void begin_bulk();
    void end_bulk();
    // Inside in_transaction: undo what was tried since mark() (and forget
    // what the cache learnt from it).
    void mark();
    void undo_to_mark();
    void drop_mark();

    Database& database() { return db_; }
    EventStore& events() { return store_; }
    const Lineage& lineage() const { return store_.lineage(); }
    bool in_scenario() const { return !store_.lineage().is_main(); }
    // A scenario's read models after another process wrote to it (main's are the file's own).
    void catch_up();
    // Whether an offline replay has withdrawn events of this scenario since its
    // read models were built: they cannot be taken back row by row, so the
    // version must be opened again (main's replay rebuilds main's itself).
    bool version_withdrawn();
    ScheduleReader& reader() { return cache_; }
    // Subscribe here (on_change) to what each command changed in the validation model.
    ValidationModel& validation() { return projections_.validation(); }
    Projections& projections() { return projections_; }
    AggregateCache& aggregates() { return cache_; }

    // Offline replay (storage/sync/replica.h): decides a command of the sync outbox
    // again, inside the caller's transaction; its new events are pending under
    // the same command id. The outbox row itself is the caller's business.
    CommandOutcome redecide(const IssuedCommand& pending) { return execute_one(pending, Journal::Replay); }

private:
    ScheduleStore(Database db, const std::function<Lineage(Database&)>& version);
    // Record: a new command, journalled in the sync outbox with its events.
    // Replay: a command already in the outbox, decided again.
    enum class Journal { Record, Replay };
    CommandOutcome execute_one(const IssuedCommand& issued, Journal journal = Journal::Record);
    // After a failure that is rethrown: back to the command's savepoint, unless SQLite rolled back already.
    void rollback_failed_command();

    Database db_;
    Lineage lineage_;
    EventStore store_;
    Projections projections_;
    AggregateCache cache_;
    EventStore main_events_;         // the registry's, in a scenario (main's own streams)
    AggregateCache registry_cache_;
    Statement savepoint_, release_, rollback_to_;
    Statement mark_, undo_mark_, drop_mark_;
    Outbox outbox_;
    bool bulk_ = false;  // between begin_bulk and end_bulk (or the transaction's end)
    std::int64_t withdrawn_seen_ = 0;  // version_withdrawn(): this scenario's withdrawn events when opened
};

// The planner's name and host for event metadata: ROTAPLAN_PLANNER, else the
// login name or "planner" (then provisional: a guess).
CommandContext default_context();

}  // namespace rotaplan::storage
