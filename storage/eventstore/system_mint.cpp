// The process's id mint on the machine's clock and random device (system_mint.h).
#include "storage/eventstore/system_mint.h"

#include <chrono>
#include <random>

namespace rotaplan::storage {

std::uint64_t system_millis() {
    using namespace std::chrono;
    return std::uint64_t(duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count());
}

IdMint& system_mint() {
    thread_local std::mt19937_64 rng{[] {
        std::random_device rd;
        return (std::uint64_t(rd()) << 32) ^ rd();
    }()};
    thread_local IdMint mint(system_millis, [] { return rng(); });
    return mint;
}

}  // namespace rotaplan::storage
