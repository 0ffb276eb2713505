// rotaplan-cli sync / conflicts: the planner's side of sync from a terminal.
//
//   sync       [--adopt] pull, push, pull, once   exit 0 in sync, 3 conflicts, 4 unreachable,
//                                                 5 token refused or not this schedule's planner
//   conflicts  [--json] | drop ID|--all | retry ID [--name NEW]
#include <QProcessEnvironment>
#include <QUrl>

#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli.h"
#include "storage/sync/replica.h"
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
    auto report = engine.sync_once(p.isSet("adopt"));

    using S = sync::SyncReport::Status;
    using I = sync::SyncReport::Identity;
    // What was exchanged, when something could be: "pushed 0" before "cannot
    // reach" would read as a sync that happened.
    if (report.status != S::Unreachable)
        std::printf("pushed %lld event(s), pulled %lld, %lld offline replay(s); %lld pending, %lld conflict(s)\n",
                    (long long)report.pushed, (long long)report.pulled, (long long)report.replays,
                    (long long)report.pending, (long long)report.conflicts);
    if (report.resigned > 0)
        std::printf("this schedule is now %s's: the %lld event(s) made here before are recorded under that name\n",
                    text(report.bound_planner).c_str(), (long long)report.resigned);
    if (report.held > 0) {
        QStringList names;
        for (const auto& n : report.made_as) names << "\"" + n + "\"";
        std::fprintf(stderr,
                     "rotaplan-cli sync: %lld change(s) here were made as %s, but this schedule is %s's: they are "
                     "held as conflicts, not pushed (drop them, or retry them, or rotaplan-cli sync --adopt, to record "
                     "them as %s's); see `rotaplan-cli conflicts`\n",
                     (long long)report.held, text(names.join(", ")).c_str(), text(report.bound_planner).c_str(),
                     text(report.bound_planner).c_str());
        if (report.held_behind > 0)
            std::fprintf(stderr, "rotaplan-cli sync: %lld change(s) that depend on them are held behind them\n",
                         (long long)report.held_behind);
    }
    if (report.refused > report.held + report.held_behind)
        std::fprintf(stderr, "rotaplan-cli sync: the server refused %lld change(s): see `rotaplan-cli conflicts`\n",
                     (long long)(report.refused - report.held - report.held_behind));
    if (report.waiting_for_scenarios > 0)
        std::fprintf(stderr,
                     "rotaplan-cli sync: the server speaks sync protocol %d, which has no scenarios: %lld scenario "
                     "change(s) stay pending here until it is upgraded (main's were pushed)\n",
                     report.server_protocol, (long long)report.waiting_for_scenarios);
    if (report.quarantined > 0)
        std::fprintf(stderr,
                     "rotaplan-cli sync: %lld colleague event(s) cannot be read by this Rotaplan and are kept aside "
                     "(`rotaplan-cli conflicts` lists them; a newer Rotaplan reads them)\n",
                     (long long)report.quarantined);
    if (report.identity == I::Mismatch) {
        std::fprintf(stderr,
                     "rotaplan-cli sync: %s.\nSync this schedule with %s's token; or, to record its pending changes as "
                     "%s from now on: rotaplan-cli sync --adopt\n",
                     text(report.message).c_str(), text(report.bound_planner).c_str(), text(report.planner).c_str());
        return kSyncRefused;
    }
    if (report.identity == I::NeedsConsent) {
        std::fprintf(stderr,
                     "rotaplan-cli sync: %s.\nSync with the token of the planner who made them; or, to record them as "
                     "%s: rotaplan-cli sync --adopt (the name they were made under stays in their history)\n",
                     text(report.message).c_str(), text(report.planner).c_str());
        return kSyncRefused;
    }
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
            if (args.size() == 2) {
                for (const auto& q : replica.quarantined())
                    if (q.event_id == text(args[1]))
                        rejected_error("conflicts drop: " + q.event_id +
                                       " is a colleague's event in the shared log, kept aside because this Rotaplan "
                                       "cannot read it; it cannot be dropped (a Rotaplan that reads it brings it in)");
            }
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
            std::optional<std::string> name;
            if (p.isSet("name")) {
                name = text(p.value("name").trimmed());
                if (name->empty()) usage_error("conflicts retry --name: the new name is empty");
            }
            auto outcome = replica.retry_conflict(text(args[1]), name);
            if (!outcome.ok) {
                if (outcome.error.kind == DomainError::Kind::Invalid) usage_error("conflicts retry: " + outcome.error.message);
                rejected_error("conflicts retry: " + outcome.error.message);
            }
            std::printf("%s applies again and is pending\n", text(args[1]).c_str());
            return kOk;
        }
        usage_error("conflicts: unknown action " + text(action) + " (drop or retry)");
    }
    // The planner's changes that need them first; then colleagues' events this Rotaplan cannot read.
    auto list = replica.conflicts();
    auto kept = replica.quarantined();
    if (p.isSet("json")) {
        json a = json::array();
        for (const auto& c : list)
            a.push_back({{"id", c.command_id},
                         {"kind", "change"},
                         {"command", c.command},
                         {"reason", c.reason},
                         {"planner", c.planner},
                         {"issued_at", c.issued_at},
                         {"details", c.description.empty() ? json(nullptr) : json::parse(c.description, nullptr, false)}});
        for (const auto& q : kept)
            a.push_back({{"id", q.event_id},
                         {"kind", "unreadable_event"},
                         {"event", q.type},
                         {"stream", q.stream},
                         {"position", q.log_position},
                         {"reason", q.reason},
                         {"planner", q.planner},
                         {"issued_at", q.recorded_at}});
        std::cout << a.dump() << "\n";
        return kOk;
    }
    if (list.empty() && kept.empty()) std::printf("no conflicts\n");
    for (const auto& c : list)
        std::printf("%s  %s  %s  %s\n", c.command_id.c_str(), c.issued_at.c_str(), c.command.c_str(), c.reason.c_str());
    if (!kept.empty())
        std::printf("\ncolleagues' events this Rotaplan cannot read (kept aside; a newer Rotaplan reads them):\n");
    for (const auto& q : kept)
        std::printf("%s  position %lld  %s  %s  %s\n", q.event_id.empty() ? "-" : q.event_id.c_str(),
                    (long long)q.log_position, q.type.empty() ? "?" : q.type.c_str(),
                    q.planner.empty() ? "?" : q.planner.c_str(), q.reason.c_str());
    return kOk;
}

}  // namespace

void add_sync_commands(std::vector<Command>& out) {
    out.push_back({"sync", "[--server URL] [--token TOKEN] [--adopt]",
                   "Pull colleagues' changes from rotaplan-server and push pending ones (exit 3 conflicts, 4 "
                   "unreachable, 5 token refused or not this schedule's planner); ROTAPLAN_SERVER and ROTAPLAN_TOKEN "
                   "stand in for the options. The first sync binds the schedule to the token's planner",
                   [](QCommandLineParser& p) {
                       p.addOption(QCommandLineOption("server", "The server's URL.", "URL"));
                       p.addOption(QCommandLineOption("token", "The planner's bearer token.", "TOKEN"));
                       p.addOption(QCommandLineOption(
                           "adopt", "Record pending changes made under another name as the token's planner's, and "
                                    "bind the schedule to that planner (the other name stays in their history)."));
                   },
                   sync_cmd, 0, 0, StoreUse::Creates});
    out.push_back({"conflicts", "[--json] | drop ID|--all | retry ID [--name NEW]",
                   "List the changes that no longer apply after colleagues' changes or that the server refused, and "
                   "colleagues' events this Rotaplan cannot read; drop a change, or decide it again",
                   [](QCommandLineParser& p) {
                       p.addOption(QCommandLineOption("json", "Print JSON."));
                       p.addOption(QCommandLineOption("all", "With drop: every conflict."));
                       p.addOption(QCommandLineOption(
                           "name", "With retry: a rotation's creation or renaming under this name instead.", "NEW"));
                   },
                   conflicts_cmd, 0, 2, StoreUse::Maintains});
}

}  // namespace rotaplan::cli
