#include "storage/schedule_store.h"

#include <unistd.h>

#include <cstdlib>

#include "storage/open_store.h"
#include "storage/projections/scenarios.h"
#include "storage/sqlite/schema.h"

namespace rotaplan::storage {

namespace {

// A scenario's own events that offline replays withdrew (its base's up to the fork are the base's).
std::int64_t withdrawn_of(Database& db, const Lineage& lineage) {
    Lineage own;
    for (const auto& part : lineage.parts)
        if (!part.prefix.empty()) own.parts.push_back(part);
    if (own.parts.empty()) return 0;
    return db.scalar("SELECT count(*) FROM main.sync_withdrawn_events WHERE " + own.sql());
}

}  // namespace

ScheduleStore::ScheduleStore(const std::string& path, const std::string& version)
    : ScheduleStore(open_store(path), [&](Database& db) { return prepare_version(db, version); }) {}

ScheduleStore::ScheduleStore(const std::string& path, const Lineage& lineage)
    : ScheduleStore(open_store(path), [&](Database& db) {
          project_version(db, lineage);
          return lineage;
      }) {}

// The version's read models are made on the connection before anything
// prepares a statement against them.
ScheduleStore::ScheduleStore(Database db, const std::function<Lineage(Database&)>& version)
    : db_(std::move(db)),
      lineage_(version(db_)),
      store_(db_, lineage_),
      projections_(db_),
      cache_(db_, store_),
      main_events_(db_),
      registry_cache_(db_, main_events_),
      savepoint_(db_.prepare("SAVEPOINT command")),
      release_(db_.prepare("RELEASE command")),
      rollback_to_(db_.prepare("ROLLBACK TO command")),
      mark_(db_.prepare("SAVEPOINT mark")),
      undo_mark_(db_.prepare("ROLLBACK TO mark")),
      drop_mark_(db_.prepare("RELEASE mark")),
      outbox_(db_),
      withdrawn_seen_(withdrawn_of(db_, lineage_)) {}

bool ScheduleStore::version_withdrawn() { return in_scenario() && withdrawn_of(db_, lineage()) != withdrawn_seen_; }

void ScheduleStore::catch_up() {
    if (in_scenario() && catch_up_version(projections_, store_)) cache_.clear();
}

bool ScheduleStore::in_transaction(const std::function<bool()>& body) {
    // Whatever way the transaction ends, a bulk import's deferral ends with it
    // (the dropped indexes come back with a rollback; the model must too).
    struct EndBulk {
        ScheduleStore& s;
        ~EndBulk() {
            if (s.bulk_) s.projections_.validation().defer(false);
            s.bulk_ = false;
        }
    } end_bulk{*this};
    try {
        Transaction tx(db_);
        catch_up();
        if (!body()) {
            cache_.clear();
            registry_cache_.clear();
            projections_.validation().discard();
            return false;  // ~Transaction rolls back
        }
        tx.commit();
        return true;
    } catch (...) {
        cache_.clear();
        registry_cache_.clear();
        projections_.validation().discard();
        throw;
    }
}

void ScheduleStore::begin_bulk() {
    drop_leg_indexes(db_);
    projections_.validation().defer(true);
    bulk_ = true;
}

void ScheduleStore::end_bulk() {
    create_leg_indexes(db_);
    projections_.validation().defer(false);
    bulk_ = false;
    projections_.validation().rebuild();
}

void ScheduleStore::mark() { mark_.run(); }

void ScheduleStore::undo_to_mark() {
    undo_mark_.run();
    drop_mark_.run();
    cache_.clear();
    registry_cache_.clear();
    projections_.validation().discard();
}

void ScheduleStore::drop_mark() { drop_mark_.run(); }

// SQLite rolls a whole transaction back by itself after some failures (a full
// disk, an I/O error, no memory); the savepoint is gone with it then, and
// ROLLBACK TO would fail with "no such savepoint", hiding the failure that
// matters. The failure being handled is rethrown by the caller either way.
void ScheduleStore::rollback_failed_command() {
    if (sqlite3_get_autocommit(db_.handle())) return;  // no transaction left to roll back into
    try {
        rollback_to_.run();
        release_.run();
    } catch (const StorageError&) {
        // The enclosing transaction is rolled back whole by its owner.
    }
}

CommandOutcome ScheduleStore::execute(const Command& command, const CommandContext& context) {
    return execute_batch({IssuedCommand{command, context}}).front();
}

CommandOutcome ScheduleStore::execute_one(const IssuedCommand& issued, Journal mode) {
    CommandOutcome out;
    // The scenario registry is main's whatever version this store works in.
    const bool registry = in_scenario() && registry_command(issued.command);
    EventStore& events = registry ? main_events_ : store_;
    AggregateCache& cache = registry ? registry_cache_ : cache_;
    auto plan = decide(cache, issued.command);
    if (!plan) {
        out.error = plan.error();
        return out;
    }
    EventMetadata meta;
    // A store bound to a planner by its first sync records everything under
    // that name, and the name the planner works under here beside it when
    // that differs (the same as the binding does to earlier changes).
    std::string bound = outbox_.bound_planner();
    meta.planner = bound.empty() ? issued.context.planner : bound;
    if (meta.planner != issued.context.planner) meta.local_planner = issued.context.planner;
    meta.host = issued.context.host;
    meta.recorded_at = now_iso_millis();
    meta.command_id = issued.context.command_id.empty() ? random_uuid() : issued.context.command_id;
    meta.correlation_id = issued.context.correlation_id.empty() ? meta.command_id : issued.context.correlation_id;
    meta.command = command_name(issued.command);

    savepoint_.run();
    try {
        for (const StreamChange& change : *plan) {
            auto positions = events.append(change.stream, change.expected_version, change.events, meta);
            for (std::size_t i = 0; i < positions.size(); ++i) projections_.apply(positions[i], change.events[i]);
            out.positions.insert(out.positions.end(), positions.begin(), positions.end());
        }
        // A scenario journals its commands beside their events, so that a
        // rebase or a promotion can decide them again (scenarios.h, write side).
        if (in_scenario() && !registry && !out.positions.empty()) {
            Events entry{outbox_.journal_entry(issued.command)};
            auto id = Uuid::parse(meta.command_id);  // a command id from elsewhere may be any text
            auto at = store_.append(journal_stream(id ? *id : *Uuid::parse(random_uuid())), 0, entry, meta);
            projections_.apply(at.front(), entry.front());
            out.positions.push_back(at.front());
        }
        // Pending until the server accepts the events (storage/sync/outbox.h).
        if (mode == Journal::Record)
            outbox_.record(issued.command, meta, issued.context.planner, issued.context.provisional, out.positions);
        else
            outbox_.pending(meta.command_id, out.positions);
        if (!out.positions.empty()) projections_.set_position(out.positions.back());
        projections_.settle();
        for (const StreamChange& change : *plan) cache.applied(change);
        release_.run();
    } catch (const ConcurrencyError& e) {
        // The neighbours of a refused command commit: its undo must succeed or fail loudly.
        projections_.validation().discard();
        rollback_to_.run();
        release_.run();
        cache_.clear();
        registry_cache_.clear();
        out = {};
        out.error = {DomainError::Kind::Conflict, e.what()};
        return out;
    } catch (...) {
        projections_.validation().discard();
        rollback_failed_command();
        cache_.clear();
        registry_cache_.clear();
        throw;
    }
    out.ok = true;
    return out;
}

std::vector<CommandOutcome> ScheduleStore::execute_batch(const std::vector<IssuedCommand>& commands) {
    std::vector<CommandOutcome> outcomes;
    outcomes.reserve(commands.size());
    try {
        Transaction tx(db_);
        catch_up();
        for (const auto& c : commands) outcomes.push_back(execute_one(c));
        tx.commit();  // durable here with synchronous=FULL; CommandQueue syncs after it (wal_flusher.h)
    } catch (...) {
        cache_.clear();  // whatever the cache learnt in this transaction is gone with it
        registry_cache_.clear();
        projections_.validation().discard();
        throw;
    }
    return outcomes;
}

CommandContext default_context() {
    CommandContext c;
    if (const char* p = std::getenv("ROTAPLAN_PLANNER"); p && *p) {
        c.planner = p;
    } else {
        const char* u = std::getenv("USER");
        c.planner = u && *u ? u : "planner";
        c.provisional = true;
    }
    char host[256] = {};
    if (gethostname(host, sizeof host - 1) == 0) c.host = host;
    return c;
}

}  // namespace rotaplan::storage
