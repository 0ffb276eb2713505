#include "batch_producer.h"

#include <cstdio>
#include <stdexcept>
#include <utility>

#include "batch_tag.h"
#include "topic_message.h"

namespace rotaplan::sync::kafka {

BatchProducer::BatchProducer(KafkaSettings settings, Health& health) : settings_(std::move(settings)), health_(health) {
    connect();
}

void BatchProducer::connect() {
    rk_ = make_producer(settings_, this, &BatchProducer::on_delivery, &BatchProducer::on_error);
    topic_.reset(rd_kafka_topic_new(rk_.get(), settings_.topic.c_str(), nullptr));
    if (!topic_) throw std::runtime_error("Kafka topic " + settings_.topic + ": " + rd_kafka_err2str(rd_kafka_last_error()));
    // Learn the partition's leader now: a producer that first hears of a topic
    // when a message is queued for it looks it up only on its next refresh.
    const rd_kafka_metadata_t* md = nullptr;
    if (rd_kafka_metadata(rk_.get(), 0, topic_.get(), &md, 2000) == RD_KAFKA_RESP_ERR_NO_ERROR)
        rd_kafka_metadata_destroy(md);
}

BatchProducer::~BatchProducer() {
    // A second for what is in flight (its pushes may still be read back by
    // another server); what is left is dropped, and whatever of it reached the
    // topic stays incomplete.
    rd_kafka_flush(rk_.get(), 1000);
    rd_kafka_purge(rk_.get(), RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
    rd_kafka_poll(rk_.get(), 0);
    topic_.reset();
}

void BatchProducer::produce(const std::string& batch_id, const std::vector<WireEvent>& events) {
    std::vector<std::string> values;
    values.reserve(events.size());
    for (const WireEvent& e : events) {
        values.push_back(event_value(e));
        if (values.back().size() > kMaxMessageBytes) {
            finished_.push_back({Delivery::Kind::TooLarge, batch_id,
                                 "event " + e.event_id + " is " + std::to_string(values.back().size()) +
                                     " bytes as JSON; the Kafka log takes events of at most " +
                                     std::to_string(kMaxMessageBytes >> 20) + " MiB"});
            return;
        }
    }

    const std::uint64_t number = next_ticket_++;
    Ticket& ticket = tickets_[number];
    ticket.batch_id = batch_id;
    const auto give_up = Clock::now() + std::chrono::milliseconds(settings_.produce_timeout_ms);
    for (std::size_t i = 0; i < events.size(); ++i) {
        const std::string tag = format_tag({batch_id, i, events.size()});
        const std::string& key = events[i].stream;
        rd_kafka_resp_err_t err;
        for (;;) {
            err = rd_kafka_producev(
                rk_.get(), RD_KAFKA_V_RKT(topic_.get()), RD_KAFKA_V_PARTITION(0),
                RD_KAFKA_V_KEY(key.data(), key.size()), RD_KAFKA_V_VALUE(values[i].data(), values[i].size()),
                RD_KAFKA_V_HEADER(kBatchHeader, tag.data(), ssize_t(tag.size())),
                RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                RD_KAFKA_V_OPAQUE(reinterpret_cast<void*>(static_cast<std::uintptr_t>(number))), RD_KAFKA_V_END);
            if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL || Clock::now() > give_up) break;
            rd_kafka_poll(rk_.get(), 50);  // serves reports, which makes room
        }
        if (err) {
            ticket.error = std::string("cannot queue the push: ") + rd_kafka_err2str(err);
            break;  // the rest is not produced: the batch stays incomplete
        }
        ++ticket.outstanding;
    }
    ticket.sealed = true;
    if (ticket.outstanding == 0) finish(number);
}

std::vector<Delivery> BatchProducer::poll() {
    rd_kafka_poll(rk_.get(), 0);
    char reason[512];
    if (rd_kafka_fatal_error(rk_.get(), reason, sizeof reason) != RD_KAFKA_RESP_ERR_NO_ERROR) restart(reason);
    return std::exchange(finished_, {});
}

void BatchProducer::on_delivery(rd_kafka_t*, const rd_kafka_message_t* message, void* opaque) {
    static_cast<BatchProducer*>(opaque)->delivered(*message);
}

void BatchProducer::on_error(rd_kafka_t* rk, int err, const char* reason, void* opaque) {
    note_error(static_cast<BatchProducer*>(opaque)->health_, rk, err, reason);
}

void BatchProducer::delivered(const rd_kafka_message_t& message) {
    auto it = tickets_.find(static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(message._private)));
    if (it == tickets_.end()) return;  // failed already by a restart
    Ticket& ticket = it->second;
    if (message.err == RD_KAFKA_RESP_ERR_NO_ERROR) {
        health_.brokers_down = false;
    } else if (ticket.error.empty()) {
        if (message.err == RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE) {
            ticket.error = "the Kafka topic refuses a message this large (raise its max.message.bytes to " +
                           std::to_string((kMaxMessageBytes >> 20) + 1) + " MiB)";
        } else {
            ticket.error = rd_kafka_err2str(message.err);
            health_.brokers_down = true;
        }
    }
    if (--ticket.outstanding == 0 && ticket.sealed) finish(it->first);
}

void BatchProducer::finish(std::uint64_t number) {
    auto it = tickets_.find(number);
    Ticket& ticket = it->second;
    finished_.push_back({ticket.error.empty() ? Delivery::Kind::Acked : Delivery::Kind::Failed,
                         std::move(ticket.batch_id), std::move(ticket.error)});
    tickets_.erase(it);
}

void BatchProducer::restart(const std::string& why) {
    std::fprintf(stderr, "rotaplan-server: kafka: restarting the producer after a fatal error: %s\n", why.c_str());
    for (auto& [number, ticket] : tickets_)
        finished_.push_back({Delivery::Kind::Failed, std::move(ticket.batch_id), "the Kafka producer failed: " + why});
    tickets_.clear();
    rd_kafka_purge(rk_.get(), RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
    rd_kafka_poll(rk_.get(), 0);  // the purged reports find no ticket
    topic_.reset();
    rk_.reset();
    connect();
}

}  // namespace rotaplan::sync::kafka
