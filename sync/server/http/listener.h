// rotaplan-server's listening socket, plain or TLS: every accepted connection
// is counted, in total and by client address, from the moment it is accepted
// (before any TLS handshake), and one over either limit is closed at once.
//
//   accept(fd) -> address of the peer (IPv4-mapped IPv6 as IPv4)
//     open == max_connections                    -> closed  (rotaplan_connections_refused_total{reason="total"})
//     open from that address == max_per_address  -> closed  (...{reason="per_address"})
//     else -> a Connection (connection.h), TLS handshake started when TLS
//
// Why not QSslServer: in Qt 6.4 it keeps a connection to itself until its
// handshake is done, with no limit and no timeout, so a client that connects
// and never says hello would not be seen, let alone limited.
#pragma once

#include <QHash>
#include <QSslConfiguration>
#include <QTcpServer>

#include <optional>

#include "connection.h"

namespace rotaplan::sync::http {

class Listener : public QTcpServer {
    Q_OBJECT
public:
    // `handler` and `metrics` must outlive the listener; its connections are its children.
    Listener(Handler& handler, const ConnectionLimits& limits, Metrics& metrics,
             std::optional<QSslConfiguration> tls, QObject* parent = nullptr);
    ~Listener() override;

    int open_connections() const { return open_; }
    // Hands every connection's written answers to the kernel.
    void flush();

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    Handler& handler_;
    ConnectionLimits limits_;
    Metrics& metrics_;
    std::optional<QSslConfiguration> tls_;
    QHash<QHostAddress, int> per_address_;
    int open_ = 0;
};

}  // namespace rotaplan::sync::http
