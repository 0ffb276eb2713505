// Reading and decoding events on a second thread while the caller applies them.
//
//   pump thread:   SELECT ... ORDER BY position -> decode JSON -> batch ─┐
//                                                                         │ bounded queue
//   caller:        apply(position, event) <──────────────────────────────┘
//
// Replay is two halves of about equal cost (decoding payloads, writing
// projection rows); on a two-core machine running them side by side nearly
// halves a rebuild. The pump reads through its own read-only connection, which
// in WAL mode sees the committed events while the caller's write transaction
// is open on the projection tables.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "core/events.h"

namespace rotaplan::storage {

// Calls `each` for every event with after < position <= up_to that matches
// `where` (a lineage's condition, lineage.h), in order. `meanwhile`, when
// given, runs on the caller's thread while the first events are read and
// decoded, before any is passed to `each` (a rebuild empties its tables
// then). Exceptions from either side are rethrown in the caller.
void pump_events(const std::string& store_path, const std::string& where, std::int64_t after, std::int64_t up_to,
                 const std::function<void(std::int64_t position, const Event&)>& each,
                 const std::function<void()>& meanwhile = {});

}  // namespace rotaplan::storage
