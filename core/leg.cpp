#include "leg.h"

#include <charconv>

namespace rotaplan {

namespace {
void set(std::string* error, std::string text) {
    if (error) *error = std::move(text);
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
}  // namespace

std::optional<FlightNumber> parse_flight_number(std::string_view t, std::string* error) {
    // The airline is two characters, or three when the third is a letter
    // (IATA two-character codes may contain a digit; three-letter ones never do).
    std::size_t airline_len = (t.size() > 2 && is_upper(t[2])) ? 3 : 2;
    if (t.size() <= airline_len) {
        set(error, "a flight is an airline designator followed by a flight number, e.g. XQ100");
        return std::nullopt;
    }
    auto airline = t.substr(0, airline_len);
    if (auto why = check_airline(airline); !why.empty()) {
        set(error, why);
        return std::nullopt;
    }
    auto rest = t.substr(airline_len);
    std::size_t n = 0;
    while (n < rest.size() && is_digit(rest[n])) ++n;
    if (n == 0 || n > 4) {
        set(error, "a flight number has 1 to 4 digits");
        return std::nullopt;
    }
    unsigned number = 0;
    std::from_chars(rest.data(), rest.data() + n, number);
    if (number == 0) {
        set(error, "flight number 0 does not exist");
        return std::nullopt;
    }
    char suffix = 0;
    if (rest.size() > n) {
        if (rest.size() != n + 1 || !is_upper(rest[n])) {
            set(error, "an operational suffix is one capital letter after the flight number");
            return std::nullopt;
        }
        suffix = rest[n];
    }
    return FlightNumber{AirlineCode::from(airline), static_cast<std::uint16_t>(number), suffix};
}

std::string check_leg(const Leg& leg) {
    const FlightNumber& f = leg.designator.flight;
    if (auto why = check_airline(f.airline.view()); !why.empty()) return why;
    if (f.number < 1 || f.number > 9999) return "a flight number is from 1 to 9999";
    if (f.suffix != 0 && !is_upper(f.suffix)) return "an operational suffix is one capital letter";
    if (auto why = check_airport(leg.designator.departure.view()); !why.empty()) return "departure: " + why;
    if (auto why = check_airport(leg.arrival.view()); !why.empty()) return "arrival: " + why;
    if (auto why = check_aircraft_type(leg.aircraft_type.view()); !why.empty()) return why;
    if (!is_upper(leg.service_type)) return "a service type is one capital letter";
    return check_leg_times(leg.std_utc, leg.sta_utc);
}

std::string check_leg_times(Instant std_utc, Instant sta_utc) {
    if (sta_utc <= std_utc) return "STA must be after STD";
    return {};
}

std::string format_flight_number(const FlightNumber& f) {
    std::string s = f.airline.str() + std::to_string(f.number);
    if (f.suffix) s += f.suffix;
    return s;
}

std::optional<FlightDesignator> parse_designator(std::string_view t, std::string* error) {
    auto slash1 = t.find('/');
    auto slash2 = slash1 == std::string_view::npos ? slash1 : t.find('/', slash1 + 1);
    if (slash2 == std::string_view::npos) {
        set(error, "a flight designator is written FLIGHT/DEPARTURE/DAY-OF-ORIGIN, e.g. XQ100/FRA/2026-04-01");
        return std::nullopt;
    }
    auto flight = parse_flight_number(t.substr(0, slash1), error);
    if (!flight) return std::nullopt;
    auto dep = t.substr(slash1 + 1, slash2 - slash1 - 1);
    if (auto why = check_airport(dep); !why.empty()) {
        set(error, why);
        return std::nullopt;
    }
    auto day = parse_date(t.substr(slash2 + 1));
    if (!day) {
        set(error, "the day of origin is a date YYYY-MM-DD");
        return std::nullopt;
    }
    return FlightDesignator{*flight, AirportCode::from(dep), *day};
}

std::string format_designator(const FlightDesignator& d) {
    return format_flight_number(d.flight) + "/" + d.departure.str() + "/" + format_date(d.day_of_origin);
}

std::string describe(const Leg& leg) {
    return format_designator(leg.designator) + " " + leg.designator.departure.str() + "-" + leg.arrival.str() + " " +
           format_instant(leg.std_utc) + "-" + format_instant(leg.sta_utc);
}

}  // namespace rotaplan
