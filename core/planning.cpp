#include "planning.h"

#include <map>

#include "files/encoding.h"
#include "overloaded.h"

namespace rotaplan {

namespace {

// Collects each aggregate's events under its stream and expected version.
class Changes {
public:
    template <class State>
    DomainError* add(const std::string& stream, const StateRef<State>& at, Decision decision) {
        if (!decision) {
            error_ = decision.error();
            return &*error_;
        }
        if (!decision->empty()) out_.push_back({stream, at->version, std::move(*decision)});
        return nullptr;
    }
    Plan done() {
        if (error_) return *error_;
        return std::move(out_);
    }
    bool failed() const { return error_.has_value(); }

private:
    std::vector<StreamChange> out_;
    std::optional<DomainError> error_;
};

Plan single(const std::string& stream, std::int64_t version, Decision d) {
    if (!d) return d.error();
    std::vector<StreamChange> out;
    if (!d->empty()) out.push_back({stream, version, std::move(*d)});
    return out;
}

DomainError unknown_leg(LegId id) { return not_found("no leg " + id.value.str() + " in the schedule"); }

Plan add_legs(ScheduleReader& r, const AddLegs& c) {
    if (c.legs.empty()) return invalid("no legs to add");
    for (const Leg& leg : c.legs)
        if (r.locate(leg.id)) return rejected("leg " + leg.id.value.str() + " already exists");
    if (c.rotation) {
        auto rot = r.rotation(*c.rotation);
        return single(rotation_stream(*c.rotation), rot->version, rotation::decide(rot->state, rotation::AddLegs{c.legs}));
    }
    std::map<Date, std::vector<Leg>> by_day;
    for (const Leg& leg : c.legs) by_day[leg.designator.day_of_origin].push_back(leg);
    Changes changes;
    for (auto& [day, legs] : by_day) {
        auto unassigned_legs = r.unassigned(day);
        if (changes.add(unassigned_stream(day), unassigned_legs, unassigned::decide(unassigned_legs->state, unassigned::Create{legs})))
            break;
    }
    return changes.done();
}

Plan move_legs(ScheduleReader& r, const MoveLegs& c) {
    if (c.legs.empty()) return invalid("no legs to move");
    // Group the legs by where they are now; a leg already where it should go is left alone.
    std::map<RotationId, std::vector<LegId>> from_rotation;
    std::map<Date, std::vector<LegId>> from_unassigned;
    for (LegId id : c.legs) {
        auto where = r.locate(id);
        if (!where) return unknown_leg(id);
        if (where->rotation == c.to) continue;
        if (where->rotation) from_rotation[*where->rotation].push_back(id);
        else from_unassigned[where->day_of_origin].push_back(id);
    }
    Changes changes;
    std::vector<Leg> moving;
    for (auto& [rot_id, ids] : from_rotation) {
        auto rot = r.rotation(rot_id);
        for (LegId id : ids)
            if (const Leg* leg = rot->state.find(id)) moving.push_back(*leg);
        if (changes.add(rotation_stream(rot_id), rot, rotation::decide(rot->state, rotation::RemoveLegs{ids})))
            return changes.done();
    }
    for (auto& [day, ids] : from_unassigned) {
        auto unassigned_legs = r.unassigned(day);
        for (LegId id : ids)
            if (const Leg* leg = unassigned_legs->state.find(id)) moving.push_back(*leg);
        // from_unassigned is only filled when the target is a rotation.
        if (changes.add(unassigned_stream(day), unassigned_legs, unassigned::decide(unassigned_legs->state, unassigned::Take{ids, *c.to})))
            return changes.done();
    }
    if (moving.empty()) return std::vector<StreamChange>{};
    if (c.to) {
        auto target = r.rotation(*c.to);
        changes.add(rotation_stream(*c.to), target, rotation::decide(target->state, rotation::AddLegs{moving}));
    } else {
        std::map<Date, std::vector<Leg>> by_day;
        for (const Leg& leg : moving) by_day[leg.designator.day_of_origin].push_back(leg);
        for (auto& [day, legs] : by_day) {
            auto unassigned_legs = r.unassigned(day);
            if (changes.add(unassigned_stream(day), unassigned_legs, unassigned::decide(unassigned_legs->state, unassigned::Release{legs})))
                break;
        }
    }
    return changes.done();
}

// Commands on legs wherever they are: each item goes to the aggregate that
// holds its leg (a rotation, or the unassigned legs of its day), one batch each.
template <class Item, class RotationCommand, class UnassignedCommand>
Plan on_legs_where_they_are(ScheduleReader& r, const std::vector<Item>& items, LegId (*leg_of)(const Item&)) {
    std::map<RotationId, std::vector<Item>> in_rotation;
    std::map<Date, std::vector<Item>> in_unassigned;
    for (const Item& item : items) {
        auto where = r.locate(leg_of(item));
        if (!where) return unknown_leg(leg_of(item));
        if (where->rotation) in_rotation[*where->rotation].push_back(item);
        else in_unassigned[where->day_of_origin].push_back(item);
    }
    Changes changes;
    for (auto& [id, batch] : in_rotation) {
        auto rot = r.rotation(id);
        if (changes.add(rotation_stream(id), rot, rotation::decide(rot->state, RotationCommand{batch})))
            return changes.done();
    }
    for (auto& [day, batch] : in_unassigned) {
        auto unassigned_legs = r.unassigned(day);
        if (changes.add(unassigned_stream(day), unassigned_legs, unassigned::decide(unassigned_legs->state, UnassignedCommand{batch}))) break;
    }
    return changes.done();
}

Plan retime_legs(ScheduleReader& r, const RetimeLegs& c) {
    if (c.times.empty()) return invalid("no legs to retime");
    return on_legs_where_they_are<rotation::LegTimes, rotation::RetimeLegs, unassigned::Retime>(
        r, c.times, [](const rotation::LegTimes& t) { return t.leg; });
}

Plan amend_legs(ScheduleReader& r, const AmendLegs& c) {
    if (c.legs.empty()) return invalid("no legs to amend");
    return on_legs_where_they_are<Leg, rotation::AmendLegs, unassigned::Amend>(r, c.legs,
                                                                                [](const Leg& l) { return l.id; });
}

Plan delete_legs(ScheduleReader& r, const DeleteLegs& c) {
    if (c.legs.empty()) return invalid("no legs to delete");
    std::map<Date, std::vector<LegId>> by_day;
    for (LegId id : c.legs) {
        auto where = r.locate(id);
        if (!where) return unknown_leg(id);
        if (where->rotation) {
            auto rot = r.rotation(*where->rotation);
            const Leg* leg = rot->state.find(id);
            return rejected("leg " + (leg ? format_designator(leg->designator) : id.value.str()) + " flies in rotation " +
                            rot->state.name + "; remove it from the rotation before deleting it");
        }
        by_day[where->day_of_origin].push_back(id);
    }
    Changes changes;
    for (auto& [day, ids] : by_day) {
        auto unassigned_legs = r.unassigned(day);
        if (changes.add(unassigned_stream(day), unassigned_legs, unassigned::decide(unassigned_legs->state, unassigned::Delete{ids}))) break;
    }
    return changes.done();
}

Plan delete_rotation(ScheduleReader& r, const DeleteRotation& c) {
    auto rot = r.rotation(c.rotation);
    Changes changes;
    if (changes.add(rotation_stream(c.rotation), rot, rotation::decide(rot->state, rotation::Delete{})))
        return changes.done();
    // Its legs stay in the schedule, outside any rotation.
    std::map<Date, std::vector<Leg>> by_day;
    for (const Leg& leg : rot->state.legs) by_day[leg.designator.day_of_origin].push_back(leg);
    for (auto& [day, legs] : by_day) {
        auto unassigned_legs = r.unassigned(day);
        if (changes.add(unassigned_stream(day), unassigned_legs, unassigned::decide(unassigned_legs->state, unassigned::Release{legs})))
            return changes.done();
    }
    if (auto reg = r.airplane_assigned_to(c.rotation)) {
        auto plane = r.airplane(*reg);
        changes.add(airplane_stream(*reg), plane, airplane::decide(plane->state, airplane::Unassign{}));
    }
    return changes.done();
}

Plan create_rotation(ScheduleReader& r, const CreateRotation& c) {
    if (r.rotation_named(c.name)) return rejected("a rotation named " + c.name + " already exists");
    auto rot = r.rotation(c.rotation);
    return single(rotation_stream(c.rotation), rot->version, rotation::decide(rot->state, rotation::Create{c.rotation, c.name}));
}

Plan rename_rotation(ScheduleReader& r, const RenameRotation& c) {
    if (auto other = r.rotation_named(c.name); other && *other != c.rotation)
        return rejected("a rotation named " + c.name + " already exists");
    auto rot = r.rotation(c.rotation);
    return single(rotation_stream(c.rotation), rot->version, rotation::decide(rot->state, rotation::Rename{c.name}));
}

Plan assign_airplane(ScheduleReader& r, const AssignAirplane& c) {
    auto rot = r.rotation(c.rotation);
    if (!rot->state.live()) return not_found("no such rotation");
    if (auto holder = r.airplane_assigned_to(c.rotation); holder && *holder != c.registration)
        return rejected("rotation " + rot->state.name + " is already flown by airplane " + holder->str() +
                        "; unassign it first");
    auto plane = r.airplane(c.registration);
    return single(airplane_stream(c.registration), plane->version,
                  airplane::decide(plane->state, airplane::Assign{c.rotation}));
}

template <class AirplaneCommand>
Plan on_airplane(ScheduleReader& r, const Registration& reg, AirplaneCommand cmd) {
    auto plane = r.airplane(reg);
    return single(airplane_stream(reg), plane->version, airplane::decide(plane->state, cmd));
}

template <class AirportCommand>
Plan on_airport(ScheduleReader& r, AirportCode code, AirportCommand cmd) {
    auto port = r.airport(code);
    return single(airport_stream(code), port->version, airport::decide(port->state, cmd));
}

}  // namespace

Plan on_scenario(ScheduleReader& r, const Uuid& id, const scenario::Command& cmd) {
    // Unique among the scenarios not deleted: a name is how planners and the CLI choose one.
    const std::string* name = nullptr;
    if (auto* c = std::get_if<scenario::Create>(&cmd)) name = &c->name;
    if (auto* c = std::get_if<scenario::Rename>(&cmd)) name = &c->name;
    if (name) {
        auto holder = r.scenario_named(*name);
        if (holder && *holder != id) return rejected("a scenario named " + *name + " exists already");
    }
    if (auto* c = std::get_if<scenario::Create>(&cmd); c && c->base) {
        auto base = r.scenario(*c->base);
        if (!base->state.exists || base->state.deleted) return not_found("the base scenario " + c->base->str() + " does not exist");
    }
    auto s = r.scenario(id);
    return single(scenario_stream(id), s->version, scenario::decide(s->state, cmd));
}

Plan decide(ScheduleReader& r, const Command& command) {
    return std::visit(
        overloaded{
            [&](const CreateRotation& c) { return create_rotation(r, c); },
            [&](const RenameRotation& c) { return rename_rotation(r, c); },
            [&](const DeleteRotation& c) { return delete_rotation(r, c); },
            [&](const AddLegs& c) { return add_legs(r, c); },
            [&](const MoveLegs& c) { return move_legs(r, c); },
            [&](const RetimeLegs& c) { return retime_legs(r, c); },
            [&](const DeleteLegs& c) { return delete_legs(r, c); },
            [&](const RegisterAirplane& c) {
                return on_airplane(r, c.registration, airplane::Register{c.registration, c.aircraft_type, c.min_ground_minutes});
            },
            [&](const UpdateAirplane& c) {
                return on_airplane(r, c.registration, airplane::Update{c.aircraft_type, c.min_ground_minutes});
            },
            [&](const RemoveAirplane& c) { return on_airplane(r, c.registration, airplane::Remove{}); },
            [&](const AssignAirplane& c) { return assign_airplane(r, c); },
            [&](const UnassignAirplane& c) { return on_airplane(r, c.registration, airplane::Unassign{}); },
            [&](const DefineAirport& c) {
                return on_airport(r, c.airport,
                                  airport::Define{c.airport, c.min_ground_minutes, c.name, c.utc_offset_minutes, c.time_zone});
            },
            [&](const SetAirportMinimumGroundTime& c) {
                return on_airport(r, c.airport, airport::SetMinimumGroundTime{c.airport, c.min_ground_minutes});
            },
            [&](const AmendLegs& c) { return amend_legs(r, c); },
            [&](const CreateScenario& c) {
                return on_scenario(r, c.scenario, scenario::Create{c.scenario, c.name, c.base, c.fork_event, c.note});
            },
            [&](const RenameScenario& c) { return on_scenario(r, c.scenario, scenario::Rename{c.name}); },
            [&](const DeleteScenario& c) { return on_scenario(r, c.scenario, scenario::Delete{}); },
            [&](const RecordRebase& c) { return on_scenario(r, c.scenario, scenario::Rebase{c.fork_event, c.generation}); },
            [&](const RecordPromotion& c) { return on_scenario(r, c.scenario, scenario::Promote{c.generation, c.commands}); },
            [&](const RecordImport& c) -> Plan {
                // A fresh stream per import: it never conflicts with anyone's.
                if (c.import.is_nil()) return invalid("an import needs an id");
                // Its text comes from files: events are JSON, whose strings are UTF-8.
                auto text = {std::string_view(c.kind), std::string_view(c.file), std::string_view(c.sha256)};
                for (std::string_view t : text)
                    if (!files::is_utf8(t)) return invalid("the import's file name or kind is not UTF-8 text: " + files::quoted(t));
                for (const auto* list : {&c.attribute_templates, &c.notes})
                    for (const auto& t : *list)
                        if (!files::is_utf8(t)) return invalid("the import's notes or SSIM templates are not UTF-8 text");
                return std::vector<StreamChange>{
                    {import_stream(c.import), 0, Events{FileImported{c.kind, c.file, c.sha256, c.records, c.attribute_templates, c.notes}}}};
            },
        },
        command);
}

}  // namespace rotaplan
