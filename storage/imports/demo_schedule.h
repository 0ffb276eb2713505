// A small, valid schedule for a first start: two hubs, a handful of rotations
// with airplanes, one leg waiting outside any rotation. Issued as ordinary
// commands, so the demo's history reads like a planner built it.
#pragma once

#include "storage/schedule_store.h"

namespace rotaplan::storage {

// Loads the demo into an empty store; returns false (and writes nothing) if the
// store already holds events.
bool load_demo_schedule(ScheduleStore& store, const CommandContext& context);

}  // namespace rotaplan::storage
