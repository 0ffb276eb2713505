#include "leg_table_model.h"

#include <algorithm>
#include <tuple>

namespace rotaplan::ui {

LegTableModel::LegTableModel(ScheduleView& view, QObject* parent) : QAbstractTableModel(parent), view_(view) {
    connect(&view_, &ScheduleView::changed, this, [this] {
        beginResetModel();
        rebuild_rows();
        endResetModel();
    });
}

int LegTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(rows().size());
}

int LegTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant LegTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const storage::LegRow& r = *rows()[std::size_t(index.row())];
    if (role == LegIdRole) return QString::fromStdString(r.leg.id.value.str());
    if (role != Qt::DisplayRole) return {};
    auto s = [](const std::string& v) { return QString::fromStdString(v); };
    switch (index.column()) {
    case Designator: return s(format_designator(r.leg.designator));
    case Departure: return s(r.leg.designator.departure.str());
    case Arrival: return s(r.leg.arrival.str());
    case Std: return s(format_instant(r.leg.std_utc));
    case Sta: return s(format_instant(r.leg.sta_utc));
    case AircraftType: return s(r.leg.aircraft_type.str());
    case Rotation: return s(r.rotation_name);
    case Airplane: return s(r.airplane);
    }
    return {};
}

QVariant LegTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return QAbstractTableModel::headerData(section, orientation, role);
    static const char* names[] = {"Flight designator", "Dep", "Arr", "STD (UTC)", "STA (UTC)", "Type", "Rotation", "Airplane"};
    return section >= 0 && section < ColumnCount ? QString(names[section]) : QVariant();
}

int LegTableModel::row_of(LegId id) const {
    const auto* row = view_.leg(id);
    if (!row) return -1;
    if (sorted_) {
        auto it = std::find(rows_.begin(), rows_.end(), row);
        return it == rows_.end() ? -1 : int(it - rows_.begin());
    }
    const auto& v = rows();
    auto it = std::lower_bound(v.begin(), v.end(), row, [](const storage::LegRow* a, const storage::LegRow* b) {
        return a->leg.std_utc < b->leg.std_utc;
    });
    for (; it != v.end() && (*it)->leg.std_utc == row->leg.std_utc; ++it)
        if (*it == row) return int(it - v.begin());
    return -1;
}

void LegTableModel::sort(int column, Qt::SortOrder order) {
    beginResetModel();
    sort_column_ = column;
    sort_order_ = order;
    sorted_ = !(column == Std && order == Qt::AscendingOrder);
    rebuild_rows();
    endResetModel();
}

void LegTableModel::rebuild_rows() {
    rows_.clear();
    if (!sorted_) return;
    rows_ = view_.table_rows();
    if (rows_.empty()) return;
    auto key = [this](const storage::LegRow* r) {
        const Leg& l = r->leg;
        switch (sort_column_) {
        case Designator: return std::tuple(l.designator.flight.airline.str(), int(l.designator.flight.number), l.designator.day_of_origin.days, l.std_utc.minutes, std::string());
        case Departure: return std::tuple(l.designator.departure.str(), 0, 0, l.std_utc.minutes, std::string());
        case Arrival: return std::tuple(l.arrival.str(), 0, 0, l.std_utc.minutes, std::string());
        case Sta: return std::tuple(std::string(), 0, 0, l.sta_utc.minutes, std::string());
        case AircraftType: return std::tuple(l.aircraft_type.str(), 0, 0, l.std_utc.minutes, std::string());
        case Rotation: return std::tuple(r->rotation_name, 0, 0, l.std_utc.minutes, std::string());
        case Airplane: return std::tuple(r->airplane, 0, 0, l.std_utc.minutes, std::string());
        default: return std::tuple(std::string(), 0, 0, l.std_utc.minutes, std::string());
        }
    };
    // Keys once per row, then one sort of (key, row) pairs.
    using Key = decltype(key(rows_.front()));
    std::vector<std::pair<Key, const storage::LegRow*>> keyed;
    keyed.reserve(rows_.size());
    for (const auto* r : rows_) keyed.emplace_back(key(r), r);
    std::stable_sort(keyed.begin(), keyed.end(), [&](const auto& a, const auto& b) {
        return sort_order_ == Qt::AscendingOrder ? a.first < b.first : b.first < a.first;
    });
    for (std::size_t i = 0; i < keyed.size(); ++i) rows_[i] = keyed[i].second;
}

}  // namespace rotaplan::ui
