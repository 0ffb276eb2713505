#include "rotation_builder.h"

#include <algorithm>
#include <climits>
#include <numeric>
#include <unordered_map>

namespace rotaplan::rotations {

namespace {

// (station, type) packed into one integer: both are three bytes.
std::uint64_t group_key(AirportCode station, AircraftType type) {
    std::uint64_t k = 0;
    for (char c : station.chars) k = (k << 8) | std::uint8_t(c);
    for (char c : type.chars) k = (k << 8) | std::uint8_t(c);
    return k;
}

// One event of the sweep: an aircraft ready at a station, or a departure
// from it. Sorted by group, then time, ready before departing at the same
// minute (a ground time equal to the minimum is enough), then by leg.
struct Event {
    std::uint64_t group;
    std::int64_t time;
    std::uint32_t kind;  // 0 ready, 1 departure
    std::uint32_t leg;   // index in canonical order
    bool operator<(const Event& o) const {
        if (group != o.group) return group < o.group;
        if (time != o.time) return time < o.time;
        if (kind != o.kind) return kind < o.kind;
        return leg < o.leg;
    }
};

// Legs in a canonical order (STD, then designator, then the rest), so that
// the proposal does not depend on the order legs were given in.
std::vector<std::uint32_t> canonical_order(const std::vector<Leg>& legs) {
    // (STD, index) pairs side by side: most comparisons end at the STD
    // without reaching into the legs.
    std::vector<std::pair<std::int64_t, std::uint32_t>> keyed(legs.size());
    for (std::uint32_t i = 0; i < legs.size(); ++i) keyed[i] = {legs[i].std_utc.minutes, i};
    std::sort(keyed.begin(), keyed.end(), [&](const auto& p, const auto& q) {
        if (p.first != q.first) return p.first < q.first;
        const Leg& x = legs[p.second];
        const Leg& y = legs[q.second];
        if (x.designator != y.designator) return x.designator < y.designator;
        if (x.sta_utc != y.sta_utc) return x.sta_utc < y.sta_utc;
        if (x.arrival != y.arrival) return x.arrival < y.arrival;
        if (x.aircraft_type != y.aircraft_type) return x.aircraft_type < y.aircraft_type;
        return x.id < y.id;
    });
    std::vector<std::uint32_t> order(legs.size());
    for (std::size_t k = 0; k < keyed.size(); ++k) order[k] = keyed[k].second;
    return order;
}

// Required ground time per (arrival, type), looked up once per leg.
class Required {
public:
    explicit Required(const GroundTimes& g) : g_(g) {}
    int operator()(const Leg& l) {
        auto key = group_key(l.arrival, l.aircraft_type);
        auto it = cache_.find(key);
        if (it != cache_.end()) return it->second;
        int r = g_.required(l.arrival, l.aircraft_type);
        cache_.emplace(key, r);
        return r;
    }

private:
    const GroundTimes& g_;
    std::unordered_map<std::uint64_t, int> cache_;
};

// Dense numbers for the (station, type) groups, in order of first sight.
class Groups {
public:
    std::uint32_t operator()(std::uint64_t key) {
        auto [it, fresh] = ids_.try_emplace(key, std::uint32_t(ids_.size()));
        return it->second;
    }
    std::size_t size() const { return ids_.size(); }

private:
    std::unordered_map<std::uint64_t, std::uint32_t> ids_;
};

std::vector<Event> sweep_events(const std::vector<Leg>& legs, const std::vector<std::uint32_t>& order,
                                const GroundTimes& ground) {
    Required required(ground);
    Groups groups;
    std::vector<Event> events;
    events.reserve(legs.size() * 2);
    std::int64_t first = INT64_MAX, last = INT64_MIN;
    for (std::uint32_t k = 0; k < order.size(); ++k) {
        const Leg& l = legs[order[k]];
        events.push_back({groups(group_key(l.arrival, l.aircraft_type)), (l.sta_utc + required(l)).minutes, 0, k});
        events.push_back({groups(group_key(l.designator.departure, l.aircraft_type)), l.std_utc.minutes, 1, k});
        first = std::min(first, l.std_utc.minutes);
        last = std::max(last, events[events.size() - 2].time);
    }
    // A season fits one 64-bit key per event (group 18 bits, minute 24, kind 1,
    // leg 21): a sort of plain integers, several times faster than of structs.
    if (groups.size() < (1u << 18) && legs.size() < (1u << 21) && !events.empty() && last - first < (1ll << 24)) {
        std::vector<std::uint64_t> keys(events.size());
        for (std::size_t i = 0; i < events.size(); ++i) {
            const Event& e = events[i];
            keys[i] = (e.group << 46) | (std::uint64_t(e.time - first) << 22) | (std::uint64_t(e.kind) << 21) | e.leg;
        }
        std::sort(keys.begin(), keys.end());
        for (std::size_t i = 0; i < keys.size(); ++i) {
            std::uint64_t k = keys[i];
            events[i] = {k >> 46, std::int64_t((k >> 22) & ((1ull << 24) - 1)) + first, std::uint32_t((k >> 21) & 1),
                         std::uint32_t(k & ((1u << 21) - 1))};
        }
    } else {
        std::sort(events.begin(), events.end());
    }
    return events;
}

}  // namespace

int GroundTimes::required(AirportCode arrival, AircraftType type) const {
    int a = 0, t = 0;
    if (auto it = airports.find(arrival); it != airports.end()) a = it->second;
    if (auto it = types.find(type); it != types.end()) t = it->second;
    return std::max(a, t);
}

int Proposal::total_lower_bound() const {
    int n = 0;
    for (const auto& [type, count] : lower_bound) n += count;
    return n;
}

bool can_follow(const Leg& a, const Leg& b, const GroundTimes& ground) {
    return a.aircraft_type == b.aircraft_type && a.arrival == b.designator.departure &&
           b.std_utc - a.sta_utc >= ground.required(a.arrival, a.aircraft_type);
}

Proposal build(const std::vector<Leg>& legs, const GroundTimes& ground) {
    const auto order = canonical_order(legs);
    const auto events = sweep_events(legs, order, ground);
    constexpr std::uint32_t none = ~0u;
    std::vector<std::uint32_t> next(order.size(), none);
    std::vector<bool> has_previous(order.size(), false);

    // Per group, the aircraft ready and not yet taken, longest waiting first:
    // they join in time order, so the queue is the events' own order.
    std::vector<std::uint32_t> waiting;
    std::size_t head = 0;
    for (std::size_t i = 0; i < events.size(); ++i) {
        if (i == 0 || events[i].group != events[i - 1].group) {
            waiting.clear();
            head = 0;
        }
        const Event& e = events[i];
        if (e.kind == 0) {
            waiting.push_back(e.leg);
        } else if (head < waiting.size()) {
            std::uint32_t from = waiting[head++];
            next[from] = e.leg;
            has_previous[e.leg] = true;
        }
    }

    Proposal p;
    for (std::uint32_t k = 0; k < order.size(); ++k) {
        if (has_previous[k]) continue;
        std::vector<std::uint32_t> rotation;
        for (std::uint32_t at = k; at != none; at = next[at]) rotation.push_back(order[at]);
        p.rotations.push_back(std::move(rotation));
    }
    // By type, then first STD (the canonical order already sorts by STD).
    std::stable_sort(p.rotations.begin(), p.rotations.end(), [&](const auto& a, const auto& b) {
        return legs[a.front()].aircraft_type < legs[b.front()].aircraft_type;
    });
    for (const auto& r : p.rotations) p.fleet[legs[r.front()].aircraft_type]++;
    p.lower_bound = lower_bound(legs, ground);
    return p;
}

std::map<AircraftType, int> lower_bound(const std::vector<Leg>& legs, const GroundTimes& ground) {
    // Counted on its own marks, without links: departures minus aircraft
    // ready, as a running balance per (station, type); its deepest point is
    // how many aircraft that station must have had from nowhere.
    Required required(ground);
    std::unordered_map<std::uint64_t, std::uint32_t> group_of;
    std::vector<AircraftType> type_of;
    auto group = [&](AirportCode station, AircraftType type) {
        auto [it, fresh] = group_of.try_emplace(group_key(station, type), std::uint32_t(type_of.size()));
        if (fresh) type_of.push_back(type);
        return std::uint64_t(it->second);
    };
    // One integer per mark: group, then minute, then departures after the
    // aircraft ready at that minute (ground time equal to the minimum is enough).
    struct Mark {
        std::uint64_t group;
        std::int64_t time;
        bool departure;
    };
    std::vector<Mark> marks;
    marks.reserve(legs.size() * 2);
    std::int64_t first = INT64_MAX, last = INT64_MIN;
    for (const Leg& l : legs) {
        marks.push_back({group(l.arrival, l.aircraft_type), (l.sta_utc + required(l)).minutes, false});
        marks.push_back({group(l.designator.departure, l.aircraft_type), l.std_utc.minutes, true});
        first = std::min(first, l.std_utc.minutes);
        last = std::max(last, marks[marks.size() - 2].time);
    }
    std::map<AircraftType, int> out;
    for (const Leg& l : legs) out[l.aircraft_type] += 0;
    if (marks.empty()) return out;
    auto count = [&](auto group_at, auto departure_at, std::size_t n) {
        int balance = 0, deepest = 0;
        for (std::size_t i = 0; i < n; ++i) {
            if (i == 0 || group_at(i) != group_at(i - 1)) balance = deepest = 0;
            balance += departure_at(i) ? -1 : +1;
            deepest = std::min(deepest, balance);
            if (i + 1 == n || group_at(i + 1) != group_at(i)) out[type_of[group_at(i)]] += -deepest;
        }
    };
    if (type_of.size() < (1u << 20) && last - first < (1ll << 40)) {
        std::vector<std::uint64_t> keys(marks.size());
        for (std::size_t i = 0; i < marks.size(); ++i)
            keys[i] = (marks[i].group << 43) | (std::uint64_t(marks[i].time - first) << 1) | std::uint64_t(marks[i].departure);
        std::sort(keys.begin(), keys.end());
        count([&](std::size_t i) { return keys[i] >> 43; }, [&](std::size_t i) { return (keys[i] & 1) != 0; }, keys.size());
    } else {
        std::sort(marks.begin(), marks.end(), [](const Mark& a, const Mark& b) {
            if (a.group != b.group) return a.group < b.group;
            if (a.time != b.time) return a.time < b.time;
            return a.departure < b.departure;
        });
        count([&](std::size_t i) { return marks[i].group; }, [&](std::size_t i) { return marks[i].departure; }, marks.size());
    }
    return out;
}

std::vector<DayFleet> fleet_per_day(const std::vector<Leg>& legs, const Proposal& proposal) {
    std::map<std::pair<AircraftType, std::int32_t>, int> count;
    for (const auto& r : proposal.rotations) {
        std::int32_t last = INT32_MIN;
        for (auto i : r) {  // by STD: each day counted once per rotation
            std::int32_t day = date_of(legs[i].std_utc).days;
            if (day != last) count[{legs[i].aircraft_type, day}]++;
            last = day;
        }
    }
    std::vector<DayFleet> out;
    for (const auto& [key, n] : count) out.push_back({key.first, Date{key.second}, n});
    return out;
}

int shortest_turn(const std::vector<Leg>& legs) {
    int shortest = kNoTurn;
    for (std::size_t i = 1; i < legs.size(); ++i)
        shortest = std::min<std::int64_t>(shortest, legs[i].std_utc - legs[i - 1].sta_utc);
    return shortest;
}

Assignment assign(const std::vector<Candidate>& rotations, const std::vector<Candidate>& airplanes) {
    Assignment out;
    std::map<AircraftType, std::vector<const Candidate*>> rotations_of, airplanes_of;
    for (const auto& r : rotations) rotations_of[r.type].push_back(&r);
    for (const auto& a : airplanes) airplanes_of[a.type].push_back(&a);
    std::vector<bool> used(airplanes.size(), false);
    for (auto& [type, rs] : rotations_of) {
        // The tightest rotation first; airplanes by their minimum, longest first among those that fit.
        std::stable_sort(rs.begin(), rs.end(), [](auto a, auto b) { return a->value < b->value; });
        auto& as = airplanes_of[type];
        std::stable_sort(as.begin(), as.end(), [](auto a, auto b) { return a->value < b->value; });
        // Rotations come in rising shortest turn, so the airplanes that fit only grow:
        // a stack of those that fit, the longest minimum on top.
        std::vector<const Candidate*> fitting;
        std::size_t next = 0;
        for (const Candidate* r : rs) {
            while (next < as.size() && as[next]->value <= r->value) fitting.push_back(as[next++]);
            if (fitting.empty()) {
                out.rotations_left.push_back(r->index);
                continue;
            }
            const Candidate* a = fitting.back();
            fitting.pop_back();
            used[std::size_t(a - airplanes.data())] = true;
            out.pairs.push_back({r->index, a->index});
        }
    }
    for (std::size_t i = 0; i < airplanes.size(); ++i)
        if (!used[i]) out.airplanes_idle.push_back(airplanes[i].index);
    return out;
}

}  // namespace rotaplan::rotations
