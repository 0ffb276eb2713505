// `rotaplan-cli scenario`: named versions of the schedule (storage/sync/scenarios.h).
//
//   scenario create NAME [--from BASE] [--as-of TIME|POSITION] [--note TEXT]
//   scenario list [--json] [--deleted]
//   scenario rename NAME NEW | delete NAME
//   scenario rebase NAME [--json]               its changes decided again on its base as it is now
//   scenario promote NAME [--dry-run] [--json]  main becomes what it is, all or nothing
//   scenario conflicts [NAME] [--json] | drop-conflict ID | retry-conflict ID
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli.h"
#include "storage/open_store.h"
#include "storage/projections/comparison.h"
#include "storage/sync/scenarios.h"

namespace rotaplan::cli {

namespace {

using nlohmann::json;

[[noreturn]] void refused(const storage::ScenarioRefused& e) {
    if (e.error().kind == DomainError::Kind::Invalid) usage_error(e.what());
    rejected_error(e.what());
}

json counts_json(const storage::ValidationCounts& v) {
    return json{{"continuity", v.continuity}, {"min_ground_time", v.min_ground_time}, {"designator_uniqueness", v.designator_uniqueness}};
}

json conflict_json(const storage::ScenarioConflict& c) {
    return json{{"id", c.command_id}, {"scenario", c.scenario}, {"command", c.command}, {"reason", c.reason},
                {"planner", c.planner}, {"issued_at", c.issued_at}, {"description", c.description}};
}

void print_conflicts(const std::vector<storage::ScenarioConflict>& conflicts) {
    for (const auto& c : conflicts)
        std::cout << "  " << c.command_id << "  " << c.command << " by " << c.planner << ": " << c.reason << "\n";
}

// How many commands of its own the scenario's current generation holds.
std::int64_t own_changes(storage::Database& db, const storage::ScenarioRow& row) {
    auto prefix = storage::scenario_prefix_of(row.id.str(), row.generation);
    auto q = db.prepare("SELECT count(*) FROM events WHERE type = 'CommandRecorded' AND substr(stream, 1, ?) = ?");
    q.bind(1, std::int64_t(prefix.size())).bind(2, std::string_view(prefix));
    q.step();
    return q.int64(0);
}

int list(const Globals& g, QCommandLineParser& p) {
    storage::Database db = storage::open_store(g.db_path, true);
    auto rows = storage::scenario_list(db, p.isSet("deleted"));
    json out = json::array();
    for (const auto& r : rows) {
        // Each one's validation from its own read models, built on a connection of their own.
        storage::ValidationCounts counts;
        if (!r.deleted) {
            Globals in = g;
            in.scenario = r.name;
            ReadVersion version(in);
            counts = storage::validation_counts(version.db);
        }
        auto changes = own_changes(db, r);
        if (p.isSet("json")) {
            json j{{"name", r.name},     {"id", r.id.str()},          {"base", r.base_name},
                   {"fork_event", r.fork_event}, {"fork_position", r.fork_position}, {"generation", r.generation},
                   {"created_by", r.created_by}, {"created_at", r.created_at}, {"note", r.note},
                   {"changes", changes},  {"deleted", r.deleted},    {"promotions", r.promotions}};
            if (!r.deleted) j["validation"] = counts_json(counts);
            out.push_back(j);
            continue;
        }
        std::cout << r.name << (r.deleted ? " (deleted)" : "") << "\n  from " << r.base_name << " at event "
                  << r.fork_position << ", created by " << r.created_by << " at " << r.created_at << "\n  " << changes
                  << " change(s) of its own";
        if (!r.deleted)
            std::cout << "; violations: continuity " << counts.continuity << ", minimum ground time " << counts.min_ground_time
                      << ", flight designator uniqueness " << counts.designator_uniqueness;
        if (r.promotions) std::cout << "; promoted " << r.promotions << " time(s)";
        std::cout << "\n";
        if (!r.note.empty()) std::cout << "  " << r.note << "\n";
    }
    if (p.isSet("json")) std::cout << out.dump() << "\n";
    else if (rows.empty()) std::cout << "no scenarios yet (rotaplan-cli scenario create NAME makes one)\n";
    return kOk;
}

int scenario_cmd(const Globals& g, QCommandLineParser& p) {
    auto args = p.positionalArguments();
    const QString action = args.front();
    auto need = [&](int n, const char* synopsis) {
        if (args.size() != n + 1) usage_error(std::string("scenario ") + synopsis);
    };
    try {
        if (action == "list") {
            need(0, "list [--json] [--deleted]");
            return list(g, p);
        }
        if (action == "create") {
            need(1, "create NAME [--from BASE] [--as-of TIME|POSITION] [--note TEXT]");
            storage::ScheduleStore main(g.db_path);
            const std::string base = p.isSet("from") ? text(p.value("from")) : std::string();
            std::optional<std::int64_t> as_of;
            if (p.isSet("as-of")) {
                storage::EventStore events(main.database(), storage::version_lineage(main.database(), base));
                as_of = as_of_position(events, p);
            }
            auto row = storage::create_scenario(main, text(args[1]), base, as_of, text(p.value("note")), g.context);
            std::cout << "scenario " << row.name << " created from " << row.base_name << " at event " << row.fork_position
                      << "\n";
            return kOk;
        }
        if (action == "rename") {
            need(2, "rename NAME NEW");
            storage::ScheduleStore main(g.db_path);
            storage::rename_scenario(main, text(args[1]), text(args[2]), g.context);
            std::cout << "scenario " << text(args[1]) << " renamed " << text(args[2]) << "\n";
            return kOk;
        }
        if (action == "delete") {
            need(1, "delete NAME");
            storage::ScheduleStore main(g.db_path);
            storage::delete_scenario(main, text(args[1]), g.context);
            std::cout << "scenario " << text(args[1]) << " deleted (its history stays)\n";
            return kOk;
        }
        if (action == "rebase") {
            need(1, "rebase NAME [--json]");
            auto out = storage::rebase_scenario(g.db_path, text(args[1]), g.context);
            if (p.isSet("json")) {
                json conflicts = json::array();
                for (const auto& c : out.conflicts) conflicts.push_back(conflict_json(c));
                std::cout << json{{"applied", out.applied}, {"conflicts", conflicts}, {"generation", out.generation}}.dump() << "\n";
            } else {
                std::cout << "scenario " << text(args[1]) << " rebased: " << out.applied << " change(s) applied again, "
                          << out.conflicts.size() << " conflict(s)\n";
                print_conflicts(out.conflicts);
                if (!out.conflicts.empty())
                    std::cout << "(rotaplan-cli scenario retry-conflict ID or drop-conflict ID settles each)\n";
            }
            return out.conflicts.empty() ? kOk : kRejected;
        }
        if (action == "promote") {
            need(1, "promote NAME [--dry-run] [--json]");
            auto out = storage::promote_scenario(g.db_path, text(args[1]), p.isSet("dry-run"), g.context);
            if (p.isSet("json")) {
                json conflicts = json::array();
                for (const auto& c : out.conflicts) conflicts.push_back(conflict_json(c));
                std::cout << json{{"promoted", out.promoted}, {"dry_run", p.isSet("dry-run")}, {"commands", out.commands},
                                  {"conflicts", conflicts}}
                                 .dump()
                          << "\n";
            } else if (!out.conflicts.empty()) {
                std::cout << "scenario " << text(args[1]) << " cannot be promoted: " << out.conflicts.size()
                          << " of its changes no longer apply to main; nothing was written (rebase it first)\n";
                print_conflicts(out.conflicts);
            } else {
                std::cout << (out.promoted ? "promoted " : "dry run: promoting would make ") << out.commands
                          << " change(s) of scenario " << text(args[1]) << " in main"
                          << (out.promoted ? "" : "; nothing was written") << "\n";
            }
            return out.conflicts.empty() ? kOk : kRejected;
        }
        if (action == "conflicts") {
            if (args.size() > 2) usage_error("scenario conflicts [NAME] [--json]");
            storage::Database db = storage::open_store(g.db_path, true);
            std::string name = args.size() == 2 ? text(args[1]) : std::string();
            if (!name.empty()) storage::scenario_named(db, name);
            auto list = storage::scenario_conflicts(db, name);
            if (p.isSet("json")) {
                json out = json::array();
                for (const auto& c : list) out.push_back(conflict_json(c));
                std::cout << out.dump() << "\n";
            } else if (list.empty()) {
                std::cout << "no scenario conflicts\n";
            } else {
                print_conflicts(list);
            }
            return kOk;
        }
        if (action == "drop-conflict") {
            need(1, "drop-conflict ID");
            storage::Database db = storage::open_store(g.db_path);
            if (!storage::drop_scenario_conflict(db, text(args[1]))) rejected_error("no scenario conflict " + text(args[1]));
            std::cout << "dropped " << text(args[1]) << "\n";
            return kOk;
        }
        if (action == "retry-conflict") {
            need(1, "retry-conflict ID");
            auto outcome = storage::retry_scenario_conflict(g.db_path, text(args[1]));
            if (!outcome.ok) rejected_error("retry-conflict: " + outcome.error.message);
            std::cout << text(args[1]) << " applies again\n";
            return kOk;
        }
    } catch (const storage::ScenarioRefused& e) {
        refused(e);
    }
    usage_error("scenario: unknown action " + text(action) +
                " (create, list, rename, delete, rebase, promote, conflicts, drop-conflict, retry-conflict)");
}

}  // namespace

void add_scenario_commands(std::vector<Command>& out) {
    out.push_back({"scenario",
                   "create NAME [--from BASE] [--as-of TIME|POSITION] [--note TEXT] | list [--json] [--deleted] | "
                   "rename NAME NEW | delete NAME | rebase NAME | promote NAME [--dry-run] | conflicts [NAME] | "
                   "drop-conflict ID | retry-conflict ID",
                   "Named versions of the schedule: create, list, rename, delete, rebase, promote",
                   [](QCommandLineParser& p) {
                       p.addOption(QCommandLineOption("from", "create: the base, main (default) or a scenario.", "BASE"));
                       p.addOption(QCommandLineOption("as-of", "create: the base as of an event position or UTC time (default: now).",
                                                      "TIME|POSITION"));
                       p.addOption(QCommandLineOption("note", "create: what the scenario is for.", "TEXT"));
                       p.addOption(QCommandLineOption("dry-run", "promote: show what would be done; write nothing."));
                       p.addOption(QCommandLineOption("deleted", "list: deleted scenarios too."));
                       p.addOption(QCommandLineOption("json", "Print JSON."));
                   },
                   scenario_cmd, 1, 3, StoreUse::Creates});
}

}  // namespace rotaplan::cli
