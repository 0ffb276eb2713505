// The fixture of the suites that drive rotaplan-cli desktops through the real
// rotaplan-server: three planners' desktops and their server, in one
// temporary folder, fresh for each test function.
//
//   TeamFixture team_;
//   void init() { QVERIFY2(team_.begin(), qPrintable(team_.error())); }
//   void cleanup() { team_.end(); }
//   a test: auto [server, anna, marc, lena] = team_->members();  anna.ok(...); anna.sync(team_->url());
//
// Built with ROTAPLAN_SYNC_KAFKA, the server runs on librdkafka's mock cluster
// (3 brokers) that the team hosts in the test process; else on its SQLite log.
#pragma once

#include <QTemporaryDir>

#include <optional>
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

// A suite's Team, made afresh with its server started for each test function.
class TeamFixture {
public:
    // False when the server would not start (error() says why).
    bool begin() {
        team_.emplace();
        return team_->server.start();
    }
    QString error() const { return team_->server.error(); }
    void end() { team_.reset(); }
    Team* operator->() { return &*team_; }

private:
    std::optional<Team> team_;
};

}  // namespace rotaplan::testing
