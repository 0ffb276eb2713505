// A station's day: see station_activity.h.
#include "core/station_activity.h"

#include <algorithm>
#include <unordered_map>

namespace rotaplan {

namespace {

int hour_of(Instant t, Instant from) { return int(((t - from) / 60) % 24); }

}  // namespace

StationDay station_day(AirportCode airport, Instant from, Instant to, const std::vector<StationLeg>& legs) {
    StationDay day;
    // Which leg arrives just before each departure here, within its rotation:
    // the departure's ground time is that arrival's turn.
    std::unordered_map<Uuid, std::size_t, UuidHash> previous_of;
    for (std::size_t i = 0; i < legs.size(); ++i)
        if (const Leg* next = legs[i].next_in_rotation) previous_of.emplace(next->id.value, i);
    for (std::size_t i = 0; i < legs.size(); ++i) {
        const Leg& leg = *legs[i].leg;
        if (leg.arrival == airport && from <= leg.sta_utc && leg.sta_utc < to) {
            Movement m{Movement::Kind::arrival, i, leg.sta_utc, std::nullopt};
            if (const Leg* next = legs[i].next_in_rotation; next && next->designator.departure == airport)
                m.ground_minutes = int(next->std_utc - leg.sta_utc);
            day.movements.push_back(m);
            ++day.arrivals_per_hour[std::size_t(hour_of(leg.sta_utc, from))];
        }
        if (leg.designator.departure == airport && from <= leg.std_utc && leg.std_utc < to) {
            Movement m{Movement::Kind::departure, i, leg.std_utc, std::nullopt};
            if (auto p = previous_of.find(leg.id.value); p != previous_of.end() && legs[p->second].leg->arrival == airport)
                m.ground_minutes = int(leg.std_utc - legs[p->second].leg->sta_utc);
            day.movements.push_back(m);
            ++day.departures_per_hour[std::size_t(hour_of(leg.std_utc, from))];
        }
    }
    std::stable_sort(day.movements.begin(), day.movements.end(), [&](const Movement& a, const Movement& b) {
        if (a.at != b.at) return a.at < b.at;
        if (a.kind != b.kind) return a.kind == Movement::Kind::arrival;
        return legs[a.leg].leg->designator.flight < legs[b.leg].leg->designator.flight;
    });
    return day;
}

std::vector<Connection> connections_from(std::size_t arrival, int min_minutes, int window_minutes,
                                         const std::vector<StationLeg>& legs) {
    std::vector<Connection> out;
    const Leg& in = *legs[arrival].leg;
    for (std::size_t i = 0; i < legs.size(); ++i) {
        const Leg& leg = *legs[i].leg;
        if (i == arrival || leg.designator.departure != in.arrival) continue;
        auto minutes = leg.std_utc - in.sta_utc;
        if (minutes >= min_minutes && minutes <= window_minutes) out.push_back({i, int(minutes)});
    }
    std::stable_sort(out.begin(), out.end(), [](const Connection& a, const Connection& b) { return a.minutes < b.minutes; });
    return out;
}

}  // namespace rotaplan
