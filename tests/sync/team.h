// The fixture of the suites that drive rotaplan-cli desktops through the real
// rotaplan-server: three planners' desktops and their server, in one
// temporary folder, fresh for each test function.
//
//   std::optional<Team> team_;
//   void init() { team_.emplace(); QVERIFY2(team_->server.start(), qPrintable(team_->server.error())); }
//   void cleanup() { team_.reset(); }
//   a test: auto [server, anna, marc, lena] = team_->members();  anna.ok(...); anna.sync(team_->url());
//
// Built with ROTAPLAN_SYNC_KAFKA, the server runs on librdkafka's mock cluster
// (3 brokers) that the team hosts in the test process; else on its SQLite log.
#pragma once

#include <QTemporaryDir>

#include <tuple>

#ifdef ROTAPLAN_SYNC_KAFKA
#include "kafka_mock.h"
#endif
#include "sync_support.h"

namespace rotaplan::testing {

// A leg added on the command line: add-leg ROTATION --flight … --sta STA.
inline QStringList leg_args(const QString& rotation, const QString& flight, const QString& dep, const QString& arr,
                            const QString& std_, const QString& sta) {
    return {"add-leg", rotation, "--flight", flight, "--dep", dep, "--arr", arr, "--std", std_, "--sta", sta};
}

class Team {
public:
#ifdef ROTAPLAN_SYNC_KAFKA
    MockKafka kafka{3};
#endif
    QTemporaryDir dir;
    ServerProcess server{options()};
    Desktop anna{dir.path(), "anna"}, marc{dir.path(), "marc"}, lena{dir.path(), "lena"};

    auto members() { return std::tie(server, anna, marc, lena); }
    QString url() const { return base_url(server); }

private:
    ServerProcessOptions options() {
        ServerProcessOptions o;
        o.tokens = planner_tokens();
#ifdef ROTAPLAN_SYNC_KAFKA
        kafka.create_topic("rotaplan", 1);
        o.extra_args << "--kafka" << QString::fromStdString(kafka.bootstraps()) << "--topic" << "rotaplan";
#endif
        return o;
    }
};

}  // namespace rotaplan::testing
