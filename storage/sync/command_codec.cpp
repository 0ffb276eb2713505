#include "storage/sync/command_codec.h"

#include <unordered_set>

#include <nlohmann/json.hpp>

#include "core/overloaded.h"
#include "storage/sqlite/database.h"
#include "storage/eventstore/event_codec.h"

namespace rotaplan::storage {

namespace {

using nlohmann::json;

json rotation_or_null(const std::optional<RotationId>& r) { return r ? json(r->value.str()) : json(nullptr); }

json ids(const std::vector<LegId>& legs) {
    json a = json::array();
    for (const auto& l : legs) a.push_back(l.value.str());
    return a;
}

Uuid uuid(const json& j, const char* name) {
    auto u = Uuid::parse(j.at(name).get<std::string>());
    if (!u) throw StorageError(std::string("command: ") + name + " is not a UUID");
    return *u;
}

std::optional<RotationId> optional_rotation(const json& j, const char* name) {
    if (!j.contains(name) || j.at(name).is_null()) return std::nullopt;
    return RotationId{uuid(j, name)};
}

std::vector<LegId> leg_ids(const json& a) {
    std::vector<LegId> out;
    for (const auto& s : a) {
        auto u = Uuid::parse(s.get<std::string>());
        if (!u) throw StorageError("command: a leg id is not a UUID");
        out.push_back(LegId{*u});
    }
    return out;
}

template <class C>
C code(const json& j, const char* name) {
    auto s = j.at(name).get<std::string>();
    if (s.empty() || s.size() > C::capacity) throw StorageError(std::string("command: bad ") + name + " " + s);
    return C::from(s);
}

Instant instant(const json& j, const char* name) {
    auto t = parse_instant(j.at(name).get<std::string>());
    if (!t) throw StorageError(std::string("command: bad ") + name);
    return *t;
}

}  // namespace

EncodedCommand encode_command(const Command& command) {
    EncodedCommand out;
    json j = std::visit(
        overloaded{
            [](const CreateRotation& c) { return json{{"rotation", c.rotation.value.str()}, {"name", c.name}}; },
            [](const RenameRotation& c) { return json{{"rotation", c.rotation.value.str()}, {"name", c.name}}; },
            [](const DeleteRotation& c) { return json{{"rotation", c.rotation.value.str()}}; },
            [&](const AddLegs& c) {
                return json{{"rotation", rotation_or_null(c.rotation)}, {"legs", "in its events"}};
            },
            [](const MoveLegs& c) { return json{{"legs", ids(c.legs)}, {"to", rotation_or_null(c.to)}}; },
            [](const RetimeLegs& c) {
                json a = json::array();
                for (const auto& t : c.times)
                    a.push_back({{"leg", t.leg.value.str()}, {"std", format_instant(t.std_utc)}, {"sta", format_instant(t.sta_utc)}});
                return json{{"times", a}};
            },
            [](const DeleteLegs& c) { return json{{"legs", ids(c.legs)}}; },
            [](const RegisterAirplane& c) {
                return json{{"registration", c.registration.str()}, {"aircraft_type", c.aircraft_type.str()},
                            {"min_ground_minutes", c.min_ground_minutes}};
            },
            [](const UpdateAirplane& c) {
                return json{{"registration", c.registration.str()}, {"aircraft_type", c.aircraft_type.str()},
                            {"min_ground_minutes", c.min_ground_minutes}};
            },
            [](const RemoveAirplane& c) { return json{{"registration", c.registration.str()}}; },
            [](const AssignAirplane& c) {
                return json{{"registration", c.registration.str()}, {"rotation", c.rotation.value.str()}};
            },
            [](const UnassignAirplane& c) { return json{{"registration", c.registration.str()}}; },
            [](const DefineAirport& c) {
                json j{{"airport", c.airport.str()}, {"min_ground_minutes", c.min_ground_minutes}, {"name", c.name}};
                j["utc_offset_minutes"] = c.utc_offset_minutes ? json(*c.utc_offset_minutes) : json(nullptr);
                if (!c.time_zone.empty()) j["time_zone"] = c.time_zone;
                return j;
            },
            [](const SetAirportMinimumGroundTime& c) {
                return json{{"airport", c.airport.str()}, {"min_ground_minutes", c.min_ground_minutes}};
            },
            [](const RecordImport& c) {
                return json{{"import", c.import.str()}, {"kind", c.kind}, {"file", c.file}, {"sha256", c.sha256},
                            {"records", c.records}, {"attribute_templates", c.attribute_templates}, {"notes", c.notes}};
            },
            [&](const AmendLegs& c) {
                out.legs = legs_payload(c.legs);
                return json::object();
            },
            [](const CreateScenario& c) {
                json j{{"scenario", c.scenario.str()}, {"name", c.name}, {"fork_event", c.fork_event}, {"note", c.note}};
                if (c.base) j["base"] = c.base->str();
                return j;
            },
            [](const RenameScenario& c) { return json{{"scenario", c.scenario.str()}, {"name", c.name}}; },
            [](const DeleteScenario& c) { return json{{"scenario", c.scenario.str()}}; },
            [](const RecordRebase& c) {
                return json{{"scenario", c.scenario.str()}, {"fork_event", c.fork_event}, {"generation", c.generation}};
            },
            [](const RecordPromotion& c) {
                return json{{"scenario", c.scenario.str()}, {"generation", c.generation}, {"commands", c.commands}};
            },
        },
        command);
    j["command"] = command_name(command);
    out.json = j.dump();
    return out;
}

std::vector<Leg> created_legs(const std::vector<Event>& events) {
    std::vector<Leg> out;
    std::unordered_set<LegId, UuidHash> seen;
    auto take = [&](const Leg& l) {
        if (seen.insert(l.id).second) out.push_back(l);
    };
    for (const auto& e : events)
        std::visit(overloaded{[&](const LegCreated& x) { take(x.leg); },
                              [&](const LegsCreated& x) { for (const auto& l : x.legs) take(l); },
                              [&](const LegAddedToRotation& x) { take(x.leg); },
                              [&](const LegsAddedToRotation& x) { for (const auto& l : x.legs) take(l); },
                              [](const auto&) {}},
                   e);
    return out;
}

Command decode_command(std::string_view text, const std::optional<std::string>& legs,
                       const std::function<std::vector<Leg>()>& legs_of_events) {
    try {
        json j = json::parse(text);
        std::string name = j.at("command").get<std::string>();
        auto the_legs = [&] {
            if (!legs) throw StorageError("command " + name + ": its legs are missing");
            return legs_from_payload(*legs);
        };
        auto mgt = [&] { return j.at("min_ground_minutes").get<int>(); };
        if (name == "CreateRotation") return CreateRotation{RotationId{uuid(j, "rotation")}, j.at("name").get<std::string>()};
        if (name == "RenameRotation") return RenameRotation{RotationId{uuid(j, "rotation")}, j.at("name").get<std::string>()};
        if (name == "DeleteRotation") return DeleteRotation{RotationId{uuid(j, "rotation")}};
        if (name == "AddLegs") return AddLegs{optional_rotation(j, "rotation"), legs_of_events()};
        if (name == "MoveLegs") return MoveLegs{leg_ids(j.at("legs")), optional_rotation(j, "to")};
        if (name == "RetimeLegs") {
            RetimeLegs c;
            for (const auto& t : j.at("times"))
                c.times.push_back({leg_ids(json::array({t.at("leg")})).front(), instant(t, "std"), instant(t, "sta")});
            return c;
        }
        if (name == "DeleteLegs") return DeleteLegs{leg_ids(j.at("legs"))};
        if (name == "RegisterAirplane")
            return RegisterAirplane{code<Registration>(j, "registration"), code<AircraftType>(j, "aircraft_type"), mgt()};
        if (name == "UpdateAirplane")
            return UpdateAirplane{code<Registration>(j, "registration"), code<AircraftType>(j, "aircraft_type"), mgt()};
        if (name == "RemoveAirplane") return RemoveAirplane{code<Registration>(j, "registration")};
        if (name == "AssignAirplane") return AssignAirplane{code<Registration>(j, "registration"), RotationId{uuid(j, "rotation")}};
        if (name == "UnassignAirplane") return UnassignAirplane{code<Registration>(j, "registration")};
        if (name == "DefineAirport") {
            DefineAirport c{code<AirportCode>(j, "airport"), mgt(), j.at("name").get<std::string>(), std::nullopt};
            if (!j.at("utc_offset_minutes").is_null()) c.utc_offset_minutes = j.at("utc_offset_minutes").get<int>();
            c.time_zone = j.value("time_zone", std::string());  // absent in commands kept before zones
            return c;
        }
        if (name == "SetAirportMinimumGroundTime") return SetAirportMinimumGroundTime{code<AirportCode>(j, "airport"), mgt()};
        if (name == "RecordImport")
            return RecordImport{uuid(j, "import"), j.at("kind").get<std::string>(), j.at("file").get<std::string>(),
                                j.at("sha256").get<std::string>(), j.at("records").get<int>(),
                                j.at("attribute_templates").get<std::vector<std::string>>(),
                                j.value("notes", std::vector<std::string>{})};
        if (name == "AmendLegs") return AmendLegs{the_legs()};
        if (name == "CreateScenario") {
            std::optional<Uuid> base;
            if (j.contains("base")) base = uuid(j, "base");
            return CreateScenario{uuid(j, "scenario"), j.at("name").get<std::string>(), base,
                                  j.at("fork_event").get<std::string>(), j.value("note", std::string())};
        }
        if (name == "RenameScenario") return RenameScenario{uuid(j, "scenario"), j.at("name").get<std::string>()};
        if (name == "DeleteScenario") return DeleteScenario{uuid(j, "scenario")};
        if (name == "RecordRebase")
            return RecordRebase{uuid(j, "scenario"), j.at("fork_event").get<std::string>(), j.at("generation").get<int>()};
        if (name == "RecordPromotion")
            return RecordPromotion{uuid(j, "scenario"), j.at("generation").get<int>(), j.at("commands").get<int>()};
        throw StorageError("unknown command " + name);
    } catch (const json::exception& e) {
        throw StorageError(std::string("command JSON: ") + e.what());
    }
}

}  // namespace rotaplan::storage
