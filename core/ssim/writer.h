// Writing SSIM Chapter 7: dated legs folded back into periods.
//
//   XQ100/FRA/2026-04-01, -04-03, -04-08, -04-10 ...  (same times, same data)
//       --> 3 XQ 01000101J01APR2630APR261.3....  FRA ...
//
// Legs are grouped by everything their record says except the dates (the
// rendered record itself is the key, so two legs share a record exactly when
// they would print the same), then each group's days of origin are folded:
// per weekday into runs of consecutive weeks (or of every other week), and
// runs of several weekdays into one record wherever the record's period
// would add no date to any of them. Reading the result back gives the same
// dates (and as many legs on each: identical legs that share a designator get
// a record each). A leg's type 4 records follow its leg record.
//
// Files are written in local time mode (L): the period then names the day of
// origin exactly as the designator does. A leg's local times use the UTC
// variations its SSIM attributes carry, else its airport's clock at that
// instant (time zone, else fixed offset), else 0: core/local_time.h. A season
// that crosses a daylight-saving change therefore splits at the change into
// records with the new times and variations.
// The date variation is always written, also where the file read had it blank.
// The text is Latin-1, a byte a column, like the files it was read from.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/leg.h"
#include "core/local_time.h"

namespace rotaplan::ssim {

struct WriteInput {
    std::vector<Leg> legs;
    std::unordered_map<std::uint64_t, std::string> templates;  // attributes key -> template (expand.h)
    AirportClocks airport_clocks;                              // where known
    Date created;                                              // the creation date the file states
};

struct WriteResult {
    std::string text;
    int leg_records = 0;
    std::optional<std::string> error;  // a leg the format cannot express
};

WriteResult write(const WriteInput& input);

}  // namespace rotaplan::ssim
