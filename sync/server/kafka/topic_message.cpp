#include "topic_message.h"

#include <librdkafka/rdkafka.h>

namespace rotaplan::sync::kafka {

std::string event_value(const WireEvent& event) {
    WireEvent unplaced = event;
    unplaced.position = 0;
    std::string out;
    out.reserve(event.payload.size() + event.metadata.size() + 256);
    append_event_json(out, unplaced);
    return out;
}

std::optional<WireEvent> parse_event_value(std::string_view value) {
    // A one-event pull answer around the value: one parser for the event's shape.
    std::string answer;
    answer.reserve(value.size() + 40);
    answer.append("{\"events\":[").append(value).append("],\"next\":0,\"head\":0}");
    try {
        PullAnswer parsed = parse_pull(answer);
        if (parsed.events.size() != 1) return std::nullopt;
        parsed.events[0].position = 0;
        return std::move(parsed.events[0]);
    } catch (const ProtocolError&) {
        return std::nullopt;
    }
}

TopicMessage read_message(const rd_kafka_message_s& message) {
    TopicMessage m;
    m.offset = message.offset;
    rd_kafka_headers_t* headers = nullptr;
    const void* tag = nullptr;
    std::size_t tag_size = 0;
    if (rd_kafka_message_headers(&message, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR &&
        rd_kafka_header_get_last(headers, kBatchHeader, &tag, &tag_size) == RD_KAFKA_RESP_ERR_NO_ERROR && tag)
        m.tag = parse_tag(std::string_view(static_cast<const char*>(tag), tag_size));
    if (m.tag && message.payload)
        m.event = parse_event_value(std::string_view(static_cast<const char*>(message.payload), message.len));
    return m;
}

}  // namespace rotaplan::sync::kafka
