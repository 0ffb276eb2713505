#include "client.h"

#include <QUuid>

#include <algorithm>
#include <cstdio>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

namespace rotaplan::sync::kafka {

namespace {

using namespace std::chrono_literals;

struct ConfDeleter {
    void operator()(rd_kafka_conf_t* conf) const { rd_kafka_conf_destroy(conf); }
};
using Conf = std::unique_ptr<rd_kafka_conf_t, ConfDeleter>;

void set(rd_kafka_conf_t* conf, const char* name, const std::string& value) {
    char err[512];
    if (rd_kafka_conf_set(conf, name, value.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK)
        throw std::runtime_error(std::string("Kafka setting ") + name + "=" + value + ": " + err);
}

// librdkafka's own log, on its threads: warnings and errors go to our stderr, the chatter does not.
void log_line(const rd_kafka_t*, int level, const char* facility, const char* text) {
    if (level <= 4) std::fprintf(stderr, "rotaplan-server: kafka %s: %s\n", facility, text);
}

void on_error(rd_kafka_t* rk, int err, const char* reason, void* opaque) {
    note_error(*static_cast<Health*>(opaque), rk, err, reason);
}

Conf common_conf(const KafkaSettings& s) {
    Conf conf(rd_kafka_conf_new());
    set(conf.get(), "bootstrap.servers", s.brokers);
    set(conf.get(), "client.id", "rotaplan-server");
    set(conf.get(), "allow.auto.create.topics", "false");  // ensure_topic() creates it, with one partition
    set(conf.get(), "reconnect.backoff.max.ms", "1000");    // back soon after the brokers are
    set(conf.get(), "log.connection.close", "false");       // idle disconnects are not news
    rd_kafka_conf_set_log_cb(conf.get(), log_line);
    return conf;
}

Handle create(rd_kafka_type_t type, Conf conf) {
    char err[512];
    rd_kafka_t* rk = rd_kafka_new(type, conf.get(), err, sizeof err);
    if (!rk) throw std::runtime_error(std::string("cannot create the Kafka client: ") + err);
    conf.release();  // rd_kafka_new took it
    return Handle(rk);
}

int ms_left(Clock::time_point deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return int(std::clamp<long long>(left, 0, 60'000));
}

std::string duration_text(int ms) {
    return ms % 1000 == 0 ? std::to_string(ms / 1000) + " s" : std::to_string(ms) + " ms";
}

std::string create_hint(const std::string& topic) {
    return "create it with one partition and unlimited retention, e.g. kafka-topics.sh --create --topic " + topic +
           " --partitions 1 --config retention.ms=-1 --config max.message.bytes=" +
           std::to_string(kMaxMessageBytes + (1u << 20));
}

// CreateTopics: one partition, the brokers' replication factor, kept forever.
// Another server creating it at the same moment is fine.
void create_topic(rd_kafka_t* rk, const std::string& topic, Clock::time_point deadline) {
    char err[512];
    rd_kafka_NewTopic_t* spec = rd_kafka_NewTopic_new(topic.c_str(), 1, -1, err, sizeof err);
    if (!spec) throw std::runtime_error("topic " + topic + ": " + err);
    std::unique_ptr<rd_kafka_NewTopic_t, void (*)(rd_kafka_NewTopic_t*)> owned(spec, rd_kafka_NewTopic_destroy);
    const std::pair<const char*, std::string> configs[] = {
        {"retention.ms", "-1"},
        {"retention.bytes", "-1"},
        {"cleanup.policy", "delete"},  // never compact: every event of a stream shares its key
        {"max.message.bytes", std::to_string(kMaxMessageBytes + (1u << 20))},
    };
    for (const auto& [name, value] : configs) rd_kafka_NewTopic_set_config(spec, name, value.c_str());

    std::unique_ptr<rd_kafka_AdminOptions_t, void (*)(rd_kafka_AdminOptions_t*)> options(
        rd_kafka_AdminOptions_new(rk, RD_KAFKA_ADMIN_OP_CREATETOPICS), rd_kafka_AdminOptions_destroy);
    int wait = std::max(ms_left(deadline), 1000);
    rd_kafka_AdminOptions_set_request_timeout(options.get(), wait, err, sizeof err);
    rd_kafka_AdminOptions_set_operation_timeout(options.get(), wait, err, sizeof err);
    std::unique_ptr<rd_kafka_queue_t, void (*)(rd_kafka_queue_t*)> queue(rd_kafka_queue_new(rk), rd_kafka_queue_destroy);
    rd_kafka_CreateTopics(rk, &spec, 1, options.get(), queue.get());

    std::unique_ptr<rd_kafka_event_t, void (*)(rd_kafka_event_t*)> event(rd_kafka_queue_poll(queue.get(), wait + 1000),
                                                                         rd_kafka_event_destroy);
    std::string failure;
    if (!event) {
        failure = "the brokers did not answer";
    } else if (rd_kafka_event_error(event.get())) {
        failure = rd_kafka_event_error_string(event.get());
    } else {
        std::size_t n = 0;
        const rd_kafka_topic_result_t** results =
            rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(event.get()), &n);
        for (std::size_t i = 0; i < n; ++i) {
            auto code = rd_kafka_topic_result_error(results[i]);
            if (code != RD_KAFKA_RESP_ERR_NO_ERROR && code != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) {
                const char* text = rd_kafka_topic_result_error_string(results[i]);
                failure = text && *text ? text : rd_kafka_err2str(code);
            }
        }
    }
    if (!failure.empty())
        throw std::runtime_error("Kafka topic " + topic + " does not exist and creating it failed (" + failure + "); " +
                                 create_hint(topic));
    std::fprintf(stderr, "rotaplan-server: created Kafka topic %s (one partition)\n", topic.c_str());
}

struct MetadataDeleter {
    void operator()(const rd_kafka_metadata_t* md) const { rd_kafka_metadata_destroy(md); }
};
using Metadata = std::unique_ptr<const rd_kafka_metadata_t, MetadataDeleter>;

Metadata topic_metadata(rd_kafka_t* rk, rd_kafka_topic_t* topic, int timeout_ms, rd_kafka_resp_err_t& err) {
    const rd_kafka_metadata_t* md = nullptr;
    err = rd_kafka_metadata(rk, 0, topic, &md, timeout_ms);
    return Metadata(err == RD_KAFKA_RESP_ERR_NO_ERROR ? md : nullptr);
}

}  // namespace

void HandleDeleter::operator()(rd_kafka_t* rk) const { rd_kafka_destroy(rk); }

void note_error(Health& health, rd_kafka_t* rk, int err, const char* reason) {
    if (err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN) {
        if (!health.brokers_down.exchange(true))
            std::fprintf(stderr, "rotaplan-server: kafka: all brokers are down (%s)\n", reason);
    } else if (err == RD_KAFKA_RESP_ERR__FATAL) {
        char text[512];
        auto fatal = rd_kafka_fatal_error(rk, text, sizeof text);
        std::fprintf(stderr, "rotaplan-server: kafka: fatal error %s: %s\n", rd_kafka_err2name(fatal), text);
    }
    // Everything else (a broker disconnecting, a request timing out) librdkafka
    // retries by itself and has logged; the pushes it delays get their own answers.
}

Handle make_producer(const KafkaSettings& s, void* opaque, DeliveryCallback delivered, ErrorCallback error) {
    Conf conf = common_conf(s);
    set(conf.get(), "enable.idempotence", "true");
    set(conf.get(), "acks", "all");
    set(conf.get(), "message.timeout.ms", std::to_string(s.produce_timeout_ms));
    set(conf.get(), "message.max.bytes", std::to_string(kMaxMessageBytes + (1u << 20)));
    set(conf.get(), "linger.ms", "2");
    rd_kafka_conf_set_dr_msg_cb(conf.get(), delivered);
    rd_kafka_conf_set_error_cb(conf.get(), error);
    rd_kafka_conf_set_opaque(conf.get(), opaque);
    return create(RD_KAFKA_PRODUCER, std::move(conf));
}

Handle make_consumer(const KafkaSettings& s, Health* health) {
    Conf conf = common_conf(s);
    std::string group = "rotaplan-server-" + QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString();
    set(conf.get(), "group.id", group);  // assign() needs one; nothing is ever committed to it
    set(conf.get(), "enable.auto.commit", "false");
    set(conf.get(), "enable.auto.offset.store", "false");
    set(conf.get(), "auto.offset.reset", "error");
    set(conf.get(), "enable.partition.eof", "true");  // how the start knows it has caught up
    set(conf.get(), "fetch.wait.max.ms", "10");       // a push is read back (and answered) this soon at worst
    rd_kafka_conf_set_error_cb(conf.get(), on_error);
    rd_kafka_conf_set_opaque(conf.get(), health);
    Handle rk = create(RD_KAFKA_CONSUMER, std::move(conf));
    rd_kafka_poll_set_consumer(rk.get());  // its callbacks are served by rd_kafka_consumer_poll()
    return rk;
}

void ensure_topic(rd_kafka_t* rk, const KafkaSettings& s, Clock::time_point deadline) {
    TopicHandle topic(rd_kafka_topic_new(rk, s.topic.c_str(), nullptr));
    if (!topic) throw std::runtime_error("Kafka topic " + s.topic + ": " + rd_kafka_err2str(rd_kafka_last_error()));
    bool created = false;
    std::string last = "no answer";
    for (;;) {
        int left = ms_left(deadline);
        if (left == 0)
            throw std::runtime_error("the Kafka brokers " + s.brokers + " did not answer for topic " + s.topic +
                                     " within " + duration_text(s.start_timeout_ms) + " (" + last + ")");
        auto started = Clock::now();
        rd_kafka_resp_err_t err;
        Metadata md = topic_metadata(rk, topic.get(), left, err);
        const rd_kafka_metadata_topic_t* t = md && md->topic_cnt == 1 ? &md->topics[0] : nullptr;
        if (!md || !t) {
            last = md ? "no metadata for the topic" : rd_kafka_err2str(err);
        } else if (t->err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART && !created) {
            create_topic(rk, s.topic, deadline);
            created = true;
            continue;
        } else if (t->err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART ||
                   t->err == RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE) {
            last = rd_kafka_err2str(t->err);  // being created: its metadata is on its way
        } else if (t->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
            throw std::runtime_error("Kafka topic " + s.topic + ": " + rd_kafka_err2str(t->err));
        } else if (t->partition_cnt != 1) {
            throw std::runtime_error("Kafka topic " + s.topic + " has " + std::to_string(t->partition_cnt) +
                                     " partitions; the shared log needs exactly one, which keeps every event "
                                     "in one order. Use another topic, or " +
                                     create_hint(s.topic));
        } else {
            return;
        }
        // Quick failures (a refused connection) are retried a little later, not in a spin.
        if (Clock::now() - started < 200ms) std::this_thread::sleep_for(200ms);
    }
}

void assign_from_start(rd_kafka_t* consumer, const std::string& topic) {
    rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(list, topic.c_str(), 0)->offset = 0;
    rd_kafka_resp_err_t err = rd_kafka_assign(consumer, list);
    rd_kafka_topic_partition_list_destroy(list);
    if (err) throw std::runtime_error("cannot read Kafka topic " + topic + ": " + rd_kafka_err2str(err));
}

bool leader_reachable(rd_kafka_t* rk, rd_kafka_topic_t* topic, std::chrono::milliseconds timeout) {
    rd_kafka_resp_err_t err;
    Metadata md = topic_metadata(rk, topic, int(timeout.count()), err);
    if (!md || md->topic_cnt != 1) return false;
    const rd_kafka_metadata_topic_t& t = md->topics[0];
    return t.err == RD_KAFKA_RESP_ERR_NO_ERROR && t.partition_cnt >= 1 && t.partitions[0].leader >= 0 &&
           t.partitions[0].err == RD_KAFKA_RESP_ERR_NO_ERROR;
}

}  // namespace rotaplan::sync::kafka
