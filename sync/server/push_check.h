// A push's body judged at the server's boundary, before the shared log sees
// it: the one place that says which events the server takes
// (docs/security.md, "What the server validates").
//
//   body bytes --JSON--> "expected", "events"      not JSON, not that shape   -> 400
//                        more than kMaxBatchEvents                          -> 413
//   every event, on its own:
//     event_id   a UUID, canonical (lower-case 8-4-4-4-12)
//     stream     at most kMaxStreamBytes, of the form its type lives in (core: check_stream_name)
//     version    an integer, 1 to kMaxVersion (not 1.5, not "1")
//     type       an event type of this Rotaplan (core: known_event_type)
//     schema_version  1 to the version this Rotaplan writes for the type
//     recorded_at     an RFC 3339 time (core: valid_timestamp)
//     metadata   a JSON object of at most kMaxMetadataBytes naming a planner
//     payload    at most kMaxPayloadBytes, decoded by the desktop's own codec
//                (storage/eventstore/event_codec: the one definition of a valid payload),
//                naming the aggregate of its stream, with the data a decider
//                would have checked (core: check_event_stream, check_event_data)
//                                                    any of these wrong       -> 400, every such event listed
//   the batch's order (wire.h: batch_problems)          wrong                 -> 400
//   every event's metadata.planner is the token's       not                   -> 403, every such event listed
//   else                                                                      -> the batch, for the log
//
// Pure: bytes and the token's planner in, a verdict out; no Qt, no log, no
// clock, nothing kept between calls. A fuzzing harness calls it as it is.
// The server never *decides* anything here: whether a command still applies
// is the desktops' question; this only refuses what no desktop could have written.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sync/protocol/wire.h"

namespace rotaplan::sync {

inline constexpr std::size_t kMaxStreamBytes = 128;
inline constexpr std::size_t kMaxTypeBytes = 64;
inline constexpr std::size_t kMaxMetadataBytes = 16u << 10;
// The Kafka log's messages are at most 17 MiB: one event, with room for its other fields.
inline constexpr std::size_t kMaxPayloadBytes = 16u << 20;
inline constexpr std::size_t kMaxRejections = 100;  // listed in one answer; the count says how many in all

struct Rejection {
    std::size_t index = 0;                // in the batch's "events"
    std::optional<std::string> event_id;  // as sent, when it is a short string
    std::string field;                    // "payload", "metadata.planner", ...
    std::string reason;
};

struct PushVerdict {
    int status = 400;                 // 200 (batch is valid), 400, 403 or 413
    PushBatch batch;                  // 200
    std::vector<Rejection> rejected;  // 400 and 403: at most kMaxRejections
    std::size_t rejected_count = 0;   // every one found
    std::string error;                // not 200: one sentence, naming the first event at fault
};

// `planner`: the planner the push's token belongs to.
PushVerdict check_push(std::string_view body, std::string_view planner);

}  // namespace rotaplan::sync
