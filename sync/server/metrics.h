// What rotaplan-server counts, and /metrics: the Prometheus text format.
//
//   counters (since start)            gauges (read when scraped)
//   rotaplan_pushes_total             rotaplan_events_stored, rotaplan_log_head   <- the shared log
//   rotaplan_push_conflicts_total     rotaplan_clients, rotaplan_waiting_pulls    <- the HTTP service
//   rotaplan_pulls_total
//   rotaplan_requests_refused_total{status}
//   rotaplan_push_latency_seconds     (histogram: request in -> answer out)
//   rotaplan_connections_refused_total{reason}    over a connection limit
//   rotaplan_connection_timeouts_total{phase}     closed for being idle or slow
//                                     the limits the server runs with, one gauge each
//                                     (rotaplan_max_connections, ...: set_limit)
//
// Plain numbers on the server's one thread: no atomics, no locks.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>

namespace rotaplan::sync {

struct Gauges {
    std::int64_t events_stored = 0;
    std::int64_t log_head = 0;
    std::int64_t clients = 0;
    std::int64_t waiting_pulls = 0;
};

class Metrics {
public:
    // A push the log judged (accepted, conflict or unavailable), and how long its answer took.
    void push_answered(double seconds, bool conflict);
    void pull_answered() { ++pulls_; }
    // Every answer with a status of 400 or more.
    void refused(int status) { ++refused_[status]; }
    // A connection closed at once for being over a limit ("total", "per_address").
    void connection_refused(const char* reason) { ++connections_refused_[reason]; }
    // A connection closed for taking too long ("head", "idle", "body", "write").
    void connection_timed_out(const char* phase) { ++timeouts_[phase]; }
    // A limit the server runs with, shown as the gauge `name` (set at start).
    void set_limit(const std::string& name, const std::string& help, double value) { limits_[name] = {help, value}; }

    std::string text(const Gauges& gauges) const;

    static constexpr std::array<double, 8> kLatencyBuckets{0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0};

private:
    std::uint64_t pushes_ = 0;
    std::uint64_t conflicts_ = 0;
    std::uint64_t pulls_ = 0;
    std::map<int, std::uint64_t> refused_;
    std::map<std::string, std::uint64_t> connections_refused_, timeouts_;
    struct Limit {
        std::string help;
        double value = 0;
    };
    std::map<std::string, Limit> limits_;
    std::array<std::uint64_t, kLatencyBuckets.size()> latency_counts_{};  // per bucket, not cumulative
    std::uint64_t latency_count_ = 0;
    double latency_sum_ = 0;
};

}  // namespace rotaplan::sync
