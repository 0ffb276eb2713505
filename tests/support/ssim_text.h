// SSIM text for tests, built field by field with the layout the reader uses,
// so a test names the field it breaks rather than a column it counted.
//
//   SsimText t;                       header + carrier XQ (local time) + trailer
//   t.legs.push_back(LegText{}.set(leg::aircraft_std, "2460"));
//   t.str()                          the whole file, LF line ends
//   SsimText::file({a, b})           one header, then a carrier section each
//
// Real files are messier than the manual: `Mess` makes them so (CRLF, a
// byte-order mark, trailing blanks trimmed, no padding records).
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

// A type 4 record of flight XQ0100: data element identifier, board and off point, data.
inline std::string segment_record(const std::string& dei, const std::string& board, const std::string& off,
                                  const std::string& data, const std::string& airline = "XQ",
                                  const std::string& number = "0100") {
    std::string r = blank_record('4');
    put_field(r, segment::airline, airline);
    put_field(r, segment::flight_number, number);
    put_field(r, segment::itinerary_variation, "01");
    put_field(r, segment::leg_sequence, "01");
    r[13] = 'J';
    r[28] = 'A';
    r[29] = 'B';
    put_field(r, segment::data_element_identifier, dei);
    put_field(r, segment::board_point, board);
    put_field(r, segment::off_point, off);
    r.replace(39, data.size(), data);
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
    std::vector<std::string> segments;  // type 4 records written after it
    LegText& set(const Field& f, const std::string& v) {
        put_field(r, f, v);
        return *this;
    }
    LegText& segment(std::string record) {
        segments.push_back(std::move(record));
        return *this;
    }
};

struct SsimText {
    char time_mode = 'L';
    std::string airline = "XQ";
    std::string valid_from = "29MAR26", valid_to = "24OCT26";
    std::vector<LegText> legs;
    bool trailer = true;  // the section ends with its trailer (type 5)
    std::string eol = "\n";
    bool final_eol = true;

    // Header, padding, then each section's carrier, padding, legs (with their
    // type 4 records) and trailer; serial numbers consecutive, each trailer's
    // check serial the serial of the record before it.
    static std::vector<std::string> records_of(const std::vector<SsimText>& sections) {
        std::vector<std::string> out;
        std::string h = blank_record('1');
        put_field(h, header::title, "AIRLINE STANDARD SCHEDULE DATA SET");
        out.push_back(h);
        for (int i = 0; i < 4; ++i) out.push_back(std::string(record_size, '0'));
        for (std::size_t k = 0; k < sections.size(); ++k) {
            const SsimText& s = sections[k];
            std::string c = blank_record('2');
            put_field(c, carrier::time_mode, std::string(1, s.time_mode));
            put_field(c, carrier::airline, s.airline);
            put_field(c, carrier::valid_from, s.valid_from);
            put_field(c, carrier::valid_to, s.valid_to);
            out.push_back(c);
            for (const auto& l : s.legs) {
                out.push_back(l.r);
                for (const auto& seg : l.segments) out.push_back(seg);
            }
            if (s.trailer) {
                std::string t = blank_record('5');
                put_field(t, trailer::airline, s.airline);
                put_field(t, trailer::end_code, k + 1 == sections.size() ? "E" : "C");
                out.push_back(t);
            }
        }
        int serial = 0;
        auto six = [](int n) {
            std::string s = std::to_string(n);
            return std::string(6 - s.size(), '0') + s;
        };
        for (auto& r : out) {
            if (r[0] == '0') continue;
            if (r[0] == '5') put_field(r, trailer::serial_check, six(serial));
            put_field(r, serial_number, six(++serial));
        }
        return out;
    }
    std::vector<std::string> records() const { return records_of({*this}); }

    static std::string join(const std::vector<std::string>& rs, const std::string& eol = "\n", bool final_eol = true) {
        std::string s;
        for (std::size_t i = 0; i < rs.size(); ++i) {
            s += rs[i];
            if (i + 1 < rs.size() || final_eol) s += eol;
        }
        return s;
    }
    static std::string file(const std::vector<SsimText>& sections) { return join(records_of(sections)); }
    std::string str() const { return join(records(), eol, final_eol); }
    // Line number of leg record k (1-based lines: header, 4 padding, carrier, legs...),
    // when no leg before it has type 4 records.
    static int line_of_leg(int k) { return 7 + k; }
};

// XQ100 FRA-MUC daily, XQ101 MUC-FRA daily, XQ200 FRA-VIE Mondays, 1-7 April
// (15 dated legs), with serial numbers and trailer as the manual has them.
inline SsimText three_flights() {
    SsimText t;
    t.legs.push_back(LegText{}.set(leg::period_to, "07APR26"));
    t.legs.push_back(LegText{}
                         .set(leg::flight_number, "0101")
                         .set(leg::period_to, "07APR26")
                         .set(leg::departure, "MUC")
                         .set(leg::aircraft_std, "0800")
                         .set(leg::arrival, "FRA")
                         .set(leg::aircraft_sta, "0900"));
    t.legs.push_back(LegText{}
                         .set(leg::flight_number, "0200")
                         .set(leg::period_to, "07APR26")
                         .set(leg::days, "1      ")
                         .set(leg::arrival, "VIE")
                         .set(leg::aircraft_std, "1200")
                         .set(leg::aircraft_sta, "1330"));
    return t;
}

// What airlines' files look like after an editor, a mail program and a
// Windows machine: CRLF, a byte-order mark, no padding, and (without serial
// numbers, which end a record) trailing blanks trimmed.
struct Mess {
    bool crlf = true, bom = true, padding = false, serials = false, trim = true;
    std::string apply(const std::vector<std::string>& records) const {
        std::string out = bom ? "\xEF\xBB\xBF" : "";
        for (std::string r : records) {
            if (!padding && r[0] == '0') continue;
            if (!serials) {
                put_field(r, serial_number, "");
                if (r[0] == '5') put_field(r, trailer::serial_check, "");
            }
            if (trim) r.erase(r.find_last_not_of(' ') + 1);
            out += r + (crlf ? "\r\n" : "\n");
        }
        return out;
    }
};

}  // namespace rotaplan::testing
