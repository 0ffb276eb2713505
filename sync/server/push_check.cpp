#include "push_check.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <limits>
#include <system_error>
#include <thread>
#include <utility>

#include <simdjson.h>

#include "core/events.h"
#include "core/ids.h"
#include "core/planner.h"
#include "core/time.h"
#include "storage/eventstore/event_codec.h"

namespace rotaplan::sync {

namespace {

namespace dom = simdjson::dom;
using Type = dom::element_type;

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
std::string shown(dom::element v) {
    switch (v.type()) {
        case Type::STRING: return "\"" + shown(std::string_view(v.get_string().value_unsafe())) + "\"";
        case Type::ARRAY: return "a JSON array";
        case Type::OBJECT: return "a JSON object";
        default: return shown(simdjson::to_string(v));
    }
}

struct Fault {
    std::string field, reason;
};

// A string field, at most `max` bytes and not empty; the fault, or nullopt with `out` set.
std::optional<Fault> text(dom::object j, const char* name, std::size_t max, std::string_view& out) {
    dom::element v;
    if (j[name].get(v)) return Fault{name, "is missing"};
    if (v.type() != Type::STRING) return Fault{name, "must be a string, not " + shown(v)};
    std::string_view s = v.get_string().value_unsafe();
    if (s.empty()) return Fault{name, "must not be empty"};
    if (s.size() > max) return Fault{name, "has " + std::to_string(s.size()) + " bytes, more than " + std::to_string(max)};
    out = s;
    return std::nullopt;
}

// An integer field from `min` to `max`: 1.5, "1" and true are not integers.
std::optional<Fault> integer(dom::object j, const char* name, std::int64_t min, std::int64_t max, std::int64_t& out) {
    dom::element v;
    if (j[name].get(v)) return Fault{name, "is missing"};
    if (v.type() != Type::INT64 && v.type() != Type::UINT64) return Fault{name, "must be an integer, not " + shown(v)};
    std::int64_t n = 0;
    if (v.type() == Type::UINT64 || v.get_int64().get(n) || n < min || n > max)
        return Fault{name, "must be from " + std::to_string(min) + " to " + std::to_string(max) + ", not " + shown(v)};
    out = n;
    return std::nullopt;
}

// One event's fields but its payload, into `e`, with the planner its
// metadata names and its payload's bytes (decoded afterwards, in parallel);
// the first fault found, field by field.
std::optional<Fault> check_fields(dom::element j, WireEvent& e, std::string& planner, std::string_view& payload) {
    dom::object o;
    if (j.get(o)) return Fault{"event", "must be a JSON object, not " + shown(j)};
    std::string_view s;

    if (auto f = text(o, "event_id", 64, s)) return f;
    if (auto u = Uuid::parse(s); !u || u->str() != s)
        return Fault{"event_id", "must be a UUID (lower-case 8-4-4-4-12 hex), not \"" + shown(s) + "\""};
    e.event_id = s;

    if (auto f = text(o, "type", kMaxTypeBytes, s)) return f;
    if (!known_event_type(s)) return Fault{"type", "unknown event type \"" + shown(s) + "\""};
    e.type = s;

    std::int64_t n = 0;
    if (auto f = integer(o, "schema_version", 1, std::numeric_limits<int>::max(), n)) return f;
    if (const int newest = storage::current_schema_version(e.type); n > newest)
        return Fault{"schema_version", "schema version " + std::to_string(n) + " of " + e.type +
                                           " is newer than this server knows (" + std::to_string(newest) +
                                           "); upgrade the server before the desktops"};
    e.schema_version = int(n);

    if (auto f = text(o, "stream", kMaxStreamBytes, s)) return f;
    if (auto why = check_stream_name(e.type, s); !why.empty()) return Fault{"stream", why};
    e.stream = s;

    if (auto f = integer(o, "version", 1, kMaxVersion, e.version)) return f;

    if (auto f = text(o, "recorded_at", 64, s)) return f;
    if (!valid_timestamp(s))
        return Fault{"recorded_at", "must be an RFC 3339 time such as 2026-11-26T12:00:00.123Z, not \"" + shown(s) + "\""};
    e.recorded_at = s;

    if (auto f = text(o, "metadata", kMaxMetadataBytes, s)) return f;
    try {
        planner = metadata_planner(s);
    } catch (const ProtocolError& err) {
        return Fault{"metadata", err.message};
    }
    if (planner.empty()) return Fault{"metadata.planner", "is missing: the metadata names no planner"};
    if (auto why = check_planner_name(planner); !why.empty()) return Fault{"metadata.planner", why};
    e.metadata = s;

    return text(o, "payload", kMaxPayloadBytes, payload);
}

// The payload of `e` decoded by the desktop's own codec and held to what the
// deciders check; copied into the event when it passes.
std::optional<Fault> check_payload(WireEvent& e, std::string_view payload) {
    try {
        Event decoded = storage::decode(e.type, e.schema_version, payload);
        if (auto why = check_event_stream(decoded, e.stream); !why.empty()) return Fault{"stream", why};
        if (auto why = check_event_data(decoded); !why.empty()) return Fault{"payload", why};
    } catch (const std::exception& err) {
        return Fault{"payload", shown(err.what(), 300)};
    }
    e.payload = payload;
    return std::nullopt;
}

// Decoding is most of a push's cost (a season: 90 MB of payload): large
// pushes are decoded on every core. Each event is checked on its own, so
// the verdict does not depend on how the work was shared.
void check_payloads(std::vector<WireEvent>& events, const std::vector<std::string_view>& payloads,
                    std::vector<std::optional<Fault>>& faults) {
    std::size_t bytes = 0;
    for (auto p : payloads) bytes += p.size();
    std::atomic<std::size_t> next{0};
    auto work = [&] {
        for (std::size_t i = next++; i < events.size(); i = next++)
            if (!faults[i]) faults[i] = check_payload(events[i], payloads[i]);
    };
    const unsigned cores = std::max(1u, std::min(8u, std::thread::hardware_concurrency()));
    const unsigned helpers = bytes < (4u << 20) || events.size() < 2 ? 0 : cores - 1;
    std::vector<std::thread> threads;
    try {
        for (unsigned t = 0; t < helpers; ++t) threads.emplace_back(work);
    } catch (const std::system_error&) {
        // No thread to be had: this one does all the work.
    }
    work();
    for (auto& t : threads) t.join();
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
void summarise(PushVerdict& v) {
    v.status = 400;
    v.batch = {};
    const Rejection& first = v.rejected.front();
    v.error = "events[" + std::to_string(first.index) + "]." + first.field + ": " + first.reason;
    if (v.rejected_count > 1) v.error += "; " + std::to_string(v.rejected_count) + " events refused in all";
    v.error += "; nothing was stored";
}

// The event id as sent, for a rejection: a string of UUID size or so, else nothing.
std::optional<std::string> sent_id(dom::element e) {
    std::string_view id;
    if (e.type() == Type::OBJECT && !e["event_id"].get_string().get(id) && id.size() <= 64) return shown(id);
    return std::nullopt;
}

}  // namespace

PushVerdict check_push(std::string_view body, std::string_view planner) {
    dom::parser parser;
    dom::element root;
    if (auto error = parser.parse(body.data(), body.size()).get(root))
        return refused(400, std::string("the body is not JSON: ") + simdjson::error_message(error));
    dom::object top;
    if (root.get(top)) return refused(400, "the body is not a JSON object");
    dom::array events;
    if (top["events"].get(events)) return refused(400, "field \"events\" is missing or not an array");
    std::size_t count = 0;
    for ([[maybe_unused]] dom::element e : events) ++count;
    if (count > kMaxBatchEvents)
        return refused(413, "the push has " + std::to_string(count) + " events, more than " +
                                std::to_string(kMaxBatchEvents) + "; split it");
    dom::object expected;
    if (top["expected"].get(expected)) return refused(400, "field \"expected\" is missing or not an object");

    PushVerdict v;
    for (auto [stream, version] : expected) {
        if (stream.size() > kMaxStreamBytes)
            return refused(400, "expected names a stream of " + std::to_string(stream.size()) + " bytes, more than " +
                                    std::to_string(kMaxStreamBytes));
        std::int64_t n = 0;
        if (version.type() != Type::INT64 || version.get_int64().get(n))
            return refused(400, "expected[\"" + shown(stream) + "\"] is not an integer");
        if (n < 0 || n > kMaxVersion)
            return refused(400, "expected[\"" + shown(stream) + "\"] is " + std::to_string(n) +
                                    ": an expected version is the stream's version the pusher last saw, from 0 (a new "
                                    "stream) to " + std::to_string(kMaxVersion));
        v.batch.expected.emplace(std::string(stream), n);
    }

    v.batch.events.resize(count);
    std::vector<std::string> planners(count);
    std::vector<std::string_view> payloads(count);
    std::vector<std::optional<Fault>> faults(count);
    std::vector<dom::element> sent(count);
    std::size_t i = 0;
    for (dom::element e : events) {
        sent[i] = e;
        faults[i] = check_fields(e, v.batch.events[i], planners[i], payloads[i]);
        ++i;
    }
    check_payloads(v.batch.events, payloads, faults);
    for (i = 0; i < count; ++i)
        if (faults[i]) add(v, i, sent_id(sent[i]), std::move(faults[i]->field), std::move(faults[i]->reason));
    if (v.rejected_count) {
        summarise(v);
        return v;
    }

    // Every event is valid on its own: now their order.
    for (BatchProblem& p : batch_problems(v.batch)) {
        if (!p.index) return refused(400, p.field + ": " + p.reason + "; nothing was stored");
        add(v, *p.index, v.batch.events[*p.index].event_id, std::move(p.field), std::move(p.reason));
    }
    if (v.rejected_count) {
        summarise(v);
        return v;
    }

    for (i = 0; i < count; ++i)
        if (planners[i] != planner)
            add(v, i, v.batch.events[i].event_id, "metadata.planner",
                "claims planner \"" + shown(planners[i]) + "\", but the token belongs to planner \"" +
                    std::string(planner) + "\"");
    if (v.rejected_count) {
        v.status = 403;
        v.batch = {};
        const Rejection& first = v.rejected.front();
        v.error = "events[" + std::to_string(first.index) + "] (" + first.event_id.value_or("") + ") " + first.reason;
        if (v.rejected_count > 1) v.error += "; " + std::to_string(v.rejected_count) + " events in all";
        v.error += "; nothing was stored";
        return v;
    }
    v.status = 200;
    return v;
}

}  // namespace rotaplan::sync
