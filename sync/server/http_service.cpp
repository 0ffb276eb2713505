#include "http_service.h"

#include <QElapsedTimer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QSslServer>
#include <QTcpServer>
#include <QUrlQuery>

#include <algorithm>
#include <functional>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace rotaplan::sync {

namespace {

using nlohmann::json;
using Status = QHttpServerResponder::StatusCode;

// A listening socket that tells us of every connection it hands to
// QAbstractHttpServer (which takes them with nextPendingConnection()), so
// rotaplan_clients counts open connections, not just those that sent a request.
template <class Server>
class CountingServer : public Server {
public:
    CountingServer(std::function<void(QTcpSocket*)> opened, QObject* parent)
        : Server(parent), opened_(std::move(opened)) {}
    QTcpSocket* nextPendingConnection() override {
        QTcpSocket* socket = Server::nextPendingConnection();
        if (socket) opened_(socket);
        return socket;
    }

private:
    std::function<void(QTcpSocket*)> opened_;
};

QByteArray to_bytes(const std::string& s) { return QByteArray(s.data(), qsizetype(s.size())); }
QByteArray to_bytes(const json& j) { return to_bytes(j.dump(-1, ' ', false, json::error_handler_t::replace)); }
QByteArray error_body(const std::string& error) { return to_bytes(json{{"error", error}}); }

QByteArray header(const QHttpServerRequest& request, const QByteArray& name) {
    for (const auto& [key, value] : request.headers())
        if (key.compare(name, Qt::CaseInsensitive) == 0) return value;
    return {};
}

// An optional integer query item: `fallback` when absent, nullopt when not an integer.
std::optional<qint64> query_number(const QUrlQuery& query, const char* name, qint64 fallback) {
    if (!query.hasQueryItem(name)) return fallback;
    bool ok = false;
    qint64 v = query.queryItemValue(name).toLongLong(&ok);
    return ok ? std::optional<qint64>(v) : std::nullopt;
}

std::string_view view(const QByteArray& bytes) { return {bytes.constData(), std::size_t(bytes.size())}; }

}  // namespace

HttpService::HttpService(SharedLog& log, const Tokens& tokens, Metrics& metrics, qint64 max_body, QObject* parent)
    : QAbstractHttpServer(parent),
      log_(log),
      tokens_(tokens),
      metrics_(metrics),
      max_body_(max_body),
      long_polls_([this](DeferredAnswer& a, std::int64_t after, int limit) { answer_pull(a, after, limit); }) {
    connect(&log_, &SharedLog::appended, &long_polls_, [this](qint64 head) { long_polls_.wake(head); });
}

HttpService::~HttpService() {
    // Before QObject deletes our children: the sockets' `destroyed` must not reach a half-destroyed service.
    for (QTcpServer* server : servers()) delete server;
}

quint16 HttpService::start(const QHostAddress& address, quint16 port, const std::optional<QSslConfiguration>& tls) {
    auto opened = [this](QTcpSocket* socket) {
        ++clients_;
        connect(socket, &QObject::destroyed, this, [this] { --clients_; });
    };
    QTcpServer* server = nullptr;
    if (tls) {
        auto ssl = new CountingServer<QSslServer>(opened, this);
        ssl->setSslConfiguration(*tls);
        server = ssl;
    } else {
        server = new CountingServer<QTcpServer>(opened, this);
    }
    if (!server->listen(address, port)) {
        std::string why = server->errorString().toStdString();
        delete server;
        throw std::runtime_error("cannot listen on " + address.toString().toStdString() + ":" + std::to_string(port) +
                                 ": " + why);
    }
    bind(server);
    return server->serverPort();
}

void HttpService::stop() {
    stopping_ = true;
    for (QTcpServer* server : servers()) server->close();
    long_polls_.answer_all();
}

void HttpService::flush() {
    for (QTcpServer* server : servers())
        for (QTcpSocket* socket : server->findChildren<QTcpSocket*>()) socket->flush();
}

Gauges HttpService::gauges() {
    return {log_.events_stored(), log_.head(), clients_, std::int64_t(long_polls_.size())};
}

void HttpService::reply(QHttpServerResponder& responder, int status, const QByteArray& body,
                        const QByteArray& content_type) {
    if (status >= 400) metrics_.refused(status);
    responder.write(body, {{"Content-Type", content_type}}, static_cast<Status>(status));
}

void HttpService::refuse(QHttpServerResponder& responder, int status, const std::string& error) {
    reply(responder, status, error_body(error));
}

bool HttpService::handleRequest(const QHttpServerRequest& request, QTcpSocket* socket) {
    try {
        route(request, socket);
    } catch (const std::exception& e) {
        // A failing log read, say: this request fails, the server goes on.
        auto responder = makeResponder(request, socket);
        refuse(responder, 500, std::string("internal error: ") + e.what());
    }
    return true;  // every path is ours, unknown ones get 404
}

void HttpService::missingHandler(const QHttpServerRequest& request, QTcpSocket* socket) {
    auto responder = makeResponder(request, socket);
    refuse(responder, 404, "no such path: " + request.url().path().toStdString());
}

void HttpService::route(const QHttpServerRequest& request, QTcpSocket* socket) {
    const QString path = request.url().path();
    const auto method = request.method();
    const bool get = method == QHttpServerRequest::Method::Get;
    const bool post = method == QHttpServerRequest::Method::Post;

    auto responder = makeResponder(request, socket);
    auto wrong_method = [&](const QByteArray& allowed) {
        metrics_.refused(405);
        responder.write(error_body("method not allowed; use " + allowed.toStdString()),
                        {{"Content-Type", "application/json"}, {"Allow", allowed}}, Status::MethodNotAllowed);
    };

    if (path == QLatin1String("/healthz")) {
        if (!get) return wrong_method("GET");
        if (!stopping_ && log_.writable()) return reply(responder, 200, "ok\n", "text/plain; charset=utf-8");
        return reply(responder, 503, stopping_ ? "stopping\n" : "the shared log cannot take writes\n",
                     "text/plain; charset=utf-8");
    }
    if (path == QLatin1String("/metrics")) {
        if (!get) return wrong_method("GET");
        return reply(responder, 200, to_bytes(metrics_.text(gauges())), "text/plain; version=0.0.4; charset=utf-8");
    }
    if (!path.startsWith(QLatin1String("/v1/")))
        return refuse(responder, 404, "no such path: " + path.toStdString());
    if (stopping_) return refuse(responder, 503, "the server is stopping; retry later");

    const TokenOwner* owner = authenticate(request, responder);
    if (!owner) return;
    if (path == QLatin1String("/v1/session")) {
        if (!get) return wrong_method("GET");
        json body{{"protocol", kProtocolVersion}, {"planner", owner->planner}, {"log", log_.kind()}, {"head", log_.head()}};
        return reply(responder, 200, to_bytes(body));
    }
    if (path == QLatin1String("/v1/events")) {
        if (post) return push(request, std::move(responder), socket, *owner);
        if (get) return pull(request, std::move(responder), socket);
        return wrong_method("GET, POST");
    }
    refuse(responder, 404, "no such path: " + path.toStdString());
}

const TokenOwner* HttpService::authenticate(const QHttpServerRequest& request, QHttpServerResponder& responder) {
    QByteArray value = header(request, "authorization").trimmed();
    const QByteArray scheme = "bearer ";
    const TokenOwner* owner = nullptr;
    if (value.size() > scheme.size() && value.left(scheme.size()).toLower() == scheme)
        owner = tokens_.find(view(value.mid(scheme.size()).trimmed()));
    if (owner) return owner;
    metrics_.refused(401);
    responder.write(error_body(value.isEmpty() ? "no token: send \"Authorization: Bearer TOKEN\""
                                               : "the token is not known to this server"),
                    {{"Content-Type", "application/json"}, {"WWW-Authenticate", "Bearer realm=\"rotaplan\""}},
                    Status::Unauthorized);
    return nullptr;
}

// The checks that need no log come first, so a bad push costs the log nothing:
// size, shape, planner; then the log judges and stores (group commit) and the
// answer follows its commit.
void HttpService::push(const QHttpServerRequest& request, QHttpServerResponder&& responder, QTcpSocket* socket,
                       const TokenOwner& owner) {
    QElapsedTimer clock;
    clock.start();

    // Honest limit: Qt 6.4's QAbstractHttpServer has read the whole body into
    // memory before handleRequest() is called, so --max-body protects the log
    // and the JSON parser, not the server's memory. A client with a valid
    // token or not can still make it buffer what it sends; put a proxy with
    // a body limit in front of a server reachable from untrusted networks.
    const QByteArray body = request.body();
    bool declared_ok = false;
    const qint64 declared = header(request, "content-length").toLongLong(&declared_ok);
    if ((declared_ok && declared > max_body_) || body.size() > max_body_)
        return refuse(responder, 413,
                      "the body has " + std::to_string(std::max<qint64>(declared, body.size())) +
                          " bytes, more than this server takes (--max-body " + std::to_string(max_body_) + ")");

    PushBatch batch;
    try {
        batch = parse_push(view(body));
    } catch (const ProtocolError& e) {
        return refuse(responder, 400, e.message);
    }
    if (batch.events.size() > kMaxBatchEvents)
        return refuse(responder, 413,
                      "the push has " + std::to_string(batch.events.size()) + " events, more than " +
                          std::to_string(kMaxBatchEvents) + "; split it");
    if (auto problem = check_batch(batch)) return refuse(responder, 400, *problem);

    std::vector<std::string> ids;
    ids.reserve(batch.events.size());
    for (std::size_t i = 0; i < batch.events.size(); ++i) {
        const WireEvent& e = batch.events[i];
        std::string planner;
        try {
            planner = metadata_planner(e.metadata);
        } catch (const ProtocolError& err) {
            return refuse(responder, 400, "events[" + std::to_string(i) + "]: " + err.message);
        }
        if (planner != owner.planner)
            return refuse(responder, 403,
                          "events[" + std::to_string(i) + "] (" + e.event_id + ") claims planner \"" + planner +
                              "\", but the token belongs to planner \"" + owner.planner + "\"; nothing was stored");
        ids.push_back(e.event_id);
    }

    auto answer = std::make_shared<DeferredAnswer>(std::move(responder), socket);
    QPointer<HttpService> self(this);
    log_.append(std::move(batch), [self, answer, ids = std::move(ids), clock](PushResult result) {
        // The service may be gone when a log answers during shutdown; the log's commit stands.
        if (self) self->answer_push(*answer, ids, std::move(result), double(clock.nsecsElapsed()) / 1e9);
    });
}

void HttpService::answer_push(DeferredAnswer& answer, const std::vector<std::string>& ids, PushResult r,
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
        case PushResult::Kind::Unavailable:
            status = 503;
            body = {{"error", r.error.empty() ? std::string("the shared log cannot take writes; retry later") : r.error}};
            break;
        case PushResult::Kind::Invalid:
            status = 400;
            body = {{"error", r.error}};
            break;
    }
    metrics_.push_answered(seconds, r.kind == PushResult::Kind::Conflict);
    if (status >= 400) metrics_.refused(status);
    answer.send(static_cast<Status>(status), to_bytes(body), "application/json");
}

void HttpService::pull(const QHttpServerRequest& request, QHttpServerResponder&& responder, QTcpSocket* socket) {
    const QUrlQuery query = request.query();
    auto after = query_number(query, "after", 0);
    auto limit = query_number(query, "limit", kMaxPullEvents);
    auto wait = query_number(query, "wait", 0);
    if (!after || *after < 0) return refuse(responder, 400, "after must be a log position (an integer, 0 or more)");
    if (!limit || *limit < 1) return refuse(responder, 400, "limit must be an integer, 1 or more");
    if (!wait || *wait < 0) return refuse(responder, 400, "wait must be a number of seconds, 0 or more");
    int n = int(std::min<qint64>(*limit, kMaxPullEvents));
    int seconds = int(std::min<qint64>(*wait, kMaxWaitSeconds));

    if (seconds == 0 || log_.head() > *after) {
        DeferredAnswer now(std::move(responder), socket);
        return answer_pull(now, *after, n);
    }
    long_polls_.park(std::make_shared<DeferredAnswer>(std::move(responder), socket), *after, n,
                     std::chrono::seconds(seconds));
}

// Also called by LongPolls from the event loop: nothing may escape from here.
void HttpService::answer_pull(DeferredAnswer& answer, std::int64_t after, int limit) {
    if (!answer.alive()) return;
    QByteArray body;
    try {
        auto events = log_.read(after, limit, kMaxPullBytes);
        std::int64_t next = events.empty() ? after : events.back().position;
        body = to_bytes(pull_body(events, next, log_.head()));
    } catch (const std::exception& e) {
        metrics_.refused(500);
        answer.send(Status::InternalServerError, error_body(std::string("cannot read the log: ") + e.what()),
                    "application/json");
        return;
    }
    metrics_.pull_answered();
    answer.send(Status::Ok, body, "application/json");
}

}  // namespace rotaplan::sync
