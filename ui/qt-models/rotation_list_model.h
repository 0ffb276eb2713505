// The rotations with their airplanes and leg counts, for the rotations panel.
//
// Also where airplanes are assigned by drag: a row takes an airplane dropped
// on it (airplane_drag.h), and the Airplane cell of a rotation that has one can
// be dragged to another rotation. The model only reports the drop
// (airplaneDropped); the window issues the assign command, so that the change
// goes the one way every change goes (ui/commands) and a refusal is reported
// like any other.
//
//   Rotation | Airplane | Legs
//   R001     | D-AIAA ──drag──┐     airplanes list: D-AIAB ──drag──┐
//   R002     |          ◀─────┘     R003 ◀──────────────────────────┘
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

    // Drag and drop of airplanes (copy: the list itself never changes by a drop).
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    Qt::DropActions supportedDropActions() const override { return Qt::CopyAction; }
    Qt::DropActions supportedDragActions() const override { return Qt::CopyAction; }
    QStringList mimeTypes() const override;
    QMimeData* mimeData(const QModelIndexList& indexes) const override;
    bool canDropMimeData(const QMimeData* data, Qt::DropAction action, int row, int column, const QModelIndex& parent) const override;
    bool dropMimeData(const QMimeData* data, Qt::DropAction action, int row, int column, const QModelIndex& parent) override;

signals:
    // An airplane was dropped on the rotation in `row`: assign it.
    void airplaneDropped(QString registration, int row);

private:
    int drop_row(int row, const QModelIndex& parent) const { return parent.isValid() ? parent.row() : row; }
    ScheduleView& view_;
};

}  // namespace rotaplan::ui
