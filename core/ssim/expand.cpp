#include "expand.h"

#include <map>
#include <tuple>
#include <unordered_map>

#include "layout.h"

namespace rotaplan::ssim {

namespace {

Date monday_of(Date d) { return Date{d.days - (iso_weekday(d) - 1)}; }

// The first leg of each flight seen so far, for UTC-mode days of origin.
using FlightKey = std::tuple<int, AirlineCode, std::uint16_t, char, int>;  // carrier, airline, number, suffix, IVI

}  // namespace

bool operates_on(const LegRecord& r, Date date) {
    if (date < r.period_from || date > r.period_to) return false;
    if (!(r.days & (1u << (iso_weekday(date) - 1)))) return false;
    if (r.frequency == 2 && ((monday_of(date).days - monday_of(r.period_from).days) / 7) % 2 != 0) return false;
    return true;
}

namespace {

int hhmm_minutes(std::string_view v) {
    return ((v[0] - '0') * 10 + (v[1] - '0')) * 60 + (v[2] - '0') * 10 + (v[3] - '0');
}

bool hhmm_digits(std::string_view v) { return v.size() == 4 && v.find_first_not_of("0123456789") == std::string_view::npos; }

// A passenger time as minutes from the aircraft time ("+000", "-010"): it
// then follows the aircraft when the leg is retimed.
std::string relative_passenger_time(std::string_view pax, std::string_view aircraft) {
    if (!hhmm_digits(pax) || !hhmm_digits(aircraft)) return std::string(pax);
    int delta = hhmm_minutes(pax) - hhmm_minutes(aircraft);
    if (delta > 720) delta -= 1440;
    if (delta < -720) delta += 1440;
    std::string digits = std::to_string(std::abs(delta));
    if (std::abs(delta) > 999) return std::string(pax);
    return (delta < 0 ? "-" : "+") + std::string(3 - digits.size(), '0') + digits;
}

}  // namespace

std::string attributes_template(std::string_view record) {
    std::string t(record);
    auto blank = [&](const Field& f) { t.replace(std::size_t(f.first - 1), std::size_t(f.width()), std::size_t(f.width()), ' '); };
    auto set = [&](const Field& f, const std::string& v) { t.replace(std::size_t(f.first - 1), v.size(), v); };
    set(leg::passenger_std, relative_passenger_time(leg::passenger_std.in(record), leg::aircraft_std.in(record)));
    set(leg::passenger_sta, relative_passenger_time(leg::passenger_sta.in(record), leg::aircraft_sta.in(record)));
    for (const Field* f : {&leg::suffix, &leg::airline, &leg::flight_number, &leg::service_type, &leg::period_from,
                           &leg::period_to, &leg::days, &leg::frequency, &leg::departure, &leg::aircraft_std,
                           &leg::arrival, &leg::aircraft_sta, &leg::aircraft_type, &leg::date_variation, &serial_number})
        blank(*f);
    return t;
}

std::uint64_t attributes_key(std::string_view t) {
    std::uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a: stable across compilers and machines
    for (unsigned char c : t) {
        h ^= c;
        h *= 0x100000001b3ull;
    }
    return h == 0 ? 1 : h;
}

LegOffsets utc_variations(std::string_view t) {
    auto variation = [&](const Field& f) -> std::optional<int> {
        if (t.size() < std::size_t(f.last)) return std::nullopt;
        std::string_view v = f.in(t);
        if (v[0] != '+' && v[0] != '-') return std::nullopt;
        int hhmm = 0;
        for (std::size_t i = 1; i < 5; ++i) {
            if (v[i] < '0' || v[i] > '9') return std::nullopt;
            hhmm = hhmm * 10 + (v[i] - '0');
        }
        int minutes = hhmm / 100 * 60 + hhmm % 100;
        return v[0] == '-' ? -minutes : minutes;
    };
    return {variation(leg::departure_offset), variation(leg::arrival_offset)};
}

Expansion expand(const File& file, const ReadOptions& options) {
    Expansion out;
    out.legs.reserve(file.legs.size() * 200);
    std::unordered_map<FlightDesignator, std::uint32_t, DesignatorHash> taken;  // designator -> record
    taken.reserve(file.legs.size() * 220);
    std::map<FlightKey, const LegRecord*> first_legs;
    std::vector<DatedLeg> dated;

    // The first leg of each flight, whatever order its records come in.
    for (const LegRecord& r : file.legs) {
        FlightKey key{r.carrier, r.flight.airline, r.flight.number, r.flight.suffix, r.itinerary_variation};
        auto [it, fresh] = first_legs.try_emplace(key, &r);
        if (!fresh && r.leg_sequence < it->second->leg_sequence) it->second = &r;
    }
    for (std::uint32_t index = 0; index < file.legs.size(); ++index) {
        const LegRecord& r = file.legs[index];
        const Carrier& carrier = file.carriers[std::size_t(r.carrier)];
        bool utc_mode = carrier.time_mode == TimeMode::Utc;
        const LegRecord& first =
            *first_legs.at(FlightKey{r.carrier, r.flight.airline, r.flight.number, r.flight.suffix, r.itinerary_variation});
        std::uint64_t attributes = attributes_key(attributes_template(r.record));

        dated.clear();
        for (Date d = r.period_from; d <= r.period_to; d.days++) {
            if (!operates_on(r, d)) continue;
            Leg leg;
            leg.designator.flight = r.flight;
            leg.designator.departure = r.departure;
            leg.arrival = r.arrival;
            leg.aircraft_type = r.aircraft_type;
            leg.service_type = r.service_type;
            leg.attributes = attributes;
            int dep_offset = utc_mode ? 0 : r.departure_offset;
            int arr_offset = utc_mode ? 0 : r.arrival_offset;
            leg.std_utc = instant_at(Date{d.days + r.departure_day}, r.std_minutes) + (-dep_offset);
            leg.sta_utc = instant_at(Date{d.days + r.arrival_day}, r.sta_minutes) + (-arr_offset);
            leg.designator.day_of_origin =
                utc_mode ? date_of(instant_at(Date{d.days + first.departure_day}, first.std_minutes), first.departure_offset)
                         : d;
            dated.push_back({leg, index});
        }
        // A record is taken whole or not at all: a duplicate designator names both lines.
        const DatedLeg* clash = nullptr;
        std::uint32_t clash_with = 0;
        for (const DatedLeg& dl : dated)
            if (auto it = taken.find(dl.leg.designator); it != taken.end()) {
                clash = &dl;
                clash_with = it->second;
                break;
            }
        if (clash) {
            Problem p{options.file_name, r.line, leg::flight_number.first, leg::flight_number.name,
                      "flight " + format_designator(clash->leg.designator) + " is already scheduled on line " +
                          std::to_string(file.legs[clash_with].line)};
            if (!options.lenient) {
                out.error = std::move(p);
                return out;
            }
            out.skipped.push_back(std::move(p));
            continue;
        }
        for (const DatedLeg& dl : dated) {
            taken.emplace(dl.leg.designator, index);
            out.legs.push_back(dl);
        }
    }
    return out;
}

}  // namespace rotaplan::ssim
