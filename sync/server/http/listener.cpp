#include "listener.h"

#include <QSslSocket>

#include <unistd.h>

#include "sync/server/metrics.h"

namespace rotaplan::sync::http {

namespace {

// One client, one count: ::ffff:10.0.0.1 and 10.0.0.1 are the same address.
QHostAddress normalised(const QHostAddress& a) {
    bool v4 = false;
    const quint32 ip = a.toIPv4Address(&v4);
    return v4 ? QHostAddress(ip) : a;
}

}  // namespace

Listener::Listener(Handler& handler, const ConnectionLimits& limits, Metrics& metrics,
                   std::optional<QSslConfiguration> tls, QObject* parent)
    : QTcpServer(parent), handler_(handler), limits_(limits), metrics_(metrics), tls_(std::move(tls)) {}

Listener::~Listener() {
    // Now, while the counts they update on their way out still exist.
    qDeleteAll(findChildren<Connection*>(Qt::FindDirectChildrenOnly));
}

void Listener::flush() {
    for (Connection* c : findChildren<Connection*>(Qt::FindDirectChildrenOnly)) c->flush();
}

void Listener::incomingConnection(qintptr descriptor) {
    QTcpSocket* socket = tls_ ? new QSslSocket : new QTcpSocket;
    if (!socket->setSocketDescriptor(descriptor)) {
        ::close(int(descriptor));
        delete socket;
        return;
    }
    const QHostAddress address = normalised(socket->peerAddress());
    const char* refused = open_ >= limits_.max_connections                  ? "total"
                          : per_address_.value(address) >= limits_.max_per_address ? "per_address"
                                                                                    : nullptr;
    if (refused) {
        metrics_.connection_refused(refused);
        socket->abort();
        delete socket;
        return;
    }
    if (tls_) static_cast<QSslSocket*>(socket)->setSslConfiguration(*tls_);
    ++open_;
    ++per_address_[address];
    auto* connection = new Connection(socket, tls_.has_value(), handler_, limits_, metrics_, this);
    connect(connection, &QObject::destroyed, this, [this, address] {
        --open_;
        if (--per_address_[address] <= 0) per_address_.remove(address);
    });
}

}  // namespace rotaplan::sync::http
