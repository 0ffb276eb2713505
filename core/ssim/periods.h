// Days of origin folded into periods of operation: the one folding the SSIM
// file writer (writer.h) and the schedule change messages (core/ssm) share.
//
//   2026-04-01, -04-03, -04-08, -04-10 ...  -->  01APR26-29APR26 1.3.... (and so on)
//
// Per weekday into runs of consecutive weeks (or of every other week), then
// runs of several weekdays into one period wherever the period would add no
// date to any of them. Expanding the periods (ssim::operates_on) gives the
// dates back, each exactly once; a date given twice comes back in a second
// period of its own.
#pragma once

#include <cstdint>
#include <vector>

#include "core/time.h"

namespace rotaplan::ssim {

struct FoldedPeriod {
    Date from, to;
    std::uint8_t days = 0;  // bit d-1: weekday d (1 = Monday)
    int frequency = 1;      // 2: every other week, counted from the week of `from`
};

std::vector<FoldedPeriod> fold_periods(std::vector<Date> dates);

// Whether a period names `date` (the same rule ssim::operates_on applies to a record).
bool period_names(const FoldedPeriod& p, Date date);

}  // namespace rotaplan::ssim
