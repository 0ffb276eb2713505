// The thread that talks to Kafka for one KafkaLog: librdkafka's handles are
// used here and nowhere else.
//
//   server thread                      worker thread
//   send(id, events) ──outbox──>       producer.produce(id, events)
//                    (wakes it)        producer.poll()  ──> Deliveries ──> sinks.deliveries
//                                      consumer poll, up to 50 ms: one round of messages
//                                        -> indexer.apply() ──> Round ──> sinks.round
//                                      brokers thought down? a metadata probe, once a second
//
// The sinks are called on the worker thread; KafkaLog posts what they get to
// its own thread.
//
// The constructor is the start, on the caller's thread: the topic checked (or
// created), then read from offset 0 to the end of the partition into the
// (empty) index. It throws std::runtime_error when the brokers stay silent for
// start_timeout_ms, the topic has more than one partition, or it no longer
// begins at offset 0.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "batch_producer.h"
#include "client.h"
#include "topic_indexer.h"

namespace rotaplan::sync::kafka {

class Worker {
public:
    struct Sinks {
        std::function<void(Round)> round;
        std::function<void(std::vector<Delivery>)> deliveries;
        // The index can no longer follow the topic (it was cut short, SQLite failed): the worker has stopped.
        std::function<void(std::string)> failed;
    };

    Worker(const KafkaSettings& settings, LogIndex& index, std::mutex& index_lock, Health& health);
    ~Worker();  // stops the thread; the producer gets a second for what is in flight
    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;

    void start(Sinks sinks);
    void send(std::string batch_id, std::vector<WireEvent> events);  // any thread

    std::int64_t head() const { return indexer_.head(); }
    std::int64_t stored() const { return indexer_.stored(); }

private:
    struct Outgoing {
        std::string batch_id;
        std::vector<WireEvent> events;
    };
    struct Taken {
        std::vector<TopicMessage> messages;
        bool at_end = false;  // the partition's end was reached
        std::string error;    // the topic cannot be read on
    };

    void catch_up();
    void run();
    Taken take_round(int wait_ms);

    KafkaSettings settings_;
    Health& health_;
    TopicIndexer indexer_;
    Handle consumer_;
    TopicHandle probe_topic_;
    QueueHandle wake_;  // the consumer's queue: yielding it ends a poll early
    std::unique_ptr<BatchProducer> producer_;

    std::mutex outbox_lock_;
    std::vector<Outgoing> outbox_;
    Sinks sinks_;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

}  // namespace rotaplan::sync::kafka
