// Building rotations from legs that fly in none: as few aircraft as possible.
//
//   leg A  FRA-MUC 06:00-07:05      A can precede B when both are one aircraft
//   leg B  MUC-FRA 07:45-08:50      type, B departs where A arrived, and
//                                   STD(B) >= STA(A) + required ground time
//
// The fewest rotations that fly every leg is a minimum path cover of that
// "can precede" graph: legs minus the most links that no two legs share. A
// link joins an arrival at a station to a departure from it, of one type,
// so the links split into independent problems, one per (station, type):
// match arrivals (ready at STA + minimum ground time) to later departures.
// Any arrival ready by a departure's STD is ready for every later one too,
// so a sweep in time order that gives each departure an aircraft that is
// ready (when one is) links as many as any matching can: O(n log n) for the
// sort, then linear.
//
// Which ready aircraft a departure takes is free among minimum solutions; we
// take the one that has waited longest (first in, first out), so a tight
// turn is made only when no aircraft has been on the ground longer
// (docs/decisions.md, "Building rotations").
//
// The required ground time of a turn is the arrival airport's minimum and
// the aircraft type's (the largest minimum among registered airplanes of
// that type, so that any of them can fly the rotation), whichever is longer.
//
// The lower bound is counted independently, without building anything: per
// (station, type), the largest number of departures up to some instant
// minus the aircraft that could have arrived there ready by then; each such
// excess departure must begin a rotation.
#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include "core/leg.h"

namespace rotaplan::rotations {

struct GroundTimes {
    std::map<AirportCode, int> airports;     // minutes; an airport not listed needs 0
    std::map<AircraftType, int> types;       // minutes; a type not listed needs 0
    int required(AirportCode arrival, AircraftType type) const;
};

struct Proposal {
    // Each rotation's legs as indexes into the builder's input, by STD.
    std::vector<std::vector<std::uint32_t>> rotations;
    std::map<AircraftType, int> fleet;        // rotations per aircraft type
    std::map<AircraftType, int> lower_bound;  // counted independently (see above)
    int total_lower_bound() const;
};

// Rotations for `legs` (any order). Deterministic: the same legs give the same
// proposal, whatever order they come in; rotations are ordered by type, then
// by their first leg's STD.
Proposal build(const std::vector<Leg>& legs, const GroundTimes& ground);

// The lower bound alone, per type.
std::map<AircraftType, int> lower_bound(const std::vector<Leg>& legs, const GroundTimes& ground);

// Whether `b` may follow `a` in one rotation by the rules above.
bool can_follow(const Leg& a, const Leg& b, const GroundTimes& ground);

// Rotations per aircraft type and UTC day: for each day, how many rotations
// fly at least one leg departing that day.
struct DayFleet {
    AircraftType type;
    Date day;
    int rotations = 0;
};
std::vector<DayFleet> fleet_per_day(const std::vector<Leg>& legs, const Proposal& proposal);

// Airplanes onto rotations that have none, by aircraft type: an airplane can
// fly a rotation whose every turn is at least its own minimum ground time.
struct Candidate {
    std::uint32_t index;  // the caller's
    AircraftType type;
    int value = 0;        // a rotation's shortest turn (a big number when it has none); an airplane's minimum
};
struct Assignment {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;  // (rotation, airplane) indexes
    std::vector<std::uint32_t> rotations_left;                   // without an airplane
    std::vector<std::uint32_t> airplanes_idle;
};
// As many rotations as possible get an airplane; the most constrained (the
// shortest turn) choose first and take the airplane with the longest minimum
// that still fits, keeping the more flexible airplanes for the rest.
Assignment assign(const std::vector<Candidate>& rotations, const std::vector<Candidate>& airplanes);

// A rotation's shortest ground time between consecutive legs (sorted by STD),
// or kNoTurn when it has fewer than two legs.
inline constexpr int kNoTurn = 1 << 30;
int shortest_turn(const std::vector<Leg>& legs);

}  // namespace rotaplan::rotations
