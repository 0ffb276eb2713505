// The airplanes and the rotation each flies, for the rotations panel; a row
// can be dragged onto a rotation to assign the airplane (airplane_drag.h).
//
//   D-AIAA | 320 | 35 min | R001
//   D-AIAB | 320 | 35 min |        ──drag──▶ a rotation (list row or chart row)
#pragma once

#include <QAbstractTableModel>

#include "ui/session/schedule_view.h"

namespace rotaplan::ui {

class AirplaneListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Plane, Type, MinGround, FlownRotation, ColumnCount };

    explicit AirplaneListModel(ScheduleView& view, QObject* parent = nullptr);
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    // The registration in `row`, or empty.
    QString registration_at(int row) const;
    int row_of(const QString& registration) const;

    Qt::ItemFlags flags(const QModelIndex& index) const override;
    Qt::DropActions supportedDragActions() const override { return Qt::CopyAction; }
    QStringList mimeTypes() const override;
    QMimeData* mimeData(const QModelIndexList& indexes) const override;

private:
    ScheduleView& view_;
};

}  // namespace rotaplan::ui
