// Reading the validation model: what is wrong with the schedule, explained.
//
// Everything comes from the violations table and the legs it names, so the
// answer is as fast as reading a few rows per violation, for the live store
// or for a scratch store that time travel replayed (queries.h).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/validation/rules.h"
#include "storage/projections/queries.h"

namespace rotaplan::storage {

struct ViolationItem {
    validation::Constraint constraint;
    std::vector<LegRow> legs;  // the pair (A, B), or every leg of a designator group
    std::string rotation;      // pairs: the rotation's name
    std::string airplane;      // pairs: its airplane, empty when none
    std::string designator;    // uniqueness: the shared designator
    int actual_minutes = 0;    // ground time only
    int required_minutes = 0;
};

struct ValidationReport {
    std::int64_t legs = 0, rotations = 0;
    int continuity = 0, min_ground_time = 0, designator_uniqueness = 0;
    std::vector<ViolationItem> items;  // by constraint, then rotation name, then departure
    // The fourth count: names more than one rotation holds (core/validation's rule).
    std::vector<validation::DuplicateRotationName> duplicate_rotation_names;
    bool valid() const { return items.empty() && duplicate_rotation_names.empty(); }
};

// The whole schedule, or one rotation (its pairs, and the designator groups
// that include one of its legs).
ValidationReport validation_report(Database& projections, std::optional<RotationId> rotation = std::nullopt);

// What one command rechecked (ValidationChange): the pair violations of these
// rotations and the designator groups among these designators, as they are now.
std::vector<ViolationItem> violations_of(Database& projections, const std::vector<RotationId>& rotations,
                                         const std::vector<std::string>& designators);
// Every violation one leg takes part in: the pairs it is in, and its
// designator's group (what the GUI shows for a selected leg).
std::vector<ViolationItem> violations_of_leg(Database& projections, LegId leg);

// Puts `items` in place of whatever `report` held for those rotations and
// designators, and recounts: a copy of the report kept current by parts.
void replace_violations(ValidationReport& report, const std::vector<RotationId>& rotations,
                        const std::vector<std::string>& designators, std::vector<ViolationItem> items);

}  // namespace rotaplan::storage
