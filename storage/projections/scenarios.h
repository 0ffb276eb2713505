// Scenarios on the read side: the registry, each scenario's lineage, and its
// read models.
//
//   scenarios table (registry, main's projection) ──▶ find_scenario, scenario_list
//   a scenario's registry stream as of a point ──────▶ scenario_lineage: its own
//                                                      events + its base's up to the fork
//   lineage ──▶ project_version(db, lineage): the projection tables as TEMP
//               tables of db's own connection, filled from main's (when main
//               has not moved past the fork) or replayed, then the version's
//               own events applied
//
// Why TEMP tables: SQLite resolves an unqualified table name in the temp
// schema first, so on a connection with a scenario's temp legs, rotations,
// ... every query, the projections, the validation model and the deciders'
// lookups read and write the scenario's tables with the code main uses, while
// the events table (never shadowed) stays the one store file. Nothing is
// written to disk for a scenario's read models: creating a scenario writes
// one registry event, and its shared history is read, never copied.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/ids.h"
#include "storage/eventstore/event_store.h"
#include "storage/eventstore/lineage.h"
#include "storage/sqlite/database.h"

namespace rotaplan::storage {

struct ScenarioRow {
    Uuid id;
    std::string name;
    std::optional<Uuid> base;  // unset: main
    std::string base_name;     // "main" when unset
    std::string fork_event;
    std::int64_t fork_position = 0;  // here, in this store's order
    int generation = 1;
    std::string note;
    bool deleted = false;
    int promotions = 0;
    std::string created_by, created_at;
};

// A scenario name that names none: the message lists the known ones.
class UnknownScenario : public StorageError {
public:
    explicit UnknownScenario(const std::string& message) : StorageError(message) {}
};

// Every scenario not deleted, by name (with `deleted`, those too, after them).
std::vector<ScenarioRow> scenario_list(Database& db, bool deleted = false);
std::optional<ScenarioRow> find_scenario(Database& db, std::string_view name);
// By id, deleted or not.
std::optional<ScenarioRow> scenario_with_id(Database& db, const Uuid& id);
// The same, or UnknownScenario naming the known scenarios.
ScenarioRow scenario_named(Database& db, std::string_view name);
// The local position of an event id ("" : 0, the empty schedule's start).
std::int64_t position_of_event(Database& db, std::string_view event_id);
// A fork named by an event an offline replay took back: the id of the event
// that now stands in its place (position_of_event), else `event_id` itself.
std::string settled_fork(Database& db, const std::string& event_id);
// The id of the event at `position` of `events`' lineage ("" for 0).
std::string event_id_at(Database& db, std::int64_t position);

// The events that make up `scenario` as it is (up_to unbounded) or was just after `up_to`.
Lineage scenario_lineage(Database& db, const Uuid& scenario, std::int64_t up_to = Lineage::kUnbounded);
// "main" (or empty): main's lineage; else the named scenario's (UnknownScenario if none).
Lineage version_lineage(Database& db, std::string_view name);

// Creates `lineage`'s read models as TEMP tables on `db` (see above) and fills
// them; main's lineage needs none (returns without doing anything).
void project_version(Database& db, const Lineage& lineage);
// Applies the lineage's events written since the temp tables were filled
// (another process's edits to the same scenario). Returns how many.
// version_lineage then project_version: `db` then reads as the named version.
Lineage prepare_version(Database& db, std::string_view name);

class Projections;
std::int64_t catch_up_version(Projections& projections, EventStore& events);

}  // namespace rotaplan::storage
