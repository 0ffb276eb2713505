// Produces each push as one message per event, and tells once per push how
// its delivery went.
//
//   produce(id, events)  id/0/N ... id/N-1/N queued in order (idempotent producer:
//                        they reach the partition in that order, each once), or
//                        none at all when an event is too large for a message
//   poll()               librdkafka's delivery reports -> one Delivery per push,
//                        after the report of its last message
//
//   Acked     every message is in the topic (acks=all); the verdict still comes
//             from reading the push back (TopicIndexer)
//   Failed    librdkafka could not confirm some message (refused, or timed out
//             in flight). The client gets 503; a message that timed out may
//             still land, so the batch may yet complete and be judged: harmless,
//             since the client's retry carries the same event ids (duplicates).
//   TooLarge  nothing was produced
//
// Only the worker thread calls it: the reports are served inside poll(). A
// fatal producer error (the idempotent producer lost its guarantees) fails
// every push in flight and starts a new producer.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "client.h"
#include "sync/protocol/wire.h"

namespace rotaplan::sync::kafka {

struct Delivery {
    enum class Kind { Acked, Failed, TooLarge } kind = Kind::Failed;
    std::string batch_id;
    std::string error;  // Failed / TooLarge: for the client
};

class BatchProducer {
public:
    BatchProducer(KafkaSettings settings, Health& health);
    ~BatchProducer();
    BatchProducer(const BatchProducer&) = delete;
    BatchProducer& operator=(const BatchProducer&) = delete;

    void produce(const std::string& batch_id, const std::vector<WireEvent>& events);
    std::vector<Delivery> poll();  // never blocks

private:
    // One per push in flight; its number is every message's opaque.
    struct Ticket {
        std::string batch_id;
        std::size_t outstanding = 0;  // produced, not yet reported
        bool sealed = false;          // produce() is done with it
        std::string error;
    };

    static void on_delivery(rd_kafka_t* rk, const rd_kafka_message_t* message, void* opaque);
    static void on_error(rd_kafka_t* rk, int err, const char* reason, void* opaque);
    void delivered(const rd_kafka_message_t& message);
    void finish(std::uint64_t ticket);
    void restart(const std::string& why);
    void connect();

    KafkaSettings settings_;
    Health& health_;
    Handle rk_;
    TopicHandle topic_;
    std::unordered_map<std::uint64_t, Ticket> tickets_;
    std::uint64_t next_ticket_ = 1;
    std::vector<Delivery> finished_;
};

}  // namespace rotaplan::sync::kafka
