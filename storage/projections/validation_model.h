// The validation read model: the schedule's violations, kept in a table.
//
//   events --apply--> legs, rotations, ...            (projections.cpp)
//      \--touched--> dirty spans of rotations,    --refresh, once per command-->  violations
//                    dirty designators
//
// Like the other projections it is written in the command's own transaction,
// so it is exactly as current as the events; it can be rebuilt from the
// projection tables (rebuild()), which is what rebuild-projections, time
// travel and bulk imports do after their replay.
//
// Incremental refresh recomputes only what a change can affect:
//
//   rotation R:  ... P ---- X ---- N ...        X retimed, added, removed or amended:
//                    \__ pairs (P,X), (X,N) __/  only the pairs between X's neighbours,
//                                                at its old and its new place
//   an airplane's minimum or assignment: its rotation's pairs
//   an airport's minimum: the rotations with a leg arriving there
//   a leg created, released, deleted: its designator's uniqueness
//
// A pair row keeps its first leg's STD (first_std) so that "the pairs between
// P and N" is one range of the (rotation_id, first_std) index. A rotation's
// legs never share an STD (they cannot overlap), so ranges are exact.
// The rules themselves are core/validation/rules.h.
//
// The GUI (a later issue) subscribes to what changed through on_change and
// queries by rotation or leg (storage/projections/validation_report.h). on_change fires
// inside the command's transaction: treat it as "look again", and look after
// the command's outcome is known.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/events.h"
#include "storage/sqlite/database.h"

namespace rotaplan::storage {

struct ValidationChange {
    std::vector<RotationId> rotations;     // whose pair violations were rechecked (in part or whole)
    std::vector<std::string> designators;  // whose uniqueness was rechecked ("XQ100/FRA/2026-04-01")
    double seconds = 0;                    // spent recomputing (for the benchmark)
};

class ValidationModel {
public:
    explicit ValidationModel(Database& db);

    // Before `event` is applied to the other projections: note what it can
    // affect (a leg's old place must be read while its row still says it).
    void touched(const Event& event);
    // Recompute what was touched; returns it. A no-op while deferred.
    ValidationChange refresh();
    // Forget what was touched and what was cached (the transaction, or part
    // of it, was rolled back).
    void discard();
    // While deferred (replay, bulk import), touched() records nothing; the
    // caller rebuilds afterwards.
    void defer(bool on) { deferred_ = on; }
    // Everything from the projection tables (which need their indexes).
    void rebuild();

    std::function<void(const ValidationChange&)> on_change;

private:
    struct Span {
        std::int64_t from, to;  // STD minutes, inclusive; the whole rotation when from > to is never used
    };
    static constexpr Span kWhole{INT64_MIN, INT64_MAX};

    void touch_whole(RotationId r) { rotations_[r] = {kWhole}; }
    void touch_at(RotationId r, std::int64_t std_minutes);
    void touch_leg_place(LegId leg, bool with_designator);
    void touch_designator(const FlightDesignator& d);
    void refresh_span(RotationId rotation, Span span);
    void refresh_designator(const std::string& key, const FlightDesignator& d);
    int airport_minimum(AirportCode a);
    void insert_pairs(RotationId rotation, const std::vector<Leg>& legs);

    Database& db_;
    bool deferred_ = false;
    std::map<RotationId, std::vector<Span>> rotations_;
    std::map<std::string, FlightDesignator> designators_;
    std::optional<std::unordered_map<AirportCode, int, CodeHash<3>>> airports_cache_;
    Statement leg_place_, airplane_rotation_, rotations_arriving_, airports_, airplane_minimum_, rotation_exists_;
    Statement before_, after_, legs_between_, clear_between_, clear_pairs_, insert_pair_;
    Statement legs_named_, clear_designator_, insert_group_;
};

// "XQ100A/FRA/2026-04-01": how violations name a designator group.
std::string designator_key(const FlightDesignator& d);

}  // namespace rotaplan::storage
