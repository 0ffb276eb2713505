// librdkafka handles, configured the one way the shared log needs them.
//
//   producer  idempotent: acks=all, no duplicates, no reordering within the partition;
//             message.timeout.ms = KafkaSettings::produce_timeout_ms; events up to kMaxMessageBytes
//   consumer  assigned partition 0 from offset 0, never commits (its group id is random
//             and unused); auto.offset.reset=error: a topic that lost its beginning to
//             retention is refused, not silently read from the middle
//
// Health is what the brokers' errors told either handle; KafkaLog::writable() reads it.
#pragma once

#include <librdkafka/rdkafka.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "sync/server/kafka_log.h"

namespace rotaplan::sync::kafka {

using Clock = std::chrono::steady_clock;

inline constexpr std::size_t kMaxMessageBytes = 16u << 20;  // one event, as its JSON value

struct Health {
    std::atomic<bool> brokers_down{false};
};

// What an error callback learned: all brokers down, or a fatal producer error (logged).
void note_error(Health& health, rd_kafka_t* rk, int err, const char* reason);

struct HandleDeleter {
    void operator()(rd_kafka_t* rk) const;
};
struct TopicDeleter {
    void operator()(rd_kafka_topic_t* topic) const { rd_kafka_topic_destroy(topic); }
};
struct QueueDeleter {
    void operator()(rd_kafka_queue_t* queue) const { rd_kafka_queue_destroy(queue); }
};
using Handle = std::unique_ptr<rd_kafka_t, HandleDeleter>;
using TopicHandle = std::unique_ptr<rd_kafka_topic_t, TopicDeleter>;
using QueueHandle = std::unique_ptr<rd_kafka_queue_t, QueueDeleter>;

using DeliveryCallback = void (*)(rd_kafka_t*, const rd_kafka_message_t*, void* opaque);
using ErrorCallback = void (*)(rd_kafka_t*, int err, const char* reason, void* opaque);

// Throw std::runtime_error when librdkafka refuses the configuration.
Handle make_producer(const KafkaSettings& settings, void* opaque, DeliveryCallback delivered, ErrorCallback error);
Handle make_consumer(const KafkaSettings& settings, Health* health);

// Waits (until `deadline`) for the brokers to answer, creates the topic when it
// is missing (one partition, unlimited retention), and throws std::runtime_error
// with a message for the operator when they do not answer or the topic has
// more than one partition.
void ensure_topic(rd_kafka_t* rk, const KafkaSettings& settings, Clock::time_point deadline);

// Starts reading partition 0 at offset 0.
void assign_from_start(rd_kafka_t* consumer, const std::string& topic);

// The topic's partition has a leader that answers metadata within `timeout`.
bool leader_reachable(rd_kafka_t* rk, rd_kafka_topic_t* topic, std::chrono::milliseconds timeout);

}  // namespace rotaplan::sync::kafka
