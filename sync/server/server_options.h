// rotaplan-server's command line, checked before anything is opened:
//
//   rotaplan-server --listen HOST:PORT --data DIR --tokens FILE
//                   [--kafka BROKERS --topic TOPIC] [--tls-cert FILE --tls-key FILE]
//                   [--max-body BYTES] [--max-head BYTES] [--max-connections N] [--max-connections-per-address N]
//                   [--head-timeout S] [--idle-timeout S] [--body-timeout S]
//
// A bad argument is a UsageError (main: message on stderr, exit 2), never a
// half-started server.
#pragma once

#include <QHostAddress>
#include <QSslConfiguration>
#include <QString>
#include <QStringList>

#include <optional>
#include <stdexcept>

#include "http/connection.h"

namespace rotaplan::sync {

class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct ServerOptions {
    QString host;  // as given, for "listening on HOST:PORT"
    QHostAddress address;
    quint16 port = 0;  // 0: any free port
    QString data_dir;
    QString tokens_file;
    QString kafka_brokers, kafka_topic;  // both, or neither (SQLite log)
    QString tls_cert, tls_key;           // both, or neither (plain HTTP)
    http::ConnectionLimits limits;  // --max-body, --max-head, --max-connections..., the timeouts
};

// `arguments` as QCoreApplication::arguments() gives them (program first).
// --help and --version print and exit(0) here.
ServerOptions parse_server_options(const QStringList& arguments);  // throws UsageError

// The TLS configuration of --tls-cert/--tls-key (PEM: a certificate, maybe
// followed by its chain; an RSA or EC key), or nullopt without them.
std::optional<QSslConfiguration> tls_configuration(const ServerOptions& options);  // throws UsageError

}  // namespace rotaplan::sync
