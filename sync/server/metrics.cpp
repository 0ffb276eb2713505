#include "metrics.h"

#include <cstdio>

namespace rotaplan::sync {

namespace {

void header(std::string& out, const char* name, const char* type, const char* help) {
    out += "# HELP ";
    out += name;
    out += ' ';
    out += help;
    out += "\n# TYPE ";
    out += name;
    out += ' ';
    out += type;
    out += '\n';
}

void sample(std::string& out, const char* name, std::uint64_t value) {
    out += name;
    out += ' ';
    out += std::to_string(value);
    out += '\n';
}

std::string number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.9g", v);
    return buf;
}

}  // namespace

void Metrics::push_answered(double seconds, bool conflict) {
    ++pushes_;
    if (conflict) ++conflicts_;
    ++latency_count_;
    latency_sum_ += seconds;
    for (std::size_t i = 0; i < kLatencyBuckets.size(); ++i) {
        if (seconds <= kLatencyBuckets[i]) {
            ++latency_counts_[i];
            break;
        }
    }
}

std::string Metrics::text(const Gauges& g) const {
    std::string out;
    out.reserve(2048);
    header(out, "rotaplan_events_stored", "gauge", "Events in the shared log.");
    sample(out, "rotaplan_events_stored", std::uint64_t(g.events_stored));
    header(out, "rotaplan_log_head", "gauge", "Position of the shared log's last event (0 when empty).");
    sample(out, "rotaplan_log_head", std::uint64_t(g.log_head));
    header(out, "rotaplan_pushes_total", "counter", "Pushes judged by the shared log (accepted, conflicting or unavailable).");
    sample(out, "rotaplan_pushes_total", pushes_);
    header(out, "rotaplan_push_conflicts_total", "counter", "Pushes answered 409: a stream had moved on.");
    sample(out, "rotaplan_push_conflicts_total", conflicts_);
    header(out, "rotaplan_requests_refused_total", "counter", "Requests answered with a status of 400 or more, by status.");
    for (const auto& [status, count] : refused_)
        out += "rotaplan_requests_refused_total{status=\"" + std::to_string(status) + "\"} " + std::to_string(count) + "\n";
    header(out, "rotaplan_push_latency_seconds", "histogram", "Time from a push's arrival to its answer.");
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < kLatencyBuckets.size(); ++i) {
        cumulative += latency_counts_[i];
        out += "rotaplan_push_latency_seconds_bucket{le=\"" + number(kLatencyBuckets[i]) + "\"} " +
               std::to_string(cumulative) + "\n";
    }
    out += "rotaplan_push_latency_seconds_bucket{le=\"+Inf\"} " + std::to_string(latency_count_) + "\n";
    out += "rotaplan_push_latency_seconds_sum " + number(latency_sum_) + "\n";
    sample(out, "rotaplan_push_latency_seconds_count", latency_count_);
    header(out, "rotaplan_pulls_total", "counter", "Pulls answered (at once or after a long-poll).");
    sample(out, "rotaplan_pulls_total", pulls_);
    header(out, "rotaplan_clients", "gauge", "Open client connections.");
    sample(out, "rotaplan_clients", std::uint64_t(g.clients));
    header(out, "rotaplan_waiting_pulls", "gauge", "Pulls held open, waiting for an event (long-poll).");
    sample(out, "rotaplan_waiting_pulls", std::uint64_t(g.waiting_pulls));
    header(out, "rotaplan_connections_refused_total", "counter",
           "Connections closed as they came, over the limit of connections in total or from one address.");
    for (const auto& [reason, count] : connections_refused_)
        out += "rotaplan_connections_refused_total{reason=\"" + reason + "\"} " + std::to_string(count) + "\n";
    header(out, "rotaplan_connection_timeouts_total", "counter",
           "Connections closed for taking too long: idle, the request head or body, or reading the answer.");
    for (const auto& [phase, count] : timeouts_)
        out += "rotaplan_connection_timeouts_total{phase=\"" + phase + "\"} " + std::to_string(count) + "\n";
    for (const auto& [name, limit] : limits_) {
        header(out, name.c_str(), "gauge", limit.help.c_str());
        out += name + " " + number(limit.value) + "\n";
    }
    return out;
}

}  // namespace rotaplan::sync
