// Projections: the read models planners query, kept in SQLite tables.
//
//   events --apply--> legs, rotations, airplanes, airports, ssim_templates, violations
//
// The same apply() serves three callers, which is what makes them agree:
//   * a command, inside the transaction that appends its events (so the tables
//     are exactly as consistent as the events after a crash at any point);
//   * rebuild-projections, which empties the tables and replays every event;
//   * time travel, which replays a prefix of the events into a scratch database.
#pragma once

#include <cstdint>
#include <functional>

#include "core/events.h"
#include "storage/sqlite/database.h"
#include "storage/eventstore/event_store.h"
#include "storage/projections/validation_model.h"

namespace rotaplan::storage {

class Projections {
public:
    explicit Projections(Database& db);
    void apply(std::int64_t position, const Event& event);
    // After a command's events: bring the validation model up to date.
    ValidationChange settle() { return validation_.refresh(); }
    ValidationModel& validation() { return validation_; }
    // Records how far the tables have consumed the events.
    void set_position(std::int64_t position);
    std::int64_t position();

private:
    void upsert_leg(const Leg& leg, const RotationId* rotation);
    std::int64_t registry_position(const Uuid& scenario);  // -1: not in the registry
    template <class... Values>
    void registry_update(const char* set, const Uuid& scenario, std::int64_t position, const Values&... values);

    Database& db_;
    Statement upsert_leg_, amend_leg_, keep_template_, unassign_leg_, delete_leg_, retime_leg_;
    Statement upsert_rotation_, rename_rotation_, delete_rotation_;
    Statement upsert_airplane_, update_airplane_, delete_airplane_, assign_airplane_;
    Statement upsert_airport_, airport_mgt_, set_position_;
    ValidationModel validation_;
};

// Replays events (after, up_to] from `source` into the projection tables of
// `target`, in batches; `target` may be the same database. Returns the number
// of events applied. `before_applying` runs before the first event is applied,
// while the first ones are read and decoded on another thread (a rebuild
// empties its tables then).
std::int64_t replay(EventStore& source, Database& target, std::int64_t after, std::int64_t up_to,
                    const std::function<void()>& before_applying = {});

// Empties the projections and replays every event, in one transaction.
std::int64_t rebuild_projections(Database& db);

}  // namespace rotaplan::storage
