// rotaplan-cli sync / conflicts: the planner's side of sync from a terminal.
//
//   sync       push, then pull, once   exit 0 in sync, 3 conflicts, 4 unreachable, 5 token refused
//   conflicts  [--json] | drop ID|--all | retry ID
#include <QProcessEnvironment>
#include <QUrl>

#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli.h"
#include "storage/replica.h"
#include "sync/client/sync_engine.h"

namespace rotaplan::cli {

namespace {

using nlohmann::json;

enum SyncExit { kSyncConflicts = 3, kSyncUnreachable = 4, kSyncRefused = 5 };

QString option_or_env(QCommandLineParser& p, const char* option, const char* env) {
    if (p.isSet(option)) return p.value(option);
    return QProcessEnvironment::systemEnvironment().value(env);
}

int sync_cmd(const Globals& g, QCommandLineParser& p) {
    QString server = option_or_env(p, "server", "ROTAPLAN_SERVER");
    QString token = option_or_env(p, "token", "ROTAPLAN_TOKEN");
    if (server.isEmpty()) usage_error("sync: no server: give --server URL or set ROTAPLAN_SERVER");
    if (token.isEmpty()) usage_error("sync: no token: give --token TOKEN or set ROTAPLAN_TOKEN");
    QUrl url(server);
    if (!url.isValid() || (url.scheme() != "http" && url.scheme() != "https"))
        usage_error("sync: --server " + text(server) + " is not an http:// or https:// URL");

    storage::ScheduleStore store(g.db_path);
    sync::DirectReplicaPort port(store);
    sync::ServerChannel channel(url, token.toUtf8());
    sync::SyncEngine engine(channel, port);
    auto report = engine.sync_once();

    std::printf("pushed %lld event(s), pulled %lld, %lld offline replay(s); %lld pending, %lld conflict(s)\n",
                (long long)report.pushed, (long long)report.pulled, (long long)report.replays,
                (long long)report.pending, (long long)report.conflicts);
    using S = sync::SyncReport::Status;
    switch (report.status) {
        case S::InSync: std::printf("in sync with %s\n", text(url.toString()).c_str()); return kOk;
        case S::Conflicts:
            std::fprintf(stderr, "rotaplan-cli sync: %s: see `rotaplan-cli conflicts`\n", text(report.message).c_str());
            return kSyncConflicts;
        case S::Unreachable:
            std::fprintf(stderr, "rotaplan-cli sync: %s (%lld change(s) kept pending)\n", text(report.message).c_str(),
                         (long long)report.pending);
            return kSyncUnreachable;
        case S::Refused: std::fprintf(stderr, "rotaplan-cli sync: %s\n", text(report.message).c_str()); return kSyncRefused;
        case S::Failed: break;
    }
    throw Failure(kRejected, "sync: " + text(report.message));
}

int conflicts_cmd(const Globals& g, QCommandLineParser& p) {
    storage::ScheduleStore store(g.db_path);
    storage::Replica replica(store);
    auto args = p.positionalArguments();
    if (!args.isEmpty()) {
        QString action = args.front();
        if (action == "drop") {
            if (p.isSet("all")) {
                int n = replica.drop_all_conflicts();
                std::printf("dropped %d conflicting change(s)\n", n);
                return kOk;
            }
            if (args.size() != 2) usage_error("conflicts drop: give a conflict ID or --all");
            if (!replica.drop_conflict(text(args[1]))) rejected_error("conflicts drop: no conflict " + text(args[1]));
            std::printf("dropped %s\n", text(args[1]).c_str());
            return kOk;
        }
        if (action == "retry") {
            if (args.size() != 2) usage_error("conflicts retry: give a conflict ID");
            auto outcome = replica.retry_conflict(text(args[1]));
            if (!outcome.ok) rejected_error("conflicts retry: " + outcome.error.message);
            std::printf("%s applies again and is pending\n", text(args[1]).c_str());
            return kOk;
        }
        usage_error("conflicts: unknown action " + text(action) + " (drop or retry)");
    }
    auto list = replica.conflicts();
    if (p.isSet("json")) {
        json a = json::array();
        for (const auto& c : list)
            a.push_back({{"id", c.command_id},
                         {"command", c.command},
                         {"reason", c.reason},
                         {"planner", c.planner},
                         {"issued_at", c.issued_at},
                         {"details", c.description.empty() ? json(nullptr) : json::parse(c.description, nullptr, false)}});
        std::cout << a.dump() << "\n";
        return kOk;
    }
    if (list.empty()) std::printf("no conflicts\n");
    for (const auto& c : list)
        std::printf("%s  %s  %s  %s\n", c.command_id.c_str(), c.issued_at.c_str(), c.command.c_str(), c.reason.c_str());
    return kOk;
}

}  // namespace

void add_sync_commands(std::vector<Command>& out) {
    out.push_back({"sync", "[--server URL] [--token TOKEN]",
                   "Push pending changes to rotaplan-server, then pull colleagues' (exit 3 conflicts, 4 unreachable, 5 "
                   "token refused); ROTAPLAN_SERVER and ROTAPLAN_TOKEN stand in for the options",
                   [](QCommandLineParser& p) {
                       p.addOption(QCommandLineOption("server", "The server's URL.", "URL"));
                       p.addOption(QCommandLineOption("token", "The planner's bearer token.", "TOKEN"));
                   },
                   sync_cmd, 0, 0});
    out.push_back({"conflicts", "[--json] | drop ID|--all | retry ID",
                   "List the changes that no longer apply after colleagues' changes; drop them, or decide one again",
                   [](QCommandLineParser& p) {
                       p.addOption(QCommandLineOption("json", "Print JSON."));
                       p.addOption(QCommandLineOption("all", "With drop: every conflict."));
                   },
                   conflicts_cmd, 0, 2});
}

}  // namespace rotaplan::cli
