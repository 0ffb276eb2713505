// From what changed to messages, and from a message's lines back to times.
//
//   each flight on each day (before, after) ──what differs──▶ one sub-message for that day
//        nothing before: NEW      nothing after: CNL        only times: TIM
//        only equipment: EQT      flight designator only: FLT
//        several at once, or the routing: RPL (the whole routing as it is after)
//   days whose sub-messages read the same ──ssim::fold_periods──▶ periods
//        a period of several days: an SSM sub-message; a single day: an ASM
//        (a single day's NEW that reinstates a cancelled flight: RIN)
//
// A flight's date is its day of origin in local time mode (the designator's
// date, as SSIM files in local time mode name it) and, in UTC mode, the UTC
// date of its first departure as the receiver knows the flight (before the
// change; after, for NEW). Times are written in the mode's clock with date
// variations from that date; in local time mode each time carries its UTC
// variation, the one the SSIM writer would write for the leg.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/local_time.h"
#include "message.h"

namespace rotaplan::ssm {

// One flight on one day of origin, as it was and as it is: every leg of it
// on each side (not only those that changed), sorted by STD.
struct FlightDay {
    FlightNumber flight;
    Date day_of_origin;
    std::vector<Leg> before, after;
};

struct ComposeInput {
    std::vector<FlightDay> days;
    std::unordered_map<std::uint64_t, std::string> templates;  // SSIM attributes (ssim/expand.h): configuration, data elements
    AirportClocks clocks;
    TimeMode time_mode = TimeMode::Local;
    Date created;
    std::int64_t group = 1;  // the message group serial number of this export
    // Whether a flight day that would go out as a single-date NEW brings the
    // flight back as the receiver last knew it (legs cancelled before): then
    // an ASM RIN. Unset: never (the history is the caller's to read).
    std::function<bool(const FlightDay&)> reinstates;
};

struct ComposeResult {
    std::vector<Message> messages;
    std::int64_t groups = 0;  // group serial numbers used (999 messages a group)
    long sub_messages = 0;
    std::optional<std::string> error;  // a leg the format cannot express
};

ComposeResult compose(const ComposeInput& in);

// The UTC times of a leg line on `flight_date`: from its UTC variations, else
// the airports' clocks (local time mode); nullopt with `why` when a station's
// clock is unknown in local time mode and the line gives no variation.
struct LegTimes {
    Instant std_utc, sta_utc;
};
std::optional<LegTimes> utc_times(const LegLine& line, TimeMode mode, Date flight_date, const AirportClocks& clocks, std::string* why);

// The flight dates a sub-message names, ascending.
std::vector<Date> dates_of(const SubMessage& s);

}  // namespace rotaplan::ssm
