#include "airplane_list_model.h"

#include "airplane_drag.h"

namespace rotaplan::ui {

AirplaneListModel::AirplaneListModel(ScheduleView& view, QObject* parent) : QAbstractTableModel(parent), view_(view) {
    connect(&view_, &ScheduleView::changed, this, [this] {
        beginResetModel();
        endResetModel();
    });
}

int AirplaneListModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(view_.airplanes().size()); }

int AirplaneListModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QString AirplaneListModel::registration_at(int row) const {
    if (row < 0 || row >= rowCount()) return {};
    return QString::fromStdString(view_.airplanes()[std::size_t(row)].registration);
}

int AirplaneListModel::row_of(const QString& registration) const {
    for (int r = 0; r < rowCount(); ++r)
        if (registration_at(r) == registration) return r;
    return -1;
}

QVariant AirplaneListModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const auto& a = view_.airplanes()[std::size_t(index.row())];
    if (role == Qt::ToolTipRole) return QString("Drag %1 onto a rotation to assign it").arg(QString::fromStdString(a.registration));
    if (role != Qt::DisplayRole) return {};
    switch (index.column()) {
    case Plane: return QString::fromStdString(a.registration);
    case Type: return QString::fromStdString(a.aircraft_type);
    case MinGround: return QString("%1 min").arg(a.min_ground_minutes);
    case FlownRotation: return QString::fromStdString(a.rotation_name);
    }
    return {};
}

QVariant AirplaneListModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return QAbstractTableModel::headerData(section, orientation, role);
    static const char* names[] = {"Airplane", "Type", "Min ground", "Rotation"};
    return section >= 0 && section < ColumnCount ? QString(names[section]) : QVariant();
}

Qt::ItemFlags AirplaneListModel::flags(const QModelIndex& index) const {
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    return index.isValid() ? f | Qt::ItemIsDragEnabled : f;
}

QStringList AirplaneListModel::mimeTypes() const { return {kAirplaneMime}; }

QMimeData* AirplaneListModel::mimeData(const QModelIndexList& indexes) const {
    for (const auto& i : indexes)
        if (QString reg = registration_at(i.row()); i.isValid() && !reg.isEmpty()) return airplane_mime(reg);
    return nullptr;
}

}  // namespace rotaplan::ui
