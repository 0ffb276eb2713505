// rotaplan-server's HTTP side: the routes of docs/sync-protocol.md over one
// SharedLog, on the server's one thread.
//
//   QTcpServer / QSslServer (ours: they count connections)
//     -> QAbstractHttpServer parses a request -> handleRequest()
//          /healthz /metrics                   answered at once
//          /v1/session                         answered at once (token)
//          POST /v1/events  -> checks -> SharedLog::append -> answered after the commit
//          GET  /v1/events  -> events now, or LongPolls until SharedLog::appended
//
// Answers given later keep their responder in a DeferredAnswer, which guards
// against the client's socket being deleted meanwhile (deferred_answer.h).
//
// Why QAbstractHttpServer and not QHttpServer's router: pushes and long-polls
// answer after handleRequest() returned, which the router's views (Qt 6.4)
// cannot express.
#pragma once

#include <QAbstractHttpServer>
#include <QHostAddress>
#include <QSslConfiguration>

#include <memory>
#include <optional>

#include "long_polls.h"
#include "metrics.h"
#include "shared_log.h"
#include "tokens.h"

class QHttpServerResponder;

namespace rotaplan::sync {

class HttpService : public QAbstractHttpServer {
    Q_OBJECT
public:
    static constexpr qint64 kDefaultMaxBody = qint64(64) << 20;

    // `log`, `tokens` and `metrics` must outlive the service.
    HttpService(SharedLog& log, const Tokens& tokens, Metrics& metrics, qint64 max_body = kDefaultMaxBody,
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

protected:
    bool handleRequest(const QHttpServerRequest& request, QTcpSocket* socket) override;
    void missingHandler(const QHttpServerRequest& request, QTcpSocket* socket) override;

private:
    void route(const QHttpServerRequest& request, QTcpSocket* socket);
    const TokenOwner* authenticate(const QHttpServerRequest& request, QHttpServerResponder& responder);
    void push(const QHttpServerRequest& request, QHttpServerResponder&& responder, QTcpSocket* socket,
              const TokenOwner& owner);
    void pull(const QHttpServerRequest& request, QHttpServerResponder&& responder, QTcpSocket* socket);
    void answer_pull(DeferredAnswer& answer, std::int64_t after, int limit);
    void answer_push(DeferredAnswer& answer, const std::vector<std::string>& event_ids, PushResult result,
                     double seconds);

    // Writes an answer now and counts a refusal (status >= 400).
    void reply(QHttpServerResponder& responder, int status, const QByteArray& body,
               const QByteArray& content_type = "application/json");
    void refuse(QHttpServerResponder& responder, int status, const std::string& error);

    SharedLog& log_;
    const Tokens& tokens_;
    Metrics& metrics_;
    qint64 max_body_;
    LongPolls long_polls_;
    std::int64_t clients_ = 0;
    bool stopping_ = false;
};

}  // namespace rotaplan::sync
