// The Airport aggregate: reference data for validation (minimum ground time)
// and display (name; IANA time zone and fixed UTC offset for local times and
// days of origin, see local_time.h).
#pragma once

#include <optional>
#include <string>
#include <variant>

#include "decision.h"

namespace rotaplan::airport {

struct State {
    bool exists = false;
    AirportCode code;
    int min_ground_minutes = 0;
    std::string name;
    std::optional<int> utc_offset_minutes;
    std::string time_zone;  // IANA name, "" when none
};

// Define (or redefine) the whole record.
struct Define {
    AirportCode code;
    int min_ground_minutes = 0;
    std::string name;
    std::optional<int> utc_offset_minutes;
    std::string time_zone;  // IANA name, "" when none
};
// Set only the minimum ground time; defines the airport if it is new.
struct SetMinimumGroundTime { AirportCode code; int min_ground_minutes = 0; };

using Command = std::variant<Define, SetMinimumGroundTime>;

Decision decide(const State& state, const Command& command);

// "a UTC offset is between -14:00 and +14:00"; empty when the offset is one the world uses.
std::string check_utc_offset_minutes(int minutes);
State evolve(State state, const Event& event);

}  // namespace rotaplan::airport
