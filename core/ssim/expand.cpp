#include "expand.h"

#include <algorithm>
#include <map>
#include <tuple>
#include <unordered_map>

#include "core/files/encoding.h"
#include "layout.h"

namespace rotaplan::ssim {

namespace {

Date monday_of(Date d) { return Date{d.days - (iso_weekday(d) - 1)}; }

// A flight: its carrier section, airline, number, suffix and itinerary variation.
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

std::string attributes_template(std::string_view record, const std::vector<std::string_view>& segments) {
    std::string t(record);
    auto blank = [&](std::string& r, const Field& f) {
        r.replace(std::size_t(f.first - 1), std::size_t(f.width()), std::size_t(f.width()), ' ');
    };
    auto set = [&](const Field& f, const std::string& v) { t.replace(std::size_t(f.first - 1), v.size(), v); };
    set(leg::passenger_std, relative_passenger_time(leg::passenger_std.in(record), leg::aircraft_std.in(record)));
    set(leg::passenger_sta, relative_passenger_time(leg::passenger_sta.in(record), leg::aircraft_sta.in(record)));
    for (const Field* f : {&leg::suffix, &leg::airline, &leg::flight_number, &leg::service_type, &leg::period_from,
                           &leg::period_to, &leg::days, &leg::frequency, &leg::departure, &leg::aircraft_std,
                           &leg::arrival, &leg::aircraft_sta, &leg::aircraft_type, &leg::date_variation, &serial_number})
        blank(t, *f);
    for (std::string_view segment_record : segments) {
        std::string s(segment_record);
        for (const Field* f : {&segment::suffix, &segment::airline, &segment::flight_number, &serial_number}) blank(s, *f);
        t += s;
    }
    return files::latin1_to_utf8(t);
}

std::string attributes_template(const LegRecord& r) { return attributes_template(r.record, r.segments); }

std::uint64_t attributes_key(std::string_view t) {
    std::uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a: stable across compilers and machines
    for (unsigned char c : t) {
        h ^= c;
        h *= 0x100000001b3ull;
    }
    return h == 0 ? 1 : h;
}

LegOffsets utc_variations(std::string_view record) {
    // A template is UTF-8: a Latin-1 character before the columns would shift
    // them, so they are read from the record's bytes.
    std::optional<std::string> bytes;
    if (std::any_of(record.begin(), record.end(), [](unsigned char c) { return c >= 0x80; }))
        bytes = files::utf8_to_latin1(record);
    std::string_view t = bytes ? std::string_view(*bytes) : record;
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
    // Counted first: a file too big is refused before anything is allocated for it.
    std::size_t total = 0;
    for (const LegRecord& r : file.legs) {
        std::size_t n = 0;
        for (Date d = r.period_from; d <= r.period_to; d.days++) n += operates_on(r, d) ? 1 : 0;
        total += n;
        if (total > options.max_dated_legs) {
            out.error = Problem{options.file_name, r.line, leg::period_from.first, leg::period_from.name,
                                "with this record (" + std::to_string(n) + " dated legs from " + format_ssim_date(r.period_from) +
                                    " to " + format_ssim_date(r.period_to) + ") the file schedules more than " +
                                    std::to_string(options.max_dated_legs) +
                                    " dated legs, the most one file may hold: split it by period or by airline",
                                {}};
            return out;
        }
    }
    out.legs.reserve(total);
    std::unordered_map<FlightDesignator, std::uint32_t, DesignatorHash> taken;  // designator -> its first dated leg
    taken.reserve(total);
    std::unordered_map<std::uint32_t, std::size_t> group_of;  // first dated leg -> index into out.shared

    // UTC mode: each flight's records by leg sequence, for its first leg on a date.
    std::map<FlightKey, std::vector<const LegRecord*>> flights;
    for (const LegRecord& r : file.legs)
        if (file.carriers[std::size_t(r.carrier)].time_mode == TimeMode::Utc)
            flights[FlightKey{r.carrier, r.flight.airline, r.flight.number, r.flight.suffix, r.itinerary_variation}].push_back(&r);
    for (auto& [key, records] : flights)
        std::stable_sort(records.begin(), records.end(),
                         [](const LegRecord* a, const LegRecord* b) { return a->leg_sequence < b->leg_sequence; });

    for (std::uint32_t index = 0; index < file.legs.size(); ++index) {
        const LegRecord& r = file.legs[index];
        const Carrier& carrier = file.carriers[std::size_t(r.carrier)];
        bool utc_mode = carrier.time_mode == TimeMode::Utc;
        const std::vector<const LegRecord*>* flight =
            utc_mode ? &flights.at(FlightKey{r.carrier, r.flight.airline, r.flight.number, r.flight.suffix, r.itinerary_variation})
                     : nullptr;
        std::uint64_t attributes = attributes_key(attributes_template(r));

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
            if (utc_mode) {
                // The flight's first leg that flies on this date: a flight's
                // records may be split by period (at a change of UTC
                // variation, say), each with its own times.
                const LegRecord* first = &r;
                for (const LegRecord* candidate : *flight)
                    if (operates_on(*candidate, d)) {
                        first = candidate;
                        break;
                    }
                leg.designator.day_of_origin =
                    date_of(instant_at(Date{d.days + first->departure_day}, first->std_minutes), first->departure_offset);
            } else {
                leg.designator.day_of_origin = d;
            }
            auto k = std::uint32_t(out.legs.size());
            auto [it, fresh] = taken.try_emplace(leg.designator, k);
            if (!fresh) {
                auto [g, new_group] = group_of.try_emplace(it->second, out.shared.size());
                if (new_group) out.shared.push_back({leg.designator, {it->second}});
                out.shared[g->second].legs.push_back(k);
            }
            out.legs.push_back({leg, index});
        }
    }
    return out;
}

}  // namespace rotaplan::ssim
