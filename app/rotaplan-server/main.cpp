// rotaplan-server: the shared log every Rotaplan desktop syncs with (docs/sync-protocol.md).
//
//   options -> tokens -> DIR (created, locked) -> shared log (SQLite, or Kafka) -> HttpService
//     -> "listening on HOST:PORT" on stdout -> event loop
//     -> SIGTERM/SIGINT: stop taking connections, let the pushes already handed
//        to the log commit and be answered, exit 0
//
// Exit status: 0 stopped by a signal, 1 cannot run (log, port, DIR in use), 2 bad arguments or files.
#include <QCoreApplication>
#include <QDir>
#include <QLockFile>
#include <QSocketNotifier>
#include <QSslSocket>
#include <QTimer>

#include <csignal>
#include <cstdio>
#include <algorithm>
#include <memory>
#include <optional>
#include <string>

#include <sys/resource.h>
#include <unistd.h>

#include "sync/server/http_service.h"
#include "sync/server/kafka_log.h"
#include "sync/server/metrics.h"
#include "sync/server/server_options.h"
#include "sync/server/sqlite_log.h"
#include "sync/server/tokens.h"

using namespace rotaplan::sync;

namespace {

constexpr int kCannotRun = 1;
constexpr int kUsage = 2;

int fail(int status, const std::string& message) {
    std::fprintf(stderr, "rotaplan-server: %s\n", message.c_str());
    return status;
}

// SIGTERM/SIGINT reach the event loop through a pipe: a signal handler may do
// nothing but write(2).
int signal_pipe[2] = {-1, -1};

void on_stop_signal(int) {
    char c = 1;
    [[maybe_unused]] auto n = ::write(signal_pipe[1], &c, 1);
}

// Every connection is a file descriptor: the process must be allowed enough
// of them, with room for the log's files and Kafka's sockets, or accept()
// would start failing before --max-connections is reached.
std::optional<std::string> open_files_for(int connections) {
    constexpr rlim_t kSpare = 256;
    struct rlimit r = {};
    if (::getrlimit(RLIMIT_NOFILE, &r) != 0) return std::nullopt;
    const rlim_t needed = rlim_t(connections) + kSpare;
    if (r.rlim_cur < needed && r.rlim_cur < r.rlim_max) {
        r.rlim_cur = std::min(needed, r.rlim_max);
        ::setrlimit(RLIMIT_NOFILE, &r);
        ::getrlimit(RLIMIT_NOFILE, &r);
    }
    if (r.rlim_cur >= needed) return std::nullopt;
    return "--max-connections " + std::to_string(connections) + " needs " + std::to_string(needed) +
           " open files, but this process may open " + std::to_string(r.rlim_cur) +
           " (ulimit -n); lower --max-connections or raise the limit";
}

bool catch_stop_signals() {
    if (::pipe(signal_pipe) != 0) return false;
    struct sigaction sa = {};
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    return sigaction(SIGTERM, &sa, nullptr) == 0 && sigaction(SIGINT, &sa, nullptr) == 0;
}

}  // namespace

int main(int argc, char* argv[]) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName("rotaplan-server");
    QCoreApplication::setApplicationVersion("0.1.0");
    std::signal(SIGPIPE, SIG_IGN);  // a client gone mid-answer is the socket's error, not our death

    ServerOptions options;
    Tokens tokens;
    std::optional<QSslConfiguration> tls;
    try {
        options = parse_server_options(app.arguments());
        tokens = Tokens::load(options.tokens_file.toStdString());
        tls = tls_configuration(options);
    } catch (const UsageError& e) {
        return fail(kUsage, std::string(e.what()) + " (see rotaplan-server --help)");
    } catch (const TokenFileError& e) {
        return fail(kUsage, e.what());
    }
    if (tls && !QSslSocket::supportsSsl()) return fail(kUsage, "--tls-cert: this Qt has no TLS backend (OpenSSL)");

    const QString dir = QDir(options.data_dir).absolutePath();
    if (!QDir().mkpath(dir)) return fail(kUsage, "--data " + dir.toStdString() + ": cannot create it");
    // One server per DIR: two would each think they own the log.
    QLockFile lock(dir + "/rotaplan-server.lock");
    lock.setStaleLockTime(0);  // stale only when its process is gone, never because it is old
    if (!lock.tryLock(0)) {
        qint64 pid = 0;
        QString host, app_name;
        lock.getLockInfo(&pid, &host, &app_name);
        return fail(kCannotRun, "--data " + dir.toStdString() + " is in use by another rotaplan-server (pid " +
                                    std::to_string(pid) + ")");
    }

    std::unique_ptr<SharedLog> log;
    try {
        if (options.kafka_brokers.isEmpty())
            log = make_sqlite_log((dir + "/shared-log.sqlite").toStdString());
        else
            log = make_kafka_log(KafkaSettings{options.kafka_brokers.toStdString(), options.kafka_topic.toStdString(),
                                               (dir + "/kafka-index.sqlite").toStdString()});
    } catch (const std::exception& e) {
        return fail(kCannotRun, std::string("cannot open the shared log: ") + e.what());
    }

    Metrics metrics;
    const auto& l = options.limits;
    metrics.set_limit("rotaplan_max_connections", "Open connections at most, in all (--max-connections).",
                      l.max_connections);
    metrics.set_limit("rotaplan_max_connections_per_address",
                      "Open connections at most from one client address (--max-connections-per-address).",
                      l.max_per_address);
    metrics.set_limit("rotaplan_max_body_bytes", "Largest push body taken (--max-body).", double(l.max_body));
    metrics.set_limit("rotaplan_max_head_bytes", "Largest request head taken (--max-head).", double(l.head.max_head_bytes));
    metrics.set_limit("rotaplan_head_timeout_seconds", "Time a request head may take (--head-timeout).",
                      double(l.head_timeout.count()) / 1000);
    metrics.set_limit("rotaplan_idle_timeout_seconds", "Time a connection may idle (--idle-timeout).",
                      double(l.idle_timeout.count()) / 1000);
    metrics.set_limit("rotaplan_body_timeout_seconds", "Time a push body may take (--body-timeout).",
                      double(l.body_timeout.count()) / 1000);
    if (auto why = open_files_for(l.max_connections)) return fail(kUsage, *why);
    HttpService service(*log, tokens, metrics, l);
    quint16 port = 0;
    try {
        port = service.start(options.address, options.port, tls);
    } catch (const std::exception& e) {
        return fail(kCannotRun, e.what());
    }
    if (!catch_stop_signals()) return fail(kCannotRun, "cannot catch SIGTERM/SIGINT");
    QSocketNotifier stop_signal(signal_pipe[0], QSocketNotifier::Read);
    QObject::connect(&stop_signal, &QSocketNotifier::activated, &app, [&] {
        stop_signal.setEnabled(false);
        service.stop();
        // Pushes handed to the log before the signal commit in its next turn,
        // which is already queued before this one: they are answered, then we quit.
        QTimer::singleShot(0, &app, [&] {
            service.flush();
            QCoreApplication::quit();
        });
    });

    std::printf("listening on %s:%u\n", options.host.toUtf8().constData(), unsigned(port));
    std::fflush(stdout);
    return app.exec();
}
