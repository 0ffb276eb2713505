#include "airport.h"

#include "airplane.h"
#include "local_time.h"
#include "overloaded.h"

namespace rotaplan::airport {

std::string check_utc_offset_minutes(int m) {
    if (m < -14 * 60 || m > 14 * 60) return "a UTC offset is between -14:00 and +14:00";
    return {};
}

Decision decide(const State& s, const Command& command) {
    return std::visit(
        overloaded{
            [&](const Define& c) -> Decision {
                if (auto why = check_airport(c.code.view()); !why.empty()) return invalid(why);
                if (auto why = airplane::check_min_ground_minutes(c.min_ground_minutes); !why.empty()) return invalid(why);
                if (c.utc_offset_minutes)
                    if (auto why = check_utc_offset_minutes(*c.utc_offset_minutes); !why.empty()) return invalid(why);
                if (!c.time_zone.empty())
                    if (auto why = check_time_zone_name(c.time_zone); !why.empty())
                        return invalid("time zone \"" + c.time_zone + "\": " + why);
                if (s.exists && s.min_ground_minutes == c.min_ground_minutes && s.name == c.name &&
                    s.utc_offset_minutes == c.utc_offset_minutes && s.time_zone == c.time_zone)
                    return Events{};
                return Events{AirportDefined{c.code, c.min_ground_minutes, c.name, c.utc_offset_minutes, c.time_zone}};
            },
            [&](const SetMinimumGroundTime& c) -> Decision {
                if (auto why = check_airport(c.code.view()); !why.empty()) return invalid(why);
                if (auto why = airplane::check_min_ground_minutes(c.min_ground_minutes); !why.empty()) return invalid(why);
                if (!s.exists) return Events{AirportDefined{c.code, c.min_ground_minutes, {}, {}, {}}};
                if (s.min_ground_minutes == c.min_ground_minutes) return Events{};
                return Events{AirportMinimumGroundTimeSet{c.code, c.min_ground_minutes}};
            },
        },
        command);
}

State evolve(State s, const Event& event) {
    std::visit(overloaded{
                   [&](const AirportDefined& e) {
                       s.exists = true;
                       s.code = e.airport;
                       s.min_ground_minutes = e.min_ground_minutes;
                       s.name = e.name;
                       s.utc_offset_minutes = e.utc_offset_minutes;
                       s.time_zone = e.time_zone;
                   },
                   [&](const AirportMinimumGroundTimeSet& e) { s.min_ground_minutes = e.min_ground_minutes; },
                   [](const auto&) {},
               },
               event);
    return s;
}

}  // namespace rotaplan::airport
