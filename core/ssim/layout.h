// Where each SSIM Chapter 7 field sits in its 200-byte record.
//
//   3 XQ 1000101J01APR2625OCT261234567 FRA06000600+0200  MUC07050705+0200  320 ...  00000002
//   ^ ^^  ^   ^ ^ ^      ^      ^      ^  ^   ^   ^        ^  ^   ^   ^        ^        ^
//   type  flight IVI/seq period  days  dep pax/ac STD offset arr ac/pax STA     type     serial
//
// Columns are the manual's: 1-based and inclusive. Reader and writer both use
// this one table, so a column can never be read from one place and written
// to another.
#pragma once

#include <string_view>

namespace rotaplan::ssim {

inline constexpr std::size_t record_size = 200;

struct Field {
    const char* name;  // as the IATA manual calls it, for error messages
    int first;         // 1-based column
    int last;          // inclusive
    constexpr int width() const { return last - first + 1; }
    std::string_view in(std::string_view record) const { return record.substr(first - 1, width()); }
};

namespace header {  // record type 1
inline constexpr Field title{"title of contents", 2, 35};
inline constexpr Field number_of_seasons{"number of seasons", 41, 41};
inline constexpr Field data_set_serial{"data set serial number", 192, 194};
}  // namespace header

namespace carrier {  // record type 2
inline constexpr Field time_mode{"time mode", 2, 2};
inline constexpr Field airline{"airline designator", 3, 5};
inline constexpr Field season{"season", 11, 13};
inline constexpr Field valid_from{"period of schedule validity from", 15, 21};
inline constexpr Field valid_to{"period of schedule validity to", 22, 28};
inline constexpr Field creation_date{"creation date", 29, 35};
inline constexpr Field title{"title of data", 36, 64};
inline constexpr Field schedule_status{"schedule status", 72, 72};
}  // namespace carrier

namespace leg {  // record type 3
inline constexpr Field suffix{"operational suffix", 2, 2};
inline constexpr Field airline{"airline designator", 3, 5};
inline constexpr Field flight_number{"flight number", 6, 9};
inline constexpr Field itinerary_variation{"itinerary variation identifier", 10, 11};
inline constexpr Field leg_sequence{"leg sequence number", 12, 13};
inline constexpr Field service_type{"service type", 14, 14};
inline constexpr Field period_from{"period of operation from", 15, 21};
inline constexpr Field period_to{"period of operation to", 22, 28};
inline constexpr Field days{"days of operation", 29, 35};
inline constexpr Field frequency{"frequency rate", 36, 36};
inline constexpr Field departure{"departure station", 37, 39};
inline constexpr Field passenger_std{"passenger STD", 40, 43};
inline constexpr Field aircraft_std{"aircraft STD", 44, 47};
inline constexpr Field departure_offset{"UTC/local time variation (departure)", 48, 52};
inline constexpr Field departure_terminal{"passenger terminal (departure)", 53, 54};
inline constexpr Field arrival{"arrival station", 55, 57};
inline constexpr Field aircraft_sta{"aircraft STA", 58, 61};
inline constexpr Field passenger_sta{"passenger STA", 62, 65};
inline constexpr Field arrival_offset{"UTC/local time variation (arrival)", 66, 70};
inline constexpr Field arrival_terminal{"passenger terminal (arrival)", 71, 72};
inline constexpr Field aircraft_type{"aircraft type", 73, 75};
inline constexpr Field onward_airline{"onward airline designator", 138, 140};
inline constexpr Field onward_flight_number{"onward flight number", 141, 144};
inline constexpr Field rotation_layover{"aircraft rotation layover", 145, 145};
inline constexpr Field onward_suffix{"onward operational suffix", 146, 146};
inline constexpr Field aircraft_configuration{"aircraft configuration/version", 173, 192};
inline constexpr Field date_variation{"date variation", 193, 194};
}  // namespace leg

namespace segment {  // record type 4: data element identifiers of the flight leg record before it
// The flight is named in the same columns as in its leg record.
inline constexpr Field suffix = leg::suffix;
inline constexpr Field airline = leg::airline;
inline constexpr Field flight_number = leg::flight_number;
inline constexpr Field itinerary_variation = leg::itinerary_variation;
inline constexpr Field leg_sequence = leg::leg_sequence;
inline constexpr Field data_element_identifier{"data element identifier", 31, 33};
inline constexpr Field board_point{"board point", 34, 36};
inline constexpr Field off_point{"off point", 37, 39};
}  // namespace segment

namespace trailer {  // record type 5
inline constexpr Field airline{"airline designator", 3, 5};
inline constexpr Field release_date{"release date", 6, 12};
inline constexpr Field serial_check{"serial number check reference", 188, 193};
inline constexpr Field end_code{"continuation/end code", 194, 194};
}  // namespace trailer

inline constexpr Field record_type{"record type", 1, 1};
inline constexpr Field serial_number{"record serial number", 195, 200};

}  // namespace rotaplan::ssim
