// A real rotaplan-server for tests: 127.0.0.1, any free port, a temporary DIR.
//
//   ServerProcess server;                          two planners: anna (kAnnaToken), marc (kMarcToken)
//   QVERIFY2(server.start(), qPrintable(server.error()));   waits for "listening on HOST:PORT"
//   server.url("/v1/events?after=0")
//   server.kill();  server.start();                SIGKILL, then the same DIR and tokens again
//
// Options add arguments (--kafka BROKERS --topic T, --max-body N, --tls-*),
// other tokens, or a DIR shared with another ServerProcess. Needs
// ROTAPLAN_SERVER (the binary's path) defined by the test's CMake target.
#pragma once

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSslSocket>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QUrl>
#include <QtTest>

#include <csignal>

namespace rotaplan::testing {

inline constexpr const char* kAnnaToken = "anna-token-0123456789abcdef";
inline constexpr const char* kMarcToken = "marc-token-0123456789abcdef";

struct ServerProcessOptions {
    QStringList extra_args;
    QString tokens = QString("# test tokens\n%1 anna Anna Lindqvist\n%2 marc Marc Dubois\n").arg(kAnnaToken, kMarcToken);
    QString data_dir;          // empty: a fresh temporary folder
    QString scheme = "http";   // "https" with --tls-cert/--tls-key in extra_args
};

class ServerProcess {
public:
    explicit ServerProcess(ServerProcessOptions options = {}) : options_(std::move(options)) {
        tokens_file_ = temp_.filePath("tokens");
        QFile f(tokens_file_);
        if (f.open(QIODevice::WriteOnly)) f.write(options_.tokens.toUtf8());
        data_dir_ = options_.data_dir.isEmpty() ? temp_.filePath("data") : options_.data_dir;
    }
    ~ServerProcess() { kill(); }
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    QStringList arguments() const {
        return QStringList{"--listen", "127.0.0.1:0", "--data", data_dir_, "--tokens", tokens_file_} + options_.extra_args;
    }

    // Starts the server and waits for its "listening on" line; false (see error()) if it did not come.
    bool start(int timeout_ms = 20000) {
        kill();
        error_.clear();
        stdout_.clear();
        port_ = 0;
        process_ = std::make_unique<QProcess>();
        process_->start(ROTAPLAN_SERVER, arguments());
        if (!process_->waitForStarted(timeout_ms)) return failed("did not start: " + process_->errorString());
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < timeout_ms) {
            stdout_ += process_->readAllStandardOutput();
            int end = stdout_.indexOf('\n');
            if (end >= 0) {
                QString line = QString::fromUtf8(stdout_.left(end));
                static const QRegularExpression re("^listening on 127\\.0\\.0\\.1:(\\d+)$");
                auto m = re.match(line);
                if (!m.hasMatch()) return failed("unexpected first line: " + line);
                port_ = quint16(m.captured(1).toUInt());
                return port_ != 0 || failed("port 0 in " + line);
            }
            if (process_->state() == QProcess::NotRunning) return failed("exited with " + QString::number(process_->exitCode()));
            process_->waitForReadyRead(100);
        }
        return failed("no \"listening on\" line");
    }

    // SIGKILL: no chance to clean up, like a power cut for everything but the disk.
    void kill() {
        if (!process_ || process_->state() == QProcess::NotRunning) return;
        process_->kill();
        process_->waitForFinished(10000);
    }

    // SIGTERM; the exit code (-1 if it crashed or did not stop within 10 s).
    int terminate() {
        if (!process_ || process_->state() == QProcess::NotRunning) return -1;
        process_->terminate();
        if (!process_->waitForFinished(10000)) return -1;
        return process_->exitStatus() == QProcess::NormalExit ? process_->exitCode() : -1;
    }

    QUrl url(const QString& path_and_query) const {
        return QUrl(QString("%1://127.0.0.1:%2%3").arg(options_.scheme).arg(port_).arg(path_and_query));
    }
    quint16 port() const { return port_; }
    QString data_dir() const { return data_dir_; }
    QString tokens_file() const { return tokens_file_; }
    QString error() const { return error_; }
    QString stderr_text() const { return process_ ? QString::fromUtf8(process_->readAllStandardError()) : QString(); }
    QProcess* process() { return process_.get(); }

private:
    bool failed(const QString& why) {
        error_ = "rotaplan-server " + why + "\nstderr: " + stderr_text();
        return false;
    }

    ServerProcessOptions options_;
    QTemporaryDir temp_;
    QString tokens_file_, data_dir_;
    std::unique_ptr<QProcess> process_;
    QByteArray stdout_;
    quint16 port_ = 0;
    QString error_;
};

// Runs rotaplan-server to its end (for arguments it must refuse).
struct ServerExit {
    int code = -1;
    QString err;
};

inline ServerExit run_server_to_end(const QStringList& args, int timeout_ms = 20000) {
    QProcess p;
    p.start(ROTAPLAN_SERVER, args);
    if (!p.waitForFinished(timeout_ms)) {
        p.kill();
        p.waitForFinished();
        return {-1, "did not exit"};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardError())};
}

// A self-signed certificate and its key for 127.0.0.1 in `dir` (cert.pem,
// key.pem), made with the openssl command; false (and why) when it cannot be.
inline bool make_test_certificate(const QTemporaryDir& dir, QString& cert, QString& key, QString& why) {
    QString openssl = QStandardPaths::findExecutable("openssl");
    if (openssl.isEmpty()) {
        why = "no openssl command to make a test certificate";
        return false;
    }
    cert = dir.filePath("cert.pem");
    key = dir.filePath("key.pem");
    QProcess gen;
    gen.start(openssl, {"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2",
                        "-subj", "/CN=127.0.0.1"});
    if (!gen.waitForFinished(60000) || gen.exitCode() != 0) {
        why = "openssl failed: " + QString::fromUtf8(gen.readAllStandardError());
        return false;
    }
    return true;
}

}  // namespace rotaplan::testing

// In a test function: a certificate and key in `dir` for a TLS test, or the
// test skipped (no TLS in this Qt, no openssl command) or failed (openssl failed).
#define ROTAPLAN_TEST_CERTIFICATE(dir, cert, key)                                                  \
    do {                                                                                           \
        if (!QSslSocket::supportsSsl()) QSKIP("this Qt has no TLS backend");                       \
        QString why_;                                                                              \
        if (!rotaplan::testing::make_test_certificate(dir, cert, key, why_)) {                     \
            if (QStandardPaths::findExecutable("openssl").isEmpty()) QSKIP(qPrintable(why_));      \
            QFAIL(qPrintable(why_));                                                               \
        }                                                                                          \
    } while (false)
