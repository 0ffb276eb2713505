// Local time at airports: the one answer to "what is the UTC offset at airport X
// at instant T", used for the day of origin of a new leg, the desktop's local
// times and SSIM export in local time mode.
//
// A leg's departure (arrival) is local in, first to last:
//   1. the UTC variation its SSIM record gave, for a leg read from a file
//      (kept in its attribute template: the file's word stands),
//   2. the airport's IANA time zone at that instant, daylight saving included,
//   3. the airport's fixed UTC offset,
//   4. none: the time stays UTC (printed with its Z).
//
// Core reads no tzdata: a zone arrives as data, its offsets over a span of
// years (ZoneOffsets), built from the system's tzdata by storage/projections/time_zones.
// Comparing, sorting and storing stay in UTC; this is for dates and printing.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "leg.h"

namespace rotaplan {

// From `at` on, the zone is `offset_minutes` ahead of UTC.
struct UtcOffsetChange {
    Instant at;
    int offset_minutes = 0;
    bool operator==(const UtcOffsetChange&) const = default;
};

// One IANA zone's offsets, exact over the span it was built for: before its
// first change the zone keeps `initial`, after its last change the last offset.
class ZoneOffsets {
public:
    ZoneOffsets(std::string name, int initial_offset_minutes, std::vector<UtcOffsetChange> changes);
    const std::string& name() const { return name_; }
    int offset_at(Instant t) const;
    const std::vector<UtcOffsetChange>& changes() const { return changes_; }

private:
    std::string name_;
    int initial_ = 0;
    std::vector<UtcOffsetChange> changes_;  // ascending by `at`
};

// What an airport's reference data says about its clock.
struct AirportClock {
    std::shared_ptr<const ZoneOffsets> zone;  // its IANA zone, when it has one this machine knows
    std::optional<int> fixed_offset_minutes;  // the fallback
    // The zone's offset at t, else the fixed offset, else nullopt (UTC).
    std::optional<int> offset_at(Instant t) const;
};

// Every airport's clock, by code; an airport not in it has none (UTC).
class AirportClocks {
public:
    void set(AirportCode airport, AirportClock clock);
    const AirportClock* find(AirportCode airport) const;
    std::optional<int> offset_at(AirportCode airport, Instant t) const;

private:
    std::unordered_map<AirportCode, AirportClock, CodeHash<3>> clocks_;
};

// The offsets a leg's departure and arrival are local in; nullopt: UTC.
struct LegOffsets {
    std::optional<int> departure, arrival;
    bool operator==(const LegOffsets&) const = default;
};

// Steps 1 to 4 above; `from_file` holds the UTC variations of the leg's SSIM
// record (none for a leg made in Rotaplan).
LegOffsets leg_offsets(const Leg& leg, const AirportClocks& clocks, const LegOffsets& from_file = {});

// The UTC instant at which `airport`'s clocks show `wall` (a wall clock
// written as if UTC), nullopt when its clock is unknown. In the hour a
// daylight-saving change skips, the time is read with the offset before the
// change (02:30 on a spring-forward night is 03:30 summer time); in the hour
// it repeats, the first of the two.
std::optional<Instant> utc_of_local(const AirportClocks& clocks, AirportCode airport, Instant wall);

// The local date of `t` at `airport` (its UTC date when the airport's clock is
// unknown): the day of origin of a leg departing there at t.
Date local_date(const AirportClocks& clocks, AirportCode airport, Instant t);

// The grammar of an IANA zone name ("Europe/Berlin", "America/Argentina/Buenos_Aires",
// "Etc/GMT-14"): empty when it may be one, else what is wrong. Whether the zone
// exists is the tzdata's question (storage/projections/time_zones.h).
std::string check_time_zone_name(std::string_view name);

}  // namespace rotaplan
