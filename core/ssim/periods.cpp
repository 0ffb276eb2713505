#include "periods.h"

#include <algorithm>
#include <tuple>

#include "expand.h"

namespace rotaplan::ssim {

namespace {

struct Run {
    Date from, to;
    int weekday;
    int frequency;
};

Date monday_of(Date d) { return Date{d.days - (iso_weekday(d) - 1)}; }

// Splits distinct days of origin into runs per weekday (see writer.h).
void fold_distinct(const std::vector<Date>& dates, std::vector<Run>& runs) {
    for (int w = 1; w <= 7; ++w) {
        std::vector<Date> day;
        for (Date d : dates)
            if (iso_weekday(d) == w) day.push_back(d);
        std::vector<Date> singles;
        for (std::size_t i = 0; i < day.size();) {
            std::size_t j = i;
            while (j + 1 < day.size() && day[j + 1].days - day[j].days == 7) ++j;
            if (j > i) runs.push_back({day[i], day[j], w, 1});
            else singles.push_back(day[i]);
            i = j + 1;
        }
        for (std::size_t i = 0; i < singles.size();) {
            std::size_t j = i;
            while (j + 1 < singles.size() && singles[j + 1].days - singles[j].days == 14) ++j;
            runs.push_back({singles[i], singles[j], w, j > i ? 2 : 1});
            i = j + 1;
        }
    }
}

// One group's days of origin as runs. Two legs that would print the same
// record on one day (a designator shared by identical legs) are both kept:
// the second copies of the days fold into runs of their own, so no record
// ever names a day twice and reading the file back gives every leg.
std::vector<Run> fold(std::vector<Date> dates) {
    std::sort(dates.begin(), dates.end());
    std::vector<Run> runs;
    while (!dates.empty()) {
        std::vector<Date> distinct, repeated;
        for (std::size_t i = 0; i < dates.size(); ++i)
            (i > 0 && dates[i] == dates[i - 1] ? repeated : distinct).push_back(dates[i]);
        fold_distinct(distinct, runs);
        dates = std::move(repeated);
    }
    return runs;
}

struct Period {
    Date from, to;
    std::uint8_t days = 0;
    int frequency = 1;
    std::vector<Run> runs;
};

// A run keeps exactly its dates inside the period [from, to] when no date of
// its weekday (at its frequency) falls in the period before its first or
// after its last date.
bool keeps_its_dates(const Run& r, Date from, Date to) {
    if (r.frequency == 1) return r.from.days < from.days + 7 && r.to.days > to.days - 7;
    return monday_of(r.from) == monday_of(from) && r.to.days > to.days - 14;  // weeks counted from the period's first
}

bool fits(const Period& p, const Run& r) {
    if (p.frequency != r.frequency || (p.days & (1u << (r.weekday - 1)))) return false;
    Date from = std::min(p.from, r.from), to = std::max(p.to, r.to);
    if (!keeps_its_dates(r, from, to)) return false;
    for (const Run& other : p.runs)
        if (!keeps_its_dates(other, from, to)) return false;
    return true;
}

// Runs of different weekdays share a record when every one keeps its dates.
std::vector<Period> merge(std::vector<Run> runs) {
    std::sort(runs.begin(), runs.end(), [](const Run& a, const Run& b) { return std::tie(a.from, a.weekday) < std::tie(b.from, b.weekday); });
    std::vector<Period> out;
    for (const Run& r : runs) {
        auto p = std::find_if(out.begin(), out.end(), [&](const Period& p) { return fits(p, r); });
        if (p == out.end()) {
            out.push_back({r.from, r.to, 0, r.frequency, {}});
            p = std::prev(out.end());
        }
        p->from = std::min(p->from, r.from);
        p->to = std::max(p->to, r.to);
        p->days |= std::uint8_t(1u << (r.weekday - 1));
        p->runs.push_back(r);
    }
    return out;
}

}  // namespace

std::vector<FoldedPeriod> fold_periods(std::vector<Date> dates) {
    std::vector<FoldedPeriod> out;
    for (const Period& p : merge(fold(std::move(dates)))) out.push_back({p.from, p.to, p.days, p.frequency});
    return out;
}

bool period_names(const FoldedPeriod& p, Date date) {
    LegRecord r;
    r.period_from = p.from;
    r.period_to = p.to;
    r.days = p.days;
    r.frequency = p.frequency;
    return operates_on(r, date);
}

}  // namespace rotaplan::ssim
