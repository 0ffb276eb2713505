// validate: what is wrong with the schedule, from the validation read model.
//
//   exit 0  the schedule is valid
//   exit 1  it has violations
//   exit 2  error (bad option, unknown rotation, not a store)
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli.h"
#include "storage/projections/queries.h"
#include "storage/open_store.h"
#include "storage/projections/validation_report.h"

namespace rotaplan::cli {

namespace {

using nlohmann::json;
using validation::Constraint;

json leg_json(const storage::LegRow& r) {
    const Leg& l = r.leg;
    return json{{"leg_id", l.id.value.str()},
                {"designator", format_designator(l.designator)},
                {"departure", l.designator.departure.str()},
                {"arrival", l.arrival.str()},
                {"std", format_instant(l.std_utc)},
                {"sta", format_instant(l.sta_utc)},
                {"rotation", r.rotation_name.empty() ? json(nullptr) : json(r.rotation_name)}};
}

json item_json(const storage::ViolationItem& i) {
    json legs = json::array();
    for (const auto& l : i.legs) legs.push_back(leg_json(l));
    json out{{"constraint", validation::constraint_name(i.constraint)}, {"legs", legs}};
    if (i.constraint == Constraint::DesignatorUniqueness) {
        out["designator"] = i.designator;
    } else {
        out["rotation"] = i.rotation;
        out["airplane"] = i.airplane.empty() ? json(nullptr) : json(i.airplane);
    }
    if (i.constraint == Constraint::MinimumGroundTime) {
        out["actual_minutes"] = i.actual_minutes;
        out["required_minutes"] = i.required_minutes;
    }
    return out;
}

std::string hhmm(Instant t) { return format_instant(t).substr(11, 5) + "Z"; }

std::string leg_text(const storage::LegRow& r) {
    const Leg& l = r.leg;
    return format_designator(l.designator) + " " + l.designator.departure.str() + "-" + l.arrival.str() + " " +
           hhmm(l.std_utc) + "-" + hhmm(l.sta_utc);
}

void print_text(const storage::ValidationReport& r) {
    std::cout << "schedule: " << r.legs << " legs, " << r.rotations << " rotations: ";
    if (r.valid()) {
        std::cout << "valid\n";
        return;
    }
    std::cout << r.items.size() + r.duplicate_rotation_names.size() << " violations\n";
    const struct {
        Constraint c;
        const char* title;
        int count;
    } sections[] = {{Constraint::Continuity, "Rotation continuity", r.continuity},
                    {Constraint::MinimumGroundTime, "Minimum ground time", r.min_ground_time},
                    {Constraint::DesignatorUniqueness, "Flight designator uniqueness", r.designator_uniqueness}};
    for (const auto& s : sections) {
        if (s.count == 0) continue;
        std::cout << "\n" << s.title << " (" << s.count << ")\n";
        for (const auto& i : r.items) {
            if (i.constraint != s.c) continue;
            if (s.c == Constraint::DesignatorUniqueness) {
                std::cout << "  " << i.designator << " names " << i.legs.size() << " legs:\n";
                for (const auto& l : i.legs)
                    std::cout << "    " << leg_text(l) << "  "
                              << (l.rotation_name.empty() ? std::string("(no rotation)") : "(rotation " + l.rotation_name + ")")
                              << "\n";
                continue;
            }
            std::cout << "  rotation " << i.rotation << " (" << (i.airplane.empty() ? "no airplane" : i.airplane) << "): "
                      << leg_text(i.legs[0]) << " then " << leg_text(i.legs[1]);
            if (s.c == Constraint::Continuity)
                std::cout << ": arrives " << i.legs[0].leg.arrival.str() << ", departs "
                          << i.legs[1].leg.designator.departure.str() << "\n";
            else
                std::cout << ": ground " << i.actual_minutes << " min, required " << i.required_minutes << "\n";
        }
    }
    if (!r.duplicate_rotation_names.empty()) {
        std::cout << "\nRotation name uniqueness (" << r.duplicate_rotation_names.size() << ")\n";
        for (const auto& d : r.duplicate_rotation_names) {
            std::cout << "  " << d.name << " names " << d.rotations.size() << " rotations:";
            for (const auto& id : d.rotations) std::cout << " " << id.value.str();
            std::cout << " (rename one by its id: rotaplan-cli rename-rotation ID NEW)\n";
        }
    }
}

int validate_cmd(const Globals& g, QCommandLineParser& p) {
    ReadVersion version(g);
    storage::Database& db = version.db;
    storage::EventStore events(db, version.lineage);
    auto up_to = as_of_position(events, p);
    std::optional<storage::Database> past;
    if (up_to) past.emplace(storage::project_as_of(events, up_to));
    storage::Database& view = past ? *past : db;
    std::optional<RotationId> rotation;
    if (p.isSet("rotation")) {
        // Exit 1 means "has violations" here, so an unknown rotation is an error (2).
        try {
            rotation = resolve_rotation(view, p.value("rotation"));
        } catch (const Failure& f) {
            usage_error(f.what());
        }
    }
    auto report = storage::validation_report(view, rotation);
    if (p.isSet("json")) {
        json items = json::array();
        for (const auto& i : report.items) items.push_back(item_json(i));
        json names = json::array();
        for (const auto& d : report.duplicate_rotation_names) {
            json ids = json::array();
            for (const auto& id : d.rotations) ids.push_back(id.value.str());
            names.push_back({{"name", d.name}, {"rotations", ids}});
        }
        std::cout << json{{"legs", report.legs},
                          {"rotations", report.rotations},
                          {"valid", report.valid()},
                          {"violations",
                           {{"continuity", report.continuity},
                            {"min_ground_time", report.min_ground_time},
                            {"designator_uniqueness", report.designator_uniqueness},
                            {"rotation_name_uniqueness", int(report.duplicate_rotation_names.size())}}},
                          {"items", items},
                          {"duplicate_rotation_names", names}}
                         .dump()
                  << "\n";
    } else {
        print_text(report);
    }
    return report.valid() ? kOk : kRejected;
}

}  // namespace

void add_validate_command(std::vector<Command>& out) {
    out.push_back({"validate", "[--json] [--rotation NAME] [--as-of TIME|POSITION]",
                   "Check continuity, minimum ground times, flight designator and rotation name uniqueness (exit 1: violations)",
                   [](QCommandLineParser& p) {
                       p.addOption(QCommandLineOption("json", "Print JSON."));
                       p.addOption(QCommandLineOption("rotation", "Only this rotation.", "NAME"));
                       p.addOption(QCommandLineOption("as-of", "Validate the schedule as of an event position or a UTC time.",
                                                      "TIME|POSITION"));
                   },
                   validate_cmd, 0, 0});
}

}  // namespace rotaplan::cli
