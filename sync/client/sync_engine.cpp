#include "sync_engine.h"

#include <QElapsedTimer>

#include <cstdio>
#include <cstdlib>

#include <nlohmann/json.hpp>

#include "sync/protocol/wire.h"

namespace rotaplan::sync {

namespace {

constexpr int kPushTimeoutMs = 120000;  // a season's batch on a slow line
constexpr int kPullTimeoutMs = 120000;
constexpr std::size_t kPushEvents = 5000;
constexpr std::size_t kPushBytes = 16u << 20;

// ROTAPLAN_SYNC_BATCH_BYTES overrides kPushBytes: smaller pushes for a Kafka
// cluster that keeps little (librdkafka's mock keeps ~5 MB per partition).
std::size_t push_bytes() {
    static const std::size_t bytes = [] {
        const char* v = std::getenv("ROTAPLAN_SYNC_BATCH_BYTES");
        long long n = v ? std::atoll(v) : 0;
        return n > 0 ? std::size_t(n) : kPushBytes;
    }();
    return bytes;
}
constexpr int kMaxRounds = 8;  // push/pull rounds before giving the planner a status

storage::StoredEvent stored(WireEvent&& w) {
    return {w.position, std::move(w.event_id), std::move(w.stream), w.version, std::move(w.type), w.schema_version,
            std::move(w.payload), std::move(w.metadata), std::move(w.recorded_at)};
}

WireEvent wire(const storage::StoredEvent& e) {
    return {e.event_id, e.stream, e.version, e.type, e.schema_version, e.payload, e.metadata, e.recorded_at, 0};
}

// ROTAPLAN_SYNC_TRACE=1: each step's duration on stderr, for benchmarks.
bool tracing() {
    static const bool on = std::getenv("ROTAPLAN_SYNC_TRACE") != nullptr;
    return on;
}

struct Step {
    const char* what;
    QElapsedTimer clock;
    explicit Step(const char* w) : what(w) { clock.start(); }
    ~Step() {
        if (tracing()) std::fprintf(stderr, "sync: %-10s %7.1f ms\n", what, clock.nsecsElapsed() / 1e6);
    }
};

// The positions of a 200 answer to a push, in batch order (empty if the answer is not as documented).
std::vector<std::int64_t> accepted_positions(const QByteArray& body, std::size_t events) {
    auto j = nlohmann::json::parse(body.toStdString(), nullptr, false);
    std::vector<std::int64_t> out;
    if (!j.is_object() || !j.contains("accepted") || !j["accepted"].is_array() || j["accepted"].size() != events) return out;
    for (const auto& a : j["accepted"]) {
        if (!a.is_object() || !a.contains("position") || !a["position"].is_number_integer()) return {};
        out.push_back(a["position"].get<std::int64_t>());
    }
    return out;
}

QString server_error(const HttpResult& r) {
    auto j = nlohmann::json::parse(r.body.toStdString(), nullptr, false);
    if (j.is_object() && j.contains("error") && j["error"].is_string())
        return QString::fromStdString(j["error"].get<std::string>());
    return QString::fromUtf8(r.body.left(200));
}

}  // namespace

SyncEngine::SyncEngine(ServerChannel& channel, ReplicaPort& replica) : channel_(channel), replica_(replica) {}

bool SyncEngine::check_session(SyncReport& report) {
    auto r = channel_.get("/v1/session", 15000);
    if (!r.reached) {
        report.status = SyncReport::Status::Unreachable;
        report.message = "cannot reach " + channel_.base().toString() + ": " + r.error;
        return false;
    }
    if (r.status == 401) {
        report.status = SyncReport::Status::Refused;
        report.message = channel_.base().toString() + " refused the token: " + server_error(r);
        return false;
    }
    if (r.status != 200) {
        report.status = SyncReport::Status::Failed;
        report.message = QStringLiteral("the server answered %1 to /v1/session: %2").arg(r.status).arg(server_error(r));
        return false;
    }
    auto j = nlohmann::json::parse(r.body.toStdString(), nullptr, false);
    if (j.is_object() && j.contains("planner") && j["planner"].is_string())
        report.planner = QString::fromStdString(j["planner"].get<std::string>());
    session_checked_ = true;
    return true;
}

bool SyncEngine::push_all(SyncReport& report, bool& conflicted) {
    conflicted = false;
    for (;;) {
        std::optional<storage::OutgoingBatch> batch;
        {
            Step step("read");
            replica_.with_replica([&](storage::Replica& r) { batch = r.next_batch(kPushEvents, push_bytes()); });
        }
        if (!batch) return true;
        QByteArray body;
        {
            Step step("encode");
            PushBatch push;
            push.expected = batch->expected;
            push.events.reserve(batch->events.size());
            for (const auto& e : batch->events) push.events.push_back(wire(e));
            body = QByteArray::fromStdString(push_body(push));
        }
        HttpResult r;
        {
            Step step("post");
            r = channel_.post("/v1/events", body, kPushTimeoutMs);
        }
        if (!r.reached || r.status >= 500) {
            // Not acknowledged: the batch stays pending and is pushed again as
            // it is (the server drops what it already has, by event id).
            report.status = SyncReport::Status::Unreachable;
            report.message = r.reached ? "the server cannot take changes now: " + server_error(r)
                                       : "cannot reach " + channel_.base().toString() + ": " + r.error;
            return false;
        }
        if (r.status == 200) {
            Step step("ack");
            auto positions = accepted_positions(r.body, batch->events.size());
            replica_.with_replica([&](storage::Replica& rep) { rep.acknowledge(*batch, positions); });
            report.pushed += std::int64_t(batch->events.size());
            continue;
        }
        if (r.status == 409) {
            conflicted = true;  // a colleague got there first: pull, replay, push again
            return true;
        }
        report.status = (r.status == 401 || r.status == 403) ? SyncReport::Status::Refused : SyncReport::Status::Failed;
        report.message = QStringLiteral("the server refused our changes (%1): %2").arg(r.status).arg(server_error(r));
        return false;
    }
}

// Pages are integrated together, in one transaction, until about this many
// bytes: a desktop catching up a season builds its indexes and validation
// model once instead of once per page.
constexpr std::size_t kCatchUpBytes = 256u << 20;

bool SyncEngine::pull_all(SyncReport& report, int wait_seconds) {
    std::int64_t after = 0;
    replica_.with_replica([&](storage::Replica& r) { after = r.counts().pulled; });
    std::vector<storage::StoredEvent> events;
    std::size_t bytes = 0;
    for (;;) {
        QString query = QStringLiteral("/v1/events?after=%1&limit=%2").arg(after).arg(kMaxPullEvents);
        if (wait_seconds > 0) query += QStringLiteral("&wait=%1").arg(wait_seconds);
        HttpResult r;
        {
            Step step("get");
            r = channel_.get(query, kPullTimeoutMs + wait_seconds * 1000, wait_seconds > 0);
        }
        if (r.interrupted) return true;  // the planner changed something: push it first
        if (!r.reached || r.status >= 500) {
            report.status = SyncReport::Status::Unreachable;
            report.message = r.reached ? "the server failed a pull: " + server_error(r)
                                       : "cannot reach " + channel_.base().toString() + ": " + r.error;
            return false;
        }
        if (r.status != 200) {
            report.status = r.status == 401 ? SyncReport::Status::Refused : SyncReport::Status::Failed;
            report.message = QStringLiteral("the server refused a pull (%1): %2").arg(r.status).arg(server_error(r));
            return false;
        }
        PullAnswer answer;
        try {
            Step step("parse");
            answer = parse_pull(std::string_view(r.body.constData(), std::size_t(r.body.size())));
        } catch (const ProtocolError& e) {
            report.status = SyncReport::Status::Failed;
            report.message = "the server's answer is not a pull answer: " + QString::fromStdString(e.message);
            return false;
        }
        r.body.clear();
        if (!answer.events.empty() && answer.next <= after) {
            report.status = SyncReport::Status::Failed;
            report.message = QStringLiteral("the server's pull answer does not move past position %1").arg(after);
            return false;
        }
        for (auto& w : answer.events) {
            bytes += w.payload.size();
            events.push_back(stored(std::move(w)));
        }
        bool more = answer.next < answer.head && !answer.events.empty();
        after = answer.next;
        wait_seconds = 0;  // more is there already, or we are done
        if (more && bytes < kCatchUpBytes) continue;
        if (!events.empty()) {
            Step step("integrate");
            storage::IntegrateOutcome outcome;
            replica_.with_replica([&](storage::Replica& rep) { outcome = rep.integrate(events, after); });
            report.pulled += outcome.appended;
            report.replays += outcome.replayed ? 1 : 0;
        }
        events.clear();
        bytes = 0;
        if (!more) return true;
    }
}

void SyncEngine::finish(SyncReport& report) {
    storage::SyncCounts counts;
    replica_.with_replica([&](storage::Replica& r) { counts = r.counts(); });
    report.pending = counts.pending;
    report.conflicts = counts.conflicts;
    if (report.status == SyncReport::Status::Failed && report.message.isEmpty()) {
        if (counts.conflicts > 0) {
            report.status = SyncReport::Status::Conflicts;
            report.message = QStringLiteral("%1 change(s) conflict with colleagues' changes").arg(counts.conflicts);
        } else if (counts.pending > 0) {
            report.status = SyncReport::Status::Failed;
            report.message = QStringLiteral("%1 change(s) still pending after %2 rounds").arg(counts.pending).arg(kMaxRounds);
        } else {
            report.status = SyncReport::Status::InSync;
            report.message = "in sync";
        }
    }
    std::optional<std::string> error;
    if (report.status == SyncReport::Status::Unreachable || report.status == SyncReport::Status::Refused ||
        report.status == SyncReport::Status::Failed)
        error = report.message.toStdString();
    auto server = channel_.base().toString().toStdString();
    replica_.with_replica([&](storage::Replica& r) { r.record_sync(server, error); });
}

SyncReport SyncEngine::sync_once() {
    SyncReport report;
    try {
        if (check_session(report)) {
            for (int round = 0; round < kMaxRounds; ++round) {
                bool conflicted = false;
                if (!push_all(report, conflicted) || !pull_all(report, 0)) break;
                if (!conflicted) {
                    // A replay during the pull may have left commands to push again.
                    bool more = false;
                    replica_.with_replica([&](storage::Replica& r) { more = r.next_batch(1, 1).has_value(); });
                    if (!more) break;
                }
            }
        }
        finish(report);
    } catch (const std::exception& e) {
        // The store failed under us (disk full, a damaged file): nothing was acknowledged that is not durable.
        report.status = SyncReport::Status::Failed;
        report.message = QString::fromStdString(e.what());
    }
    return report;
}

SyncReport SyncEngine::wait_for_news(int seconds) {
    SyncReport report;
    try {
        if (session_checked_ || check_session(report)) pull_all(report, seconds);
    } catch (const std::exception& e) {
        report.status = SyncReport::Status::Failed;
        report.message = QString::fromStdString(e.what());
    }
    if (report.status == SyncReport::Status::Failed && report.message.isEmpty()) report.status = SyncReport::Status::InSync;
    return report;
}

}  // namespace rotaplan::sync
