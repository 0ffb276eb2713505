// What a planner's name may be: the one check every place that takes one
// (rotaplan-cli's --planner and ROTAPLAN_PLANNER, the desktop's settings,
// the server reading an event's metadata) holds it to, with one limit.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace rotaplan {

// Bytes of UTF-8. A name is a person's or a login's: far below the server's
// limit for a whole event's metadata (16 KiB), which must never be what
// refuses a planner's events after they were made.
inline constexpr std::size_t kMaxPlannerNameBytes = 128;

// Why `name` cannot be a planner's name ("is not valid UTF-8 (byte 0xFF at
// 1)", ...), or empty when it can. The reason reads after the name's source:
// "ROTAPLAN_PLANNER " + reason.
std::string check_planner_name(std::string_view name);

}  // namespace rotaplan
