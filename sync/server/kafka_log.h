// KafkaLog: the shared log kept in a Kafka topic (docs/sync-protocol.md, "The shared logs").
//
//   push -> produce one message per event (key = stream, header rotaplan-batch: ID/INDEX/COUNT),
//           idempotent producer, acks=all
//        -> consumer reads the topic in order -> on a batch's last message, LogIndex::judge
//           -> valid: stored in the index at its next positions; invalid: skipped (by every server)
//        -> the pushing server answers its client once it has judged its own batch
//
// The topic (one partition) is the source of truth; the index under DIR is
// rebuilt from offset 0 at every start, and make_kafka_log returns only once
// it has read the topic to its end. Which messages make a batch, and what
// becomes of a producer's half-written one: kafka/batch_assembler.h. Threads:
// kafka_log.cpp (the server's side) and kafka/worker.h (librdkafka's side).
//
// writable() is false while the brokers are known down: every broker
// disconnected, or the last delivery failed, until a delivery succeeds or the
// partition's leader answers again (probed once a second).
#pragma once

#include <memory>
#include <string>

#include "shared_log.h"

namespace rotaplan::sync {

struct KafkaSettings {
    std::string brokers;           // bootstrap.servers
    std::string topic;
    std::string index_path;        // DIR/kafka-index.sqlite
    int produce_timeout_ms = 10000;  // a push not acknowledged by then is answered 503
    int start_timeout_ms = 10000;    // brokers silent this long at start: make_kafka_log throws
};

// Throws std::runtime_error with a clear message when the brokers or topic cannot be reached at start.
std::unique_ptr<SharedLog> make_kafka_log(const KafkaSettings& settings, QObject* parent = nullptr);

}  // namespace rotaplan::sync
