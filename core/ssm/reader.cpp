#include "reader.h"

#include <cctype>

namespace rotaplan::ssm {

namespace {

struct Token {
    std::string_view text;
    int column = 1;  // 1-based
};

std::vector<Token> tokens(std::string_view line) {
    std::vector<Token> out;
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && line[i] == ' ') ++i;
        std::size_t j = i;
        while (j < line.size() && line[j] != ' ') ++j;
        if (j > i) out.push_back({line.substr(i, j - i), int(i) + 1});
        i = j;
    }
    return out;
}

bool digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}
bool letters(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (c < 'A' || c > 'Z') return false;
    return true;
}

struct Fail {
    Problem problem;
};

class Reader {
public:
    Reader(std::string_view text, std::string file) : file_(std::move(file)) {
        std::size_t at = 0;
        if (text.substr(0, 3) == "\xEF\xBB\xBF") at = 3;
        while (at <= text.size()) {
            std::size_t end = text.find('\n', at);
            if (end == std::string_view::npos) end = text.size();
            std::string_view line = text.substr(at, end - at);
            if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
            while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
            lines_.push_back(line);
            if (end == text.size()) break;
            at = end + 1;
        }
    }

    ReadResult run() {
        ReadResult out;
        try {
            while (true) {
                skip_blank();
                if (at_ >= lines_.size()) break;
                out.messages.push_back(message());
            }
        } catch (const Fail& f) {
            out.error = f.problem;
            out.messages.clear();
        }
        return out;
    }

private:
    [[noreturn]] void fail(int column, const std::string& element, const std::string& message) {
        throw Fail{Problem{file_, int(at_) + 1, column, element, message, {}}};
    }
    [[noreturn]] void fail_at(std::size_t line, int column, const std::string& element, const std::string& message) {
        at_ = line;
        fail(column, element, message);
    }

    void skip_blank() {
        while (at_ < lines_.size() && (lines_[at_].empty() || lines_[at_] == "NNNN")) ++at_;
    }
    std::string_view line() const { return lines_[at_]; }
    bool done() const { return at_ >= lines_.size(); }
    static bool message_start(std::string_view l) {
        auto t = tokens(l);
        return !t.empty() && (t[0].text == "SSM" || t[0].text == "ASM");
    }

    Message message() {
        Message m;
        m.line = int(at_) + 1;
        auto id = tokens(line());
        if (id.empty() || (id[0].text != "SSM" && id[0].text != "ASM"))
            fail(1, "standard message identifier", "\"" + std::string(line()) + "\": a message begins with SSM or ASM");
        m.kind = id[0].text == "SSM" ? Kind::Ssm : Kind::Asm;
        ++at_;
        if (!done() && (line() == "LT" || line() == "UTC")) {
            m.time_mode = line() == "LT" ? TimeMode::Local : TimeMode::Utc;
            ++at_;
        } else if (!done() && (line().substr(0, 2) == "LT" || line().substr(0, 3) == "UTC")) {
            fail(1, "time mode", "\"" + std::string(line()) + "\": the time mode is LT or UTC alone on its line");
        }
        if (!done() && reference(line())) {
            m.reference = std::string(line());
            ++at_;
        }
        while (true) {
            if (done() || line().empty()) {
                if (m.subs.empty()) fail(1, "action identifier", "the message has no sub-message");
                break;
            }
            if (line().substr(0, 3) == "SI " || line() == "SI") {
                while (!done() && !line().empty() && !message_start(line())) {
                    m.supplementary.emplace_back(line().size() > 3 ? line().substr(3) : std::string_view());
                    ++at_;
                }
                break;
            }
            if (message_start(line())) break;
            for (auto& s : sub_message(m)) m.subs.push_back(std::move(s));
            if (!done() && line() == "//") {
                ++at_;
                continue;
            }
        }
        return m;
    }

    static bool reference(std::string_view l) {
        // DDMMMnnnnn(C|E)nnn, then optionally /creator reference
        if (l.size() < 14) return false;
        return digits(l.substr(0, 2)) && letters(l.substr(2, 3)) && digits(l.substr(5, 5)) && (l[10] == 'C' || l[10] == 'E') &&
               digits(l.substr(11, 3)) && (l.size() == 14 || l[14] == '/');
    }

    FlightNumber flight(const Token& t, const char* element) {
        std::string why;
        auto f = parse_flight_number(t.text, &why);
        if (!f) fail(t.column, element, "\"" + std::string(t.text) + "\": " + why);
        return *f;
    }

    Date date(std::string_view text, int column, const char* element) {
        if (text.size() == 5 && digits(text.substr(0, 2)) && letters(text.substr(2, 3)))
            fail(column, element, "\"" + std::string(text) + "\": the date needs its year (DDMMMYY), a message is read without a season to place it in");
        std::string why;
        auto d = ssim::parse_ssim_date(text, &why);
        if (!d) fail(column, element, why.empty() ? "\"" + std::string(text) + "\": a date is DDMMMYY, e.g. 01APR26" : why);
        return *d;
    }

    Period period(std::string_view l) {
        auto t = tokens(l);
        if (t.size() != 3) fail(1, "period of operation", "\"" + std::string(l) + "\": a period is FROM TO DAYS, e.g. 01APR26 25OCT26 1234567");
        Period p;
        p.from = date(t[0].text, t[0].column, "period of operation from");
        p.to = date(t[1].text, t[1].column, "period of operation to");
        if (p.to < p.from) fail(t[1].column, "period of operation to", "\"" + std::string(t[1].text) + "\" is before the period's first date");
        std::string_view days = t[2].text;
        p.frequency = 1;
        if (auto slash = days.find('/'); slash != std::string_view::npos) {
            std::string_view f = days.substr(slash + 1);
            if (f == "W2") p.frequency = 2;
            else if (f != "W1") fail(t[2].column + int(slash) + 1, "frequency rate", "\"" + std::string(f) + "\": the frequency rate is /W2 (every other week), or none");
            days = days.substr(0, slash);
        }
        p.days = 0;
        int last = 0;
        for (std::size_t i = 0; i < days.size(); ++i) {
            char c = days[i];
            if (c < '1' || c > '7' || c - '0' <= last)
                fail(t[2].column + int(i), "days of operation", "\"" + std::string(days) + "\": days of operation are the digits 1 (Monday) to 7 in ascending order");
            last = c - '0';
            p.days |= std::uint8_t(1u << (last - 1));
        }
        if (!p.days) fail(t[2].column, "days of operation", "none given");
        return p;
    }

    int time(std::string_view s, int column, const std::string& element) {
        if (s.size() < 4 || !digits(s.substr(0, 4)))
            fail(column, element, "\"" + std::string(s.substr(0, 4)) + "\": a time is HHMM");
        int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[2] - '0') * 10 + (s[3] - '0');
        if (h > 23 || m > 59) fail(column, element, "\"" + std::string(s.substr(0, 4)) + "\": a time is 0000 to 2359");
        return h * 60 + m;
    }

    // "FRA0600/1+0200": station, time, date variation, UTC variation
    void station_time(const Token& t, bool departure, LegLine& leg) {
        const std::string side = departure ? "departure" : "arrival";
        std::string_view s = t.text;
        if (s.size() < 7 || !letters(s.substr(0, 3)))
            fail(t.column, side + " station", "\"" + std::string(s) + "\": a leg is STATION and time, e.g. FRA0600 MUC0705");
        AirportCode station = AirportCode::from(s.substr(0, 3));
        int minutes = time(s.substr(3), t.column + 3, departure ? "aircraft STD" : "aircraft STA");
        std::size_t i = 7;
        int day = 0;
        if (i < s.size() && s[i] == '/') {
            std::size_t j = i + 1;
            if (s.substr(j, 2) == "M1") {
                day = -1;
                j += 2;
            } else if (j < s.size() && s[j] >= '1' && s[j] <= '9') {
                day = s[j] - '0';
                ++j;
            } else {
                fail(t.column + int(i), "date variation", "\"" + std::string(s.substr(i)) + "\": a date variation is /1 to /9, or /M1 (the day before)");
            }
            i = j;
        }
        std::optional<int> offset;
        if (i < s.size()) {
            std::string_view v = s.substr(i);
            if (v.size() != 5 || (v[0] != '+' && v[0] != '-') || !digits(v.substr(1)))
                fail(t.column + int(i), "UTC variation (" + side + ")", "\"" + std::string(v) + "\": a UTC variation is +HHMM or -HHMM");
            int minutes_off = ((v[1] - '0') * 10 + (v[2] - '0')) * 60 + (v[3] - '0') * 10 + (v[4] - '0');
            if (minutes_off > 14 * 60 || (v[3] - '0') * 10 + (v[4] - '0') > 59)
                fail(t.column + int(i), "UTC variation (" + side + ")", "\"" + std::string(v) + "\": at most 14 hours");
            offset = v[0] == '-' ? -minutes_off : minutes_off;
        }
        if (departure) {
            leg.departure = station;
            leg.std_minutes = minutes;
            leg.departure_day = day;
            leg.departure_offset = offset;
        } else {
            leg.arrival = station;
            leg.sta_minutes = minutes;
            leg.arrival_day = day;
            leg.arrival_offset = offset;
        }
    }

    static bool data_element(std::string_view s) {
        auto slash = s.find('/');
        return slash != std::string_view::npos && slash > 0 && slash <= 3 && digits(s.substr(0, slash));
    }

    // The lines after the flight (and period): equipment, legs, segments, up to "//" or the message's end.
    void body(SubMessage& s) {
        std::optional<Equipment> current;
        while (!done() && !line().empty() && line() != "//" && !message_start(line()) && line().substr(0, 3) != "SI " && line() != "SI") {
            auto t = tokens(line());
            if (t[0].text.size() == 1) {
                if (s.equipment && s.legs.empty()) fail(1, "equipment", "two equipment lines before the first leg");
                if (!letters(t[0].text)) fail(1, "service type", "\"" + std::string(t[0].text) + "\": a service type is a capital letter");
                if (t.size() < 2) fail(1, "aircraft type", "missing: the equipment line is SERVICE-TYPE AIRCRAFT-TYPE [CONFIGURATION], e.g. J 320");
                if (auto why = check_aircraft_type(t[1].text); !why.empty())
                    fail(t[1].column, "aircraft type", "\"" + std::string(t[1].text) + "\": " + why);
                Equipment e;
                e.service_type = t[0].text[0];
                e.aircraft_type = AircraftType::from(t[1].text);
                for (std::size_t i = 2; i < t.size(); ++i) {
                    if (!e.configuration.empty()) e.configuration += " ";
                    e.configuration += std::string(t[i].text);
                }
                if (s.legs.empty()) s.equipment = e;
                current = e;
            } else if (t[0].text.size() == 6 && letters(t[0].text)) {
                if (t.size() != 2 || !data_element(t[1].text))
                    fail(t.size() > 1 ? t[1].column : 7, "segment information", "\"" + std::string(line()) + "\": a segment line is BOARDOFF DEI/DATA, e.g. FRAMUC 10/XQ9100");
                s.segments.push_back({AirportCode::from(t[0].text.substr(0, 3)), AirportCode::from(t[0].text.substr(3, 3)),
                                      std::string(t[1].text), int(at_) + 1});
            } else {
                LegLine leg;
                leg.line = int(at_) + 1;
                leg.equipment = current;
                if (t.size() < 2) fail(1, "leg information", "\"" + std::string(line()) + "\": a leg is DEPARTURE ARRIVAL, e.g. FRA0600 MUC0705");
                station_time(t[0], true, leg);
                station_time(t[1], false, leg);
                for (std::size_t i = 2; i < t.size(); ++i) {
                    if (!data_element(t[i].text))
                        fail(t[i].column, "data element identifier", "\"" + std::string(t[i].text) + "\": a data element is NUMBER/DATA, e.g. 6/XQ101");
                    leg.data_elements.emplace_back(t[i].text);
                }
                s.legs.push_back(std::move(leg));
            }
            ++at_;
        }
    }

    std::vector<SubMessage> sub_message(const Message& m) {
        SubMessage s;
        s.line = int(at_) + 1;
        auto t = tokens(line());
        auto action = parse_action(t[0].text);
        if (!action) fail(1, "action identifier", "\"" + std::string(t[0].text) + "\" is not an action identifier of SSIM Chapter 4 or 5");
        s.action = *action;
        for (std::size_t i = 1; i < t.size(); ++i)
            for (std::string_view r = t[i].text; !r.empty();) {
                auto slash = r.find('/');
                s.change_reasons.emplace_back(r.substr(0, slash));
                r = slash == std::string_view::npos ? std::string_view() : r.substr(slash + 1);
            }
        ++at_;
        if (!supported(m.kind, s.action)) {  // read as such; its lines are not Rotaplan's to interpret
            while (!done() && !line().empty() && line() != "//" && !message_start(line())) ++at_;
            return {s};
        }
        if (done() || line().empty() || line() == "//") fail(1, "flight designator", "missing after " + std::string(action_name(s.action)));
        std::vector<SubMessage> out;
        const std::size_t flight_line = at_;
        if (m.kind == Kind::Ssm) {
            auto f = tokens(line());
            std::vector<FlightNumber> flights;
            for (const auto& tok : f) flights.push_back(flight(tok, "flight designator"));
            ++at_;
            std::vector<Period> periods;
            while (!done() && !line().empty()) {
                auto p = tokens(line());
                if (p.size() != 3 || !digits(p[0].text.substr(0, 2)) || p[0].text.size() < 5) break;
                periods.push_back(period(line()));
                ++at_;
            }
            if (periods.empty()) fail(1, "period of operation", "missing: an SSM names the period it changes, e.g. 01APR26 25OCT26 1234567");
            if (s.action == Action::Flt) {
                if (done() || line().empty()) fail(1, "new flight designator", "missing: FLT names the flight's new designator");
                auto n = tokens(line());
                s.new_flight = flight(n[0], "new flight designator");
                ++at_;
            }
            body(s);
            for (const auto& fl : flights)
                for (const auto& p : periods) {
                    SubMessage copy = s;
                    copy.flight = fl;
                    copy.period = p;
                    out.push_back(std::move(copy));
                }
        } else {
            auto f = tokens(line());
            auto slash = f[0].text.find('/');
            if (slash == std::string_view::npos)
                fail(f[0].column, "flight identifier", "\"" + std::string(f[0].text) + "\": an ASM names the flight and its date, e.g. XQ100/01APR26");
            s.flight = flight({f[0].text.substr(0, slash), f[0].column}, "flight identifier");
            Date d = date(f[0].text.substr(slash + 1), f[0].column + int(slash) + 1, "flight identifier date");
            s.period = {d, d, 0x7f, 1};
            for (std::size_t i = 1; i < f.size(); ++i) {
                std::string_view x = f[i].text;
                if (x.size() == 7 && x[3] == '/' && letters(x.substr(0, 3)) && letters(x.substr(4, 3))) {
                    s.legs_changed.push_back({AirportCode::from(x.substr(0, 3)), AirportCode::from(x.substr(4, 3))});
                } else if (s.action == Action::Flt && !s.new_flight) {
                    auto sl = x.find('/');
                    s.new_flight = flight({x.substr(0, sl), f[i].column}, "new flight identifier");
                    if (sl != std::string_view::npos) {
                        Date nd = date(x.substr(sl + 1), f[i].column + int(sl) + 1, "new flight identifier date");
                        if (nd != d) fail(f[i].column + int(sl) + 1, "new flight identifier date", "\"" + std::string(x.substr(sl + 1)) + "\": Rotaplan keeps a flight's date when its designator changes");
                    }
                } else {
                    fail(f[i].column, "flight leg change identifier", "\"" + std::string(x) + "\": legs are named DEP/ARR, e.g. FRA/MUC");
                }
            }
            if (s.action == Action::Flt && !s.new_flight) fail(1, "new flight identifier", "missing: FLT names the flight's new designator");
            ++at_;
            body(s);
            out.push_back(s);
        }
        // What each action needs.
        const SubMessage& c = out.front();
        auto need = [&](bool ok, const char* element, const std::string& what) {
            if (!ok) fail_at(flight_line, 1, element, what);
        };
        const std::string name = action_name(s.action);
        switch (s.action) {
        case Action::New:
        case Action::Rpl:
            need(c.equipment.has_value(), "equipment", "missing: " + name + " gives the equipment, e.g. J 320");
            need(!c.legs.empty(), "leg information", "missing: " + name + " gives the legs, e.g. FRA0600 MUC0705");
            break;
        case Action::Tim: need(!c.legs.empty(), "leg information", "missing: TIM gives the legs' new times"); break;
        case Action::Eqt: need(c.equipment.has_value(), "equipment", "missing: EQT gives the new equipment"); break;
        default: break;
        }
        return out;
    }

    std::string file_;
    std::vector<std::string_view> lines_;
    std::size_t at_ = 0;
};

}  // namespace

ReadResult read(std::string_view text, const std::string& file_name) { return Reader(text, file_name).run(); }

}  // namespace rotaplan::ssm
