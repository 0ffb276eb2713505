#include "connection.h"

#include <QSslSocket>

#include <sys/socket.h>

#include <algorithm>
#include <string>

#include <nlohmann/json.hpp>

#include "sync/server/metrics.h"

namespace rotaplan::sync::http {

namespace {

using namespace std::chrono_literals;

constexpr auto kLinger = 2000ms;
constexpr qint64 kReadBuffer = 64 << 10;  // what the socket takes from the kernel ahead of us

const char* reason_phrase(int status) {
    switch (status) {
        case 100: return "Continue";
        case 200: return "OK";
        case 400: return "Bad Request";
        case 401: return "Unauthorized";
        case 403: return "Forbidden";
        case 404: return "Not Found";
        case 405: return "Method Not Allowed";
        case 408: return "Request Timeout";
        case 409: return "Conflict";
        case 411: return "Length Required";
        case 413: return "Content Too Large";
        case 417: return "Expectation Failed";
        case 431: return "Request Header Fields Too Large";
        case 500: return "Internal Server Error";
        case 501: return "Not Implemented";
        case 503: return "Service Unavailable";
        case 505: return "HTTP Version Not Supported";
    }
    return "Status";
}

QByteArray error_json(const std::string& error) {
    auto text = nlohmann::json{{"error", error}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return QByteArray(text.data(), qsizetype(text.size()));
}

std::string seconds(std::chrono::milliseconds ms) {
    auto s = std::to_string(double(ms.count()) / 1000.0);
    s.erase(s.find_last_not_of('0') + 1);
    if (s.back() == '.') s.pop_back();
    return s;
}

std::string_view view(const QByteArray& b) { return {b.constData(), std::size_t(b.size())}; }

// While a head comes, or a request is served: no more than a head's worth ahead of us.
qint64 head_read_buffer(const ConnectionLimits& limits) {
    return std::max<qint64>(kReadBuffer, qint64(limits.head.max_head_bytes));
}

}  // namespace

Responder::Responder(Connection* connection) : connection_(connection) {}

bool Responder::alive() const { return !sent_ && connection_ && connection_->state_ == Connection::State::Serving; }

bool Responder::send(const Answer& answer) {
    if (!alive()) return false;
    sent_ = true;
    connection_->answer(answer, false);
    return true;
}

Connection::Connection(QTcpSocket* socket, bool tls, Handler& handler, const ConnectionLimits& limits,
                       Metrics& metrics, QObject* parent)
    : QObject(parent),
      socket_(socket),
      tls_(tls),
      handler_(handler),
      limits_(limits),
      metrics_(metrics),
      peer_(socket->peerAddress()) {
    socket_->setParent(this);
    // Answers are written whole: nothing is gained by holding back their last segment (Nagle).
    socket_->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    socket_->setReadBufferSize(head_read_buffer(limits_));
    timer_.setSingleShot(true);
    timer_.setTimerType(Qt::CoarseTimer);
    connect(&timer_, &QTimer::timeout, this, [this] { timed_out(); });
    connect(socket_, &QIODevice::readyRead, this, [this] { read(); });
    connect(socket_, &QIODevice::bytesWritten, this, [this] { on_written(); });
    connect(socket_, &QAbstractSocket::disconnected, this, [this] { close_now(); });
    connect(socket_, &QAbstractSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) { close_now(); });
    // The whole head, TLS handshake included, within head_timeout of the connection's start.
    arm(Deadline::Head, limits_.head_timeout);
    if (tls_) {
        auto* ssl = static_cast<QSslSocket*>(socket_);
        connect(ssl, &QSslSocket::encryptedBytesWritten, this, [this] { on_written(); });
        connect(ssl, &QSslSocket::encrypted, this, [this] { read(); });
        ssl->startServerEncryption();
    }
}

Connection::~Connection() { QObject::disconnect(socket_, nullptr, this, nullptr); }

void Connection::flush() {
    if (state_ != State::Closed) socket_->flush();
}

bool Connection::encrypted_if_tls() const { return !tls_ || static_cast<QSslSocket*>(socket_)->isEncrypted(); }

void Connection::arm(Deadline deadline, std::chrono::milliseconds after) {
    deadline_ = deadline;
    if (deadline == Deadline::None) timer_.stop();
    else timer_.start(after);
}

void Connection::read() {
    switch (state_) {
        case State::Head: return read_head();
        case State::Body: return read_body();
        case State::Lingering: socket_->skip(socket_->bytesAvailable()); return;
        case State::Serving:  // the next request waits in the kernel until this one is answered
        case State::Writing:
        case State::Closed: return;
    }
}

void Connection::read_head() {
    if (!encrypted_if_tls()) return;
    const auto max = qsizetype(limits_.head.max_head_bytes);
    // One byte past the limit tells a head that is too long from one that just fits.
    if (buffer_.size() <= max && socket_->bytesAvailable() > 0) buffer_ += socket_->read(max + 1 - buffer_.size());
    if (buffer_.isEmpty()) return;
    // The first byte of a request on a kept-alive connection: from now on the head has its deadline.
    if (deadline_ == Deadline::Idle) arm(Deadline::Head, limits_.head_timeout);

    const std::size_t end = find_head_end(view(buffer_), searched_);
    const bool line_now = !line_seen_ && view(buffer_).find('\n', searched_) != std::string_view::npos;
    line_seen_ = line_seen_ || line_now;
    searched_ = buffer_.size() >= 3 ? std::size_t(buffer_.size() - 3) : 0;
    // Parsed when it ended, when it cannot end within the limit, or when its request line is complete (to refuse garbage early).
    if (end == std::string_view::npos && buffer_.size() < max && !line_now) return;

    HeadParse p = parse_request_head(view(buffer_), limits_.head);
    if (p.state == HeadParse::State::Incomplete) return;
    if (p.state == HeadParse::State::Refused) return refuse(p.status, p.error);
    head_ = std::move(p.head);
    buffer_.remove(0, qsizetype(p.size));
    searched_ = 0;
    line_seen_ = false;
    admitted();
}

void Connection::admitted() {
    keep_alive_ = head_.keep_alive;
    if (auto early = handler_.admit(head_)) return answer(*early, true);
    const std::uint64_t length = head_.content_length.value_or(0);
    if (length > limits_.max_body)  // the service's admit() judges this per path; never buffer more than the limit
        return refuse(413, "the body has " + std::to_string(length) + " bytes, more than this server takes");
    body_.clear();
    body_.reserve(qsizetype(length));
    // What was read with the head belongs to the body, and what is past the body to the next request.
    const auto from_buffer = std::min<qsizetype>(buffer_.size(), qsizetype(length));
    body_.append(buffer_.constData(), from_buffer);
    buffer_.remove(0, from_buffer);
    if (std::uint64_t(body_.size()) == length) return serve();
    if (head_.expects_continue && body_.isEmpty()) socket_->write("HTTP/1.1 100 Continue\r\n\r\n");
    state_ = State::Body;
    arm(Deadline::Body, limits_.body_timeout);
    // An admitted body may come as fast as the client sends it: a socket buffer
    // smaller than the body made a 16 MB push wait on the event loop between reads
    // (a season push 10 % slower). Its size is the admitted length, at most --max-body.
    socket_->setReadBufferSize(std::max<qint64>(kReadBuffer, qint64(length)));
    read_body();
}

void Connection::read_body() {
    const auto wanted = qint64(head_.content_length.value_or(0)) - body_.size();
    const auto n = std::min(wanted, socket_->bytesAvailable());
    if (n > 0) {
        const auto have = body_.size();
        body_.resize(have + n);
        const auto got = socket_->read(body_.data() + have, n);
        body_.resize(have + std::max<qint64>(got, 0));
    }
    if (body_.size() == qint64(head_.content_length.value_or(0))) serve();
}

void Connection::serve() {
    state_ = State::Serving;
    socket_->setReadBufferSize(head_read_buffer(limits_));
    arm(Deadline::None, {});
    handler_.serve(Request{std::move(head_), std::move(body_), peer_}, std::make_shared<Responder>(this));
}

void Connection::answer(const Answer& a, bool close) {
    if (state_ == State::Closed || state_ == State::Lingering || state_ == State::Writing) return;
    if (a.status >= 400) metrics_.refused(a.status);
    close_after_ = close || !keep_alive_;
    QByteArray head;
    head += "HTTP/1.1 " + QByteArray::number(a.status) + ' ' + reason_phrase(a.status) + "\r\n";
    head += "Content-Type: " + a.content_type + "\r\n";
    head += "Content-Length: " + QByteArray::number(a.body.size()) + "\r\n";
    for (const auto& [name, value] : a.fields) head += name + ": " + value + "\r\n";
    head += close_after_ ? "Connection: close\r\n\r\n" : "\r\n";
    state_ = State::Writing;
    arm(Deadline::Write, limits_.idle_timeout);
    // A small answer goes out in one piece; a large one's body apart, so that
    // a pull answer's tens of megabytes are not copied into one more buffer.
    if (a.body.size() < kReadBuffer) {
        socket_->write(head + a.body);
    } else {
        socket_->write(head);
        socket_->write(a.body);
    }
    socket_->flush();  // now, not at the next turn: a stopping server may not have one
    // Whether all of it left is known outside this call: called from within
    // a TLS socket's readyRead, the answer may not be encrypted yet.
    QMetaObject::invokeMethod(this, [this] { on_written(); }, Qt::QueuedConnection);
}

void Connection::refuse(int status, const std::string& error) {
    if (!encrypted_if_tls()) return close_now();  // no TLS yet: nothing can be said
    answer(Answer{status, error_json(error), "application/json", {}}, true);
}

void Connection::on_written() {
    if (state_ != State::Writing) return;
    const bool pending = socket_->bytesToWrite() > 0 || (tls_ && static_cast<QSslSocket*>(socket_)->encryptedBytesToWrite() > 0);
    if (pending) {
        arm(Deadline::Write, limits_.idle_timeout);  // progress: the client reads
        return;
    }
    if (close_after_) linger();
    else next_request();
}

void Connection::next_request() {
    state_ = State::Head;
    head_ = {};
    body_ = {};
    if (buffer_.isEmpty()) arm(Deadline::Idle, limits_.idle_timeout);
    else arm(Deadline::Head, limits_.head_timeout);
    // A request that came pipelined is in buffer_ or the socket already, with no readyRead to come for it.
    QMetaObject::invokeMethod(this, [this] { read(); }, Qt::QueuedConnection);
}

void Connection::linger() {
    state_ = State::Lingering;
    buffer_.clear();
    socket_->flush();
    ::shutdown(int(socket_->socketDescriptor()), SHUT_WR);
    arm(Deadline::Linger, kLinger);
    read();
}

void Connection::timed_out() {
    switch (deadline_) {
        case Deadline::None: return;
        case Deadline::Idle:
            metrics_.connection_timed_out("idle");
            return close_now();
        case Deadline::Head:
            metrics_.connection_timed_out("head");
            // A client that said nothing at all is not told anything either.
            if (buffer_.isEmpty()) return close_now();
            return refuse(408, "the request head did not arrive within " + seconds(limits_.head_timeout) + " s");
        case Deadline::Body:
            metrics_.connection_timed_out("body");
            return refuse(408, "the request body did not arrive within " + seconds(limits_.body_timeout) + " s");
        case Deadline::Write:
            metrics_.connection_timed_out("write");
            return close_now();
        case Deadline::Linger: return close_now();
    }
}

void Connection::close_now() {
    if (state_ == State::Closed) return;
    state_ = State::Closed;
    arm(Deadline::None, {});
    QObject::disconnect(socket_, nullptr, this, nullptr);
    socket_->abort();
    emit closed();
    deleteLater();
}

}  // namespace rotaplan::sync::http
