#include "writer.h"

#include <cstdlib>

#include "core/ssim/reader.h"

namespace rotaplan::ssm {

namespace {

std::string hhmm(int minutes) {
    int h = minutes / 60, m = minutes % 60;
    return {char('0' + h / 10), char('0' + h % 10), char('0' + m / 10), char('0' + m % 10)};
}

std::string equipment_line(const Equipment& e) {
    std::string out(1, e.service_type);
    out += " " + e.aircraft_type.str();
    if (!e.configuration.empty()) out += " " + e.configuration;
    return out;
}

std::string leg_line(const LegLine& l) {
    std::string out = l.departure.str() + leg_time(l.std_minutes, l.departure_day, l.departure_offset) + " " + l.arrival.str() +
                      leg_time(l.sta_minutes, l.arrival_day, l.arrival_offset);
    for (const auto& d : l.data_elements) out += " " + d;
    return out;
}

std::string flight_date(const SubMessage& s) { return flight_text(s.flight) + "/" + ssim::format_ssim_date(s.period.from); }

}  // namespace

std::string flight_text(const FlightNumber& f) { return format_flight_number(f); }

std::string leg_time(int minutes, int date_variation, std::optional<int> offset) {
    std::string out = hhmm(minutes);
    if (date_variation == -1) out += "/M1";
    else if (date_variation != 0) out += "/" + std::to_string(date_variation);
    if (offset) out += (*offset < 0 ? "-" : "+") + hhmm(std::abs(*offset));
    return out;
}

std::string period_line(const Period& p) {
    std::string days;
    for (int w = 0; w < 7; ++w)
        if (p.days & (1u << w)) days += char('1' + w);
    std::string out = ssim::format_ssim_date(p.from) + " " + ssim::format_ssim_date(p.to) + " " + days;
    if (p.frequency == 2) out += "/W2";
    return out;
}

std::string write(const Message& m) {
    std::string out = m.kind == Kind::Ssm ? "SSM\n" : "ASM\n";
    out += m.time_mode == TimeMode::Local ? "LT\n" : "UTC\n";
    if (!m.reference.empty()) out += m.reference + "\n";
    bool first = true;
    for (const SubMessage& s : m.subs) {
        if (!first) out += "//\n";
        first = false;
        out += action_name(s.action);
        for (const auto& r : s.change_reasons) out += " " + r;
        out += "\n";
        if (m.kind == Kind::Ssm) {
            out += flight_text(s.flight) + "\n";
            out += period_line(s.period) + "\n";
            if (s.new_flight) out += flight_text(*s.new_flight) + "\n";
        } else {
            std::string line = flight_date(s);
            for (const auto& [dep, arr] : s.legs_changed) line += " " + dep.str() + "/" + arr.str();
            if (s.new_flight) line += " " + flight_text(*s.new_flight) + "/" + ssim::format_ssim_date(s.period.from);
            out += line + "\n";
        }
        std::optional<Equipment> current = s.equipment;
        if (s.equipment) out += equipment_line(*s.equipment) + "\n";
        for (const LegLine& l : s.legs) {
            if (l.equipment && l.equipment != current) {
                out += equipment_line(*l.equipment) + "\n";
                current = l.equipment;
            }
            out += leg_line(l) + "\n";
        }
        for (const SegmentLine& g : s.segments) out += g.board.str() + g.off.str() + " " + g.data_element + "\n";
    }
    for (const auto& si : m.supplementary) out += "SI " + si + "\n";
    return out;
}

std::string write(const std::vector<Message>& messages) {
    std::string out;
    for (std::size_t i = 0; i < messages.size(); ++i) {
        if (i) out += "\n";
        out += write(messages[i]);
    }
    return out;
}

}  // namespace rotaplan::ssm
