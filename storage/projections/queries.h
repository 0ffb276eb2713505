// Read-side queries over the projection tables.
//
// Every query takes the Database that holds the projections: the live store,
// or a scratch database that time travel filled with a prefix of the events,
// so "as of" answers come from the very same code as "now".
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/leg.h"
#include "storage/sqlite/database.h"
#include "storage/eventstore/event_store.h"

namespace rotaplan::storage {

struct Stats {
    std::int64_t events = 0, legs = 0, rotations = 0, airplanes = 0, airports = 0;
};

struct LegRow {
    Leg leg;
    std::optional<RotationId> rotation;
    std::string rotation_name;  // empty outside any rotation
    std::string airplane;       // registration, empty when none
};

struct RotationRow {
    RotationId id;
    std::string name;
    std::string airplane;
    std::int64_t legs = 0;
    std::optional<Instant> first_std, last_sta;
};

struct AirplaneRow {
    std::string registration, aircraft_type, rotation_name;
    int min_ground_minutes = 0;
};

struct AirportRow {
    std::string airport, name;
    int min_ground_minutes = 0;
    std::optional<int> utc_offset_minutes;
    std::string time_zone;  // IANA name, "" when none
};

struct HistoryEntry {
    std::int64_t position = 0;
    std::string recorded_at, planner, host, command, stream, type, description;
    std::string command_id;  // the command that decided it: one planner's action may write several events
    std::string local_planner;  // the name it was made under, when not the planner's (made before the first sync)
};

Stats stats(Database& projections, std::int64_t events);
std::vector<LegRow> legs(Database& projections, std::optional<RotationId> rotation = std::nullopt);
std::vector<RotationRow> rotations(Database& projections);
// The same without the leg counts and times (no pass over the legs): ids,
// names and airplanes, by name.
std::vector<RotationRow> rotation_list(Database& projections);
std::vector<AirplaneRow> airplanes(Database& projections);
std::vector<AirportRow> airports(Database& projections);

std::optional<RotationId> find_rotation(Database& projections, std::string_view name);
std::vector<LegId> find_legs(Database& projections, const FlightDesignator& designator);
// A LegRow read from `kLegRowColumns` columns of `q` starting at `first`;
// leg_columns("a") selects them from a legs table aliased `a` (rotation name
// and airplane then read empty: the caller fills them).
inline constexpr int kLegRowColumns = 15;
LegRow leg_row(const Statement& q, int first = 0);
// A designator from five columns of `q` starting at `first`: airline,
// flight_number, suffix, departure, day_of_origin (the legs table's order).
FlightDesignator designator_columns(const Statement& q, int first);
std::string leg_columns(const char* table);

// Every leg with its rotation, straight from the legs table (no joins): for
// imports and export, which touch a whole season.
void for_each_leg(Database& projections, const std::function<void(const Leg&, const std::optional<RotationId>&)>& f,
                  const std::string& where = {});
// Every leg's designator, id, STD and rotation, sorted by designator then STD
// then id: what a rotation file is checked against (a season's 380,000 legs
// in one narrow scan and one sort, instead of a hash map of vectors).
struct PlacedLeg {
    FlightDesignator designator;
    LegId id;
    Instant std_utc;
    std::optional<RotationId> rotation;
};
std::vector<PlacedLeg> placed_legs(Database& projections);
// The legs with `designator` in a placed_legs() result.
std::span<const PlacedLeg> legs_named(const std::vector<PlacedLeg>& placed, const FlightDesignator& designator);
// SSIM attribute templates by key (core/ssim/expand.h), for export.
std::unordered_map<std::uint64_t, std::string> ssim_templates(Database& projections);
std::optional<LegRow> find_leg(Database& projections, LegId id);
// The same, prepared once, for callers that look up thousands of legs.
class LegLookup {
public:
    explicit LegLookup(Database& projections);
    std::optional<LegRow> operator()(LegId id);

private:
    Statement q_;
};
bool airplane_exists(Database& projections, std::string_view registration);

// Audit trails, oldest first, up to `up_to` (0: everything).
std::vector<HistoryEntry> stream_history(EventStore& store, std::string_view stream, std::int64_t up_to = 0);
std::vector<HistoryEntry> leg_history(EventStore& store, LegId leg, std::int64_t up_to = 0);
// The last `limit` events of the whole schedule, oldest first.
std::vector<HistoryEntry> recent_history(EventStore& store, int limit);

// Time travel: a scratch in-memory database holding the projections as they
// were just after event `position` (replayed with the same Projections code).
Database project_as_of(EventStore& store, std::int64_t position);

}  // namespace rotaplan::storage
