// Snapshots of long rotation streams.
//
// A rotation can hold 1,500 legs and collect thousands of events over a season
// (every retime, move and removal). Rebuilding it from a snapshot plus the few
// events after it keeps the first command on a cold rotation fast.
//
// A snapshot is a cache, never a source of truth: it is stored as a compact
// binary image of the state (a rotation's legs are one contiguous block of
// trivially copyable Leg values), tagged with a format number that includes
// sizeof(Leg). Any snapshot whose format does not match is ignored and the
// stream is replayed instead, so a layout change can never misread one.
#pragma once

#include <cstdint>
#include <optional>

#include "core/rotation.h"
#include "storage/sqlite/database.h"

namespace rotaplan::storage {

inline constexpr std::int64_t kSnapshotEvery = 256;  // events since the last snapshot

struct RotationSnapshot {
    std::int64_t version = 0;
    rotation::State state;
};

std::optional<RotationSnapshot> load_rotation_snapshot(Database& db, std::string_view stream);
void save_rotation_snapshot(Database& db, std::string_view stream, std::int64_t version, const rotation::State& state);

}  // namespace rotaplan::storage
