#include "local_time.h"

#include <algorithm>

#include "core/files/encoding.h"

namespace rotaplan {

ZoneOffsets::ZoneOffsets(std::string name, int initial_offset_minutes, std::vector<UtcOffsetChange> changes)
    : name_(std::move(name)), initial_(initial_offset_minutes), changes_(std::move(changes)) {
    std::sort(changes_.begin(), changes_.end(), [](const auto& a, const auto& b) { return a.at < b.at; });
}

int ZoneOffsets::offset_at(Instant t) const {
    // The last change at or before t.
    auto after = std::upper_bound(changes_.begin(), changes_.end(), t,
                                  [](Instant v, const UtcOffsetChange& c) { return v < c.at; });
    return after == changes_.begin() ? initial_ : std::prev(after)->offset_minutes;
}

std::optional<int> AirportClock::offset_at(Instant t) const {
    if (zone) return zone->offset_at(t);
    return fixed_offset_minutes;
}

void AirportClocks::set(AirportCode airport, AirportClock clock) { clocks_[airport] = std::move(clock); }

const AirportClock* AirportClocks::find(AirportCode airport) const {
    auto it = clocks_.find(airport);
    return it == clocks_.end() ? nullptr : &it->second;
}

std::optional<int> AirportClocks::offset_at(AirportCode airport, Instant t) const {
    const AirportClock* c = find(airport);
    return c ? c->offset_at(t) : std::nullopt;
}

LegOffsets leg_offsets(const Leg& leg, const AirportClocks& clocks, const LegOffsets& from_file) {
    return {from_file.departure ? from_file.departure : clocks.offset_at(leg.designator.departure, leg.std_utc),
            from_file.arrival ? from_file.arrival : clocks.offset_at(leg.arrival, leg.sta_utc)};
}

std::optional<Instant> utc_of_local(const AirportClocks& clocks, AirportCode airport, Instant wall) {
    const AirportClock* clock = clocks.find(airport);
    if (!clock) return std::nullopt;
    // The offsets a day either side of the wall time bracket every change
    // that can apply to it: try the earlier first, so a repeated hour reads
    // as its first pass; a candidate stands when the zone agrees with it.
    const auto before = clock->offset_at(wall + -24 * 60), after = clock->offset_at(wall + 24 * 60);
    if (!before || !after) return std::nullopt;
    for (int offset : {std::max(*before, *after), std::min(*before, *after)}) {
        const Instant t = wall + -offset;
        if (clock->offset_at(t) == offset) return t;
    }
    return wall + -*before;  // a skipped hour: the offset before the change
}

Date local_date(const AirportClocks& clocks, AirportCode airport, Instant t) {
    return date_of(t, clocks.offset_at(airport, t).value_or(0));
}

std::string check_time_zone_name(std::string_view name) {
    if (name.empty()) return "a time zone name is not empty";
    if (name.size() > 64) return "a time zone name has at most 64 characters";
    if (!((name[0] >= 'A' && name[0] <= 'Z') || (name[0] >= 'a' && name[0] <= 'z')))
        return "a time zone name starts with a letter, like Europe/Berlin";
    char previous = 0;
    for (std::size_t i = 0; i < name.size(); ++i) {
        const char c = name[i];
        bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '/' || c == '_' ||
                  c == '-' || c == '+';
        if (!ok) {
            // The whole character, quoted as messages quote values: its first
            // byte alone is not UTF-8 when it is not ASCII (found by fuzzing),
            // and a control character must not reach a terminal as it is.
            std::size_t n = 1;
            while (n < 4 && i + n < name.size() && (static_cast<unsigned char>(name[i + n]) & 0xC0) == 0x80) ++n;
            return "a time zone name has letters, digits and / _ - + only, not " + files::quoted(name.substr(i, n));
        }
        if (c == '/' && previous == '/') return "a time zone name has no empty part between slashes";
        previous = c;
    }
    if (previous == '/') return "a time zone name does not end with a slash";
    return {};
}

}  // namespace rotaplan
