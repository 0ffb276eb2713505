#include "violation_model.h"

namespace rotaplan::ui {

namespace {
constexpr quintptr kTop = 0;  // internalId of a constraint row; children carry constraint + 1
const char* kTitles[] = {"Rotation continuity", "Minimum ground time", "Flight designator uniqueness",
                         "Rotation names held twice"};
constexpr int kGroups = 4;

QString describe_item(const storage::ViolationItem& i) {
    auto leg = [](const storage::LegRow& r) {
        return QString::fromStdString(format_designator(r.leg.designator) + " " + r.leg.designator.departure.str() + "-" +
                                      r.leg.arrival.str());
    };
    switch (i.constraint) {
    case validation::Constraint::Continuity:
        return QString("%1: %2 then %3").arg(QString::fromStdString(i.rotation), leg(i.legs[0]), leg(i.legs[1]));
    case validation::Constraint::MinimumGroundTime:
        return QString("%1: %2 then %3, ground %4 min, required %5")
            .arg(QString::fromStdString(i.rotation), leg(i.legs[0]), leg(i.legs[1]))
            .arg(i.actual_minutes)
            .arg(i.required_minutes);
    case validation::Constraint::DesignatorUniqueness:
        return QString("%1: %2 legs").arg(QString::fromStdString(i.designator)).arg(i.legs.size());
    }
    return {};
}
}  // namespace

ViolationModel::ViolationModel(ScheduleView& view, QObject* parent) : QAbstractItemModel(parent), view_(view) {
    connect(&view_, &ScheduleView::changed, this, [this] {
        beginResetModel();
        regroup();
        endResetModel();
    });
    regroup();
}

void ViolationModel::regroup() {
    for (auto& g : groups_) g.clear();
    for (const auto& i : view_.validation().items) groups_[int(i.constraint)].push_back(&i);
}

int ViolationModel::group_size(int group) const {
    if (group == kNameGroup) return int(view_.validation().duplicate_rotation_names.size());
    return int(groups_[group].size());
}

QModelIndex ViolationModel::index(int row, int column, const QModelIndex& parent) const {
    if (column != 0 || row < 0) return {};
    if (!parent.isValid()) return row < kGroups ? createIndex(row, 0, kTop) : QModelIndex();
    if (parent.internalId() != kTop) return {};
    if (row >= group_size(parent.row())) return {};
    return createIndex(row, 0, quintptr(parent.row() + 1));
}

QModelIndex ViolationModel::parent(const QModelIndex& child) const {
    if (!child.isValid() || child.internalId() == kTop) return {};
    return createIndex(int(child.internalId() - 1), 0, kTop);
}

int ViolationModel::rowCount(const QModelIndex& parent) const {
    if (!parent.isValid()) return kGroups;
    if (parent.internalId() != kTop) return 0;
    return group_size(parent.row());
}

int ViolationModel::columnCount(const QModelIndex&) const { return 1; }

QVariant ViolationModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid()) return {};
    if (index.internalId() == kTop) {
        if (role == Qt::DisplayRole) return QString("%1 (%2)").arg(kTitles[index.row()]).arg(group_size(index.row()));
        return {};
    }
    const int group_index = int(index.internalId() - 1);
    if (group_index == kNameGroup) {
        const auto& names = view_.validation().duplicate_rotation_names;
        if (index.row() >= int(names.size())) return {};
        const auto& d = names[std::size_t(index.row())];
        if (role == Qt::DisplayRole)
            return QString("%1: %2 rotations (rename all but one)").arg(QString::fromStdString(d.name)).arg(d.rotations.size());
        return {};
    }
    const auto& group = groups_[group_index];
    if (index.row() >= int(group.size())) return {};
    const storage::ViolationItem& item = *group[std::size_t(index.row())];
    if (role == Qt::DisplayRole) return describe_item(item);
    if (role == FirstLegRole && !item.legs.empty()) return QString::fromStdString(item.legs[0].leg.id.value.str());
    return {};
}

}  // namespace rotaplan::ui
