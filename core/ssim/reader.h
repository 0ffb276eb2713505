// Reading SSIM Chapter 7: the text of a schedule file into its records.
//
//   1 header            once
//   2 carrier           time mode (L local / U UTC), airline, validity   --+
//   3 flight leg        one period of one leg of one flight                | a carrier
//   4 segment data      (counted, not used by the schedule)                | section, as
//   5 trailer           closes the section                               --+ many as needed
//   0000...0000         padding between sections, ignored
//
// The reader only decodes and checks fields; turning a leg record into dated
// legs is expand.h's job. It is strict by default: the first bad field ends
// the read with FILE:LINE:COLUMN: field: what is wrong. Lenient, it leaves the
// bad record out and lists it. Records point into the caller's text, which
// must outlive the result: a season file is read without copying it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/leg.h"

namespace rotaplan::ssim {

enum class TimeMode : char { Local = 'L', Utc = 'U' };

struct Carrier {
    int line = 0;
    TimeMode time_mode = TimeMode::Local;
    AirlineCode airline;
    std::string season;
    Date valid_from;
    Date valid_to;
};

// The schedule fields of one type 3 record, decoded.
struct LegRecord {
    int line = 0;
    int carrier = 0;  // index into File::carriers
    FlightNumber flight;
    int itinerary_variation = 1;
    int leg_sequence = 1;
    char service_type = 'J';
    Date period_from;
    Date period_to;
    std::uint8_t days = 0;  // bit d-1 set when weekday d operates (1 = Monday, as SSIM counts)
    int frequency = 1;      // 1 every week, 2 every other week
    AirportCode departure;
    AirportCode arrival;
    int std_minutes = 0;       // aircraft STD, minute of the day in the carrier's time mode
    int sta_minutes = 0;       // aircraft STA
    int departure_offset = 0;  // minutes local time is ahead of UTC at the departure station
    int arrival_offset = 0;
    AircraftType aircraft_type;
    int departure_day = 0;  // date variation: days after the flight's date (-1 .. 9)
    int arrival_day = 0;
    std::string_view record;  // all 200 bytes, into the caller's text
};

// Where a file is wrong and what is wrong there.
struct Problem {
    std::string file;
    int line = 0;
    int column = 0;
    std::string field;
    std::string message;
    std::string str() const;  // FILE:LINE:COLUMN: field: message
};

struct File {
    std::vector<Carrier> carriers;
    std::vector<LegRecord> legs;
    int records = 0;          // every record but padding
    int segment_records = 0;  // type 4
    std::vector<Problem> skipped;  // lenient: each record left out, and why
};

struct ReadOptions {
    std::string file_name = "-";  // for messages
    bool lenient = false;
};

struct ReadResult {
    File file;
    std::optional<Problem> error;  // strict mode: the first problem; nothing else is valid then
};

ReadResult read(std::string_view text, const ReadOptions& options);

// "01APR26" <-> Date. Two-digit years are 2000-2099: SSIM files describe
// seasons, and a planner never loads one from the last century.
std::optional<Date> parse_ssim_date(std::string_view s);
std::string format_ssim_date(Date d);

}  // namespace rotaplan::ssim
