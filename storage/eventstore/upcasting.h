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
//   many-leg payloads (LegsCreated, LegsAddedToRotation), v2 -> v3: v2 wrote
//     "legs", a JSON object a leg as one-leg payloads do; v3 writes "codes"
//     and "rows", a leg a row of numbers and indexes (event_codec.cpp,
//     append_leg_rows), a third of the bytes. The payload reader knows both
//     shapes and reports each leg alike (payload_fields.h), so this step
//     changes no field: a v2 event's legs are read from their objects.
#pragma once

#include <string_view>

#include "storage/eventstore/payload_fields.h"

namespace rotaplan::storage {

// Brings the fields of event `type` read at `version` to the current version.
void upcast(std::string_view type, int version, PayloadFields& fields);

}  // namespace rotaplan::storage
