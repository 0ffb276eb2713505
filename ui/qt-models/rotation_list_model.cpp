#include "rotation_list_model.h"

#include "airplane_drag.h"

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
    if (role == Qt::ToolTipRole && index.column() == Airplane)
        return r.airplane.empty() ? QString("Drop an airplane here to assign it")
                                  : QString("Drag %1 to another rotation to move it there").arg(QString::fromStdString(r.airplane));
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

Qt::ItemFlags RotationListModel::flags(const QModelIndex& index) const {
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (!index.isValid() || index.row() >= rowCount()) return f;
    f |= Qt::ItemIsDropEnabled;
    if (index.column() == Airplane && !view_.rotations()[std::size_t(index.row())].airplane.empty()) f |= Qt::ItemIsDragEnabled;
    return f;
}

QStringList RotationListModel::mimeTypes() const { return {kAirplaneMime}; }

QMimeData* RotationListModel::mimeData(const QModelIndexList& indexes) const {
    for (const auto& i : indexes)
        if (i.isValid() && i.row() < rowCount() && i.column() == Airplane)
            if (const auto& reg = view_.rotations()[std::size_t(i.row())].airplane; !reg.empty())
                return airplane_mime(QString::fromStdString(reg));
    return nullptr;
}

bool RotationListModel::canDropMimeData(const QMimeData* data, Qt::DropAction, int row, int, const QModelIndex& parent) const {
    return airplane_in(data) && rotation_at(drop_row(row, parent));
}

bool RotationListModel::dropMimeData(const QMimeData* data, Qt::DropAction action, int row, int column, const QModelIndex& parent) {
    if (action == Qt::IgnoreAction) return true;
    if (!canDropMimeData(data, action, row, column, parent)) return false;
    emit airplaneDropped(QString::fromStdString(airplane_in(data)->str()), drop_row(row, parent));
    return true;
}

}  // namespace rotaplan::ui
