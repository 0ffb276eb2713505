// Sorting the leg table without stopping the GUI thread.
//
//   GUI thread                                       pool thread
//   ──────────                                       ───────────
//   sort(column): sort_input(), a 40-byte key  ─keys─▶  sorted_order(): sort indexes by key
//     per row shown (~10 ms for a season)                (~50-100 ms for a season)
//   one layoutChanged, selection kept          ◀─order─
//
// The rows belong to the GUI thread and change under every delta, so the pool
// thread never reads them: it sorts plain copies of their keys, and the row
// pointers travel beside them as identities only. Names (rotation, airplane)
// become their rank among the lanes' names, taken lane by lane, so no string
// is copied. A key ends with the leg's STD and id: any column gives one total
// order, and row_before() gives the same order between two live rows, to put
// a changed row into a sorted table by binary search instead of sorting again.
#pragma once

#include <cstdint>
#include <vector>

#include "mapped_vector.h"
#include "ui/session/schedule_view.h"

namespace rotaplan::ui {

struct LegSortKey {
    std::int64_t primary = 0;    // a code's letters; flight number and suffix; STA; a name's rank
    std::int64_t secondary = 0;  // day of origin
    std::int64_t departure = 0;  // then STD,
    Uuid id;                     // then the leg
    auto operator<=>(const LegSortKey&) const = default;
};

// Every row the leg table shows (ScheduleView::table_rows(), in any order) and its key
// for a LegTableModel column. GUI thread.
struct LegSortInput {
    MappedVector<const storage::LegRow*> rows;
    MappedVector<LegSortKey> keys;  // keys[i] is rows[i]'s
};
LegSortInput sort_input(const ScheduleView& view, int column);

// The new order: order[i] is the index (into keys) of the row to show i-th. Any thread.
MappedVector<std::uint32_t> sorted_order(const MappedVector<LegSortKey>& keys, bool descending);

// Whether `a` comes before `b` in that order. GUI thread.
bool row_before(const storage::LegRow& a, const storage::LegRow& b, int column, bool descending);

}  // namespace rotaplan::ui
