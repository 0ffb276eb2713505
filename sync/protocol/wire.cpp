#include "wire.h"

#include <set>

#include <nlohmann/json.hpp>

namespace rotaplan::sync {

namespace {

using nlohmann::json;

// JSON string escaping by hand: pull answers carry tens of megabytes of
// payload text, and building a json value per event would copy each twice.
void append_quoted(std::string& out, std::string_view s) {
    static const char* hex = "0123456789abcdef";
    out.push_back('"');
    for (char ch : s) {
        auto c = static_cast<unsigned char>(ch);
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (c < 0x20) {
                    out += "\\u00";
                    out.push_back(hex[c >> 4]);
                    out.push_back(hex[c & 15]);
                } else {
                    out.push_back(ch);
                }
        }
    }
    out.push_back('"');
}

json parse_object(std::string_view body) {
    json j = json::parse(body, nullptr, false);
    if (j.is_discarded()) throw ProtocolError{"the body is not JSON"};
    if (!j.is_object()) throw ProtocolError{"the body is not a JSON object"};
    return j;
}

template <class T>
T field(const json& j, const char* name, const char* where) {
    auto it = j.find(name);
    if (it == j.end()) throw ProtocolError{std::string(where) + ": field \"" + name + "\" is missing"};
    try {
        return it->get<T>();
    } catch (const json::exception&) {
        throw ProtocolError{std::string(where) + ": field \"" + name + "\" has the wrong type"};
    }
}

// Payload and metadata are moved out of the parsed tree, not copied: a pull
// answer holds tens of megabytes of them.
std::string take_string(json& j, const char* name, const std::string& where) {
    auto it = j.find(name);
    if (it == j.end()) throw ProtocolError{where + ": field \"" + name + "\" is missing"};
    if (!it->is_string()) throw ProtocolError{where + ": field \"" + name + "\" has the wrong type"};
    return std::move(it->get_ref<std::string&>());
}

WireEvent event_from(json& j, std::size_t index) {
    std::string where = "events[" + std::to_string(index) + "]";
    if (!j.is_object()) throw ProtocolError{where + ": not an object"};
    WireEvent e;
    e.event_id = field<std::string>(j, "event_id", where.c_str());
    e.stream = field<std::string>(j, "stream", where.c_str());
    e.version = field<std::int64_t>(j, "version", where.c_str());
    e.type = field<std::string>(j, "type", where.c_str());
    e.schema_version = field<int>(j, "schema_version", where.c_str());
    e.payload = take_string(j, "payload", where);
    e.metadata = take_string(j, "metadata", where);
    e.recorded_at = field<std::string>(j, "recorded_at", where.c_str());
    if (auto it = j.find("position"); it != j.end() && it->is_number_integer()) e.position = it->get<std::int64_t>();
    return e;
}

std::vector<WireEvent> events_from(json& j) {
    auto it = j.find("events");
    if (it == j.end() || !it->is_array()) throw ProtocolError{"field \"events\" is missing or not an array"};
    std::vector<WireEvent> out;
    out.reserve(it->size());
    for (std::size_t i = 0; i < it->size(); ++i) out.push_back(event_from((*it)[i], i));
    return out;
}

json metadata_object(std::string_view metadata) {
    json m = json::parse(metadata, nullptr, false);
    if (m.is_discarded() || !m.is_object()) throw ProtocolError{"metadata is not a JSON object"};
    return m;
}

}  // namespace

void append_event_json(std::string& out, const WireEvent& e) {
    out += "{\"event_id\":";
    append_quoted(out, e.event_id);
    out += ",\"stream\":";
    append_quoted(out, e.stream);
    out += ",\"version\":" + std::to_string(e.version);
    out += ",\"type\":";
    append_quoted(out, e.type);
    out += ",\"schema_version\":" + std::to_string(e.schema_version);
    out += ",\"payload\":";
    append_quoted(out, e.payload);
    out += ",\"metadata\":";
    append_quoted(out, e.metadata);
    out += ",\"recorded_at\":";
    append_quoted(out, e.recorded_at);
    if (e.position != 0) out += ",\"position\":" + std::to_string(e.position);
    out.push_back('}');
}

std::string push_body(const PushBatch& batch) {
    std::size_t size = 64;
    for (const auto& e : batch.events) size += e.payload.size() + e.metadata.size() + 256;
    std::string out;
    out.reserve(size + size / 8);
    out += "{\"expected\":{";
    bool first = true;
    for (const auto& [stream, version] : batch.expected) {
        if (!first) out.push_back(',');
        first = false;
        append_quoted(out, stream);
        out += ":" + std::to_string(version);
    }
    out += "},\"events\":[";
    for (std::size_t i = 0; i < batch.events.size(); ++i) {
        if (i) out.push_back(',');
        append_event_json(out, batch.events[i]);
    }
    out += "]}";
    return out;
}

PushBatch parse_push(std::string_view body) {
    json j = parse_object(body);
    PushBatch b;
    auto it = j.find("expected");
    if (it == j.end() || !it->is_object()) throw ProtocolError{"field \"expected\" is missing or not an object"};
    for (auto& [stream, version] : it->items()) {
        if (!version.is_number_integer()) throw ProtocolError{"expected[\"" + stream + "\"] is not an integer"};
        b.expected[stream] = version.get<std::int64_t>();
    }
    b.events = events_from(j);
    return b;
}

std::string pull_body(const std::vector<WireEvent>& events, std::int64_t next, std::int64_t head) {
    std::size_t size = 64;
    for (const auto& e : events) size += e.payload.size() + e.metadata.size() + 256;
    std::string out;
    out.reserve(size + size / 8);
    out += "{\"events\":[";
    for (std::size_t i = 0; i < events.size(); ++i) {
        if (i) out.push_back(',');
        append_event_json(out, events[i]);
    }
    out += "],\"next\":" + std::to_string(next) + ",\"head\":" + std::to_string(head) + "}";
    return out;
}

PullAnswer parse_pull(std::string_view body) {
    json j = parse_object(body);
    PullAnswer a;
    auto it = j.find("events");
    if (it == j.end() || !it->is_array()) throw ProtocolError{"field \"events\" is missing or not an array"};
    a.events.reserve(it->size());
    for (std::size_t i = 0; i < it->size(); ++i) {
        json& e = (*it)[i];
        // Every field checked before any is taken (event_from moves the payload out), so that
        // an event that cannot be read is kept as it came. Whole numbers only: 1.5 would read as 1.
        std::string problem;
        std::string where = "events[" + std::to_string(i) + "]";
        if (!e.is_object()) problem = where + ": not an object";
        for (const char* name : {"event_id", "stream", "type", "payload", "metadata", "recorded_at"})
            if (problem.empty() && (!e.contains(name) || !e[name].is_string()))
                problem = where + ": field \"" + name + "\" is missing or not a string";
        auto whole = [&](const char* name, bool required, std::int64_t max) {
            if (!problem.empty()) return;
            auto f = e.find(name);
            if (f == e.end() && !required) return;
            if (f == e.end() || !f->is_number_integer() || f->get<std::int64_t>() < 0 || f->get<std::int64_t>() > max)
                problem = where + ": field \"" + name + "\" is missing or not a whole number from 0 to " + std::to_string(max);
        };
        whole("version", true, kMaxVersion);
        whole("schema_version", true, 1 << 30);
        whole("position", false, INT64_MAX);
        if (problem.empty()) {
            a.events.push_back(event_from(e, i));
        } else {
            UnreadableWireEvent u;
            u.reason = problem;
            if (e.is_object()) {
                if (auto p = e.find("position"); p != e.end() && p->is_number_integer()) u.position = p->get<std::int64_t>();
                if (auto s = e.find("stream"); s != e.end() && s->is_string()) u.stream = s->get<std::string>();
                if (auto s = e.find("event_id"); s != e.end() && s->is_string()) u.event_id = s->get<std::string>();
            }
            u.json = e.dump();
            a.unreadable.push_back(std::move(u));
        }
    }
    a.next = field<std::int64_t>(j, "next", "pull answer");
    a.head = field<std::int64_t>(j, "head", "pull answer");
    return a;
}

std::string metadata_planner(std::string_view metadata) {
    json m = metadata_object(metadata);
    auto it = m.find("planner");
    return it != m.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string metadata_command(std::string_view metadata) {
    json m = metadata_object(metadata);
    auto it = m.find("causation_id");
    return it != m.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::vector<BatchProblem> batch_problems(const PushBatch& batch) {
    std::vector<BatchProblem> out;
    if (batch.events.empty()) {
        out.push_back({std::nullopt, "events", "the batch has no events"});
        return out;
    }
    std::map<std::string, std::int64_t> at = batch.expected;
    std::map<std::string_view, std::size_t> ids;
    std::set<std::string_view> named;  // streams some event of the batch is on, valid or not
    for (std::size_t i = 0; i < batch.events.size(); ++i) {
        const auto& e = batch.events[i];
        if (e.event_id.empty() || e.stream.empty() || e.type.empty()) {
            out.push_back({i, e.event_id.empty() ? "event_id" : e.stream.empty() ? "stream" : "type",
                           "event_id, stream and type must not be empty"});
            continue;
        }
        named.insert(e.stream);
        if (auto [it, fresh] = ids.emplace(e.event_id, i); !fresh) {
            out.push_back({i, "event_id", "duplicate event id " + e.event_id + " in the batch (also events[" +
                                              std::to_string(it->second) + "])"});
            continue;
        }
        auto it = at.find(e.stream);
        if (it == at.end()) {
            out.push_back({i, "stream", "stream " + e.stream + " has no expected version"});
            continue;
        }
        // Versions count events: 1 and up, far from the int64 edge (no overflow below).
        if (it->second < 0 || it->second > kMaxVersion) {
            out.push_back({i, "stream", "stream " + e.stream + " has an impossible expected version " +
                                            std::to_string(it->second) + " (it must be from 0, a new stream, to " +
                                            std::to_string(kMaxVersion) + ")"});
            continue;
        }
        if (e.version != it->second + 1)
            out.push_back({i, "version", "stream " + e.stream + " version " + std::to_string(e.version) +
                                             " does not follow " + std::to_string(it->second)});
        it->second = e.version;
    }
    // Said only of a stream no event is on: an event refused above (a twin, a
    // bad version) is the problem to name, not the expected version it left.
    for (const auto& [stream, version] : batch.expected)
        if (!named.count(stream))
            out.push_back({std::nullopt, "expected", "expected names stream " + stream + " but the batch has no event for it"});
    return out;
}

std::optional<std::string> check_batch(const PushBatch& batch) {
    auto problems = batch_problems(batch);
    if (problems.empty()) return std::nullopt;
    const BatchProblem& p = problems.front();
    return p.index ? "events[" + std::to_string(*p.index) + "]: " + p.reason : p.reason;
}

}  // namespace rotaplan::sync
