// The one mint of ids (id_mint.h).
#include "core/id_mint.h"

#include <utility>

namespace rotaplan {

IdMint::IdMint(Clock clock, Random random) : clock_(std::move(clock)), random_(std::move(random)) {}

Uuid IdMint::next() {
    std::uint64_t now = clock_() & 0xFFFFFFFFFFFFull;  // 48 bits: until the year 10889
    constexpr std::uint64_t kCount = 0xFFFFFFFFull;
    if (!started_ || now > millis_ || (counter_ & kCount) == kCount) {
        // A new millisecond (or a counter run out: the next millisecond, borrowed).
        if (started_ && now <= millis_) now = millis_ + 1;
        millis_ = now;
        random_a_ = random_();
        counter_ = random_() & 0x3FFFFFFF00000000ull;  // the count starts at 0 under 30 random bits
        started_ = true;
    } else {
        ++counter_;  // the same millisecond, or the clock stepped back: count on
    }
    return Uuid::v7(millis_, random_a_, counter_);
}

}  // namespace rotaplan
