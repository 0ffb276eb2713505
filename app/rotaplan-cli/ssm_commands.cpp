// Schedule change messages: export-ssm (the changes between two points of
// the log as IATA SSM and ASM) and import-ssm (apply the messages others send).
#include <QSaveFile>

#include <iostream>
#include <optional>

#include <nlohmann/json.hpp>

#include "cli.h"
#include "core/ssm/message.h"
#include "storage/eventstore/event_store.h"
#include "storage/imports/ssm_apply.h"
#include "storage/imports/ssm_export.h"
#include "storage/open_store.h"
#include "storage/projections/queries.h"

namespace rotaplan::cli {

namespace {

// A point of the schedule's history: an event position (0: the empty
// schedule), a UTC time, an import id (the schedule as that import left it),
// "now", in the version the command line names (--scenario, else main).
std::int64_t resolve_point(storage::EventStore& events, const QString& value, const std::string& name) {
    const std::string v = text(value);
    if (v.empty() || v == "now") return events.last_position();
    bool is_number = false;
    qint64 position = value.toLongLong(&is_number);
    if (is_number) {
        if (position < 0) usage_error(name + ": a position is 0 (the empty schedule) or more");
        return position;
    }
    if (v.size() == 36 && v[8] == '-' && v[13] == '-') {
        auto rows = events.stored_events("type = 'FileImported' AND stream = ?", {"import-" + v});
        if (rows.empty()) rejected_error(name + ": no import " + v + " (rotaplan-cli imports lists them)");
        return rows.back().position;
    }
    const QString option = QString::fromStdString(name.substr(2));
    QCommandLineParser p;
    p.addOption(QCommandLineOption(option, "", "POINT"));
    p.parse({"x", "--" + option, value});
    return position_option(events, p, option);
}

// An end of the export: a version (main or a scenario) and a point of it.
//   POINT                 the command line's version (--scenario, else main) at POINT
//   main[@POINT]          main now, or at POINT
//   scenario:NAME[@POINT] the scenario now, or at POINT of its lineage (its shared history included)
struct End {
    std::string version;  // "" main
    QString at;           // "" now
    std::string said;     // as the command line wrote it
};

End end_of(storage::Database& db, const Globals& g, const QString& value, const std::string& option) {
    const std::string v = text(value);
    End e{g.scenario, value, v};
    auto named = [&](const std::string& name) {
        if (name == "main") return std::string();
        try {
            return storage::scenario_named(db, name).name;
        } catch (const storage::UnknownScenario& u) {
            usage_error(option + ": " + v + ": " + u.what());
        }
    };
    if (v == "main" || v.rfind("main@", 0) == 0) {
        e.version = "";
        e.at = v == "main" ? QString() : value.mid(5);
    } else if (v.rfind("scenario:", 0) == 0) {
        std::string rest = v.substr(9), at;
        // A name may hold an '@' itself: a whole name that is a scenario's is taken as it is.
        if (!storage::find_scenario(db, rest)) {
            if (auto cut = rest.rfind('@'); cut != std::string::npos) {
                at = rest.substr(cut + 1);
                rest = rest.substr(0, cut);
                if (at.empty()) usage_error(option + ": " + v + ": give a point after '@' (a time, an event position, an import id)");
            }
        }
        e.version = named(rest);
        e.at = QString::fromStdString(at);
    }
    return e;
}

std::string version_text(const std::string& version) { return version.empty() ? std::string("main") : "scenario " + version; }

int export_ssm_cmd(const Globals& g, QCommandLineParser& p) {
    if (!p.isSet("since"))
        usage_error("export-ssm needs --since POINT (a time, an event position, an import id, main or scenario:NAME)");
    ssm::TimeMode mode = ssm::TimeMode::Local;
    if (p.isSet("time-mode")) {
        QString m = p.value("time-mode").toUpper();
        if (m == "UTC") mode = ssm::TimeMode::Utc;
        else if (m != "LT") usage_error("--time-mode: \"" + text(p.value("time-mode")) + "\" is LT or UTC");
    }
    const bool to_file = !p.positionalArguments().isEmpty();
    // The sequence number (main's, whatever the versions) moves on only when the messages are written to a file.
    storage::Database db = storage::open_store(g.db_path, !to_file);
    const End since = end_of(db, g, p.value("since"), "--since");
    const End until = p.isSet("until") ? end_of(db, g, p.value("until"), "--until") : End{g.scenario, {}, "now"};
    const Date today = date_of(*parse_instant(storage::now_iso_millis().substr(0, 16) + "Z"));
    const std::int64_t group = storage::next_message_group(db);
    storage::SsmExport result;
    std::string span;
    if (since.version == until.version) {
        // Two points of one version: the changes along its own log.
        Globals here = g;
        here.scenario = since.version;
        ReadVersion version(here);
        storage::EventStore events(version.db, version.lineage);
        const std::int64_t last = events.last_position();
        const std::int64_t from = std::min(resolve_point(events, since.at, "--since"), last);
        const std::int64_t to = std::min(resolve_point(events, until.at, "--until"), last);
        if (from > to)
            usage_error("--since (event " + std::to_string(from) + ") is after --until (event " + std::to_string(to) +
                        "): the earlier point comes first");
        result = storage::export_ssm_between(version.db, events, from, to, mode, today, group);
        span = (since.version.empty() ? std::string() : version_text(since.version) + ", ") + "events " + std::to_string(from) + " to " +
               std::to_string(to);
    } else {
        // Two versions: what turns the first, as it is (or was), into the second.
        Globals ga = g, gb = g;
        ga.scenario = since.version;
        gb.scenario = until.version;
        ReadVersion a(ga), b(gb);
        storage::EventStore events_a(a.db, a.lineage), events_b(b.db, b.lineage);
        storage::Lineage la = a.lineage, lb = b.lineage;
        std::optional<storage::Database> past_a, past_b;
        std::int64_t at_a = events_a.last_position(), at_b = events_b.last_position();
        if (!since.at.isEmpty()) {
            at_a = std::min(resolve_point(events_a, since.at, "--since"), at_a);
            la = la.as_of(at_a);
            past_a.emplace(storage::project_as_of(events_a, at_a));
        }
        if (!until.at.isEmpty()) {
            at_b = std::min(resolve_point(events_b, until.at, "--until"), at_b);
            lb = lb.as_of(at_b);
            past_b.emplace(storage::project_as_of(events_b, at_b));
        }
        result = storage::export_ssm_versions(events_a, past_a ? *past_a : a.db, la, past_b ? *past_b : b.db, lb, mode, today, group);
        span = version_text(since.version) + " (event " + std::to_string(at_a) + ") to " + version_text(until.version) + " (event " +
               std::to_string(at_b) + ")";
    }
    if (result.error) rejected_error(*result.error + " (nothing was written)");
    if (!to_file) {
        std::cout << result.text;
        std::cerr << result.summary() << ", " << span << "\n";
        return kOk;
    }
    const QString path = p.positionalArguments()[0];
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly) || out.write(result.text.data(), qint64(result.text.size())) != qint64(result.text.size()) ||
        !out.commit())
        usage_error("cannot write " + text(path) + ": " + text(out.errorString()));
    storage::take_message_groups(db, result.group, result.groups);
    std::cout << "exported " << result.summary() << " to " << text(path) << " (" << span << ")\n";
    return kOk;
}

nlohmann::json outcome_json(const storage::SsmMessageOutcome& o) {
    nlohmann::json j{{"line", o.line},
                     {"kind", o.kind},
                     {"reference", o.reference},
                     {"status", o.status},
                     {"actions", o.actions},
                     {"legs", {{"added", o.legs_added}, {"cancelled", o.legs_cancelled}, {"retimed", o.legs_retimed}, {"changed", o.legs_changed}}}};
    if (!o.reason.empty()) j["reason"] = o.reason;
    return j;
}

int import_ssm_cmd(const Globals& g, QCommandLineParser& p) {
    LoadedFile file = load_file(p.positionalArguments()[0]);
    const bool dry = p.isSet("dry-run"), json = p.isSet("json");
    storage::ScheduleStore store(g.db_path);
    auto r = storage::apply_ssm(store, file.content, file.source, g.context, dry);
    if (json) {
        nlohmann::json messages = nlohmann::json::array();
        for (const auto& o : r.messages) messages.push_back(outcome_json(o));
        nlohmann::json out{{"file", file.source.file},
                           {"ok", r.ok},
                           {"dry_run", dry},
                           {"messages", messages},
                           {"duplicates", r.duplicates},
                           {"legs", {{"added", r.legs_added}, {"cancelled", r.legs_cancelled}, {"retimed", r.legs_retimed}, {"changed", r.legs_changed}}}};
        if (!r.ok) out["error"] = r.error;
        if (r.ok && !dry) out["import"] = r.import.str();
        std::cout << out.dump() << "\n";
        if (!r.ok) return r.bad_input ? kUsage : kRejected;
        return kOk;
    }
    if (!r.ok && r.bad_input) usage_error(r.error + " (nothing was applied)");
    if (!r.ok) rejected_error(r.error + " (nothing was applied)");
    for (const auto& o : r.messages)
        if (o.status == "duplicate") std::cerr << file.source.file << ":" << o.line << ": " << o.reason << ": not applied again\n";
    std::cout << (dry ? "dry run of " : "applied ") << r.messages.size() - std::size_t(r.duplicates) << " of " << r.messages.size()
              << " messages from " << file.source.file << ": " << r.legs_added << " legs added, " << r.legs_cancelled << " cancelled, "
              << r.legs_retimed << " retimed, " << r.legs_changed << " changed";
    if (dry) std::cout << "; nothing was written\n";
    else std::cout << " (" << r.events << " events, import " << r.import.str() << ")\n";
    return kOk;
}

}  // namespace

void add_ssm_commands(std::vector<Command>& out) {
    out.push_back({"export-ssm", "--since POINT [--until POINT] [--time-mode LT|UTC] [OUT]",
                   "Write the changes between two points as IATA SSM/ASM schedule change messages",
                   [](QCommandLineParser& p) {
                       p.addOption(QCommandLineOption(
                           "since",
                           "The earlier point: an event position (0: the empty schedule), a UTC time, an import id, now; "
                           "main or scenario:NAME (that version now; NAME@POINT or main@POINT: as of a point).",
                           "POINT"));
                       p.addOption(QCommandLineOption("until", "The later point (default: now), in the same grammar.", "POINT"));
                       p.addOption(QCommandLineOption("time-mode", "LT (local times, the default) or UTC.", "LT|UTC"));
                   },
                   export_ssm_cmd, 0, 1, StoreUse::Maintains});
    out.push_back({"import-ssm", "FILE [--dry-run] [--json]",
                   "Apply IATA SSM/ASM schedule change messages (the whole file or nothing)",
                   [](QCommandLineParser& p) {
                       p.addOption(QCommandLineOption("dry-run", "Check and report; write nothing."));
                       p.addOption(QCommandLineOption("json", "Report each message's outcome as JSON."));
                   },
                   import_ssm_cmd, 1, 1, StoreUse::Creates});
}

}  // namespace rotaplan::cli
