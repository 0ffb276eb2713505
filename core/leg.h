// The leg: one flight of one aircraft between two airports.
//
//   designator  = airline + flight number + suffix + departure airport + day of origin
//   XQ 100 A FRA 2026-04-01  ---STD 06:00Z--->  MUC STA 07:05Z
//
// The day of origin is the local date of the scheduled departure and is part of
// the leg's name: retiming a leg (even across midnight) keeps it, as it does in
// airline operations, so a leg's designator never changes after creation.
// Times are UTC; a leg occupies [STD, STA) and two legs of one rotation may
// touch (STA of one == STD of the next) but not overlap.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "codes.h"
#include "ids.h"
#include "time.h"

namespace rotaplan {

struct FlightNumber {
    AirlineCode airline;
    std::uint16_t number = 0;  // 1..9999
    char suffix = 0;           // operational suffix letter, 0 when none
    auto operator<=>(const FlightNumber&) const = default;
};

struct FlightDesignator {
    FlightNumber flight;
    AirportCode departure;
    Date day_of_origin;
    auto operator<=>(const FlightDesignator&) const = default;
};

struct Leg {
    LegId id;
    FlightDesignator designator;
    AirportCode arrival;
    Instant std_utc;  // scheduled time of departure
    Instant sta_utc;  // scheduled time of arrival
    AircraftType aircraft_type;
    char service_type = 'J';
    // The SSIM attributes Rotaplan carries but does not model (passenger times,
    // terminals, onward flight, ...): the key of a template kept with the import
    // that brought the leg (ssim/expand.h), 0 for a leg made in Rotaplan.
    std::uint64_t attributes = 0;

    bool operator==(const Leg&) const = default;
};

struct DesignatorHash {
    std::size_t operator()(const FlightDesignator& d) const noexcept {
        std::uint64_t h = std::uint64_t(std::uint32_t(d.day_of_origin.days)) * 0x9E3779B97F4A7C15ull;
        h ^= (std::uint64_t(d.flight.number) << 32) ^ (std::uint64_t(std::uint8_t(d.flight.suffix)) << 48);
        for (char c : d.flight.airline.chars) h = h * 131 + std::uint8_t(c);
        for (char c : d.departure.chars) h = h * 131 + std::uint8_t(c);
        return std::size_t(h ^ (h >> 29));
    }
};

// Two legs overlap when their [STD, STA) intervals share a minute.
inline bool overlaps(const Leg& a, const Leg& b) { return a.std_utc < b.sta_utc && b.std_utc < a.sta_utc; }

// "XQ100A" <-> FlightNumber. On failure, `error` says what is wrong.
std::optional<FlightNumber> parse_flight_number(std::string_view text, std::string* error = nullptr);
std::string format_flight_number(const FlightNumber& f);

// "XQ100A/FRA/2026-04-01" <-> FlightDesignator, the form used on the command line.
std::optional<FlightDesignator> parse_designator(std::string_view text, std::string* error = nullptr);
std::string format_designator(const FlightDesignator& d);

// "XQ100A/FRA/2026-04-01 FRA-MUC 06:00Z-07:05Z", the form used in messages.
std::string describe(const Leg& leg);

// What every leg Rotaplan makes holds, however it was made (the CLI's options,
// an SSIM record, an upcast v1 payload): its codes' grammars (codes.h), a
// flight number 1-9999, a suffix and a service type that are capital
// letters, STA after STD. Empty when it does; else what is wrong. A leg from
// elsewhere (a colleague's event, at the sync server: check_event_data) is
// held to it, because payloads carry a leg's codes unescaped
// (storage/eventstore/event_codec): a quote or a byte outside ASCII in one would make
// every later event that carries the leg unreadable (found by fuzzing).
std::string check_leg(const Leg& leg);

// A leg's times as every path that sets them checks them (a new leg, a
// retime, a colleague's LegRetimed at the server): STA after STD. Empty when
// they are; else what is wrong.
std::string check_leg_times(Instant std_utc, Instant sta_utc);

}  // namespace rotaplan
