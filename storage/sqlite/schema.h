// Opening a schedule database: recognise it, create it, migrate it.
//
// A Rotaplan store is marked with SQLite's application_id so that we never
// mistake (and never write into) somebody else's database, and versioned with
// user_version so that an older store is migrated forward in one transaction
// and a newer one is refused instead of misread.
#pragma once

#include <functional>
#include <string>

#include "storage/sqlite/database.h"

namespace rotaplan::storage {

inline constexpr int kApplicationId = 0x524F5450;  // "ROTP"
inline constexpr int kSchemaVersion = 8;

// What migrating an old store needs from the layer above the schema: its
// projections emptied and replayed from its events, in one transaction. The
// schema knows the tables, not how events project into them, so the caller
// that opens the store passes the rebuild in (storage/open_store.h).
using RebuildProjections = std::function<void(Database&)>;

// Opens (creating if absent) the store at `path`, configured for durable
// commands: WAL journal, synchronous=FULL. Throws StorageError with a
// planner-readable message for a file that is not a Rotaplan store, is
// corrupted, comes from a newer Rotaplan, or cannot be written.
//
// read_only: for commands that only read. A missing file is an error (never
// a new empty store); a store on a read-only file, folder or disk is read
// without writing (schema.cpp, open_for_reading, says how WAL allows it).
// A store older than schema 4 is migrated (also when opened to be read, if it
// can be written) by `rebuild`, before its later migrations.
Database open_store_file(const std::string& path, const RebuildProjections& rebuild, bool read_only = false);

// The projection tables on their own, for a scratch database (time travel).
void create_projection_schema(Database& db);
// Drops and recreates every projection table without its secondary indexes
// (rebuild starts from here), and builds those indexes (rebuild ends here).
void recreate_projection_tables(Database& db);
void create_projection_indexes(Database& db);
// Inside a transaction: the legs' secondary indexes are dropped and built
// again (one sort each) when a bulk import writes more than a few thousand
// legs; both steps roll back with the transaction.
void drop_leg_indexes(Database& db);
void create_leg_indexes(Database& db);

}  // namespace rotaplan::storage
