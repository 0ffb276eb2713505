#include "airplane.h"

#include "overloaded.h"

namespace rotaplan::airplane {

std::string check_min_ground_minutes(int m) {
    if (m < 0 || m > 1440) return "a minimum ground time is between 0 and 1440 minutes";
    return {};
}

Decision decide(const State& s, const Command& command) {
    auto missing = [&] { return not_found("no airplane " + s.registration.str() + " is registered"); };
    return std::visit(
        overloaded{
            [&](const Register& c) -> Decision {
                if (s.exists) return rejected("airplane " + c.registration.str() + " is already registered");
                if (auto why = check_registration(c.registration.view()); !why.empty()) return invalid(why);
                if (auto why = check_aircraft_type(c.aircraft_type.view()); !why.empty()) return invalid(why);
                if (auto why = check_min_ground_minutes(c.min_ground_minutes); !why.empty()) return invalid(why);
                return Events{AirplaneRegistered{c.registration, c.aircraft_type, c.min_ground_minutes}};
            },
            [&](const Update& c) -> Decision {
                if (!s.exists) return missing();
                if (auto why = check_aircraft_type(c.aircraft_type.view()); !why.empty()) return invalid(why);
                if (auto why = check_min_ground_minutes(c.min_ground_minutes); !why.empty()) return invalid(why);
                if (c.aircraft_type == s.aircraft_type && c.min_ground_minutes == s.min_ground_minutes) return Events{};
                return Events{AirplaneUpdated{s.registration, c.aircraft_type, c.min_ground_minutes}};
            },
            [&](const Remove&) -> Decision {
                if (!s.exists) return missing();
                Events out;
                if (s.rotation) out.push_back(AirplaneUnassigned{s.registration, *s.rotation});
                out.push_back(AirplaneRemoved{s.registration});
                return out;
            },
            [&](const Assign& c) -> Decision {
                if (!s.exists) return missing();
                if (s.rotation == c.rotation) return Events{};
                // Reassigning moves the tail: planners swap airplanes between
                // rotations all day, and an "unassign first" error helps nobody.
                Events out;
                if (s.rotation) out.push_back(AirplaneUnassigned{s.registration, *s.rotation});
                out.push_back(AirplaneAssigned{s.registration, c.rotation});
                return out;
            },
            [&](const Unassign&) -> Decision {
                if (!s.exists) return missing();
                if (!s.rotation) return rejected("airplane " + s.registration.str() + " is not assigned to a rotation");
                return Events{AirplaneUnassigned{s.registration, *s.rotation}};
            },
        },
        command);
}

State evolve(State s, const Event& event) {
    std::visit(overloaded{
                   [&](const AirplaneRegistered& e) {
                       s = State{};
                       s.exists = s.ever = true;
                       s.registration = e.registration;
                       s.aircraft_type = e.aircraft_type;
                       s.min_ground_minutes = e.min_ground_minutes;
                   },
                   [&](const AirplaneUpdated& e) {
                       s.aircraft_type = e.aircraft_type;
                       s.min_ground_minutes = e.min_ground_minutes;
                   },
                   [&](const AirplaneRemoved&) {
                       s.exists = false;
                       s.rotation.reset();
                   },
                   [&](const AirplaneAssigned& e) { s.rotation = e.rotation; },
                   [&](const AirplaneUnassigned&) { s.rotation.reset(); },
                   [](const auto&) {},
               },
               event);
    return s;
}

}  // namespace rotaplan::airplane
