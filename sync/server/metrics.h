// What rotaplan-server counts, and /metrics: the Prometheus text format.
//
//   counters (since start)            gauges (read when scraped)
//   rotaplan_pushes_total             rotaplan_events_stored, rotaplan_log_head   <- the shared log
//   rotaplan_push_conflicts_total     rotaplan_clients, rotaplan_waiting_pulls    <- the HTTP service
//   rotaplan_pulls_total
//   rotaplan_requests_refused_total{status}
//   rotaplan_push_latency_seconds     (histogram: request in -> answer out)
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

    std::string text(const Gauges& gauges) const;

    static constexpr std::array<double, 8> kLatencyBuckets{0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0};

private:
    std::uint64_t pushes_ = 0;
    std::uint64_t conflicts_ = 0;
    std::uint64_t pulls_ = 0;
    std::map<int, std::uint64_t> refused_;
    std::array<std::uint64_t, kLatencyBuckets.size()> latency_counts_{};  // per bucket, not cumulative
    std::uint64_t latency_count_ = 0;
    double latency_sum_ = 0;
};

}  // namespace rotaplan::sync
