// What passes between a client's connection (connection.h) and the service
// that answers its requests (HttpService): a request, its answer, and the
// handle that gives the answer later.
//
//   connection: head read ──admit(head)──> service   an Answer now (401, 413, ...): written, connection closed
//                                                     nullopt: the body may come
//               body read ──serve(request, responder)──> service
//                                                     ... now or later (a push after its commit,
//                                                     a long-poll after news) responder->send(answer)
//
// A connection takes one request at a time: it reads nothing of the next one
// until this one is answered, so pipelined requests are answered in order.
#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QPointer>

#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "request_head.h"

namespace rotaplan::sync::http {

class Connection;

struct Answer {
    int status = 200;
    QByteArray body;
    QByteArray content_type = "application/json";
    std::vector<std::pair<QByteArray, QByteArray>> fields;  // more header fields (WWW-Authenticate, Allow)
};

struct Request {
    RequestHead head;
    QByteArray body;
    QHostAddress peer;
};

// The one answer a served request gets. Copies share it (a push's callback,
// a parked long-poll); it outlives its connection safely.
class Responder {
public:
    explicit Responder(Connection* connection);
    // Whether send() would still reach the client.
    bool alive() const;
    // Answers once; false when the client is gone (or was answered already).
    bool send(const Answer& answer);
    // The connection, to learn when its client hangs up (Connection::closed); null once it is gone.
    Connection* connection() const { return connection_; }

private:
    QPointer<Connection> connection_;
    bool sent_ = false;
};

class Handler {
public:
    virtual ~Handler() = default;
    // Judges a request from its head alone, before any byte of its body is
    // read: an answer to give at once (the connection is then closed), or
    // nullopt to read the body and serve().
    virtual std::optional<Answer> admit(const RequestHead& head) = 0;
    virtual void serve(Request request, std::shared_ptr<Responder> responder) = 0;
};

}  // namespace rotaplan::sync::http
