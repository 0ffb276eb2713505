#include "worker.h"

#include <cstdio>
#include <stdexcept>
#include <utility>

namespace rotaplan::sync::kafka {

namespace {

using namespace std::chrono_literals;

constexpr std::size_t kRoundMessages = 5000;    // per transaction of the index
constexpr std::size_t kRoundBytes = 32u << 20;  // about
constexpr int kIdleWaitMs = 50;
constexpr auto kProbeEvery = 1s;

// Errors after which the index cannot follow the topic: the topic lost its
// beginning, or is gone. Everything else librdkafka retries by itself.
bool topic_lost(rd_kafka_resp_err_t err) {
    return err == RD_KAFKA_RESP_ERR__AUTO_OFFSET_RESET || err == RD_KAFKA_RESP_ERR_OFFSET_OUT_OF_RANGE ||
           err == RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED || err == RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC ||
           err == RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION;
}

}  // namespace

Worker::Worker(const KafkaSettings& settings, LogIndex& index, std::mutex& index_lock, Health& health)
    : settings_(settings), health_(health), indexer_(index, index_lock),
      consumer_(make_consumer(settings, &health)) {
    const auto deadline = Clock::now() + std::chrono::milliseconds(settings_.start_timeout_ms);
    ensure_topic(consumer_.get(), settings_, deadline);
    probe_topic_.reset(rd_kafka_topic_new(consumer_.get(), settings_.topic.c_str(), nullptr));
    wake_.reset(rd_kafka_queue_get_consumer(consumer_.get()));
    producer_ = std::make_unique<BatchProducer>(settings_, health_);
    assign_from_start(consumer_.get(), settings_.topic);
    catch_up();
    health_.brokers_down = false;  // they just answered
}

Worker::~Worker() {
    stop_ = true;
    rd_kafka_queue_yield(wake_.get());
    if (thread_.joinable()) thread_.join();
    producer_.reset();
    wake_.reset();
    probe_topic_.reset();
    rd_kafka_consumer_close(consumer_.get());
}

void Worker::start(Sinks sinks) {
    sinks_ = std::move(sinks);
    thread_ = std::thread([this] { run(); });
}

void Worker::send(std::string batch_id, std::vector<WireEvent> events) {
    {
        std::lock_guard guard(outbox_lock_);
        outbox_.push_back({std::move(batch_id), std::move(events)});
    }
    rd_kafka_queue_yield(wake_.get());
}

void Worker::catch_up() {
    // Up to the end of the partition as it is now: what other servers append
    // meanwhile is read by run(), like everything after.
    auto progress = Clock::now();
    const auto silence = std::chrono::milliseconds(settings_.start_timeout_ms);
    for (;;) {
        Taken taken = take_round(100);
        if (!taken.error.empty()) throw std::runtime_error(taken.error);
        if (!taken.messages.empty()) {
            indexer_.apply(std::move(taken.messages));
            progress = Clock::now();
        }
        if (taken.at_end) return;
        if (Clock::now() - progress > silence)
            throw std::runtime_error("reading Kafka topic " + settings_.topic + " from " + settings_.brokers +
                                     " stalled at offset " + std::to_string(indexer_.next_offset()));
    }
}

void Worker::run() {
    auto next_probe = Clock::now();
    while (!stop_) {
        std::vector<Outgoing> outgoing;
        {
            std::lock_guard guard(outbox_lock_);
            outgoing.swap(outbox_);
        }
        try {
            for (const Outgoing& o : outgoing) producer_->produce(o.batch_id, o.events);
            if (auto deliveries = producer_->poll(); !deliveries.empty()) sinks_.deliveries(std::move(deliveries));
        } catch (const std::exception& e) {
            // Leaving the thread with an exception would end the whole server.
            return sinks_.failed(std::string("the Kafka producer failed: ") + e.what());
        }

        Taken taken = take_round(kIdleWaitMs);
        if (!taken.error.empty()) return sinks_.failed(taken.error);
        if (!taken.messages.empty()) {
            try {
                sinks_.round(indexer_.apply(std::move(taken.messages)));
            } catch (const std::exception& e) {
                return sinks_.failed(std::string("the Kafka index could not store what it read: ") + e.what());
            }
        }

        // Nothing but a delivery or this tells that the brokers are back.
        if (health_.brokers_down && Clock::now() >= next_probe) {
            next_probe = Clock::now() + kProbeEvery;
            if (leader_reachable(consumer_.get(), probe_topic_.get(), 1000ms)) health_.brokers_down = false;
        }
    }
}

Worker::Taken Worker::take_round(int wait_ms) {
    Taken taken;
    std::size_t bytes = 0;
    while (taken.messages.size() < kRoundMessages && bytes < kRoundBytes) {
        rd_kafka_message_t* m = rd_kafka_consumer_poll(consumer_.get(), wait_ms);
        wait_ms = 0;  // what is there already, no more waiting
        if (!m) break;
        if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
            bytes += m->len;
            taken.messages.push_back(read_message(*m));
        } else if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
            taken.at_end = true;
        } else if (topic_lost(m->err)) {
            taken.error = "Kafka topic " + settings_.topic + " cannot be read from offset " +
                          std::to_string(indexer_.next_offset()) + " (" + rd_kafka_message_errstr(m) +
                          "): the shared log must keep every event since offset 0 (retention.ms=-1)";
        } else {
            std::fprintf(stderr, "rotaplan-server: kafka: reading %s: %s\n", settings_.topic.c_str(),
                         rd_kafka_message_errstr(m));
        }
        rd_kafka_message_destroy(m);
        if (!taken.error.empty()) break;
    }
    return taken;
}

}  // namespace rotaplan::sync::kafka
