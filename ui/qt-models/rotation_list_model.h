// The rotations with their airplanes and leg counts, for the rotations panel.
#pragma once

#include <QAbstractTableModel>

#include "ui/session/schedule_view.h"

namespace rotaplan::ui {

class RotationListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Name, Airplane, Legs, ColumnCount };
    static constexpr int RotationIdRole = Qt::UserRole + 1;

    explicit RotationListModel(ScheduleView& view, QObject* parent = nullptr);
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    std::optional<RotationId> rotation_at(int row) const;

private:
    ScheduleView& view_;
};

}  // namespace rotaplan::ui
