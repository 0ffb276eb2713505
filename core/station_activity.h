// One airport's day as a station controller reads it: its arrivals and
// departures in time order, each arrival's turn (the ground time before the
// same rotation's next leg), the movements per hour, and the connections an
// arrival offers onto later departures.
//
//   legs touching the airport, each with its rotation's next leg
//        --station_day(airport, from, to)--> movements by time, turns, hourly counts
//   an arrival + a window --connections_from--> departures it reaches
//
// Pure: the caller (the desktop's station view) passes the legs it holds in
// memory and the day's bounds in UTC; which clock the day is read in is the
// caller's choice.
#pragma once

#include <array>
#include <optional>
#include <vector>

#include "core/leg.h"

namespace rotaplan {

struct StationLeg {
    const Leg* leg = nullptr;
    // The leg the same rotation flies next (nullptr: the rotation's last leg,
    // or a leg outside any rotation): an arrival's turn is measured to it.
    const Leg* next_in_rotation = nullptr;
};

struct Movement {
    enum class Kind { arrival, departure };
    Kind kind = Kind::departure;
    std::size_t leg = 0;  // index into the legs given
    Instant at;           // STA for an arrival, STD for a departure
    // An arrival: minutes on the ground before its rotation's next leg, when
    // that leg departs from here (a leg elsewhere is a continuity break, not a
    // turn). A departure: minutes since the rotation's previous leg arrived here.
    std::optional<int> ground_minutes;
};

struct StationDay {
    std::vector<Movement> movements;       // by time; at the same minute arrivals first
    std::array<int, 24> arrivals_per_hour{};    // hour 0 starts at `from`
    std::array<int, 24> departures_per_hour{};
};

// The movements at `airport` in [from, to) (a day is 24 hours; a longer span
// counts its hours modulo 24).
StationDay station_day(AirportCode airport, Instant from, Instant to, const std::vector<StationLeg>& legs);

struct Connection {
    std::size_t departure = 0;  // index into the legs given
    int minutes = 0;
};

// The departures from the arrival's airport that leave at least `min_minutes`
// and at most `window_minutes` after it lands, by time, the arrival's own
// rotation included (its next leg is a connection too).
std::vector<Connection> connections_from(std::size_t arrival, int min_minutes, int window_minutes,
                                         const std::vector<StationLeg>& legs);

}  // namespace rotaplan
