// The comparison of the schedule at two points of its log (comparison.h).
#include "storage/projections/comparison.h"

#include <algorithm>
#include <map>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include <sqlite3.h>

#include "storage/eventstore/event_codec.h"
#include "storage/projections/validation_report.h"

namespace rotaplan::storage {

namespace {

std::string rotation_of(const LegRow& r) { return r.rotation ? r.rotation_name : std::string("no rotation"); }
std::string times(const Leg& l) { return format_instant(l.std_utc) + "-" + format_instant(l.sta_utc); }

// The reads of a comparison in one read transaction on a database, unless
// one is open already: a statement stepped outside a transaction takes and
// drops the WAL's read lock each time (fcntl, fstat), which was most of
// looking up 100,000 legs one by one; and a colleague's commit between two
// lookups can no longer make one side half of each.
class OneSnapshot {
public:
    explicit OneSnapshot(Database& db) {
        if (sqlite3_get_autocommit(db.handle())) {
            read_.emplace(db, Transaction::Kind::Deferred);
            db.scalar("SELECT 1 FROM sqlite_master LIMIT 1");  // BEGIN alone reads nothing: the snapshot starts here
        }
    }
    OneSnapshot(const OneSnapshot&) = delete;
    OneSnapshot& operator=(const OneSnapshot&) = delete;

private:
    std::optional<Transaction> read_;  // only read: rolled back when done
};

enum Differs : unsigned { Added = 1, Removed = 2, Retimed = 4, Moved = 8, Changed = 16 };

// What differs is core's leg_difference; here only which of the kinds it counts as.
unsigned differences(const std::optional<LegRow>& then, const std::optional<LegRow>& now) {
    if (!then) return now ? unsigned(Added) : 0u;
    if (!now) return Removed;
    LegDifference what = leg_difference(then->leg, now->leg, then->rotation, now->rotation);
    return (what.retimed() ? unsigned(Retimed) : 0u) | (what.rotation ? unsigned(Moved) : 0u) | (what.amended() ? unsigned(Changed) : 0u);
}

ComparisonLine leg_line(unsigned d, const std::optional<LegRow>& then, const std::optional<LegRow>& now) {
    ComparisonLine line;
    const Leg& leg = now ? now->leg : then->leg;
    line.leg = leg.id;
    std::string name = format_designator(leg.designator);
    if (d & Added) {
        line.kind = ComparisonLine::Kind::LegAdded;
        line.text = "+ " + describe(leg) + " added, in " + rotation_of(*now);
        return line;
    }
    if (d & Removed) {
        line.kind = ComparisonLine::Kind::LegRemoved;
        line.text = "- " + describe(leg) + " removed, was in " + rotation_of(*then);
        return line;
    }
    const LegDifference what = leg_difference(then->leg, now->leg, then->rotation, now->rotation);
    line.difference = what;
    std::vector<std::string> parts;
    if (what.retimed()) {
        std::string by = what.departure_moved_by == what.arrival_moved_by
                             ? moved_by(what.departure_moved_by)
                             : "departure " + moved_by(what.departure_moved_by) + ", arrival " + moved_by(what.arrival_moved_by);
        parts.push_back("retimed " + times(then->leg) + " -> " + times(now->leg) + " (" + by + ")");
    }
    if (what.rotation) parts.push_back("moved " + rotation_of(*then) + " -> " + rotation_of(*now));
    if (what.amended()) {
        std::string c = "changed:";
        if (what.arrival) c += " arrival " + then->leg.arrival.str() + " -> " + now->leg.arrival.str();
        if (what.aircraft_type) c += " type " + then->leg.aircraft_type.str() + " -> " + now->leg.aircraft_type.str();
        if (what.service_type) c += std::string(" service ") + then->leg.service_type + " -> " + now->leg.service_type;
        if (what.attributes) c += " SSIM attributes";
        parts.push_back(c);
    }
    line.kind = d & Retimed ? ComparisonLine::Kind::LegRetimed : d & Moved ? ComparisonLine::Kind::LegMoved : ComparisonLine::Kind::LegChanged;
    line.text = std::string(d & Retimed ? "~ " : d & Moved ? "> " : "* ") + name + " ";
    for (std::size_t i = 0; i < parts.size(); ++i) line.text += (i ? "; " : "") + parts[i];
    return line;
}

}  // namespace

std::unordered_set<LegId, UuidHash> legs_concerned_between(EventStore& events, std::int64_t from, std::int64_t to) {
    std::unordered_set<LegId, UuidHash> touched;
    events.read_all(from, to, [&](std::int64_t, const Event& e) {
        for (LegId id : legs_concerned(e)) touched.insert(id);
    });
    return touched;
}

bool compares_whole_tables(EventStore& events, std::int64_t from, std::int64_t to) {
    // Counted without reading a payload: an import writes a season in a few
    // hundred events of many legs each; planners' edits carry a few legs.
    auto size = events.database().prepare(
        "SELECT count(*), coalesce(sum(type IN ('LegsCreated', 'LegsTaken', 'LegsAddedToRotation')), 0) FROM events "
        "WHERE position > ? AND position <= ? AND " + events.lineage().sql());
    size.bind(1, from).bind(2, to);
    return size.step() && (size.int64(0) > 200'000 || size.int64(1) > 50);
}

void for_each_leg_change(Database& then, Database& later, EventStore& events, std::int64_t from, std::int64_t to,
                         const std::function<void(const std::optional<LegRow>&, const std::optional<LegRow>&)>& each) {
    // Events that carry a season (an import's) take longer to decode than
    // the two legs tables take to read whole; a leg that differs was touched
    // by one of them either way, so both ways find the same legs.
    if (compares_whole_tables(events, from, to)) {
        // Both tables in leg id order, merged as they are read: the legs
        // table is keyed by the id (WITHOUT ROWID), so each is one scan and
        // no sort, and nothing is held but two rows. The id's 16 bytes are
        // big-endian (Statement::uuid), so SQLite's byte order is LegId's.
        // A hash of one season's rows was a quarter of a time travel.
        const std::string select = "SELECT " + leg_columns("legs") + " FROM legs ORDER BY leg_id";
        auto a = then.prepare(select), b = later.prepare(select);
        std::optional<LegRow> was, now;
        auto next = [](Statement& q, std::optional<LegRow>& row) {
            if (q.step()) row = leg_row(q);
            else row.reset();
        };
        next(a, was);
        next(b, now);
        const std::optional<LegRow> none;
        while (was || now) {
            if (was && (!now || was->leg.id < now->leg.id)) {
                each(was, none);
                next(a, was);
            } else if (!was || now->leg.id < was->leg.id) {
                each(none, now);
                next(b, now);
            } else {
                if (differences(was, now)) each(was, now);
                next(a, was);
                next(b, now);
            }
        }
        return;
    }
    OneSnapshot then_read(then), later_read(later);
    LegLookup then_leg(then), now_leg(later);
    for (LegId id : legs_concerned_between(events, from, to)) {
        auto a = then_leg(id), b = now_leg(id);
        if (differences(a, b)) each(a, b);
    }
}

std::string moved_by(std::int64_t minutes) { return (minutes > 0 ? "+" : "") + std::to_string(minutes) + " min"; }

ValidationCounts validation_counts(Database& projections) {
    auto r = validation_report(projections);
    return {r.continuity, r.min_ground_time, r.designator_uniqueness};
}

std::string Comparison::summary() const {
    std::string out;
    auto add = [&](long n, const char* one, const char* many, const char* what) {
        if (!n) return;
        if (!out.empty()) out += ", ";
        out += std::to_string(n) + " " + (n == 1 ? one : many) + " " + what;
    };
    add(legs_added, "leg", "legs", "added");
    add(legs_removed, "leg", "legs", "removed");
    add(legs_retimed, "leg", "legs", "retimed");
    add(legs_moved, "leg", "legs", "moved to another rotation");
    add(legs_changed, "leg", "legs", "changed");
    add(rotations_created, "rotation", "rotations", "created");
    add(rotations_deleted, "rotation", "rotations", "deleted");
    add(rotations_renamed, "rotation", "rotations", "renamed");
    add(airplanes_reassigned, "airplane", "airplanes", "assigned differently");
    add(airplanes_changed, "airplane's", "airplanes'", "type or minimum ground time changed");
    add(airports_changed, "airport", "airports", "defined or changed");
    return out.empty() ? std::string("no difference") : out;
}

Comparison compare_with_now(Database& past, Database& now, EventStore& events, std::int64_t as_of) {
    // "Now" is the last event of the snapshot the legs are read in, not of a
    // commit that may land between reading the position and the legs.
    OneSnapshot now_read(now), events_read(events.database());
    return compare(past, now, events, as_of, events.last_position());
}

namespace {
using LegSet = std::unordered_set<LegId, UuidHash>;
using LegChange = std::function<void(const std::optional<LegRow>&, const std::optional<LegRow>&)>;
// `changes` calls its argument with each leg that may differ, at both points.
Comparison compare_legs(Database& past, Database& now, const std::function<void(const LegChange&)>& changes, std::size_t max_lines);
}  // namespace

Comparison compare(Database& past, Database& now, EventStore& events, std::int64_t from, std::int64_t to, std::size_t max_lines) {
    OneSnapshot events_read(events.database());
    // Legs: only those an event between the two points concerns can differ
    // (for_each_leg_change reads both legs tables whole when those events
    // carry a season). The rows it found are counted as they come: looking
    // each differing leg up again, in both databases, was three quarters of
    // a time travel to a point early in the import.
    Comparison c = compare_legs(past, now, [&](const LegChange& each) { for_each_leg_change(past, now, events, from, to, each); }, max_lines);
    c.as_of = from;
    c.now = to;
    return c;
}

std::unordered_set<LegId, UuidHash> legs_between_versions(Database& db, const Lineage& a, const Lineage& b) {
    LegSet touched;
    auto q = db.prepare("SELECT type, schema_version, payload FROM events WHERE (" + a.sql() + ") <> (" + b.sql() + ")");
    while (q.step())
        for (LegId id : legs_concerned(decode(q.text(0), int(q.int64(1)), q.text(2)))) touched.insert(id);
    return touched;
}

void for_each_leg_change(Database& store, Database& first, const Lineage& a, Database& second, const Lineage& b,
                         const std::function<void(const std::optional<LegRow>&, const std::optional<LegRow>&)>& each) {
    OneSnapshot first_read(first), second_read(second);
    LegLookup then_leg(first), now_leg(second);
    for (LegId id : legs_between_versions(store, a, b)) {
        auto x = then_leg(id), y = now_leg(id);
        if (differences(x, y)) each(x, y);
    }
}

Comparison compare_versions(Database& first, const Lineage& a, Database& second, const Lineage& b, std::size_t max_lines, Database* store) {
    // Only the legs an event of one version and not of the other concerns can differ.
    OneSnapshot events_read(store ? *store : first);
    return compare_legs(first, second, [&](const LegChange& each) { for_each_leg_change(store ? *store : first, first, a, second, b, each); }, max_lines);
}

namespace {

Comparison compare_legs(Database& past, Database& now, const std::function<void(const LegChange&)>& changes, std::size_t max_lines) {
    OneSnapshot past_read(past), now_read(now);
    Comparison c;
    c.validation_then = validation_counts(past);
    c.validation_now = validation_counts(now);
    auto keep = [&](ComparisonLine line) {
        ++c.total_lines;
        if (c.lines.size() < max_lines) c.lines.push_back(std::move(line));
    };
    auto plain = [](ComparisonLine::Kind kind, std::string text) {
        ComparisonLine line;
        line.kind = kind;
        line.text = std::move(text);
        return line;
    };

    // Rotations: by id, both lists whole.
    std::map<RotationId, RotationRow> then_rotations, now_rotations;
    for (auto& r : rotation_list(past)) then_rotations[r.id] = r;
    for (auto& r : rotation_list(now)) now_rotations[r.id] = r;
    for (const auto& [id, r] : now_rotations) {
        auto it = then_rotations.find(id);
        if (it == then_rotations.end()) {
            ++c.rotations_created;
            keep(plain(ComparisonLine::Kind::Rotation, "+ rotation " + r.name + " created"));
        } else if (it->second.name != r.name) {
            ++c.rotations_renamed;
            keep(plain(ComparisonLine::Kind::Rotation, "~ rotation " + it->second.name + " renamed " + r.name));
        }
    }
    for (const auto& [id, r] : then_rotations)
        if (!now_rotations.count(id)) {
            ++c.rotations_deleted;
            keep(plain(ComparisonLine::Kind::Rotation, "- rotation " + r.name + " deleted"));
        }

    // Airplanes: which rotation each flies (or whether it is there at all).
    std::map<std::string, std::string> then_planes, now_planes;
    for (auto& a : airplanes(past)) then_planes[a.registration] = a.rotation_name;
    for (auto& a : airplanes(now)) now_planes[a.registration] = a.rotation_name;
    auto flying = [](const std::string& rotation) { return rotation.empty() ? std::string("no rotation") : rotation; };
    for (const auto& [reg, rotation] : now_planes) {
        auto it = then_planes.find(reg);
        if (it == then_planes.end()) {
            keep(plain(ComparisonLine::Kind::Airplane, "+ airplane " + reg + " registered, flies " + flying(rotation)));
            if (!rotation.empty()) ++c.airplanes_reassigned;
        } else if (it->second != rotation) {
            ++c.airplanes_reassigned;
            keep(plain(ComparisonLine::Kind::Airplane, "> airplane " + reg + ": " + flying(it->second) + " -> " + flying(rotation)));
        }
    }
    for (const auto& [reg, rotation] : then_planes)
        if (!now_planes.count(reg)) {
            if (!rotation.empty()) ++c.airplanes_reassigned;
            keep(plain(ComparisonLine::Kind::Airplane, "- airplane " + reg + " removed, flew " + flying(rotation)));
        }

    // Reference data: an airplane's own figures, and the airports whole.
    std::map<std::string, AirplaneRow> then_fleet;
    for (auto& a : airplanes(past)) then_fleet[a.registration] = a;
    for (auto& a : airplanes(now)) {
        auto it = then_fleet.find(a.registration);
        if (it == then_fleet.end()) continue;  // registered: said above
        std::vector<std::string> parts;
        if (it->second.aircraft_type != a.aircraft_type) parts.push_back("type " + it->second.aircraft_type + " -> " + a.aircraft_type);
        if (it->second.min_ground_minutes != a.min_ground_minutes)
            parts.push_back("minimum ground time " + std::to_string(it->second.min_ground_minutes) + " -> " +
                            std::to_string(a.min_ground_minutes) + " min");
        if (parts.empty()) continue;
        ++c.airplanes_changed;
        std::string text = "~ airplane " + a.registration + " ";
        for (std::size_t i = 0; i < parts.size(); ++i) text += (i ? "; " : "") + parts[i];
        keep(plain(ComparisonLine::Kind::Airplane, text));
    }
    auto clock = [](const AirportRow& a) {
        if (!a.time_zone.empty()) return a.time_zone;
        return a.utc_offset_minutes ? "UTC" + format_utc_offset(*a.utc_offset_minutes) : std::string("UTC");
    };
    std::map<std::string, AirportRow> then_airports;
    for (auto& a : airports(past)) then_airports[a.airport] = a;
    for (auto& a : airports(now)) {
        auto it = then_airports.find(a.airport);
        if (it == then_airports.end()) {
            ++c.airports_changed;
            keep(plain(ComparisonLine::Kind::Airport, "+ airport " + a.airport + " defined, minimum ground time " +
                                                          std::to_string(a.min_ground_minutes) + " min, " + clock(a)));
            continue;
        }
        std::vector<std::string> parts;
        if (it->second.min_ground_minutes != a.min_ground_minutes)
            parts.push_back("minimum ground time " + std::to_string(it->second.min_ground_minutes) + " -> " +
                            std::to_string(a.min_ground_minutes) + " min");
        if (clock(it->second) != clock(a)) parts.push_back("clock " + clock(it->second) + " -> " + clock(a));
        if (it->second.name != a.name) parts.push_back("name \"" + it->second.name + "\" -> \"" + a.name + "\"");
        if (parts.empty()) continue;
        ++c.airports_changed;
        std::string text = "~ airport " + a.airport + " ";
        for (std::size_t i = 0; i < parts.size(); ++i) text += (i ? "; " : "") + parts[i];
        keep(plain(ComparisonLine::Kind::Airport, text));
    }

    struct Found {
        Instant when;
        LegId id;
        unsigned differs;
    };
    std::vector<Found> found;
    changes([&](const std::optional<LegRow>& then, const std::optional<LegRow>& current) {
        unsigned d = differences(then, current);
        if (!d) return;  // e.g. moved out and back
        c.legs_added += (d & Added) != 0;
        c.legs_removed += (d & Removed) != 0;
        c.legs_retimed += (d & Retimed) != 0;
        c.legs_moved += (d & Moved) != 0;
        c.legs_changed += (d & Changed) != 0;
        const Leg& leg = current ? current->leg : then->leg;
        found.push_back({leg.std_utc, leg.id, d});
    });
    std::sort(found.begin(), found.end(), [](const Found& a, const Found& b) { return std::tie(a.when, a.id) < std::tie(b.when, b.id); });
    // The lines shown are read again, by id, with their rotations' names
    // (a row read whole from the legs table carries the id only).
    LegLookup then_leg(past), now_leg(now);
    for (const auto& f : found) {
        if (c.lines.size() >= max_lines) {
            c.total_lines += long(found.size()) - (&f - found.data());  // counted, not written
            break;
        }
        keep(leg_line(f.differs, then_leg(f.id), now_leg(f.id)));  // read again: only the lines shown keep rows
    }
    return c;
}

}  // namespace

}  // namespace rotaplan::storage
