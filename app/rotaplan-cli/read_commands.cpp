// The commands that read the schedule: now, or --as-of an earlier point.
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "cli.h"
#include "core/local_time.h"
#include "storage/open_store.h"
#include "storage/projections/checkpoints.h"
#include "storage/projections/projections.h"
#include "storage/projections/queries.h"
#include "storage/projections/time_zones.h"
#include "storage/sync/replica.h"

namespace rotaplan::cli {

namespace {

using nlohmann::json;
using storage::Database;
using storage::EventStore;

void as_of_option(QCommandLineParser& p) {
    p.addOption(QCommandLineOption("as-of", "Answer as of an event position or a UTC time.", "TIME|POSITION"));
}
void json_option(QCommandLineParser& p) { p.addOption(QCommandLineOption("json", "Print JSON.")); }
void json_and_as_of(QCommandLineParser& p) {
    json_option(p);
    as_of_option(p);
}

// Runs `query` on the projections of now, or of --as-of (replayed into a scratch database).
template <class Query>
int with_projections(const Globals& g, QCommandLineParser& p, Query query) {
    ReadVersion version(g);
    Database& db = version.db;
    EventStore events(db, version.lineage);
    auto up_to = as_of_position(events, p);
    if (up_to == 0) return query(db, events, events.last_position());
    Database past = storage::project_as_of(events, up_to);
    return query(past, events, std::min(up_to, events.last_position()));
}

std::string time_or_empty(const std::optional<Instant>& t) { return t ? format_instant(*t) : std::string(); }

json leg_json(const storage::LegRow& r) {
    const Leg& l = r.leg;
    return json{{"leg_id", l.id.value.str()},
                {"designator", format_designator(l.designator)},
                {"flight", format_flight_number(l.designator.flight)},
                {"departure", l.designator.departure.str()},
                {"arrival", l.arrival.str()},
                {"day_of_origin", format_date(l.designator.day_of_origin)},
                {"std", format_instant(l.std_utc)},
                {"sta", format_instant(l.sta_utc)},
                {"aircraft_type", l.aircraft_type.str()},
                {"service_type", std::string(1, l.service_type)},
                {"rotation", r.rotation_name.empty() ? json(nullptr) : json(r.rotation_name)},
                {"airplane", r.airplane.empty() ? json(nullptr) : json(r.airplane)}};
}

int stats_cmd(const Globals& g, QCommandLineParser& p) {
    return with_projections(g, p, [&](Database& db, EventStore& events, std::int64_t position) {
        auto s = storage::stats(db, position);
        // Sync state is of the store now, whatever --as-of says.
        auto sync = storage::sync_counts(events.database());
        auto pending = sync.pending, conflicts = sync.conflicts;
        if (p.isSet("json")) {
            std::cout << json{{"events", s.events},
                              {"legs", s.legs},
                              {"rotations", s.rotations},
                              {"airplanes", s.airplanes},
                              {"airports", s.airports},
                              {"position", position},
                              {"pending_sync", pending},
                              {"sync_conflicts", conflicts},
                              {"sync_quarantined", sync.quarantined},
                              {"planner", sync.planner.empty() ? json(nullptr) : json(sync.planner)}}
                             .dump()
                      << "\n";
        } else {
            std::printf("events     %lld\nlegs       %lld\nrotations  %lld\nairplanes  %lld\nairports   %lld\n"
                        "pending    %lld\nconflicts  %lld\nunreadable %lld\nplanner    %s\n",
                        (long long)s.events, (long long)s.legs, (long long)s.rotations, (long long)s.airplanes,
                        (long long)s.airports, (long long)pending, (long long)conflicts, (long long)sync.quarantined,
                        sync.planner.empty() ? "(not bound: the first sync binds it)" : sync.planner.c_str());
        }
        return kOk;
    });
}

int legs_cmd(const Globals& g, QCommandLineParser& p) {
    return with_projections(g, p, [&](Database& db, EventStore&, std::int64_t) {
        std::optional<RotationId> rotation;
        if (p.isSet("rotation")) rotation = resolve_rotation(db, p.value("rotation"));
        auto rows = storage::legs(db, rotation);
        // --local: each time on its airport's clock, as the desktop's View >
        // Local times and export-ssim's local mode find it (core/local_time.h).
        const bool local = p.isSet("local");
        AirportClocks clocks;
        std::unordered_map<std::uint64_t, LegOffsets> from_files;
        if (local) {
            clocks = storage::airport_clocks(db);
            from_files = storage::file_utc_variations(db);
        }
        auto offsets = [&](const Leg& l) {
            auto file = l.attributes ? from_files.find(l.attributes) : from_files.end();
            return leg_offsets(l, clocks, file == from_files.end() ? LegOffsets{} : file->second);
        };
        if (p.isSet("json")) {
            json out = json::array();
            for (const auto& r : rows) {
                json j = leg_json(r);
                if (local) {
                    LegOffsets o = offsets(r.leg);
                    j["std_local"] = format_instant(r.leg.std_utc, o.departure);
                    j["sta_local"] = format_instant(r.leg.sta_utc, o.arrival);
                }
                out.push_back(std::move(j));
            }
            std::cout << out.dump() << "\n";
            return kOk;
        }
        std::printf("%-24s %-4s %-4s %-22s %-22s %-4s %-16s %s\n", "DESIGNATOR", "DEP", "ARR",
                    local ? "STD (local)" : "STD (UTC)", local ? "STA (local)" : "STA (UTC)", "TYPE", "ROTATION", "AIRPLANE");
        for (const auto& r : rows) {
            LegOffsets o = local ? offsets(r.leg) : LegOffsets{};
            std::printf("%-24s %-4s %-4s %-22s %-22s %-4s %-16s %s\n", format_designator(r.leg.designator).c_str(),
                        r.leg.designator.departure.str().c_str(), r.leg.arrival.str().c_str(),
                        format_instant(r.leg.std_utc, o.departure).c_str(), format_instant(r.leg.sta_utc, o.arrival).c_str(),
                        r.leg.aircraft_type.str().c_str(), r.rotation_name.empty() ? "-" : r.rotation_name.c_str(),
                        r.airplane.empty() ? "-" : r.airplane.c_str());
        }
        return kOk;
    });
}

int rotations_cmd(const Globals& g, QCommandLineParser& p) {
    return with_projections(g, p, [&](Database& db, EventStore&, std::int64_t) {
        auto rows = storage::rotations(db);
        if (p.isSet("json")) {
            json out = json::array();
            for (const auto& r : rows)
                out.push_back({{"rotation_id", r.id.value.str()},
                               {"name", r.name},
                               {"airplane", r.airplane.empty() ? json(nullptr) : json(r.airplane)},
                               {"legs", r.legs},
                               {"first_std", r.first_std ? json(format_instant(*r.first_std)) : json(nullptr)},
                               {"last_sta", r.last_sta ? json(format_instant(*r.last_sta)) : json(nullptr)}});
            std::cout << out.dump() << "\n";
            return kOk;
        }
        std::printf("%-20s %-10s %6s  %-17s %-17s\n", "ROTATION", "AIRPLANE", "LEGS", "FIRST STD", "LAST STA");
        for (const auto& r : rows)
            std::printf("%-20s %-10s %6lld  %-17s %-17s\n", r.name.c_str(), r.airplane.empty() ? "-" : r.airplane.c_str(),
                        (long long)r.legs, time_or_empty(r.first_std).c_str(), time_or_empty(r.last_sta).c_str());
        return kOk;
    });
}

int airplanes_cmd(const Globals& g, QCommandLineParser& p) {
    return with_projections(g, p, [&](Database& db, EventStore&, std::int64_t) {
        auto rows = storage::airplanes(db);
        if (p.isSet("json")) {
            json out = json::array();
            for (const auto& r : rows)
                out.push_back({{"registration", r.registration},
                               {"aircraft_type", r.aircraft_type},
                               {"min_ground_minutes", r.min_ground_minutes},
                               {"rotation", r.rotation_name.empty() ? json(nullptr) : json(r.rotation_name)}});
            std::cout << out.dump() << "\n";
            return kOk;
        }
        std::printf("%-10s %-5s %5s  %s\n", "AIRPLANE", "TYPE", "MGT", "ROTATION");
        for (const auto& r : rows)
            std::printf("%-10s %-5s %5d  %s\n", r.registration.c_str(), r.aircraft_type.c_str(), r.min_ground_minutes,
                        r.rotation_name.empty() ? "-" : r.rotation_name.c_str());
        return kOk;
    });
}

int airports_cmd(const Globals& g, QCommandLineParser& p) {
    return with_projections(g, p, [&](Database& db, EventStore&, std::int64_t) {
        auto rows = storage::airports(db);
        if (p.isSet("json")) {
            json out = json::array();
            for (const auto& r : rows)
                out.push_back({{"airport", r.airport},
                               {"name", r.name},
                               {"min_ground_minutes", r.min_ground_minutes},
                               {"utc_offset_minutes", r.utc_offset_minutes ? json(*r.utc_offset_minutes) : json(nullptr)},
                               {"time_zone", r.time_zone.empty() ? json(nullptr) : json(r.time_zone)}});
            std::cout << out.dump() << "\n";
            return kOk;
        }
        std::printf("%-7s %5s  %-6s  %-30s  %s\n", "AIRPORT", "MGT", "OFFSET", "TIME ZONE", "NAME");
        for (const auto& r : rows) {
            std::string offset = "-", zone = r.time_zone.empty() ? "-" : r.time_zone;
            if (r.utc_offset_minutes) offset = format_utc_offset(*r.utc_offset_minutes);
            if (!r.time_zone.empty() && !storage::time_zone(r.time_zone)) zone += " (unknown here)";
            std::printf("%-7s %5d  %-6s  %-30s  %s\n", r.airport.c_str(), r.min_ground_minutes, offset.c_str(),
                        zone.c_str(), r.name.c_str());
        }
        return kOk;
    });
}

int history_cmd(const Globals& g, QCommandLineParser& p) {
    return with_projections(g, p, [&](Database& db, EventStore& events, std::int64_t up_to) {
        QString target = p.positionalArguments()[0];
        std::string t = text(target);
        std::vector<storage::HistoryEntry> entries;
        if (t.find('/') != std::string::npos || Uuid::parse(t)) {
            entries = storage::leg_history(events, resolve_leg(db, target), up_to);
        } else if (auto rotation = storage::find_rotation(db, t)) {
            entries = storage::stream_history(events, rotation_stream(*rotation), up_to);
        } else if (check_registration(t).empty() &&
                   events.stream_version(airplane_stream(Registration::from(t))) > 0) {
            entries = storage::stream_history(events, airplane_stream(Registration::from(t)), up_to);
        } else {
            rejected_error("no rotation, airplane or leg named " + t);
        }
        if (p.isSet("json")) {
            json out = json::array();
            for (const auto& e : entries)
                out.push_back({{"position", e.position},
                               {"time", e.recorded_at},
                               {"planner", e.planner},
                               {"made_as", e.local_planner.empty() ? json(nullptr) : json(e.local_planner)},
                               {"host", e.host},
                               {"command", e.command},
                               {"stream", e.stream},
                               {"event", e.type},
                               {"what", e.description}});
            std::cout << out.dump() << "\n";
            return kOk;
        }
        for (const auto& e : entries) {
            std::string who = e.local_planner.empty() ? e.planner : e.planner + " (as " + e.local_planner + ")";
            std::printf("%8lld  %s  %-12s %-18s %s\n", (long long)e.position, e.recorded_at.c_str(), who.c_str(),
                        e.command.c_str(), e.description.c_str());
        }
        return kOk;
    });
}

int rebuild_cmd(const Globals& g, QCommandLineParser&) {
    Database db = storage::open_store(g.db_path);
    auto n = storage::rebuild_projections(db);
    std::cout << "replayed " << n << " events\n";
    return kOk;
}

int checkpoint_cmd(const Globals& g, QCommandLineParser&) {
    Database db = storage::open_store(g.db_path);
    auto written = storage::take_checkpoints(db);
    std::int64_t bytes = 0;
    std::string at;
    for (const auto& c : storage::checkpoint_list(db)) {
        bytes += c.bytes;
        at += (at.empty() ? "" : ", ") + std::to_string(c.position);
    }
    std::cout << "took " << written << " checkpoints; kept at events " << (at.empty() ? "(none)" : at) << ", "
              << (bytes + 1023) / 1024 << " KB\n";
    return kOk;
}

}  // namespace

void add_read_commands(std::vector<Command>& out) {
    out.push_back({"stats", "[--json] [--as-of TIME|POSITION]", "Count events, legs, rotations, airplanes, airports",
                   json_and_as_of, stats_cmd, 0, 0});
    out.push_back({"legs", "[--rotation NAME] [--local] [--json] [--as-of TIME|POSITION]", "List legs",
                   [](QCommandLineParser& p) {
                       p.addOption(QCommandLineOption("rotation", "Only the legs of this rotation.", "NAME"));
                       p.addOption(QCommandLineOption(
                           "local", "STD and STA in each airport's local time, with its UTC offset "
                                    "(2026-07-02T00:30+02:00); UTC (Z) where an airport's clock is unknown."));
                       json_and_as_of(p);
                   },
                   legs_cmd, 0, 0});
    out.push_back({"rotations", "[--json] [--as-of TIME|POSITION]", "List rotations", json_and_as_of, rotations_cmd, 0, 0});
    out.push_back({"airplanes", "[--json] [--as-of TIME|POSITION]", "List airplanes", json_and_as_of, airplanes_cmd, 0, 0});
    out.push_back({"airports", "[--json] [--as-of TIME|POSITION]", "List airports", json_and_as_of, airports_cmd, 0, 0});
    out.push_back({"history", "ROTATION|REG|LEG [--json] [--as-of TIME|POSITION]",
                   "Who changed a rotation, airplane or leg, and when", json_and_as_of, history_cmd, 1, 1});
    out.push_back({"rebuild-projections", "", "Replay every event into fresh read models",
                   [](QCommandLineParser&) {}, rebuild_cmd, 0, 0, StoreUse::Maintains});
    out.push_back({"checkpoint", "", "Keep the schedule at a few points of its history, so that --as-of answers quickly",
                   [](QCommandLineParser&) {}, checkpoint_cmd, 0, 0, StoreUse::Maintains});
}

}  // namespace rotaplan::cli
