// Upcasting: reading events written in an older payload shape.
//
// Events are never rewritten (the store is append-only), so when an event's
// shape changes we bump its schema version and teach this file to turn the old
// shape into the new one on read. Each step goes from version N to N+1; an
// event written at version 1 walks every step to the current version.
//
// History:
//   leg payloads, v1 -> v2: v1 wrote the flight as one string ("XQ100A"),
//     had no day of origin (it was the UTC date of STD) and no service type
//     (always passenger, 'J'). v2 splits airline, number and suffix and
//     carries the day of origin and service type explicitly.
#pragma once

#include <string_view>

#include "storage/eventstore/payload_fields.h"

namespace rotaplan::storage {

// Brings the fields of event `type` read at `version` to the current version.
void upcast(std::string_view type, int version, PayloadFields& fields);

}  // namespace rotaplan::storage
