// Rotations built by the planner's tool rather than by hand: build-rotations
// chains the legs in no rotation with the fewest aircraft; assign-airplanes
// puts idle airplanes onto rotations without one. Both propose first (a dry
// run writes nothing) and otherwise write everything in one transaction.
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli.h"
#include "storage/imports/rotation_building.h"
#include "storage/open_store.h"

namespace rotaplan::cli {

namespace {

using nlohmann::json;

std::optional<Date> date_option(QCommandLineParser& p, const char* name) {
    if (!p.isSet(name)) return std::nullopt;
    auto d = parse_date(text(p.value(name)));
    if (!d) usage_error(std::string("--") + name + ": \"" + text(p.value(name)) + "\" is not a date like 2026-03-29");
    return d;
}

storage::BuildFilter filter_options(QCommandLineParser& p) {
    storage::BuildFilter f;
    f.from = date_option(p, "from");
    f.to = date_option(p, "to");
    if (f.from && f.to && *f.to < *f.from) usage_error("--to is before --from");
    if (p.isSet("airline")) {
        std::string a = text(p.value("airline"));
        if (auto why = check_airline(a); !why.empty()) usage_error("--airline \"" + a + "\": " + why);
        f.airline = AirlineCode::from(a);
    }
    if (p.isSet("type")) f.type = parse_type_arg(p.value("type"));
    return f;
}

std::string hhmm(Instant t) { return format_instant(t); }

void print_proposal(const storage::RotationProposal& rp, bool with_legs) {
    const auto& p = rp.proposal;
    for (std::size_t r = 0; r < p.rotations.size(); ++r) {
        const auto& legs = p.rotations[r];
        const Leg& first = rp.legs[legs.front()];
        const Leg& last = rp.legs[legs.back()];
        std::cout << rp.names[r] << "  " << first.aircraft_type.str() << "  " << legs.size() << " legs  "
                  << first.designator.departure.str() << " " << hhmm(first.std_utc) << " .. " << last.arrival.str() << " "
                  << hhmm(last.sta_utc) << "\n";
        if (with_legs)
            for (auto i : legs) std::cout << "    " << describe(rp.legs[i]) << "\n";
    }
}

void print_fleet(const storage::RotationProposal& rp) {
    const auto& p = rp.proposal;
    std::cout << "fleet needed: " << p.rotations.size() << " aircraft for " << rp.legs.size()
              << " legs in no rotation (lower bound " << p.total_lower_bound() << ")\n";
    for (const auto& [type, n] : p.fleet)
        std::cout << "  " << type.str() << "  " << n << " (lower bound " << p.lower_bound.at(type) << ")\n";
    auto days = rotations::fleet_per_day(rp.legs, p);
    if (days.empty()) return;
    std::cout << "per day (UTC, rotations flying that day):\n";
    for (std::size_t i = 0; i < days.size();) {
        Date d = days[i].day;
        std::cout << "  " << format_date(d);
        for (; i < days.size() && days[i].day == d; ++i) std::cout << "  " << days[i].type.str() << " " << days[i].rotations;
        std::cout << "\n";
    }
}

json proposal_json(const storage::RotationProposal& rp, bool created) {
    const auto& p = rp.proposal;
    json rotations = json::array();
    for (std::size_t r = 0; r < p.rotations.size(); ++r) {
        json legs = json::array();
        for (auto i : p.rotations[r])
            legs.push_back({{"leg_id", rp.legs[i].id.value.str()}, {"designator", format_designator(rp.legs[i].designator)}});
        const Leg& first = rp.legs[p.rotations[r].front()];
        const Leg& last = rp.legs[p.rotations[r].back()];
        rotations.push_back({{"name", rp.names[r]},
                             {"aircraft_type", first.aircraft_type.str()},
                             {"first_std", format_instant(first.std_utc)},
                             {"last_sta", format_instant(last.sta_utc)},
                             {"legs", std::move(legs)}});
    }
    json fleet = json::object(), bound = json::object();
    for (const auto& [type, n] : p.fleet) fleet[type.str()] = n;
    for (const auto& [type, n] : p.lower_bound) bound[type.str()] = n;
    json per_day = json::array();
    for (const auto& d : rotations::fleet_per_day(rp.legs, p))
        per_day.push_back({{"day", format_date(d.day)}, {"aircraft_type", d.type.str()}, {"rotations", d.rotations}});
    return json{{"legs", rp.legs.size()},
                {"rotations", std::move(rotations)},
                {"fleet", std::move(fleet)},
                {"lower_bound", std::move(bound)},
                {"fleet_total", p.rotations.size()},
                {"lower_bound_total", p.total_lower_bound()},
                {"fleet_per_day", std::move(per_day)},
                {"created", created}};
}

int build_rotations_cmd(const Globals& g, QCommandLineParser& p) {
    const auto filter = filter_options(p);
    const bool as_json = p.isSet("json");
    if (p.isSet("dry-run")) {
        storage::Database db = storage::open_store(g.db_path, true);
        auto rp = storage::propose_rotations(db, filter);
        if (as_json) {
            std::cout << proposal_json(rp, false).dump(2) << "\n";
            return kOk;
        }
        print_proposal(rp, p.isSet("legs"));
        print_fleet(rp);
        std::cout << "dry run: " << rp.proposal.rotations.size() << " rotations proposed; nothing was written\n";
        return kOk;
    }
    storage::ScheduleStore store(g.db_path);
    auto rp = storage::propose_rotations(store.database(), filter);
    auto commands = storage::proposal_commands(rp);
    auto result = storage::run_in_one_transaction(store, commands, g.context, storage::worth_bulk(rp));
    if (!result.ok) rejected_error(result.error + " (no rotation was created)");
    if (as_json) {
        std::cout << proposal_json(rp, true).dump(2) << "\n";
        return kOk;
    }
    print_proposal(rp, p.isSet("legs"));
    print_fleet(rp);
    std::cout << "created " << rp.proposal.rotations.size() << " rotations for " << rp.legs.size() << " legs ("
              << result.events << " events, one change " << result.correlation << ")\n";
    return kOk;
}

void print_airplane_plan(const storage::AirplanePlan& plan) {
    for (const auto& a : plan.pairs)
        std::cout << a.rotation_name << "  " << a.airplane.str() << "  (" << a.type.str() << ", its minimum "
                  << a.airplane_minimum << " min, shortest turn "
                  << (a.shortest_turn == rotations::kNoTurn ? std::string("none") : std::to_string(a.shortest_turn) + " min")
                  << ")\n";
    std::cout << plan.rotations_left.size() << " rotations left without an airplane"
              << (plan.rotations_left.empty() ? "" : ":") << "\n";
    for (const auto& r : plan.rotations_left) std::cout << "  " << r.rotation_name << ": " << r.why << "\n";
    std::cout << plan.airplanes_idle.size() << " airplanes left idle" << (plan.airplanes_idle.empty() ? "" : ":") << "\n";
    for (const auto& a : plan.airplanes_idle) std::cout << "  " << a << "\n";
}

json airplane_plan_json(const storage::AirplanePlan& plan, bool assigned) {
    json pairs = json::array(), left = json::array();
    for (const auto& a : plan.pairs)
        pairs.push_back({{"rotation", a.rotation_name},
                         {"airplane", a.airplane.str()},
                         {"aircraft_type", a.type.str()},
                         {"airplane_min_ground_minutes", a.airplane_minimum},
                         {"shortest_turn_minutes", a.shortest_turn == rotations::kNoTurn ? json(nullptr) : json(a.shortest_turn)}});
    for (const auto& r : plan.rotations_left) left.push_back({{"rotation", r.rotation_name}, {"why", r.why}});
    return json{{"assignments", std::move(pairs)},
                {"rotations_left", std::move(left)},
                {"airplanes_idle", plan.airplanes_idle},
                {"assigned", assigned}};
}

int assign_airplanes_cmd(const Globals& g, QCommandLineParser& p) {
    const bool as_json = p.isSet("json");
    if (p.isSet("dry-run")) {
        storage::Database db = storage::open_store(g.db_path, true);
        auto plan = storage::plan_airplanes(db);
        if (as_json) {
            std::cout << airplane_plan_json(plan, false).dump(2) << "\n";
            return kOk;
        }
        print_airplane_plan(plan);
        std::cout << "dry run: " << plan.pairs.size() << " airplanes would be assigned; nothing was written\n";
        return kOk;
    }
    storage::ScheduleStore store(g.db_path);
    auto plan = storage::plan_airplanes(store.database());
    auto result = storage::run_in_one_transaction(store, plan.commands(), g.context);
    if (!result.ok) rejected_error(result.error + " (no airplane was assigned)");
    if (as_json) {
        std::cout << airplane_plan_json(plan, true).dump(2) << "\n";
        return kOk;
    }
    print_airplane_plan(plan);
    std::cout << "assigned " << plan.pairs.size() << " airplanes (" << result.events << " events)\n";
    return kOk;
}

}  // namespace

void add_rotation_commands(std::vector<Command>& out) {
    out.push_back({"build-rotations", "[--from DATE --to DATE] [--airline XX] [--type T] [--dry-run] [--legs] [--json]",
                   "Chain the legs in no rotation into new rotations with the fewest aircraft",
                   [](QCommandLineParser& p) {
                       p.addOption(QCommandLineOption("from", "Only legs whose day of origin is on or after DATE.", "DATE"));
                       p.addOption(QCommandLineOption("to", "Only legs whose day of origin is on or before DATE.", "DATE"));
                       p.addOption(QCommandLineOption("airline", "Only this airline's legs.", "XX"));
                       p.addOption(QCommandLineOption("type", "Only legs of this aircraft type.", "T"));
                       p.addOption(QCommandLineOption("dry-run", "Print the proposal and the fleet needed; write nothing."));
                       p.addOption(QCommandLineOption("legs", "List each rotation's legs as well."));
                       p.addOption(QCommandLineOption("json", "Print JSON (with every rotation's legs)."));
                   },
                   build_rotations_cmd, 0, 0, StoreUse::Maintains});
    out.push_back({"assign-airplanes", "[--dry-run] [--json]",
                   "Put idle airplanes onto rotations without one, by type and minimum ground time",
                   [](QCommandLineParser& p) {
                       p.addOption(QCommandLineOption("dry-run", "Print what would be assigned; write nothing."));
                       p.addOption(QCommandLineOption("json", "Print JSON."));
                   },
                   assign_airplanes_cmd, 0, 0, StoreUse::Maintains});
}

}  // namespace rotaplan::cli
