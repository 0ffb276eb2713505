#include "reader.h"

#include <cstring>

#include "core/files/encoding.h"
#include "layout.h"

namespace rotaplan::ssim {

namespace {

constexpr const char* months[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool blank(std::string_view s) { return s.find_first_not_of(' ') == std::string_view::npos; }

using files::quoted;

// What the notes of each kind say, once for all of them.
constexpr const char* kArrivalInferred = "arrival day inferred (date variation blank)";
constexpr const char* kTrailerMissing = "trailer record missing";
constexpr const char* kTrailerCheck = "trailer check serial";
constexpr const char* kSerialBlank = "record serial numbers blank";
constexpr const char* kSerialSequence = "record serial numbers out of sequence";
constexpr const char* kOutsideCarrier = "period outside its carrier's validity";
constexpr const char* kCarrierRepeated = "carrier record repeated";

// Decodes one record's fields; the first bad one is recorded in `problem`.
class Fields {
public:
    Fields(std::string_view record, int line, const std::string& file) : r_(record), line_(line), file_(file) {}

    std::optional<Problem> problem;
    bool ok() const { return !problem.has_value(); }

    std::string_view raw(const Field& f) const { return f.in(r_); }

    void fail(const Field& f, std::string message, int column_offset = 0) {
        if (!problem) problem = Problem{file_, line_, f.first + column_offset, f.name, std::move(message), {}};
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
        std::string why;
        auto d = parse_ssim_date(raw(f), &why);
        if (!d) fail(f, why);
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

    // The flight a type 3 or type 4 record names (its first 9 columns).
    FlightNumber flight(const Field& suffix_field, const Field& airline_field, const Field& number_field) {
        FlightNumber out;
        char suffix = r_[std::size_t(suffix_field.first - 1)];
        if (suffix != ' ' && !is_upper(suffix)) fail(suffix_field, quoted(raw(suffix_field)) + " is not a letter or blank");
        out.suffix = suffix == ' ' ? 0 : suffix;
        out.airline = code<AirlineCode>(airline_field, check_airline);
        out.number = std::uint16_t(number(number_field, 1, 9999));
        return out;
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

// Minutes since the flight's date at 00:00 UTC, of a time on a day of the date variation.
int utc_minutes(const Carrier& c, int day, int minute, int offset) {
    return day * 1440 + minute - (c.time_mode == TimeMode::Local ? offset : 0);
}

std::optional<Problem> read_leg(std::string_view r, int line, const std::string& file, const Carrier& c, bool strict,
                                LegRecord& out) {
    Fields f(r, line, file);
    out.line = line;
    out.record = r;
    out.flight = f.flight(leg::suffix, leg::airline, leg::flight_number);
    if (f.ok() && out.flight.airline != c.airline)
        f.fail(leg::airline, quoted(f.raw(leg::airline)) + " differs from the airline of its carrier record (line " +
                                 std::to_string(c.line) + "): " + c.airline.str());
    out.itinerary_variation = f.number(leg::itinerary_variation, 1, 99);
    out.leg_sequence = f.number(leg::leg_sequence, 1, 99);
    out.service_type = r[leg::service_type.first - 1];
    if (!is_upper(out.service_type)) f.fail(leg::service_type, quoted(f.raw(leg::service_type)) + " is not a service type letter");

    out.period_from = f.date(leg::period_from);
    auto to = f.raw(leg::period_to);
    // "00XXX00": open-ended, the period runs to the end of the carrier's validity.
    if (to == "00XXX00") out.period_to = c.valid_to;
    else out.period_to = f.date(leg::period_to);
    if (f.ok() && out.period_to < out.period_from)
        f.fail(leg::period_to, to == "00XXX00" ? "the period is open-ended (00XXX00) but begins after its carrier's validity ends (" +
                                                     format_ssim_date(c.valid_to) + ")"
                                               : "the period ends before it begins");

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
    if (!blank(f.raw(leg::passenger_std))) f.time(leg::passenger_std);
    out.std_minutes = f.time(leg::aircraft_std);
    out.departure_offset = f.offset(leg::departure_offset);
    out.arrival = f.station(leg::arrival);
    if (f.ok() && out.arrival == out.departure)
        f.fail(leg::arrival, quoted(f.raw(leg::arrival)) + " is also the departure station: a leg flies between two airports");
    out.sta_minutes = f.time(leg::aircraft_sta, true);
    if (!blank(f.raw(leg::passenger_sta))) f.time(leg::passenger_sta, true);
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
        int dep = utc_minutes(c, out.departure_day, out.std_minutes, out.departure_offset);
        auto arr = [&](int day) { return utc_minutes(c, day, out.sta_minutes, out.arrival_offset); };
        if (arr(out.arrival_day) <= dep) {
            // Files often leave the date variation blank on a leg that lands
            // after midnight: the arrival is then on the first day that gives
            // a positive block time.
            bool arrival_blank = variation[1] == ' ';
            int inferred = out.departure_day;
            while (arrival_blank && inferred <= out.departure_day + 2 && arr(inferred) <= dep) ++inferred;
            if (arrival_blank && inferred <= out.departure_day + 2 && !strict) {
                out.arrival_day = inferred;
                out.arrival_day_inferred = true;
            } else {
                std::string message = "arrival " + std::string(f.raw(leg::aircraft_sta)) + " (date variation " +
                                      (blank(variation) ? std::string("blank") : std::string(variation)) +
                                      ") is not after departure " + std::string(f.raw(leg::aircraft_std));
                if (arrival_blank && inferred <= out.departure_day + 2)
                    message += "; the date variation is blank, and a strict read does not infer the arrival day";
                f.fail(leg::aircraft_sta, message);
            }
        }
    }
    return f.problem;
}

// A type 4 record belongs to the flight leg record before it: the same flight.
std::optional<Problem> read_segment(std::string_view r, int line, const std::string& file, const LegRecord& leg) {
    Fields f(r, line, file);
    FlightNumber flight = f.flight(segment::suffix, segment::airline, segment::flight_number);
    if (f.ok() && flight != leg.flight)
        f.fail(segment::flight_number, "segment data of flight " + format_flight_number(flight) +
                                           " follows the flight leg record of " + format_flight_number(leg.flight) +
                                           " (line " + std::to_string(leg.line) + "); it must follow its own flight's");
    return f.problem;
}

// A control character anywhere in the record: its 0-based position.
std::size_t control_character(std::string_view record) {
    for (std::size_t i = 0; i < record.size(); ++i)
        if (files::is_control(static_cast<unsigned char>(record[i]))) return i;
    return std::string_view::npos;
}


}  // namespace

std::string Problem::str() const {
    return file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + field + ": " + message;
}

std::optional<Date> parse_ssim_date(std::string_view s, std::string* why) {
    auto fail = [&](std::string text) -> std::optional<Date> {
        if (why) *why = std::move(text);
        return std::nullopt;
    };
    if (s.size() != 7 || !is_digit(s[0]) || !is_digit(s[1]) || !is_upper(s[2]) || !is_upper(s[3]) || !is_upper(s[4]) ||
        !is_digit(s[5]) || !is_digit(s[6]))
        return fail(quoted(s) + " is not a date DDMMMYY (like 01APR26)");
    unsigned month = 0;
    for (unsigned m = 0; m < 12; ++m)
        if (s.substr(2, 3) == months[m]) month = m + 1;
    if (month == 0) return fail(quoted(s) + ": " + std::string(s.substr(2, 3)) + " is not a month (JAN to DEC)");
    unsigned day = unsigned((s[0] - '0') * 10 + (s[1] - '0'));
    int year = 2000 + (s[5] - '0') * 10 + (s[6] - '0');
    auto d = make_date(year, month, day);
    if (!d) return fail(quoted(s) + ": " + why_not_a_day(year, month, day));
    return d;
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
    // A byte-order mark is how some editors say "UTF-8"; SSIM is ASCII, so it says nothing.
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    if (text.empty()) {
        result.error = Problem{name, 1, 1, "file", "the file is empty", {}};
        return result;
    }
    bool header_seen = false;
    // -1: no usable carrier section is open (none yet, closed by a trailer, or a bad carrier record).
    int open_carrier = -1;
    int bad_carrier_line = 0;
    int section_line = 0;  // the carrier record of the section not yet closed by a trailer, 0 when none
    // The flight leg record type 4 records attach to: the last one read in this section, or none.
    enum class Previous { None, Leg, SkippedLeg } previous = Previous::None;
    int skipped_leg_line = 0;
    int last_serial = -1;  // of the record before this one; -1 when it had none
    int serials_blank = 0, serials_out_of_sequence = 0;
    std::size_t blank_note = 0, sequence_note = 0;  // indexes into file.notes, of the first of their kind (+1)
    file.legs.reserve(text.size() / 201 + 1);

    auto report = [&](Problem p) {
        if (!options.lenient) {
            result.error = std::move(p);
            return false;
        }
        file.skipped.push_back(std::move(p));
        return true;
    };
    // Read, but worth saying; an error in strict mode.
    auto note = [&](Problem p, const char* kind, bool incomplete = false) {
        p.kind = kind;
        if (options.strict) {
            result.error = std::move(p);
            return false;
        }
        if (incomplete && !file.incomplete) file.incomplete = p;
        file.notes.push_back(std::move(p));
        return true;
    };
    auto close_section = [&](int line) {
        if (!section_line) return true;
        int carrier_line = section_line;
        section_line = 0;
        return note({name, line, 1, record_type.name,
                     "the carrier section of line " + std::to_string(carrier_line) +
                         " has no trailer record (type 5): records may be missing", {}},
                    kTrailerMissing, true);
    };

    std::size_t pos = 0;
    int line = 0;
    while (pos < text.size()) {
        std::size_t end = text.find_first_of("\r\n", pos);
        std::size_t next = end == std::string_view::npos ? text.size() : end + 1;
        if (end == std::string_view::npos) end = text.size();
        else if (text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n') ++next;
        std::string_view record = text.substr(pos, end - pos);
        pos = next;
        ++line;
        if (blank(record)) continue;  // an empty line holds no record

        if (record.substr(0, 3) == "\xEF\xBB\xBF") {
            if (!report({name, line, 1, "record",
                         "the line begins with a UTF-8 byte-order mark (bytes EF BB BF): was another file joined on here?", {}}))
                return result;
            continue;
        }
        if (record.size() > record_size) {
            auto rest = record.substr(record_size);
            if (blank(rest)) {
                record = record.substr(0, record_size);  // trailing blanks past column 200
            } else {
                std::string message = "the record has " + std::to_string(record.size()) + " characters; SSIM records have 200";
                std::size_t characters = 0;
                for (unsigned char c : record) characters += (c & 0xC0) != 0x80;
                if (characters != record.size() && files::is_utf8(record))
                    message += " (" + std::to_string(characters) +
                               " characters as UTF-8, but SSIM columns are bytes: save the file as ASCII or Latin-1)";
                if (!report({name, line, int(record_size) + 1, "record length", message, {}})) return result;
                continue;
            }
        } else if (record.size() < record_size) {
            // Trailing blanks trimmed by an editor or a mail program: put them back.
            std::string& full = file.padded.emplace_back(record);
            full.resize(record_size, ' ');
            record = full;
        }
        if (is_padding(record)) continue;
        ++file.records;

        if (auto at = control_character(record); at != std::string_view::npos) {
            if (!report({name, line, int(at) + 1, "character",
                         quoted(record.substr(at, 1)) + " is a control character; SSIM records hold printable characters",
                         {}}))
                return result;
            continue;
        }

        // Serial numbers count the records (padding aside) from 000001.
        {
            Fields f(record, line, name);
            auto serial_text = f.raw(serial_number);
            int serial = -1;
            if (!blank(serial_text)) {
                serial = f.number(serial_number, 0, 999999);
                if (!f.ok()) {
                    if (!report(std::move(*f.problem))) return result;
                    continue;
                }
            }
            if (serial < 0) {
                if (serials_blank++ == 0) {
                    if (!note({name, line, serial_number.first, serial_number.name, "blank", {}}, kSerialBlank)) return result;
                    blank_note = file.notes.size();
                }
            } else if (last_serial >= 0 && serial != last_serial + 1) {
                bool gap = serial > last_serial + 1;
                if (serials_out_of_sequence++ == 0 || gap) {
                    std::string message = quoted(serial_text) + " follows " + std::to_string(last_serial) +
                                          (gap ? ": records may be missing" : "");
                    if (!note({name, line, serial_number.first, serial_number.name, message, {}}, kSerialSequence, gap))
                        return result;
                    if (!sequence_note) sequence_note = file.notes.size();
                }
            }
            // The trailer is checked against the serial of the record before it.
            if (record[0] == '5') {
                auto check = f.raw(trailer::serial_check);
                if (blank(check)) {
                    if (!note({name, line, trailer::serial_check.first, trailer::serial_check.name,
                               "blank: the trailer does not say which record it follows", {}},
                              kTrailerCheck))
                        return result;
                } else {
                    int expected = f.number(trailer::serial_check, 0, 999999);
                    if (!f.ok()) {
                        if (!report(std::move(*f.problem))) return result;
                        continue;
                    }
                    if (last_serial >= 0 && expected != last_serial) {
                        if (!note({name, line, trailer::serial_check.first, trailer::serial_check.name,
                                   quoted(check) + " but the record before the trailer is " + std::to_string(last_serial) +
                                       ": records may be missing", {}},
                                  kTrailerCheck, true))
                            return result;
                    }
                }
            }
            last_serial = serial;
        }

        char type = record[0];
        if (type != '1' && !header_seen) {
            if (!report({name, line, 1, record_type.name, "the file must begin with a header record (type 1)", {}}))
                return result;
            header_seen = true;  // one report is enough
        }
        switch (type) {
        case '1':
            header_seen = true;
            break;
        case '2': {
            if (!close_section(line)) return result;
            previous = Previous::None;
            Carrier c;
            if (auto p = read_carrier(record, line, name, c)) {
                open_carrier = -1;
                bad_carrier_line = line;
                if (!report(std::move(*p))) return result;
                break;
            }
            section_line = line;
            for (const Carrier& earlier : file.carriers)
                if (earlier.airline == c.airline && earlier.valid_from <= c.valid_to && c.valid_from <= earlier.valid_to) {
                    if (!note({name, line, carrier::airline.first, carrier::airline.name,
                               c.airline.str() + " " + format_ssim_date(c.valid_from) + "-" + format_ssim_date(c.valid_to) +
                                   " overlaps the carrier record of line " + std::to_string(earlier.line) + " (" +
                                   format_ssim_date(earlier.valid_from) + "-" + format_ssim_date(earlier.valid_to) + ")",
                               {}},
                              kCarrierRepeated))
                        return result;
                    break;
                }
            file.carriers.push_back(std::move(c));
            open_carrier = int(file.carriers.size()) - 1;
            break;
        }
        case '3': {
            previous = Previous::SkippedLeg;
            skipped_leg_line = line;
            if (open_carrier < 0) {
                std::string why = bad_carrier_line ? "its carrier record (line " + std::to_string(bad_carrier_line) + ") is unusable"
                                                   : "a flight leg record must follow a carrier record (type 2)";
                if (!report({name, line, 1, record_type.name, why, {}})) return result;
                break;
            }
            const Carrier& c = file.carriers[std::size_t(open_carrier)];
            LegRecord leg;
            leg.carrier = open_carrier;
            if (auto p = read_leg(record, line, name, c, options.strict, leg)) {
                if (!report(std::move(*p))) return result;
                break;
            }
            previous = Previous::Leg;
            if (leg.arrival_day_inferred &&
                !note({name, line, leg::date_variation.first + 1, leg::date_variation.name,
                       "blank; STA " + std::string(leg::aircraft_sta.in(record)) + " is before STD " +
                           std::string(leg::aircraft_std.in(record)) + ", so the leg arrives on day +" +
                           std::to_string(leg.arrival_day),
                       {}},
                      kArrivalInferred))
                return result;
            if (leg.period_from < c.valid_from || leg.period_to > c.valid_to) {
                const Field& outside = leg.period_from < c.valid_from ? leg::period_from : leg::period_to;
                if (!note({name, line, outside.first, outside.name,
                           format_ssim_date(leg.period_from) + "-" + format_ssim_date(leg.period_to) +
                               " runs outside the validity of its carrier record (line " + std::to_string(c.line) + "): " +
                               format_ssim_date(c.valid_from) + "-" + format_ssim_date(c.valid_to),
                           {}},
                          kOutsideCarrier))
                    return result;
            }
            file.legs.push_back(std::move(leg));
            break;
        }
        case '4':
            ++file.segment_records;
            if (previous == Previous::None) {
                if (!report({name, line, 1, record_type.name, "a segment data record (type 4) must follow a flight leg record", {}}))
                    return result;
                break;
            }
            if (previous == Previous::SkippedLeg) {  // lenient: it goes with its leg
                if (!report({name, line, 1, record_type.name,
                             "its flight leg record (line " + std::to_string(skipped_leg_line) + ") was left out", {}}))
                    return result;
                break;
            }
            if (auto p = read_segment(record, line, name, file.legs.back())) {
                if (!report(std::move(*p))) return result;
                break;
            }
            file.legs.back().segments.push_back(record);
            break;
        case '5':
            open_carrier = -1;
            bad_carrier_line = 0;
            section_line = 0;
            previous = Previous::None;
            break;
        default:
            if (!report({name, line, 1, record_type.name, quoted(record.substr(0, 1)) + " is not a record type 1-5", {}}))
                return result;
        }
    }
    if (!close_section(line + 1)) return result;
    // One note for each kind of serial number trouble, counting its records.
    if (serials_blank > 1) file.notes[blank_note - 1].message += " (and on " + std::to_string(serials_blank - 1) + " more records)";
    if (serials_out_of_sequence > 1)
        file.notes[sequence_note - 1].message += " (" + std::to_string(serials_out_of_sequence) + " records out of sequence in all)";
    if (file.legs.empty()) {
        std::string why = file.skipped.empty() ? "the file holds no flight leg record (type 3): nothing to import"
                                               : "none of its flight leg records could be read (" +
                                                     std::to_string(file.skipped.size()) + " records left out)";
        result.error = Problem{name, line, 1, "file", why, {}};
    }
    return result;
}

}  // namespace rotaplan::ssim
