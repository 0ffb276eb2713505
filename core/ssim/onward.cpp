#include "onward.h"

#include <algorithm>
#include <map>

#include "layout.h"

namespace rotaplan::ssim {

namespace {

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return s;
}

// Where a leg departs from, and on which date as the file writes it.
struct Departure {
    AirlineCode airline;
    std::uint16_t number;
    char suffix;
    AirportCode station;
    std::int32_t date;
    bool operator==(const Departure&) const = default;
};

std::uint64_t mix(std::uint64_t x) {  // splitmix64's finaliser
    x ^= x >> 30;
    x *= 0xBF58476D1CE4E5B9ull;
    x ^= x >> 27;
    x *= 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

std::uint64_t hash_of(const Departure& d) {
    std::uint64_t a = 0;
    for (char c : d.airline.chars) a = (a << 8) | std::uint8_t(c);
    for (char c : d.station.chars) a = (a << 8) | std::uint8_t(c);
    std::uint64_t b = (std::uint64_t(d.number) << 40) | (std::uint64_t(std::uint8_t(d.suffix)) << 32) | std::uint32_t(d.date);
    return mix(a * 0x9E3779B97F4A7C15ull ^ mix(b));
}

// The dated legs by where and when they depart: open addressing over leg
// indexes, legs of one key chained through `next` (no allocation per leg;
// a season has 380,000 of them).
class DepartureTable {
public:
    static constexpr std::uint32_t none = ~0u;
    DepartureTable(const File& file, const std::vector<DatedLeg>& legs) : file_(file), legs_(legs), next_(legs.size(), none) {
        std::size_t capacity = 16;
        while (capacity < legs.size() * 2) capacity <<= 1;
        slots_.assign(capacity, {0, none});
        mask_ = capacity - 1;
        for (std::uint32_t i = 0; i < legs.size(); ++i) insert(i);
    }
    Departure of(std::uint32_t i) const {
        const Leg& l = legs_[i].leg;
        return {l.designator.flight.airline, l.designator.flight.number, l.designator.flight.suffix, l.designator.departure,
                l.designator.day_of_origin.days + file_.legs[legs_[i].record].departure_day};
    }
    // The first leg of `key` (then next(k) for the others), or none.
    std::uint32_t find(const Departure& key) const {
        const std::uint64_t h = hash_of(key);
        for (std::size_t at = h & mask_;; at = (at + 1) & mask_) {
            auto [slot_hash, k] = slots_[at];
            if (k == none || (slot_hash == h && of(k) == key)) return k;
        }
    }
    std::uint32_t next(std::uint32_t k) const { return next_[k]; }

private:
    void insert(std::uint32_t i) {
        const Departure key = of(i);
        const std::uint64_t h = hash_of(key);
        for (std::size_t at = h & mask_;; at = (at + 1) & mask_) {
            auto [slot_hash, k] = slots_[at];
            if (k == none) {
                slots_[at] = {h, i};
                return;
            }
            if (slot_hash == h && of(k) == key) {  // after the head, in file order
                while (next_[k] != none) k = next_[k];
                next_[k] = i;
                return;
            }
        }
    }
    const File& file_;
    const std::vector<DatedLeg>& legs_;
    std::vector<std::pair<std::uint64_t, std::uint32_t>> slots_;  // (hash, first leg): most probes end at the hash
    std::vector<std::uint32_t> next_;
    std::size_t mask_ = 0;
};

// One leg's onward flight as its record names it.
struct Named {
    bool any = false;     // the flight number field is not blank
    std::string why_not;  // the fields are not a flight
    AirlineCode airline;  // blank: the leg's own
    std::uint16_t number = 0;
    char suffix = 0;
    int layover = 0;
    bool layover_given = false;  // the field holds a digit (blank: 0, or the next day; see follow_onward)
};

Named named_in(std::string_view record) {
    Named n;
    auto number = trimmed(leg::onward_flight_number.in(record));
    auto airline = trimmed(leg::onward_airline.in(record));
    if (number.empty()) return n;
    n.any = true;
    int value = 0;
    for (char c : number) {
        if (c < '0' || c > '9') {
            n.why_not = "onward flight number \"" + std::string(number) + "\" is not a number";
            return n;
        }
        value = value * 10 + (c - '0');
    }
    if (value < 1 || value > 9999) {
        n.why_not = "onward flight number " + std::string(number) + " is not 1 to 9999";
        return n;
    }
    n.number = std::uint16_t(value);
    if (!airline.empty()) {
        if (auto why = check_airline(airline); !why.empty()) {
            n.why_not = "onward airline \"" + std::string(airline) + "\": " + why;
            return n;
        }
        n.airline = AirlineCode::from(airline);
    }
    char layover = leg::rotation_layover.in(record)[0];
    if (layover != ' ') {
        if (layover < '0' || layover > '9') {
            n.why_not = std::string("aircraft rotation layover \"") + layover + "\" is not a digit";
            return n;
        }
        n.layover = layover - '0';
        n.layover_given = true;
    }
    char suffix = leg::onward_suffix.in(record)[0];
    if (suffix != ' ') n.suffix = suffix;
    return n;
}

std::string flight_text(AirlineCode airline, std::uint16_t number, char suffix) {
    return format_flight_number({airline, number, suffix});
}

// Problems gathered per record and reason, then said once each.
class Gathered {
public:
    void add(const File& file, const DatedLeg& d, const Field& field, std::string message) {
        auto [it, fresh] = index_.try_emplace({d.record, message}, entries_.size());
        if (fresh) entries_.push_back({&file.legs[d.record], &field, std::move(message), d.leg.designator.day_of_origin, 0});
        entries_[it->second].count++;
    }
    std::vector<Problem> problems() const {
        std::vector<Problem> out;
        for (const auto& e : entries_) {
            Problem p;
            p.line = e.record->line;
            p.column = e.field->first;
            p.field = e.field->name;
            p.message = e.count == 1 ? e.message + " (" + format_date(e.first) + ")"
                                     : e.message + " (" + std::to_string(e.count) + " dated legs, the first " +
                                           format_date(e.first) + ")";
            out.push_back(std::move(p));
        }
        std::stable_sort(out.begin(), out.end(), [](const Problem& a, const Problem& b) { return a.line < b.line; });
        return out;
    }

private:
    struct Entry {
        const LegRecord* record;
        const Field* field;
        std::string message;
        Date first;
        long count;
    };
    std::map<std::pair<std::uint32_t, std::string>, std::size_t> index_;
    std::vector<Entry> entries_;
};

}  // namespace

OnwardRouting follow_onward(const File& file, const std::vector<DatedLeg>& legs) {
    OnwardRouting out;
    const DepartureTable departing(file, legs);

    // Parsed once per record, not once per date.
    std::vector<Named> named(file.legs.size());
    std::vector<bool> parsed(file.legs.size(), false);

    constexpr std::uint32_t none = ~0u;
    std::vector<std::uint32_t> onward(legs.size(), none);
    std::vector<std::uint32_t> claims(legs.size(), 0);  // how many legs name each leg as their onward leg
    Gathered unresolved, refused;
    for (std::uint32_t i = 0; i < legs.size(); ++i) {
        const DatedLeg& d = legs[i];
        if (!parsed[d.record]) {
            named[d.record] = named_in(file.legs[d.record].record);
            parsed[d.record] = true;
        }
        const Named& n = named[d.record];
        if (!n.any) continue;
        ++out.named;
        if (!n.why_not.empty()) {
            ++out.unresolved;
            unresolved.add(file, d, leg::onward_flight_number, n.why_not);
            continue;
        }
        const Leg& l = d.leg;
        const AirlineCode airline = n.airline.empty() ? l.designator.flight.airline : n.airline;
        const std::string onward_name = flight_text(airline, n.number, n.suffix);
        if (airline != l.designator.flight.airline) {
            ++out.unresolved;
            unresolved.add(file, d, leg::onward_airline,
                           "onward flight " + onward_name + " is another airline's: links are followed within one airline");
            continue;
        }
        const std::int32_t date = l.designator.day_of_origin.days + file.legs[d.record].arrival_day + n.layover;
        // The first candidate at or after this leg's arrival; with the
        // layover blank, the day after is tried too (files leave it blank for
        // an aircraft that flies on after local midnight), else the first of
        // that day (then refused below as departing too early).
        std::uint32_t to = DepartureTable::none, early = DepartureTable::none;
        for (int extra = 0; extra < (n.layover_given ? 1 : 2) && to == DepartureTable::none; ++extra)
            for (auto k = departing.find({airline, n.number, n.suffix, l.arrival, date + extra}); k != DepartureTable::none;
                 k = departing.next(k)) {
                const Instant std_k = legs[k].leg.std_utc;
                if (std_k >= l.sta_utc && (to == DepartureTable::none || std_k < legs[to].leg.std_utc)) to = k;
                if (extra == 0 && (early == DepartureTable::none || std_k < legs[early].leg.std_utc)) early = k;
            }
        if (to == DepartureTable::none) to = early;
        if (to == DepartureTable::none) {
            ++out.unresolved;
            unresolved.add(file, d, leg::onward_flight_number,
                           "no leg of onward flight " + onward_name + " departs " + l.arrival.str() + " on the day its layover (" +
                               (n.layover_given ? std::to_string(n.layover) : std::string("blank: 0 or 1")) + ") names");
            continue;
        }
        if (to == i) {
            ++out.refused;
            refused.add(file, d, leg::onward_flight_number, "names itself as its onward flight: not followed");
            continue;
        }
        if (legs[to].leg.std_utc < l.sta_utc) {
            ++out.refused;
            refused.add(file, d, leg::onward_flight_number,
                        "its onward leg (" + onward_name + " from " + l.arrival.str() +
                            ") departs before this leg arrives, so the leg would follow itself: not followed");
            continue;
        }
        onward[i] = to;
        claims[to]++;
    }
    // Two legs naming one onward leg: neither is followed.
    for (std::uint32_t i = 0; i < legs.size(); ++i) {
        if (onward[i] == none) continue;
        if (claims[onward[i]] > 1) {
            ++out.refused;
            const Leg& to = legs[onward[i]].leg;
            refused.add(file, legs[i], leg::onward_flight_number,
                        "its onward leg (" + format_flight_number(to.designator.flight) + " from " +
                            to.designator.departure.str() + ") is named by " + std::to_string(claims[onward[i]]) +
                            " legs (ambiguous): not followed");
            continue;
        }
        ++out.resolved;
    }
    std::vector<bool> has_previous(legs.size(), false);
    for (std::uint32_t i = 0; i < legs.size(); ++i)
        if (onward[i] != none && claims[onward[i]] == 1) has_previous[onward[i]] = true;
        else onward[i] = none;
    // Every link goes forward in time, so following them ends.
    std::vector<std::uint32_t> starts;
    for (std::uint32_t i = 0; i < legs.size(); ++i)
        if (!has_previous[i] && onward[i] != none) starts.push_back(i);
    std::sort(starts.begin(), starts.end(), [&](auto a, auto b) {
        const Leg& x = legs[a].leg;
        const Leg& y = legs[b].leg;
        return x.std_utc != y.std_utc ? x.std_utc < y.std_utc : x.designator < y.designator;
    });
    for (auto s : starts) {
        std::vector<std::uint32_t> chain;
        for (std::uint32_t at = s; at != none; at = onward[at]) chain.push_back(at);
        out.chains.push_back(std::move(chain));
    }
    out.unresolved_problems = unresolved.problems();
    out.refused_problems = refused.problems();
    return out;
}

}  // namespace rotaplan::ssim
