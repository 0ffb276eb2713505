// The validation read model: the schedule's violations, kept in a table.
//
//   events --apply--> legs, rotations, ...            (projections.cpp)
//      \--touched--> dirty rotations, designators  --refresh, once per command-->  violations
//
// Like the other projections it is written in the command's own transaction,
// so it is exactly as current as the events; it can be rebuilt from the
// projection tables (rebuild()), which is what rebuild-projections, time
// travel and bulk imports do after their replay. Incremental refresh
// recomputes only what a change can affect: the rotations whose pairs it
// touches (a leg added, retimed, moved; an airplane's minimum; an airport's
// minimum: every rotation with a leg arriving there) and the designators whose
// uniqueness it touches. The rules themselves are core/validation/rules.h.
//
// The GUI (a later issue) subscribes to what changed through on_change, and
// queries by rotation or leg (storage/validation_report.h).
#pragma once

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/events.h"
#include "database.h"

namespace rotaplan::storage {

struct ValidationChange {
    std::vector<RotationId> rotations;     // whose pair violations were recomputed
    std::vector<std::string> designators;  // whose uniqueness was rechecked ("XQ100/FRA/2026-04-01")
    double seconds = 0;                    // spent recomputing (for the benchmark)
};

class ValidationModel {
public:
    explicit ValidationModel(Database& db);

    // Before `event` is applied to the other projections: note what it can
    // affect (a deleted leg's designator must be read while its row exists).
    void touched(const Event& event);
    // Recompute what was touched; returns it. A no-op while deferred.
    ValidationChange refresh();
    // Forget what was touched (the command was rolled back).
    void discard();
    // While deferred (replay, bulk import), touched() records nothing; the
    // caller rebuilds afterwards.
    void defer(bool on) { deferred_ = on; }
    // Everything from the projection tables (which need their indexes).
    void rebuild();

    std::function<void(const ValidationChange&)> on_change;

private:
    void touch_rotation_of_leg(LegId leg);
    void touch_designator(const FlightDesignator& d);
    void refresh_rotation(RotationId rotation);
    void refresh_designator(const std::string& key, const FlightDesignator& d);

    Database& db_;
    bool deferred_ = false;
    std::set<RotationId> rotations_;
    std::map<std::string, FlightDesignator> designators_;
    Statement leg_place_, leg_designator_, airplane_rotation_, rotations_arriving_;
    Statement rotation_legs_, rotation_exists_, airplane_minimum_, airports_;
    Statement clear_rotation_, insert_pair_, legs_named_, clear_designator_, insert_group_;
};

// "XQ100A/FRA/2026-04-01": how violations name a designator group.
std::string designator_key(const FlightDesignator& d);

}  // namespace rotaplan::storage
