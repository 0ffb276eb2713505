// What differs between two versions of one leg: the one definition the SSIM
// re-import (an amendment), restore (undo of an import, time travel's way
// back) and the comparison of two schedule states ("Compare with now",
// `rotaplan-cli compare`) all read.
//
//   before ──┐                       retimed: STD and STA moved by how many minutes
//            ├─ leg_difference ──▶   amended: arrival, aircraft type, service type, SSIM attributes
//   after  ──┘  (+ their rotations)  moved:   another rotation (or none)
//
// The designator is the leg's name and never changes (leg.h), so it is not
// compared; neither is the id: the caller pairs the two versions.
#pragma once

#include <cstdint>
#include <optional>

#include "core/leg.h"

namespace rotaplan {

struct LegDifference {
    std::int64_t departure_moved_by = 0;  // after's STD - before's STD, minutes
    std::int64_t arrival_moved_by = 0;    // after's STA - before's STA, minutes
    bool arrival = false;                 // the arrival airport
    bool aircraft_type = false;
    bool service_type = false;
    bool attributes = false;              // the SSIM attributes' template (leg.h)
    bool rotation = false;                // moved to another rotation, or out of / into one

    bool retimed() const { return departure_moved_by != 0 || arrival_moved_by != 0; }
    // Anything other than times and rotation: what an AmendLegs command carries.
    bool amended() const { return arrival || aircraft_type || service_type || attributes; }
    bool any() const { return retimed() || amended() || rotation; }
};

// `before` and `after` are two versions of the same leg. The rotations are
// those each version is in; a caller that does not know them (an SSIM
// re-import, which leaves rotations to the rotation file) leaves them out.
LegDifference leg_difference(const Leg& before, const Leg& after, const std::optional<RotationId>& rotation_before = std::nullopt,
                             const std::optional<RotationId>& rotation_after = std::nullopt);

}  // namespace rotaplan
