// Instants and dates as planners use them.
//
// An Instant is a UTC minute: schedules are published to the minute and every
// comparison (overlap, ground time) is exact integer arithmetic, never floating
// point and never a time zone lookup. A Date is a civil day, used for the day of
// origin. Both are plain integers wrapped so that a minute can never be passed
// where a day is expected.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rotaplan {

struct Instant {
    std::int64_t minutes = 0;  // since 1970-01-01T00:00Z
    auto operator<=>(const Instant&) const = default;
};

struct Date {
    std::int32_t days = 0;  // since 1970-01-01
    auto operator<=>(const Date&) const = default;
};

constexpr std::int64_t operator-(Instant a, Instant b) { return a.minutes - b.minutes; }
constexpr Instant operator+(Instant a, std::int64_t minutes) { return {a.minutes + minutes}; }

Date date_of(Instant utc, int utc_offset_minutes = 0);
Instant instant_at(Date d, int minute_of_day);  // UTC instant of d at that minute

// "2026-04-01T06:00Z" (also accepts seconds ":00" and "+00:00"); nullopt if malformed.
std::optional<Instant> parse_instant(std::string_view text);
std::string format_instant(Instant t);  // "2026-04-01T06:00Z"
// The wall clock `utc_offset_minutes` ahead of UTC, with that offset:
// "2026-07-02T00:30+02:00"; UTC ("...Z") when there is no offset. How the
// desktop's local times, rotaplan-cli legs --local and reports print them.
std::string format_instant(Instant t, std::optional<int> utc_offset_minutes);
// A time as planners type it into a form, on `day` unless it names its own:
//   "10:00", "1000", "10:00+1" (the day after), "2026-03-29 10:00",
//   "2026-03-29T10:00", and any of these ending in "Z" (then surely UTC).
// The result is a wall clock: UTC or local is the form's to say, unless `utc`.
struct TypedTime {
    Instant wall;
    bool dated = false;  // the text named its day (or "+1")
    bool utc = false;    // it ended in Z
};
// nullopt with `error` ("25:00: an hour is 00 to 23") when it is none of these.
std::optional<TypedTime> parse_typed_time(std::string_view text, Date day, std::string* error = nullptr);
// A UTC offset as planners write it: "+01:00", "-05:00" (up to 14 hours).
std::optional<int> parse_utc_offset(std::string_view text);
std::string format_utc_offset(int minutes);

// An RFC 3339 time to the second or finer, as events record when they were
// decided: "2026-11-26T12:00:00.123Z", "2026-11-26T13:00:00+01:00".
bool valid_timestamp(std::string_view text);

// "2026-04-01"
std::optional<Date> parse_date(std::string_view text);
std::string format_date(Date d);

// Calendar helpers for SSIM and display.
struct CivilDate { int year; unsigned month; unsigned day; };
CivilDate civil(Date d);
std::optional<Date> make_date(int year, unsigned month, unsigned day);
// Why year-month-day is not a day ("February 2026 has 28 days", "day 00
// does not exist", "month 13 does not exist"), or empty when it is one. Said
// alike by every reader of dates (SSIM's DDMMMYY, the CSVs' YYYY-MM-DD).
std::string why_not_a_day(int year, unsigned month, unsigned day);
// parse_date(), with the reason in `why` when `text` has the form YYYY-MM-DD
// but names no day (left untouched for text of another form).
std::optional<Date> parse_date(std::string_view text, std::string* why);
int iso_weekday(Date d);  // 1 = Monday ... 7 = Sunday, as SSIM days of operation

}  // namespace rotaplan
