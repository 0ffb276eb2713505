// The sync protocol's message shapes (docs/sync-protocol.md), shared by the
// client and the server so that both read and write the same JSON.
//
// An event crosses the wire with its payload and metadata as the exact bytes
// its deciding desktop stored: nothing here re-serialises them.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rotaplan::sync {

// 2: scenarios. A client names the protocol it speaks in every request's
// Rotaplan-Protocol field (none: 1); the server answers its own in /v1/session.
inline constexpr int kProtocolVersion = 2;
inline constexpr int kScenarioProtocol = 2;  // the first that carries scenarios
inline constexpr const char* kProtocolField = "Rotaplan-Protocol";
inline constexpr std::size_t kMaxBatchEvents = 20000;   // a push with more gets 413
inline constexpr int kMaxPullEvents = 5000;             // per pull answer
inline constexpr std::size_t kMaxPullBytes = 32u << 20; // about, per pull answer
inline constexpr int kMaxWaitSeconds = 30;              // long-poll
inline constexpr std::int64_t kMaxVersion = std::int64_t(1) << 53;  // no stream gets near it

struct WireEvent {
    std::string event_id;
    std::string stream;
    std::int64_t version = 0;
    std::string type;
    int schema_version = 0;
    std::string payload;   // JSON text, exact bytes
    std::string metadata;  // JSON text, exact bytes
    std::string recorded_at;
    std::int64_t position = 0;  // in the shared log; 0 until the server placed it
};

struct PushBatch {
    std::map<std::string, std::int64_t> expected;  // stream -> version the pusher last saw
    std::vector<WireEvent> events;
};

struct StreamConflict {
    std::string stream;
    std::int64_t expected = 0;
    std::int64_t current = 0;
};

// An event of a pull answer whose fields cannot be read: a client keeps it
// aside (with its position and stream when those could be read), it never
// stops on it.
struct UnreadableWireEvent {
    std::int64_t position = 0;
    std::string event_id, stream;
    std::string json;    // the event as it arrived
    std::string reason;  // which field, what is wrong
};

// An event id the log already holds for another event (other bytes in any
// field): the push is refused (409), the id stays the first event's.
struct ReusedEvent {
    std::string event_id;
    std::int64_t position = 0;  // of the event the log holds under that id
};

// A rotation's creation or renaming to a name another rotation holds in the
// log: the push is refused (409), the name stays the first rotation's.
struct TakenName {
    std::string event_id;  // the pushed event that takes the name
    std::string name;
    std::string stream;    // the rotation stream that holds it
};

struct PullAnswer {
    std::vector<WireEvent> events;
    std::int64_t next = 0;
    std::int64_t head = 0;
    std::vector<UnreadableWireEvent> unreadable;  // in log order among `events`
};

// Thrown by the parsers below; the message names the field and what is wrong.
struct ProtocolError {
    std::string message;
};

std::string push_body(const PushBatch& batch);
PushBatch parse_push(std::string_view body);  // throws ProtocolError

std::string pull_body(const std::vector<WireEvent>& events, std::int64_t next, std::int64_t head);
// Throws ProtocolError when the answer itself is not one; an event in it
// that cannot be read goes to `unreadable` instead.
PullAnswer parse_pull(std::string_view body);

// Appends one event as a JSON object to `out` (with "position" when nonzero).
void append_event_json(std::string& out, const WireEvent& e);

// The "planner" of an event's metadata (empty when absent); throws ProtocolError when it is not JSON.
std::string metadata_planner(std::string_view metadata);
// The "causation_id" (the command that decided the event) of an event's metadata.
std::string metadata_command(std::string_view metadata);

// What is wrong with a batch's order: every event complete, one stream's
// versions continuing its expected version in order, no event id twice, no
// stream expected without an event. `index` is the event's, or nullopt for
// the batch as a whole; `field` the event's field at fault ("event_id",
// "stream", "version") or "expected".
struct BatchProblem {
    std::optional<std::size_t> index;
    std::string field;
    std::string reason;
};
std::vector<BatchProblem> batch_problems(const PushBatch& batch);

// The first of batch_problems() as one sentence ("events[3]: ..."), or nullopt.
std::optional<std::string> check_batch(const PushBatch& batch);

}  // namespace rotaplan::sync
