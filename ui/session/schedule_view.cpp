#include "schedule_view.h"

#include <algorithm>
#include <map>

namespace rotaplan::ui {

const storage::LegRow* ScheduleView::leg(LegId id) const {
    auto it = legs_.find(id);
    return it == legs_.end() ? nullptr : it->second.get();
}

void ScheduleView::apply(const ScheduleDelta& d) {
    if (d.full) legs_.clear();
    for (LegId id : d.removed) legs_.erase(id);
    for (const auto& row : d.legs) {
        auto& slot = legs_[row.leg.id];
        if (slot) *slot = row;
        else slot = std::make_unique<storage::LegRow>(row);
    }
    rotations_ = d.rotations;
    airplanes_ = d.airplanes;
    validation_ = d.validation;
    position_ = d.position;
    reindex();
    emit changed();
}

void ScheduleView::reindex() {
    // Names and airplanes come from the rotation list: a rename or an
    // assignment changes no leg row.
    std::unordered_map<RotationId, const storage::RotationRow*, UuidHash> by_id;
    for (const auto& r : rotations_) by_id[r.id] = &r;
    ordered_.clear();
    ordered_.reserve(legs_.size());
    std::map<std::string, Lane> named;
    Lane unassigned;
    unassigned.name = "(no rotation)";
    first_ = Instant{INT64_MAX};
    last_ = Instant{INT64_MIN};
    for (auto& [id, row] : legs_) {
        if (row->rotation)
            if (auto it = by_id.find(*row->rotation); it != by_id.end()) {
                row->rotation_name = it->second->name;
                row->airplane = it->second->airplane;
            }
        ordered_.push_back(row.get());
        first_ = std::min(first_, row->leg.std_utc);
        last_ = std::max(last_, row->leg.sta_utc);
    }
    auto by_std = [](const storage::LegRow* a, const storage::LegRow* b) { return a->leg.std_utc < b->leg.std_utc; };
    std::sort(ordered_.begin(), ordered_.end(), by_std);
    for (const auto& r : rotations_) {
        Lane& lane = named[r.name];
        lane.rotation = r.id;
        lane.name = r.name;
        lane.airplane = r.airplane;
    }
    for (const auto* row : ordered_) {
        if (row->rotation) {
            auto it = by_id.find(*row->rotation);
            if (it != by_id.end()) {
                named[it->second->name].legs.push_back(row);
                continue;
            }
        }
        unassigned.legs.push_back(row);
    }
    lanes_.clear();
    for (auto& [name, lane] : named) lanes_.push_back(std::move(lane));
    lanes_.push_back(std::move(unassigned));
    if (ordered_.empty()) first_ = last_ = Instant{};
    violating_.clear();
    for (const auto& item : validation_.items)
        for (const auto& l : item.legs) ++violating_[l.leg.id];
}

}  // namespace rotaplan::ui
