// A TCP proxy on 127.0.0.1 that cuts the line: after `cut_after` bytes from
// the server it drops both sides, as a network that fails mid-answer.
//
//   client --> CutProxy (own thread) --> rotaplan-server
//                 `-- after N bytes back: abort()
//
// It runs on its own thread because the tests wait for rotaplan-cli
// synchronously, which would starve a proxy on the test's thread.
#pragma once

#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

#include <atomic>

namespace rotaplan::testing {

class CutProxy : public QObject {
public:
    CutProxy(quint16 upstream, qint64 cut_after) : upstream_(upstream), cut_after_(cut_after) {
        moveToThread(&thread_);
        thread_.start();
        QMetaObject::invokeMethod(this, [this] { listen(); }, Qt::BlockingQueuedConnection);
    }
    ~CutProxy() override {
        QMetaObject::invokeMethod(this, [this] { server_.reset(); }, Qt::BlockingQueuedConnection);
        thread_.quit();
        thread_.wait();
    }
    quint16 port() const { return port_; }
    qint64 forwarded_back() const { return back_; }
    bool cut() const { return cut_; }

private:
    void listen() {
        server_ = std::make_unique<QTcpServer>();
        server_->listen(QHostAddress::LocalHost, 0);
        port_ = server_->serverPort();
        QObject::connect(server_.get(), &QTcpServer::newConnection, this, [this] {
            while (auto* client = server_->nextPendingConnection()) {
                auto* up = new QTcpSocket(client);
                up->connectToHost(QHostAddress::LocalHost, upstream_);
                QObject::connect(client, &QTcpSocket::readyRead, up, [client, up] { up->write(client->readAll()); });
                QObject::connect(up, &QTcpSocket::readyRead, client, [this, client, up] {
                    QByteArray data = up->readAll();
                    if (back_ + data.size() >= cut_after_) {
                        client->write(data.left(cut_after_ - back_));
                        client->flush();
                        back_ = cut_after_;
                        cut_ = true;
                        up->abort();
                        client->abort();
                        client->deleteLater();
                        return;
                    }
                    back_ += data.size();
                    client->write(data);
                });
                QObject::connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
            }
        });
    }

    QThread thread_;
    std::unique_ptr<QTcpServer> server_;
    quint16 upstream_;
    qint64 cut_after_;
    std::atomic<quint16> port_{0};
    std::atomic<qint64> back_{0};
    std::atomic<bool> cut_{false};
};

}  // namespace rotaplan::testing
