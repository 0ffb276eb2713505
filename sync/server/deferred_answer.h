// An HTTP answer given after handleRequest() returned: a push waiting for its
// group commit, a pull waiting for an event (long-poll).
//
//   handleRequest(request, socket)
//     answer = make_shared<DeferredAnswer>(makeResponder(request, socket), socket)
//     log.append(batch, [answer](result) { answer->send(...); })      shared, copyable
//   ... later turns of the event loop, same thread ...
//     send(): writes only if the socket still exists and is connected
//
// Why the guard. The responder keeps a plain QTcpSocket* (Qt 6.4). When a
// client hangs up, QAbstractHttpServer deleteLater()s its socket, and our
// responder would then point at freed memory: the QPointer tells us it is gone.
// Dropping a responder that never wrote is safe: in Qt 6.4
// ~QHttpServerResponder() is empty and its private part only holds the
// pointer (and a reference to the request, unused after construction), so
// nothing touches the socket. Nor does it answer by itself: every answer we
// keep must end in send(), or in the client's socket going away.
//
// Limit: the 6.4 server keeps reading a connection while an answer is
// deferred, so a client that pipelines a second request on the same
// connection could get the answers out of order. HTTP clients (Qt's
// QNetworkAccessManager included) do not pipeline by default.
#pragma once

#include <QHttpServerResponder>
#include <QPointer>
#include <QTcpSocket>

namespace rotaplan::sync {

class DeferredAnswer {
public:
    DeferredAnswer(QHttpServerResponder&& responder, QTcpSocket* socket)
        : responder_(std::move(responder)), socket_(socket) {}
    DeferredAnswer(const DeferredAnswer&) = delete;
    DeferredAnswer& operator=(const DeferredAnswer&) = delete;

    // Whether send() would still reach the client.
    bool alive() const { return !sent_ && socket_ && socket_->state() == QAbstractSocket::ConnectedState; }
    QTcpSocket* socket() const { return socket_; }

    // Answers once; false when the client is gone (or was already answered).
    bool send(QHttpServerResponder::StatusCode status, const QByteArray& body, const QByteArray& content_type) {
        if (!alive()) return false;
        sent_ = true;
        responder_.write(body, {{"Content-Type", content_type}}, status);
        socket_->flush();  // now, not at the next turn: a stopping server may not have one
        return true;
    }

private:
    QHttpServerResponder responder_;
    QPointer<QTcpSocket> socket_;
    bool sent_ = false;
};

}  // namespace rotaplan::sync
