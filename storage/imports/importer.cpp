#include "storage/imports/importer.h"

#include <algorithm>
#include <map>

#include "storage/projections/queries.h"
#include "storage/projections/time_zones.h"
#include "storage/eventstore/system_mint.h"

namespace rotaplan::storage {

namespace {

using Issue = IssueCommand;
using Body = std::function<bool(const IssueCommand&, ImportResult&)>;

ImportResult run_within(ScheduleStore& store, const ImportSource& source, CommandContext context, const char* kind,
                        int records, const Body& body) {
    RecordImport audit;
    audit.kind = kind;
    audit.records = records;
    return import_within(store, source, std::move(context), std::move(audit), body);
}

// ... and as a transaction of its own: all or nothing.
ImportResult run_import(ScheduleStore& store, const ImportSource& source, CommandContext context, const char* kind,
                        int records, const Body& body) {
    ImportResult result;
    store.in_transaction([&] {
        result = run_within(store, source, std::move(context), kind, records, body);
        return result.ok;
    });
    if (!result.ok) result.events = 0;
    return result;
}

std::string at(const ImportSource& s, int line, int column, std::string_view field) {
    return s.file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + std::string(field) + ": ";
}

}  // namespace

ImportResult import_within(ScheduleStore& store, const ImportSource& source, CommandContext context, RecordImport audit,
                           const Body& body) {
    ImportResult result;
    result.records = audit.records;
    result.import = system_mint().next();
    context.correlation_id = result.import.str();
    IssueCommand issue = [&](Command command, Where where) {
        auto outcome = store.try_command({std::move(command), context});
        if (!outcome.ok) {
            result.error = at(source, where.line, where.column, where.field) + outcome.error.message;
            return false;
        }
        result.events += int(outcome.positions.size());
        return true;
    };
    audit.import = result.import;
    audit.file = source.file;
    audit.sha256 = source.sha256;
    if (!body(issue, result)) return result;
    // The notes, in file order: the reader's, then the import's; at most kMaxImportNotes.
    std::vector<std::string> notes = source.notes;
    notes.insert(notes.end(), result.notes.begin(), result.notes.end());
    if (notes.size() > kMaxImportNotes) {
        std::size_t more = notes.size() - (kMaxImportNotes - 1);
        notes.resize(kMaxImportNotes - 1);
        notes.push_back(std::to_string(more) + " more notes not kept");
    }
    audit.notes = std::move(notes);
    result.ok = issue(std::move(audit), 1);
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
    return run_import(store, source, std::move(context), "airports", int(rows.size()), [&](const Issue& issue, ImportResult&) {
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
    return run_import(store, source, std::move(context), "airplanes", int(rows.size()), [&](const Issue& issue, ImportResult&) {
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

namespace {

std::string hhmm_list(std::span<const PlacedLeg> legs) {
    std::string out;
    for (std::size_t k = 0; k < legs.size(); ++k)
        out += (k == 0 ? "" : k + 1 == legs.size() ? " and " : ", ") + format_instant(legs[k].std_utc);
    return out;
}

}  // namespace

ImportResult import_rotations_within(ScheduleStore& store, const std::vector<files::RotationAssignment>& rows,
                                     const ImportSource& source, CommandContext context,
                                     const std::function<bool(double)>& progress) {
    ImportResult failed;
    auto result = run_within(store, source, std::move(context), "rotations", int(rows.size()), [&](const Issue& issue,
                                                                                                ImportResult& result) {
        // One scan of the legs instead of a query per line: a season's rotation file has 378,000.
        const std::vector<PlacedLeg> placed = placed_legs(store.database());
        // Each line's leg, found by its designator (and STD, where two legs
        // share the designator), and no leg named by two lines that disagree.
        std::vector<const PlacedLeg*> leg_of(rows.size());
        std::vector<std::uint32_t> named_by(placed.size(), 0);  // the row (+1) that first named each leg
        std::vector<bool> repeat(rows.size(), false);
        for (std::size_t k = 0; k < rows.size(); ++k) {
            const auto& row = rows[k];
            auto named = legs_named(placed, row.leg);
            auto here = [&](std::string_view field = "leg") { return at(source, row.line, row.leg_column, field); };
            if (named.empty()) {
                failed.error = here() + "no leg " + format_designator(row.leg) + " in the schedule";
                return false;
            }
            if (row.std_utc) {
                auto it = std::find_if(named.begin(), named.end(), [&](const PlacedLeg& p) { return p.std_utc == *row.std_utc; });
                if (it == named.end()) {
                    failed.error = here() + "no leg " + format_designator(row.leg) + " with STD " + format_instant(*row.std_utc) +
                                   " in the schedule (its STD" + (named.size() > 1 ? "s are " : " is ") + hhmm_list(named) + ")";
                    return false;
                }
                named = named.subspan(std::size_t(it - named.begin()), 1);
            }
            if (named.size() > 1) {
                failed.error = here() + format_designator(row.leg) + " names " + std::to_string(named.size()) +
                               " legs (a shared flight designator), with STDs " + hhmm_list(named) +
                               ": give the leg's STD in the std column (header ...,day_of_origin,std)";
                return false;
            }
            const PlacedLeg* leg = &named.front();
            auto index = std::size_t(leg - placed.data());
            if (named_by[index]) {
                const auto& first = rows[named_by[index] - 1];
                if (first.rotation != row.rotation) {
                    failed.error = here() + "leg " + format_designator(row.leg) + " is put into rotation " + row.rotation +
                                   " here and into rotation " + first.rotation + " on line " + std::to_string(first.line);
                    return false;
                }
                repeat[k] = true;
                if (first.airplane == row.airplane)
                    result.notes.push_back(at(source, row.line, 1, "record") + "repeats line " + std::to_string(first.line) +
                                           "; read once");
            } else {
                named_by[index] = std::uint32_t(k + 1);
            }
            leg_of[k] = leg;
        }

        // Rotations in the order the file first names them.
        std::vector<std::string> order;
        std::map<std::string, std::vector<std::size_t>> groups;  // rotation -> its rows
        for (std::size_t k = 0; k < rows.size(); ++k) {
            auto& g = groups[rows[k].rotation];
            if (g.empty()) order.push_back(rows[k].rotation);
            g.push_back(k);
        }
        std::size_t done = 0;
        for (const auto& name : order) {
            if (progress && !progress(double(done++) / double(order.size()))) {
                failed.error = "cancelled";
                return false;
            }
            const auto& group = groups[name];
            const auto& first_row = rows[group.front()];
            std::optional<Registration> airplane;
            const files::RotationAssignment* airplane_row = nullptr;
            for (std::size_t k : group) {
                const auto& row = rows[k];
                if (!row.airplane) continue;
                if (airplane && *airplane != *row.airplane) {
                    failed.error = at(source, row.line, row.airplane_column, "airplane") + "rotation " + name +
                                   " is given airplane " + row.airplane->str() + " here and " + airplane->str() +
                                   " on line " + std::to_string(airplane_row->line);
                    return false;
                }
                if (!airplane) airplane_row = &row;
                airplane = row.airplane;
            }
            auto id = store.reader().rotation_named(name);
            if (!id) {
                id = system_mint().rotation();
                if (!issue(CreateRotation{*id, name}, {first_row.line, 1, "rotation"})) return false;
            }
            // Legs already in that rotation (an SSIM import with this file put
            // them there, or the file is loaded again) need no command.
            std::vector<const files::RotationAssignment*> moving_rows;
            std::vector<LegId> moving;
            for (std::size_t k : group)
                if (!repeat[k] && leg_of[k]->rotation != id) {
                    moving.push_back(leg_of[k]->id);
                    moving_rows.push_back(&rows[k]);
                }
            // The whole rotation in one command; only if it is refused are its
            // lines tried one by one, to name the line that breaks it.
            store.mark();
            if (!moving.empty() && !issue(MoveLegs{moving, id}, {first_row.line, 1, "rotation"})) {
                store.undo_to_mark();
                store.mark();
                for (std::size_t k = 0; k < moving.size(); ++k)
                    if (!issue(MoveLegs{{moving[k]}, id}, {moving_rows[k]->line, moving_rows[k]->leg_column, "leg"})) break;
                store.undo_to_mark();
                return false;
            }
            store.drop_mark();
            if (airplane) {
                Where where{airplane_row->line, airplane_row->airplane_column, "airplane"};
                if (!store.reader().airplane(*airplane)->state.exists) {
                    failed.error = at(source, where.line, where.column, where.field) + airplane->str() + " is not registered";
                    return false;
                }
                if (!issue(AssignAirplane{*airplane, *id}, where)) return false;
            }
        }
        return true;
    });
    if (!failed.error.empty()) result.error = failed.error;
    return result;
}

}  // namespace rotaplan::storage
