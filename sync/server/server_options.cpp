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
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Shares the events of every Rotaplan desktop through one shared log (docs/sync-protocol.md).");
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOptions({
        {"listen", "Address and port to serve on (port 0: any free port).", "HOST:PORT"},
        {"data", "Folder of the server's files (created if missing).", "DIR"},
        {"tokens", "Bearer tokens, one \"TOKEN PLANNER NAME\" per line.", "FILE"},
        {"kafka", "Keep the shared log in Kafka (bootstrap servers) instead of SQLite.", "BROKERS"},
        {"topic", "Kafka topic of the shared log (with --kafka).", "TOPIC"},
        {"tls-cert", "Serve HTTPS with this PEM certificate (and chain).", "FILE"},
        {"tls-key", "Private key (PEM) of --tls-cert.", "FILE"},
        {"max-body", "Largest push body accepted, in bytes (default 64 MiB).", "BYTES"},
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
    if (parser.isSet("max-body")) {
        bool ok = false;
        o.max_body = parser.value("max-body").toLongLong(&ok);
        if (!ok || o.max_body <= 0) throw UsageError("--max-body " + str(parser.value("max-body")) + ": expected a number of bytes");
    }
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
