// A deterministic season of a hub-and-spoke airline, for tests and benchmarks.
//
//   hub FRA (+02:00) ---- 40 European spokes (+00:00 .. +03:00), 3 or 4 round trips a day
//                   \---- long haul east and west of UTC (-05:00 .. +05:30), one round trip a day
//
// Every airplane flies one rotation all season. A carrier's flight numbers
// (four digits) run out after 980 airplanes (490 at more than 8 legs a day):
// a larger fleet flies under several carriers (XQ, XR, XS, ...), as an
// airline group's file does. The schedule has what real
// ones have and parsers get wrong: multi-leg flights (FRA-A-B under one
// flight number), legs over midnight (local and UTC), airports on both sides
// of UTC, fortnightly flights, days of operation with gaps, and SSIM
// attributes (terminals, configuration, onward flight) to carry through.
// The same parameters always give byte-identical files.
#pragma once

#include <string>

#include "core/time.h"

namespace rotaplan::ssim {

inline constexpr int kMaxLegsPerDay = 12;  // six round trips of an hour's block fill a day
inline constexpr int kMaxCarriers = 10;    // XQ to XZ

// An airplane's flights are numbered from 100 + its index times this: ten
// numbers hold four round trips and the fortnightly leisure flight, more
// trips take twenty. Four digits then hold 980 or 490 airplanes a carrier.
inline constexpr int flight_numbers_per_airplane(int legs_per_day) { return legs_per_day > 8 ? 20 : 10; }
inline constexpr int airplanes_per_carrier(int legs_per_day) { return 9800 / flight_numbers_per_airplane(legs_per_day); }

struct GeneratorOptions {
    int airplanes = 300;
    // Legs a short-haul airplane flies a day: round trips from the hub, so an
    // even number from 2 to kMaxLegsPerDay. 0: 8 and 6 on alternate airplanes
    // (the season's 6 legs an airplane a day on average, long haul included).
    // Long-haul airplanes always fly one round trip.
    int legs_per_day = 0;
    // Round trips flown a second time each day under the same designators
    // (another itinerary variation, 8 hours later, in a rotation of its own, "RD001"...):
    // what validation reports as designators used by more than one leg. The
    // rotation file then names every leg with its STD (the optional column).
    int duplicate_designators = 0;
    Date first_day = *make_date(2026, 3, 29);  // IATA summer season 2026
    Date last_day = *make_date(2026, 10, 24);
};

struct GeneratedSchedule {
    std::string ssim;       // Chapter 7, local time mode
    std::string rotations;  // rotation,airplane,airline,flight_number,suffix,departure,day_of_origin[,std]
    std::string airports;   // airport,min_ground_minutes
    std::string airplanes;  // registration,aircraft_type,min_ground_minutes
    long dated_legs = 0;
    int leg_records = 0;
};

GeneratedSchedule generate(const GeneratorOptions& options);

}  // namespace rotaplan::ssim
