#include "storage/sqlite/schema.h"

#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace rotaplan::storage {

namespace {

// The event store proper. Append-only is a property of the database, not of our
// code: the triggers abort any UPDATE or DELETE, whoever issues it.
constexpr const char* kEventStoreSql = R"sql(
CREATE TABLE events (
  position       INTEGER PRIMARY KEY AUTOINCREMENT,  -- local order; never reused, even after a sync replay withdrew events
  event_id       TEXT    NOT NULL UNIQUE,      -- UUID, idempotency key for sync
  stream         TEXT    NOT NULL,             -- aggregate: rotation-<uuid>, airplane-<reg>, ...
  version        INTEGER NOT NULL,             -- 1, 2, ... within the stream
  type           TEXT    NOT NULL,
  schema_version INTEGER NOT NULL,
  payload        TEXT    NOT NULL,             -- JSON
  metadata       TEXT    NOT NULL,             -- JSON: planner, host, time, causation, correlation
  recorded_at    TEXT    NOT NULL,             -- UTC, ISO 8601 with milliseconds; orders like position locally
  leg_id         TEXT,                         -- the leg a leg event concerns: its audit trail
  UNIQUE (stream, version)
);
CREATE INDEX events_by_leg ON events (leg_id) WHERE leg_id IS NOT NULL;
CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only: an event cannot be changed'); END;

-- Snapshots are a cache of aggregate state; dropping them loses nothing.
CREATE TABLE snapshots (
  stream   TEXT PRIMARY KEY,
  version  INTEGER NOT NULL,
  format   INTEGER NOT NULL,
  state    BLOB    NOT NULL
) WITHOUT ROWID;
)sql";

// What sync keeps beside the events (docs/sync-protocol.md, "The client's side").
// These tables are not projections: a rebuild never touches them.
//
// The one exception to append-only lives here too: offline replay withdraws a
// local event that the server never acknowledged, after copying it whole into
// sync_withdrawn_events. The trigger lets a DELETE through only for such an
// event (pending, and already copied); every other UPDATE or DELETE aborts.
constexpr const char* kSyncSql = R"sql(
CREATE TABLE sync_outbox (
  seq         INTEGER PRIMARY KEY,          -- the order the planner issued them
  command_id  TEXT    NOT NULL UNIQUE,      -- the events' causation id
  command     TEXT,                         -- JSON (command_codec.h); NULL: decided before sync existed
  legs        TEXT,                         -- AddLegs / AmendLegs: their legs
  context     TEXT    NOT NULL,             -- JSON: planner, host, correlation id
  state       TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'conflict')),
  reason      TEXT,                         -- a conflict: why the command no longer applies
  acknowledged INTEGER NOT NULL DEFAULT 0,  -- some of its events are in the shared log already
  issued_at   TEXT    NOT NULL
);
CREATE TABLE sync_pending_events (
  position    INTEGER PRIMARY KEY,          -- events.position, not yet acknowledged by the server
  command_id  TEXT    NOT NULL
);
CREATE INDEX sync_pending_by_command ON sync_pending_events (command_id);
CREATE TABLE sync_withdrawn_events (
  event_id TEXT PRIMARY KEY, position INTEGER, stream TEXT, version INTEGER, type TEXT, schema_version INTEGER,
  payload TEXT, metadata TEXT, recorded_at TEXT, command_id TEXT, withdrawn_at TEXT NOT NULL
);
CREATE TABLE sync_state (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  pulled      INTEGER NOT NULL DEFAULT 0,   -- the last shared-log position integrated
  server      TEXT,
  last_sync   TEXT,                         -- when a sync last completed
  last_error  TEXT
);
INSERT INTO sync_state (id) VALUES (1);
CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
WHEN NOT EXISTS (SELECT 1 FROM sync_pending_events p JOIN sync_withdrawn_events w ON w.event_id = OLD.event_id
                 WHERE p.position = OLD.position)
BEGIN SELECT RAISE(ABORT, 'events are append-only: an event cannot be deleted'); END;
)sql";

// Schema 5 brought sync: every event already in the store is the planner's own
// and was never pushed. They become pending under their commands, kept without
// the command itself (it was not recorded then): pushed as they are, and if a
// colleague's events get there first they surface as conflicts, never dropped.
constexpr const char* kSyncMigrationSql = R"sql(
DROP TRIGGER IF EXISTS events_append_only_delete;
)sql";
constexpr const char* kSyncAdoptSql = R"sql(
INSERT OR IGNORE INTO sync_outbox (command_id, command, context, issued_at)
  SELECT coalesce(json_extract(metadata, '$.causation_id'), 'event-' || event_id), NULL,
         json_object('planner', json_extract(metadata, '$.planner'), 'host', json_extract(metadata, '$.host'),
                     'correlation_id', json_extract(metadata, '$.correlation_id')),
         min(recorded_at)
  FROM events GROUP BY 1 ORDER BY min(position);
INSERT INTO sync_pending_events (position, command_id)
  SELECT position, coalesce(json_extract(metadata, '$.causation_id'), 'event-' || event_id) FROM events;
)sql";

// Schema 7: the store's planner identity and the events it cannot read.
//
// A store's planner is provisional until its first sync binds it to the
// planner the server knows the token as (sync_state.planner); from then on
// every command is recorded under that name (storage/sync/replica.h, "Identity").
// sync_quarantine keeps, whole, every event of the shared log that this
// Rotaplan cannot read (an unknown type, a newer schema, a payload that does
// not decode, a version that does not follow its stream): kept out of the
// events table, so that projections and replay never meet it, and tried again
// at every sync, so that a Rotaplan that reads it brings it in.
constexpr const char* kIdentitySql = R"sql(
ALTER TABLE sync_state ADD COLUMN planner TEXT;       -- bound planner; NULL while provisional
ALTER TABLE sync_state ADD COLUMN bound_at TEXT;
ALTER TABLE sync_state ADD COLUMN bound_server TEXT;
CREATE TABLE sync_quarantine (
  seq            INTEGER PRIMARY KEY,
  log_position   INTEGER NOT NULL,    -- its place in the shared log
  event_id       TEXT,                -- NULL when the event itself could not be read
  stream         TEXT,
  version        INTEGER,
  type           TEXT,
  schema_version INTEGER,
  payload        TEXT,
  metadata       TEXT,
  recorded_at    TEXT,
  raw            TEXT,                -- the event as it arrived, when its fields could not be read
  reason         TEXT    NOT NULL,
  quarantined_at TEXT    NOT NULL
);
CREATE INDEX sync_quarantine_by_stream ON sync_quarantine (stream);
)sql";

// Read models. Everything here can be rebuilt from the events table.
// (Their secondary indexes are in kProjectionIndexSql, built after a rebuild.)
constexpr const char* kProjectionSql = R"sql(
CREATE TABLE legs (
  leg_id         BLOB PRIMARY KEY,  -- UUID, 16 bytes
  airline        TEXT    NOT NULL,
  flight_number  INTEGER NOT NULL,
  suffix         TEXT    NOT NULL,  -- '' when none
  departure      TEXT    NOT NULL,
  day_of_origin  INTEGER NOT NULL,  -- days since 1970-01-01
  arrival        TEXT    NOT NULL,
  std            INTEGER NOT NULL,  -- UTC minutes since 1970
  sta            INTEGER NOT NULL,
  aircraft_type  TEXT    NOT NULL,
  service_type   TEXT    NOT NULL,
  rotation_id    BLOB,              -- NULL: outside any rotation
  attributes     INTEGER            -- key into ssim_templates; NULL for legs made in Rotaplan
) WITHOUT ROWID;

-- The SSIM attributes legs carry but Rotaplan does not model, one row per
-- distinct record template (ssim/expand.h), so that export writes them back.
CREATE TABLE ssim_templates (
  key      INTEGER PRIMARY KEY,  -- the template's 64-bit key, as a signed integer
  template TEXT NOT NULL
);

CREATE TABLE rotations (
  rotation_id BLOB PRIMARY KEY,
  name        TEXT NOT NULL  -- unique by the deciders; not by the table, so that a merge of
                             -- colleagues' offline work can never make a replay fail
) WITHOUT ROWID;

CREATE TABLE airplanes (
  registration       TEXT PRIMARY KEY,
  aircraft_type      TEXT    NOT NULL,
  min_ground_minutes INTEGER NOT NULL,
  rotation_id        BLOB
) WITHOUT ROWID;

CREATE TABLE airports (
  airport            TEXT PRIMARY KEY,
  min_ground_minutes INTEGER NOT NULL,
  name               TEXT    NOT NULL,
  utc_offset_minutes INTEGER,          -- fixed, the fallback when no zone is known
  time_zone          TEXT              -- IANA name, e.g. Europe/Berlin; NULL when none
) WITHOUT ROWID;

-- The validation read model (validation_model.h): one row per violation.
-- Pair violations name their rotation and two consecutive legs; a
-- designator-uniqueness violation names the designator its legs share.
CREATE TABLE violations (
  constraint_kind  TEXT NOT NULL,  -- continuity | min_ground_time | designator_uniqueness
  rotation_id      BLOB,
  first_leg        BLOB,
  second_leg       BLOB,
  first_std        INTEGER,        -- the first leg's STD: a retime rechecks the pairs around it by range
  designator       TEXT,           -- "XQ100/FRA/2026-04-01"
  actual_minutes   INTEGER,
  required_minutes INTEGER
);

-- The scenario registry (core/scenario.h): one row per scenario ever created.
CREATE TABLE scenarios (
  scenario_id      TEXT PRIMARY KEY,  -- UUID
  name             TEXT    NOT NULL,
  base_id          TEXT,              -- NULL: main
  fork_event       TEXT    NOT NULL,  -- the base's last shared event id; '' when the base was empty
  generation       INTEGER NOT NULL,  -- of its own events, see lineage.h
  note             TEXT    NOT NULL,
  created_position INTEGER NOT NULL,  -- its ScenarioCreated event: who and when
  deleted          INTEGER NOT NULL DEFAULT 0,
  promotions       INTEGER NOT NULL DEFAULT 0,
  registry_position INTEGER NOT NULL  -- its last registry event applied: replaying an older one is a no-op
) WITHOUT ROWID;

-- How far the read models have consumed the events table.
CREATE TABLE projection_position (
  id       INTEGER PRIMARY KEY CHECK (id = 1),
  position INTEGER NOT NULL
);
INSERT INTO projection_position VALUES (1, 0);

CREATE VIEW IF NOT EXISTS leg_view AS
  SELECT l.*, r.name AS rotation_name, a.registration AS airplane
  FROM legs l
  LEFT JOIN rotations r ON r.rotation_id = l.rotation_id
  LEFT JOIN airplanes a ON a.rotation_id = l.rotation_id;
)sql";

// Schedule change messages (storage/imports/ssm_export.h, ssm_import.h):
// the next message group serial number an export writes, and the message
// references applied, so that a message received twice is applied once.
// Neither is a projection: a rebuild leaves them alone.
constexpr const char* kSsmSql = R"sql(
CREATE TABLE IF NOT EXISTS ssm_sequence (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  next_group INTEGER NOT NULL
);
INSERT OR IGNORE INTO ssm_sequence VALUES (1, 1);
CREATE TABLE IF NOT EXISTS ssm_received (
  reference TEXT PRIMARY KEY,  -- the message reference line, as received
  import_id TEXT NOT NULL,     -- the import (FileImported) that applied it
  received  TEXT NOT NULL      -- when, UTC
);
)sql";

constexpr const char* kLegIndexSql = R"sql(
-- Covers what validation reads of a rotation's legs, so that rechecking
-- a rotation never visits the table itself.
CREATE INDEX legs_by_rotation ON legs (rotation_id, std, sta, departure, arrival, leg_id);
CREATE INDEX legs_by_designator ON legs (airline, flight_number, suffix, departure, day_of_origin);
CREATE INDEX legs_by_arrival ON legs (arrival, rotation_id);
)sql";

constexpr const char* kProjectionIndexSql = R"sql(
CREATE INDEX rotations_by_name ON rotations (name);
CREATE INDEX violations_by_rotation ON violations (rotation_id, first_std);
CREATE INDEX violations_by_designator ON violations (designator);
CREATE INDEX airplanes_by_rotation ON airplanes (rotation_id);
)sql";

constexpr const char* kDropProjectionsSql = R"sql(
DROP VIEW IF EXISTS leg_view;
DROP TABLE IF EXISTS legs;
DROP TABLE IF EXISTS rotations;
DROP TABLE IF EXISTS airplanes;
DROP TABLE IF EXISTS airports;
DROP TABLE IF EXISTS ssim_templates;
DROP TABLE IF EXISTS violations;
DROP TABLE IF EXISTS projection_position;
DROP TABLE IF EXISTS scenarios;
)sql";

// Schema 8 brought scenarios: a store from before has none, so the registry
// starts empty. scenario_conflicts is not a projection (a rebuild never
// touches it): the commands a rebase could not decide again, kept whole for
// the planner to drop or retry, as sync keeps its conflicts in sync_outbox.
constexpr const char* kScenarioMigrationSql = R"sql(
CREATE TABLE IF NOT EXISTS scenarios (
  scenario_id TEXT PRIMARY KEY, name TEXT NOT NULL, base_id TEXT, fork_event TEXT NOT NULL,
  generation INTEGER NOT NULL, note TEXT NOT NULL, created_position INTEGER NOT NULL,
  deleted INTEGER NOT NULL DEFAULT 0, promotions INTEGER NOT NULL DEFAULT 0, registry_position INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS scenario_conflicts (
  command_id TEXT PRIMARY KEY, scenario_id TEXT NOT NULL, command TEXT NOT NULL, legs TEXT, context TEXT NOT NULL,
  reason TEXT NOT NULL, issued_at TEXT NOT NULL
);
)sql";

// Schema 6 gave airports an IANA time zone. Events from before carry none,
// but a colleague's newer Rotaplan may have sent some through sync while this
// store's older Rotaplan skipped the field: each airport takes the zone of its
// latest definition, so no full rebuild is needed.
constexpr const char* kTimeZoneMigrationSql = R"sql(
ALTER TABLE airports ADD COLUMN time_zone TEXT;
UPDATE airports SET time_zone =
  (SELECT json_extract(payload, '$.time_zone') FROM events
   WHERE stream = 'airport-' || airports.airport AND type = 'AirportDefined' ORDER BY position DESC LIMIT 1);
)sql";

bool has_any_object(Database& db) { return db.scalar("SELECT count(*) FROM sqlite_master") > 0; }

std::string corrupt_message(const std::string& path, const StorageError& e) {
    int primary = e.code() & 0xff;
    if (primary == SQLITE_NOTADB) return path + " is not a Rotaplan schedule database (not an SQLite file)";
    if (primary == SQLITE_CORRUPT) return path + " is corrupted: " + e.what();
    return std::string("cannot read ") + path + ": " + e.what();
}

}  // namespace

void create_projection_schema(Database& db) {
    db.exec(kProjectionSql);
    create_projection_indexes(db);
}

void create_temporary_projection_tables(Database& db) {
    auto temporary = [](std::string sql) {
        for (auto [from, to] : {std::pair<std::string, std::string>{"CREATE TABLE ", "CREATE TEMP TABLE "},
                                {"CREATE VIEW IF NOT EXISTS ", "CREATE TEMP VIEW IF NOT EXISTS "}})
            for (auto at = sql.find(from); at != std::string::npos; at = sql.find(from, at + to.size()))
                sql.replace(at, from.size(), to);
        return sql;
    };
    db.exec(temporary(kProjectionSql));
    // The registry is main's on every connection (projections.cpp keeps it from going back).
    db.exec("DROP TABLE temp.scenarios");
    // Snapshots are of main's streams; a scenario's aggregates keep their own while the connection lives.
    db.exec("CREATE TEMP TABLE snapshots (stream TEXT PRIMARY KEY, version INTEGER NOT NULL, format INTEGER NOT NULL, "
            "state BLOB NOT NULL) WITHOUT ROWID");
}

void recreate_projection_tables(Database& db) {
    db.exec(kDropProjectionsSql);
    db.exec(kProjectionSql);
}

void create_projection_indexes(Database& db) {
    db.exec(kLegIndexSql);
    db.exec(kProjectionIndexSql);
}

void drop_leg_indexes(Database& db) {
    db.exec("DROP INDEX IF EXISTS legs_by_rotation; DROP INDEX IF EXISTS legs_by_designator; DROP INDEX IF EXISTS legs_by_arrival;");
}

void create_leg_indexes(Database& db) { db.exec(kLegIndexSql); }

namespace {

// The failures that mean "this file, its folder or its disk cannot be written",
// as SQLite reports them at the first statement of a connection.
bool cannot_write(const StorageError& e) {
    int primary = e.code() & 0xff;
    return primary == SQLITE_READONLY || primary == SQLITE_CANTOPEN || primary == SQLITE_PERM ||
           e.code() == SQLITE_IOERR_SHMOPEN || e.code() == SQLITE_IOERR_SHMSIZE;
}

// A disk with no room left fails a store's first write (its -shm or -wal
// file) as "unable to open" or a shared-memory error, which read alone as
// "read-only"; errno, or the disk itself, tells the two apart.
bool disk_full(const StorageError& e, const Database& db, const std::string& path) {
    int err = sqlite3_system_errno(db.handle());  // of the call that just failed
    if ((e.code() & 0xff) == SQLITE_FULL || err == ENOSPC || err == EDQUOT) return true;
    if (err || !cannot_write(e)) return false;
    auto folder = std::filesystem::path(path).parent_path();
    struct statvfs disk {};
    return ::statvfs(folder.empty() ? "." : folder.c_str(), &disk) == 0 && disk.f_bavail == 0;
}

std::string full_disk_message(const std::string& path) {
    return "the disk holding " + path + " is full: commands that change the schedule need room to write it; "
           "commands that read it still work";
}

std::string unwritable_message(const std::string& path) {
    return path + " cannot be written (a read-only file, folder or disk): commands that change the schedule need to "
                  "write it and its folder; commands that read it still work";
}

// What the file holds: a Rotaplan store's schema version (0: an empty file).
// Throws for anything else, leaving the file untouched.
std::int64_t recognise(Database& db, const std::string& path) {
    std::int64_t app_id = 0, version = 0;
    try {
        app_id = db.scalar("PRAGMA application_id");
        version = db.scalar("PRAGMA user_version");
        if (app_id == 0 && has_any_object(db))
            throw StorageError(path + " is not a Rotaplan schedule database; it was left untouched", SQLITE_NOTADB);
    } catch (const StorageError& e) {
        if (std::string(e.what()).find("left untouched") != std::string::npos || cannot_write(e) ||
            disk_full(e, db, path))
            throw;
        throw StorageError(corrupt_message(path, e), e.code());
    }
    if (app_id != 0 && app_id != kApplicationId)
        throw StorageError(path + " is not a Rotaplan schedule database; it was left untouched", SQLITE_NOTADB);
    if (version > kSchemaVersion)
        throw StorageError(path + " was written by a newer Rotaplan (schema " + std::to_string(version) + ")", SQLITE_ERROR);
    return app_id == 0 ? 0 : version;
}

bool file_exists(const std::string& path) {
    std::error_code ec;
    return std::filesystem::exists(path, ec);
}

// A WAL that holds commits the database file does not have yet.
bool has_wal_content(const std::string& path) {
    std::error_code ec;
    auto size = std::filesystem::file_size(path + "-wal", ec);
    return !ec && size > 0;
}

// A store that may be written: configured for durable commands, created or migrated.
Database open_for_writing(const std::string& path, Database::Mode mode, const RebuildProjections& rebuild) {
    if (!file_exists(path)) {
        // SQLite's "unable to open database file" would not say why.
        auto folder = std::filesystem::path(path).parent_path();
        if (folder.empty()) folder = ".";
        if (::access(folder.c_str(), W_OK | X_OK) != 0)
            throw StorageError("cannot create " + path + ": its folder " + folder.string() + " cannot be written (" +
                                   std::strerror(errno) + ")",
                               SQLITE_CANTOPEN);
    }
    Database db(path, mode);
    if (db.read_only()) throw StorageError(unwritable_message(path), SQLITE_READONLY);
    std::int64_t version = 0;
    try {
        version = recognise(db, path);
        db.exec("PRAGMA journal_mode=WAL");
    } catch (const StorageError& e) {
        if (disk_full(e, db, path)) throw StorageError(full_disk_message(path), SQLITE_FULL);
        if (cannot_write(e)) throw StorageError(unwritable_message(path), e.code());
        throw;
    }
    db.exec("PRAGMA synchronous=FULL");  // an acknowledged command survives a power cut
    db.exec("PRAGMA foreign_keys=OFF");
    db.exec("PRAGMA cache_size=-65536");  // 64 MiB page cache
    if (version == 0) {
        Transaction tx(db);
        db.exec(kEventStoreSql);
        db.exec(kSyncSql);
        db.exec(kIdentitySql);
        db.exec(kSsmSql);
        create_projection_schema(db);
        db.exec(kScenarioMigrationSql);  // the conflicts table (the registry exists already)
        db.exec("PRAGMA application_id=" + std::to_string(kApplicationId));
        db.exec("PRAGMA user_version=" + std::to_string(kSchemaVersion));
        tx.commit();
        return db;
    }
    // Schemas 2 (legs.attributes, ssim_templates), 3 (violations) and 4 (a
    // covering legs_by_rotation, legs_by_arrival) changed
    // projections only, so the migration is a rebuild from the events.
    // Projections first: user_version moves past 3 only once the rebuild committed,
    // so a rebuild cut short is simply run again at the next open.
    if (version < 4) {
        rebuild(db);
        db.exec("PRAGMA user_version=4");
    }
    if (version < 5) {
        Transaction tx(db);
        db.exec(kSyncMigrationSql);
        db.exec(kSyncSql);
        db.exec(kSyncAdoptSql);
        db.exec("PRAGMA user_version=5");
        tx.commit();
    }
    if (version < 6) {
        Transaction tx(db);
        // A store older than 4 was rebuilt above with today's tables, which have the column already.
        if (db.scalar("SELECT count(*) FROM pragma_table_info('airports') WHERE name = 'time_zone'") == 0)
            db.exec(kTimeZoneMigrationSql);
        db.exec("PRAGMA user_version=6");
        tx.commit();
    }
    if (version < 7) {
        Transaction tx(db);
        db.exec(kIdentitySql);
        db.exec("PRAGMA user_version=7");
        tx.commit();
    }
    if (version < 8) {
        Transaction tx(db);
        // Scenarios and schedule change messages came together.
        db.exec(kScenarioMigrationSql);
        db.exec(kSsmSql);
        db.exec("PRAGMA user_version=8");
        tx.commit();
    }
    return db;
}

// A store opened without the right to write it: it must be current.
Database read_only_store(const std::string& path, Database::Mode mode) {
    Database db(path, mode);
    std::int64_t version = recognise(db, path);
    if (version < kSchemaVersion)
        throw StorageError(path + " was written by an older Rotaplan (schema " + std::to_string(version) +
                               ") and must be upgraded once, which needs it and its folder writable",
                           SQLITE_ERROR);
    return db;
}

// Reading never creates a store, and works where it cannot write:
//  1. a read-write connection when the file and its folder allow one: it
//     recovers the WAL, upgrades an older store and tidies its -wal and -shm
//     files away on close, as every writer does;
//  2. else a read-only connection, which needs the WAL index (-shm) to exist or
//     to be creatable in the folder;
//  3. else, in a read-only folder or on a read-only disk without a -wal file,
//     an immutable one: without a WAL the database file alone is the whole
//     store, and nobody can be writing it through a folder nobody can write.
//     A WAL with content there is refused rather than ignored: its commits
//     would be missing from every answer.
Database open_for_reading(const std::string& path, const RebuildProjections& rebuild) {
    if (!file_exists(path))
        throw StorageError("no schedule database at " + path + " (only commands that change the schedule create one)",
                           SQLITE_CANTOPEN);
    try {
        return open_for_writing(path, Database::Mode::Existing, rebuild);
    } catch (const StorageError& e) {
        if (!cannot_write(e)) throw;
    }
    try {
        return read_only_store(path, Database::Mode::ReadOnly);
    } catch (const StorageError& e) {
        if (!cannot_write(e)) throw;
    }
    if (has_wal_content(path))
        throw StorageError(path + " has commits in its write-ahead log (" + path +
                               "-wal) that only a writable copy can take in, and its folder cannot be written: open it "
                               "once where it can be written, or copy both files to such a place",
                           SQLITE_CANTOPEN);
    return read_only_store(path, Database::Mode::Immutable);
}

}  // namespace

Database open_store_file(const std::string& path, const RebuildProjections& rebuild, bool read_only) {
    return read_only ? open_for_reading(path, rebuild) : open_for_writing(path, Database::Mode::ReadWrite, rebuild);
}

}  // namespace rotaplan::storage
