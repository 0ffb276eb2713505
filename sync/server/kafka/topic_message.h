// One message of the shared log's topic: one event of one push.
//
//   key     = the event's stream           (a compacting or partitioning tool sees streams)
//   value   = the event's wire JSON        (docs/sync-protocol.md, "Events on the wire"), no position:
//             the position is given when its batch is judged valid (topic_indexer.h)
//   header  rotaplan-batch: ID/INDEX/COUNT (batch_tag.h)
//
// The value is the very text a pull answer carries for the event, so the
// wire's parser reads it back and payload and metadata stay the exact bytes
// the deciding desktop stored.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "batch_tag.h"
#include "sync/protocol/wire.h"

struct rd_kafka_message_s;

namespace rotaplan::sync::kafka {

struct TopicMessage {
    std::int64_t offset = 0;
    std::optional<BatchTag> tag;     // nullopt: no valid rotaplan-batch header
    std::optional<WireEvent> event;  // nullopt: the value is not an event
};

std::string event_value(const WireEvent& event);
std::optional<WireEvent> parse_event_value(std::string_view value);

// What the consumer got, as the assembler wants it (the message itself stays the caller's).
TopicMessage read_message(const rd_kafka_message_s& message);

}  // namespace rotaplan::sync::kafka
