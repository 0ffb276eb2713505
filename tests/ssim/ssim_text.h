// SSIM text for tests, built field by field with the layout the reader uses,
// so a test names the field it breaks rather than a column it counted.
//
//   SsimText t;                       header + carrier XQ (local time) + trailer
//   t.legs.push_back(LegText{}.set(leg::aircraft_std, "2460"));
//   t.str()                          the whole file, LF line ends
#pragma once

#include <string>
#include <vector>

#include "core/ssim/layout.h"

namespace rotaplan::testing {

using namespace rotaplan::ssim;

inline void put_field(std::string& r, const Field& f, std::string v) {
    v.resize(std::size_t(f.width()), ' ');
    r.replace(std::size_t(f.first - 1), std::size_t(f.width()), v);
}

inline std::string blank_record(char type) {
    std::string r(record_size, ' ');
    r[0] = type;
    return r;
}

// XQ0100 FRA 06:00 local (+02:00) -> MUC 07:05 local, daily in April 2026, A320.
struct LegText {
    std::string r = [] {
        std::string r = blank_record('3');
        put_field(r, leg::airline, "XQ");
        put_field(r, leg::flight_number, "0100");
        put_field(r, leg::itinerary_variation, "01");
        put_field(r, leg::leg_sequence, "01");
        put_field(r, leg::service_type, "J");
        put_field(r, leg::period_from, "01APR26");
        put_field(r, leg::period_to, "30APR26");
        put_field(r, leg::days, "1234567");
        put_field(r, leg::departure, "FRA");
        put_field(r, leg::passenger_std, "0600");
        put_field(r, leg::aircraft_std, "0600");
        put_field(r, leg::departure_offset, "+0200");
        put_field(r, leg::departure_terminal, "1");
        put_field(r, leg::arrival, "MUC");
        put_field(r, leg::aircraft_sta, "0705");
        put_field(r, leg::passenger_sta, "0705");
        put_field(r, leg::arrival_offset, "+0200");
        put_field(r, leg::aircraft_type, "320");
        put_field(r, leg::aircraft_configuration, "C12Y156");
        put_field(r, leg::date_variation, "00");
        return r;
    }();
    LegText& set(const Field& f, const std::string& v) {
        put_field(r, f, v);
        return *this;
    }
};

struct SsimText {
    char time_mode = 'L';
    std::string airline = "XQ";
    std::string valid_from = "29MAR26", valid_to = "24OCT26";
    std::vector<LegText> legs;
    std::string eol = "\n";
    bool final_eol = true;

    std::vector<std::string> records() const {
        std::vector<std::string> out;
        std::string h = blank_record('1');
        put_field(h, header::title, "AIRLINE STANDARD SCHEDULE DATA SET");
        out.push_back(h);
        for (int i = 0; i < 4; ++i) out.push_back(std::string(record_size, '0'));
        std::string c = blank_record('2');
        put_field(c, carrier::time_mode, std::string(1, time_mode));
        put_field(c, carrier::airline, airline);
        put_field(c, carrier::valid_from, valid_from);
        put_field(c, carrier::valid_to, valid_to);
        out.push_back(c);
        for (const auto& l : legs) out.push_back(l.r);
        std::string t = blank_record('5');
        put_field(t, trailer::airline, airline);
        put_field(t, trailer::end_code, "E");
        out.push_back(t);
        int serial = 0;
        for (auto& r : out)
            if (r[0] != '0') put_field(r, serial_number, [&] {
                    std::string s = std::to_string(++serial);
                    return std::string(6 - s.size(), '0') + s;
                }());
        return out;
    }
    std::string str() const {
        std::string s;
        auto rs = records();
        for (std::size_t i = 0; i < rs.size(); ++i) {
            s += rs[i];
            if (i + 1 < rs.size() || final_eol) s += eol;
        }
        return s;
    }
    // Line number of leg record k (1-based lines: header, 4 padding, carrier, legs...).
    static int line_of_leg(int k) { return 7 + k; }
};

}  // namespace rotaplan::testing
