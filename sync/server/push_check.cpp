#include "push_check.h"

#include <exception>
#include <limits>
#include <utility>

#include <nlohmann/json.hpp>

#include "core/events.h"
#include "core/ids.h"
#include "core/time.h"
#include "storage/event_codec.h"

namespace rotaplan::sync {

namespace {

using nlohmann::json;

// What was sent, in a message: short and without control characters,
// whatever it was (JSON strings are UTF-8 already; a cut character is
// replaced when the answer is written).
std::string shown(std::string_view s, std::size_t max = 64) {
    std::string out;
    for (char c : s.substr(0, max)) out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '?' : c;
    if (s.size() > max) out += "... (" + std::to_string(s.size()) + " bytes)";
    return out;
}

// A JSON value named in a message: its type, and short values themselves.
std::string shown_json(const json& v) {
    if (v.is_string()) return "\"" + shown(v.get_ref<const std::string&>()) + "\"";
    if (v.is_number() || v.is_boolean() || v.is_null()) return shown(v.dump());
    return std::string("a JSON ") + v.type_name();
}

struct Fault {
    std::string field, reason;
};

const json* member(const json& j, const char* name) {
    auto it = j.find(name);
    return it == j.end() ? nullptr : &*it;
}

// A string field, at most `max` bytes and not empty; the fault, or nullopt with `out` set.
std::optional<Fault> text(const json& j, const char* name, std::size_t max, const std::string*& out) {
    const json* v = member(j, name);
    if (!v) return Fault{name, "is missing"};
    if (!v->is_string()) return Fault{name, "must be a string, not " + shown_json(*v)};
    const auto& s = v->get_ref<const std::string&>();
    if (s.empty()) return Fault{name, "must not be empty"};
    if (s.size() > max)
        return Fault{name, "has " + std::to_string(s.size()) + " bytes, more than " + std::to_string(max)};
    out = &s;
    return std::nullopt;
}

// An integer field from `min` to `max`: 1.5, "1" and true are not integers.
std::optional<Fault> integer(const json& j, const char* name, std::int64_t min, std::int64_t max, std::int64_t& out) {
    const json* v = member(j, name);
    if (!v) return Fault{name, "is missing"};
    if (!v->is_number_integer()) return Fault{name, "must be an integer, not " + shown_json(*v)};
    bool fits = v->is_number_unsigned() ? v->get<std::uint64_t>() <= std::uint64_t(max) : v->get<std::int64_t>() <= max;
    if (!fits || v->get<std::int64_t>() < min)
        return Fault{name, "must be from " + std::to_string(min) + " to " + std::to_string(max) + ", not " + shown_json(*v)};
    out = v->get<std::int64_t>();
    return std::nullopt;
}

// Checks one event of the batch and fills `e` and the planner its metadata
// names; the first fault found, field by field.
std::optional<Fault> check_event(json& j, WireEvent& e, std::string& planner) {
    if (!j.is_object()) return Fault{"event", "must be a JSON object, not " + shown_json(j)};
    const std::string* s = nullptr;

    if (auto f = text(j, "event_id", 64, s)) return f;
    if (auto u = Uuid::parse(*s); !u || u->str() != *s)
        return Fault{"event_id", "must be a UUID (lower-case 8-4-4-4-12 hex), not \"" + shown(*s) + "\""};
    e.event_id = *s;

    if (auto f = text(j, "type", kMaxTypeBytes, s)) return f;
    if (!known_event_type(*s)) return Fault{"type", "unknown event type \"" + shown(*s) + "\""};
    e.type = *s;

    std::int64_t n = 0;
    if (auto f = integer(j, "schema_version", 1, std::numeric_limits<int>::max(), n)) return f;
    if (const int newest = storage::current_schema_version(e.type); n > newest)
        return Fault{"schema_version", "schema version " + std::to_string(n) + " of " + e.type +
                                           " is newer than this server knows (" + std::to_string(newest) +
                                           "); upgrade the server before the desktops"};
    e.schema_version = int(n);

    if (auto f = text(j, "stream", kMaxStreamBytes, s)) return f;
    if (auto why = check_stream_name(e.type, *s); !why.empty()) return Fault{"stream", why};
    e.stream = *s;

    if (auto f = integer(j, "version", 1, kMaxVersion, e.version)) return f;

    if (auto f = text(j, "recorded_at", 64, s)) return f;
    if (!valid_timestamp(*s))
        return Fault{"recorded_at", "must be an RFC 3339 time such as 2026-11-26T12:00:00.123Z, not \"" + shown(*s) + "\""};
    e.recorded_at = *s;

    if (auto f = text(j, "metadata", kMaxMetadataBytes, s)) return f;
    try {
        planner = metadata_planner(*s);
    } catch (const ProtocolError& err) {
        return Fault{"metadata", err.message};
    }
    if (planner.empty()) return Fault{"metadata.planner", "is missing: the metadata names no planner"};
    e.metadata = *s;

    if (auto f = text(j, "payload", kMaxPayloadBytes, s)) return f;
    try {
        Event decoded = storage::decode(e.type, e.schema_version, *s);
        if (auto why = check_event_stream(decoded, e.stream); !why.empty()) return Fault{"stream", why};
        if (auto why = check_event_data(decoded); !why.empty()) return Fault{"payload", why};
    } catch (const std::exception& err) {
        return Fault{"payload", shown(err.what(), 300)};
    }
    // Moved, not copied: payloads are most of a push's bytes.
    e.payload = std::move(j["payload"].get_ref<std::string&>());
    return std::nullopt;
}

PushVerdict refused(int status, std::string error) {
    PushVerdict v;
    v.status = status;
    v.error = std::move(error);
    return v;
}

void add(PushVerdict& v, std::size_t index, std::optional<std::string> id, std::string field, std::string reason) {
    if (v.rejected.size() < kMaxRejections)
        v.rejected.push_back({index, std::move(id), std::move(field), std::move(reason)});
    ++v.rejected_count;
}

// "events[3].payload: what; 5 events refused in all; nothing was stored"
void summarise(PushVerdict& v, int status) {
    v.status = status;
    const Rejection& first = v.rejected.front();
    v.error = "events[" + std::to_string(first.index) + "]." + first.field + ": " + first.reason;
    if (v.rejected_count > 1) v.error += "; " + std::to_string(v.rejected_count) + " events refused in all";
    v.error += "; nothing was stored";
}

}  // namespace

PushVerdict check_push(std::string_view body, std::string_view planner) {
    json j = json::parse(body, nullptr, false);
    if (j.is_discarded()) return refused(400, "the body is not JSON");
    if (!j.is_object()) return refused(400, "the body is not a JSON object");
    auto events = j.find("events");
    if (events == j.end() || !events->is_array()) return refused(400, "field \"events\" is missing or not an array");
    if (events->size() > kMaxBatchEvents)
        return refused(413, "the push has " + std::to_string(events->size()) + " events, more than " +
                                std::to_string(kMaxBatchEvents) + "; split it");
    auto expected = j.find("expected");
    if (expected == j.end() || !expected->is_object())
        return refused(400, "field \"expected\" is missing or not an object");

    PushVerdict v;
    for (auto& [stream, version] : expected->items()) {
        if (stream.size() > kMaxStreamBytes)
            return refused(400, "expected names a stream of " + std::to_string(stream.size()) + " bytes, more than " +
                                    std::to_string(kMaxStreamBytes));
        if (!version.is_number_integer())
            return refused(400, "expected[\"" + shown(stream) + "\"] is not an integer");
        v.batch.expected[stream] = version.get<std::int64_t>();
    }

    v.batch.events.resize(events->size());
    std::vector<std::string> planners(events->size());
    for (std::size_t i = 0; i < events->size(); ++i) {
        json& e = (*events)[i];
        if (auto fault = check_event(e, v.batch.events[i], planners[i])) {
            std::optional<std::string> id;
            if (const json* sent = e.is_object() ? member(e, "event_id") : nullptr; sent && sent->is_string())
                if (const auto& s = sent->get_ref<const std::string&>(); s.size() <= 64) id = shown(s);
            add(v, i, std::move(id), std::move(fault->field), std::move(fault->reason));
        }
    }
    if (v.rejected_count) {
        summarise(v, 400);
        v.batch = {};
        return v;
    }

    // Every event is valid on its own: now their order.
    for (BatchProblem& p : batch_problems(v.batch)) {
        if (!p.index) return refused(400, p.field + ": " + p.reason + "; nothing was stored");
        add(v, *p.index, v.batch.events[*p.index].event_id, std::move(p.field), std::move(p.reason));
    }
    if (v.rejected_count) {
        summarise(v, 400);
        v.batch = {};
        return v;
    }

    for (std::size_t i = 0; i < v.batch.events.size(); ++i) {
        if (planners[i] != planner)
            add(v, i, v.batch.events[i].event_id, "metadata.planner",
                "claims planner \"" + shown(planners[i]) + "\", but the token belongs to planner \"" +
                    std::string(planner) + "\"");
    }
    if (v.rejected_count) {
        v.status = 403;
        const Rejection& first = v.rejected.front();
        v.error = "events[" + std::to_string(first.index) + "] (" + first.event_id.value_or("") + ") " + first.reason;
        if (v.rejected_count > 1) v.error += "; " + std::to_string(v.rejected_count) + " events in all";
        v.error += "; nothing was stored";
        v.batch = {};
        return v;
    }
    v.status = 200;
    return v;
}

}  // namespace rotaplan::sync
