#include "storage/imports/ssm_export.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "core/ssm/changes.h"
#include "core/ssm/writer.h"
#include "storage/eventstore/event_codec.h"
#include "storage/projections/comparison.h"
#include "storage/projections/projections.h"
#include "storage/sqlite/schema.h"
#include "storage/projections/queries.h"
#include "storage/projections/time_zones.h"

namespace rotaplan::storage {

namespace {

struct FlightKey {
    FlightNumber flight;
    Date day;
    auto operator<=>(const FlightKey&) const = default;
};

}  // namespace

std::string SsmExport::summary() const {
    if (messages.empty()) return "no change to send";
    long ssm = 0, asm_ = 0;
    std::map<std::string, long> actions;
    for (const auto& m : messages) {
        (m.kind == ssm::Kind::Ssm ? ssm : asm_)++;
        for (const auto& s : m.subs) actions[ssm::action_name(s.action)]++;
    }
    std::string out = std::to_string(messages.size()) + (messages.size() == 1 ? " message" : " messages") + " (" + std::to_string(ssm) +
                      " SSM, " + std::to_string(asm_) + " ASM):";
    bool first = true;
    for (const auto& [a, n] : actions) {
        out += (first ? " " : ", ") + std::to_string(n) + " " + a;
        first = false;
    }
    return out;
}

namespace {

using EachChange = std::function<void(const std::optional<LegRow>&, const std::optional<LegRow>&)>;
using LegChanges = std::function<void(const EachChange&)>;

bool same_leg(const Leg& a, const Leg& b) {
    return a.designator == b.designator && a.arrival == b.arrival && a.std_utc == b.std_utc && a.sta_utc == b.sta_utc &&
           a.aircraft_type == b.aircraft_type && a.service_type == b.service_type && a.attributes == b.attributes;
}


SsmExport compose_export(Database& then, Database& later, const LegChanges& changes, ssm::TimeMode mode, Date created, std::int64_t group,
                         const std::unordered_set<LegId, UuidHash>* then_only, EventStore& history, std::int64_t history_up_to) {
    SsmExport out;
    // The changed legs of each side, then each flight's whole day: flat
    // vectors sorted by flight, day and STD, joined by a merge (a first
    // publication is every leg of the season).
    std::vector<Leg> changed_before, changed_after;
    changes([&](const std::optional<LegRow>& a, const std::optional<LegRow>& b) {
        if (a) changed_before.push_back(a->leg);
        if (b) changed_after.push_back(b->leg);
    });
    auto key_of = [](const Leg& l) { return FlightKey{l.designator.flight, l.designator.day_of_origin}; };
    auto by_day = [&](const Leg& x, const Leg& y) {
        return std::tie(x.designator.flight, x.designator.day_of_origin, x.std_utc, x.id) <
               std::tie(y.designator.flight, y.designator.day_of_origin, y.std_utc, y.id);
    };
    ssm::ComposeInput in;
    in.time_mode = mode;
    in.created = created;
    in.group = group;
    if (!changed_before.empty() || !changed_after.empty()) {
        std::vector<FlightKey> keys;
        keys.reserve(changed_before.size() + changed_after.size());
        for (const auto* legs : {&changed_before, &changed_after})
            for (const Leg& l : *legs) keys.push_back(key_of(l));
        std::sort(keys.begin(), keys.end());
        keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
        std::set<FlightNumber> flights;
        for (const FlightKey& k : keys) flights.insert(k.flight);
        // The changed flights' numbers, when few enough to filter the legs table by.
        std::string where;
        if (flights.size() <= 500) {
            std::set<int> numbers;
            for (const auto& f : flights) numbers.insert(f.number);
            for (int n : numbers) where += (where.empty() ? "flight_number IN (" : ",") + std::to_string(n);
            where += ")";
        }
        // A flight's whole day on each side: its unchanged legs are read too,
        // unless every leg of that side changed.
        auto side = [&](Database& db, std::vector<Leg>& changed) {
            std::vector<Leg> legs;
            if (&db == &then && then_only) {
                // The legs the replay left out are as they are later.
                auto in_days = [&](const Leg& l) { return std::binary_search(keys.begin(), keys.end(), key_of(l)); };
                for_each_leg(then, [&](const Leg& l, const std::optional<RotationId>&) {
                    if (in_days(l)) legs.push_back(l);
                });
                for_each_leg(
                    later,
                    [&](const Leg& l, const std::optional<RotationId>&) {
                        if (!then_only->count(l.id) && in_days(l)) legs.push_back(l);
                    },
                    where);
            } else if (std::int64_t(changed.size()) == db.scalar("SELECT count(*) FROM legs")) {
                legs = std::move(changed);
            } else {
                for_each_leg(
                    db,
                    [&](const Leg& l, const std::optional<RotationId>&) {
                        if (std::binary_search(keys.begin(), keys.end(), key_of(l))) legs.push_back(l);
                    },
                    where);
            }
            std::sort(legs.begin(), legs.end(), by_day);
            return legs;
        };
        const std::vector<Leg> before = side(then, changed_before), after = side(later, changed_after);
        in.days.reserve(keys.size());
        std::size_t i = 0, j = 0;
        for (const FlightKey& k : keys) {
            ssm::FlightDay d;
            d.flight = k.flight;
            d.day_of_origin = k.day;
            for (; i < before.size() && key_of(before[i]) == k; ++i) d.before.push_back(before[i]);
            for (; j < after.size() && key_of(after[j]) == k; ++j) d.after.push_back(after[j]);
            in.days.push_back(std::move(d));
        }
        in.templates = ssim_templates(later);
        // The airports' clocks (built from tzdata, a few milliseconds a zone)
        // only when a local time needs one: a leg read from an SSIM file keeps its file's UTC variations.
        bool clocks = false;
        if (mode == ssm::TimeMode::Local)
            for (const auto& d : in.days) {
                for (const auto* legs : {&d.before, &d.after})
                    for (const Leg& l : *legs) clocks |= !l.attributes || !in.templates.count(l.attributes);
                if (clocks) break;
            }
        if (clocks) in.clocks = airport_clocks(later);
    }
    // A flight back on a single date exactly as the history last held it
    // before the start (its legs deleted then, as a CNL told the receiver):
    // a RIN, which the receiver answers from its own history. Asked only of
    // the single-date NEWs, so a first publication reads no history.
    if (history_up_to > 0)
        in.reinstates = [&](const ssm::FlightDay& d) {
            std::map<FlightDesignator, Leg> found;
            auto deleted = history.stored_events(history.stream_condition(unassigned_stream(d.day_of_origin)) +
                                                     " AND type = 'LegDeleted' AND position <= " + std::to_string(history_up_to),
                                                 {});
            for (const auto& row : deleted) {
                auto event = row.decoded();
                const auto* gone = std::get_if<LegDeleted>(&event);
                if (!gone) continue;
                auto last = last_version(history, gone->leg, row.position);
                if (last && last->designator.flight == d.flight) found[last->designator] = *last;  // later deletions win
            }
            if (found.size() != d.after.size()) return false;
            for (const Leg& l : d.after) {
                auto it = found.find(l.designator);
                if (it == found.end() || !same_leg(it->second, l)) return false;
            }
            return true;
        };
    out.flights_days = long(in.days.size());
    auto composed = ssm::compose(in);
    if (composed.error) {
        out.error = composed.error;
        return out;
    }
    out.messages = std::move(composed.messages);
    out.sub_messages = composed.sub_messages;
    out.group = group;
    out.groups = composed.groups;
    out.text = ssm::write(out.messages);
    return out;
}

}  // namespace

SsmExport export_ssm(Database& then, Database& later, EventStore& events, std::int64_t from, std::int64_t to, ssm::TimeMode mode,
                     Date created, std::int64_t group, const std::unordered_set<LegId, UuidHash>* then_only) {
    return compose_export(
        then, later, [&](const EachChange& each) { for_each_leg_change(then, later, events, from, to, each); }, mode, created, group, then_only,
        events, from);
}

SsmExport export_ssm_versions(EventStore& events, Database& then, const Lineage& a, Database& later, const Lineage& b, ssm::TimeMode mode,
                              Date created, std::int64_t group) {
    EventStore history(events.database(), a);
    return compose_export(
        then, later,
        [&](const EachChange& each) { for_each_leg_change(events.database(), then, a, later, b, each); },
        mode, created, group, nullptr, history, history.last_position());
}

namespace {

// A leg event reduced to the legs in `ids`; nullopt when none of its legs is.
std::optional<Event> only_legs(const Event& e, const std::unordered_set<LegId, UuidHash>& ids) {
    return std::visit(
        [&](const auto& ev) -> std::optional<Event> {
            using T = std::decay_t<decltype(ev)>;
            if constexpr (std::is_same_v<T, LegsCreated> || std::is_same_v<T, LegsAddedToRotation>) {
                T kept = ev;
                kept.legs.clear();
                for (const Leg& l : ev.legs)
                    if (ids.count(l.id)) kept.legs.push_back(l);
                if (kept.legs.empty()) return std::nullopt;
                return Event{kept};
            } else if constexpr (std::is_same_v<T, LegsTaken>) {
                T kept = ev;
                kept.legs.clear();
                for (LegId id : ev.legs)
                    if (ids.count(id)) kept.legs.push_back(id);
                if (kept.legs.empty()) return std::nullopt;
                return Event{kept};
            } else if constexpr (std::is_same_v<T, LegCreated> || std::is_same_v<T, LegReleased> || std::is_same_v<T, LegAddedToRotation> ||
                                 std::is_same_v<T, LegAmended>) {
                if (!ids.count(ev.leg.id)) return std::nullopt;
                return Event{ev};
            } else if constexpr (std::is_same_v<T, LegTaken> || std::is_same_v<T, LegRemovedFromRotation> || std::is_same_v<T, LegDeleted> ||
                                 std::is_same_v<T, LegRetimed>) {
                if (!ids.count(ev.leg)) return std::nullopt;
                return Event{ev};
            } else {
                return Event{ev};
            }
        },
        e);
}

// Whether `payload` holds one of `ids` as a quoted UUID (how the codec writes a leg's id).
bool names_any(std::string_view payload, const std::unordered_set<std::string>& ids) {
    constexpr std::size_t kUuid = 36;
    std::string key(kUuid, ' ');
    for (std::size_t at = payload.find('"'); at != std::string_view::npos && at + kUuid + 1 < payload.size();
         at = payload.find('"', at + 1)) {
        const char* p = payload.data() + at + 1;
        if (p[8] != '-' || p[13] != '-' || p[18] != '-' || p[23] != '-' || p[kUuid] != '"') continue;
        key.assign(p, kUuid);
        if (ids.count(key)) return true;
        at += kUuid + 1;  // the next search starts after its closing quote
    }
    return false;
}

}  // namespace

SsmExport export_ssm_between(Database& store, EventStore& events, std::int64_t from, std::int64_t to, ssm::TimeMode mode, Date created,
                             std::int64_t group) {
    const std::int64_t last = events.last_position();
    std::optional<Database> replayed;
    if (to < last) replayed.emplace(project_as_of(events, to));
    Database& later = replayed ? *replayed : store;
    if (compares_whole_tables(events, from, to)) {
        Database then = project_as_of(events, from);
        return export_ssm(then, later, events, from, to, mode, created, group);
    }
    // Only the legs the events after `from` concern can differ: the replay to
    // `from` leaves the others out (a season's legs are most of its cost).
    std::unordered_set<LegId, UuidHash> concerned;
    events.read_all(from, to, [&](std::int64_t, const Event& e) {
        for (LegId id : legs_concerned(e)) concerned.insert(id);
    });
    Database then("", Database::Mode::Memory);
    create_projection_schema(then);
    {
        Transaction tx(then);
        Projections projections(then);
        projections.validation().defer(true);  // nothing here reads the violations
        // Decoding the season's legs (a few hundred events of a thousand legs
        // each) is most of the cost: a leg event whose payload names none of
        // the legs concerned is skipped undecoded, as only_legs would empty it.
        std::unordered_set<std::string> ids;
        ids.reserve(concerned.size());
        for (LegId id : concerned) ids.insert(id.value.str());
        auto q = store.prepare("SELECT position, type, schema_version, payload FROM events WHERE position <= ? AND " +
                               events.lineage().sql() + " ORDER BY position");
        q.bind(1, from);
        while (q.step()) {
            const std::string_view type = q.text(1), payload = q.text(3);
            if (type.starts_with("Leg") && !names_any(payload, ids)) continue;
            if (auto kept = only_legs(decode(type, int(q.int64(2)), payload), concerned)) projections.apply(q.int64(0), *kept);
        }
        projections.set_position(from);
        tx.commit();
    }
    return export_ssm(then, later, events, from, to, mode, created, group, &concerned);
}

std::int64_t next_message_group(Database& store) { return store.scalar("SELECT next_group FROM ssm_sequence WHERE id = 1"); }

void take_message_groups(Database& store, std::int64_t group, std::int64_t groups) {
    if (groups <= 0) return;
    auto q = store.prepare("UPDATE ssm_sequence SET next_group = max(next_group, ?) WHERE id = 1");
    q.bind(1, group + groups);
    q.step();
}

std::optional<Leg> last_version(EventStore& history, LegId id, std::int64_t before) {
    std::optional<Leg> leg;
    auto rows = history.stored_events(
        "(leg_id = ?1 OR (type IN ('LegsCreated', 'LegsAddedToRotation') AND instr(payload, ?1) > 0)) AND position < " + std::to_string(before),
        {id.value.str()});
    for (const auto& r : rows) {
        auto e = r.decoded();
        std::visit(
            [&](const auto& ev) {
                using T = std::decay_t<decltype(ev)>;
                if constexpr (std::is_same_v<T, LegCreated> || std::is_same_v<T, LegReleased> || std::is_same_v<T, LegAddedToRotation> ||
                              std::is_same_v<T, LegAmended>) {
                    if (ev.leg.id == id) leg = ev.leg;
                } else if constexpr (std::is_same_v<T, LegsCreated> || std::is_same_v<T, LegsAddedToRotation>) {
                    for (const Leg& l : ev.legs)
                        if (l.id == id) leg = l;
                } else if constexpr (std::is_same_v<T, LegRetimed>) {
                    if (leg && ev.leg == id) {
                        leg->std_utc = ev.std_utc;
                        leg->sta_utc = ev.sta_utc;
                    }
                }
            },
            e);
    }
    return leg;
}

}  // namespace rotaplan::storage
