// Reading SSIM Chapter 7: the text of a schedule file into its records.
//
//   1 header            once
//   2 carrier           time mode (L local / U UTC), airline, validity   --+
//   3 flight leg        one period of one leg of one flight                | a carrier
//   4 segment data      data element identifiers of the leg before it     | section, as
//   5 trailer           closes the section: the serial of the record      | many as needed
//                       before it, E (end) or C (another section follows) --+
//   0000...0000         padding between sections, ignored (and optional)
//
// The reader decodes and checks fields; turning a leg record into dated legs
// is expand.h's job. Files as airlines send them are read as they are: LF or
// CRLF, a UTF-8 byte-order mark, records whose trailing blanks were trimmed,
// no padding, several carrier sections each with its own time mode and period.
//
// Three modes (docs/decisions.md, "SSIM files as airlines send them", says why):
//  - default: the first error ends the read with FILE:LINE:COLUMN: field: what
//    is wrong. What a real file holds that is not quite right but has one
//    sensible reading is read so and listed as a note: a blank date variation
//    on an overnight leg (the arrival day is inferred), a missing trailer,
//    serial numbers blank or out of sequence, a period outside its carrier's
//    validity, a carrier record repeated.
//  - strict: every note is an error instead.
//  - lenient: a bad record is left out and listed with its reason (never
//    silently); notes as in the default.
// Records point into the caller's text, which must outlive the result: a
// season file is read without copying it (only trimmed records are copied).
#pragma once

#include <cstdint>
#include <deque>
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
    bool arrival_day_inferred = false;  // the date variation was blank: arrival_day is the smallest that works
    std::string_view record;  // all 200 bytes, into the caller's text (or File::padded)
    std::vector<std::string_view> segments;  // the type 4 records that follow it, 200 bytes each
};

// Where a file is wrong (or worth a remark) and what is there.
struct Problem {
    std::string file;
    int line = 0;
    int column = 0;
    std::string field;
    std::string message;
    std::string kind;  // a note's kind ("arrival day inferred (date variation blank)"): notes of one kind are reported together
    std::string str() const;  // FILE:LINE:COLUMN: field: message
};

struct File {
    std::vector<Carrier> carriers;
    std::vector<LegRecord> legs;
    int records = 0;          // every record but padding
    int segment_records = 0;  // type 4
    std::vector<Problem> skipped;  // lenient: each record left out, and why
    std::vector<Problem> notes;    // read, with a remark (see above)
    // The first sign that records are missing (no trailer, a trailer whose
    // check serial is not its predecessor's, a gap in the serial numbers): a
    // file cut short must not cancel the legs it no longer lists.
    std::optional<Problem> incomplete;
    std::deque<std::string> padded;  // trimmed records, blank-filled to 200 characters (a deque: views stay valid)
};

// Dated legs one file may schedule: a 1,000-airplane airline's year is about
// 2.5 million; beyond this a file is refused before anything is allocated for it.
inline constexpr std::size_t kMaxDatedLegs = 4'000'000;

struct ReadOptions {
    std::string file_name = "-";  // for messages
    bool lenient = false;
    bool strict = false;
    std::size_t max_dated_legs = kMaxDatedLegs;  // expand.h
};

struct ReadResult {
    File file;
    std::optional<Problem> error;  // the first problem (default and strict); nothing else is valid then
};

ReadResult read(std::string_view text, const ReadOptions& options);

// "01APR26" <-> Date. Two-digit years are 2000-2099: SSIM files describe
// seasons, and a planner never loads one from the last century. On failure,
// `why` (when given) says what is wrong ("31FEB26: February 2026 has 28 days").
std::optional<Date> parse_ssim_date(std::string_view s, std::string* why = nullptr);
std::string format_ssim_date(Date d);

}  // namespace rotaplan::ssim
