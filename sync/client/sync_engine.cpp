#include "sync_engine.h"

#include <QElapsedTimer>

#include <cstdio>
#include <cstdlib>
#include <limits>
#include <map>
#include <utility>

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

// The commands of `batch` that a refusal names, each with the server's words
// (docs/sync-protocol.md: "rejected" of a 400 or 403, "reused" or "taken" of a 409). An
// older server's refusal names none.
std::vector<std::pair<std::string, std::string>> refused_commands(const HttpResult& r, const storage::OutgoingBatch& batch) {
    std::map<std::size_t, std::string> named;  // command index -> why
    auto j = nlohmann::json::parse(r.body.toStdString(), nullptr, false);
    if (!j.is_object()) return {};
    auto by_id = [&](const std::string& id) -> std::optional<std::size_t> {
        for (std::size_t i = 0; i < batch.events.size(); ++i)
            if (batch.events[i].event_id == id) return i;
        return std::nullopt;
    };
    auto text = [](const nlohmann::json& o, const char* key) {
        auto it = o.find(key);
        return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    auto name = [&](std::optional<std::size_t> event, const std::string& why) {
        if (!event || *event >= batch.events.size()) return;
        auto& reason = named[batch.command_of[*event]];
        if (reason.empty()) reason = why;
    };
    if (auto it = j.find("rejected"); it != j.end() && it->is_array()) {
        for (const auto& x : *it) {
            if (!x.is_object()) continue;
            std::optional<std::size_t> event;
            auto id = text(x, "event_id");
            if (auto i = x.find("index"); i != x.end() && i->is_number_unsigned()) event = i->get<std::size_t>();
            // The index names the event; its id, when given, must agree (else the id decides).
            if (!id.empty() && (!event || *event >= batch.events.size() || batch.events[*event].event_id != id))
                event = by_id(id);
            auto field = text(x, "field"), reason = text(x, "reason");
            name(event, QStringLiteral("the server refused it (%1): %2%3")
                            .arg(r.status)
                            .arg(QString::fromStdString(field.empty() ? std::string() : field + ": "))
                            .arg(QString::fromStdString(reason.empty() ? server_error(r).toStdString() : reason))
                            .toStdString());
        }
    }
    if (auto it = j.find("reused"); r.status == 409 && it != j.end() && it->is_array()) {
        for (const auto& x : *it) {
            if (!x.is_object()) continue;
            auto id = text(x, "event_id");
            std::string where;
            if (auto p = x.find("position"); p != x.end() && p->is_number_integer())
                where = " (log position " + std::to_string(p->get<std::int64_t>()) + ")";
            name(by_id(id), "the shared log holds another event under its event id " + id + where +
                                "; retry decides it again under new ids");
        }
    }
    if (auto it = j.find("taken"); r.status == 409 && it != j.end() && it->is_array()) {
        for (const auto& x : *it) {
            if (!x.is_object()) continue;
            auto name_taken = text(x, "name");
            name(by_id(text(x, "event_id")),
                 "a rotation named " + name_taken + " already exists in the shared log (rotation " + text(x, "stream") +
                     ", a colleague's, came first); retry it under another name (conflicts retry ID --name NEW) or "
                     "drop it");
        }
    }
    std::vector<std::pair<std::string, std::string>> out;
    for (auto& [index, why] : named) out.emplace_back(batch.commands[index], std::move(why));
    return out;
}

// A 409 that refuses events (an id reused, a rotation name taken), not one
// that says a stream moved on.
bool refuses_events(const HttpResult& r) {
    auto j = nlohmann::json::parse(r.body.toStdString(), nullptr, false);
    if (!j.is_object()) return false;
    for (const char* key : {"reused", "taken"})
        if (auto it = j.find(key); it != j.end() && it->is_array() && !it->empty()) return true;
    return false;
}

QString quoted_names(const std::vector<std::string>& names) {
    QStringList out;
    for (const auto& n : names) out << "\"" + QString::fromStdString(n) + "\"";
    return out.join(", ");
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
    server_protocol_ = j.is_object() && j.contains("protocol") && j["protocol"].is_number_integer() ? j["protocol"].get<int>() : 1;
    report.server_protocol = server_protocol_;
    session_checked_ = true;
    return true;
}

// The store's planner and the token's: bound at the first sync (pending
// events re-signed), refused when they differ (storage/sync/replica.h, "Identity").
bool SyncEngine::bind_identity(SyncReport& report, bool adopt) {
    if (report.planner.isEmpty()) return true;  // a server that does not say: it judges every event itself
    storage::Binding b;
    auto server = channel_.base().toString().toStdString();
    replica_.with_replica([&](storage::Replica& r) { b = r.bind(report.planner.toStdString(), server, adopt); });
    using Outcome = storage::Binding::Outcome;
    if (b.outcome == Outcome::Bound) {
        report.bound_planner = QString::fromStdString(b.planner);
        report.resigned = b.resigned;
        report.held = b.held;
        report.held_behind = b.held_behind;
        report.refused += b.held + b.held_behind;
        for (const auto& n : b.names) report.made_as << QString::fromStdString(n);
        return true;
    }
    report.status = SyncReport::Status::Refused;
    if (b.outcome == Outcome::Mismatch) {
        report.identity = SyncReport::Identity::Mismatch;
        report.bound_planner = QString::fromStdString(b.planner);
        report.message = QStringLiteral(
                             "this schedule is bound to planner \"%1\" (its first sync, with %2 at %3), but the token "
                             "belongs to planner \"%4\"; nothing was pushed")
                             .arg(report.bound_planner, QString::fromStdString(b.bound_server),
                                  QString::fromStdString(b.bound_at), report.planner);
    } else {
        report.identity = SyncReport::Identity::NeedsConsent;
        for (const auto& n : b.names) report.made_as << QString::fromStdString(n);
        report.adoptable = b.changes;
        report.message = QStringLiteral("%1 change(s) here were made as %2, but the token belongs to planner \"%3\"; "
                                        "nothing was pushed")
                             .arg(b.changes)
                             .arg(quoted_names(b.names), report.planner);
    }
    return false;
}

bool SyncEngine::push_all(SyncReport& report, bool& conflicted) {
    conflicted = false;
    // Narrowed by halving when the server refuses a batch without naming its events.
    std::size_t max_commands = std::numeric_limits<std::size_t>::max();
    for (;;) {
        std::optional<storage::OutgoingBatch> batch;
        {
            Step step("read");
            replica_.with_replica([&](storage::Replica& r) {
                // Changes on a stream held by an event kept aside would be refused for ever.
                auto blocked = r.isolate_blocked();
                report.refused += blocked.new_conflicts;
                report.replays += blocked.replayed ? 1 : 0;
                const bool scenarios = server_protocol_ >= kScenarioProtocol;
                batch = r.next_batch(kPushEvents, push_bytes(), max_commands, scenarios);
                if (!scenarios) report.waiting_for_scenarios = r.scenario_commands_pending();
            });
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
        if (r.status == 409 && !refuses_events(r)) {
            conflicted = true;  // a colleague got there first: pull, replay, push again
            return true;
        }
        if (r.status == 401 || (r.status != 400 && r.status != 403 && r.status != 409 && r.status != 413)) {
            report.status = r.status == 401 ? SyncReport::Status::Refused : SyncReport::Status::Failed;
            report.message = QStringLiteral("the server refused our changes (%1): %2").arg(r.status).arg(server_error(r));
            return false;
        }
        // The server will never take this batch as it is (an invalid event, one signed by
        // another planner, a reused event id, too large): the commands it names become
        // conflicts for the planner and the others go on. Resending it unchanged would
        // be refused for ever, and hold back every later change.
        auto refused = refused_commands(r, *batch);
        if (refused.empty()) {
            if (batch->commands.size() > 1) {
                max_commands = (batch->commands.size() + 1) / 2;
                continue;
            }
            refused.emplace_back(batch->commands.front(), QStringLiteral("the server refused it (%1): %2")
                                                              .arg(r.status)
                                                              .arg(server_error(r))
                                                              .toStdString());
        }
        Step step("isolate");
        storage::IntegrateOutcome isolated;
        replica_.with_replica([&](storage::Replica& rep) { isolated = rep.isolate(refused); });
        report.refused += std::int64_t(refused.size());
        report.replays += isolated.replayed ? 1 : 0;
        max_commands = std::numeric_limits<std::size_t>::max();
    }
}

// Pages are integrated together, in one transaction, until about this many
// bytes: a desktop catching up a season builds its indexes and validation
// model once instead of once per page.
constexpr std::size_t kCatchUpBytes = 256u << 20;

bool SyncEngine::pull_all(SyncReport& report, int wait_seconds) {
    std::int64_t after = 0;
    bool kept = false;  // events kept aside: a Rotaplan that now reads them brings them in (integrate does)
    replica_.with_replica([&](storage::Replica& r) {
        auto counts = r.counts();
        after = counts.pulled;
        kept = counts.quarantined > 0;
    });
    std::vector<storage::StoredEvent> events;
    std::vector<storage::UnreadableRemote> unreadable;
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
        if ((!answer.events.empty() || !answer.unreadable.empty()) && answer.next <= after) {
            report.status = SyncReport::Status::Failed;
            report.message = QStringLiteral("the server's pull answer does not move past position %1").arg(after);
            return false;
        }
        for (auto& w : answer.events) {
            bytes += w.payload.size();
            events.push_back(stored(std::move(w)));
        }
        for (auto& u : answer.unreadable)
            unreadable.push_back({u.position, std::move(u.event_id), std::move(u.stream), std::move(u.json), std::move(u.reason)});
        bool more = answer.next < answer.head && (!answer.events.empty() || !answer.unreadable.empty());
        after = answer.next;
        wait_seconds = 0;  // more is there already, or we are done
        if (more && bytes < kCatchUpBytes) continue;
        if (!events.empty() || !unreadable.empty() || std::exchange(kept, false)) {
            Step step("integrate");
            storage::IntegrateOutcome outcome;
            replica_.with_replica([&](storage::Replica& rep) { outcome = rep.integrate(events, after, unreadable); });
            report.pulled += outcome.appended + outcome.released;
            report.replays += outcome.replayed ? 1 : 0;
        }
        events.clear();
        unreadable.clear();
        bytes = 0;
        if (!more) return true;
    }
}

void SyncEngine::finish(SyncReport& report) {
    storage::SyncCounts counts;
    replica_.with_replica([&](storage::Replica& r) { counts = r.counts(); });
    report.pending = counts.pending;
    report.conflicts = counts.conflicts;
    report.quarantined = counts.quarantined;
    report.bound_planner = QString::fromStdString(counts.planner);
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

SyncReport SyncEngine::sync_once(bool adopt) {
    SyncReport report;
    try {
        bool may_push = false;
        if (check_session(report) && !(may_push = bind_identity(report, adopt))) {
            // Refused to push, never to pull: colleagues' changes keep coming in.
            SyncReport pulling;
            pull_all(pulling, 0);
            report.pulled = pulling.pulled;
            report.replays = pulling.replays;
        }
        // A push the server refuses does not stop the pull either (push_all isolates what it refused).
        if (may_push && pull_all(report, 0)) {
            for (int round = 0; round < kMaxRounds; ++round) {
                bool conflicted = false;
                bool pushed = push_all(report, conflicted);
                if (!pushed && report.status == SyncReport::Status::Unreachable) break;
                if (!pull_all(report, 0) || !pushed) break;
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
