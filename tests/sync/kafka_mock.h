// A Kafka cluster inside the test process: librdkafka's mock brokers, on
// 127.0.0.1 ports that KafkaLog (in process) and rotaplan-server (a child
// process) reach like real ones.
//
//   MockKafka kafka(3);                       three brokers
//   kafka.create_topic("log", 1);             rd_kafka_mock_topic_create
//   make_kafka_log({kafka.bootstraps(), "log", ...})
//   kafka.set_down(); ... kafka.set_up();     every broker refuses connections / takes them again
//   kafka.produce_raw("log", tag, value);     a message as any producer could write it
//   kafka.end_offset("log")                   how many messages the partition holds
#pragma once

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <QtTest>

#include <cstdint>
#include <optional>
#include <string>

namespace rotaplan::testing {

class MockKafka {
public:
    explicit MockKafka(int brokers = 1) {
        char err[512];
        rd_kafka_conf_t* conf = rd_kafka_conf_new();
        rd_kafka_conf_set(conf, "log_level", "0", err, sizeof err);  // "no bootstrap.servers": we know
        host_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
        if (!host_) qFatal("mock Kafka host: %s", err);
        cluster_ = rd_kafka_mock_cluster_new(host_, brokers);
        if (!cluster_) qFatal("cannot start the mock Kafka cluster");
    }
    ~MockKafka() {
        if (raw_) rd_kafka_destroy(raw_);
        rd_kafka_mock_cluster_destroy(cluster_);
        rd_kafka_destroy(host_);
    }
    MockKafka(const MockKafka&) = delete;
    MockKafka& operator=(const MockKafka&) = delete;

    std::string bootstraps() const { return rd_kafka_mock_cluster_bootstraps(cluster_); }

    void create_topic(const std::string& topic, int partitions, int replication = 1) {
        auto err = rd_kafka_mock_topic_create(cluster_, topic.c_str(), partitions, replication);
        if (err) qFatal("mock topic %s: %s", topic.c_str(), rd_kafka_err2str(err));
    }
    void set_down() { rd_kafka_mock_broker_set_down(cluster_, -1); }
    void set_up() { rd_kafka_mock_broker_set_up(cluster_, -1); }

    // One message to partition 0, waited for; `tag` is the rotaplan-batch header (none when nullopt).
    bool produce_raw(const std::string& topic, const std::optional<std::string>& tag, const std::string& value,
                     const std::string& key = "raw") {
        rd_kafka_t* rk = raw_producer();
        rd_kafka_resp_err_t err;
        if (tag)
            err = rd_kafka_producev(rk, RD_KAFKA_V_TOPIC(topic.c_str()), RD_KAFKA_V_PARTITION(0),
                                    RD_KAFKA_V_KEY(key.data(), key.size()),
                                    RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()),
                                    RD_KAFKA_V_HEADER("rotaplan-batch", tag->data(), ssize_t(tag->size())),
                                    RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
        else
            err = rd_kafka_producev(rk, RD_KAFKA_V_TOPIC(topic.c_str()), RD_KAFKA_V_PARTITION(0),
                                    RD_KAFKA_V_KEY(key.data(), key.size()),
                                    RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()),
                                    RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
        return err == RD_KAFKA_RESP_ERR_NO_ERROR && rd_kafka_flush(rk, 10000) == RD_KAFKA_RESP_ERR_NO_ERROR;
    }

    // The partition's high watermark (brokers up), -1 if it cannot be had.
    std::int64_t end_offset(const std::string& topic) {
        std::int64_t low = 0, high = -1;
        if (rd_kafka_query_watermark_offsets(raw_producer(), topic.c_str(), 0, &low, &high, 5000)) return -1;
        return high;
    }

private:
    rd_kafka_t* raw_producer() {
        if (raw_) return raw_;
        char err[512];
        rd_kafka_conf_t* conf = rd_kafka_conf_new();
        rd_kafka_conf_set(conf, "bootstrap.servers", bootstraps().c_str(), err, sizeof err);
        rd_kafka_conf_set(conf, "linger.ms", "0", err, sizeof err);
        rd_kafka_conf_set(conf, "log_level", "2", err, sizeof err);  // its reconnects while the brokers are down
        raw_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
        if (!raw_) qFatal("raw producer: %s", err);
        return raw_;
    }

    rd_kafka_t* host_ = nullptr;
    rd_kafka_mock_cluster_t* cluster_ = nullptr;
    rd_kafka_t* raw_ = nullptr;
};

}  // namespace rotaplan::testing
