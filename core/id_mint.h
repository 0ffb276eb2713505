// The one mint of ids: every leg, rotation, event and command id Rotaplan
// makes is a UUIDv7 from an IdMint, whose clock and random source its owner
// passes in (the process's: storage/eventstore/system_mint.h; a test's: a
// fixed clock and seed, so the ids are the same on every run).
//
//   clock (ms since 1970) ──┐
//                           ├─▶ IdMint::next ──▶ UUIDv7: 48-bit time | 12 random bits | 30 random bits + 32-bit counter
//   random (64 bits) ───────┘
//
// Ids one mint makes ascend strictly (RFC 9562, method 1: within a
// millisecond, or when the clock steps back, the counter in the random bits
// counts on), so the B-tree indexes keyed by them grow at their right edge,
// and an import's legs sort in the order it wrote them. Two mints (two
// planners offline) share nothing but the clock: their random bits keep their
// ids apart.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "core/ids.h"

namespace rotaplan {

class IdMint {
public:
    using Clock = std::function<std::uint64_t()>;   // milliseconds since 1970-01-01T00:00Z
    using Random = std::function<std::uint64_t()>;  // 64 random bits a call

    IdMint(Clock clock, Random random);

    Uuid next();
    LegId leg() { return LegId{next()}; }
    RotationId rotation() { return RotationId{next()}; }

private:
    Clock clock_;
    Random random_;
    std::uint64_t millis_ = 0;      // of the last id
    std::uint64_t random_a_ = 0;    // its 12 random bits, kept within a millisecond
    std::uint64_t counter_ = 0;     // 30 random bits, then the 32-bit count
    bool started_ = false;
};

}  // namespace rotaplan
