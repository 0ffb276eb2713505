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
// "now"; "scenario:NAME" is where scenarios will plug in.
std::int64_t resolve_point(storage::EventStore& events, const QString& value, const char* option) {
    const std::string name = std::string("--") + option;
    const std::string v = text(value).empty() ? std::string() : text(value);
    if (v == "now" || v == "main") return events.last_position();
    if (v.rfind("scenario:", 0) == 0)
        usage_error(name + ": " + v + ": scenarios are not available yet; give a time, an event position or an import id");
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
    QCommandLineParser p;
    p.addOption(QCommandLineOption(option, "", "POINT"));
    p.parse({"x", QString("--") + option, value});
    return position_option(events, p, option);
}

int export_ssm_cmd(const Globals& g, QCommandLineParser& p) {
    if (!p.isSet("since")) usage_error("export-ssm needs --since POINT (a time, an event position, an import id)");
    ssm::TimeMode mode = ssm::TimeMode::Local;
    if (p.isSet("time-mode")) {
        QString m = p.value("time-mode").toUpper();
        if (m == "UTC") mode = ssm::TimeMode::Utc;
        else if (m != "LT") usage_error("--time-mode: \"" + text(p.value("time-mode")) + "\" is LT or UTC");
    }
    const bool to_file = !p.positionalArguments().isEmpty();
    // The sequence number moves on only when the messages are written to a file.
    storage::Database db = storage::open_store(g.db_path, !to_file);
    storage::EventStore events(db);
    const std::int64_t last = events.last_position();
    const std::int64_t from = std::min(resolve_point(events, p.value("since"), "since"), last);
    const std::int64_t to = p.isSet("until") ? std::min(resolve_point(events, p.value("until"), "until"), last) : last;
    if (from > to)
        usage_error("--since (event " + std::to_string(from) + ") is after --until (event " + std::to_string(to) + "): the earlier point comes first");
    const Date today = date_of(*parse_instant(storage::now_iso_millis().substr(0, 16) + "Z"));
    const std::int64_t group = storage::next_message_group(db);
    auto result = storage::export_ssm_between(db, events, from, to, mode, today, group);
    if (result.error) rejected_error(*result.error + " (nothing was written)");
    if (!to_file) {
        std::cout << result.text;
        std::cerr << result.summary() << ", events " << from << " to " << to << "\n";
        return kOk;
    }
    const QString path = p.positionalArguments()[0];
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly) || out.write(result.text.data(), qint64(result.text.size())) != qint64(result.text.size()) ||
        !out.commit())
        usage_error("cannot write " + text(path) + ": " + text(out.errorString()));
    storage::take_message_groups(db, result.group, result.groups);
    std::cout << "exported " << result.summary() << " to " << text(path) << " (events " << from << " to " << to << ")\n";
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
                           "since", "The earlier point: an event position (0: the empty schedule), a UTC time, an import id.", "POINT"));
                       p.addOption(QCommandLineOption("until", "The later point (default: now).", "POINT"));
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
