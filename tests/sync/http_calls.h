// Plain HTTP calls for the sync tests, over QNetworkAccessManager: no proxy
// (a test talks to 127.0.0.1 whatever the environment says), HTTP/1.1,
// self-signed test certificates accepted.
//
//   HttpCalls http;
//   auto r = http.get(server.url("/v1/session"), kAnnaToken);      blocking, with a timeout
//   QNetworkReply* later = http.send("GET", url, token);            not blocking
//   ... QTRY_VERIFY(later->isFinished()); auto r2 = HttpCalls::result(later);
#pragma once

#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QTimer>

#include <nlohmann/json.hpp>

namespace rotaplan::testing {

struct HttpResult {
    int status = 0;  // 0: no HTTP answer at all (see error)
    QByteArray body;
    QString error;
    nlohmann::json json() const {
        auto j = nlohmann::json::parse(body.toStdString(), nullptr, false);
        return j.is_discarded() ? nlohmann::json() : j;
    }
    std::string text() const { return body.toStdString(); }
};

// One sample of a /metrics answer (Prometheus text), -1 when absent.
inline double metric(const QByteArray& text, const QString& name) {
    for (const QByteArray& line : text.split('\n')) {
        if (line.startsWith('#')) continue;
        int space = line.lastIndexOf(' ');
        if (space > 0 && QString::fromUtf8(line.left(space)) == name) return line.mid(space + 1).toDouble();
    }
    return -1;
}

class HttpCalls {
public:
    HttpCalls() { nam_.setProxy(QNetworkProxy::NoProxy); }

    // The Rotaplan-Protocol field sent from now on (0: none, as protocol-1 clients send).
    int protocol = 0;

    QNetworkReply* send(const QByteArray& method, const QUrl& url, const char* token = nullptr,
                        const QByteArray& body = {}) {
        QNetworkRequest request(url);
        request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
        if (token) request.setRawHeader("Authorization", QByteArray("Bearer ") + token);
        if (!body.isNull()) request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        if (protocol) request.setRawHeader("Rotaplan-Protocol", QByteArray::number(protocol));
        QNetworkReply* reply = nam_.sendCustomRequest(request, method, body);
        QObject::connect(reply, &QNetworkReply::sslErrors, reply, [reply] { reply->ignoreSslErrors(); });
        return reply;
    }

    // Waits for `reply` (at most timeout_ms) and takes it.
    static HttpResult wait(QNetworkReply* reply, int timeout_ms = 20000) {
        if (!reply->isFinished()) {
            QEventLoop loop;
            QTimer timer;
            timer.setSingleShot(true);
            QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
            QObject::connect(&timer, &QTimer::timeout, &loop, &QEventLoop::quit);
            timer.start(timeout_ms);
            loop.exec();
        }
        if (!reply->isFinished()) {
            reply->abort();
            reply->deleteLater();
            return {0, {}, "no answer within the time limit"};
        }
        return result(reply);
    }

    static HttpResult result(QNetworkReply* reply) {
        HttpResult r;
        r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        r.body = reply->readAll();
        if (r.status == 0) r.error = reply->errorString();
        reply->deleteLater();
        return r;
    }

    HttpResult get(const QUrl& url, const char* token = nullptr) { return wait(send("GET", url, token)); }
    HttpResult post(const QUrl& url, const QByteArray& body, const char* token = nullptr) {
        return wait(send("POST", url, token, body));
    }

private:
    QNetworkAccessManager nam_;
};

}  // namespace rotaplan::testing
