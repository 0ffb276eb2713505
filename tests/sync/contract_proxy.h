// An HTTP proxy on 127.0.0.1 in front of the real rotaplan-server, for what
// the server of this build never does but a client must survive:
//
//   client --> ContractProxy (own thread) --> rotaplan-server
//                 |-- on_push(rule):  answers a POST /v1/events itself, with a
//                 |                   documented refusal (400/403/409 bodies of
//                 |                   docs/sync-protocol.md) or an older server's
//                 `-- on_pull(edit):  rewrites a GET /v1/events answer, as an
//                                     older or newer server might have let an
//                                     event through
//
// Everything else passes unchanged. Requests are read whole (Content-Length),
// forwarded one connection each, answered with Content-Length; the client's
// connection is kept alive. It runs on its own thread because the tests wait
// for rotaplan-cli synchronously.
#pragma once

#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>

namespace rotaplan::testing {

struct ProxyAnswer {
    int status = 200;
    QByteArray body;
};

class ContractProxy : public QObject {
public:
    // A push's body -> an answer given in the server's place, or nullopt to pass it on.
    using PushRule = std::function<std::optional<ProxyAnswer>(const QByteArray& body)>;
    // A pull answer's body -> the body the client gets.
    using PullEdit = std::function<QByteArray(const QByteArray& body)>;

    explicit ContractProxy(quint16 upstream) : upstream_(upstream) {
        moveToThread(&thread_);
        thread_.start();
        QMetaObject::invokeMethod(this, [this] { listen(); }, Qt::BlockingQueuedConnection);
    }
    ~ContractProxy() override {
        QMetaObject::invokeMethod(this, [this] { server_.reset(); }, Qt::BlockingQueuedConnection);
        thread_.quit();
        thread_.wait();
    }
    quint16 port() const { return port_; }
    QString url() const { return QString("http://127.0.0.1:%1").arg(port_); }
    void on_push(PushRule rule) {
        std::lock_guard lock(mutex_);
        push_ = std::move(rule);
    }
    void on_pull(PullEdit edit) {
        std::lock_guard lock(mutex_);
        pull_ = std::move(edit);
    }
    int answered() const { return answered_; }  // pushes answered in the server's place

private:
    struct Request {
        QByteArray head, body, method, path;
    };

    void listen() {
        server_ = std::make_unique<QTcpServer>();
        server_->listen(QHostAddress::LocalHost, 0);
        port_ = server_->serverPort();
        connect(server_.get(), &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* client = server_->nextPendingConnection()) {
                auto buffer = std::make_shared<QByteArray>();
                auto busy = std::make_shared<bool>(false);
                connect(client, &QTcpSocket::readyRead, this, [this, client, buffer, busy] {
                    *buffer += client->readAll();
                    serve(client, buffer, busy);
                });
                connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
            }
        });
    }

    // Complete requests in `buffer` are served one after the other.
    void serve(QTcpSocket* client, std::shared_ptr<QByteArray> buffer, std::shared_ptr<bool> busy) {
        if (*busy) return;
        auto request = take_request(*buffer);
        if (!request) return;
        if (request->method == "POST" && request->path.startsWith("/v1/events")) {
            std::optional<ProxyAnswer> answer;
            {
                std::lock_guard lock(mutex_);
                if (push_) answer = push_(request->body);
            }
            if (answer) {
                ++answered_;
                client->write(response(answer->status, answer->body));
                return serve(client, buffer, busy);
            }
        }
        *busy = true;
        bool pull = request->method == "GET" && request->path.startsWith("/v1/events");
        auto* up = new QTcpSocket(this);
        auto got = std::make_shared<QByteArray>();
        auto done = [this, client = QPointer<QTcpSocket>(client), up, got, buffer, busy, pull] {
            auto parsed = split_response(*got);
            if (!parsed) return false;
            auto [status, body] = *parsed;
            if (pull) {
                std::lock_guard lock(mutex_);
                if (pull_) body = pull_(body);
            }
            up->disconnect();
            up->deleteLater();
            *busy = false;
            if (client) {
                client->write(response(status, body));
                serve(client, buffer, busy);
            }
            return true;
        };
        connect(up, &QTcpSocket::connected, this, [up, raw = request->head + request->body] { up->write(raw); });
        connect(up, &QTcpSocket::readyRead, this, [up, got, done] {
            *got += up->readAll();
            done();
        });
        connect(up, &QTcpSocket::disconnected, this, [client = QPointer<QTcpSocket>(client), up, busy, done] {
            if (!done()) {  // the server went away mid-answer: so does the line
                up->deleteLater();
                *busy = false;
                if (client) client->abort();
            }
        });
        up->connectToHost(QHostAddress::LocalHost, upstream_);
    }

    static std::optional<Request> take_request(QByteArray& buffer) {
        int end = buffer.indexOf("\r\n\r\n");
        if (end < 0) return std::nullopt;
        Request r;
        r.head = buffer.left(end + 4);
        qsizetype length = content_length(r.head);
        if (buffer.size() < end + 4 + length) return std::nullopt;
        r.body = buffer.mid(end + 4, length);
        buffer.remove(0, end + 4 + length);
        auto line = r.head.left(r.head.indexOf("\r\n")).split(' ');
        if (line.size() >= 2) {
            r.method = line[0];
            r.path = line[1];
        }
        return r;
    }

    // (status, body) once the whole answer is in.
    static std::optional<std::pair<int, QByteArray>> split_response(const QByteArray& raw) {
        int end = raw.indexOf("\r\n\r\n");
        if (end < 0) return std::nullopt;
        QByteArray head = raw.left(end + 4);
        qsizetype length = content_length(head);
        if (raw.size() < end + 4 + length) return std::nullopt;
        auto line = head.left(head.indexOf("\r\n")).split(' ');
        return std::pair{line.size() >= 2 ? line[1].toInt() : 0, raw.mid(end + 4, length)};
    }

    static qsizetype content_length(const QByteArray& head) {
        for (const QByteArray& line : head.split('\n')) {
            auto l = line.trimmed();
            if (l.toLower().startsWith("content-length:")) return l.mid(15).trimmed().toLongLong();
        }
        return 0;
    }

    static QByteArray response(int status, const QByteArray& body) {
        return "HTTP/1.1 " + QByteArray::number(status) + " X\r\nContent-Type: application/json\r\nContent-Length: " +
               QByteArray::number(body.size()) + "\r\n\r\n" + body;
    }

    quint16 upstream_;
    quint16 port_ = 0;
    QThread thread_;
    std::unique_ptr<QTcpServer> server_;
    std::mutex mutex_;
    PushRule push_;
    PullEdit pull_;
    std::atomic<int> answered_{0};
};

}  // namespace rotaplan::testing
