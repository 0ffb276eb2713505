// The three constraints a finished schedule must meet, as pure functions.
//
//   rotation R1:  A FRA-MUC 06:00-07:05 | B MUC-FRA 07:30-08:30 | C FRA-VIE ...
//                 \____ pair (A,B) ____/ \____ pair (B,C) ____/
//   continuity:       A.arrival == B.departure
//   ground time:      B.STD - A.STA >= max(MGT of A's arrival airport, MGT of R1's airplane)
//   uniqueness:   no two legs anywhere share airline, number, suffix, departure, day of origin
//
// While planning only "no overlap" is enforced (core/rotation.h); these are
// checked on demand. An airport or rotation without a defined minimum counts
// as 0 for that part. Equal to the minimum is enough.
#pragma once

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/leg.h"

namespace rotaplan::validation {

enum class Constraint { Continuity, MinimumGroundTime, DesignatorUniqueness };
const char* constraint_name(Constraint c);  // "continuity", "min_ground_time", "designator_uniqueness"

// A pair of consecutive legs of one rotation that breaks continuity or ground time.
struct PairViolation {
    Constraint constraint;
    LegId first;
    LegId second;
    int actual_minutes = 0;    // ground time STD(B) - STA(A)
    int required_minutes = 0;  // ground time only
    Instant first_std;         // A's STD: where the pair sits in its rotation
    bool operator==(const PairViolation&) const = default;
};

// The ground time a turn needs: the arrival airport's minimum or the
// airplane's own, whichever is longer (0 where neither sets one).
inline int required_ground_minutes(int airport_minimum, int airplane_minimum) { return std::max(airport_minimum, airplane_minimum); }

// Every pair violation of one rotation; `legs` sorted by STD (as a rotation
// holds them). `airport_minimum` answers 0 for an airport without one.
std::vector<PairViolation> check_rotation(const std::vector<Leg>& legs, int airplane_minimum,
                                          const std::function<int(AirportCode)>& airport_minimum);

// A fourth finding, of rotations rather than legs: a rotation name held by
// more than one rotation. Deciders refuse it and the server refuses it, but
// stores made before it did, or fed by an older server, may hold
// one; planners must see it rather than have a name pick one rotation.
struct DuplicateRotationName {
    std::string name;
    std::vector<RotationId> rotations;  // two or more, in id order
    bool operator==(const DuplicateRotationName&) const = default;
};
// Every name among `rotations` (id -> name) that more than one rotation holds, by name.
std::vector<DuplicateRotationName> duplicate_rotation_names(const std::map<RotationId, std::string>& rotations);

}  // namespace rotaplan::validation
