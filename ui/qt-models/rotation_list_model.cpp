#include "rotation_list_model.h"

namespace rotaplan::ui {

RotationListModel::RotationListModel(ScheduleView& view, QObject* parent) : QAbstractTableModel(parent), view_(view) {
    connect(&view_, &ScheduleView::changed, this, [this] {
        beginResetModel();
        endResetModel();
    });
}

int RotationListModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(view_.rotations().size()); }

int RotationListModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

std::optional<RotationId> RotationListModel::rotation_at(int row) const {
    if (row < 0 || row >= rowCount()) return std::nullopt;
    return view_.rotations()[std::size_t(row)].id;
}

QVariant RotationListModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const auto& r = view_.rotations()[std::size_t(index.row())];
    if (role == RotationIdRole) return QString::fromStdString(r.id.value.str());
    if (role != Qt::DisplayRole) return {};
    switch (index.column()) {
    case Name: return QString::fromStdString(r.name);
    case Airplane: return QString::fromStdString(r.airplane);
    case Legs:
        for (const auto& lane : view_.lanes())
            if (lane.rotation == r.id) return qulonglong(lane.legs.size());
        return 0;
    }
    return {};
}

QVariant RotationListModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return QAbstractTableModel::headerData(section, orientation, role);
    static const char* names[] = {"Rotation", "Airplane", "Legs"};
    return section >= 0 && section < ColumnCount ? QString(names[section]) : QVariant();
}

}  // namespace rotaplan::ui
