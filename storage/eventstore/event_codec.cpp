#include "storage/eventstore/event_codec.h"

#include <charconv>
#include <limits>
#include <unordered_map>

#include "core/overloaded.h"
#include "storage/sqlite/database.h"
#include "storage/eventstore/payload_fields.h"
#include "storage/eventstore/upcasting.h"

namespace rotaplan::storage {

using nlohmann::json;

namespace {

constexpr int kLegSchema = 2;   // an event with one leg, see upcasting.h
constexpr int kLegsSchema = 3;  // an event with many: rows (append_leg_rows)

bool carries_many_legs(std::string_view type) { return type == "LegsCreated" || type == "LegsAddedToRotation"; }

std::string id_str(const Uuid& u) { return u.str(); }

}  // namespace

std::string hex64(std::uint64_t v) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string s(16, '0');
    for (int i = 15; i >= 0; --i, v >>= 4) s[std::size_t(i)] = digits[v & 15];
    return s;
}

// A leg object written straight into text: an import's events carry 378,000
// legs, and building a JSON tree for each cost more than the SQLite writes.
// Every value is a code, a date, a time or a UUID: nothing to escape. The
// optional "attr" is absent for legs made in Rotaplan (an added field, no
// schema change).
void append_leg_text(std::string& out, const Leg& l) {
    const auto& d = l.designator;
    out += R"({"id":")";
    out += l.id.value.str();
    out += R"(","airline":")";
    out += d.flight.airline.view();
    out += R"(","number":)";
    out += std::to_string(d.flight.number);
    out += R"(,"suffix":")";
    if (d.flight.suffix) out += d.flight.suffix;
    out += R"(","dep":")";
    out += d.departure.view();
    out += R"(","day":")";
    out += format_date(d.day_of_origin);
    out += R"(","arr":")";
    out += l.arrival.view();
    out += R"(","std":")";
    out += format_instant(l.std_utc);
    out += R"(","sta":")";
    out += format_instant(l.sta_utc);
    out += R"(","type":")";
    out += l.aircraft_type.view();
    out += R"(","service":")";
    out += l.service_type;
    out += '"';
    if (l.attributes) {
        out += R"(,"attr":")";
        out += hex64(l.attributes);
        out += '"';
    }
    out += '}';
}

// {"rotation":"…", then the leg or legs; the rotation only for rotation events.
std::string open_leg_payload(const RotationId* rotation, std::size_t legs) {
    std::string out;
    out.reserve(legs * 80 + 256);  // a row is about 75 bytes, a leg object 235
    out += '{';
    if (rotation) {
        out += R"("rotation":")";
        out += rotation->value.str();
        out += R"(",)";
    }
    return out;
}

std::string leg_payload(const Leg& leg, const RotationId* rotation = nullptr) {
    std::string out = open_leg_payload(rotation, 1);
    out += R"("leg":)";
    append_leg_text(out, leg);
    out += '}';
    return out;
}

// Many legs (v3) as rows of a table whose codes are written once:
//   {"rotation":"…","codes":["XQ","FRA","MUC","320"],"attrs":["5b0d057aac4d1aae"],
//    "rows":[["<leg id>",0,100,"",1,2,20544,360,65,3,"J",0],…]}
// (every field written in every row, so that a field a later Rotaplan appends
// is never taken for one of these)
// A row is the leg's id, airline, flight number, suffix, departure, arrival,
// day of origin (days since 1970-01-01), STD (minutes after the day of
// origin's 00:00 UTC), block time (minutes from STD to STA), aircraft type,
// service type and its SSIM attributes' hash (an imported leg's; -1 for
// none); airline, airports and type are indexes into "codes", the hash an
// index into "attrs" (absent when no leg has one). An object a leg (v2) spent 235 bytes
// on it, most of them names, dates and a hash written out again; a row is
// about 75. The id stays a whole UUID string: a leg's history is found by
// its id in the payload's text (queries.cpp, ssm_export.cpp).
void append_number(std::string& out, std::int64_t v) {
    char buffer[24];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
    out.append(buffer, end);
}

void append_leg_rows(std::string& out, const std::vector<Leg>& legs) {
    std::unordered_map<Code<3>, std::int64_t, CodeHash<3>> index;
    std::vector<Code<3>> codes;
    std::unordered_map<std::uint64_t, std::int64_t> attribute_index;
    std::vector<std::uint64_t> attributes;
    auto note = [&](Code<3> c) {
        if (index.try_emplace(c, std::int64_t(codes.size())).second) codes.push_back(c);
    };
    for (const Leg& l : legs) {
        note(l.designator.flight.airline);
        note(l.designator.departure);
        note(l.arrival);
        note(l.aircraft_type);
        if (l.attributes && attribute_index.try_emplace(l.attributes, std::int64_t(attributes.size())).second)
            attributes.push_back(l.attributes);
    }
    out += R"("codes":[)";
    for (std::size_t i = 0; i < codes.size(); ++i) {
        if (i) out += ',';
        out += '"';
        out += codes[i].view();
        out += '"';
    }
    if (!attributes.empty()) {
        out += R"(],"attrs":[)";
        for (std::size_t i = 0; i < attributes.size(); ++i) {
            out += i ? R"(,")" : R"(")";
            out += hex64(attributes[i]);
            out += '"';
        }
    }
    out += R"(],"rows":[)";
    auto code = [&](Code<3> c) {
        append_number(out, index.find(c)->second);
        out += ',';
    };
    for (std::size_t i = 0; i < legs.size(); ++i) {
        const Leg& l = legs[i];
        const auto& d = l.designator;
        out += i ? R"(,[")" : R"([")";
        out += l.id.value.str();
        out += R"(",)";
        code(d.flight.airline);
        append_number(out, d.flight.number);
        out += R"(,")";
        if (d.flight.suffix) out += d.flight.suffix;
        out += R"(",)";
        code(d.departure);
        code(l.arrival);
        append_number(out, d.day_of_origin.days);
        out += ',';
        append_number(out, l.std_utc - instant_at(d.day_of_origin, 0));  // as leg_of_row reads it back
        out += ',';
        append_number(out, l.sta_utc - l.std_utc);
        out += ',';
        code(l.aircraft_type);
        out += '"';
        out += l.service_type;
        out += R"(",)";
        append_number(out, l.attributes ? attribute_index.find(l.attributes)->second : -1);
        out += ']';
    }
    out += "]}";
}

std::string legs_payload_for(const std::vector<Leg>& legs, const RotationId* rotation) {
    std::string out = open_leg_payload(rotation, legs.size());
    append_leg_rows(out, legs);
    return out;
}

int current_schema_version(std::string_view type) {
    if (carries_many_legs(type)) return kLegsSchema;
    return (type == "LegAddedToRotation" || type == "LegCreated" || type == "LegReleased" || type == "LegAmended") ? kLegSchema
                                                                                                                     : 1;
}

EncodedEvent encode(const Event& event) {
    // Events that carry legs are written by hand (see append_leg_text); the rest through nlohmann.
    if (const auto* e = std::get_if<LegsCreated>(&event)) return {"LegsCreated", kLegsSchema, legs_payload_for(e->legs, nullptr)};
    if (const auto* e = std::get_if<LegsAddedToRotation>(&event))
        return {"LegsAddedToRotation", kLegsSchema, legs_payload_for(e->legs, &e->rotation)};
    if (const auto* e = std::get_if<LegAddedToRotation>(&event))
        return {"LegAddedToRotation", kLegSchema, leg_payload(e->leg, &e->rotation)};
    if (const auto* e = std::get_if<LegCreated>(&event)) return {"LegCreated", kLegSchema, leg_payload(e->leg)};
    if (const auto* e = std::get_if<LegReleased>(&event)) return {"LegReleased", kLegSchema, leg_payload(e->leg)};
    if (const auto* e = std::get_if<LegAmended>(&event)) return {"LegAmended", kLegSchema, leg_payload(e->leg)};
    json p = std::visit(
        overloaded{
            [](const RotationCreated& e) { return json{{"rotation", id_str(e.rotation.value)}, {"name", e.name}}; },
            [](const RotationRenamed& e) { return json{{"rotation", id_str(e.rotation.value)}, {"name", e.name}}; },
            [](const RotationDeleted& e) { return json{{"rotation", id_str(e.rotation.value)}}; },
            [](const LegAddedToRotation&) -> json { throw StorageError("encoded above"); },
            [](const LegRemovedFromRotation& e) {
                return json{{"rotation", id_str(e.rotation.value)}, {"leg", id_str(e.leg.value)}};
            },
            [](const LegCreated&) -> json { throw StorageError("encoded above"); },
            [](const LegDeleted& e) { return json{{"leg", id_str(e.leg.value)}}; },
            [](const LegReleased&) -> json { throw StorageError("encoded above"); },
            [](const LegTaken& e) { return json{{"leg", id_str(e.leg.value)}, {"rotation", id_str(e.rotation.value)}}; },
            [](const LegRetimed& e) {
                return json{{"leg", id_str(e.leg.value)}, {"std", format_instant(e.std_utc)}, {"sta", format_instant(e.sta_utc)}};
            },
            [](const AirplaneRegistered& e) {
                return json{{"registration", e.registration.str()},
                            {"aircraft_type", e.aircraft_type.str()},
                            {"min_ground_minutes", e.min_ground_minutes}};
            },
            [](const AirplaneUpdated& e) {
                return json{{"registration", e.registration.str()},
                            {"aircraft_type", e.aircraft_type.str()},
                            {"min_ground_minutes", e.min_ground_minutes}};
            },
            [](const AirplaneRemoved& e) { return json{{"registration", e.registration.str()}}; },
            [](const AirplaneAssigned& e) {
                return json{{"registration", e.registration.str()}, {"rotation", id_str(e.rotation.value)}};
            },
            [](const AirplaneUnassigned& e) {
                return json{{"registration", e.registration.str()}, {"rotation", id_str(e.rotation.value)}};
            },
            [](const AirportDefined& e) {
                json j{{"airport", e.airport.str()}, {"min_ground_minutes", e.min_ground_minutes}, {"name", e.name}};
                j["utc_offset_minutes"] = e.utc_offset_minutes ? json(*e.utc_offset_minutes) : json(nullptr);
                // Only when there is one: an airport without a zone is written exactly as before zones existed.
                if (!e.time_zone.empty()) j["time_zone"] = e.time_zone;
                return j;
            },
            [](const AirportMinimumGroundTimeSet& e) {
                return json{{"airport", e.airport.str()}, {"min_ground_minutes", e.min_ground_minutes}};
            },
            [](const FileImported& e) {
                json j{{"kind", e.kind}, {"file", e.file}, {"sha256", e.sha256}, {"records", e.records}};
                if (!e.attribute_templates.empty()) j["templates"] = e.attribute_templates;
                if (!e.notes.empty()) j["notes"] = e.notes;
                return j;
            },
            [](const LegAmended&) -> json { throw StorageError("encoded above"); },

            [](const LegsTaken& e) {
                json ids = json::array();
                for (LegId id : e.legs) ids.push_back(id_str(id.value));
                return json{{"legs", std::move(ids)}, {"rotation", id_str(e.rotation.value)}};
            },
            [](const LegsCreated&) -> json { throw StorageError("encoded above"); },
            [](const LegsAddedToRotation&) -> json { throw StorageError("encoded above"); },
            [](const ScenarioCreated& e) {
                json j{{"scenario", id_str(e.scenario)}, {"name", e.name}, {"fork_event", e.fork_event}};
                if (e.base) j["base"] = id_str(*e.base);
                if (!e.note.empty()) j["note"] = e.note;
                return j;
            },
            [](const ScenarioRenamed& e) { return json{{"scenario", id_str(e.scenario)}, {"name", e.name}}; },
            [](const ScenarioDeleted& e) { return json{{"scenario", id_str(e.scenario)}}; },
            [](const ScenarioRebased& e) {
                return json{{"scenario", id_str(e.scenario)}, {"fork_event", e.fork_event}, {"generation", e.generation}};
            },
            [](const ScenarioPromoted& e) {
                return json{{"scenario", id_str(e.scenario)},
                            {"name", e.name},
                            {"generation", e.generation},
                            {"commands", e.commands}};
            },
            [](const CommandRecorded& e) {
                json j{{"command", e.command}};
                if (e.legs) j["legs"] = *e.legs;
                return j;
            },
        },
        event);
    const char* type = event_type_name(event);
    return {type, current_schema_version(type), p.dump()};
}

namespace {

using F = PayloadFields;

const std::string& text_of(const F& f, F::Slot s, const char* name) {
    if (!f.has(s)) throw StorageError(std::string("missing field ") + name);
    return f.text[s];
}

std::int64_t number_of(const F& f, F::Slot s, const char* name) {
    if (!f.has(s)) throw StorageError(std::string("missing field ") + name);
    return f.number[s];
}

// A number that must fit its C++ field: a cast would silently make another value of it.
template <class T>
T fitting(std::int64_t v, const char* name) {
    if (v < std::int64_t(std::numeric_limits<T>::min()) || v > std::int64_t(std::numeric_limits<T>::max()))
        throw StorageError(std::string("number out of range in ") + name);
    return T(v);
}

Uuid uuid_of(const F& f, F::Slot s, const char* name) {
    auto u = Uuid::parse(text_of(f, s, name));
    if (!u) throw StorageError(std::string("malformed UUID in ") + name);
    return *u;
}

Instant instant_of(const F& f, F::Slot s, const char* name) {
    auto t = parse_instant(text_of(f, s, name));
    if (!t) throw StorageError(std::string("malformed time in ") + name);
    return *t;
}

template <class C>
C code_of(const F& f, F::Slot s, const char* name) {
    const auto& v = text_of(f, s, name);
    if (v.size() > C::capacity) throw StorageError(std::string("code too long in ") + name);
    return C::from(v);
}

std::uint64_t attributes_in(const std::string& hex) {
    std::uint64_t attributes = 0;
    auto [end, ec] = std::from_chars(hex.data(), hex.data() + hex.size(), attributes, 16);
    if (ec != std::errc{} || end != hex.data() + hex.size()) throw StorageError("malformed leg.attr");
    return attributes;
}

// A leg row (append_leg_rows): codes by their index, times as minutes. The
// day and times are held to the years a date is written with (0000-9999),
// so that the leg can be written again as one leg's payload (format_date).
Leg leg_of_row(const F& f) {
    static const Date first_day = *make_date(0, 1, 1), last_day = *make_date(9999, 12, 31);
    auto code = [&](F::Slot s, const char* name) {
        const std::int64_t i = number_of(f, s, name);
        if (i < 0 || std::uint64_t(i) >= f.codes.size()) throw StorageError(std::string("no such code in ") + name);
        const std::string& c = f.codes[std::size_t(i)];
        if (c.size() > Code<3>::capacity) throw StorageError(std::string("code too long in ") + name);
        return Code<3>::from(c);
    };
    auto one_letter = [&](F::Slot s, const char* name, bool may_be_empty) {
        const auto& t = text_of(f, s, name);
        if (t.size() > 1 || (t.empty() && !may_be_empty)) throw StorageError(std::string("not one letter in ") + name);
        return t.empty() ? '\0' : t[0];
    };
    Leg l;
    l.id = LegId{uuid_of(f, F::leg_id, "leg.id")};
    l.designator.flight.airline = code(F::leg_airline, "leg.airline");
    l.designator.flight.number = fitting<std::uint16_t>(number_of(f, F::leg_number, "leg.number"), "leg.number");
    l.designator.flight.suffix = one_letter(F::leg_suffix, "leg.suffix", true);
    l.designator.departure = code(F::leg_dep, "leg.dep");
    l.arrival = code(F::leg_arr, "leg.arr");
    const auto day = fitting<std::int32_t>(number_of(f, F::leg_day, "leg.day"), "leg.day");
    if (day < first_day.days || day > last_day.days) throw StorageError("day of origin out of range");
    l.designator.day_of_origin = Date{day};
    // Any distance from the day to STD, and from STD to STA, that a leg's
    // dates can be written with (a v2 leg written again as a row, however
    // far its day of origin is from its STD); compared before they are
    // added, so that no sum overflows.
    const std::int64_t from = instant_at(first_day, 0).minutes, to = instant_at(last_day, 1440).minutes;
    auto instant_after = [&](std::int64_t start, F::Slot s, const char* name) {
        const std::int64_t minutes = number_of(f, s, name);
        if (minutes < from - start || minutes >= to - start) throw StorageError(std::string(name) + " out of range");
        return Instant{start + minutes};
    };
    l.std_utc = instant_after(instant_at(l.designator.day_of_origin, 0).minutes, F::leg_std, "leg.std");
    l.sta_utc = instant_after(l.std_utc.minutes, F::leg_sta, "leg.block");
    l.aircraft_type = code(F::leg_type, "leg.type");
    l.service_type = one_letter(F::leg_service, "leg.service", false);
    const std::int64_t i = number_of(f, F::leg_attributes, "leg.attr");
    if (i < -1 || i >= std::int64_t(f.attributes.size())) throw StorageError("no such attributes in leg.attr");
    if (i >= 0) l.attributes = attributes_in(f.attributes[std::size_t(i)]);
    return l;
}

Leg leg_of(const F& f) {
    if (!f.leg_object) throw StorageError("missing leg object");
    // Rows after the object left their numbers in its slots.
    if (f.leg_row) throw StorageError("leg rows in an event of one leg");
    Leg l;
    l.id = LegId{uuid_of(f, F::leg_id, "leg.id")};
    l.designator.flight.airline = code_of<AirlineCode>(f, F::leg_airline, "leg.airline");
    l.designator.flight.number = fitting<std::uint16_t>(number_of(f, F::leg_number, "leg.number"), "leg.number");
    const auto& suffix = text_of(f, F::leg_suffix, "leg.suffix");
    l.designator.flight.suffix = suffix.empty() ? 0 : suffix[0];
    l.designator.departure = code_of<AirportCode>(f, F::leg_dep, "leg.dep");
    auto day = parse_date(text_of(f, F::leg_day, "leg.day"));
    if (!day) throw StorageError("malformed day of origin");
    l.designator.day_of_origin = *day;
    l.arrival = code_of<AirportCode>(f, F::leg_arr, "leg.arr");
    l.std_utc = instant_of(f, F::leg_std, "leg.std");
    l.sta_utc = instant_of(f, F::leg_sta, "leg.sta");
    l.aircraft_type = code_of<AircraftType>(f, F::leg_type, "leg.type");
    const auto& service = text_of(f, F::leg_service, "leg.service");
    l.service_type = service.empty() ? 'J' : service[0];
    if (f.has(F::leg_attributes)) l.attributes = attributes_in(f.text[F::leg_attributes]);
    return l;
}

Event build(std::string_view type, const F& f, std::vector<Leg>& legs) {
    auto rot = [&] { return RotationId{uuid_of(f, F::rotation, "rotation")}; };
    auto leg_ref = [&] { return LegId{uuid_of(f, F::leg_ref, "leg")}; };
    auto reg = [&] { return code_of<Registration>(f, F::registration, "registration"); };
    auto apt = [&] { return code_of<AirportCode>(f, F::airport, "airport"); };
    auto mgt = [&] { return fitting<int>(number_of(f, F::min_ground_minutes, "min_ground_minutes"), "min_ground_minutes"); };
    // Most frequent first: replay spends its time on leg events.
    if (type == "LegAddedToRotation") return LegAddedToRotation{rot(), leg_of(f)};
    if (type == "LegRetimed") return LegRetimed{leg_ref(), instant_of(f, F::std_utc, "std"), instant_of(f, F::sta_utc, "sta")};
    if (type == "LegCreated") return LegCreated{leg_of(f)};
    if (type == "LegRemovedFromRotation") return LegRemovedFromRotation{rot(), leg_ref()};
    if (type == "LegReleased") return LegReleased{leg_of(f)};
    if (type == "LegTaken") return LegTaken{leg_ref(), rot()};
    if (type == "LegDeleted") return LegDeleted{leg_ref()};
    if (type == "RotationCreated") return RotationCreated{rot(), text_of(f, F::name, "name")};
    if (type == "RotationRenamed") return RotationRenamed{rot(), text_of(f, F::name, "name")};
    if (type == "RotationDeleted") return RotationDeleted{rot()};
    if (type == "AirplaneRegistered")
        return AirplaneRegistered{reg(), code_of<AircraftType>(f, F::aircraft_type, "aircraft_type"), mgt()};
    if (type == "AirplaneUpdated")
        return AirplaneUpdated{reg(), code_of<AircraftType>(f, F::aircraft_type, "aircraft_type"), mgt()};
    if (type == "AirplaneRemoved") return AirplaneRemoved{reg()};
    if (type == "AirplaneAssigned") return AirplaneAssigned{reg(), rot()};
    if (type == "AirplaneUnassigned") return AirplaneUnassigned{reg(), rot()};
    if (type == "AirportDefined") {
        std::optional<int> offset;
        if (f.has(F::utc_offset_minutes)) offset = fitting<int>(f.number[F::utc_offset_minutes], "utc_offset_minutes");
        return AirportDefined{apt(), mgt(), f.has(F::name) ? f.text[F::name] : std::string(), offset,
                              f.has(F::time_zone) ? f.text[F::time_zone] : std::string()};
    }
    if (type == "AirportMinimumGroundTimeSet") return AirportMinimumGroundTimeSet{apt(), mgt()};
    if (type == "FileImported")
        return FileImported{text_of(f, F::kind, "kind"), text_of(f, F::file, "file"), text_of(f, F::sha256, "sha256"),
                            fitting<int>(number_of(f, F::records, "records"), "records"), f.templates, f.notes};
    if (type == "LegAmended") return LegAmended{leg_of(f)};
    if (type == "LegsCreated") return LegsCreated{std::move(legs)};
    if (type == "LegsAddedToRotation") return LegsAddedToRotation{rot(), std::move(legs)};
    if (type == "LegsTaken") {
        std::vector<LegId> ids;
        ids.reserve(f.leg_ids.size());
        for (const auto& s : f.leg_ids) {
            auto u = Uuid::parse(s);
            if (!u) throw StorageError("malformed UUID in legs");
            ids.push_back(LegId{*u});
        }
        return LegsTaken{std::move(ids), rot()};
    }
    throw StorageError("unknown event type " + std::string(type));
}

}  // namespace

namespace {

// The registry's and the journal's events: a few per scenario, never on
// replay's hot path, so read through a JSON tree rather than given slots.
std::optional<Event> decode_scenario_event(std::string_view type, std::string_view payload) {
    if (!type.starts_with("Scenario") && type != "CommandRecorded") return std::nullopt;
    json j = json::parse(payload, nullptr, false);
    if (j.is_discarded() || !j.is_object()) throw StorageError("malformed JSON payload");
    auto text = [&](const char* key) {
        auto it = j.find(key);
        if (it == j.end() || !it->is_string()) throw StorageError(std::string("missing field ") + key);
        return it->get<std::string>();
    };
    auto optional_text = [&](const char* key) -> std::optional<std::string> {
        auto it = j.find(key);
        if (it == j.end() || it->is_null()) return std::nullopt;
        if (!it->is_string()) throw StorageError(std::string("malformed field ") + key);
        return it->get<std::string>();
    };
    auto id = [&](const char* key) {
        auto u = Uuid::parse(text(key));
        if (!u) throw StorageError(std::string("malformed UUID in ") + key);
        return *u;
    };
    auto number = [&](const char* key) {
        auto it = j.find(key);
        if (it == j.end() || !it->is_number_integer()) throw StorageError(std::string("missing field ") + key);
        return fitting<int>(it->get<std::int64_t>(), key);
    };
    if (type == "ScenarioCreated") {
        std::optional<Uuid> base;
        if (auto b = optional_text("base")) {
            base = Uuid::parse(*b);
            if (!base) throw StorageError("malformed UUID in base");
        }
        return ScenarioCreated{id("scenario"), text("name"), base, text("fork_event"), optional_text("note").value_or("")};
    }
    if (type == "ScenarioRenamed") return ScenarioRenamed{id("scenario"), text("name")};
    if (type == "ScenarioDeleted") return ScenarioDeleted{id("scenario")};
    if (type == "ScenarioRebased") return ScenarioRebased{id("scenario"), text("fork_event"), number("generation")};
    if (type == "ScenarioPromoted")
        return ScenarioPromoted{id("scenario"), text("name"), number("generation"), number("commands")};
    if (type == "CommandRecorded") return CommandRecorded{text("command"), optional_text("legs")};
    throw StorageError("unknown event type " + std::string(type));
}

}  // namespace

Event decode(std::string_view type, int schema_version, std::string_view payload) {
    try {
        if (auto e = decode_scenario_event(type, payload)) return *e;
    } catch (const StorageError& e) {
        throw StorageError(std::string(type) + " v" + std::to_string(schema_version) + ": " + e.what());
    }
    thread_local PayloadFields fields;  // reused: its strings keep their capacity
    thread_local std::vector<Leg> legs;
    try {
        legs.clear();
        fields.on_leg_object = [](const F& f) { legs.push_back(f.leg_row ? leg_of_row(f) : leg_of(f)); };
        fields.on_restart = [] { legs.clear(); };
        read_payload(payload, fields);
        if (schema_version < current_schema_version(type)) upcast(type, schema_version, fields);
        return build(type, fields, legs);
    } catch (const StorageError& e) {
        throw StorageError(std::string(type) + " v" + std::to_string(schema_version) + ": " + e.what());
    }
}

// Objects, not rows: a command's legs travel in CommandRecorded (a
// scenario's journal, shared with colleagues), whose schema version does not
// change with the legs' shape, so a Rotaplan from before rows must read them.
std::string legs_payload(const std::vector<Leg>& legs) {
    std::string out = open_leg_payload(nullptr, legs.size());
    out += R"("legs":[)";
    for (std::size_t i = 0; i < legs.size(); ++i) {
        if (i) out += ',';
        append_leg_text(out, legs[i]);
    }
    out += "]}";
    return out;
}

std::vector<Leg> legs_from_payload(std::string_view payload) {
    return std::get<LegsCreated>(decode("LegsCreated", current_schema_version("LegsCreated"), payload)).legs;
}

}  // namespace rotaplan::storage
