// Every leg of the schedule as table rows, in STD order, for the leg table.
// Reads the GUI's ScheduleView only; resets when it changes.
#pragma once

#include <QAbstractTableModel>

#include "ui/session/schedule_view.h"

namespace rotaplan::ui {

class LegTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Designator, Departure, Arrival, Std, Sta, AircraftType, Rotation, Airplane, ColumnCount };
    static constexpr int LegIdRole = Qt::UserRole + 1;

    explicit LegTableModel(ScheduleView& view, QObject* parent = nullptr);
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    // The row of a leg, or -1.
    int row_of(LegId id) const;
    // Sorting is the model's own (a proxy would sort 383,000 QVariants on the
    // GUI thread): a sort of pointers by the leg's fields, kept until changed.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

private:
    void rebuild_rows();
    const std::vector<const storage::LegRow*>& rows() const { return sorted_ ? rows_ : view_.table_rows(); }
    ScheduleView& view_;
    int sort_column_ = Std;
    Qt::SortOrder sort_order_ = Qt::AscendingOrder;
    bool sorted_ = false;  // false: the view's own STD order
    std::vector<const storage::LegRow*> rows_;
};

}  // namespace rotaplan::ui
