// rotaplan-server's HTTP side: the routes of docs/sync-protocol.md over one
// SharedLog, on the server's one thread.
//
//   http::Listener (plain or TLS) -> http::Connection per client (http/connection.h: limits, deadlines)
//     head read -> admit(head)       judged before any body byte: unknown path or method,
//                                    a stopping server, no token (401), a body too long (413)
//                                    or where none is taken -> answered at once, connection closed
//     body read -> serve(request)
//          /healthz /metrics /v1/session   answered at once
//          POST /v1/events  -> check_push (push_check.h) -> SharedLog::append -> answered after the commit
//          GET  /v1/events  -> events now, or LongPolls until SharedLog::appended
//
// Answers given later keep their http::Responder, which knows when its
// client has gone (http/exchange.h).
#pragma once

#include <QHostAddress>
#include <QObject>
#include <QSslConfiguration>

#include <memory>
#include <optional>
#include <vector>

#include "http/connection.h"
#include "http/exchange.h"
#include "long_polls.h"
#include "metrics.h"
#include "shared_log.h"
#include "tokens.h"

namespace rotaplan::sync {

namespace http {
class Listener;
}

class HttpService : public QObject, public http::Handler {
    Q_OBJECT
public:
    // `log`, `tokens` and `metrics` must outlive the service.
    HttpService(SharedLog& log, const Tokens& tokens, Metrics& metrics, http::ConnectionLimits limits = {},
                QObject* parent = nullptr);
    ~HttpService() override;

    // Listens on address:port (port 0: any free one), over TLS when `tls` is
    // given. Returns the port; throws std::runtime_error when it cannot listen.
    quint16 start(const QHostAddress& address, quint16 port, const std::optional<QSslConfiguration>& tls);
    // Closes the listening sockets, answers the waiting pulls, and refuses
    // (503) what still arrives on open connections. Pushes already handed to
    // the SQLite log are answered when it commits; a Kafka push still in
    // flight is not answered (the connection closes) and its client retries,
    // which the event ids make safe.
    void stop();
    // Hands every answer already written to the kernel: a stopping server has no next turn to do it.
    void flush();

    Gauges gauges();

    std::optional<http::Answer> admit(const http::RequestHead& head) override;
    void serve(http::Request request, std::shared_ptr<http::Responder> responder) override;

private:
    const TokenOwner* owner_of(const http::RequestHead& head) const;
    void route(http::Request& request, const std::shared_ptr<http::Responder>& responder);
    void push(const http::Request& request, const std::shared_ptr<http::Responder>& responder, const TokenOwner& owner);
    void pull(const http::Request& request, const std::shared_ptr<http::Responder>& responder);
    void answer_pull(http::Responder& responder, std::int64_t after, int limit);
    void answer_push(http::Responder& responder, const std::vector<std::string>& event_ids, PushResult result,
                     double seconds);

    SharedLog& log_;
    const Tokens& tokens_;
    Metrics& metrics_;
    http::ConnectionLimits limits_;
    LongPolls long_polls_;
    std::vector<http::Listener*> listeners_;  // children
    bool stopping_ = false;
};

}  // namespace rotaplan::sync
