// Which events make up one version of the schedule: main, or a scenario.
//
//   main           every event whose stream is not a scenario's own
//   scenario S     S's own events (streams "scenario/S/<generation>/…")
//   forked from    + main's events up to the fork event's position P
//   main at P
//   scenario T     T's own + S's own up to Q + main up to P
//   forked from S at Q
//
// The events table holds every version's events side by side; a lineage is
// the filter that picks one version's (history up to a fork is shared, never
// copied). Streams are named as in main ("rotation-<uuid>"); a scenario's own
// are stored under its prefix, numbered 1, 2, 3, ... like any stream (the
// shared log checks each stream it keeps so), and read through the lineage
// as following the base's: an aggregate is the base's state at the fork then
// the scenario's changes, decided with the same optimistic concurrency.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace rotaplan::storage {

struct Lineage {
    static constexpr std::int64_t kUnbounded = std::numeric_limits<std::int64_t>::max();
    struct Part {
        std::string prefix;  // "" for main's own streams
        std::int64_t up_to = kUnbounded;
    };
    std::vector<Part> parts{Part{}};  // the version's own first, main last

    bool is_main() const { return parts.size() == 1 && parts.front().prefix.empty(); }
    // A condition over the events table's `stream` and `position` columns.
    std::string sql() const;
    std::string physical(std::string_view stream) const { return parts.front().prefix + std::string(stream); }
    // The stream as the schedule names it (the scenario's prefix taken off).
    std::string_view logical(std::string_view physical) const;
    // The same version as it was just after event `position`.
    Lineage as_of(std::int64_t position) const;
};

// "scenario/<uuid>/<generation>/": where a scenario's own events are stored.
std::string scenario_prefix_of(std::string_view scenario_id, int generation);

}  // namespace rotaplan::storage
