// One planner's connection to rotaplan-server: blocking HTTP calls for the
// sync engine's own thread (never the GUI thread).
//
// Each call runs a local event loop until the answer, a timeout or abort().
// "Not reached" (refused connection, DNS, TLS, timeout, abort) is told apart
// from an HTTP answer, because the two mean different things to a planner:
// offline (keep working, retry later) versus a server that said no.
#pragma once

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QUrl>

#include <atomic>
#include <memory>

class QNetworkAccessManager;
class QNetworkReply;

namespace rotaplan::sync {

struct HttpResult {
    bool reached = false;  // an HTTP answer came back
    int status = 0;
    QByteArray body;
    QString error;         // when !reached: why
    bool interrupted = false;  // ended by interrupt(): nothing wrong
};

class ServerChannel : public QObject {
    Q_OBJECT
public:
    // base: e.g. http://127.0.0.1:8080 ; token: the planner's bearer token
    ServerChannel(QUrl base, QByteArray token, QObject* parent = nullptr);
    ~ServerChannel() override;

    // interruptible: a long-poll, which interrupt() ends early.
    HttpResult get(const QString& path_and_query, int timeout_ms, bool interruptible = false);
    HttpResult post(const QString& path, const QByteArray& body, int timeout_ms);
    // From any thread: an interruptible call in flight (or the next one) ends
    // now as "not reached"; used to push a planner's new change at once
    // instead of waiting for a long-poll to return.
    void interrupt();
    QUrl base() const { return base_; }

private:
    HttpResult wait(QNetworkReply* reply, int timeout_ms, bool interruptible);

    QUrl base_;
    QByteArray token_;
    std::unique_ptr<QNetworkAccessManager> network_;  // created in the calling thread
    QPointer<QNetworkReply> waiting_;  // the interruptible call in flight
    std::atomic<bool> interrupted_{false};
    bool fired_ = false;  // the call in flight was ended by interrupt()
};

}  // namespace rotaplan::sync
