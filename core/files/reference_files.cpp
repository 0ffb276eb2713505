#include "reference_files.h"

#include <charconv>
#include <map>

#include "core/airplane.h"
#include "core/local_time.h"
#include "core/rotation.h"
#include "encoding.h"

namespace rotaplan::files {

namespace {

// Reads one record's fields, stopping at the first complaint.
class FieldReader {
public:
    FieldReader(std::string_view file, const Record& r, ParseError& error) : file_(file), r_(r), error_(error) {}

    bool failed() const { return failed_; }

    const std::string& raw(std::size_t k) const { return r_.fields[k].text; }

    void fail(std::size_t k, std::string_view field, const std::string& why) {
        if (failed_) return;
        failed_ = true;
        error_.message = where(file_, r_.line, r_.fields[k].column, field) + quoted(raw(k)) + " " + why;
    }

    template <class CodeT>
    CodeT code(std::size_t k, std::string_view field, std::string (*check)(std::string_view)) {
        if (auto why = check(raw(k)); !why.empty()) {
            fail(k, field, "is not valid: " + why);
            return {};
        }
        return CodeT::from(raw(k));
    }

    int number(std::size_t k, std::string_view field, int min, int max) {
        int v = 0;
        const std::string& s = raw(k);
        auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        if (s.empty() || ec != std::errc{} || p != s.data() + s.size() || v < min || v > max)
            fail(k, field, "is not a whole number from " + std::to_string(min) + " to " + std::to_string(max));
        return v;
    }

private:
    std::string_view file_;
    const Record& r_;
    ParseError& error_;
    bool failed_ = false;
};

// "FILE:LINE:1: record: repeats line N; read once"
std::string repeated(std::string_view file, const Record& r, int first_line) {
    return where(file, r.line, 1, "record") + "repeats line " + std::to_string(first_line) + "; read once";
}

}  // namespace

std::optional<std::vector<AirportGroundTime>> parse_airports_csv(std::string_view file, std::string_view content,
                                                                 ParseError& error) {
    auto records = parse_csv_with_header(file, content, {"airport", "min_ground_minutes"}, error, {"time_zone"});
    if (!records) return std::nullopt;
    std::vector<AirportGroundTime> out;
    std::map<AirportCode, std::size_t> seen;  // -> index into out
    for (const Record& r : *records) {
        FieldReader f(file, r, error);
        AirportGroundTime row{r.line, f.code<AirportCode>(0, "airport", check_airport),
                              f.number(1, "min_ground_minutes", 0, 1440)};
        if (r.fields.size() > 2 && !f.raw(2).empty()) {
            row.time_zone = f.raw(2);
            row.time_zone_column = r.fields[2].column;
            if (auto why = check_time_zone_name(row.time_zone); !why.empty()) f.fail(2, "time_zone", "is not valid: " + why);
        }
        if (f.failed()) return std::nullopt;
        auto [it, fresh] = seen.try_emplace(row.airport, out.size());
        if (!fresh) {
            const AirportGroundTime& first = out[it->second];
            if (first.min_ground_minutes != row.min_ground_minutes) {
                error.message = where(file, r.line, r.fields[1].column, "min_ground_minutes") + row.airport.str() +
                                " is given " + std::to_string(row.min_ground_minutes) + " minutes here and " +
                                std::to_string(first.min_ground_minutes) + " on line " + std::to_string(first.line);
                return std::nullopt;
            }
            // A repeat only when every field is the same: an empty time zone is not "the same as before".
            if (first.time_zone != row.time_zone) {
                auto zone = [](const AirportGroundTime& a) {
                    return a.time_zone.empty() ? std::string("no time zone") : "time zone " + a.time_zone;
                };
                int column = r.fields.size() > 2 ? r.fields[2].column : r.fields[1].column;
                error.message = where(file, r.line, column, "time_zone") + row.airport.str() + " is given " + zone(row) +
                                " here and " + zone(first) + " on line " + std::to_string(first.line);
                return std::nullopt;
            }
            error.notes.push_back(repeated(file, r, first.line));
            continue;
        }
        out.push_back(row);
    }
    return out;
}

std::optional<std::vector<AirplaneRecord>> parse_airplanes_csv(std::string_view file, std::string_view content,
                                                               ParseError& error) {
    auto records = parse_csv_with_header(file, content, {"registration", "aircraft_type", "min_ground_minutes"}, error);
    if (!records) return std::nullopt;
    std::vector<AirplaneRecord> out;
    std::map<Registration, std::size_t> seen;  // -> index into out
    for (const Record& r : *records) {
        FieldReader f(file, r, error);
        AirplaneRecord row{r.line, f.code<Registration>(0, "registration", check_registration),
                           f.code<AircraftType>(1, "aircraft_type", check_aircraft_type),
                           f.number(2, "min_ground_minutes", 0, 1440)};
        if (f.failed()) return std::nullopt;
        auto [it, fresh] = seen.try_emplace(row.registration, out.size());
        if (!fresh) {
            const AirplaneRecord& first = out[it->second];
            if (first.aircraft_type != row.aircraft_type || first.min_ground_minutes != row.min_ground_minutes) {
                auto data = [](const AirplaneRecord& a) {
                    return a.aircraft_type.str() + ", " + std::to_string(a.min_ground_minutes) + " minutes";
                };
                error.message = where(file, r.line, r.fields[0].column, "registration") + row.registration.str() +
                                " is listed here as " + data(row) + " and on line " + std::to_string(first.line) + " as " +
                                data(first);
                return std::nullopt;
            }
            error.notes.push_back(repeated(file, r, first.line));
            continue;
        }
        out.push_back(row);
    }
    return out;
}

std::optional<std::vector<RotationAssignment>> parse_rotations_csv(std::string_view file, std::string_view content,
                                                                   ParseError& error) {
    auto records = parse_csv_with_header(
        file, content, {"rotation", "airplane", "airline", "flight_number", "suffix", "departure", "day_of_origin"}, error,
        {"std"});
    if (!records) return std::nullopt;
    std::vector<RotationAssignment> out;
    out.reserve(records->size());
    std::map<Registration, std::size_t> airplane_of;  // -> the first row (index into out) giving it
    for (const Record& r : *records) {
        FieldReader f(file, r, error);
        RotationAssignment row;
        row.line = r.line;
        row.airplane_column = r.fields[1].column;
        row.leg_column = r.fields[2].column;
        row.rotation = f.raw(0);
        if (auto why = rotation::check_rotation_name(row.rotation); !why.empty()) f.fail(0, "rotation", "is not valid: " + why);
        if (!f.raw(1).empty()) row.airplane = f.code<Registration>(1, "airplane", check_registration);
        row.leg.flight.airline = f.code<AirlineCode>(2, "airline", check_airline);
        row.leg.flight.number = std::uint16_t(f.number(3, "flight_number", 1, 9999));
        const std::string& suffix = f.raw(4);
        if (suffix.size() > 1 || (suffix.size() == 1 && (suffix[0] < 'A' || suffix[0] > 'Z')))
            f.fail(4, "suffix", "is not one capital letter");
        row.leg.flight.suffix = suffix.empty() ? 0 : suffix[0];
        row.leg.departure = f.code<AirportCode>(5, "departure", check_airport);
        std::string why;
        auto day = parse_date(f.raw(6), &why);
        if (!day) f.fail(6, "day_of_origin", why.empty() ? "is not a date YYYY-MM-DD" : "is not a day: " + why);
        else row.leg.day_of_origin = *day;
        if (r.fields.size() > 7 && !f.raw(7).empty()) {
            row.std_utc = parse_instant(f.raw(7));
            if (!row.std_utc) f.fail(7, "std", "is not a UTC time like 2026-03-29T06:50Z");
        }
        if (f.failed()) return std::nullopt;
        // One airplane flies one rotation: given to two in one file, the
        // importer would move it from the first to the second unseen.
        if (row.airplane) {
            auto [it, fresh] = airplane_of.try_emplace(*row.airplane, out.size());
            if (!fresh && out[it->second].rotation != row.rotation) {
                const RotationAssignment& first = out[it->second];
                error.message = where(file, r.line, row.airplane_column, "airplane") + row.airplane->str() +
                                " is given to rotation " + row.rotation + " here and to rotation " + first.rotation +
                                " on line " + std::to_string(first.line);
                return std::nullopt;
            }
        }
        out.push_back(std::move(row));
    }
    return out;
}

}  // namespace rotaplan::files
