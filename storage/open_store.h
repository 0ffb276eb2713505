// Opening a schedule database, with whatever its migration needs.
//
//   open_store(path) ──> sqlite/schema: recognise, create or migrate the file
//                          └─ a store older than schema 4: projections/ rebuilds
//                             its read models from the events (rebuild_projections)
//
// The schema sits below the projections and never calls them; this is the
// one place that hands it their rebuild, for every caller that opens a store
// (ScheduleStore, the CLI's reading commands, tests).
#pragma once

#include <string>

#include "storage/sqlite/database.h"

namespace rotaplan::storage {

// As open_store_file (sqlite/schema.h): created if absent unless read_only;
// for commands that only read, read without writing where it cannot be written.
Database open_store(const std::string& path, bool read_only = false);

}  // namespace rotaplan::storage
