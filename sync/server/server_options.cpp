#include "server_options.h"

#include <QCommandLineParser>
#include <QFile>
#include <QHostInfo>
#include <QSslCertificate>
#include <QSslKey>

namespace rotaplan::sync {

namespace {

std::string str(const QString& s) { return s.toStdString(); }

// "HOST:PORT", "[::1]:PORT"; HOST is an IP address, a host name, or `*` (every interface).
void parse_listen(const QString& value, ServerOptions& o) {
    int colon = value.lastIndexOf(':');
    if (colon < 0) throw UsageError("--listen " + str(value) + ": expected HOST:PORT, e.g. 0.0.0.0:8443");
    QString host = value.left(colon);
    bool ok = false;
    uint port = value.mid(colon + 1).toUInt(&ok);
    if (!ok || port > 65535) throw UsageError("--listen " + str(value) + ": the port must be 0 to 65535 (0: any free port)");
    QString bare = host.startsWith('[') && host.endsWith(']') ? host.mid(1, host.size() - 2) : host;
    if (bare == "localhost") o.address = QHostAddress(QHostAddress::LocalHost);
    else if (bare == "*" || bare.isEmpty()) o.address = QHostAddress(QHostAddress::Any);
    else o.address = QHostAddress(bare);
    if (o.address.isNull()) {  // a host name: one of its addresses
        auto found = QHostInfo::fromName(bare).addresses();
        if (!found.isEmpty()) o.address = found.first();
    }
    if (o.address.isNull())
        throw UsageError("--listen " + str(value) + ": " + str(bare) + " is no IP address, nor a name of this host");
    o.host = host.isEmpty() ? QStringLiteral("*") : host;
    o.port = quint16(port);
}

QByteArray read_file(const QString& path, const char* option) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        throw UsageError(std::string(option) + " " + str(path) + ": cannot read it: " + str(f.errorString()));
    return f.readAll();
}

}  // namespace

ServerOptions parse_server_options(const QStringList& arguments) {
    const http::ConnectionLimits d;  // the defaults, as --help says them
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Shares the events of every Rotaplan desktop through one shared log (docs/sync-protocol.md).");
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOptions({
        {"listen", "Address and port to serve on (port 0: any free port).", "HOST:PORT"},
        {"data", "Folder of the server's files (created if missing).", "DIR"},
        {"tokens", "Bearer tokens, one \"TOKEN PLANNER [NAME]\" per line.", "FILE"},
        {"kafka", "Keep the shared log in Kafka (bootstrap servers) instead of SQLite.", "BROKERS"},
        {"topic", "Kafka topic of the shared log (with --kafka).", "TOPIC"},
        {"tls-cert", "Serve HTTPS with this PEM certificate (and chain).", "FILE"},
        {"tls-key", "Private key (PEM) of --tls-cert.", "FILE"},
        {"max-body", QString("Largest push body taken, in bytes (default %1).").arg(d.max_body), "BYTES"},
        {"max-head", QString("Largest request head (request line and header fields) taken, in bytes (default %1); "
                             "a longer one gets 431.").arg(d.head.max_head_bytes), "BYTES"},
        {"max-connections", QString("Open connections at most, in all (default %1); more are closed as they come.")
                                .arg(d.max_connections), "N"},
        {"max-connections-per-address",
         QString("Open connections at most from one client address (default %1). Behind a reverse proxy every "
                 "client has the proxy's address: see docs/security.md.").arg(d.max_per_address), "N"},
        {"head-timeout", QString("Seconds a request head may take in all, a new connection's TLS handshake "
                                 "included (default %1).").arg(d.head_timeout.count() / 1000), "S"},
        {"idle-timeout", QString("Seconds a connection may wait between requests, and an answer for its client "
                                 "to read on (default %1).").arg(d.idle_timeout.count() / 1000), "S"},
        {"body-timeout", QString("Seconds a push body may take to arrive in all (default %1).")
                             .arg(d.body_timeout.count() / 1000), "S"},
    });
    if (!parser.parse(arguments)) throw UsageError(str(parser.errorText()));
    if (parser.isSet("help")) parser.showHelp(0);
    if (parser.isSet("version")) parser.showVersion();
    if (!parser.positionalArguments().isEmpty())
        throw UsageError("unexpected argument " + str(parser.positionalArguments().first()));

    ServerOptions o;
    for (const char* required : {"listen", "data", "tokens"})
        if (parser.value(required).isEmpty()) throw UsageError(std::string("--") + required + " is required");
    parse_listen(parser.value("listen"), o);
    o.data_dir = parser.value("data");
    o.tokens_file = parser.value("tokens");
    o.kafka_brokers = parser.value("kafka");
    o.kafka_topic = parser.value("topic");
    if (o.kafka_brokers.isEmpty() != o.kafka_topic.isEmpty()) throw UsageError("--kafka and --topic go together");
    o.tls_cert = parser.value("tls-cert");
    o.tls_key = parser.value("tls-key");
    if (o.tls_cert.isEmpty() != o.tls_key.isEmpty()) throw UsageError("--tls-cert and --tls-key go together");
    // A positive whole number from an option, at most `max`; `fallback` when the option is not given.
    auto number = [&](const char* name, qint64 fallback, qint64 max, const char* what) -> qint64 {
        if (!parser.isSet(name)) return fallback;
        bool ok = false;
        qint64 v = parser.value(name).toLongLong(&ok);
        if (!ok || v <= 0 || v > max)
            throw UsageError(std::string("--") + name + " " + str(parser.value(name)) + ": expected " + what +
                             ", 1 to " + std::to_string(max));
        return v;
    };
    auto& l = o.limits;
    l.max_body = std::uint64_t(number("max-body", qint64(l.max_body), qint64(1) << 40, "a number of bytes"));
    l.head.max_head_bytes = std::size_t(number("max-head", qint64(l.head.max_head_bytes), 1 << 20, "a number of bytes"));
    if (l.head.max_head_bytes < 256) throw UsageError("--max-head: a request head needs at least 256 bytes");
    l.max_connections = int(number("max-connections", l.max_connections, 1 << 20, "a number of connections"));
    l.max_per_address = int(number("max-connections-per-address", l.max_per_address, 1 << 20, "a number of connections"));
    auto timeout = [&](const char* name, std::chrono::milliseconds fallback) {
        auto s = number(name, fallback.count() / 1000, 24 * 3600, "a number of seconds");
        return std::chrono::milliseconds(s * 1000);
    };
    l.head_timeout = timeout("head-timeout", l.head_timeout);
    l.idle_timeout = timeout("idle-timeout", l.idle_timeout);
    l.body_timeout = timeout("body-timeout", l.body_timeout);
    return o;
}

std::optional<QSslConfiguration> tls_configuration(const ServerOptions& o) {
    if (o.tls_cert.isEmpty()) return std::nullopt;
    auto chain = QSslCertificate::fromData(read_file(o.tls_cert, "--tls-cert"), QSsl::Pem);
    if (chain.isEmpty() || chain.first().isNull())
        throw UsageError("--tls-cert " + str(o.tls_cert) + ": no PEM certificate in it");
    QByteArray pem = read_file(o.tls_key, "--tls-key");
    QSslKey key(pem, QSsl::Rsa, QSsl::Pem);
    if (key.isNull()) key = QSslKey(pem, QSsl::Ec, QSsl::Pem);
    if (key.isNull()) throw UsageError("--tls-key " + str(o.tls_key) + ": no unencrypted RSA or EC private key (PEM) in it");
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificateChain(chain);
    tls.setPrivateKey(key);
    tls.setPeerVerifyMode(QSslSocket::VerifyNone);  // clients authenticate with tokens, not certificates
    return tls;
}

}  // namespace rotaplan::sync
