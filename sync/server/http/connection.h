// One client's connection to rotaplan-server, HTTP/1.1 over TCP or TLS: the
// server's boundary, where nothing is taken in before it is judged.
//
//   accept ──(TLS handshake)── head ──admit──> body ──serve──> waiting ──> writing ──┐
//     ^        └────────── head deadline ─────────┘  └ body deadline ┘   (no reading) └ write stall
//     └────────────── idle deadline <── keep-alive: the next request ──────────────────┘
//   refused (admit's answer, a bad head, a deadline) -> answer, then lingering close
//
// Bounded by construction:
//   * the head: at most max_head_bytes are ever buffered (431 past them), and
//     the whole head, TLS handshake included, must arrive within head_timeout
//     of the connection's start or of its first byte: a client trickling a
//     byte at a time is cut off by that deadline, not kept alive by each byte;
//   * the body is read only after the service admitted the head (token,
//     path, Content-Length at most max_body), and must arrive within body_timeout;
//   * between requests a connection may idle idle_timeout, and an answer the
//     client does not read may stall as long;
//   * while a request is served nothing more is read (a pipelined request
//     waits in the kernel), so answers go out in order.
//
// A refused connection is closed "lingering": the answer written, our side
// shut for writing, and what the client still sends discarded for up to two
// seconds, so that it reads the answer instead of a reset.
#pragma once

#include <QObject>
#include <QTcpSocket>
#include <QTimer>

#include <chrono>
#include <cstdint>

#include "exchange.h"

namespace rotaplan::sync {
class Metrics;
}

namespace rotaplan::sync::http {

struct ConnectionLimits {
    HeadLimits head;
    std::uint64_t max_body = std::uint64_t(64) << 20;
    int max_connections = 1024;
    int max_per_address = 128;
    std::chrono::milliseconds head_timeout{10000};
    std::chrono::milliseconds idle_timeout{30000};
    std::chrono::milliseconds body_timeout{120000};
};

class Connection : public QObject {
    Q_OBJECT
public:
    // Takes `socket` (connected; a QSslSocket not yet encrypted when `tls`).
    Connection(QTcpSocket* socket, bool tls, Handler& handler, const ConnectionLimits& limits, Metrics& metrics,
               QObject* parent);
    ~Connection() override;

    QHostAddress peer() const { return peer_; }
    // Hands what was written to the kernel now (a stopping server has no next turn).
    void flush();

signals:
    // The connection is over (the client hung up, or we closed it); it is deleted later.
    void closed();

private:
    friend class Responder;
    enum class State { Head, Body, Serving, Writing, Lingering, Closed };
    enum class Deadline { None, Idle, Head, Body, Write, Linger };

    void read();
    void read_head();
    void read_body();
    void admitted();
    void serve();
    void answer(const Answer& answer, bool close);  // from Responder::send, or ours
    void refuse(int status, const std::string& error);
    void on_written();
    void next_request();
    void linger();
    void timed_out();
    void close_now();
    void arm(Deadline deadline, std::chrono::milliseconds after);
    bool encrypted_if_tls() const;

    QTcpSocket* socket_;
    bool tls_;
    Handler& handler_;
    const ConnectionLimits& limits_;
    Metrics& metrics_;
    QHostAddress peer_;

    State state_ = State::Head;
    QByteArray buffer_;          // read, not yet taken: the head, and whatever followed it
    std::size_t searched_ = 0;   // how much of buffer_ find_head_end has looked through
    bool line_seen_ = false;     // the request line is complete (and was judged)
    bool keep_alive_ = true;     // the client lets this connection carry another request
    RequestHead head_;
    QByteArray body_;
    bool close_after_ = false;   // the answer being written is the last one
    QTimer timer_;
    Deadline deadline_ = Deadline::None;
};

}  // namespace rotaplan::sync::http
