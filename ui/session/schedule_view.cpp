#include "schedule_view.h"

#include <algorithm>
#include <map>
#include <system_error>
#include <thread>

namespace rotaplan::ui {

bool LegFilter::matches(const Leg& l) const {
    if (!airline.empty() && l.designator.flight.airline.view() != airline) return false;
    if (!airport.empty() && l.designator.departure.view() != airport && l.arrival.view() != airport) return false;
    if (!aircraft_type.empty() && l.aircraft_type.view() != aircraft_type) return false;
    if (flight && (l.designator.flight.number != flight->number || l.designator.flight.suffix != flight->suffix ||
                   (!flight->airline.empty() && l.designator.flight.airline != flight->airline)))
        return false;
    if (from && l.designator.day_of_origin < *from) return false;
    if (to && l.designator.day_of_origin > *to) return false;
    return true;
}

void ScheduleView::set_filter(LegFilter f) {
    filter_ = std::move(f);
    refilter();
    announce({});
}

void ScheduleView::set_local_times(bool on) {
    if (on == local_times_) return;
    local_times_ = on;
    emit displayChanged();
}

LegOffsets ScheduleView::shown_offsets(const Leg& leg) const {
    if (!local_times_) return {};
    auto file = leg.attributes ? file_offsets_.find(leg.attributes) : file_offsets_.end();
    return leg_offsets(leg, clocks_, file == file_offsets_.end() ? LegOffsets{} : file->second);
}

void ScheduleView::take_airports(const ScheduleDelta& d) {
    airports_ = d.airports;
    clocks_ = d.clocks;
    if (d.file_offsets) file_offsets_ = *d.file_offsets;
}

void ScheduleView::announce(Change change) {
    last_change_ = std::move(change);
    ++revision_;
    emit changed();
}

void ScheduleView::refilter() {
    shown_.clear();
    filtered_.clear();
    if (filter_.empty()) {
        for (const auto& lane : lanes_) shown_.push_back(&lane);
        return;
    }
    for (const auto* row : ordered_)
        if (filter_.matches(row->leg)) filtered_.push_back(row);
    for (const auto& lane : lanes_)
        if (std::any_of(lane.legs.begin(), lane.legs.end(), [&](const storage::LegRow* r) { return filter_.matches(r->leg); }))
            shown_.push_back(&lane);
}

const storage::LegRow* ScheduleView::leg(LegId id) const { return legs_.value(id, nullptr); }

storage::LegRow* ScheduleView::new_row() {
    if (free_rows_.empty()) return &added_.emplace_back();
    storage::LegRow* row = free_rows_.back();
    free_rows_.pop_back();
    return row;
}

void ScheduleView::remove_row(QHash<LegId, storage::LegRow*>::iterator it) {
    free_rows_.push_back(*it);
    legs_.erase(it);
}

void ScheduleView::clear_rows() {
    legs_.clear();
    loaded_.clear();
    added_.clear();
    free_rows_.clear();
}

bool same_rotation_ids(const std::vector<storage::RotationRow>& a, const std::vector<storage::RotationRow>& b) {
    if (a.size() != b.size()) return false;
    std::unordered_map<RotationId, int, UuidHash> seen;
    for (const auto& r : a) ++seen[r.id];
    for (const auto& r : b)
        if (--seen[r.id] < 0) return false;
    return true;
}

namespace {
bool by_std(const storage::LegRow* a, const storage::LegRow* b) { return a->leg.std_utc < b->leg.std_utc; }

void erase_sorted(std::vector<const storage::LegRow*>& v, const storage::LegRow* row) {
    auto it = std::lower_bound(v.begin(), v.end(), row, by_std);
    for (; it != v.end() && (*it)->leg.std_utc == row->leg.std_utc; ++it)
        if (*it == row) {
            v.erase(it);
            return;
        }
    std::erase(v, row);  // not where its time says: find it anyway
}

void insert_sorted(std::vector<const storage::LegRow*>& v, const storage::LegRow* row) {
    v.insert(std::upper_bound(v.begin(), v.end(), row, by_std), row);
}
}  // namespace

ScheduleView::Lane& ScheduleView::lane_of(const storage::LegRow& row) {
    if (row.rotation)
        if (auto it = lane_index_.find(*row.rotation); it != lane_index_.end()) return lanes_[it->second];
    return lanes_.back();
}

// A rename or an airplane (re)assignment: the lanes keep their legs, take
// their new name and airplane, and are put back in name order.
bool ScheduleView::rename_lanes(const std::vector<storage::RotationRow>& rotations) {
    bool changed = false;
    for (std::size_t i = 0; i < rotations.size() && !changed; ++i)
        changed = rotations[i].id != rotations_[i].id || rotations[i].name != rotations_[i].name ||
                  rotations[i].airplane != rotations_[i].airplane;
    rotations_ = rotations;
    if (!changed) return false;
    for (const auto& r : rotations_) {
        auto it = lane_index_.find(r.id);
        if (it == lane_index_.end()) continue;
        Lane& lane = lanes_[it->second];
        if (lane.name == r.name && lane.airplane == r.airplane) continue;
        lane.name = r.name;
        lane.airplane = r.airplane;
        for (const auto* row : lane.legs) {
            auto* mutable_row = legs_.value(row->leg.id);
            mutable_row->rotation_name = r.name;
            mutable_row->airplane = r.airplane;
        }
    }
    Lane unassigned = std::move(lanes_.back());
    lanes_.pop_back();
    std::stable_sort(lanes_.begin(), lanes_.end(), [](const Lane& a, const Lane& b) { return a.name < b.name; });
    lanes_.push_back(std::move(unassigned));
    lane_index_.clear();
    for (std::size_t i = 0; i + 1 < lanes_.size(); ++i) lane_index_[*lanes_[i].rotation] = i;
    return true;
}

void ScheduleView::take_out(const storage::LegRow* row) {
    erase_sorted(lane_of(*row).legs, row);
    erase_sorted(ordered_, row);
}

void ScheduleView::put_in(const storage::LegRow* row) {
    insert_sorted(lane_of(*row).legs, row);
    insert_sorted(ordered_, row);
    if (ordered_.size() == 1) {  // an empty schedule's extent is no extent, not 1970
        first_ = row->leg.std_utc;
        last_ = row->leg.sta_utc;
    }
    first_ = std::min(first_, row->leg.std_utc);
    last_ = std::max(last_, row->leg.sta_utc);
}

bool ScheduleView::apply_in_place(const ScheduleDelta& d, Change& change) {
    if (d.full || lanes_.empty() || !same_rotation_ids(rotations_, d.rotations)) return false;
    change.legs_only = !rename_lanes(d.rotations);
    for (LegId id : d.removed)
        if (auto it = legs_.find(id); it != legs_.end()) {
            take_out(*it);
            change.left.push_back(*it);
            remove_row(it);
        }
    for (const auto& row : d.legs) {
        storage::LegRow*& slot = legs_[row.leg.id];
        if (slot) {
            take_out(slot);
            change.left.push_back(slot);
        } else {
            slot = new_row();
        }
        change.placed.push_back(slot);
        *slot = row;
        const Lane& lane = lane_of(*slot);
        slot->rotation_name = lane.rotation ? lane.name : std::string();
        slot->airplane = lane.rotation ? lane.airplane : std::string();
        put_in(slot);
    }
    airplanes_ = d.airplanes;
    take_airports(d);
    take_validation(d);
    position_ = d.position;
    index_violations();
    return true;
}

void ScheduleView::take_validation(const ScheduleDelta& d) {
    if (!d.validation_part) {
        validation_ = d.validation;
        return;
    }
    storage::replace_violations(validation_, d.validation_part->rotations, d.validation_part->designators, d.validation.items);
    validation_.legs = std::int64_t(legs_.size());
    validation_.rotations = std::int64_t(d.rotations.size());
}

void ScheduleView::index_violations() {
    violating_.clear();
    for (const auto& item : validation_.items)
        for (const auto& l : item.legs) ++violating_[l.leg.id];
}

std::shared_ptr<ScheduleView> ScheduleView::prepare(ScheduleDelta& d) {
    auto v = std::make_shared<ScheduleView>();
    v->as_of_ = d.as_of;
    // A season's rows move in (the delta is done with them), into a table
    // sized once: rehashing 383,000 entries as they come was a tenth of it.
    // The table built beside the read, when it is this buffer's (the buffer
    // moves with the vector: its pointers hold).
    const bool indexed = !d.legs.empty() && d.ids.size() == qsizetype(d.legs.size()) &&
                         d.ids.value(d.legs.front().leg.id) == d.legs.data();
    v->loaded_ = std::move(d.legs);
    d.legs = {};
    if (indexed) {
        v->legs_ = std::move(d.ids);
    } else {
        v->legs_.reserve(qsizetype(v->loaded_.size()));
        for (auto& row : v->loaded_) v->legs_.insert(row.leg.id, &row);
    }
    d.ids = {};
    v->rotations_ = d.rotations;
    v->airplanes_ = d.airplanes;
    v->take_airports(d);
    v->validation_ = d.validation;
    v->position_ = d.position;
    v->reindex();
    return v;
}

void ScheduleView::apply(const ScheduleDelta& d) {
    if (d.prepared) {
        // Swap in what the worker indexed; the old data leaves with the delta.
        auto& p = *d.prepared;
        std::swap(legs_, p.legs_);
        std::swap(loaded_, p.loaded_);
        std::swap(added_, p.added_);
        std::swap(free_rows_, p.free_rows_);
        std::swap(ordered_, p.ordered_);
        std::swap(lanes_, p.lanes_);
        std::swap(lane_index_, p.lane_index_);
        std::swap(rotations_, p.rotations_);
        std::swap(airplanes_, p.airplanes_);
        std::swap(airports_, p.airports_);
        std::swap(stations_, p.stations_);
        std::swap(clocks_, p.clocks_);
        std::swap(file_offsets_, p.file_offsets_);
        std::swap(validation_, p.validation_);
        std::swap(violating_, p.violating_);
        position_ = p.position_;
        as_of_ = p.as_of_;
        first_ = p.first_;
        last_ = p.last_;
        refilter();
        announce({});
        return;
    }
    if (!d.full && as_of_ && !d.moves_in_time) return;  // a past schedule does not change
    as_of_ = d.as_of;
    if (Change change; apply_in_place(d, change)) {
        refilter();
        announce(std::move(change));
        return;
    }
    if (d.full) clear_rows();
    for (LegId id : d.removed)
        if (auto it = legs_.find(id); it != legs_.end()) remove_row(it);
    for (const auto& row : d.legs) {
        storage::LegRow*& slot = legs_[row.leg.id];
        if (!slot) slot = new_row();
        *slot = row;
    }
    rotations_ = d.rotations;
    airplanes_ = d.airplanes;
    take_airports(d);
    take_validation(d);
    position_ = d.position;
    reindex();
    announce({});
}

namespace {

// Legs departing each station, counted for every leg of a season: an airport
// code of three capital letters (its grammar, core/codes.h) is its own index
// into a table of 26^3 counts, where a hash map was a tenth of indexing a
// 1,000-airplane season. A code outside the grammar (an older store may hold
// one) is counted in a map. -1: not a station of any leg.
class StationCounts {
public:
    StationCounts() : counts_(26 * 26 * 26, -1) {}
    void departs(AirportCode c) {
        int& n = count(c);
        n = n < 0 ? 1 : n + 1;
    }
    void arrives(AirportCode c) {
        int& n = count(c);
        if (n < 0) n = 0;
    }
    std::vector<std::pair<AirportCode, int>> sorted() const {
        std::vector<std::pair<AirportCode, int>> out;
        for (std::size_t i = 0; i < counts_.size(); ++i)
            if (counts_[i] >= 0) {
                AirportCode c;
                c.chars = {char('A' + i / 676), char('A' + i / 26 % 26), char('A' + i % 26)};
                out.emplace_back(c, counts_[i]);
            }
        for (const auto& [code, n] : other_) out.emplace_back(code, n);
        std::sort(out.begin(), out.end());
        return out;
    }

private:
    int& count(AirportCode c) {
        auto letter = [](char ch) { return ch >= 'A' && ch <= 'Z'; };
        const auto& a = c.chars;
        if (letter(a[0]) && letter(a[1]) && letter(a[2]))
            return counts_[std::size_t((a[0] - 'A') * 676 + (a[1] - 'A') * 26 + (a[2] - 'A'))];
        return other_.try_emplace(c, -1).first->second;
    }
    std::vector<int> counts_;
    std::map<AirportCode, int> other_;
};

}  // namespace

void ScheduleView::reindex() {
    // Lanes first, so that walking the legs finds a leg's rotation and its
    // lane in one lookup. Names and airplanes come from the rotation list: a
    // rename or an assignment changes no leg row.
    std::map<std::string, Lane> named;
    for (const auto& r : rotations_) {
        Lane& lane = named[r.name];
        lane.rotation = r.id;
        lane.name = r.name;
        lane.airplane = r.airplane;
    }
    struct OfRotation {
        const storage::RotationRow* rotation;
        Lane* lane;  // two rotations may share a name: one lane, as before
    };
    std::unordered_map<RotationId, OfRotation, UuidHash> by_id;
    for (const auto& r : rotations_) by_id[r.id] = {&r, &named[r.name]};
    Lane unassigned;
    unassigned.name = "(no rotation)";
    first_ = Instant{INT64_MAX};
    last_ = Instant{INT64_MIN};
    StationCounts departures;
    // Sorted by STD, then id (legs departing together in one order every
    // time: the walk's order is not), the keys side by side in the array, not
    // behind 383,000 pointers (the sort was a fifth of a season's indexing;
    // reading the id through the row, on every tie, a tenth of it again).
    struct Departure {
        std::int64_t std_minutes;
        LegId id;
        storage::LegRow* row;
        Lane* lane;
    };
    std::vector<Departure> by_departure;
    by_departure.reserve(legs_.size());
    auto walk = [&](storage::LegRow* row) {
        departures.departs(row->leg.designator.departure);
        departures.arrives(row->leg.arrival);
        Lane* lane = &unassigned;
        if (row->rotation)
            if (auto it = by_id.find(*row->rotation); it != by_id.end()) {
                row->rotation_name = it->second.rotation->name;
                row->airplane = it->second.rotation->airplane;
                lane = it->second.lane;
            }
        by_departure.push_back({row->leg.std_utc.minutes, row->leg.id, row, lane});
        first_ = std::min(first_, row->leg.std_utc);
        last_ = std::max(last_, row->leg.sta_utc);
    };
    // The rows in the order they lie in memory when every one is a leg's (a
    // load, and legs only added since): the hash's order visits them at
    // random, a cache miss a row, which was two thirds of walking a
    // 1,000-airplane season. Rows freed for reuse are not legs: then the hash.
    if (free_rows_.empty() && loaded_.size() + added_.size() == std::size_t(legs_.size())) {
        for (auto& row : loaded_) walk(&row);
        for (auto& row : added_) walk(&row);
    } else {
        for (storage::LegRow* row : std::as_const(legs_)) walk(row);
    }
    auto earlier = [](const Departure& a, const Departure& b) {
        return a.std_minutes < b.std_minutes || (a.std_minutes == b.std_minutes && a.id < b.id);
    };
    // A season's sort in two halves, one on each core, merged as the lanes
    // are filled (the sort alone was a tenth of a 1,000-airplane first paint).
    const bool halves = by_departure.size() >= 100'000;
    const auto middle = halves ? by_departure.begin() + std::ptrdiff_t(by_departure.size() / 2) : by_departure.end();
    {
        std::jthread second;
        if (halves) {
            try {
                second = std::jthread([&] { std::sort(middle, by_departure.end(), earlier); });
            } catch (const std::system_error&) {
                std::sort(middle, by_departure.end(), earlier);  // no thread to be had: both halves here
            }
        }
        std::sort(by_departure.begin(), middle, earlier);
    }
    ordered_.clear();
    ordered_.reserve(by_departure.size());
    auto take = [&](const Departure& d) {
        ordered_.push_back(d.row);
        d.lane->legs.push_back(d.row);
    };
    auto a = by_departure.begin(), b = middle;
    while (a != middle && b != by_departure.end()) take(earlier(*b, *a) ? *b++ : *a++);
    std::for_each(a, middle, take);
    std::for_each(b, by_departure.end(), take);
    stations_ = departures.sorted();
    lanes_.clear();
    lane_index_.clear();
    for (auto& [name, lane] : named) {
        if (lane.rotation) lane_index_[*lane.rotation] = lanes_.size();
        lanes_.push_back(std::move(lane));
    }
    lanes_.push_back(std::move(unassigned));
    if (ordered_.empty()) first_ = last_ = Instant{};
    index_violations();
    refilter();
}

}  // namespace rotaplan::ui
