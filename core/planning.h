// Planning: a planner's command decided across the aggregates it touches.
//
//   Command --> planning::decide --> rotation::decide   --> events for rotation-<id>
//                                --> unassigned::decide --> events for unassigned-<day>
//                                --> airplane::decide   --> events for airplane-<reg>
//
// Moving a leg from one rotation to another is two aggregates' decisions (the
// source lets it go, the target takes it without overlap); both must hold or
// neither is written. This file composes those pure decisions; it reads the
// aggregates through ScheduleReader, which the storage layer implements over
// its cache and projections, so the whole of it stays free of I/O and is tested
// with an in-memory reader.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "airplane.h"
#include "airport.h"
#include "commands.h"
#include "scenario.h"
#include "unassigned_legs.h"

namespace rotaplan {

// An aggregate's state as of a stream version (0: the stream is empty).
template <class State>
struct Versioned {
    State state;
    std::int64_t version = 0;
};

template <class State>
using StateRef = std::shared_ptr<const Versioned<State>>;

struct LegLocation {
    std::optional<RotationId> rotation;  // nullopt: among the unassigned legs
    Date day_of_origin;
};

class ScheduleReader {
public:
    virtual ~ScheduleReader() = default;
    virtual StateRef<rotation::State> rotation(RotationId id) = 0;
    virtual StateRef<unassigned::State> unassigned(Date day_of_origin) = 0;
    virtual StateRef<airplane::State> airplane(const Registration& registration) = 0;
    virtual StateRef<airport::State> airport(AirportCode code) = 0;
    virtual StateRef<scenario::State> scenario(const Uuid& id) = 0;

    // Set-based lookups that span aggregates, answered from projections.
    virtual std::optional<LegLocation> locate(LegId leg) = 0;
    virtual std::optional<RotationId> rotation_named(std::string_view name) = 0;
    virtual std::optional<Registration> airplane_assigned_to(RotationId rotation) = 0;
    // A scenario that is not deleted, by name.
    virtual std::optional<Uuid> scenario_named(std::string_view name) = 0;
};

// Events for one stream, to be appended only if the stream is still at `expected_version`.
struct StreamChange {
    std::string stream;
    std::int64_t expected_version = 0;
    Events events;
};

using Plan = Result<std::vector<StreamChange>>;

Plan decide(ScheduleReader& schedule, const Command& command);

}  // namespace rotaplan
