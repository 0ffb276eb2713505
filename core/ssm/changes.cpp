#include "changes.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "core/files/encoding.h"
#include "core/ssim/expand.h"
#include "core/ssim/layout.h"
#include "core/ssim/periods.h"
#include "writer.h"

namespace rotaplan::ssm {

namespace {

std::string trim(std::string_view s) {
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    return std::string(s);
}

struct Attributes {
    std::string configuration;
    std::vector<std::string> leg_elements;  // "6/XQ101"
    std::vector<SegmentLine> segments;
    LegOffsets variations;
};

class Templates {
public:
    explicit Templates(const std::unordered_map<std::uint64_t, std::string>& t) : text_(t) {}
    const Attributes& of(std::uint64_t key) {
        static const Attributes none;
        if (!key) return none;
        auto found = cache_.find(key);
        if (found != cache_.end()) return found->second;
        Attributes a;
        auto t = text_.find(key);
        if (t != text_.end()) {
            auto bytes = files::utf8_to_latin1(t->second);
            std::string r = bytes ? *bytes : t->second;
            if (r.size() >= ssim::record_size) {
                std::string_view rec(r.data(), ssim::record_size);
                a.variations = ssim::utc_variations(t->second.substr(0, std::min(t->second.size(), std::size_t(400))));
                a.configuration = trim(ssim::leg::aircraft_configuration.in(rec));
                std::string number = trim(ssim::leg::onward_flight_number.in(rec));
                while (number.size() > 1 && number[0] == '0') number.erase(0, 1);  // "0101" is flight 101
                std::string onward = trim(ssim::leg::onward_airline.in(rec)) + number + trim(ssim::leg::onward_suffix.in(rec));
                if (!trim(ssim::leg::onward_airline.in(rec)).empty() && !trim(ssim::leg::onward_flight_number.in(rec)).empty())
                    a.leg_elements.push_back("6/" + onward);
                for (std::size_t at = ssim::record_size; at + ssim::record_size <= r.size(); at += ssim::record_size) {
                    std::string_view s(r.data() + at, ssim::record_size);
                    std::string dei = trim(ssim::segment::data_element_identifier.in(s));
                    std::string data = trim(s.substr(39, 155));
                    std::string board = trim(ssim::segment::board_point.in(s)), off = trim(ssim::segment::off_point.in(s));
                    if (dei.empty() || board.size() != 3 || off.size() != 3) continue;
                    while (dei.size() > 1 && dei[0] == '0') dei.erase(0, 1);
                    for (char& c : data)
                        if (c == ' ') c = '.';  // one token on the line
                    a.segments.push_back({AirportCode::from(board), AirportCode::from(off), dei + "/" + data, 0});
                }
            }
        }
        return cache_.emplace(key, std::move(a)).first->second;
    }

private:
    const std::unordered_map<std::uint64_t, std::string>& text_;
    std::unordered_map<std::uint64_t, Attributes> cache_;
};

int minute_of_day(Instant t) { return int(t - instant_at(date_of(t), 0)); }

// A leg as its line reads in the message's time mode, on the flight's date.
std::optional<LegLine> line_of(const Leg& l, TimeMode mode, Date flight_date, const AirportClocks& clocks, const Attributes& a,
                               std::string& error) {
    LegLine line;
    line.departure = l.designator.departure;
    line.arrival = l.arrival;
    Instant dep = l.std_utc, arr = l.sta_utc;
    if (mode == TimeMode::Local) {
        LegOffsets o = leg_offsets(l, clocks, a.variations);
        line.departure_offset = o.departure.value_or(0);
        line.arrival_offset = o.arrival.value_or(0);
        dep = dep + *line.departure_offset;
        arr = arr + *line.arrival_offset;
    }
    line.std_minutes = minute_of_day(dep);
    line.sta_minutes = minute_of_day(arr);
    line.departure_day = date_of(dep).days - flight_date.days;
    line.arrival_day = date_of(arr).days - flight_date.days;
    if (line.departure_day < -1 || line.departure_day > 9 || line.arrival_day < -1 || line.arrival_day > 9) {
        error = "leg " + describe(l) + " departs or arrives more than 9 days from its flight's date; a message cannot say so";
        return std::nullopt;
    }
    line.data_elements = a.leg_elements;
    return line;
}

Equipment equipment_of(const Leg& l, const Attributes& a) { return {l.service_type, l.aircraft_type, a.configuration}; }

bool same_routing(const std::vector<Leg>& a, const std::vector<Leg>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i].designator.departure != b[i].designator.departure || a[i].arrival != b[i].arrival) return false;
    return true;
}
bool same_times(const Leg& a, const Leg& b) { return a.std_utc == b.std_utc && a.sta_utc == b.sta_utc; }
bool same_equipment(const Leg& a, const Leg& b) { return a.aircraft_type == b.aircraft_type && a.service_type == b.service_type; }

struct Body {
    Action action;
    FlightNumber flight;
    std::optional<FlightNumber> new_flight;
    std::optional<Equipment> equipment;
    std::vector<LegLine> legs;  // each with its equipment in `leg_equipment`
    std::vector<std::optional<Equipment>> leg_equipment;
    std::vector<SegmentLine> segments;
    // What the sub-message says but its dates: days that read the same share a period.
    std::string key() const {
        std::string k;
        k.reserve(64 * (legs.size() + 1));
        auto add = [&](long v) {
            k += std::to_string(v);
            k += ',';
        };
        auto add_equipment = [&](const std::optional<Equipment>& e) {
            if (!e) return k.append("-;"), void();
            k += e->service_type;
            k += e->aircraft_type.view();
            k += '/';
            k += e->configuration;
            k += ';';
        };
        add(long(action));
        k += format_flight_number(flight);
        k += '>';
        if (new_flight) k += format_flight_number(*new_flight);
        k += '|';
        add_equipment(equipment);
        for (std::size_t i = 0; i < legs.size(); ++i) {
            const LegLine& l = legs[i];
            k += l.departure.view();
            k += l.arrival.view();
            for (long v : {long(l.std_minutes), long(l.sta_minutes), long(l.departure_day), long(l.arrival_day),
                           long(l.departure_offset.value_or(-9999)), long(l.arrival_offset.value_or(-9999))})
                add(v);
            for (const auto& d : l.data_elements) k += d + ' ';
            add_equipment(i < leg_equipment.size() ? leg_equipment[i] : std::nullopt);
        }
        for (const auto& g : segments) k += g.board.str() + g.off.str() + g.data_element + ';';
        return k;
    }
};

}  // namespace

std::optional<LegTimes> utc_times(const LegLine& line, TimeMode mode, Date flight_date, const AirportClocks& clocks, std::string* why) {
    Instant dep = instant_at(Date{flight_date.days + line.departure_day}, line.std_minutes);
    Instant arr = instant_at(Date{flight_date.days + line.arrival_day}, line.sta_minutes);
    if (mode == TimeMode::Utc) return LegTimes{dep, arr};
    auto convert = [&](Instant wall, AirportCode station, std::optional<int> offset) -> std::optional<Instant> {
        if (offset) return wall + -*offset;
        if (auto t = utc_of_local(clocks, station, wall)) return t;
        if (why) *why = station.str() + "'s clock is not known here and the leg gives no UTC variation (+HHMM after the time)";
        return std::nullopt;
    };
    auto d = convert(dep, line.departure, line.departure_offset);
    if (!d) return std::nullopt;
    auto a = convert(arr, line.arrival, line.arrival_offset);
    if (!a) return std::nullopt;
    return LegTimes{*d, *a};
}

std::vector<Date> dates_of(const SubMessage& s) {
    std::vector<Date> out;
    ssim::FoldedPeriod p{s.period.from, s.period.to, s.period.days, s.period.frequency};
    for (Date d = s.period.from; d <= s.period.to; d.days++)
        if (ssim::period_names(p, d)) out.push_back(d);
    return out;
}

ComposeResult compose(const ComposeInput& in) {
    ComposeResult result;
    Templates templates(in.templates);
    auto flight_date = [&](const std::vector<Leg>& legs, Date day) {
        return in.time_mode == TimeMode::Local ? day : date_of(legs.front().std_utc);
    };
    auto lines = [&](Body& b, const std::vector<Leg>& legs, Date date, bool with_equipment) -> bool {
        for (const Leg& l : legs) {
            const Attributes& a = templates.of(l.attributes);
            auto line = line_of(l, in.time_mode, date, in.clocks, a, result.error.emplace());
            if (!line) return false;
            result.error.reset();
            b.legs.push_back(std::move(*line));
            b.leg_equipment.push_back(with_equipment ? std::optional<Equipment>(equipment_of(l, a)) : std::nullopt);
            for (SegmentLine s : a.segments) b.segments.push_back(s);
        }
        return true;
    };

    // Each day's sub-message, then days that read the same, per flight.
    struct Group {
        Body body;
        std::vector<Date> dates;
        std::vector<std::size_t> days;  // in.days' index of each date
    };
    std::map<FlightNumber, std::map<std::string, Group>> flights;
    // FLT: a flight gone on a day and another flight come that day with the same legs, times and equipment.
    std::map<std::tuple<Date, std::string>, std::vector<std::size_t>> gone, come;
    auto signature = [](const std::vector<Leg>& legs) {
        std::string s;
        for (const Leg& l : legs)
            s += l.designator.departure.str() + l.arrival.str() + std::to_string(l.std_utc.minutes) + "-" + std::to_string(l.sta_utc.minutes) +
                 l.aircraft_type.str() + l.service_type + std::to_string(l.attributes) + ";";
        return s;
    };
    std::set<std::int32_t> days_gone;
    for (std::size_t i = 0; i < in.days.size(); ++i) {
        const FlightDay& fd = in.days[i];
        if (!fd.before.empty() && fd.after.empty()) {
            gone[{fd.day_of_origin, signature(fd.before)}].push_back(i);
            days_gone.insert(fd.day_of_origin.days);
        }
    }
    if (!gone.empty())  // a first publication has nothing gone: no signature of what came
        for (std::size_t i = 0; i < in.days.size(); ++i) {
            const FlightDay& fd = in.days[i];
            if (fd.before.empty() && !fd.after.empty() && days_gone.count(fd.day_of_origin.days))
                come[{fd.day_of_origin, signature(fd.after)}].push_back(i);
        }
    std::vector<char> renamed(in.days.size(), 0);
    std::vector<std::optional<FlightNumber>> renamed_to(in.days.size());
    for (auto& [key, from] : gone) {
        auto c = come.find(key);
        if (c == come.end()) continue;
        for (std::size_t n = 0; n < from.size() && n < c->second.size(); ++n) {
            const auto& a = in.days[from[n]];
            const auto& b = in.days[c->second[n]];
            if (a.flight.airline != b.flight.airline) continue;
            renamed[from[n]] = 1;
            renamed[c->second[n]] = 2;
            renamed_to[from[n]] = b.flight;
        }
    }

    for (std::size_t i = 0; i < in.days.size(); ++i) {
        const FlightDay& fd = in.days[i];
        const auto& B = fd.before;
        const auto& A = fd.after;
        if (B.empty() && A.empty()) continue;
        if (renamed[i] == 2) continue;  // said by the FLT of the flight it was
        Body b;
        b.flight = fd.flight;
        Date date;
        if (renamed[i] == 1) {
            b.action = Action::Flt;
            b.new_flight = renamed_to[i];
            date = flight_date(B, fd.day_of_origin);
        } else if (B.empty()) {
            b.action = Action::New;
            date = flight_date(A, fd.day_of_origin);
            if (!lines(b, A, date, true)) return result;
        } else if (A.empty()) {
            b.action = Action::Cnl;
            date = flight_date(B, fd.day_of_origin);
        } else {
            date = flight_date(B, fd.day_of_origin);
            bool routing = same_routing(B, A);
            bool times = false, equipment = false, attributes = false;
            if (routing)
                for (std::size_t k = 0; k < A.size(); ++k) {
                    times |= !same_times(B[k], A[k]);
                    equipment |= !same_equipment(B[k], A[k]);
                    attributes |= B[k].attributes != A[k].attributes;
                }
            if (routing && !times && !equipment && !attributes) continue;  // moved between rotations only
            if (routing && times && !equipment && !attributes) {
                b.action = Action::Tim;
                std::vector<Leg> changed;
                for (std::size_t k = 0; k < A.size(); ++k)
                    if (!same_times(B[k], A[k])) changed.push_back(A[k]);
                if (!lines(b, changed, date, false)) return result;
            } else if (routing && equipment && !times && !attributes &&
                       std::all_of(A.begin(), A.end(), [&](const Leg& l) { return same_equipment(l, A.front()); })) {
                b.action = Action::Eqt;
                b.equipment = equipment_of(A.front(), templates.of(A.front().attributes));
            } else {
                b.action = Action::Rpl;
                if (!lines(b, A, date, true)) return result;
            }
        }
        auto& group = flights[fd.flight][b.key()];
        if (group.dates.empty()) group.body = std::move(b);
        group.dates.push_back(date);
        group.days.push_back(i);
    }

    // Sub-messages: periods of several days in an SSM, single days in an ASM.
    struct Sub {
        Kind kind;
        SubMessage sub;
    };
    std::vector<Message> out;
    for (auto& [flight, groups] : flights) {
        std::vector<SubMessage> ssm, asm_;
        for (auto& [key, g] : groups) {
            for (const ssim::FoldedPeriod& p : ssim::fold_periods(g.dates)) {
                SubMessage s;
                s.action = g.body.action;
                s.flight = g.body.flight;
                s.new_flight = g.body.new_flight;
                s.equipment = g.body.equipment;
                s.legs = g.body.legs;
                s.segments = g.body.segments;
                // One equipment line before the legs it applies to (message.h).
                if (!g.body.leg_equipment.empty() && g.body.leg_equipment.front()) s.equipment = g.body.leg_equipment.front();
                for (std::size_t k = 0; k < s.legs.size(); ++k)
                    if (k < g.body.leg_equipment.size()) s.legs[k].equipment = g.body.leg_equipment[k];
                const bool single = p.from == p.to;
                s.period = single ? Period{p.from, p.to, 0x7f, 1} : Period{p.from, p.to, p.days, p.frequency};
                if (single && s.action == Action::New && in.reinstates) {
                    const auto at = std::find(g.dates.begin(), g.dates.end(), p.from) - g.dates.begin();
                    if (at < std::ptrdiff_t(g.days.size()) && in.reinstates(in.days[g.days[std::size_t(at)]])) {
                        // The receiver brings back what it had: the flight line says it all.
                        s.action = Action::Rin;
                        s.equipment.reset();
                        s.legs.clear();
                        s.segments.clear();
                    }
                }
                (single ? asm_ : ssm).push_back(std::move(s));
            }
        }
        auto by_date = [](const SubMessage& a, const SubMessage& b) { return std::tie(a.period.from, a.period.to) < std::tie(b.period.from, b.period.to); };
        std::stable_sort(ssm.begin(), ssm.end(), by_date);
        std::stable_sort(asm_.begin(), asm_.end(), by_date);
        for (auto* subs : {&ssm, &asm_}) {
            if (subs->empty()) continue;
            Message m;
            m.kind = subs == &ssm ? Kind::Ssm : Kind::Asm;
            m.time_mode = in.time_mode;
            result.sub_messages += long(subs->size());
            m.subs = std::move(*subs);
            out.push_back(std::move(m));
        }
    }
    // References: 999 messages to a group, the last of each group marked E.
    std::int64_t group = in.group;
    for (std::size_t i = 0; i < out.size(); ++i) {
        const std::size_t in_group = i % 999;
        if (i && !in_group) ++group;
        const bool last = i + 1 == out.size() || in_group == 998;
        out[i].reference = message_reference(in.created, group, int(in_group) + 1, last);
    }
    result.groups = out.empty() ? 0 : group - in.group + 1;
    result.messages = std::move(out);
    return result;
}

}  // namespace rotaplan::ssm
