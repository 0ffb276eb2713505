#include "unassigned_legs.h"

#include "overloaded.h"

namespace rotaplan::unassigned {

namespace {

DomainError not_here(const State& s, LegId id) {
    return not_found("leg " + id.value.str() + " is not among the unassigned legs of " + format_date(s.day_of_origin));
}

}  // namespace

const Leg* State::find(LegId id) const {
    auto it = legs.find(id);
    return it == legs.end() ? nullptr : &it->second;
}

Decision decide(const State& s, const Command& command) {
    return std::visit(
        overloaded{
            [&](const Create& c) -> Decision {
                for (const Leg& leg : c.legs) {
                    if (auto why = check_leg_times(leg.std_utc, leg.sta_utc); !why.empty())
                        return invalid("leg " + describe(leg) + ": " + why);
                    if (leg.designator.day_of_origin != s.day_of_origin)
                        return invalid("leg " + describe(leg) + " does not belong to day " + format_date(s.day_of_origin));
                    if (s.find(leg.id)) return rejected("leg " + leg.id.value.str() + " already exists");
                }
                if (c.legs.size() == 1) return Events{LegCreated{c.legs.front()}};
                return Events{LegsCreated{c.legs}};
            },
            [&](const Delete& c) -> Decision {
                Events out;
                for (LegId id : c.legs) {
                    if (!s.find(id)) return not_here(s, id);
                    out.push_back(LegDeleted{id});
                }
                return out;
            },
            [&](const Take& c) -> Decision {
                for (LegId id : c.legs)
                    if (!s.find(id)) return not_here(s, id);
                if (c.legs.size() == 1) return Events{LegTaken{c.legs.front(), c.rotation}};
                return Events{LegsTaken{c.legs, c.rotation}};
            },
            [&](const Release& c) -> Decision {
                Events out;
                for (const Leg& leg : c.legs) {
                    if (s.find(leg.id)) return rejected("leg " + format_designator(leg.designator) + " is already unassigned");
                    out.push_back(LegReleased{leg});
                }
                return out;
            },
            [&](const Retime& c) -> Decision {
                Events out;
                for (const auto& t : c.times) {
                    const Leg* leg = s.find(t.leg);
                    if (!leg) return not_here(s, t.leg);
                    if (auto why = check_leg_times(t.std_utc, t.sta_utc); !why.empty())
                        return invalid("leg " + format_designator(leg->designator) + ": " + why);
                    out.push_back(LegRetimed{t.leg, t.std_utc, t.sta_utc});
                }
                return out;
            },
            [&](const Amend& c) -> Decision {
                Events out;
                for (const Leg& leg : c.legs) {
                    const Leg* current = s.find(leg.id);
                    if (!current) return not_here(s, leg.id);
                    if (auto why = rotation::check_amendment(*current, leg); !why.empty()) return invalid(why);
                    if (leg != *current) out.push_back(LegAmended{leg});
                }
                return out;
            },
        },
        command);
}

State evolve(State s, const Event& event) {
    std::visit(overloaded{
                   [&](const LegCreated& e) { s.legs.insert_or_assign(e.leg.id, e.leg); },
                   [&](const LegReleased& e) { s.legs.insert_or_assign(e.leg.id, e.leg); },
                   [&](const LegDeleted& e) { s.legs.erase(e.leg); },
                   [&](const LegTaken& e) { s.legs.erase(e.leg); },
                   [&](const LegsCreated& e) {
                       for (const Leg& l : e.legs) s.legs.insert_or_assign(l.id, l);
                   },
                   [&](const LegsTaken& e) {
                       for (LegId id : e.legs) s.legs.erase(id);
                   },
                   [&](const LegRetimed& e) {
                       if (auto it = s.legs.find(e.leg); it != s.legs.end()) {
                           it->second.std_utc = e.std_utc;
                           it->second.sta_utc = e.sta_utc;
                       }
                   },
                   [&](const LegAmended& e) {
                       if (auto it = s.legs.find(e.leg.id); it != s.legs.end()) it->second = e.leg;
                   },
                   [](const auto&) {},
               },
               event);
    return s;
}

}  // namespace rotaplan::unassigned
