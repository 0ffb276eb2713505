#include "server_channel.h"

#include "sync/protocol/wire.h"

#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

namespace rotaplan::sync {

ServerChannel::ServerChannel(QUrl base, QByteArray token, QObject* parent)
    : QObject(parent), base_(std::move(base)), token_(std::move(token)) {}

ServerChannel::~ServerChannel() = default;

HttpResult ServerChannel::get(const QString& path_and_query, int timeout_ms, bool interruptible) {
    if (!network_) network_ = std::make_unique<QNetworkAccessManager>();
    QNetworkRequest request(base_.resolved(QUrl(path_and_query)));
    request.setRawHeader("Authorization", "Bearer " + token_);
    request.setRawHeader(kProtocolField, QByteArray::number(kProtocolVersion));
    return wait(network_->get(request), timeout_ms, interruptible);
}

HttpResult ServerChannel::post(const QString& path, const QByteArray& body, int timeout_ms) {
    if (!network_) network_ = std::make_unique<QNetworkAccessManager>();
    QNetworkRequest request(base_.resolved(QUrl(path)));
    request.setRawHeader("Authorization", "Bearer " + token_);
    request.setRawHeader(kProtocolField, QByteArray::number(kProtocolVersion));
    request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
    return wait(network_->post(request, body), timeout_ms, false);
}

void ServerChannel::interrupt() {
    interrupted_ = true;
    // The reply lives in the channel's thread: abort it there.
    QMetaObject::invokeMethod(
        this,
        [this] {
            if (waiting_) {
                fired_ = true;
                waiting_->abort();
            }
        },
        Qt::QueuedConnection);
}

HttpResult ServerChannel::wait(QNetworkReply* reply, int timeout_ms, bool interruptible) {
    if (interruptible) {
        waiting_ = reply;
        fired_ = interrupted_.exchange(false);
        if (fired_) reply->abort();
    }
    QEventLoop loop;
    QTimer timer;
    timer.setSingleShot(true);
    bool timed_out = false;
    connect(&timer, &QTimer::timeout, &loop, [&] {
        timed_out = true;
        reply->abort();
    });
    connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    timer.start(timeout_ms);
    if (!reply->isFinished()) loop.exec();
    timer.stop();
    if (interruptible) {
        waiting_ = nullptr;
        interrupted_ = false;
    }

    HttpResult r;
    QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    // Errors below 200 are the network's (refused, closed, timeout, aborted,
    // TLS, proxy): an answer cut in the middle is no answer.
    bool network_failed = reply->error() != QNetworkReply::NoError && int(reply->error()) < 200;
    if (status.isValid() && !timed_out && !network_failed) {
        r.reached = true;
        r.status = status.toInt();
        r.body = reply->readAll();
    } else {
        r.interrupted = interruptible && fired_;
        r.error = timed_out ? QStringLiteral("no answer within %1 s").arg(timeout_ms / 1000.0) : reply->errorString();
        // The likeliest cause on a first try: https:// for a server that serves plain HTTP.
        if (!timed_out && reply->error() == QNetworkReply::SslHandshakeFailedError)
            r.error += QStringLiteral(" (a rotaplan-server started without --tls-cert serves http://%1:%2)")
                           .arg(base_.host())
                           .arg(base_.port(443));
    }
    reply->deleteLater();
    return r;
}

}  // namespace rotaplan::sync
