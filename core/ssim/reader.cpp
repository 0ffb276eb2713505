#include "reader.h"

#include <cstring>

#include "layout.h"

namespace rotaplan::ssim {

namespace {

constexpr const char* months[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool blank(std::string_view s) { return s.find_first_not_of(' ') == std::string_view::npos; }

// A field's value, quoted for a message.
std::string quoted(std::string_view v) { return "\"" + std::string(v) + "\""; }

// Decodes one record's fields; the first bad one is recorded in `problem`.
class Fields {
public:
    Fields(std::string_view record, int line, const std::string& file) : r_(record), line_(line), file_(file) {}

    std::optional<Problem> problem;
    bool ok() const { return !problem.has_value(); }

    std::string_view raw(const Field& f) const { return f.in(r_); }

    void fail(const Field& f, std::string message, int column_offset = 0) {
        if (!problem) problem = Problem{file_, line_, f.first + column_offset, f.name, std::move(message)};
    }

    int number(const Field& f, int min, int max) {
        auto v = raw(f);
        int n = 0;
        bool any = false;
        for (std::size_t i = 0; i < v.size(); ++i) {
            char c = v[i];
            if (c == ' ' && !any) continue;  // right-justified
            if (!is_digit(c)) {
                fail(f, quoted(v) + " is not a number", int(i));
                return min;
            }
            any = true;
            n = n * 10 + (c - '0');
        }
        if (!any || n < min || n > max) {
            fail(f, quoted(v) + " is not between " + std::to_string(min) + " and " + std::to_string(max));
            return min;
        }
        return n;
    }

    template <class Code>
    Code code(const Field& f, std::string (*check)(std::string_view)) {
        auto v = raw(f);
        auto end = v.find_last_not_of(' ');
        auto trimmed = end == std::string_view::npos ? std::string_view{} : v.substr(0, end + 1);
        if (auto why = check(trimmed); !why.empty()) {
            fail(f, quoted(v) + ": " + why);
            return {};
        }
        return Code::from(trimmed);
    }

    Date date(const Field& f) {
        auto d = parse_ssim_date(raw(f));
        if (!d) fail(f, quoted(raw(f)) + " is not a date DDMMMYY");
        return d.value_or(Date{});
    }

    // HHMM as a minute of the day; 2400 only where `allow_2400` (an arrival at midnight).
    int time(const Field& f, bool allow_2400 = false) {
        auto v = raw(f);
        for (std::size_t i = 0; i < 4; ++i)
            if (!is_digit(v[i])) {
                fail(f, quoted(v) + " is not a time HHMM", int(i));
                return 0;
            }
        int h = (v[0] - '0') * 10 + (v[1] - '0'), m = (v[2] - '0') * 10 + (v[3] - '0');
        if (m > 59 || h > 24 || (h == 24 && (m != 0 || !allow_2400))) {
            fail(f, quoted(v) + " is not a time of day");
            return 0;
        }
        return h * 60 + m;
    }

    // +HHMM / -HHMM: how far local time is ahead of UTC.
    int offset(const Field& f) {
        auto v = raw(f);
        if ((v[0] != '+' && v[0] != '-') || !is_digit(v[1]) || !is_digit(v[2]) || !is_digit(v[3]) || !is_digit(v[4])) {
            fail(f, quoted(v) + " is not a UTC variation +HHMM or -HHMM");
            return 0;
        }
        int h = (v[1] - '0') * 10 + (v[2] - '0'), m = (v[3] - '0') * 10 + (v[4] - '0');
        if (h > 14 || m > 59) {
            fail(f, quoted(v) + " is not a UTC variation (at most 14 hours)");
            return 0;
        }
        int minutes = h * 60 + m;
        return v[0] == '-' ? -minutes : minutes;
    }

    AirportCode station(const Field& f) {
        auto v = raw(f);
        if (!is_upper(v[0]) || !is_upper(v[1]) || !is_upper(v[2])) {
            fail(f, quoted(v) + " is not an IATA airport code (three letters)");
            return {};
        }
        return AirportCode::from(v);
    }

private:
    std::string_view r_;
    int line_;
    const std::string& file_;
};

bool is_padding(std::string_view record) {
    return record.find_first_not_of('0') == std::string_view::npos;
}

std::optional<Problem> read_carrier(std::string_view r, int line, const std::string& file, Carrier& out) {
    Fields f(r, line, file);
    char mode = r[carrier::time_mode.first - 1];
    if (mode != 'L' && mode != 'U') f.fail(carrier::time_mode, quoted(f.raw(carrier::time_mode)) + " is neither L (local) nor U (UTC)");
    out.line = line;
    out.time_mode = TimeMode(mode);
    out.airline = f.code<AirlineCode>(carrier::airline, check_airline);
    auto season = f.raw(carrier::season);
    out.season = std::string(season.substr(0, season.find_last_not_of(' ') + 1));
    out.valid_from = f.date(carrier::valid_from);
    out.valid_to = f.date(carrier::valid_to);
    if (f.ok() && out.valid_to < out.valid_from) f.fail(carrier::valid_to, "the validity ends before it begins");
    return f.problem;
}

std::optional<Problem> read_leg(std::string_view r, int line, const std::string& file, const Carrier& c, LegRecord& out) {
    Fields f(r, line, file);
    out.line = line;
    out.record = r;
    char suffix = r[leg::suffix.first - 1];
    if (suffix != ' ' && !is_upper(suffix)) f.fail(leg::suffix, quoted(f.raw(leg::suffix)) + " is not a letter or blank");
    out.flight.suffix = suffix == ' ' ? 0 : suffix;
    out.flight.airline = f.code<AirlineCode>(leg::airline, check_airline);
    out.flight.number = std::uint16_t(f.number(leg::flight_number, 1, 9999));
    out.itinerary_variation = f.number(leg::itinerary_variation, 1, 99);
    out.leg_sequence = f.number(leg::leg_sequence, 1, 99);
    out.service_type = r[leg::service_type.first - 1];
    if (!is_upper(out.service_type)) f.fail(leg::service_type, quoted(f.raw(leg::service_type)) + " is not a service type letter");

    out.period_from = f.date(leg::period_from);
    auto to = f.raw(leg::period_to);
    // "00XXX00": open-ended, the period runs to the end of the carrier's validity.
    if (to == "00XXX00") out.period_to = c.valid_to;
    else out.period_to = f.date(leg::period_to);
    if (f.ok() && out.period_to < out.period_from) f.fail(leg::period_to, "the period ends before it begins");

    auto days = f.raw(leg::days);
    out.days = 0;
    for (int d = 0; d < 7; ++d) {
        if (days[d] == ' ') continue;
        if (days[d] != char('1' + d)) {
            f.fail(leg::days, quoted(days) + ": column " + std::to_string(leg::days.first + d) + " must be " +
                                  std::to_string(d + 1) + " or blank", d);
            break;
        }
        out.days |= std::uint8_t(1u << d);
    }
    if (f.ok() && out.days == 0) f.fail(leg::days, "no day of operation");
    char freq = r[leg::frequency.first - 1];
    if (freq == ' ' || freq == '1') out.frequency = 1;
    else if (freq == '2') out.frequency = 2;
    else f.fail(leg::frequency, quoted(f.raw(leg::frequency)) + " is not blank, 1 (weekly) or 2 (fortnightly)");

    out.departure = f.station(leg::departure);
    out.std_minutes = f.time(leg::aircraft_std);
    out.departure_offset = f.offset(leg::departure_offset);
    out.arrival = f.station(leg::arrival);
    out.sta_minutes = f.time(leg::aircraft_sta, true);
    out.arrival_offset = f.offset(leg::arrival_offset);
    out.aircraft_type = f.code<AircraftType>(leg::aircraft_type, check_aircraft_type);

    auto variation = f.raw(leg::date_variation);
    int* shifts[] = {&out.departure_day, &out.arrival_day};
    for (int k = 0; k < 2; ++k) {
        char v = variation[k];
        if (v == ' ' || v == '0') *shifts[k] = 0;
        else if (is_digit(v)) *shifts[k] = v - '0';
        else if (v == 'A') *shifts[k] = -1;  // the IATA code for "the day before"
        else f.fail(leg::date_variation, quoted(variation) + ": " + std::string(1, v) + " is not 0-9 or A (-1)", k);
    }
    if (f.ok()) {
        // In either time mode the offsets say how the two clocks relate, so the
        // block time is the same for every date of the period.
        auto utc_of = [&](int day, int minute, int offset) {
            return day * 1440 + minute - (c.time_mode == TimeMode::Local ? offset : 0);
        };
        int dep = utc_of(out.departure_day, out.std_minutes, out.departure_offset);
        int arr = utc_of(out.arrival_day, out.sta_minutes, out.arrival_offset);
        if (arr <= dep)
            f.fail(leg::aircraft_sta, "arrival " + std::string(f.raw(leg::aircraft_sta)) + " (date variation " +
                                          std::string(variation) + ") is not after departure " +
                                          std::string(f.raw(leg::aircraft_std)));
    }
    if (f.ok() && !blank(f.raw(serial_number))) f.number(serial_number, 0, 999999);
    return f.problem;
}

}  // namespace

std::string Problem::str() const {
    return file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + field + ": " + message;
}

std::optional<Date> parse_ssim_date(std::string_view s) {
    if (s.size() != 7 || !is_digit(s[0]) || !is_digit(s[1]) || !is_digit(s[5]) || !is_digit(s[6])) return std::nullopt;
    unsigned month = 0;
    for (unsigned m = 0; m < 12; ++m)
        if (s.substr(2, 3) == months[m]) month = m + 1;
    if (month == 0) return std::nullopt;
    unsigned day = unsigned((s[0] - '0') * 10 + (s[1] - '0'));
    int year = 2000 + (s[5] - '0') * 10 + (s[6] - '0');
    return make_date(year, month, day);
}

std::string format_ssim_date(Date d) {
    auto c = civil(d);
    std::string out(7, ' ');
    out[0] = char('0' + c.day / 10);
    out[1] = char('0' + c.day % 10);
    std::memcpy(&out[2], months[c.month - 1], 3);
    out[5] = char('0' + (c.year / 10) % 10);
    out[6] = char('0' + c.year % 10);
    return out;
}

ReadResult read(std::string_view text, const ReadOptions& options) {
    ReadResult result;
    File& file = result.file;
    const std::string& name = options.file_name;
    bool header_seen = false;
    // -1: no usable carrier section is open (none yet, closed by a trailer, or a bad carrier record).
    int open_carrier = -1;
    int bad_carrier_line = 0;
    file.legs.reserve(text.size() / 201 + 1);

    auto report = [&](Problem p) {
        if (!options.lenient) {
            result.error = std::move(p);
            return false;
        }
        file.skipped.push_back(std::move(p));
        return true;
    };

    std::size_t pos = 0;
    int line = 0;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        std::size_t next = end == std::string_view::npos ? text.size() : end + 1;
        if (end == std::string_view::npos) end = text.size();
        std::string_view record = text.substr(pos, end - pos);
        pos = next;
        ++line;
        if (!record.empty() && record.back() == '\r') record.remove_suffix(1);
        if (record.empty() && pos >= text.size()) break;  // the file's last line end

        if (record.size() != record_size) {
            int column = int(std::min(record.size(), record_size)) + 1;
            if (!report({name, line, column, "record length",
                         "the record has " + std::to_string(record.size()) + " characters; SSIM records have 200"}))
                return result;
            continue;
        }
        if (is_padding(record)) continue;
        ++file.records;
        char type = record[0];
        if (type != '1' && !header_seen) {
            if (!report({name, line, 1, record_type.name, "the file must begin with a header record (type 1)"}))
                return result;
            header_seen = true;  // one report is enough
        }
        switch (type) {
        case '1':
            header_seen = true;
            break;
        case '2': {
            Carrier c;
            if (auto p = read_carrier(record, line, name, c)) {
                open_carrier = -1;
                bad_carrier_line = line;
                if (!report(std::move(*p))) return result;
                break;
            }
            file.carriers.push_back(std::move(c));
            open_carrier = int(file.carriers.size()) - 1;
            break;
        }
        case '3': {
            if (open_carrier < 0) {
                std::string why = bad_carrier_line ? "its carrier record (line " + std::to_string(bad_carrier_line) + ") is unusable"
                                                   : "a flight leg record must follow a carrier record (type 2)";
                if (!report({name, line, 1, record_type.name, why})) return result;
                break;
            }
            LegRecord leg;
            leg.carrier = open_carrier;
            if (auto p = read_leg(record, line, name, file.carriers[open_carrier], leg)) {
                if (!report(std::move(*p))) return result;
                break;
            }
            file.legs.push_back(leg);
            break;
        }
        case '4':
            ++file.segment_records;
            break;
        case '5':
            open_carrier = -1;
            bad_carrier_line = 0;
            break;
        default:
            if (!report({name, line, 1, record_type.name, quoted(record.substr(0, 1)) + " is not a record type 1-5"}))
                return result;
        }
    }
    return result;
}

}  // namespace rotaplan::ssim
