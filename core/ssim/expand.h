// From SSIM leg records to dated legs.
//
//   record: XQ100 FRA-MUC 01APR26-30APR26 1.3.5.. 0600 local +0200
//       --> XQ100/FRA/2026-04-01 04:00Z, XQ100/FRA/2026-04-03 04:00Z, ...
//
// Decisions (docs/decisions.md, "SSIM dates"), following the IATA manual
// where public parsers disagree:
//  - The period and days of operation name the *flight's* date: the day of
//    origin, the date its first leg departs. A later leg departs on that date
//    plus its departure date variation (cols 193-194, A = -1), and arrives on
//    that date plus its arrival date variation. Legs keep the flight's day of
//    origin in their designator.
//  - In local time mode (L) dates and times are local to each station; in UTC
//    mode (U) they are UTC, and the day of origin is the local date of the
//    first leg's departure (its UTC variation is in its record).
//  - Frequency rate 2 means every other calendar week (Monday to Sunday),
//    counting from the week that holds the period's first date.
//  - Two dated legs with one designator (two itinerary variations whose
//    periods overlap, say) are both kept: designator uniqueness is checked by
//    validation, and the import names the lines that share one.
//  - A file may schedule at most ReadOptions::max_dated_legs dated legs; the
//    count is taken before anything is allocated for them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/local_time.h"
#include "reader.h"

namespace rotaplan::ssim {

struct DatedLeg {
    Leg leg;                // id left nil: the importer mints ids for new legs only
    std::uint32_t record;  // index into File::legs
};

// Dated legs of the file that share one flight designator.
struct SharedDesignator {
    FlightDesignator designator;
    std::vector<std::uint32_t> legs;  // indexes into Expansion::legs, in record order
};

struct Expansion {
    std::vector<DatedLeg> legs;            // in record order, each record's dates ascending
    std::optional<Problem> error;          // the file schedules too many dated legs
    std::vector<SharedDesignator> shared;  // in the order of their first leg
};

Expansion expand(const File& file, const ReadOptions& options);

// Whether the flight operates on `date` by its period, days and frequency.
bool operates_on(const LegRecord& r, Date date);

// The attributes of a leg record Rotaplan does not model (itinerary variation,
// leg sequence, UTC variations, passenger times, terminals, onward flight,
// configuration, ...): the record with every field a Leg holds, the dates and
// the serial number blanked, and the passenger times written as minutes from
// the aircraft times ("+000"), so that they follow a retimed leg; then the
// type 4 records that follow it, each with its flight and serial number
// blanked. Legs share it across dates and flights; a retime leaves it
// unchanged. Export writes the leg's current fields over it, and its type 4
// records after it. The template is UTF-8 text: the record's bytes read as
// Latin-1 (core/files/encoding.h), 200 characters a record.
std::string attributes_template(std::string_view record, const std::vector<std::string_view>& segments = {});
std::string attributes_template(const LegRecord& record);
// A stable, non-zero 64-bit key of a template, the same on every machine.
std::uint64_t attributes_key(std::string_view template_record);
// The UTC variations (departure, arrival) a template's record gave: a leg read
// from SSIM keeps its file's local times (core/local_time.h, step 1).
LegOffsets utc_variations(std::string_view template_record);

}  // namespace rotaplan::ssim
