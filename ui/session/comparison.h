// What differs between the schedule as of an earlier event and now: the
// "Compare with now" of time travel.
//
//   events after P ──legs they concern──▶ each leg as of P (the replayed database)
//                                         and now (the store)      ──▶ added, removed,
//   rotations, airplanes: both lists whole (a few hundred rows)         retimed, moved, changed
//
// Computed on the StoreWorker thread while a time travel's replayed database is
// still in hand (store_worker_files.cpp): no second replay, and only the legs
// the events since P concern are read, not two seasons. The result is small:
// counts of everything, and the first kMaxLines lines (rotations, airplanes,
// then legs by STD), so a difference of a whole season stays a few hundred KB.
#pragma once

#include <QString>

#include <cstdint>
#include <optional>
#include <vector>

#include "storage/projections/queries.h"

namespace rotaplan::ui {

struct ComparisonLine {
    enum class Kind { Rotation, Airplane, LegAdded, LegRemoved, LegRetimed, LegMoved, LegChanged };
    Kind kind = Kind::Rotation;  // for a leg: the first of added, removed, retimed, moved, changed that applies
    QString text;
    std::optional<LegId> leg;
};

struct Comparison {
    static constexpr std::size_t kMaxLines = 1000;
    std::int64_t as_of = 0;  // the past position
    std::int64_t now = 0;    // the store's last event when compared
    long legs_added = 0, legs_removed = 0, legs_retimed = 0, legs_moved = 0, legs_changed = 0;
    long rotations_created = 0, rotations_deleted = 0, rotations_renamed = 0, airplanes_reassigned = 0;
    std::vector<ComparisonLine> lines;  // the first kMaxLines
    long total_lines = 0;
    // "3 legs retimed, 1 moved, …" or "no difference".
    QString summary() const;
};

// `past`: the projections as of `as_of`; `now`: the store's. `events` is the store's log.
Comparison compare_with_now(storage::Database& past, storage::Database& now, storage::EventStore& events, std::int64_t as_of);

}  // namespace rotaplan::ui
