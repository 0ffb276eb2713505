// Every leg of the schedule as table rows, for the leg table. Reads the GUI's
// ScheduleView only; resets when the schedule changes.
//
// Order: the view's own (STD ascending), or a sort of the model's own (a proxy
// would sort 383,000 QVariants on the GUI thread). A sort is computed on a
// pool thread (leg_sort.h) and shown in one layoutChanged, selection kept;
// a newer request supersedes one in flight. While it runs the table shows the
// order it had, and `sorting()` is true.
//
//   sort(Arrival) ─keys─▶ pool ─order─▶ layoutChanged, sorted()
//   sort(Type)    ─keys─▶ pool ─order─▶ (the Arrival order, superseded, is never shown)
//
// A small change to a sorted table (a drag) is patched in place: the rows that
// left are taken out, the changed ones put back by binary search. Anything
// larger (a load, a filter, a rename) shows the STD order and sorts again.
//
// Times: STD and STA in UTC, or with "Local times" on, in the local time of
// the departure and arrival airport (shown_time.h).
#pragma once

#include <QAbstractTableModel>
#include <QFutureWatcher>

#include <atomic>
#include <memory>
#include <optional>

#include "leg_sort.h"
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
    // Asynchronous unless it is the view's own order (STD ascending); see above.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    bool sorting() const { return pending_.has_value(); }

signals:
    void sorted();  // the requested order is shown

private:
    // The order computed on the pool thread.
    struct Order {
        std::uint64_t generation = 0;
        MappedVector<std::uint32_t> order;  // indexes into Pending::rows
    };
    struct Pending {
        std::uint64_t generation = 0;
        std::uint64_t revision = 0;                // the view's, when the keys were taken
        MappedVector<const storage::LegRow*> rows;  // the rows shown then, in the keys' order
    };
    const std::vector<const storage::LegRow*>& rows() const { return custom_ ? rows_ : view_.table_rows(); }
    bool natural(int column, Qt::SortOrder order) const { return column == Std && order == Qt::AscendingOrder; }
    void on_schedule_changed();
    void patch(const ScheduleView::Change& change);
    void request_sort();
    void take_order();
    // One layoutChanged from the rows shown to `next` (the same rows), persistent
    // indexes (the selection) following their rows.
    void relayout(std::vector<const storage::LegRow*> next, bool custom);

    ScheduleView& view_;
    int sort_column_ = Std;  // requested
    Qt::SortOrder sort_order_ = Qt::AscendingOrder;
    int shown_column_ = Std;  // what rows_ is sorted by
    Qt::SortOrder shown_order_ = Qt::AscendingOrder;
    bool custom_ = false;     // false: the view's own STD order
    std::vector<const storage::LegRow*> rows_;
    std::uint64_t generation_ = 0;
    std::shared_ptr<std::atomic<std::uint64_t>> latest_ = std::make_shared<std::atomic<std::uint64_t>>(0);
    std::optional<Pending> pending_;
    QFutureWatcher<std::shared_ptr<const Order>> watcher_;
};

}  // namespace rotaplan::ui
