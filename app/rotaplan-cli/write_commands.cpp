// The commands that change the schedule. Each is one planner command, decided
// by core/planning and committed in one durable transaction.
#include <iostream>

#include "cli.h"
#include "storage/imports/demo_schedule.h"
#include "storage/projections/queries.h"
#include "storage/projections/time_zones.h"
#include "storage/eventstore/system_mint.h"

namespace rotaplan::cli {

namespace {

using storage::ScheduleStore;

QCommandLineOption opt(const char* name, const char* help, const char* value = nullptr) {
    return value ? QCommandLineOption(name, help, value) : QCommandLineOption(name, help);
}

RotationId new_rotation_id() { return storage::system_mint().rotation(); }

Leg leg_from_options(storage::Database& db, QCommandLineParser& p) {
    for (const char* required : {"flight", "dep", "arr", "std", "sta"})
        if (!p.isSet(required)) usage_error(std::string("--") + required + " is required");
    Leg leg;
    leg.id = storage::system_mint().leg();
    std::string why;
    auto flight = parse_flight_number(text(p.value("flight")), &why);
    if (!flight) usage_error("--flight \"" + text(p.value("flight")) + "\": " + why);
    leg.designator.flight = *flight;
    leg.designator.departure = parse_airport_arg(p.value("dep"), "--dep");
    leg.arrival = parse_airport_arg(p.value("arr"), "--arr");
    leg.std_utc = parse_time_arg(p.value("std"), "--std");
    leg.sta_utc = parse_time_arg(p.value("sta"), "--sta");
    if (leg.sta_utc <= leg.std_utc) usage_error("--sta must be after --std");
    leg.aircraft_type = parse_type_arg(p.value("type"));
    QString service = p.value("service");
    if (service.size() != 1 || !service[0].isUpper()) usage_error("--service is one capital letter, e.g. J");
    leg.service_type = char(service[0].toLatin1());
    if (p.isSet("day-of-origin")) {
        auto day = parse_date(text(p.value("day-of-origin")));
        if (!day) usage_error("--day-of-origin \"" + text(p.value("day-of-origin")) + "\" is not a date YYYY-MM-DD");
        leg.designator.day_of_origin = *day;
    } else {
        // The day of origin is the local date at departure: by the airport's time
        // zone, else its fixed offset, else the UTC date (core/local_time.h).
        leg.designator.day_of_origin = local_date(storage::airport_clocks(db), leg.designator.departure, leg.std_utc);
    }
    return leg;
}

int create_rotation(const Globals& g, QCommandLineParser& p) {
    ScheduleStore store(g.db_path, g.scenario);
    auto name = text(p.positionalArguments()[0]);
    run_command(store, CreateRotation{new_rotation_id(), name}, g);
    std::cout << "created rotation " << name << "\n";
    return kOk;
}

int rename_rotation(const Globals& g, QCommandLineParser& p) {
    ScheduleStore store(g.db_path, g.scenario);
    auto id = resolve_rotation(store.database(), p.positionalArguments()[0]);
    run_command(store, RenameRotation{id, text(p.positionalArguments()[1])}, g);
    return kOk;
}

int delete_rotation(const Globals& g, QCommandLineParser& p) {
    ScheduleStore store(g.db_path, g.scenario);
    auto id = resolve_rotation(store.database(), p.positionalArguments()[0]);
    run_command(store, DeleteRotation{id}, g);
    return kOk;
}

int add_leg(const Globals& g, QCommandLineParser& p) {
    ScheduleStore store(g.db_path, g.scenario);
    QString target = p.positionalArguments()[0];
    std::optional<RotationId> rotation;
    if (target != "-") rotation = resolve_rotation(store.database(), target);
    Leg leg = leg_from_options(store.database(), p);
    run_command(store, AddLegs{rotation, {leg}}, g);
    std::cout << "added leg " << format_designator(leg.designator) << " (" << leg.id.value.str() << ")"
              << (rotation ? " to rotation " + text(target) : std::string(" outside any rotation")) << "\n";
    return kOk;
}

int remove_leg(const Globals& g, QCommandLineParser& p) {
    ScheduleStore store(g.db_path, g.scenario);
    LegId leg = resolve_leg(store.database(), p.positionalArguments()[0]);
    auto row = storage::find_leg(store.database(), leg);
    if (!row->rotation) rejected_error("leg " + text(p.positionalArguments()[0]) + " is in no rotation");
    run_command(store, MoveLegs{{leg}, std::nullopt}, g);
    return kOk;
}

int move_leg(const Globals& g, QCommandLineParser& p) {
    ScheduleStore store(g.db_path, g.scenario);
    LegId leg = resolve_leg(store.database(), p.positionalArguments()[0]);
    QString target = p.positionalArguments()[1];
    std::optional<RotationId> to;
    if (target != "-") to = resolve_rotation(store.database(), target);
    run_command(store, MoveLegs{{leg}, to}, g);
    return kOk;
}

int retime_leg(const Globals& g, QCommandLineParser& p) {
    ScheduleStore store(g.db_path, g.scenario);
    LegId leg = resolve_leg(store.database(), p.positionalArguments()[0]);
    auto row = storage::find_leg(store.database(), leg);
    rotation::LegTimes times{leg, row->leg.std_utc, row->leg.sta_utc};
    if (p.isSet("by")) {
        if (p.isSet("std") || p.isSet("sta")) usage_error("give either --by or --std/--sta");
        int by = parse_int(p.value("by"), "--by", -7 * 1440, 7 * 1440);
        times.std_utc = times.std_utc + by;
        times.sta_utc = times.sta_utc + by;
    } else {
        if (!p.isSet("std") && !p.isSet("sta")) usage_error("give --std and/or --sta, or --by MINUTES");
        if (p.isSet("std")) times.std_utc = parse_time_arg(p.value("std"), "--std");
        if (p.isSet("sta")) times.sta_utc = parse_time_arg(p.value("sta"), "--sta");
        if (auto why = check_leg_times(times.std_utc, times.sta_utc); !why.empty()) usage_error(why);
    }
    run_command(store, RetimeLegs{{times}}, g);
    return kOk;
}

int delete_leg(const Globals& g, QCommandLineParser& p) {
    ScheduleStore store(g.db_path, g.scenario);
    LegId leg = resolve_leg(store.database(), p.positionalArguments()[0]);
    run_command(store, DeleteLegs{{leg}}, g);
    return kOk;
}

int add_airplane(const Globals& g, QCommandLineParser& p) {
    if (!p.isSet("type")) usage_error("--type is required");
    ScheduleStore store(g.db_path, g.scenario);
    auto reg = parse_registration_arg(p.positionalArguments()[0]);
    run_command(store,
                RegisterAirplane{reg, parse_type_arg(p.value("type")), parse_int(p.value("mgt"), "--mgt", 0, 1440)}, g);
    return kOk;
}

int update_airplane(const Globals& g, QCommandLineParser& p) {
    ScheduleStore store(g.db_path, g.scenario);
    auto reg = parse_registration_arg(p.positionalArguments()[0]);
    auto plane = store.reader().airplane(reg);
    if (!plane->state.exists) rejected_error("no airplane " + reg.str() + " is registered");
    AircraftType type = p.isSet("type") ? parse_type_arg(p.value("type")) : plane->state.aircraft_type;
    int mgt = p.isSet("mgt") ? parse_int(p.value("mgt"), "--mgt", 0, 1440) : plane->state.min_ground_minutes;
    run_command(store, UpdateAirplane{reg, type, mgt}, g);
    return kOk;
}

int remove_airplane(const Globals& g, QCommandLineParser& p) {
    ScheduleStore store(g.db_path, g.scenario);
    run_command(store, RemoveAirplane{parse_registration_arg(p.positionalArguments()[0])}, g);
    return kOk;
}

int assign(const Globals& g, QCommandLineParser& p) {
    ScheduleStore store(g.db_path, g.scenario);
    auto reg = parse_registration_arg(p.positionalArguments()[0]);
    auto rotation = resolve_rotation(store.database(), p.positionalArguments()[1]);
    run_command(store, AssignAirplane{reg, rotation}, g);
    return kOk;
}

int unassign(const Globals& g, QCommandLineParser& p) {
    ScheduleStore store(g.db_path, g.scenario);
    run_command(store, UnassignAirplane{parse_registration_arg(p.positionalArguments()[0])}, g);
    return kOk;
}

int set_airport(const Globals& g, QCommandLineParser& p) {
    ScheduleStore store(g.db_path, g.scenario);
    auto code = parse_airport_arg(p.positionalArguments()[0], "airport");
    auto port = store.reader().airport(code);
    if (!p.isSet("mgt") && !port->state.exists) usage_error("--mgt is required for a new airport");
    int mgt = p.isSet("mgt") ? parse_int(p.value("mgt"), "--mgt", 0, 1440) : port->state.min_ground_minutes;
    if (!p.isSet("name") && !p.isSet("utc-offset") && !p.isSet("time-zone") && port->state.exists) {
        run_command(store, SetAirportMinimumGroundTime{code, mgt}, g);
        return kOk;
    }
    std::string name = p.isSet("name") ? text(p.value("name")) : port->state.name;
    std::optional<int> offset = port->state.utc_offset_minutes;
    if (p.isSet("utc-offset")) {
        offset = parse_utc_offset(p.value("utc-offset").toStdString());
        if (!offset) usage_error("--utc-offset \"" + text(p.value("utc-offset")) + "\" is not like +01:00 or -05:00");
    }
    std::string zone = p.isSet("time-zone") ? text(p.value("time-zone")) : port->state.time_zone;
    if (p.isSet("time-zone") && !zone.empty())  // "" takes the zone away
        if (auto why = storage::check_time_zone(zone); !why.empty()) usage_error("--time-zone \"" + zone + "\": " + why);
    run_command(store, DefineAirport{code, mgt, name, offset, zone}, g);
    return kOk;
}

int demo(const Globals& g, QCommandLineParser&) {
    ScheduleStore store(g.db_path, g.scenario);
    if (!storage::load_demo_schedule(store, g.context)) {
        std::cout << "the schedule already holds events; the demo is loaded only into an empty one\n";
        return kOk;
    }
    std::cout << "loaded the demo schedule into " << g.db_path << "\n";
    return kOk;
}

}  // namespace

void add_write_commands(std::vector<Command>& out) {
    auto none = [](QCommandLineParser&) {};
    out.push_back({"create-rotation", "NAME", "Create an empty rotation", none,
                   create_rotation, 1, 1, StoreUse::Creates});
    out.push_back({"rename-rotation", "NAME NEW_NAME", "Rename a rotation", none,
                   rename_rotation, 2, 2, StoreUse::Creates});
    out.push_back({"delete-rotation", "NAME", "Delete a rotation; its legs stay, outside any rotation", none,
                   delete_rotation, 1, 1, StoreUse::Creates});
    out.push_back({"add-leg", "ROTATION|- --flight XQ100[A] --dep FRA --arr MUC --std TIME --sta TIME",
                   "Create a leg in a rotation (- : outside any rotation)",
                   [](QCommandLineParser& p) {
                       p.addOption(opt("flight", "Airline, flight number and optional suffix, e.g. XQ100A.", "FLIGHT"));
                       p.addOption(opt("dep", "Departure airport (IATA).", "IATA"));
                       p.addOption(opt("arr", "Arrival airport (IATA).", "IATA"));
                       p.addOption(opt("std", "Scheduled departure, UTC, e.g. 2026-04-01T06:00Z.", "TIME"));
                       p.addOption(opt("sta", "Scheduled arrival, UTC.", "TIME"));
                       QCommandLineOption type("type", "Aircraft type (IATA), default 320.", "TYPE", "320");
                       p.addOption(type);
                       QCommandLineOption service("service", "Service type, default J.", "LETTER", "J");
                       p.addOption(service);
                       p.addOption(opt("day-of-origin",
                                       "Day of origin; default the local date of departure, by the airport's time "
                                       "zone, else its UTC offset, else UTC.",
                                       "DATE"));
                   },
                   add_leg, 1, 1, StoreUse::Creates});
    out.push_back({"remove-leg", "LEG", "Take a leg out of its rotation (it stays in the schedule)", none,
                   remove_leg, 1, 1, StoreUse::Creates});
    out.push_back({"move-leg", "LEG ROTATION|-", "Move a leg into another rotation (- : out of any rotation)", none,
                   move_leg, 2, 2, StoreUse::Creates});
    out.push_back({"retime-leg", "LEG [--std TIME] [--sta TIME] [--by MINUTES]", "Change a leg's STD and STA",
                   [](QCommandLineParser& p) {
                       p.addOption(opt("std", "New scheduled departure, UTC.", "TIME"));
                       p.addOption(opt("sta", "New scheduled arrival, UTC.", "TIME"));
                       p.addOption(opt("by", "Shift both times by MINUTES (negative: earlier).", "MINUTES"));
                   },
                   retime_leg, 1, 1, StoreUse::Creates});
    out.push_back({"delete-leg", "LEG", "Delete a leg that is in no rotation", none,
                   delete_leg, 1, 1, StoreUse::Creates});
    auto airplane_options = [](QCommandLineParser& p) {
        p.addOption(opt("type", "Aircraft type (IATA), e.g. 320.", "TYPE"));
        QCommandLineOption mgt("mgt", "Minimum ground time in minutes.", "MINUTES", "0");
        p.addOption(mgt);
    };
    out.push_back({"add-airplane", "REG --type TYPE [--mgt MINUTES]", "Register an airplane", airplane_options,
                   add_airplane, 1, 1, StoreUse::Creates});
    out.push_back({"update-airplane", "REG [--type TYPE] [--mgt MINUTES]", "Change an airplane's type or minimum ground time",
                   [](QCommandLineParser& p) {
                       p.addOption(opt("type", "Aircraft type (IATA).", "TYPE"));
                       p.addOption(opt("mgt", "Minimum ground time in minutes.", "MINUTES"));
                   },
                   update_airplane, 1, 1, StoreUse::Creates});
    out.push_back({"remove-airplane", "REG", "Remove an airplane (unassigning it first)", none,
                   remove_airplane, 1, 1, StoreUse::Creates});
    out.push_back({"assign", "REG ROTATION", "Assign an airplane to a rotation", none,
                   assign, 2, 2, StoreUse::Creates});
    out.push_back({"unassign", "REG", "Take an airplane off its rotation", none, unassign, 1, 1, StoreUse::Creates});
    out.push_back({"set-airport", "IATA --mgt MINUTES [--name NAME] [--time-zone ZONE] [--utc-offset +HH:MM]",
                   "Define an airport or set its minimum ground time",
                   [](QCommandLineParser& p) {
                       p.addOption(opt("mgt", "Minimum ground time in minutes.", "MINUTES"));
                       p.addOption(opt("name", "Airport name.", "NAME"));
                       p.addOption(opt("time-zone",
                                       "IANA time zone, e.g. Europe/Berlin: local times and days of origin follow "
                                       "its daylight saving (the system's tzdata). \"\" removes it.",
                                       "ZONE"));
                       p.addOption(opt("utc-offset",
                                       "Fixed UTC offset, e.g. +01:00: used where the airport has no time zone.",
                                       "OFFSET"));
                   },
                   set_airport, 1, 1, StoreUse::Creates});
    out.push_back({"demo", "", "Load a small demo schedule into an empty database", none,
                   demo, 0, 0, StoreUse::Creates});
}

}  // namespace rotaplan::cli
