#include "leg_sort.h"

#include <algorithm>
#include <numeric>
#include <tuple>

#include "leg_table_model.h"

namespace rotaplan::ui {

namespace {

bool by_name(int column) { return column == LegTableModel::Rotation || column == LegTableModel::Airplane; }

template <std::size_t N>
std::int64_t letters(const Code<N>& c) {  // the first three, in their order
    std::int64_t v = 0;
    for (std::size_t i = 0; i < 3; ++i) v = v << 8 | std::uint8_t(i < N ? c.chars[i] : 0);
    return v;
}

// The key of a row for a column not sorted by name.
LegSortKey key_of(const storage::LegRow& r, int column) {
    const Leg& l = r.leg;
    LegSortKey k;
    k.departure = l.std_utc.minutes;
    k.id = l.id.value;
    switch (column) {
    case LegTableModel::Designator:
        k.primary = letters(l.designator.flight.airline) << 24 | std::int64_t(l.designator.flight.number) << 8 |
                    std::uint8_t(l.designator.flight.suffix);
        k.secondary = l.designator.day_of_origin.days;
        break;
    case LegTableModel::Departure: k.primary = letters(l.designator.departure); break;
    case LegTableModel::Arrival: k.primary = letters(l.arrival); break;
    case LegTableModel::Sta: k.primary = l.sta_utc.minutes; break;
    case LegTableModel::AircraftType: k.primary = letters(l.aircraft_type); break;
    default: break;  // STD: the tail of every key
    }
    return k;
}

// What the table shows for a row in a name column.
const std::string& name_of(const storage::LegRow& r, int column) {
    return column == LegTableModel::Rotation ? r.rotation_name : r.airplane;
}

}  // namespace

LegSortInput sort_input(const ScheduleView& view, int column) {
    LegSortInput in;
    const auto& shown = view.table_rows();
    in.rows.reserve(shown.size());
    in.keys.reserve(shown.size());
    if (!by_name(column)) {
        in.rows.assign(shown.begin(), shown.end());
        for (const auto* r : shown) in.keys.push_back(key_of(*r, column));
        return in;
    }
    // Lane by lane: every row of a lane shows the lane's name and airplane
    // (none outside a rotation), so a rank per lane is every row's rank.
    const auto& lanes = view.lanes();
    auto lane_name = [&](const ScheduleView::Lane& lane) -> const std::string& {
        static const std::string none;
        return !lane.rotation ? none : column == LegTableModel::Rotation ? lane.name : lane.airplane;
    };
    std::vector<const std::string*> names;
    for (const auto& lane : lanes) names.push_back(&lane_name(lane));
    std::sort(names.begin(), names.end(), [](const std::string* a, const std::string* b) { return *a < *b; });
    const bool filtered = !view.filter().empty();
    for (const auto& lane : lanes) {
        const std::string& name = lane_name(lane);
        auto rank = std::lower_bound(names.begin(), names.end(), &name, [](const std::string* a, const std::string* b) { return *a < *b; }) -
                    names.begin();
        for (const auto* r : lane.legs) {
            if (filtered && !view.filter().matches(r->leg)) continue;
            in.rows.push_back(r);
            in.keys.push_back({std::int64_t(rank), 0, r->leg.std_utc.minutes, r->leg.id.value});
        }
    }
    return in;
}

MappedVector<std::uint32_t> sorted_order(const MappedVector<LegSortKey>& keys, bool descending) {
    MappedVector<std::uint32_t> order(keys.size());
    std::iota(order.begin(), order.end(), 0u);
    if (descending) std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return keys[b] < keys[a]; });
    else std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return keys[a] < keys[b]; });
    return order;
}

bool row_before(const storage::LegRow& a, const storage::LegRow& b, int column, bool descending) {
    if (descending) return row_before(b, a, column, false);
    if (by_name(column))
        return std::tie(name_of(a, column), a.leg.std_utc, a.leg.id) < std::tie(name_of(b, column), b.leg.std_utc, b.leg.id);
    return key_of(a, column) < key_of(b, column);
}

}  // namespace rotaplan::ui
