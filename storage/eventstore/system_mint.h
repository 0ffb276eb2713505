// The process's id mint (core/id_mint.h) on the machine's sources: the system
// clock and a generator seeded once per thread from std::random_device. Every
// issuer that is not a test mints from here (the GUI's gestures, the CLI, the
// importers, the event store's event and command ids); core takes the mint,
// never the machine.
#pragma once

#include <cstdint>

#include "core/id_mint.h"

namespace rotaplan::storage {

std::uint64_t system_millis();
// One per thread: a mint is not shared between threads.
IdMint& system_mint();

}  // namespace rotaplan::storage
