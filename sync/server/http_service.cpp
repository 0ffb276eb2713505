#include "http_service.h"

#include <QElapsedTimer>
#include <QUrlQuery>

#include <algorithm>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "http/listener.h"
#include "push_check.h"
#include "core/events.h"

namespace rotaplan::sync {

namespace {

using nlohmann::json;
using http::Answer;

QByteArray to_bytes(const std::string& s) { return QByteArray(s.data(), qsizetype(s.size())); }
QByteArray to_bytes(const json& j) { return to_bytes(j.dump(-1, ' ', false, json::error_handler_t::replace)); }

Answer json_answer(int status, const json& body) { return Answer{status, to_bytes(body), "application/json", {}}; }
Answer error_answer(int status, const std::string& error) { return json_answer(status, json{{"error", error}}); }
Answer text_answer(int status, const QByteArray& text, const QByteArray& type = "text/plain; charset=utf-8") {
    return Answer{status, text, type, {}};
}

Answer wrong_method(const QByteArray& allowed) {
    Answer a = error_answer(405, "method not allowed; use " + allowed.toStdString());
    a.fields.emplace_back("Allow", allowed);
    return a;
}

// An optional integer query item: `fallback` when absent, nullopt when not an integer.
std::optional<qint64> query_number(const QUrlQuery& query, const char* name, qint64 fallback) {
    if (!query.hasQueryItem(name)) return fallback;
    bool ok = false;
    qint64 v = query.queryItemValue(name).toLongLong(&ok);
    return ok ? std::optional<qint64>(v) : std::nullopt;
}

std::string_view view(const QByteArray& bytes) { return {bytes.constData(), std::size_t(bytes.size())}; }

// The methods a path takes, or nullptr when the path is not ours.
const char* methods_of(std::string_view path) {
    if (path == "/healthz" || path == "/metrics" || path == "/v1/session") return "GET";
    if (path == "/v1/events") return "GET, POST";
    return nullptr;
}

json rejected_json(const std::vector<Rejection>& rejected) {
    json out = json::array();
    for (const Rejection& r : rejected)
        out.push_back({{"index", r.index},
                       {"event_id", r.event_id ? json(*r.event_id) : json(nullptr)},
                       {"field", r.field},
                       {"reason", r.reason}});
    return out;
}

// The protocol a client speaks: its Rotaplan-Protocol field, 1 without one
// (the clients from before the field), 0 when the field is not a number.
int protocol_of(const http::RequestHead& head) {
    auto field = head.field(QByteArray(kProtocolField).toLower().toStdString());
    if (!field) return 1;
    bool ok = false;
    int v = QByteArray::fromStdString(std::string(*field)).trimmed().toInt(&ok);
    return ok ? v : 0;
}

// A client that speaks no scenarios sends none: a batch naming one is not its
// own doing and is refused whole, like any event the server cannot take.
void refuse_scenarios(PushVerdict& verdict) {
    for (std::size_t i = 0; i < verdict.batch.events.size(); ++i) {
        const WireEvent& e = verdict.batch.events[i];
        if (!scenario_prefix(e.stream) && !e.stream.starts_with("scenario-")) continue;
        verdict.status = 400;
        verdict.error = "event " + std::to_string(i) + " (" + e.event_id + ") is a scenario's, which protocol " +
                        std::to_string(kScenarioProtocol) + " brought; send \"" + kProtocolField + ": " +
                        std::to_string(kProtocolVersion) + "\" (a Rotaplan that knows scenarios does)";
        verdict.rejected.push_back({i, e.event_id, "stream", verdict.error});
        verdict.rejected_count = 1;
        verdict.batch = {};
        return;
    }
}

}  // namespace

HttpService::HttpService(SharedLog& log, const Tokens& tokens, Metrics& metrics, http::ConnectionLimits limits,
                         QObject* parent)
    : QObject(parent),
      log_(log),
      tokens_(tokens),
      metrics_(metrics),
      limits_(limits),
      long_polls_([this](http::Responder& r, std::int64_t after, int limit) { answer_pull(r, after, limit); }) {
    connect(&log_, &SharedLog::appended, &long_polls_, [this](qint64 head) { long_polls_.wake(head); });
}

HttpService::~HttpService() {
    // Before QObject deletes our children: a connection closing must not reach a half-destroyed service.
    for (http::Listener* l : listeners_) delete l;
}

quint16 HttpService::start(const QHostAddress& address, quint16 port, const std::optional<QSslConfiguration>& tls) {
    auto* listener = new http::Listener(*this, limits_, metrics_, tls, this);
    if (!listener->listen(address, port)) {
        std::string why = listener->errorString().toStdString();
        delete listener;
        throw std::runtime_error("cannot listen on " + address.toString().toStdString() + ":" + std::to_string(port) +
                                 ": " + why);
    }
    listeners_.push_back(listener);
    return listener->serverPort();
}

void HttpService::stop() {
    stopping_ = true;
    for (http::Listener* l : listeners_) l->close();
    long_polls_.answer_all();
}

void HttpService::flush() {
    for (http::Listener* l : listeners_) l->flush();
}

Gauges HttpService::gauges() {
    std::int64_t open = 0;
    for (http::Listener* l : listeners_) open += l->open_connections();
    return {log_.events_stored(), log_.head(), open, std::int64_t(long_polls_.size())};
}

const TokenOwner* HttpService::owner_of(const http::RequestHead& head) const {
    auto value = QByteArray::fromStdString(std::string(head.field("authorization").value_or(""))).trimmed();
    const QByteArray scheme = "bearer ";
    if (value.size() > scheme.size() && value.left(scheme.size()).toLower() == scheme)
        return tokens_.find(view(value.mid(scheme.size()).trimmed()));
    return nullptr;
}

// Everything the head alone can tell, so that no body is read for a request
// that will be refused: a client without a token can make the server hold
// nothing but its head.
std::optional<Answer> HttpService::admit(const http::RequestHead& head) {
    const char* methods = methods_of(head.path);
    if (!methods) return error_answer(404, "no such path: " + head.path.substr(0, 200));
    const bool push = head.path == "/v1/events" && head.method == "POST";
    if (!push && head.method != "GET") return wrong_method(methods);
    const bool v1 = head.path.rfind("/v1/", 0) == 0;
    if (v1 && stopping_) return error_answer(503, "the server is stopping; retry later");
    if (v1 && !owner_of(head)) {
        Answer a = error_answer(401, head.field("authorization") ? "the token is not known to this server"
                                                                 : "no token: send \"Authorization: Bearer TOKEN\"");
        a.fields.emplace_back("WWW-Authenticate", "Bearer realm=\"rotaplan\"");
        return a;
    }
    const std::uint64_t length = head.content_length.value_or(0);
    if (!push && length > 0) return error_answer(413, "a " + head.method + " of " + head.path + " takes no body");
    if (push && !head.content_length) return error_answer(411, "a push needs a Content-Length");
    if (push && length > limits_.max_body)
        return error_answer(413, "the body has " + std::to_string(length) + " bytes, more than this server takes (--max-body " +
                                     std::to_string(limits_.max_body) + ")");
    return std::nullopt;
}

void HttpService::serve(http::Request request, std::shared_ptr<http::Responder> responder) {
    try {
        route(request, responder);
    } catch (const std::exception& e) {
        // A failing log read, say: this request fails, the server goes on.
        responder->send(error_answer(500, std::string("internal error: ") + e.what()));
    }
}

// admit() let only known paths and methods through, with a token where one is needed.
void HttpService::route(http::Request& request, const std::shared_ptr<http::Responder>& responder) {
    const std::string& path = request.head.path;
    if (path == "/healthz") {
        if (!stopping_ && log_.writable()) return void(responder->send(text_answer(200, "ok\n")));
        return void(responder->send(
            text_answer(503, stopping_ ? "stopping\n" : "the shared log cannot take writes\n")));
    }
    if (path == "/metrics")
        return void(responder->send(
            text_answer(200, to_bytes(metrics_.text(gauges())), "text/plain; version=0.0.4; charset=utf-8")));
    if (stopping_) return void(responder->send(error_answer(503, "the server is stopping; retry later")));
    const TokenOwner* owner = owner_of(request.head);
    if (!owner) return void(responder->send(error_answer(401, "the token is not known to this server")));
    if (path == "/v1/session") {
        json body{{"protocol", kProtocolVersion}, {"planner", owner->planner}, {"log", log_.kind()}, {"head", log_.head()}};
        return void(responder->send(json_answer(200, body)));
    }
    if (path == "/v1/events" && request.head.method == "POST") return push(request, responder, *owner);
    if (path == "/v1/events") return pull(request, responder);
    responder->send(error_answer(404, "no such path: " + path.substr(0, 200)));
}

// Every check that needs no log comes first (check_push), so a bad push costs
// the log nothing; then the log judges and stores (group commit) and the
// answer follows its commit.
void HttpService::push(const http::Request& request, const std::shared_ptr<http::Responder>& responder,
                       const TokenOwner& owner) {
    QElapsedTimer clock;
    clock.start();
    PushVerdict verdict = check_push(view(request.body), owner.planner);
    if (verdict.status == 200 && protocol_of(request.head) < kScenarioProtocol) refuse_scenarios(verdict);
    if (verdict.status == 400)
        return void(responder->send(json_answer(
            400, {{"error", verdict.error}, {"rejected", rejected_json(verdict.rejected)}, {"head", log_.head()}})));
    if (verdict.status == 403)
        return void(responder->send(json_answer(
            403, {{"error", verdict.error}, {"rejected", rejected_json(verdict.rejected)}, {"planner", owner.planner}})));
    if (verdict.status != 200) return void(responder->send(error_answer(verdict.status, verdict.error)));

    std::vector<std::string> ids;
    ids.reserve(verdict.batch.events.size());
    for (const WireEvent& e : verdict.batch.events) ids.push_back(e.event_id);
    QPointer<HttpService> self(this);
    log_.append(std::move(verdict.batch), [self, responder, ids = std::move(ids), clock](PushResult result) {
        // The service may be gone when a log answers during shutdown; the log's commit stands.
        if (self) self->answer_push(*responder, ids, std::move(result), double(clock.nsecsElapsed()) / 1e9);
    });
}

void HttpService::answer_push(http::Responder& responder, const std::vector<std::string>& ids, PushResult r,
                              double seconds) {
    int status = 200;
    json body;
    switch (r.kind) {
        case PushResult::Kind::Accepted: {
            json accepted = json::array();
            for (std::size_t i = 0; i < ids.size() && i < r.positions.size(); ++i)
                accepted.push_back({{"event_id", ids[i]}, {"position", r.positions[i]}});
            body = {{"accepted", std::move(accepted)}, {"head", r.head}};
            break;
        }
        case PushResult::Kind::Conflict: {
            status = 409;
            json conflicts = json::array();
            std::string error = "the log has moved on:";
            for (const auto& c : r.conflicts) {
                conflicts.push_back({{"stream", c.stream}, {"expected", c.expected}, {"current", c.current}});
                error += " stream " + c.stream + " is at version " + std::to_string(c.current) + ", not " +
                         std::to_string(c.expected) + ";";
            }
            error += " nothing was stored; pull, replay and push again";
            body = {{"error", error}, {"conflicts", std::move(conflicts)}, {"head", r.head}};
            break;
        }
        case PushResult::Kind::Reused: {
            status = 409;
            json reused = json::array();
            for (const auto& e : r.reused) reused.push_back({{"event_id", e.event_id}, {"position", e.position}});
            const ReusedEvent& first = r.reused.front();
            std::string error = "event " + first.event_id + " is already in the log (position " +
                                std::to_string(first.position) + ") with other content";
            if (r.reused.size() > 1) error += ", and " + std::to_string(r.reused.size() - 1) + " more events like it";
            error += "; an event id names one event for ever; nothing was stored";
            body = {{"error", error}, {"reused", std::move(reused)}, {"conflicts", json::array()}, {"head", r.head}};
            break;
        }
        case PushResult::Kind::Taken: {
            status = 409;
            json taken = json::array();
            for (const auto& t : r.taken)
                taken.push_back({{"event_id", t.event_id}, {"name", t.name}, {"stream", t.stream}});
            const TakenName& first = r.taken.front();
            std::string error = "event " + first.event_id + " names a rotation " + first.name +
                                ", a name rotation " + first.stream + " already holds in the log";
            if (r.taken.size() > 1) error += ", and " + std::to_string(r.taken.size() - 1) + " more events like it";
            error += "; nothing was stored";
            body = {{"error", error}, {"taken", std::move(taken)}, {"reused", json::array()},
                    {"conflicts", json::array()}, {"head", r.head}};
            break;
        }
        case PushResult::Kind::Unavailable:
            status = 503;
            body = {{"error", r.error.empty() ? std::string("the shared log cannot take writes; retry later") : r.error}};
            break;
        case PushResult::Kind::Invalid:
            status = 400;
            body = {{"error", r.error}, {"rejected", json::array()}, {"head", r.head}};
            break;
    }
    metrics_.push_answered(seconds, r.kind == PushResult::Kind::Conflict);
    responder.send(json_answer(status, body));
}

void HttpService::pull(const http::Request& request, const std::shared_ptr<http::Responder>& responder) {
    const QUrlQuery query(QString::fromStdString(request.head.query));
    auto after = query_number(query, "after", 0);
    auto limit = query_number(query, "limit", kMaxPullEvents);
    auto wait = query_number(query, "wait", 0);
    if (!after || *after < 0)
        return void(responder->send(error_answer(400, "after must be a log position (an integer, 0 or more)")));
    if (!limit || *limit < 1) return void(responder->send(error_answer(400, "limit must be an integer, 1 or more")));
    if (!wait || *wait < 0)
        return void(responder->send(error_answer(400, "wait must be a number of seconds, 0 or more")));
    int n = int(std::min<qint64>(*limit, kMaxPullEvents));
    int seconds = int(std::min<qint64>(*wait, kMaxWaitSeconds));

    if (seconds == 0 || log_.head() > *after) return answer_pull(*responder, *after, n);
    long_polls_.park(responder, *after, n, std::chrono::seconds(seconds));
}

// Also called by LongPolls from the event loop: nothing may escape from here.
void HttpService::answer_pull(http::Responder& responder, std::int64_t after, int limit) {
    if (!responder.alive()) return;
    QByteArray body;
    try {
        auto events = log_.read(after, limit, kMaxPullBytes);
        std::int64_t next = events.empty() ? after : events.back().position;
        body = to_bytes(pull_body(events, next, log_.head()));
    } catch (const std::exception& e) {
        responder.send(error_answer(500, std::string("cannot read the log: ") + e.what()));
        return;
    }
    metrics_.pull_answered();
    responder.send(Answer{200, std::move(body), "application/json", {}});
}

}  // namespace rotaplan::sync
