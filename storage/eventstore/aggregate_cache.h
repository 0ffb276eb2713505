// Aggregates rebuilt from their streams, and kept.
//
//   request rotation R --> cached at version v?  --yes--> events after v? --no--> use it
//                                   |no                         |yes: evolve
//                                   v
//                          snapshot (long streams) + events after it
//
// The cache asks the store for each stream's current version before it
// answers, so a change written by another process (a CLI beside the GUI, a
// sync pull) is never missed; the cost is one indexed lookup per aggregate.
// It implements the ScheduleReader that planning::decide reads through; the
// cross-aggregate lookups (where is this leg, who flies this rotation) come
// from the projections, which are current inside the writing transaction.
#pragma once

#include <map>
#include <memory>
#include <unordered_map>

#include "core/planning.h"
#include "storage/sqlite/database.h"
#include "storage/eventstore/event_store.h"

namespace rotaplan::storage {

class AggregateCache final : public ScheduleReader {
public:
    AggregateCache(Database& db, EventStore& store);

    StateRef<rotation::State> rotation(RotationId id) override;
    StateRef<unassigned::State> unassigned(Date day_of_origin) override;
    StateRef<airplane::State> airplane(const Registration& registration) override;
    StateRef<airport::State> airport(AirportCode code) override;
    StateRef<scenario::State> scenario(const Uuid& id) override;
    std::optional<LegLocation> locate(LegId leg) override;
    std::optional<RotationId> rotation_named(std::string_view name) override;
    std::optional<Registration> airplane_assigned_to(RotationId rotation) override;
    std::optional<Uuid> scenario_named(std::string_view name) override;

    // After `change` was appended (inside the writing transaction): bring a
    // cached aggregate forward without re-reading, and snapshot a rotation
    // whose stream has grown kSnapshotEvery events since its last snapshot.
    void applied(const StreamChange& change);
    // Forget everything (after a rollback).
    void clear();

private:
    template <class State>
    using Slot = std::shared_ptr<Versioned<State>>;
    template <class State, class Key, class Map, class Init>
    StateRef<State> load(Map& map, const Key& key, const std::string& stream, Init init);
    bool beyond_every_stored_leg(LegId leg);

    Database& db_;
    EventStore& store_;
    std::unordered_map<RotationId, Slot<rotation::State>, UuidHash> rotations_;
    std::map<Date, Slot<unassigned::State>> unassigned_;
    std::map<Registration, Slot<airplane::State>> airplanes_;
    std::map<AirportCode, Slot<airport::State>> airports_;
    std::map<Uuid, Slot<scenario::State>> scenarios_;
    std::unordered_map<RotationId, std::int64_t, UuidHash> snapshot_versions_;
    Statement locate_, named_, assigned_, highest_leg_, scenario_named_;
    // The highest leg id stored, and the state of the file it was read from
    // (this connection's change count, other connections' commits through the
    // data version; a rollback through clear()). A leg id above it is stored
    // nowhere: a season import's 380,000 freshly minted ids (UUID v7,
    // ascending) skip a lookup each.
    struct HighestLeg {
        std::optional<Uuid> id;  // unset: no legs, or an id that is not 16 bytes (no shortcut)
        bool none = false;       // the legs table is empty
        std::int64_t changes = -1;
        unsigned data_version = 0;
    } highest_;
};

}  // namespace rotaplan::storage
