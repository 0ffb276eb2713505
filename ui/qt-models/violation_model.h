// The violations of the three constraints, grouped by constraint, for the
// validation panel, and a fourth group: rotation names held by more than one
// rotation (the count `validate` gives as its fourth). A tree: group ->
// findings; reads ScheduleView.
#pragma once

#include <QAbstractItemModel>

#include "ui/session/schedule_view.h"

namespace rotaplan::ui {

class ViolationModel : public QAbstractItemModel {
    Q_OBJECT
public:
    static constexpr int FirstLegRole = Qt::UserRole + 1;  // the first leg's id, to show it in the chart

    explicit ViolationModel(ScheduleView& view, QObject* parent = nullptr);
    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

private:
    static constexpr int kNameGroup = 3;  // after the three constraints
    void regroup();
    int group_size(int group) const;
    ScheduleView& view_;
    std::vector<const storage::ViolationItem*> groups_[3];
};

}  // namespace rotaplan::ui
