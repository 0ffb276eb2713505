#include "ssim_import.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <random>
#include <set>
#include <unordered_map>

#include "core/files/reference_files.h"

#include "queries.h"
#include "schema.h"

namespace rotaplan::storage {

namespace {

// The legs a record gives differ from a stored leg in what, other than times?
bool other_data_differs(const Leg& a, const Leg& b) {
    return a.arrival != b.arrival || a.aircraft_type != b.aircraft_type || a.service_type != b.service_type ||
           a.attributes != b.attributes;
}


std::uint64_t now_millis() {
    using namespace std::chrono;
    return std::uint64_t(duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count());
}

}  // namespace

SsimDifference ssim_difference(Database& db, const ssim::File& file, std::vector<ssim::DatedLeg> legs, bool cancellations) {
    SsimDifference diff;
    // The days the file speaks for: its carriers' validity, widened to every
    // day of origin it names (in UTC mode a local day of origin can fall a
    // day outside the UTC validity).
    std::map<AirlineCode, std::pair<Date, Date>> window;
    for (const auto& c : file.carriers) {
        auto [it, fresh] = window.try_emplace(c.airline, c.valid_from, c.valid_to);
        it->second.first = std::min(it->second.first, c.valid_from);
        it->second.second = std::max(it->second.second, c.valid_to);
    }
    for (const auto& dl : legs) {
        auto [it, fresh] = window.try_emplace(dl.leg.designator.flight.airline, dl.leg.designator.day_of_origin,
                                              dl.leg.designator.day_of_origin);
        it->second.first = std::min(it->second.first, dl.leg.designator.day_of_origin);
        it->second.second = std::max(it->second.second, dl.leg.designator.day_of_origin);
    }
    std::unordered_map<FlightDesignator, Leg, DesignatorHash> stored;
    for (const auto& [airline, period] : window) {
        std::string where = "airline = '" + airline.str() + "' AND day_of_origin BETWEEN " +
                            std::to_string(period.first.days) + " AND " + std::to_string(period.second.days);
        for_each_leg(db, [&](const Leg& leg, const std::optional<RotationId>&) { stored.emplace(leg.designator, leg); }, where);
    }
    if (stored.empty()) {  // a first import: everything is new
        diff.added = std::move(legs);
        return diff;
    }
    for (const ssim::DatedLeg& dl : legs) {
        auto it = stored.find(dl.leg.designator);
        if (it == stored.end()) {
            diff.added.push_back(dl);
            continue;
        }
        Leg before = it->second;
        Leg after = dl.leg;
        after.id = before.id;
        bool retimed = before.std_utc != after.std_utc || before.sta_utc != after.sta_utc;
        if (retimed) diff.retimed.push_back({before, after, dl.record});
        if (other_data_differs(before, after)) diff.changed.push_back({before, after, dl.record});
        if (!retimed && !other_data_differs(before, after)) ++diff.unchanged;
        stored.erase(it);
    }
    if (!cancellations) {
        diff.kept = long(stored.size());  // a file with skipped records cannot say what was cancelled
        return diff;
    }
    for (auto& [d, leg] : stored) diff.cancelled.push_back(leg);
    std::sort(diff.cancelled.begin(), diff.cancelled.end(),
              [](const Leg& a, const Leg& b) { return a.designator < b.designator; });
    return diff;
}

std::string difference_summary(const SsimDifference& d) {
    std::string s = std::to_string(d.added.size()) + " added, " + std::to_string(d.retimed.size()) + " retimed, " +
                    std::to_string(d.changed.size()) + " changed, " + std::to_string(d.cancelled.size()) + " cancelled, " +
                    std::to_string(d.unchanged) + " unchanged";
    if (d.kept) s += ", " + std::to_string(d.kept) + " not in the file but kept (records were skipped)";
    return s;
}

std::vector<std::string> difference_lines(const SsimDifference& d, const ssim::File& f) {
    std::vector<std::string> out;
    auto note = [&](std::uint32_t record) { return "  (line " + std::to_string(f.legs[record].line) + ")"; };
    for (const auto& a : d.added) out.push_back("+ " + describe(a.leg) + note(a.record));
    for (const auto& c : d.retimed)
        out.push_back("~ " + format_designator(c.before.designator) + " retimed " + format_instant(c.before.std_utc) + "-" +
                      format_instant(c.before.sta_utc) + " -> " + format_instant(c.after.std_utc) + "-" +
                      format_instant(c.after.sta_utc) + note(c.record));
    for (const auto& c : d.changed) {
        std::string line = "* " + format_designator(c.before.designator) + " changed:";
        if (c.before.arrival != c.after.arrival) line += " arrival " + c.before.arrival.str() + " -> " + c.after.arrival.str();
        if (c.before.aircraft_type != c.after.aircraft_type)
            line += " aircraft type " + c.before.aircraft_type.str() + " -> " + c.after.aircraft_type.str();
        if (c.before.service_type != c.after.service_type)
            line += std::string(" service type ") + c.before.service_type + " -> " + c.after.service_type;
        if (c.before.attributes != c.after.attributes) line += " SSIM attributes";
        out.push_back(line + note(c.record));
    }
    for (const auto& l : d.cancelled) out.push_back("- " + describe(l) + "  (not in the file: cancelled)");
    return out;
}

SsimImportResult import_ssim(ScheduleStore& store, const ssim::File& file, std::vector<ssim::DatedLeg> legs,
                             const ImportSource& source, CommandContext context, const SsimImportOptions& options) {
    SsimImportResult out;
    out.difference = ssim_difference(store.database(), file, std::move(legs), options.cancellations);
    SsimDifference& diff = out.difference;

    // New legs the rotation file puts into a rotation go straight there: one
    // LegsAddedToRotation per rotation, instead of created, taken and added
    // (a season's legs are written once, not twice). The rest are created
    // outside any rotation, per day of origin.
    // Rotations by number, in the order the rotation file first names them,
    // and each listed designator with its rotation's number, sorted: a
    // season's 380,000 lines are matched without a hash node or a name
    // comparison per leg. A designator listed twice keeps its first line.
    std::vector<std::string> rotation_names;
    std::vector<std::pair<FlightDesignator, std::uint32_t>> named;
    if (options.rotations) {
        std::unordered_map<std::string_view, std::uint32_t> number_of;
        named.reserve(options.rotations->size());
        for (const auto& row : *options.rotations) {
            auto [it, fresh] = number_of.try_emplace(row.rotation, std::uint32_t(rotation_names.size()));
            if (fresh) rotation_names.push_back(row.rotation);
            named.emplace_back(row.leg, it->second);
        }
        std::stable_sort(named.begin(), named.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    }
    std::vector<std::vector<std::size_t>> into_rotation(rotation_names.size());  // indexes into diff.added
    std::vector<std::uint32_t> rotation_order;  // rotations given new legs, in the order of their first one
    std::vector<std::size_t> unplaced;
    {
        for (std::size_t k = 0; k < diff.added.size(); ++k) {
            const FlightDesignator& d = diff.added[k].leg.designator;
            auto it = std::lower_bound(named.begin(), named.end(), d,
                                       [](const auto& entry, const FlightDesignator& x) { return entry.first < x; });
            if (it == named.end() || it->first != d) {
                unplaced.push_back(k);
                continue;
            }
            auto& legs = into_rotation[it->second];
            if (legs.empty()) rotation_order.push_back(it->second);
            legs.push_back(k);
        }
        auto by_day = [&](std::size_t a, std::size_t b) {
            return diff.added[a].leg.designator.day_of_origin < diff.added[b].leg.designator.day_of_origin;
        };
        std::stable_sort(unplaced.begin(), unplaced.end(), by_day);
    }
    // New ids ascend in the order the legs are written: UUIDv7 with a counter
    // in its random bits (RFC 9562, method 1), so the projection's B-tree is
    // filled at its end instead of at random places.
    {
        std::mt19937_64 rng{std::random_device{}()};
        const std::uint64_t millis = now_millis(), random_a = rng(), counter_base = rng() & 0x3FFFFFFF00000000ull;
        std::uint64_t next = 0;
        for (std::uint32_t r : rotation_order)
            for (std::size_t k : into_rotation[r]) diff.added[k].leg.id = LegId{Uuid::v7(millis, random_a, counter_base + next++)};
        for (std::size_t k : unplaced) diff.added[k].leg.id = LegId{Uuid::v7(millis, random_a, counter_base + next++)};
    }

    // The audit entry keeps each distinct template once.
    RecordImport audit;
    audit.kind = "ssim";
    audit.records = int(file.legs.size());
    std::set<std::uint64_t> kept;
    for (const auto& r : file.legs) {
        std::string t = ssim::attributes_template(r.record);
        if (kept.insert(ssim::attributes_key(t)).second) audit.attribute_templates.push_back(std::move(t));
    }

    // The commands, with the SSIM line each answers to; batched by day of origin.
    struct Step {
        Command command;
        int line;
        std::vector<int> lines;  // per leg, to name the one a refused batch trips on
    };
    std::vector<Step> steps;
    auto line_of = [&](std::uint32_t record) { return file.legs[record].line; };
    {
        std::map<Date, Step> by_day;
        for (std::size_t k : unplaced) {
            const auto& a = diff.added[k];
            auto& s = by_day.try_emplace(a.leg.designator.day_of_origin, Step{AddLegs{}, line_of(a.record), {}}).first->second;
            std::get<AddLegs>(s.command).legs.push_back(a.leg);
            s.lines.push_back(line_of(a.record));
        }
        for (auto& [d, s] : by_day) steps.push_back(std::move(s));
    }
    {
        std::map<Date, Step> by_day;
        for (const auto& c : diff.retimed) {
            auto& s = by_day.try_emplace(c.after.designator.day_of_origin, Step{RetimeLegs{}, line_of(c.record), {}}).first->second;
            std::get<RetimeLegs>(s.command).times.push_back({c.after.id, c.after.std_utc, c.after.sta_utc});
            s.lines.push_back(line_of(c.record));
        }
        for (auto& [d, s] : by_day) steps.push_back(std::move(s));
    }
    {
        std::map<Date, Step> by_day;
        for (const auto& c : diff.changed) {
            auto& s = by_day.try_emplace(c.after.designator.day_of_origin, Step{AmendLegs{}, line_of(c.record), {}}).first->second;
            std::get<AmendLegs>(s.command).legs.push_back(c.after);
            s.lines.push_back(line_of(c.record));
        }
        for (auto& [d, s] : by_day) steps.push_back(std::move(s));
    }
    if (!diff.cancelled.empty()) {
        // A cancelled leg leaves its rotation first; only legs outside rotations can be deleted.
        std::vector<LegId> ids;
        for (const Leg& l : diff.cancelled) ids.push_back(l.id);
        steps.push_back({MoveLegs{ids, std::nullopt}, 1, {}});
        steps.push_back({DeleteLegs{ids}, 1, {}});
    }

    const bool with_rotations = options.rotations != nullptr;
    const double ssim_share = with_rotations ? 0.5 : 1.0;
    // Maintaining the legs' indexes row by row costs more than building them
    // once; a small re-import keeps them.
    const bool bulk = diff.added.size() + (with_rotations ? options.rotations->size() : 0) > 20000;
    store.in_transaction([&] {
        if (bulk) store.begin_bulk();
        out.ssim = import_within(store, source, context, audit, [&](const IssueCommand& issue) {
            // Into their rotations first (created when missing). Should the
            // schedule refuse one (an overlap), its legs are created outside
            // any rotation instead, and the rotation file's import below names
            // the line that breaks it.
            std::mt19937_64 rng{std::random_device{}()};
            const double total = double(rotation_order.size() + steps.size());
            std::size_t done = 0;
            auto go_on = [&] {
                if (options.progress && !options.progress(ssim_share * double(done++) / total)) {
                    out.cancelled = true;
                    return false;
                }
                return true;
            };
            for (std::uint32_t r : rotation_order) {
                const std::string& name = rotation_names[r];
                if (!go_on()) return false;
                const auto& ks = into_rotation[r];
                AddLegs add;
                for (std::size_t k : ks) add.legs.push_back(diff.added[k].leg);
                int line = line_of(diff.added[ks.front()].record);
                store.mark();
                auto id = store.reader().rotation_named(name);
                bool placed = true;
                if (!id) {
                    id = RotationId{Uuid::v7(now_millis(), rng(), rng())};
                    placed = issue(CreateRotation{*id, name}, line);
                }
                add.rotation = id;
                if (placed && issue(add, line)) {
                    store.drop_mark();
                    continue;
                }
                store.undo_to_mark();
                std::map<Date, std::vector<Leg>> days;
                for (const Leg& l : add.legs) days[l.designator.day_of_origin].push_back(l);
                for (auto& [day, legs] : days)
                    if (!issue(AddLegs{std::nullopt, std::move(legs)}, line)) return false;
            }
            for (std::size_t i = 0; i < steps.size(); ++i) {
                if (!go_on()) return false;
                Step& step = steps[i];
                store.mark();
                if (issue(step.command, step.line)) {
                    store.drop_mark();
                    continue;
                }
                // A refused batch: find the leg, and so the line, that trips it.
                store.undo_to_mark();
                std::visit(
                    [&](const auto& batch) {
                        using T = std::decay_t<decltype(batch)>;
                        if constexpr (std::is_same_v<T, RetimeLegs>) {
                            store.mark();
                            for (std::size_t k = 0; k < batch.times.size(); ++k)
                                if (!issue(RetimeLegs{{batch.times[k]}}, step.lines[k])) break;
                            store.undo_to_mark();
                        } else if constexpr (std::is_same_v<T, AmendLegs>) {
                            store.mark();
                            for (std::size_t k = 0; k < batch.legs.size(); ++k)
                                if (!issue(AmendLegs{{batch.legs[k]}}, step.lines[k])) break;
                            store.undo_to_mark();
                        }
                    },
                    step.command);
                return false;
            }
            return true;
        });
        if (!out.ssim.ok) return false;
        if (with_rotations) {
            CommandContext rotations_context = context;
            out.rotations = import_rotations_within(store, *options.rotations, options.rotations_source, rotations_context,
                                                    [&](double share) {
                                                        if (!options.progress) return true;
                                                        bool go_on = options.progress(ssim_share + (1 - ssim_share) * share);
                                                        out.cancelled = out.cancelled || !go_on;
                                                        return go_on;
                                                    });
            if (!out.rotations.ok) return false;
        }
        if (options.progress && !options.progress(1.0)) {
            out.cancelled = true;
            return false;
        }
        if (bulk) store.end_bulk();
        return true;
    });
    out.ok = !out.cancelled && out.ssim.ok && (!with_rotations || out.rotations.ok);
    if (!out.ok) {
        out.error = out.cancelled ? "cancelled" : !out.ssim.ok ? out.ssim.error : out.rotations.error;
        out.ssim.events = 0;
        out.rotations.events = 0;
    }
    return out;
}

}  // namespace rotaplan::storage
