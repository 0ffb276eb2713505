// The validation panel's model: the violations of the three constraints and
// the rotation names held twice, grouped by rule with their counts, one
// column per fact a planner sorts or filters by.
//
//   Violation                      Rotation Airplane Station Legs                    Actual Required
//   ▾ Minimum ground time (2)
//       XQ200 → XQ300 on 2026-04-01 R2       D-AIAB   MUC     XQ200/FRA/…, XQ300/MUC/…    20       30   ──click──▶ the first leg
//   ▸ Rotation continuity (0)
//
// A tree: rule -> findings, read from ScheduleView. Sorting (sort()) orders
// the findings within each rule; the filter (a station or a rotation) keeps
// the findings that name it, and the counts say how many of how many.
// as_csv() writes what is shown, in that order.
#pragma once

#include <QAbstractItemModel>

#include "ui/session/schedule_view.h"

namespace rotaplan::ui {

class ViolationModel : public QAbstractItemModel {
    Q_OBJECT
public:
    static constexpr int FirstLegRole = Qt::UserRole + 1;  // the first leg's id, to show it in the chart
    enum Column { What, Rotation, Airplane, Station, Legs, Actual, Required, ColumnCount };

    explicit ViolationModel(ScheduleView& view, QObject* parent = nullptr);
    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    // Keeps the findings that name this station (an airport of one of their
    // legs) or rotation; case does not matter. Empty: everything.
    void set_filter(const QString& station_or_rotation);
    const QString& filter() const { return filter_; }
    // The findings shown, in the order shown, as CSV with a header line.
    QString as_csv() const;

private:
    static constexpr int kGroups = 4;
    static constexpr int kNameGroup = 3;  // after the three constraints
    // One finding: a violation of a constraint, or a name held twice.
    struct Finding {
        const storage::ViolationItem* item = nullptr;
        const validation::DuplicateRotationName* name = nullptr;
    };
    void regroup();
    QVariant cell(const Finding& f, int column) const;
    bool passes(const Finding& f) const;
    ScheduleView& view_;
    std::vector<Finding> groups_[kGroups];
    int totals_[kGroups] = {};
    QString filter_;
    int sort_column_ = -1;
    Qt::SortOrder sort_order_ = Qt::AscendingOrder;
};

}  // namespace rotaplan::ui
