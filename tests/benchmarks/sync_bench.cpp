// sync_bench: what sync costs (push, catch-up, latency, load), against a real rotaplan-server on loopback.
//
//   sync_bench season SEASON.db   [--kafka]   push a whole season from one desktop, catch it up on a new one
//   sync_bench latency            [--kafka]   a colleague's edit until another running desktop has it
//   sync_bench load [--clients 50 --rate 10 --seconds 20] [--kafka]
//                                             many clients pushing and long-polling at once; push latency
//
// With --kafka the bench hosts librdkafka's mock cluster (3 brokers, real
// Kafka protocol over TCP) and starts the server on it; otherwise the server
// uses its SQLite log. Figures go to docs/benchmarks.md; nothing here asserts.
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>


#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "../sync/kafka_mock.h"
#include "../sync/server_process.h"
#include "storage/sync/replica.h"
#include "sync/client/sync_engine.h"
#include "sync/protocol/wire.h"

using namespace rotaplan;

namespace {

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    auto i = std::size_t(p * double(v.size() - 1) + 0.5);
    return v[std::min(i, v.size() - 1)];
}

void print_distribution(const char* what, const std::vector<double>& ms) {
    std::printf("%s: n=%zu p50 %.1f ms, p99 %.1f ms, max %.1f ms\n", what, ms.size(), percentile(ms, 0.5),
                percentile(ms, 0.99), ms.empty() ? 0.0 : *std::max_element(ms.begin(), ms.end()));
}

// The real server on loopback, on its SQLite log or (kafka) on librdkafka's
// mock cluster hosted by this process: 3 brokers, the topic replicated 3 times.
class Server {
public:
    explicit Server(bool kafka) {
        testing::ServerProcessOptions options;
        options.tokens.clear();
        for (int i = 0; i < 64; ++i) options.tokens += QString("t-p%1 p%1\n").arg(i);
        if (kafka) {
            kafka_ = std::make_unique<testing::MockKafka>(3);
            kafka_->create_topic("rotaplan-bench", 1, 3);
            options.extra_args << "--kafka" << QString::fromStdString(kafka_->bootstraps()) << "--topic" << "rotaplan-bench";
        }
        process_ = std::make_unique<testing::ServerProcess>(options);
        if (!process_->start(30000)) qFatal("%s", qPrintable(process_->error()));
    }
    QString url() const { return process_->url("").toString(); }

private:
    std::unique_ptr<testing::MockKafka> kafka_;  // outlives the server process (declared first)
    std::unique_ptr<testing::ServerProcess> process_;
};

// Spreads client i's first push over the first period.
double cp_index(int i, int n) { return double(i) / double(n); }

double seconds_since(const QElapsedTimer& t) { return double(t.nsecsElapsed()) / 1e9; }

storage::CommandContext planner(int i) {
    storage::CommandContext c;
    c.planner = "p" + std::to_string(i);
    c.host = "bench";
    return c;
}

// --- season -------------------------------------------------------------------
int season(const QString& season_db, bool kafka) {
    Server server(kafka);
    QTemporaryDir dir;
    auto pusher = dir.filePath("pusher.db"), fresh = dir.filePath("fresh.db");
    std::filesystem::copy_file(season_db.toStdString(), pusher.toStdString());
    // One whole sync of `store` with `token`, and how long it took.
    auto timed_sync = [&](storage::ScheduleStore& store, const char* token) {
        sync::DirectReplicaPort port(store);
        sync::ServerChannel channel(QUrl(server.url()), token);
        sync::SyncEngine engine(channel, port);
        QElapsedTimer t;
        t.start();
        auto report = engine.sync_once();
        return std::pair{report, seconds_since(t)};
    };
    {
        // The season store was imported by some planner: sign as p0 for the server by re-reading who it was.
        storage::ScheduleStore store(pusher.toStdString());
        auto who = store.database().prepare("SELECT json_extract(metadata, '$.planner') FROM events LIMIT 1");
        std::string name = who.step() ? who.str(0) : "p0";
        who.reset();
        if (name != "p0") {
            std::fprintf(stderr, "the season store's events are signed %s; import it with ROTAPLAN_PLANNER=p0\n", name.c_str());
            return 2;
        }
        auto pending = store.database().scalar("SELECT count(*) FROM sync_outbox");
        auto legs = store.database().scalar("SELECT count(*) FROM legs");
        std::printf("season: %lld legs, %lld pending commands, log: %s\n", (long long)legs, (long long)pending,
                    kafka ? "kafka (mock cluster, 3 brokers)" : "sqlite");
        auto [report, seconds] = timed_sync(store, "t-p0");
        std::printf("push whole season: %.2f s (%lld events, status %s)\n", seconds, (long long)report.pushed,
                    qPrintable(report.message));
    }
    {
        storage::ScheduleStore store(fresh.toStdString());
        auto [report, seconds] = timed_sync(store, "t-p1");
        std::printf("catch-up of a new desktop: %.2f s (%lld events, %lld legs, status %s)\n", seconds,
                    (long long)report.pulled, (long long)store.database().scalar("SELECT count(*) FROM legs"),
                    qPrintable(report.message));
    }
    return 0;
}

// --- latency ------------------------------------------------------------------
// Desktop B long-polls on its own thread, as the planner does; desktop A
// retimes one leg again and again and syncs after each edit. An edit's
// latency runs from A's command to B's store holding it.
int latency(bool kafka, int edits) {
    Server server(kafka);
    QTemporaryDir dir;
    auto a_path = dir.filePath("a.db").toStdString(), b_path = dir.filePath("b.db").toStdString();
    storage::ScheduleStore a(a_path);
    RotationId r{Uuid::parse("01000000-0000-7000-8000-000000000001").value()};
    Leg leg;
    leg.id = LegId{Uuid::parse("01000000-0000-7000-8000-000000000002").value()};
    leg.designator = {{AirlineCode::from("XQ"), 100, 0}, AirportCode::from("FRA"), Date{20544}};
    leg.arrival = AirportCode::from("MUC");
    leg.std_utc = instant_at(Date{20544}, 360);
    leg.sta_utc = leg.std_utc + 60;
    leg.aircraft_type = AircraftType::from("320");
    a.execute(CreateRotation{r, "R1"}, planner(0));
    a.execute(AddLegs{r, {leg}}, planner(0));
    sync::DirectReplicaPort a_port(a);
    sync::ServerChannel a_channel(QUrl(server.url()), "t-p0");
    sync::SyncEngine a_engine(a_channel, a_port);
    a_engine.sync_once();

    std::mutex m;
    std::map<int, double> arrived;  // edit -> seconds on the shared clock
    QElapsedTimer clock;
    clock.start();
    std::atomic<bool> stop{false};
    std::atomic<bool> ready{false};
    QThread* b_thread = QThread::create([&] {
        storage::ScheduleStore b(b_path);
        sync::DirectReplicaPort port(b);
        sync::ServerChannel channel(QUrl(server.url()), "t-p1");
        sync::SyncEngine engine(channel, port);
        engine.sync_once();
        ready = true;
        auto std_of = b.database().prepare("SELECT std FROM legs LIMIT 1");
        while (!stop) {
            auto report = engine.wait_for_news(5);
            if (report.pulled == 0) continue;
            std_of.step();
            int edit = int(std_of.int64(0) - leg.std_utc.minutes);
            std_of.reset();
            std::lock_guard lock(m);
            arrived.try_emplace(edit, seconds_since(clock));
        }
    });
    b_thread->start();
    while (!ready) QThread::msleep(10);
    QThread::msleep(200);  // B is waiting in its long-poll

    std::vector<double> sent(std::size_t(edits) + 1, 0);
    for (int i = 1; i <= edits; ++i) {
        sent[std::size_t(i)] = seconds_since(clock);
        a.execute(RetimeLegs{{{leg.id, leg.std_utc + i, leg.sta_utc + i}}}, planner(0));
        a_engine.sync_once();
        QThread::msleep(30);
    }
    QThread::msleep(1500);
    stop = true;
    b_thread->wait();
    delete b_thread;

    std::vector<double> ms;
    std::lock_guard lock(m);
    int missing = 0;
    for (int i = 1; i <= edits; ++i) {
        // An edit is in B once B holds it or any later one.
        auto it = arrived.lower_bound(i);
        if (it == arrived.end()) {
            ++missing;
            continue;
        }
        ms.push_back((it->second - sent[std::size_t(i)]) * 1000);
    }
    std::printf("log: %s\n", kafka ? "kafka (mock cluster, 3 brokers)" : "sqlite");
    print_distribution("edit on A -> in B's store", ms);
    std::printf("edits never seen by B: %d\n", missing);
    return 0;
}

// --- load -----------------------------------------------------------------------
// Raw protocol clients in one thread, each with its own connections: every
// client pushes `rate` one-event batches a second on its own stream and keeps
// a long-poll open, as a desktop does.
struct LoadClient {
    int index = 0;
    std::unique_ptr<QNetworkAccessManager> push_net, pull_net;
    std::int64_t version = 0, pulled = 0;
    QElapsedTimer clock;
};

int load(bool kafka, int clients, int rate, int seconds) {
    Server server(kafka);
    QUrl base(server.url());
    std::vector<std::unique_ptr<LoadClient>> all;
    std::vector<double> push_ms;
    long pulls = 0, pulled_events = 0, refused = 0, failed = 0;
    bool running = true;
    QElapsedTimer wall;
    wall.start();

    auto request = [&](const QString& path, int i) {
        QNetworkRequest r(base.resolved(QUrl(path)));
        r.setRawHeader("Authorization", QString("Bearer t-p%1").arg(i).toUtf8());
        r.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        return r;
    };
    std::function<void(LoadClient&)> pull = [&](LoadClient& c) {
        if (!running) return;
        auto* reply = c.pull_net->get(request(QString("/v1/events?after=%1&limit=1000&wait=10").arg(c.pulled), c.index));
        QObject::connect(reply, &QNetworkReply::finished, [&, reply, cp = &c] {
            reply->deleteLater();
            ++pulls;
            if (reply->error() == QNetworkReply::NoError) {
                auto body = reply->readAll();
                auto answer = sync::parse_pull(std::string_view(body.constData(), std::size_t(body.size())));
                pulled_events += long(answer.events.size());
                cp->pulled = answer.next;
            }
            pull(*cp);
        });
    };
    auto push = [&](LoadClient& c) {
        sync::PushBatch b;
        // One rotation per client, named as a desktop names it (the server refuses other stream names).
        char rotation[40];
        std::snprintf(rotation, sizeof rotation, "01000000-0000-7000-8000-%012x", unsigned(c.index));
        std::string stream = std::string("rotation-") + rotation;
        b.expected[stream] = c.version;
        sync::WireEvent e;
        e.event_id = storage::random_uuid();
        e.stream = stream;
        e.version = c.version + 1;
        e.type = "RotationRenamed";
        e.schema_version = 1;
        e.payload = std::string(R"({"rotation":")") + rotation + R"(","name":"R)" + std::to_string(e.version) + "\"}";
        e.metadata = R"({"planner":"p)" + std::to_string(c.index) +
                     R"(","host":"bench","time":"2026-11-26T12:00:00.000Z","causation_id":"x","correlation_id":"x","command":"RenameRotation"})";
        e.recorded_at = "2026-11-26T12:00:00.000Z";
        b.events.push_back(e);
        c.clock.restart();
        auto* reply = c.push_net->post(request("/v1/events", c.index), QByteArray::fromStdString(sync::push_body(b)));
        QObject::connect(reply, &QNetworkReply::finished, [&, reply, cp = &c] {
            reply->deleteLater();
            int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (status == 200) {
                push_ms.push_back(double(cp->clock.nsecsElapsed()) / 1e6);
                ++cp->version;
            } else if (status == 409) {
                ++refused;
            } else {
                ++failed;
            }
        });
    };

    for (int i = 0; i < clients; ++i) {
        auto c = std::make_unique<LoadClient>();
        c->index = i;
        c->push_net = std::make_unique<QNetworkAccessManager>();
        c->pull_net = std::make_unique<QNetworkAccessManager>();
        all.push_back(std::move(c));
    }
    for (auto& c : all) pull(*c);
    // Each client on its own timer, spread over the first period.
    std::vector<std::unique_ptr<QTimer>> timers;
    for (auto& c : all) {
        auto t = std::make_unique<QTimer>();
        t->setInterval(1000 / rate);
        QObject::connect(t.get(), &QTimer::timeout, [&, cp = c.get()] { push(*cp); });
        QTimer::singleShot(int(1000 / rate * cp_index(c->index, clients)), t.get(), qOverload<>(&QTimer::start));
        timers.push_back(std::move(t));
    }
    QTimer::singleShot(seconds * 1000, [&] {
        for (auto& t : timers) t->stop();
        QTimer::singleShot(2000, [&] {
            running = false;
            QCoreApplication::quit();
        });
    });
    QCoreApplication::exec();
    std::printf("log: %s; %d clients x %d pushes/s for %d s, each with a long-poll open\n",
                kafka ? "kafka (mock cluster, 3 brokers)" : "sqlite", clients, rate, seconds);
    print_distribution("push latency", push_ms);
    std::printf("pushes accepted %zu (%.0f/s), conflicts %ld, failed %ld; pulls answered %ld carrying %ld events\n",
                push_ms.size(), double(push_ms.size()) / seconds, refused, failed, pulls, pulled_events);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.addPositionalArgument("mode", "season | latency | load");
    p.addOption({"kafka", "Use the Kafka log (librdkafka's mock cluster) instead of SQLite."});
    p.addOption({"clients", "load: clients", "N", "50"});
    p.addOption({"rate", "load: pushes per second per client", "N", "10"});
    p.addOption({"seconds", "load: duration", "N", "20"});
    p.addOption({"edits", "latency: edits", "N", "200"});
    p.addHelpOption();
    p.process(app);
    auto args = p.positionalArguments();
    if (args.isEmpty()) p.showHelp(2);
    bool kafka = p.isSet("kafka");
    if (args[0] == "season" && args.size() == 2) return season(args[1], kafka);
    if (args[0] == "latency") return latency(kafka, p.value("edits").toInt());
    if (args[0] == "load") return load(kafka, p.value("clients").toInt(), p.value("rate").toInt(), p.value("seconds").toInt());
    p.showHelp(2);
}
