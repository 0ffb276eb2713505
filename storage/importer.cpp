#include "importer.h"

#include <algorithm>
#include <map>

#include "queries.h"
#include "schema.h"
#include "time_zones.h"

namespace rotaplan::storage {

namespace {

using Issue = IssueCommand;

ImportResult run_within(ScheduleStore& store, const ImportSource& source, CommandContext context, const char* kind,
                        int records, const std::function<bool(const IssueCommand&)>& body) {
    RecordImport audit;
    audit.kind = kind;
    audit.records = records;
    return import_within(store, source, std::move(context), std::move(audit), body);
}

// ... and as a transaction of its own: all or nothing.
ImportResult run_import(ScheduleStore& store, const ImportSource& source, CommandContext context, const char* kind,
                        int records, const std::function<bool(const IssueCommand&)>& body) {
    ImportResult result;
    store.in_transaction([&] {
        result = run_within(store, source, std::move(context), kind, records, body);
        return result.ok;
    });
    if (!result.ok) result.events = 0;
    return result;
}

std::string at(const ImportSource& s, int line) { return s.file + ":" + std::to_string(line) + ": "; }

}  // namespace

ImportResult import_within(ScheduleStore& store, const ImportSource& source, CommandContext context, RecordImport audit,
                           const std::function<bool(const IssueCommand&)>& body) {
    ImportResult result;
    result.records = audit.records;
    result.import = *Uuid::parse(random_uuid());
    context.correlation_id = result.import.str();
    IssueCommand issue = [&](Command command, int line) {
        auto outcome = store.try_command({std::move(command), context});
        if (!outcome.ok) {
            result.error = source.file + ":" + std::to_string(line) + ": " + outcome.error.message;
            return false;
        }
        result.events += int(outcome.positions.size());
        return true;
    };
    audit.import = result.import;
    audit.file = source.file;
    audit.sha256 = source.sha256;
    result.ok = body(issue) && issue(std::move(audit), 1);
    return result;
}

ImportResult import_airports(ScheduleStore& store, const std::vector<files::AirportGroundTime>& rows,
                             const ImportSource& source, CommandContext context) {
    ImportResult unknown_zone;
    for (const auto& row : rows)
        if (!row.time_zone.empty())
            if (auto why = check_time_zone(row.time_zone); !why.empty()) {
                unknown_zone.error = files::where(source.file, row.line, row.time_zone_column, "time_zone") + "\"" +
                                     row.time_zone + "\" " + why;
                unknown_zone.bad_input = true;
                return unknown_zone;
            }
    return run_import(store, source, std::move(context), "airports", int(rows.size()), [&](const Issue& issue) {
        for (const auto& row : rows) {
            Command c = SetAirportMinimumGroundTime{row.airport, row.min_ground_minutes};
            if (!row.time_zone.empty()) {  // the rest of the airport's record stays as it is
                const auto& now = store.reader().airport(row.airport)->state;
                c = DefineAirport{row.airport, row.min_ground_minutes, now.name, now.utc_offset_minutes, row.time_zone};
            }
            if (!issue(std::move(c), row.line)) return false;
        }
        return true;
    });
}

ImportResult import_airplanes(ScheduleStore& store, const std::vector<files::AirplaneRecord>& rows,
                              const ImportSource& source, CommandContext context) {
    return run_import(store, source, std::move(context), "airplanes", int(rows.size()), [&](const Issue& issue) {
        for (const auto& row : rows) {
            bool known = store.reader().airplane(row.registration)->state.exists;
            Command c = known ? Command{UpdateAirplane{row.registration, row.aircraft_type, row.min_ground_minutes}}
                              : Command{RegisterAirplane{row.registration, row.aircraft_type, row.min_ground_minutes}};
            if (!issue(std::move(c), row.line)) return false;
        }
        return true;
    });
}

ImportResult import_rotations(ScheduleStore& store, const std::vector<files::RotationAssignment>& rows,
                              const ImportSource& source, CommandContext context) {
    ImportResult result;
    store.in_transaction([&] {
        const bool bulk = rows.size() > 20000;  // see ssim_import.cpp
        if (bulk) store.begin_bulk();
        result = import_rotations_within(store, rows, source, std::move(context));
        if (result.ok && bulk) store.end_bulk();
        return result.ok;
    });
    if (!result.ok) result.events = 0;
    return result;
}

ImportResult import_rotations_within(ScheduleStore& store, const std::vector<files::RotationAssignment>& rows,
                                     const ImportSource& source, CommandContext context,
                                     const std::function<bool(double)>& progress) {
    ImportResult failed;
    auto result = run_within(store, source, std::move(context), "rotations", int(rows.size()), [&](const Issue& issue) {
        // Rotations in the order the file first names them.
        std::vector<std::string> order;
        std::map<std::string, std::vector<const files::RotationAssignment*>> groups;
        for (const auto& row : rows) {
            auto& g = groups[row.rotation];
            if (g.empty()) order.push_back(row.rotation);
            g.push_back(&row);
        }
        // One scan of the legs instead of a query per line: a season's rotation file has 378,000.
        const std::vector<PlacedLeg> placed = placed_legs(store.database());
        std::size_t done = 0;
        for (const auto& name : order) {
            if (progress && !progress(double(done++) / double(order.size()))) {
                failed.error = "cancelled";
                return false;
            }
            const auto& group = groups[name];
            int first_line = group.front()->line;
            std::optional<Registration> airplane;
            int airplane_line = 0;
            std::vector<const PlacedLeg*> legs;
            for (const auto* row : group) {
                if (row->airplane) {
                    if (airplane && *airplane != *row->airplane) {
                        failed.error = at(source, row->line) + "airplane: rotation " + name + " is given airplane " +
                                       row->airplane->str() + " here and " + airplane->str() + " on line " +
                                       std::to_string(airplane_line);
                        return false;
                    }
                    if (!airplane) airplane_line = row->line;
                    airplane = row->airplane;
                }
                auto named = legs_named(placed, row->leg);
                if (named.empty()) {
                    failed.error = at(source, row->line) + "leg: no leg " + format_designator(row->leg) + " in the schedule";
                    return false;
                }
                if (named.size() > 1) {
                    failed.error = at(source, row->line) + "leg: " + format_designator(row->leg) + " names " +
                                   std::to_string(named.size()) + " legs (a duplicate flight designator); fix the schedule first";
                    return false;
                }
                legs.push_back(&named.front());
            }
            auto id = store.reader().rotation_named(name);
            if (!id) {
                id = RotationId{*Uuid::parse(random_uuid())};
                if (!issue(CreateRotation{*id, name}, first_line)) return false;
            }
            // Legs already in that rotation (an SSIM import with this file put
            // them there, or the file is loaded again) need no command.
            std::vector<const files::RotationAssignment*> moving_rows;
            std::vector<LegId> moving;
            for (std::size_t k = 0; k < legs.size(); ++k)
                if (legs[k]->rotation != id) {
                    moving.push_back(legs[k]->id);
                    moving_rows.push_back(group[k]);
                }
            // The whole rotation in one command; only if it is refused are its
            // lines tried one by one, to name the line that breaks it.
            store.mark();
            if (!moving.empty() && !issue(MoveLegs{moving, id}, first_line)) {
                store.undo_to_mark();
                store.mark();
                for (std::size_t k = 0; k < moving.size(); ++k)
                    if (!issue(MoveLegs{{moving[k]}, id}, moving_rows[k]->line)) break;
                store.undo_to_mark();
                return false;
            }
            store.drop_mark();
            if (airplane) {
                if (!store.reader().airplane(*airplane)->state.exists) {
                    failed.error = at(source, airplane_line) + "airplane: " + airplane->str() + " is not registered";
                    return false;
                }
                if (!issue(AssignAirplane{*airplane, *id}, airplane_line)) return false;
            }
        }
        return true;
    });
    if (!failed.error.empty()) result.error = failed.error;
    return result;
}

}  // namespace rotaplan::storage
