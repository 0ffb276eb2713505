#include "events.h"

#include "overloaded.h"

namespace rotaplan {

const char* event_type_name(const Event& e) {
    static constexpr const char* names[] = {
        "RotationCreated",  "RotationRenamed",    "RotationDeleted",  "LegAddedToRotation",
        "LegRemovedFromRotation", "LegCreated",   "LegDeleted",       "LegReleased",
        "LegTaken",         "LegRetimed",         "AirplaneRegistered", "AirplaneUpdated",
        "AirplaneRemoved",  "AirplaneAssigned",   "AirplaneUnassigned", "AirportDefined",
        "AirportMinimumGroundTimeSet", "FileImported", "LegAmended", "LegsCreated", "LegsTaken",
        "LegsAddedToRotation"};
    static_assert(std::size(names) == std::variant_size_v<Event>);
    return names[e.index()];
}

std::optional<LegId> subject_leg(const Event& event) {
    return std::visit(overloaded{
                          [](const LegAddedToRotation& e) -> std::optional<LegId> { return e.leg.id; },
                          [](const LegCreated& e) -> std::optional<LegId> { return e.leg.id; },
                          [](const LegReleased& e) -> std::optional<LegId> { return e.leg.id; },
                          [](const LegRemovedFromRotation& e) -> std::optional<LegId> { return e.leg; },
                          [](const LegDeleted& e) -> std::optional<LegId> { return e.leg; },
                          [](const LegTaken& e) -> std::optional<LegId> { return e.leg; },
                          [](const LegRetimed& e) -> std::optional<LegId> { return e.leg; },
                          [](const LegAmended& e) -> std::optional<LegId> { return e.leg.id; },
                          [](const auto&) -> std::optional<LegId> { return std::nullopt; },
                      },
                      event);
}

std::string describe(const Event& event) {
    return std::visit(
        overloaded{
            [](const RotationCreated& e) { return "rotation " + e.name + " created"; },
            [](const RotationRenamed& e) { return "rotation renamed to " + e.name; },
            [](const RotationDeleted&) { return std::string("rotation deleted"); },
            [](const LegAddedToRotation& e) { return "leg " + describe(e.leg) + " added to rotation"; },
            [](const LegRemovedFromRotation& e) { return "leg " + e.leg.value.str() + " removed from rotation"; },
            [](const LegCreated& e) { return "leg " + describe(e.leg) + " created outside any rotation"; },
            [](const LegDeleted& e) { return "leg " + e.leg.value.str() + " deleted"; },
            [](const LegReleased& e) { return "leg " + format_designator(e.leg.designator) + " left its rotation"; },
            [](const LegTaken& e) { return "leg " + e.leg.value.str() + " taken into rotation " + e.rotation.value.str(); },
            [](const LegRetimed& e) {
                return "leg " + e.leg.value.str() + " retimed to " + format_instant(e.std_utc) + "-" + format_instant(e.sta_utc);
            },
            [](const AirplaneRegistered& e) {
                return "airplane " + e.registration.str() + " registered, type " + e.aircraft_type.str() +
                       ", minimum ground time " + std::to_string(e.min_ground_minutes) + " min";
            },
            [](const AirplaneUpdated& e) {
                return "airplane " + e.registration.str() + " updated, type " + e.aircraft_type.str() +
                       ", minimum ground time " + std::to_string(e.min_ground_minutes) + " min";
            },
            [](const AirplaneRemoved& e) { return "airplane " + e.registration.str() + " removed"; },
            [](const AirplaneAssigned& e) {
                return "airplane " + e.registration.str() + " assigned to rotation " + e.rotation.value.str();
            },
            [](const AirplaneUnassigned& e) {
                return "airplane " + e.registration.str() + " unassigned from rotation " + e.rotation.value.str();
            },
            [](const AirportDefined& e) {
                return "airport " + e.airport.str() + " defined, minimum ground time " +
                       std::to_string(e.min_ground_minutes) + " min";
            },
            [](const AirportMinimumGroundTimeSet& e) {
                return "airport " + e.airport.str() + " minimum ground time set to " +
                       std::to_string(e.min_ground_minutes) + " min";
            },
            [](const LegAmended& e) {
                return "leg " + format_designator(e.leg.designator) + " amended: to " + e.leg.arrival.str() + ", type " +
                       e.leg.aircraft_type.str() + ", service " + std::string(1, e.leg.service_type);
            },
            [](const LegsCreated& e) { return std::to_string(e.legs.size()) + " legs created outside any rotation"; },
            [](const LegsTaken& e) {
                return std::to_string(e.legs.size()) + " legs taken into rotation " + e.rotation.value.str();
            },
            [](const LegsAddedToRotation& e) { return std::to_string(e.legs.size()) + " legs added to rotation"; },
            [](const FileImported& e) {
                std::string notes = e.notes.empty() ? std::string()
                                                    : ", " + std::to_string(e.notes.size()) + (e.notes.size() == 1 ? " note" : " notes");
                return e.kind + " file " + e.file + " imported (" + std::to_string(e.records) + " records, sha256 " +
                       e.sha256 + notes + ")";
            },
        },
        event);
}

std::vector<LegId> legs_concerned(const Event& event) {
    auto ids = [](const std::vector<Leg>& legs) {
        std::vector<LegId> out;
        out.reserve(legs.size());
        for (const Leg& l : legs) out.push_back(l.id);
        return out;
    };
    return std::visit(overloaded{
                          [&](const LegsCreated& e) { return ids(e.legs); },
                          [&](const LegsAddedToRotation& e) { return ids(e.legs); },
                          [](const LegsTaken& e) { return e.legs; },
                          [&](const auto&) {
                              auto one = subject_leg(event);
                              return one ? std::vector<LegId>{*one} : std::vector<LegId>{};
                          },
                      },
                      event);
}

std::string rotation_stream(RotationId id) { return "rotation-" + id.value.str(); }
std::string unassigned_stream(Date day) { return "unassigned-" + format_date(day); }
std::string airplane_stream(const Registration& reg) { return "airplane-" + reg.str(); }
std::string airport_stream(AirportCode code) { return "airport-" + code.str(); }
std::string import_stream(const Uuid& import) { return "import-" + import.str(); }

}  // namespace rotaplan
