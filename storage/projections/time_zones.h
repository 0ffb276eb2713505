// Time zones from the system's tzdata, read through QtCore's QTimeZone: the
// one place Rotaplan learns a zone's rules, and the only file of storage that
// uses Qt. This header speaks core types only (core/local_time.h).
//
//   "Europe/Berlin" --QTimeZone--> ZoneOffsets, 1970 to 2100, once per process
//   airports table (time zone, fixed offset) --> AirportClocks
//
// The CLI (day of origin), the desktop's worker (local times) and SSIM export
// all build their clocks here, so they agree. A zone this machine's tzdata
// does not know (a colleague's newer tzdata, through sync) gives no zone: the
// airport falls back to its fixed offset.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/local_time.h"
#include "storage/sqlite/database.h"
#include "storage/projections/queries.h"

namespace rotaplan::storage {

// The zone's offsets from 1970 to 2100; nullptr when this system does not know it.
std::shared_ptr<const ZoneOffsets> time_zone(std::string_view iana_name);

// Empty when `name` is an IANA zone this system knows; otherwise what is
// wrong, naming close known zones when there are any ("did you mean Europe/Berlin?").
std::string check_time_zone(std::string_view name);

// The UTC variations the SSIM files gave, by attribute template key (step 1
// of core/local_time.h), for showing many legs.
std::unordered_map<std::uint64_t, LegOffsets> file_utc_variations(Database& projections);

AirportClocks airport_clocks(const std::vector<AirportRow>& airports);
AirportClocks airport_clocks(Database& projections);

}  // namespace rotaplan::storage
