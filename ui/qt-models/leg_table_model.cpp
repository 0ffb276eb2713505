#include "leg_table_model.h"

#include <algorithm>

namespace rotaplan::ui {

LegTableModel::LegTableModel(ScheduleView& view, QObject* parent) : QAbstractTableModel(parent), view_(view) {
    connect(&view_, &ScheduleView::changed, this, [this] {
        beginResetModel();
        endResetModel();
    });
}

int LegTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(view_.table_rows().size());
}

int LegTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant LegTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const storage::LegRow& r = *view_.table_rows()[std::size_t(index.row())];
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
    const auto& v = view_.table_rows();
    auto it = std::lower_bound(v.begin(), v.end(), row, [](const storage::LegRow* a, const storage::LegRow* b) {
        return a->leg.std_utc < b->leg.std_utc;
    });
    for (; it != v.end() && (*it)->leg.std_utc == row->leg.std_utc; ++it)
        if (*it == row) return int(it - v.begin());
    return -1;
}

}  // namespace rotaplan::ui
