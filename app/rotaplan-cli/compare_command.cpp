// `rotaplan-cli compare`: what differs between the schedule at two points of
// its log, as a planner reads it; the desktop's "Compare with now" is the same
// comparison (storage/projections/comparison.h).
#include <algorithm>
#include <iostream>
#include <limits>
#include <optional>

#include <nlohmann/json.hpp>

#include "cli.h"
#include "storage/open_store.h"
#include "storage/projections/comparison.h"
#include "storage/projections/queries.h"

namespace rotaplan::cli {

namespace {

using nlohmann::json;

const char* kind_name(storage::ComparisonLine::Kind k) {
    using K = storage::ComparisonLine::Kind;
    switch (k) {
    case K::Rotation: return "rotation";
    case K::Airplane: return "airplane";
    case K::Airport: return "airport";
    case K::LegAdded: return "leg_added";
    case K::LegRemoved: return "leg_removed";
    case K::LegRetimed: return "leg_retimed";
    case K::LegMoved: return "leg_moved";
    case K::LegChanged: return "leg_changed";
    }
    return "?";
}

json counts_json(const storage::ValidationCounts& v) {
    return json{{"continuity", v.continuity}, {"min_ground_time", v.min_ground_time}, {"designator_uniqueness", v.designator_uniqueness}};
}

json line_json(const storage::ComparisonLine& l) {
    json j{{"kind", kind_name(l.kind)}, {"text", l.text}};
    if (l.leg) j["leg_id"] = l.leg->value.str();
    const LegDifference& d = l.difference;
    if (d.any()) {
        j["departure_moved_by"] = d.departure_moved_by;
        j["arrival_moved_by"] = d.arrival_moved_by;
        j["moved"] = d.rotation;
        json changed = json::array();
        if (d.arrival) changed.push_back("arrival");
        if (d.aircraft_type) changed.push_back("aircraft_type");
        if (d.service_type) changed.push_back("service_type");
        if (d.attributes) changed.push_back("ssim_attributes");
        j["changed"] = changed;
    }
    return j;
}

// The counts, the lines and each side's validation, under `first` and `second`.
json comparison_json(const storage::Comparison& c, const char* first, const char* second) {
    json lines = json::array();
    for (const auto& l : c.lines) lines.push_back(line_json(l));
    return json{{"summary", c.summary()},
                {"legs",
                 {{"added", c.legs_added},
                  {"removed", c.legs_removed},
                  {"retimed", c.legs_retimed},
                  {"moved", c.legs_moved},
                  {"changed", c.legs_changed}}},
                {"rotations", {{"created", c.rotations_created}, {"deleted", c.rotations_deleted}, {"renamed", c.rotations_renamed}}},
                {"airplanes_reassigned", c.airplanes_reassigned},
                {"airplanes_changed", c.airplanes_changed},
                {"airports_changed", c.airports_changed},
                {"validation", {{first, counts_json(c.validation_then)}, {second, counts_json(c.validation_now)}}},
                {"lines", lines}};
}

void print_validation(const char* name, int then, int now) {
    std::cout << "  " << name << ": " << then << " -> " << now << "\n";
}

std::string version_name(const std::string& scenario) { return scenario.empty() ? std::string("main") : scenario; }

// Two versions (main, scenarios), either as of a point: --scenario A (or the
// global one) --as-of X --with B --with-as-of Y.
int compare_versions_cmd(const Globals& g, QCommandLineParser& p, const std::string& first, const std::string& second) {
    Globals ga = g, gb = g;
    ga.scenario = first;
    gb.scenario = second;
    ReadVersion a(ga), b(gb);
    storage::EventStore events_a(a.db, a.lineage), events_b(b.db, b.lineage);
    storage::Lineage la = a.lineage, lb = b.lineage;
    std::optional<storage::Database> past_a, past_b;
    if (p.isSet("as-of")) {
        auto at = as_of_position(events_a, p);
        la = la.as_of(at);
        past_a.emplace(storage::project_as_of(events_a, at));
    }
    if (p.isSet("with-as-of")) {
        auto at = position_option(events_b, p, "with-as-of");
        lb = lb.as_of(at);
        past_b.emplace(storage::project_as_of(events_b, at));
    }
    auto c = storage::compare_versions(past_a ? *past_a : a.db, la, past_b ? *past_b : b.db, lb,
                                       std::numeric_limits<std::size_t>::max(), &a.db);
    const std::string name_a = version_name(first) + (p.isSet("as-of") ? " as of " + text(p.value("as-of")) : "");
    const std::string name_b = version_name(second) + (p.isSet("with-as-of") ? " as of " + text(p.value("with-as-of")) : "");
    if (p.isSet("json")) {
        json out = comparison_json(c, "scenario", "with");
        out["scenario"] = version_name(first);
        out["with"] = version_name(second);
        std::cout << out.dump() << "\n";
        return kOk;
    }
    std::cout << name_a << ", compared with " << name_b << ": " << c.summary() << "\n";
    std::cout << "Violations (" << version_name(first) << " -> " << version_name(second) << "):\n";
    print_validation("continuity", c.validation_then.continuity, c.validation_now.continuity);
    print_validation("minimum ground time", c.validation_then.min_ground_time, c.validation_now.min_ground_time);
    print_validation("flight designator uniqueness", c.validation_then.designator_uniqueness, c.validation_now.designator_uniqueness);
    for (const auto& l : c.lines) std::cout << l.text << "\n";
    return kOk;
}

int compare_cmd(const Globals& g, QCommandLineParser& p) {
    const std::string first = p.isSet("scenario") ? text(p.value("scenario")) : g.scenario;
    if (p.isSet("with")) {
        // --with names a version (main or a scenario) or a point of this one.
        std::string with = text(p.value("with"));
        storage::Database probe = storage::open_store(g.db_path, true);
        if (with == "main" || storage::find_scenario(probe, with)) return compare_versions_cmd(g, p, first, with);
    }
    if (p.isSet("with-as-of")) usage_error("compare --with-as-of goes with --with NAME (a scenario, or main)");
    if (!p.isSet("as-of")) usage_error("compare needs --as-of TIME|POSITION (the earlier point), or --with NAME (a scenario, or main)");
    Globals here = g;
    here.scenario = first;
    ReadVersion version(here);
    storage::Database& db = version.db;
    storage::EventStore events(db, version.lineage);
    const std::int64_t last = events.last_position();
    const std::int64_t from = std::min(as_of_position(events, p), last);
    const std::int64_t to = p.isSet("with") ? std::min(position_option(events, p, "with"), last) : last;
    if (from > to)
        usage_error("--as-of (event " + std::to_string(from) + ") is after --with (event " + std::to_string(to) +
                    "): the earlier point comes first");
    storage::Database then = storage::project_as_of(events, from);
    std::optional<storage::Database> replayed;
    if (to < last) replayed.emplace(storage::project_as_of(events, to));
    auto c = storage::compare(then, replayed ? *replayed : db, events, from, to, std::numeric_limits<std::size_t>::max());

    if (p.isSet("json")) {
        json out = comparison_json(c, "as_of", "with");
        out["as_of"] = c.as_of;
        out["with"] = c.now;
        out["with_is_now"] = to == last;
        std::cout << out.dump() << "\n";
        return kOk;
    }
    std::cout << "As of event " << c.as_of << ", compared with event " << c.now << (to == last ? " (now)" : "") << ": "
              << c.summary() << "\n";
    std::cout << "Violations (as of -> with):\n";
    print_validation("continuity", c.validation_then.continuity, c.validation_now.continuity);
    print_validation("minimum ground time", c.validation_then.min_ground_time, c.validation_now.min_ground_time);
    print_validation("flight designator uniqueness", c.validation_then.designator_uniqueness, c.validation_now.designator_uniqueness);
    for (const auto& l : c.lines) std::cout << l.text << "\n";
    return kOk;
}

}  // namespace

void add_compare_command(std::vector<Command>& out) {
    out.push_back({"compare", "--as-of TIME|POSITION [--with TIME|POSITION] | [--scenario A] [--as-of ...] --with B [--with-as-of ...] [--json]",
                   "What differs between two points of the schedule, or two versions (main, scenarios): legs added, "
                   "removed, retimed, moved, changed; rotations; airplanes; violations",
                   [](QCommandLineParser& p) {
                       p.addOption(QCommandLineOption("as-of", "The earlier point: an event position or a UTC time.", "TIME|POSITION"));
                       p.addOption(QCommandLineOption("with", "The later point (default: now), or another version: main or a scenario's name.",
                                                      "TIME|POSITION|NAME"));
                       p.addOption(QCommandLineOption("scenario", "The first version (default: the global --scenario, else main).", "NAME"));
                       p.addOption(QCommandLineOption("with-as-of", "The other version as of a point.", "TIME|POSITION"));
                       p.addOption(QCommandLineOption("json", "Print JSON."));
                   },
                   compare_cmd, 0, 0});
}

}  // namespace rotaplan::cli
