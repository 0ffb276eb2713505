#include "events.h"

#include <array>
#include <type_traits>
#include <utility>

#include "airplane.h"
#include "airport.h"
#include "overloaded.h"
#include "rotation.h"

namespace rotaplan {

namespace {

// Each event type's name beside its type, whatever their order in Event: the
// name is what the events table and the wire keep, so it never changes once
// released; a type added without one does not compile (event_type_name).
template <class E>
constexpr const char* kEventTypeName = nullptr;
template <> constexpr const char* kEventTypeName<RotationCreated> = "RotationCreated";
template <> constexpr const char* kEventTypeName<RotationRenamed> = "RotationRenamed";
template <> constexpr const char* kEventTypeName<RotationDeleted> = "RotationDeleted";
template <> constexpr const char* kEventTypeName<LegAddedToRotation> = "LegAddedToRotation";
template <> constexpr const char* kEventTypeName<LegRemovedFromRotation> = "LegRemovedFromRotation";
template <> constexpr const char* kEventTypeName<LegCreated> = "LegCreated";
template <> constexpr const char* kEventTypeName<LegDeleted> = "LegDeleted";
template <> constexpr const char* kEventTypeName<LegReleased> = "LegReleased";
template <> constexpr const char* kEventTypeName<LegTaken> = "LegTaken";
template <> constexpr const char* kEventTypeName<LegRetimed> = "LegRetimed";
template <> constexpr const char* kEventTypeName<AirplaneRegistered> = "AirplaneRegistered";
template <> constexpr const char* kEventTypeName<AirplaneUpdated> = "AirplaneUpdated";
template <> constexpr const char* kEventTypeName<AirplaneRemoved> = "AirplaneRemoved";
template <> constexpr const char* kEventTypeName<AirplaneAssigned> = "AirplaneAssigned";
template <> constexpr const char* kEventTypeName<AirplaneUnassigned> = "AirplaneUnassigned";
template <> constexpr const char* kEventTypeName<AirportDefined> = "AirportDefined";
template <> constexpr const char* kEventTypeName<AirportMinimumGroundTimeSet> = "AirportMinimumGroundTimeSet";
template <> constexpr const char* kEventTypeName<FileImported> = "FileImported";
template <> constexpr const char* kEventTypeName<LegAmended> = "LegAmended";
template <> constexpr const char* kEventTypeName<LegsCreated> = "LegsCreated";
template <> constexpr const char* kEventTypeName<LegsTaken> = "LegsTaken";
template <> constexpr const char* kEventTypeName<LegsAddedToRotation> = "LegsAddedToRotation";
template <> constexpr const char* kEventTypeName<ScenarioCreated> = "ScenarioCreated";
template <> constexpr const char* kEventTypeName<ScenarioRenamed> = "ScenarioRenamed";
template <> constexpr const char* kEventTypeName<ScenarioDeleted> = "ScenarioDeleted";
template <> constexpr const char* kEventTypeName<ScenarioRebased> = "ScenarioRebased";
template <> constexpr const char* kEventTypeName<ScenarioPromoted> = "ScenarioPromoted";
template <> constexpr const char* kEventTypeName<CommandRecorded> = "CommandRecorded";

}  // namespace

const char* event_type_name(const Event& e) {
    return std::visit(
        [](const auto& event) {
            using E = std::decay_t<decltype(event)>;
            static_assert(kEventTypeName<E> != nullptr, "every event type has its name in kEventTypeName");
            return kEventTypeName<E>;
        },
        e);
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

std::string describe(const Event& event, const EventNames& names) {
    auto leg = [&](LegId id) {
        std::string n = names.leg ? names.leg(id) : std::string();
        return n.empty() ? id.value.str() : n;
    };
    auto rotation = [&](RotationId id) {
        std::string n = names.rotation ? names.rotation(id) : std::string();
        return n.empty() ? id.value.str() : n;
    };
    // "rotation R1" when the stream's rotation is known, else nothing more.
    const std::string here = names.in_rotation.empty() ? std::string() : " " + names.in_rotation;
    return std::visit(
        overloaded{
            [](const RotationCreated& e) { return "rotation " + e.name + " created"; },
            [&](const RotationRenamed& e) { return "rotation renamed to " + e.name; },
            [&](const RotationDeleted&) { return "rotation" + here + " deleted"; },
            [&](const LegAddedToRotation& e) { return "leg " + describe(e.leg) + " added to rotation" + here; },
            [&](const LegRemovedFromRotation& e) { return "leg " + leg(e.leg) + " removed from rotation" + here; },
            [](const LegCreated& e) { return "leg " + describe(e.leg) + " created outside any rotation"; },
            [&](const LegDeleted& e) { return "leg " + leg(e.leg) + " deleted"; },
            [](const LegReleased& e) { return "leg " + format_designator(e.leg.designator) + " left its rotation"; },
            [&](const LegTaken& e) { return "leg " + leg(e.leg) + " taken into rotation " + rotation(e.rotation); },
            [&](const LegRetimed& e) {
                return "leg " + leg(e.leg) + " retimed to " + format_instant(e.std_utc) + "-" + format_instant(e.sta_utc);
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
            [&](const AirplaneAssigned& e) {
                return "airplane " + e.registration.str() + " assigned to rotation " + rotation(e.rotation);
            },
            [&](const AirplaneUnassigned& e) {
                return "airplane " + e.registration.str() + " unassigned from rotation " + rotation(e.rotation);
            },
            [](const AirportDefined& e) {
                return "airport " + e.airport.str() + " defined, minimum ground time " +
                       std::to_string(e.min_ground_minutes) + " min" +
                       (e.time_zone.empty() ? std::string() : ", time zone " + e.time_zone) +
                       (e.utc_offset_minutes ? ", UTC offset " + format_utc_offset(*e.utc_offset_minutes) : std::string());
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
            [&](const LegsTaken& e) {
                return std::to_string(e.legs.size()) + " legs taken into rotation " + rotation(e.rotation);
            },
            [&](const LegsAddedToRotation& e) { return std::to_string(e.legs.size()) + " legs added to rotation" + here; },
            [](const FileImported& e) {
                std::string notes = e.notes.empty() ? std::string()
                                                    : ", " + std::to_string(e.notes.size()) + (e.notes.size() == 1 ? " note" : " notes");
                return e.kind + " file " + e.file + " imported (" + std::to_string(e.records) + " records, sha256 " +
                       e.sha256 + notes + ")";
            },
            [](const ScenarioCreated& e) {
                return "scenario " + e.name + " created" + (e.note.empty() ? std::string() : " (" + e.note + ")");
            },
            [](const ScenarioRenamed& e) { return "scenario renamed to " + e.name; },
            [](const ScenarioDeleted&) { return std::string("scenario deleted"); },
            [](const ScenarioRebased& e) {
                return "scenario rebased (its changes decided again, generation " + std::to_string(e.generation) + ")";
            },
            [](const ScenarioPromoted& e) {
                return "scenario " + e.name + " promoted: " + std::to_string(e.commands) + " of its changes made in main";
            },
            [](const CommandRecorded&) { return std::string("change recorded in the scenario's journal"); },
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
std::string scenario_stream(const Uuid& scenario) { return "scenario-" + scenario.str(); }
std::string journal_stream(const Uuid& command) { return "command-" + command.str(); }

namespace {

// The kinds of stream an event type lives in, as bits.
enum StreamKind : unsigned { kRotation = 1, kUnassigned = 2, kAirplane = 4, kAirport = 8, kImport = 16, kScenario = 32, kJournal = 64 };

unsigned stream_kinds(const Event& event) {
    return std::visit(
        overloaded{
            [](const RotationCreated&) { return unsigned(kRotation); },
            [](const RotationRenamed&) { return unsigned(kRotation); },
            [](const RotationDeleted&) { return unsigned(kRotation); },
            [](const LegAddedToRotation&) { return unsigned(kRotation); },
            [](const LegsAddedToRotation&) { return unsigned(kRotation); },
            [](const LegRemovedFromRotation&) { return unsigned(kRotation); },
            [](const LegCreated&) { return unsigned(kUnassigned); },
            [](const LegsCreated&) { return unsigned(kUnassigned); },
            [](const LegDeleted&) { return unsigned(kUnassigned); },
            [](const LegReleased&) { return unsigned(kUnassigned); },
            [](const LegTaken&) { return unsigned(kUnassigned); },
            [](const LegsTaken&) { return unsigned(kUnassigned); },
            [](const LegRetimed&) { return unsigned(kRotation | kUnassigned); },
            [](const LegAmended&) { return unsigned(kRotation | kUnassigned); },
            [](const AirplaneRegistered&) { return unsigned(kAirplane); },
            [](const AirplaneUpdated&) { return unsigned(kAirplane); },
            [](const AirplaneRemoved&) { return unsigned(kAirplane); },
            [](const AirplaneAssigned&) { return unsigned(kAirplane); },
            [](const AirplaneUnassigned&) { return unsigned(kAirplane); },
            [](const AirportDefined&) { return unsigned(kAirport); },
            [](const AirportMinimumGroundTimeSet&) { return unsigned(kAirport); },
            [](const FileImported&) { return unsigned(kImport); },
            [](const ScenarioCreated&) { return unsigned(kScenario); },
            [](const ScenarioRenamed&) { return unsigned(kScenario); },
            [](const ScenarioDeleted&) { return unsigned(kScenario); },
            [](const ScenarioRebased&) { return unsigned(kScenario); },
            [](const ScenarioPromoted&) { return unsigned(kScenario); },
            [](const CommandRecorded&) { return unsigned(kJournal); },
        },
        event);
}

struct EventType {
    const char* name;
    unsigned kinds;
};

// One row per alternative of Event, so that a new event type is known here the day it is added.
template <std::size_t... I>
std::array<EventType, sizeof...(I)> event_types(std::index_sequence<I...>) {
    return {EventType{event_type_name(Event(std::in_place_index<I>)), stream_kinds(Event(std::in_place_index<I>))}...};
}

const EventType* find_type(std::string_view type) {
    static const auto types = event_types(std::make_index_sequence<std::variant_size_v<Event>>{});
    for (const EventType& t : types)
        if (type == t.name) return &t;
    return nullptr;
}

constexpr const char* kPrefixes[] = {"rotation-", "unassigned-", "airplane-", "airport-", "import-", "scenario-", "command-"};
constexpr const char* kForms[] = {"rotation-<UUID>", "unassigned-<day of origin YYYY-MM-DD>", "airplane-<registration>",
                                  "airport-<IATA code>", "import-<UUID>", "scenario-<UUID>", "command-<UUID>"};

bool canonical_uuid(std::string_view s) {
    auto u = Uuid::parse(s);
    return u && u->str() == s;
}

bool canonical_date(std::string_view s) {
    auto d = parse_date(s);
    return d && format_date(*d) == s;
}

// Whether `rest` (the stream name after its prefix) names an aggregate of the kind `bit`.
std::string check_aggregate_name(unsigned bit, std::string_view rest) {
    switch (bit) {
        case kRotation:
        case kImport:
        case kScenario:
        case kJournal: return canonical_uuid(rest) ? std::string() : "its id is not a UUID (lower-case 8-4-4-4-12 hex)";
        case kUnassigned: return canonical_date(rest) ? std::string() : "its day of origin is not a date YYYY-MM-DD";
        case kAirplane: return check_registration(rest);
        case kAirport: return check_airport(rest);
    }
    return "unknown stream kind";
}

// A stream name in a message: printable and short, whatever was sent.
std::string quoted(std::string_view s) {
    std::string out = "\"";
    for (char c : s.substr(0, 64)) out += (c >= 0x20 && c < 0x7f) ? c : '?';
    if (s.size() > 64) out += "...";
    return out + "\"";
}

std::string must_be(std::string_view stream, const std::string& expected) {
    return "the event belongs to stream " + expected + ", not " + quoted(stream);
}

}  // namespace

bool known_event_type(std::string_view type) { return find_type(type) != nullptr; }

std::optional<ScenarioStreamPrefix> scenario_prefix(std::string_view stream) {
    constexpr std::string_view head = "scenario/";
    if (!stream.starts_with(head)) return std::nullopt;
    auto rest = stream.substr(head.size());
    auto slash = rest.find('/');
    if (slash == std::string_view::npos) return std::nullopt;
    auto id = Uuid::parse(rest.substr(0, slash));
    if (!id || id->str() != rest.substr(0, slash)) return std::nullopt;
    rest = rest.substr(slash + 1);
    slash = rest.find('/');
    if (slash == std::string_view::npos || slash == 0 || slash > 6) return std::nullopt;
    int generation = 0;
    for (char c : rest.substr(0, slash)) {
        if (c < '0' || c > '9') return std::nullopt;
        generation = generation * 10 + (c - '0');
    }
    if (generation < 1 || rest[0] == '0') return std::nullopt;
    return ScenarioStreamPrefix{*id, generation, head.size() + 37 + slash + 1};
}

std::string check_stream_name(std::string_view type, std::string_view stream) {
    if (stream.starts_with("scenario/")) {
        auto prefix = scenario_prefix(stream);
        if (!prefix) return "stream " + quoted(stream) + ": a scenario's stream is scenario/<UUID>/<generation>/<stream>";
        return check_stream_name(type, stream.substr(prefix->length));
    }
    const EventType* t = find_type(type);
    if (!t) return "unknown event type";
    std::string forms;
    for (std::size_t k = 0; k < std::size(kPrefixes); ++k) {
        unsigned bit = 1u << k;
        if (!(t->kinds & bit)) continue;
        std::string_view prefix = kPrefixes[k];
        if (stream.substr(0, prefix.size()) == prefix) {
            auto why = check_aggregate_name(bit, stream.substr(prefix.size()));
            return why.empty() ? why : "stream " + quoted(stream) + ": " + why;
        }
        forms += forms.empty() ? "" : " or ";
        forms += kForms[k];
    }
    return std::string("a ") + t->name + " event belongs to a stream " + forms + ", not " + quoted(stream);
}

std::string check_event_stream(const Event& event, std::string_view stream) {
    if (auto prefix = scenario_prefix(stream)) stream = stream.substr(prefix->length);
    auto rotation = [&](RotationId id) {
        auto s = rotation_stream(id);
        return s == stream ? std::string() : must_be(stream, s);
    };
    auto unassigned = [&](const Leg& leg) {
        auto s = unassigned_stream(leg.designator.day_of_origin);
        return s == stream ? std::string() : "leg " + format_designator(leg.designator) + ": " + must_be(stream, s);
    };
    auto airplane = [&](const Registration& r) {
        auto s = airplane_stream(r);
        return s == stream ? std::string() : must_be(stream, s);
    };
    auto airport = [&](AirportCode c) {
        auto s = airport_stream(c);
        return s == stream ? std::string() : must_be(stream, s);
    };
    auto scenario = [&](const Uuid& id) {
        auto s = scenario_stream(id);
        return s == stream ? std::string() : must_be(stream, s);
    };
    return std::visit(overloaded{
                          [&](const RotationCreated& e) { return rotation(e.rotation); },
                          [&](const RotationRenamed& e) { return rotation(e.rotation); },
                          [&](const RotationDeleted& e) { return rotation(e.rotation); },
                          [&](const LegAddedToRotation& e) { return rotation(e.rotation); },
                          [&](const LegsAddedToRotation& e) { return rotation(e.rotation); },
                          [&](const LegRemovedFromRotation& e) { return rotation(e.rotation); },
                          [&](const LegCreated& e) { return unassigned(e.leg); },
                          [&](const LegReleased& e) { return unassigned(e.leg); },
                          [&](const LegsCreated& e) {
                              for (const Leg& leg : e.legs)
                                  if (auto why = unassigned(leg); !why.empty()) return why;
                              return std::string();
                          },
                          [&](const AirplaneRegistered& e) { return airplane(e.registration); },
                          [&](const AirplaneUpdated& e) { return airplane(e.registration); },
                          [&](const AirplaneRemoved& e) { return airplane(e.registration); },
                          [&](const AirplaneAssigned& e) { return airplane(e.registration); },
                          [&](const AirplaneUnassigned& e) { return airplane(e.registration); },
                          [&](const AirportDefined& e) { return airport(e.airport); },
                          [&](const AirportMinimumGroundTimeSet& e) { return airport(e.airport); },
                          [&](const ScenarioCreated& e) { return scenario(e.scenario); },
                          [&](const ScenarioRenamed& e) { return scenario(e.scenario); },
                          [&](const ScenarioDeleted& e) { return scenario(e.scenario); },
                          [&](const ScenarioRebased& e) { return scenario(e.scenario); },
                          [&](const ScenarioPromoted& e) { return scenario(e.scenario); },
                          // A leg taken, deleted, retimed or amended names only its id; an import, nothing.
                          [](const auto&) { return std::string(); },
                      },
                      event);
}

std::string check_event_data(const Event& event) {
    auto airplane_data = [](const Registration& r, AircraftType type, int ground) {
        if (auto why = check_registration(r.view()); !why.empty()) return why;
        if (auto why = check_aircraft_type(type.view()); !why.empty()) return why;
        return airplane::check_min_ground_minutes(ground);
    };
    // Named by id: a leg that fails names nothing else a message could show.
    auto leg_data = [](const Leg& l) {
        auto why = check_leg(l);
        return why.empty() ? why : "leg " + l.id.value.str() + ": " + why;
    };
    auto legs_data = [&](const std::vector<Leg>& legs) {
        for (const Leg& l : legs)
            if (auto why = leg_data(l); !why.empty()) return why;
        return std::string();
    };
    return std::visit(overloaded{
                          [](const RotationCreated& e) { return rotation::check_rotation_name(e.name); },
                          [](const RotationRenamed& e) { return rotation::check_rotation_name(e.name); },
                          [&](const LegAddedToRotation& e) { return leg_data(e.leg); },
                          [&](const LegCreated& e) { return leg_data(e.leg); },
                          [&](const LegReleased& e) { return leg_data(e.leg); },
                          [&](const LegAmended& e) { return leg_data(e.leg); },
                          [&](const LegsCreated& e) { return legs_data(e.legs); },
                          [&](const LegsAddedToRotation& e) { return legs_data(e.legs); },
                          [](const LegRetimed& e) { return check_leg_times(e.std_utc, e.sta_utc); },
                          [&](const AirplaneRegistered& e) {
                              return airplane_data(e.registration, e.aircraft_type, e.min_ground_minutes);
                          },
                          [&](const AirplaneUpdated& e) {
                              return airplane_data(e.registration, e.aircraft_type, e.min_ground_minutes);
                          },
                          [](const AirportDefined& e) {
                              if (auto why = check_airport(e.airport.view()); !why.empty()) return why;
                              if (auto why = airplane::check_min_ground_minutes(e.min_ground_minutes); !why.empty())
                                  return why;
                              if (e.utc_offset_minutes) return airport::check_utc_offset_minutes(*e.utc_offset_minutes);
                              return std::string();
                          },
                          [](const AirportMinimumGroundTimeSet& e) {
                              if (auto why = check_airport(e.airport.view()); !why.empty()) return why;
                              return airplane::check_min_ground_minutes(e.min_ground_minutes);
                          },
                          [](const auto&) { return std::string(); },
                      },
                      event);
}

}  // namespace rotaplan
