// What differs between the schedule at two points of its log: the desktop's
// "Compare with now" of time travel and `rotaplan-cli compare`, one comparison.
//
//   events in (from, to] ──legs they concern──▶ each leg at `from` and at `to`  ──▶ added, removed,
//   rotations, airplanes, airports: the lists whole (a few hundred rows)          retimed, moved, changed
//   validation: the three counts of each side (validation_report)
//
// What differs between two versions of a leg is core's leg_difference
// (core/leg_difference.h), the same the re-import and restore read. Only the
// legs the events between the two points concern are looked up, or, when
// those events carry a season, both legs tables are read whole in leg id
// order and merged (for_each_leg_change); each side is read in one
// snapshot. The desktop computes it on its worker while a time travel's
// replayed database is still in hand (ui/session/store_worker_files.cpp).
// The result is small: counts of everything, and the first `max_lines`
// lines (rotations, airplanes, then legs by STD).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/leg_difference.h"
#include "storage/eventstore/lineage.h"
#include "storage/projections/queries.h"

namespace rotaplan::storage {

struct ComparisonLine {
    enum class Kind { Rotation, Airplane, Airport, LegAdded, LegRemoved, LegRetimed, LegMoved, LegChanged };
    Kind kind = Kind::Rotation;  // for a leg: the first of added, removed, retimed, moved, changed that applies
    std::string text;
    std::optional<LegId> leg;
    LegDifference difference;  // a leg there on both sides: what differs (retimed by how much, ...)
};

// The three rules' counts (validate's): on each side of a comparison.
struct ValidationCounts {
    int continuity = 0, min_ground_time = 0, designator_uniqueness = 0;
    bool operator==(const ValidationCounts&) const = default;
};

struct Comparison {
    static constexpr std::size_t kMaxLines = 1000;
    std::int64_t as_of = 0;  // the earlier position
    std::int64_t now = 0;    // the later one (the store's last event for "compare with now")
    long legs_added = 0, legs_removed = 0, legs_retimed = 0, legs_moved = 0, legs_changed = 0;
    long rotations_created = 0, rotations_deleted = 0, rotations_renamed = 0, airplanes_reassigned = 0;
    // Reference data: an airport defined or changed (minimum ground time,
    // clock), an airplane's type or own minimum changed. A minimum raised can
    // break thousands of turns without touching a leg: it is a difference too.
    long airports_changed = 0, airplanes_changed = 0;
    ValidationCounts validation_then, validation_now;
    // Two versions compared (compare_versions): their names, as the caller gives them; empty for two points.
    std::string first_version, second_version;
    std::vector<ComparisonLine> lines;  // the first max_lines
    long total_lines = 0;
    // "3 legs retimed, 1 moved, …" or "no difference".
    std::string summary() const;
};

// `then`: the projections as of position `from`; `later`: as of `to` (the
// store's own, or another replay). `events` is the store's log.
Comparison compare(Database& then, Database& later, EventStore& events, std::int64_t from, std::int64_t to,
                   std::size_t max_lines = Comparison::kMaxLines);
// Two versions of the schedule (main and a scenario, two scenarios, either
// as of a point): `first` holds the projections of lineage `a`, `second`
// those of `b` (lineage.h). Only legs that events of one and not the other
// concern are read. as_of and now are left 0. The events are read from
// `store` when given (first is a replay as of a point: it has no events table).
Comparison compare_versions(Database& first, const Lineage& a, Database& second, const Lineage& b,
                            std::size_t max_lines = Comparison::kMaxLines, Database* store = nullptr);
// The same with `now` the store as it is (to = its last event).
Comparison compare_with_now(Database& past, Database& now, EventStore& events, std::int64_t as_of);

ValidationCounts validation_counts(Database& projections);

// The legs an event in (from, to] concerns (decoding those events): only
// these can differ between the schedule at `from` and at `to`.
std::unordered_set<LegId, UuidHash> legs_concerned_between(EventStore& events, std::int64_t from, std::int64_t to);

// Whether for_each_leg_change reads both legs tables whole (the events in
// (from, to] carry a season) rather than only the legs those events concern.
bool compares_whole_tables(EventStore& events, std::int64_t from, std::int64_t to);

// The comparison's legs, one by one: each leg an event in (from, to]
// concerns that differs between `then` and `later` (added: no `then` row;
// removed: no `later` row), in no particular order. What the schedule change
// messages are made from (storage/imports/ssm_export.h); compare() counts and
// describes the same legs.
void for_each_leg_change(Database& then, Database& later, EventStore& events, std::int64_t from, std::int64_t to,
                         const std::function<void(const std::optional<LegRow>& then_row, const std::optional<LegRow>& later_row)>& each);

// The legs an event of one lineage and not of the other concerns (read over
// `db`'s events table): only these can differ between the two versions.
std::unordered_set<LegId, UuidHash> legs_between_versions(Database& db, const Lineage& a, const Lineage& b);
// for_each_leg_change between two versions: `first` holds lineage `a`'s
// projections, `second` `b`'s (what compare_versions counts and describes);
// the events are read from `store` (first's, when it is the store itself).
void for_each_leg_change(Database& store, Database& first, const Lineage& a, Database& second, const Lineage& b,
                         const std::function<void(const std::optional<LegRow>& then_row, const std::optional<LegRow>& later_row)>& each);

// "retimed 06:00Z-07:00Z -> 06:10Z-07:10Z (+10 min)": how a line says by how much.
std::string moved_by(std::int64_t minutes);

}  // namespace rotaplan::storage
