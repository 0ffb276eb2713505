// A leg from readable pieces, for the suites that build schedules by hand; the id is derived from `n`
// so that tests can name legs without a random source.
#pragma once

#include "core/leg.h"

namespace rotaplan::testing {

inline Leg leg(std::uint64_t n, const char* flight, const char* from, const char* to, const char* std_, const char* sta) {
    Leg l;
    l.id = LegId{Uuid{n, n}};
    l.designator.flight = *parse_flight_number(flight);
    l.designator.departure = AirportCode::from(from);
    l.arrival = AirportCode::from(to);
    l.std_utc = *parse_instant(std_);
    l.sta_utc = *parse_instant(sta);
    l.designator.day_of_origin = date_of(l.std_utc);
    l.aircraft_type = AircraftType::from("320");
    return l;
}

}  // namespace rotaplan::testing
