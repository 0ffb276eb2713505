#include "time.h"

#include <cstdio>

#include <charconv>
#include <chrono>

namespace rotaplan {

namespace {

using namespace std::chrono;

bool digits(std::string_view s, int& out) {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc{} && p == s.data() + s.size();
}

}  // namespace

Date date_of(Instant utc, int utc_offset_minutes) {
    std::int64_t local = utc.minutes + utc_offset_minutes;
    std::int64_t days = local >= 0 ? local / 1440 : -((-local + 1439) / 1440);
    return {static_cast<std::int32_t>(days)};
}

Instant instant_at(Date d, int minute_of_day) { return {std::int64_t{d.days} * 1440 + minute_of_day}; }

std::optional<Date> make_date(int year, unsigned month, unsigned day) {
    year_month_day ymd{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}};
    if (!ymd.ok()) return std::nullopt;
    return Date{static_cast<std::int32_t>(sys_days{ymd}.time_since_epoch().count())};
}

CivilDate civil(Date d) {
    year_month_day ymd{sys_days{days{d.days}}};
    return {int(ymd.year()), unsigned(ymd.month()), unsigned(ymd.day())};
}

int iso_weekday(Date d) {
    weekday wd{sys_days{days{d.days}}};
    return static_cast<int>(wd.iso_encoding());
}

std::optional<Date> parse_date(std::string_view t) { return parse_date(t, nullptr); }

std::optional<Date> parse_date(std::string_view t, std::string* why) {
    if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
    int y, m, d;
    if (!digits(t.substr(0, 4), y) || !digits(t.substr(5, 2), m) || !digits(t.substr(8, 2), d))
        return std::nullopt;
    auto day = make_date(y, unsigned(m), unsigned(d));
    if (!day && why) *why = why_not_a_day(y, unsigned(m), unsigned(d));
    return day;
}

std::string why_not_a_day(int year, unsigned month, unsigned day) {
    static constexpr const char* names[] = {"January", "February", "March",     "April",   "May",      "June",
                                            "July",    "August",   "September", "October", "November", "December"};
    if (make_date(year, month, day)) return {};
    if (month < 1 || month > 12) return "month " + std::string(month < 10 ? "0" : "") + std::to_string(month) + " does not exist";
    if (day == 0) return "day 00 does not exist";
    unsigned last = 28;
    while (make_date(year, month, last + 1)) ++last;
    return std::string(names[month - 1]) + " " + std::to_string(year) + " has " + std::to_string(last) + " days";
}

namespace {
// Formatting by hand: dates and times are written for every leg of every
// event, and printf's format parsing was a measurable share of replay.
void put2(char* p, unsigned v) {
    p[0] = char('0' + v / 10 % 10);
    p[1] = char('0' + v % 10);
}
void put_date(char* p, Date d) {  // 10 chars
    auto c = civil(d);
    unsigned y = unsigned(c.year);
    put2(p, y / 100);
    put2(p + 2, y % 100);
    p[4] = '-';
    put2(p + 5, c.month);
    p[7] = '-';
    put2(p + 8, c.day);
}
}  // namespace

std::string format_date(Date d) {
    std::string out(10, ' ');
    put_date(out.data(), d);
    return out;
}

std::optional<Instant> parse_instant(std::string_view t) {
    // YYYY-MM-DDTHH:MM[:SS](Z|+00:00)
    if (t.size() < 17 || (t[10] != 'T' && t[10] != ' ') || t[13] != ':') return std::nullopt;
    auto date = parse_date(t.substr(0, 10));
    int hh, mm;
    if (!date || !digits(t.substr(11, 2), hh) || !digits(t.substr(14, 2), mm)) return std::nullopt;
    if (hh > 23 || mm > 59) return std::nullopt;
    auto rest = t.substr(16);
    if (rest.size() >= 3 && rest[0] == ':') {
        int ss;
        if (!digits(rest.substr(1, 2), ss) || ss != 0) return std::nullopt;  // minute precision only
        rest = rest.substr(3);
    }
    if (rest != "Z" && rest != "+00:00") return std::nullopt;  // schedule times are UTC
    return instant_at(*date, hh * 60 + mm);
}

std::optional<TypedTime> parse_typed_time(std::string_view text, Date day, std::string* error) {
    auto fail = [&](std::string why) -> std::optional<TypedTime> {
        if (error) *error = std::string(text) + ": " + why;
        return std::nullopt;
    };
    auto trim = [](std::string_view s) {
        while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
        while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
        return s;
    };
    std::string_view t = trim(text);
    if (t.empty()) return fail("no time: type it as 10:00, or 2026-03-29 10:00");
    TypedTime out;
    if (t.back() == 'Z' || t.back() == 'z') {
        out.utc = true;
        t = trim(t.substr(0, t.size() - 1));
    }
    if (t.size() > 10 && (t[10] == ' ' || t[10] == 'T') && t[4] == '-') {
        auto d = parse_date(t.substr(0, 10));
        if (!d) return fail("not a date like 2026-03-29 before the time");
        day = *d;
        out.dated = true;
        t = trim(t.substr(11));
    }
    int plus_days = 0;
    if (auto plus = t.find('+'); plus != std::string_view::npos) {
        if (out.dated || !digits(t.substr(plus + 1), plus_days) || t.size() != plus + 2)
            return fail("a day after the time is written +1 (or +2), after a time without a date");
        out.dated = true;
        t = trim(t.substr(0, plus));
    }
    int hh, mm;
    if (t.size() == 5 && t[2] == ':' && digits(t.substr(0, 2), hh) && digits(t.substr(3, 2), mm)) {
    } else if (t.size() == 4 && digits(t, hh)) {
        mm = hh % 100;
        hh /= 100;
    } else if (t.size() == 4 && t[1] == ':' && digits(t.substr(0, 1), hh) && digits(t.substr(2, 2), mm)) {
    } else {
        return fail("not a time like 10:00 (or 1000, 10:00+1, 2026-03-29 10:00)");
    }
    if (hh > 23) return fail("an hour is 00 to 23");
    if (mm > 59) return fail("a minute is 00 to 59");
    out.wall = instant_at(Date{day.days + plus_days}, hh * 60 + mm);
    return out;
}

bool valid_timestamp(std::string_view t) {
    // YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)
    if (t.size() < 20 || t.size() > 40 || (t[10] != 'T' && t[10] != 't') || t[13] != ':' || t[16] != ':') return false;
    int hh, mm, ss;
    if (!parse_date(t.substr(0, 10)) || !digits(t.substr(11, 2), hh) || !digits(t.substr(14, 2), mm) ||
        !digits(t.substr(17, 2), ss) || hh > 23 || mm > 59 || ss > 60)  // 60: a leap second
        return false;
    auto rest = t.substr(19);
    if (!rest.empty() && rest[0] == '.') {
        std::size_t n = 1;
        while (n < rest.size() && rest[n] >= '0' && rest[n] <= '9') ++n;
        if (n == 1 || n > 10) return false;  // 1 to 9 digits
        rest = rest.substr(n);
    }
    if (rest == "Z" || rest == "z") return true;
    int oh, om;
    return rest.size() == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':' && digits(rest.substr(1, 2), oh) &&
           digits(rest.substr(4, 2), om) && oh <= 23 && om <= 59;
}

std::string format_instant(Instant t, std::optional<int> offset) {
    if (!offset) return format_instant(t);
    std::string out = format_instant(t + *offset);
    out.pop_back();  // its Z
    return out + format_utc_offset(*offset);
}

std::optional<int> parse_utc_offset(std::string_view v) {
    if (v.size() != 6 || (v[0] != '+' && v[0] != '-') || v[3] != ':') return std::nullopt;
    auto digits = [&](std::size_t at) -> int {
        if (v[at] < '0' || v[at] > '9' || v[at + 1] < '0' || v[at + 1] > '9') return -1;
        return (v[at] - '0') * 10 + (v[at + 1] - '0');
    };
    int h = digits(1), m = digits(4);
    if (h < 0 || m < 0 || h > 14 || m > 59 || (h == 14 && m > 0)) return std::nullopt;
    return (v[0] == '-' ? -1 : 1) * (h * 60 + m);
}

std::string format_utc_offset(int minutes) {
    char text[8];
    int m = minutes < 0 ? -minutes : minutes;
    std::snprintf(text, sizeof text, "%c%02d:%02d", minutes < 0 ? '-' : '+', m / 60 % 100, m % 60);
    return text;
}

std::string format_instant(Instant t) {
    Date d = date_of(t);
    auto minute = unsigned(t.minutes - std::int64_t{d.days} * 1440);
    std::string out("YYYY-MM-DDTHH:MMZ");
    put_date(out.data(), d);
    put2(out.data() + 11, minute / 60);
    put2(out.data() + 14, minute % 60);
    return out;
}

}  // namespace rotaplan
