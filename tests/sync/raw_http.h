// Raw HTTP for the sync tests that must say what no well-behaved client says:
// heads that never end, bodies never sent, bytes trickled one at a time,
// requests pipelined or smuggled. Blocking Qt sockets on the test's thread.
//
//   RawClient c;
//   QVERIFY(c.connect(server.port()));                  plain; connect_tls() for TLS, bind() for another 127.x address
//   c.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
//   QByteArray answer = c.read_until_closed(5000);      everything the server sent until it closed (or the time ran out)
//   QCOMPARE(status_of(answer), 200);
#pragma once

#include <QElapsedTimer>
#include <QFile>
#include <QSslSocket>
#include <QTcpSocket>

#include <memory>

namespace rotaplan::testing {

class RawClient {
public:
    // `from`: the local address to connect from (127.0.0.2 is another client to the server).
    bool connect(quint16 port, const QHostAddress& from = {}) {
        socket_ = std::make_unique<QTcpSocket>();
        if (!from.isNull() && !socket_->bind(from)) return false;
        socket_->connectToHost(QHostAddress::LocalHost, port);
        return socket_->waitForConnected(5000);
    }
    bool connect_tls(quint16 port) {
        auto ssl = std::make_unique<QSslSocket>();
        ssl->setPeerVerifyMode(QSslSocket::VerifyNone);
        ssl->connectToHostEncrypted("127.0.0.1", port);
        bool ok = ssl->waitForEncrypted(10000);
        socket_ = std::move(ssl);
        return ok;
    }

    bool send(const QByteArray& bytes) {
        if (!connected()) return false;
        socket_->write(bytes);
        while (socket_->bytesToWrite() > 0)
            if (!socket_->waitForBytesWritten(2000)) return false;
        return connected();
    }
    bool connected() const { return socket_ && socket_->state() == QAbstractSocket::ConnectedState; }
    // Whether the server sent something (or closed) within `ms`.
    bool answered_within(int ms) {
        if (socket_->bytesAvailable() > 0) return true;
        return socket_->waitForReadyRead(ms) || !connected();
    }
    QByteArray read_available() {
        received_ += socket_->readAll();
        return received_;
    }
    // Everything received until the server closed the connection, or `ms` passed.
    QByteArray read_until_closed(int ms) {
        QElapsedTimer clock;
        clock.start();
        while (connected() && clock.elapsed() < ms) {
            socket_->waitForReadyRead(int(std::max<qint64>(1, ms - clock.elapsed())));
            received_ += socket_->readAll();
        }
        received_ += socket_->readAll();
        return received_;
    }
    // Whether the server closed the connection within `ms` (what it sent is kept).
    bool closed_within(int ms) {
        read_until_closed(ms);
        return !connected();
    }
    QTcpSocket& socket() { return *socket_; }

private:
    std::unique_ptr<QTcpSocket> socket_;
    QByteArray received_;
};

// The status of the first answer in `bytes`, 0 when there is none.
inline int status_of(const QByteArray& bytes) {
    if (!bytes.startsWith("HTTP/1.1 ")) return 0;
    return bytes.mid(9, 3).toInt();
}

// How many answers `bytes` holds (status lines).
inline int answers_in(const QByteArray& bytes) { return int(bytes.count("HTTP/1.1 ")); }

// A field of /proc/PID/status in kB (VmRSS: resident now, VmHWM: the most it ever was), -1 when unknown.
inline qint64 proc_status_kb(qint64 pid, const char* field) {
    QFile f(QString("/proc/%1/status").arg(pid));
    if (!f.open(QIODevice::ReadOnly)) return -1;
    for (const QByteArray& line : f.readAll().split('\n'))
        if (line.startsWith(QByteArray(field) + ':')) return line.mid(int(qstrlen(field)) + 1).trimmed().split(' ').first().toLongLong();
    return -1;
}

}  // namespace rotaplan::testing
