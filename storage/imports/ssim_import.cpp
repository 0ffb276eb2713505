#include "storage/imports/ssim_import.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <random>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "core/files/reference_files.h"
#include "core/leg_difference.h"
#include "core/ssim/layout.h"

#include "storage/eventstore/system_mint.h"
#include "storage/projections/queries.h"

namespace rotaplan::storage {

namespace {


constexpr std::uint32_t kNone = UINT32_MAX;

// The itinerary variation and leg sequence number a stored leg's SSIM
// attributes name (expand.h: they stay in its template), read once per template.
class RecordKeys {
public:
    explicit RecordKeys(Database& db) : q_(db.prepare("SELECT template FROM ssim_templates WHERE key = ?")) {}
    std::optional<std::pair<int, int>> operator()(std::uint64_t attributes) {
        if (!attributes) return std::nullopt;
        auto [it, fresh] = cache_.try_emplace(attributes);
        if (fresh) {
            q_.bind(1, std::int64_t(attributes));
            if (q_.step()) {
                std::string t = q_.str(0);
                auto number = [&](const ssim::Field& f) {
                    auto v = t.size() >= std::size_t(f.last) ? f.in(t) : std::string_view();
                    int n = 0;
                    for (char c : v) {
                        if (c < '0' || c > '9') return -1;
                        n = n * 10 + (c - '0');
                    }
                    return v.empty() ? -1 : n;
                };
                int ivi = number(ssim::leg::itinerary_variation), seq = number(ssim::leg::leg_sequence);
                if (ivi >= 0 && seq >= 0) it->second = std::pair{ivi, seq};
            }
            q_.reset();
        }
        return it->second;
    }

private:
    Statement q_;
    std::unordered_map<std::uint64_t, std::optional<std::pair<int, int>>> cache_;
};

// Pairs the file's legs `in_file` with the stored legs `in_store` of one
// designator: the same itinerary variation and leg sequence number first,
// then the nearest STD. match[k] is the stored index paired with file leg k.
void pair_shared(const ssim::File& file, const std::vector<ssim::DatedLeg>& legs, const std::vector<std::uint32_t>& in_file,
                 const std::vector<Leg>& stored, const std::vector<std::uint32_t>& in_store, RecordKeys& keys,
                 std::vector<std::uint32_t>& match, std::vector<bool>& used) {
    auto distance = [&](std::uint32_t k, std::uint32_t s) {
        return std::abs(legs[k].leg.std_utc - stored[s].std_utc);
    };
    for (bool same_record : {true, false})
        for (std::uint32_t k : in_file) {
            if (match[k] != kNone) continue;
            const auto& r = file.legs[legs[k].record];
            std::uint32_t best = kNone;
            for (std::uint32_t s : in_store) {
                if (used[s]) continue;
                if (same_record && keys(stored[s].attributes) != std::pair{r.itinerary_variation, r.leg_sequence}) continue;
                if (best == kNone || distance(k, s) < distance(k, best)) best = s;
            }
            if (best == kNone) continue;
            match[k] = best;
            used[best] = true;
        }
}

}  // namespace

SsimDifference ssim_difference(Database& db, const ssim::File& file, std::vector<ssim::DatedLeg> legs,
                               const DifferenceOptions& options) {
    SsimDifference diff;
    // The days the file speaks for: its carriers' validity, widened to every
    // day of origin it names (in UTC mode a local day of origin can fall a
    // day outside the UTC validity; real files' legs often run past it).
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
    std::vector<Leg> stored;
    for (const auto& [airline, period] : window) {
        std::string where = "airline = '" + airline.str() + "' AND day_of_origin BETWEEN " +
                            std::to_string(period.first.days) + " AND " + std::to_string(period.second.days);
        for_each_leg(db, [&](const Leg& leg, const std::optional<RotationId>&) { stored.push_back(leg); }, where);
    }
    diff.covered = long(stored.size());
    if (stored.empty()) {  // a first import: everything is new
        diff.added = std::move(legs);
        return diff;
    }
    // Stored legs by designator: the first, and a chain through the others.
    std::unordered_map<FlightDesignator, std::uint32_t, DesignatorHash> first;
    first.reserve(stored.size());
    std::vector<std::uint32_t> next(stored.size(), kNone);
    for (std::uint32_t s = 0; s < stored.size(); ++s) {
        auto [it, fresh] = first.try_emplace(stored[s].designator, s);
        if (!fresh) {
            next[s] = it->second;
            it->second = s;
        }
    }
    std::unordered_set<FlightDesignator, DesignatorHash> shared_in_file;
    if (options.shared)
        for (const auto& g : *options.shared) shared_in_file.insert(g.designator);

    std::vector<std::uint32_t> match(legs.size(), kNone);
    std::vector<bool> used(stored.size(), false);
    std::vector<std::uint32_t> careful;  // file legs whose designator more than one leg has, here or there
    for (std::uint32_t k = 0; k < legs.size(); ++k) {
        auto it = first.find(legs[k].leg.designator);
        if (it == first.end()) continue;
        if (next[it->second] == kNone && !shared_in_file.count(legs[k].leg.designator)) {
            match[k] = it->second;
            used[it->second] = true;
        } else {
            careful.push_back(k);
        }
    }
    if (!careful.empty()) {
        RecordKeys keys(db);
        std::unordered_map<FlightDesignator, std::vector<std::uint32_t>, DesignatorHash> in_file;
        for (std::uint32_t k : careful) in_file[legs[k].leg.designator].push_back(k);
        for (const auto& [d, ks] : in_file) {
            std::vector<std::uint32_t> in_store;
            for (std::uint32_t s = first.at(d); s != kNone; s = next[s]) in_store.push_back(s);
            pair_shared(file, legs, ks, stored, in_store, keys, match, used);
        }
    }

    for (std::uint32_t k = 0; k < legs.size(); ++k) {
        const ssim::DatedLeg& dl = legs[k];
        if (match[k] == kNone) {
            diff.added.push_back(dl);
            continue;
        }
        const Leg& before = stored[match[k]];
        Leg after = dl.leg;
        after.id = before.id;
        LegDifference d = leg_difference(before, after);  // rotations are the rotation file's
        if (d.retimed()) diff.retimed.push_back({before, after, dl.record});
        if (d.amended()) diff.changed.push_back({before, after, dl.record});
        if (!d.any()) ++diff.unchanged;
    }
    for (std::uint32_t s = 0; s < stored.size(); ++s) {
        if (used[s]) continue;
        if (!options.keep_because.empty()) ++diff.kept;
        else diff.cancelled.push_back(stored[s]);
    }
    if (diff.kept) diff.kept_because = options.keep_because;
    std::sort(diff.cancelled.begin(), diff.cancelled.end(), [](const Leg& a, const Leg& b) {
        return a.designator < b.designator || (a.designator == b.designator && a.std_utc < b.std_utc);
    });
    return diff;
}

bool cancels_too_much(const SsimDifference& d) {
    return d.covered > 0 && double(d.cancelled.size()) > kMaxCancelShare * double(d.covered);
}

std::string cancellation_warning(const SsimDifference& d) {
    long percent = d.covered ? long(std::lround(100.0 * double(d.cancelled.size()) / double(d.covered))) : 0;
    return "it would cancel " + std::to_string(d.cancelled.size()) + " of the " + std::to_string(d.covered) +
           " legs it covers (" + std::to_string(percent) + " %; more than " + std::to_string(int(kMaxCancelShare * 100)) +
           " % needs a confirmation)";
}

std::string difference_summary(const SsimDifference& d) {
    std::string s = std::to_string(d.added.size()) + " added, " + std::to_string(d.retimed.size()) + " retimed, " +
                    std::to_string(d.changed.size()) + " changed, " + std::to_string(d.cancelled.size()) + " cancelled, " +
                    std::to_string(d.unchanged) + " unchanged";
    if (d.kept) s += ", " + std::to_string(d.kept) + " not in the file but kept (" + d.kept_because + ")";
    return s;
}

namespace {

enum class Change { added, retimed, changed, cancelled };

// Every leg of the difference with its kind and its line, the line made only
// when asked for: a preview of a season keeps a few of its 380,000.
template <class Visit>
void visit_difference(const SsimDifference& d, const ssim::File& f, Visit visit) {
    auto note = [&](std::uint32_t record) { return "  (line " + std::to_string(f.legs[record].line) + ")"; };
    for (const auto& a : d.added) visit(Change::added, a.leg.designator, [&] { return "+ " + describe(a.leg) + note(a.record); });
    for (const auto& c : d.retimed)
        visit(Change::retimed, c.before.designator, [&] {
            return "~ " + format_designator(c.before.designator) + " retimed " + format_instant(c.before.std_utc) + "-" +
                   format_instant(c.before.sta_utc) + " -> " + format_instant(c.after.std_utc) + "-" +
                   format_instant(c.after.sta_utc) + note(c.record);
        });
    for (const auto& c : d.changed)
        visit(Change::changed, c.before.designator, [&] {
            LegDifference what = leg_difference(c.before, c.after);
            std::string line = "* " + format_designator(c.before.designator) + " changed:";
            if (what.arrival) line += " arrival " + c.before.arrival.str() + " -> " + c.after.arrival.str();
            if (what.aircraft_type) line += " aircraft type " + c.before.aircraft_type.str() + " -> " + c.after.aircraft_type.str();
            if (what.service_type) line += std::string(" service type ") + c.before.service_type + " -> " + c.after.service_type;
            if (what.attributes) line += " SSIM attributes";
            return line + note(c.record);
        });
    for (const auto& l : d.cancelled)
        visit(Change::cancelled, l.designator, [&] { return "- " + describe(l) + "  (not in the file: cancelled)"; });
}

}  // namespace

std::vector<std::string> difference_lines(const SsimDifference& d, const ssim::File& f) {
    std::vector<std::string> out;
    visit_difference(d, f, [&](Change, const FlightDesignator&, auto line) { out.push_back(line()); });
    return out;
}

std::vector<DifferenceGroup> difference_groups(const SsimDifference& d, const ssim::File& f, std::size_t lines_per_group) {
    std::map<std::pair<std::string, int>, DifferenceGroup> groups;
    visit_difference(d, f, [&](Change kind, const FlightDesignator& leg, auto line) {
        auto [at, fresh] = groups.try_emplace({leg.flight.airline.str(), leg.day_of_origin.days});
        DifferenceGroup& g = at->second;
        if (fresh) {
            g.airline = leg.flight.airline;
            g.day_of_origin = leg.day_of_origin;
        }
        switch (kind) {
        case Change::added: ++g.added; break;
        case Change::retimed: ++g.retimed; break;
        case Change::changed: ++g.changed; break;
        case Change::cancelled: ++g.cancelled; break;
        }
        if (g.lines.size() < lines_per_group) g.lines.push_back(line());
    });
    std::vector<DifferenceGroup> out;
    out.reserve(groups.size());
    for (auto& [key, g] : groups) out.push_back(std::move(g));
    return out;
}

namespace {

// What an SSIM import writes, decided from the difference alone: no store is
// read or written here, so the plan can be looked at (and tested) apart from
// its application below.
struct Step {
    Command command;
    Where where;
    std::vector<int> lines;  // per leg, to name the one a refused batch trips on
};
struct IntoRotation {
    std::string name;                // as the rotation file names it
    std::vector<std::size_t> added;  // indexes into the difference's added legs, in file order
};
struct ImportPlan {
    RecordImport audit;
    std::vector<IntoRotation> into_rotations;  // in the order of their first new leg
    std::vector<Step> steps;                   // the rest, batched by day of origin
};

// The audit entry keeps each distinct attribute template once.
RecordImport ssim_audit(const ssim::File& file) {
    RecordImport audit;
    audit.kind = "ssim";
    audit.records = int(file.legs.size());
    std::set<std::uint64_t> kept;
    for (const auto& r : file.legs) {
        std::string t = ssim::attributes_template(r);
        if (kept.insert(ssim::attributes_key(t)).second) audit.attribute_templates.push_back(std::move(t));
    }
    return audit;
}

// New legs the rotation file puts into a rotation go straight there: one
// LegsAddedToRotation per rotation, instead of created, taken and added (a
// season's legs are written once, not twice). Rotations by number, in the
// order the rotation file first names them, and each listed designator with
// its rotation's number, sorted: a season's 380,000 lines are matched without
// a hash node or a name comparison per leg. A line names a new leg when its
// STD is the leg's, or, without a STD, when no other leg of the file shares
// the designator (the rotation file's import then refuses the ambiguous
// line). A designator listed twice keeps its first line. Returns the legs
// left outside any rotation, by day of origin.
std::vector<std::size_t> place_in_rotations(const SsimDifference& diff, const SsimImportOptions& options,
                                            std::vector<IntoRotation>& into_rotations) {
    std::unordered_set<FlightDesignator, DesignatorHash> shared;
    if (options.difference.shared)
        for (const auto& g : *options.difference.shared) shared.insert(g.designator);
    struct Named {
        FlightDesignator designator;
        std::optional<Instant> std_utc;
        std::uint32_t rotation;
    };
    std::vector<std::string> rotation_names;
    std::vector<Named> named;
    if (options.rotations) {
        std::unordered_map<std::string_view, std::uint32_t> number_of;
        named.reserve(options.rotations->size());
        for (const auto& row : *options.rotations) {
            auto [it, fresh] = number_of.try_emplace(row.rotation, std::uint32_t(rotation_names.size()));
            if (fresh) rotation_names.push_back(row.rotation);
            named.push_back({row.leg, row.std_utc, it->second});
        }
        std::stable_sort(named.begin(), named.end(), [](const Named& a, const Named& b) { return a.designator < b.designator; });
    }
    std::vector<std::vector<std::size_t>> into(rotation_names.size());
    std::vector<std::uint32_t> order;  // rotations given new legs, in the order of their first one
    std::vector<std::size_t> unplaced;
    for (std::size_t k = 0; k < diff.added.size(); ++k) {
        const Leg& leg = diff.added[k].leg;
        auto from = std::lower_bound(named.begin(), named.end(), leg.designator,
                                     [](const Named& n, const FlightDesignator& d) { return n.designator < d; });
        auto to = from;
        while (to != named.end() && to->designator == leg.designator) ++to;
        auto it = std::find_if(from, to, [&](const Named& n) { return n.std_utc == leg.std_utc; });
        if (it == to && !shared.count(leg.designator)) it = std::find_if(from, to, [](const Named& n) { return !n.std_utc; });
        if (it == to) {
            unplaced.push_back(k);
            continue;
        }
        if (into[it->rotation].empty()) order.push_back(it->rotation);
        into[it->rotation].push_back(k);
    }
    for (std::uint32_t r : order) into_rotations.push_back({std::move(rotation_names[r]), std::move(into[r])});
    std::stable_sort(unplaced.begin(), unplaced.end(), [&](std::size_t a, std::size_t b) {
        return diff.added[a].leg.designator.day_of_origin < diff.added[b].leg.designator.day_of_origin;
    });
    return unplaced;
}

Where at_record(int line) { return Where{line, 1, "flight leg record"}; }
Where at_std(int line) { return Where{line, ssim::leg::aircraft_std.first, ssim::leg::aircraft_std.name}; }

// The plan gives the new legs their ids (diff.added is updated in place, so
// the result's difference names them as they are written).
ImportPlan plan_ssim_import(const ssim::File& file, SsimDifference& diff, const SsimImportOptions& options, IdMint& mint) {
    ImportPlan plan;
    plan.audit = ssim_audit(file);
    std::vector<std::size_t> unplaced = place_in_rotations(diff, options, plan.into_rotations);
    // New ids ascend in the order the legs are written (one mint's ids
    // ascend: core/id_mint.h), so the projection's B-tree is filled at its
    // end instead of at random places.
    for (const auto& r : plan.into_rotations)
        for (std::size_t k : r.added) diff.added[k].leg.id = mint.leg();
    for (std::size_t k : unplaced) diff.added[k].leg.id = mint.leg();

    auto line_of = [&](std::uint32_t record) { return file.legs[record].line; };
    // One command per day of origin, days in order, for the added legs
    // outside rotations, the retimed and the amended ones alike.
    auto per_day = [&](auto empty, auto where_of, auto put, const auto& items, auto leg_and_record) {
        std::map<Date, Step> by_day;
        for (const auto& item : items) {
            auto [leg, record] = leg_and_record(item);
            auto& s = by_day.try_emplace(leg->designator.day_of_origin, Step{empty, where_of(line_of(record)), {}}).first->second;
            put(std::get<decltype(empty)>(s.command), *leg);
            s.lines.push_back(line_of(record));
        }
        for (auto& [d, s] : by_day) plan.steps.push_back(std::move(s));
    };
    auto after_and_record = [](const auto& c) { return std::pair{&c.after, c.record}; };
    per_day(AddLegs{}, at_record, [](AddLegs& c, const Leg& l) { c.legs.push_back(l); }, unplaced,
            [&](std::size_t k) { return std::pair{&diff.added[k].leg, diff.added[k].record}; });
    per_day(RetimeLegs{}, at_std, [](RetimeLegs& c, const Leg& l) { c.times.push_back({l.id, l.std_utc, l.sta_utc}); },
            diff.retimed, after_and_record);
    per_day(AmendLegs{}, at_record, [](AmendLegs& c, const Leg& l) { c.legs.push_back(l); }, diff.changed, after_and_record);
    if (!diff.cancelled.empty()) {
        // A cancelled leg leaves its rotation first; only legs outside rotations can be deleted.
        std::vector<LegId> ids;
        for (const Leg& l : diff.cancelled) ids.push_back(l.id);
        const Where record_start{1, 1, "flight leg record"};
        plan.steps.push_back({MoveLegs{ids, std::nullopt}, record_start, {}});
        plan.steps.push_back({DeleteLegs{ids}, record_start, {}});
    }
    return plan;
}

// The new legs of one rotation, into it (created when missing). Should the
// schedule refuse them (an overlap), they are created outside any rotation
// instead, and the rotation file's import names the line that breaks it.
bool apply_into_rotation(ScheduleStore& store, const IssueCommand& issue, const ssim::File& file, const SsimDifference& diff,
                         const IntoRotation& r) {
    AddLegs add;
    for (std::size_t k : r.added) add.legs.push_back(diff.added[k].leg);
    Where where = at_record(file.legs[diff.added[r.added.front()].record].line);
    store.mark();
    auto id = store.reader().rotation_named(r.name);
    bool placed = true;
    if (!id) {
        id = system_mint().rotation();
        placed = issue(CreateRotation{*id, r.name}, where);
    }
    add.rotation = id;
    if (placed && issue(add, where)) {
        store.drop_mark();
        return true;
    }
    store.undo_to_mark();
    std::map<Date, std::vector<Leg>> days;
    for (const Leg& l : add.legs) days[l.designator.day_of_origin].push_back(l);
    for (auto& [day, legs] : days)
        if (!issue(AddLegs{std::nullopt, std::move(legs)}, where)) return false;
    return true;
}

// One batch; a refused one is issued again leg by leg to find the leg, and
// so the line, that trips it, then the whole import stops.
bool apply_step(ScheduleStore& store, const IssueCommand& issue, const Step& step) {
    store.mark();
    if (issue(step.command, step.where)) {
        store.drop_mark();
        return true;
    }
    store.undo_to_mark();
    std::visit(
        [&](const auto& batch) {
            using T = std::decay_t<decltype(batch)>;
            if constexpr (std::is_same_v<T, RetimeLegs>) {
                store.mark();
                for (std::size_t k = 0; k < batch.times.size(); ++k)
                    if (!issue(RetimeLegs{{batch.times[k]}}, at_std(step.lines[k]))) break;
                store.undo_to_mark();
            } else if constexpr (std::is_same_v<T, AmendLegs>) {
                store.mark();
                for (std::size_t k = 0; k < batch.legs.size(); ++k)
                    if (!issue(AmendLegs{{batch.legs[k]}}, at_record(step.lines[k]))) break;
                store.undo_to_mark();
            }
        },
        step.command);
    return false;
}

}  // namespace

SsimImportResult import_ssim(ScheduleStore& store, const ssim::File& file, std::vector<ssim::DatedLeg> legs,
                             const ImportSource& source, CommandContext context, const SsimImportOptions& options) {
    SsimImportResult out;
    const bool with_rotations = options.rotations != nullptr;
    const double ssim_share = with_rotations ? 0.5 : 1.0;
    auto go_on = [&](double share) {
        if (options.progress && !options.progress(share)) out.cancelled = true;
        return !out.cancelled;
    };
    // Everything from the difference on is decided on the schedule as this
    // transaction holds it (BEGIN IMMEDIATE: no other process writes between).
    store.in_transaction([&] {
        out.difference = ssim_difference(store.database(), file, std::move(legs), options.difference);
        SsimDifference& diff = out.difference;
        if (!options.allow_cancel && cancels_too_much(diff)) {
            out.too_many_cancellations = true;
            out.ssim.error = source.file + ": " + cancellation_warning(diff);
            return false;
        }
        ImportPlan plan = plan_ssim_import(file, diff, options, system_mint());

        // Maintaining the legs' indexes row by row costs more than building them
        // once; a small re-import keeps them.
        const bool bulk = diff.added.size() + (with_rotations ? options.rotations->size() : 0) > 20000;
        if (bulk) store.begin_bulk();
        out.ssim = import_within(store, source, context, std::move(plan.audit), [&](const IssueCommand& issue, ImportResult&) {
            const double total = double(plan.into_rotations.size() + plan.steps.size());
            std::size_t done = 0;
            for (const auto& r : plan.into_rotations)
                if (!go_on(ssim_share * double(done++) / total) || !apply_into_rotation(store, issue, file, diff, r)) return false;
            for (const auto& step : plan.steps)
                if (!go_on(ssim_share * double(done++) / total) || !apply_step(store, issue, step)) return false;
            return true;
        });
        if (!out.ssim.ok) return false;
        if (with_rotations) {
            out.rotations = import_rotations_within(store, *options.rotations, options.rotations_source, context,
                                                    [&](double share) { return go_on(ssim_share + (1 - ssim_share) * share); });
            if (!out.rotations.ok) return false;
        }
        if (!go_on(1.0)) return false;
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
