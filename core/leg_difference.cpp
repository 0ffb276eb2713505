// What differs between two versions of one leg (leg_difference.h).
#include "core/leg_difference.h"

namespace rotaplan {

LegDifference leg_difference(const Leg& before, const Leg& after, const std::optional<RotationId>& rotation_before,
                             const std::optional<RotationId>& rotation_after) {
    LegDifference d;
    d.departure_moved_by = after.std_utc - before.std_utc;
    d.arrival_moved_by = after.sta_utc - before.sta_utc;
    d.arrival = before.arrival != after.arrival;
    d.aircraft_type = before.aircraft_type != after.aircraft_type;
    d.service_type = before.service_type != after.service_type;
    d.attributes = before.attributes != after.attributes;
    d.rotation = rotation_before != rotation_after;
    return d;
}

}  // namespace rotaplan
