#include "violation_model.h"

#include <algorithm>

namespace rotaplan::ui {

namespace {
constexpr quintptr kTop = 0;  // internalId of a rule row; findings carry rule + 1
const char* kTitles[] = {"Rotation continuity", "Minimum ground time", "Flight designator uniqueness",
                         "Rotation names held twice"};

QString flight(const storage::LegRow& r) { return QString::fromStdString(format_flight_number(r.leg.designator.flight)); }
QString designator(const storage::LegRow& r) { return QString::fromStdString(format_designator(r.leg.designator)); }

// The whole finding in one line, as the panel's tooltip and `validate` say it.
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

QString csv_field(QString v) {
    if (v.contains(',') || v.contains('"') || v.contains('\n')) v = '"' + v.replace("\"", "\"\"") + '"';
    return v;
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

bool ViolationModel::passes(const Finding& f) const {
    if (filter_.isEmpty()) return true;
    const std::string want = filter_.toUpper().toStdString();
    auto same = [&](const std::string& s) {
        return s.size() == want.size() && std::equal(s.begin(), s.end(), want.begin(), [](char a, char b) { return std::toupper(static_cast<unsigned char>(a)) == b; });
    };
    if (f.name) return same(f.name->name);
    const auto& i = *f.item;
    if (same(i.rotation)) return true;
    // The station is where the finding happens: the turn's airport (both ends
    // of a continuity break), or where a shared designator departs.
    if (i.constraint != validation::Constraint::DesignatorUniqueness)
        return i.legs[0].leg.arrival.view() == want || i.legs[1].leg.designator.departure.view() == want;
    for (const auto& r : i.legs)
        if (r.leg.designator.departure.view() == want || same(r.rotation_name)) return true;
    return false;
}

void ViolationModel::regroup() {
    for (auto& g : groups_) g.clear();
    for (int& t : totals_) t = 0;
    for (const auto& i : view_.validation().items) {
        Finding f{&i, nullptr};
        ++totals_[int(i.constraint)];
        if (passes(f)) groups_[int(i.constraint)].push_back(f);
    }
    for (const auto& n : view_.validation().duplicate_rotation_names) {
        Finding f{nullptr, &n};
        ++totals_[kNameGroup];
        if (passes(f)) groups_[kNameGroup].push_back(f);
    }
    if (sort_column_ < 0) return;
    // Numbers as numbers, the rest as text; ties keep the report's order
    // (by rotation, then departure).
    for (auto& g : groups_)
        std::stable_sort(g.begin(), g.end(), [&](const Finding& a, const Finding& b) {
            QVariant x = cell(a, sort_column_), y = cell(b, sort_column_);
            bool less = x.typeId() == QMetaType::Int && y.typeId() == QMetaType::Int
                            ? x.toInt() < y.toInt()
                            : QString::compare(x.toString(), y.toString(), Qt::CaseInsensitive) < 0;
            bool greater = x.typeId() == QMetaType::Int && y.typeId() == QMetaType::Int
                               ? y.toInt() < x.toInt()
                               : QString::compare(y.toString(), x.toString(), Qt::CaseInsensitive) < 0;
            return sort_order_ == Qt::AscendingOrder ? less : greater;
        });
}

void ViolationModel::sort(int column, Qt::SortOrder order) {
    if (column < 0 || column >= ColumnCount) return;
    emit layoutAboutToBeChanged();
    sort_column_ = column;
    sort_order_ = order;
    // Findings move within their rule only; no index is kept across the sort
    // (persistent indexes are not used by the panel).
    regroup();
    emit layoutChanged();
}

void ViolationModel::set_filter(const QString& station_or_rotation) {
    QString f = station_or_rotation.trimmed();
    if (f == filter_) return;
    beginResetModel();
    filter_ = f;
    regroup();
    endResetModel();
}

QModelIndex ViolationModel::index(int row, int column, const QModelIndex& parent) const {
    if (column < 0 || column >= ColumnCount || row < 0) return {};
    if (!parent.isValid()) return row < kGroups ? createIndex(row, column, kTop) : QModelIndex();
    if (parent.internalId() != kTop) return {};
    if (row >= int(groups_[parent.row()].size())) return {};
    return createIndex(row, column, quintptr(parent.row() + 1));
}

QModelIndex ViolationModel::parent(const QModelIndex& child) const {
    if (!child.isValid() || child.internalId() == kTop) return {};
    return createIndex(int(child.internalId() - 1), 0, kTop);
}

int ViolationModel::rowCount(const QModelIndex& parent) const {
    if (!parent.isValid()) return kGroups;
    if (parent.internalId() != kTop || parent.column() != 0) return 0;
    return int(groups_[parent.row()].size());
}

int ViolationModel::columnCount(const QModelIndex&) const { return ColumnCount; }

QVariant ViolationModel::cell(const Finding& f, int column) const {
    if (f.name) {
        switch (column) {
        case What: return QString("%1 rotations named %2 (rename all but one)").arg(f.name->rotations.size()).arg(QString::fromStdString(f.name->name));
        case Rotation: return QString::fromStdString(f.name->name);
        }
        return {};
    }
    const storage::ViolationItem& i = *f.item;
    const bool pair = i.constraint != validation::Constraint::DesignatorUniqueness;
    switch (column) {
    case What:
        if (pair)
            return QString("%1 → %2 on %3")
                .arg(flight(i.legs[0]), flight(i.legs[1]), QString::fromStdString(format_date(i.legs[0].leg.designator.day_of_origin)));
        return QString("%1 flown %2 times").arg(QString::fromStdString(i.designator)).arg(i.legs.size());
    case Rotation: return QString::fromStdString(i.rotation);
    case Airplane: return QString::fromStdString(i.airplane);
    case Station:
        if (i.constraint == validation::Constraint::Continuity)
            return QString::fromStdString(i.legs[0].leg.arrival.str() + " ≠ " + i.legs[1].leg.designator.departure.str());
        if (pair) return QString::fromStdString(i.legs[0].leg.arrival.str());
        return i.legs.empty() ? QString() : QString::fromStdString(i.legs[0].leg.designator.departure.str());
    case Legs: {
        QStringList names;
        for (const auto& r : i.legs) names << designator(r);
        return names.join(", ");
    }
    case Actual: return i.constraint == validation::Constraint::MinimumGroundTime ? QVariant(i.actual_minutes) : QVariant();
    case Required: return i.constraint == validation::Constraint::MinimumGroundTime ? QVariant(i.required_minutes) : QVariant();
    }
    return {};
}

QVariant ViolationModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid()) return {};
    if (index.internalId() == kTop) {
        if (role != Qt::DisplayRole || index.column() != What) return {};
        const int g = index.row(), shown = int(groups_[g].size());
        if (filter_.isEmpty() || shown == totals_[g]) return QString("%1 (%2)").arg(kTitles[g]).arg(totals_[g]);
        return QString("%1 (%2 of %3)").arg(kTitles[g]).arg(shown).arg(totals_[g]);
    }
    const auto& group = groups_[index.internalId() - 1];
    if (index.row() >= int(group.size())) return {};
    const Finding& f = group[std::size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole: return cell(f, index.column());
    case Qt::ToolTipRole: return f.item ? describe_item(*f.item) : cell(f, What);
    case Qt::TextAlignmentRole:
        if (index.column() == Actual || index.column() == Required) return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case FirstLegRole:
        if (f.item && !f.item->legs.empty()) return QString::fromStdString(f.item->legs[0].leg.id.value.str());
        return {};
    }
    return {};
}

QVariant ViolationModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return QAbstractItemModel::headerData(section, orientation, role);
    static const char* names[] = {"Violation", "Rotation", "Airplane", "Station", "Legs", "Actual min", "Required min"};
    return section >= 0 && section < ColumnCount ? QString(names[section]) : QVariant();
}

QString ViolationModel::as_csv() const {
    QString out = "rule,violation,rotation,airplane,station,legs,actual_minutes,required_minutes\n";
    for (int g = 0; g < kGroups; ++g)
        for (const Finding& f : groups_[g]) {
            // The rules named as `validate --json` names them.
            QStringList fields{g == kNameGroup ? "rotation_name_uniqueness" : validation::constraint_name(validation::Constraint(g))};
            for (int c = What; c < ColumnCount; ++c) fields << csv_field(cell(f, c).toString());
            out += fields.join(',') + '\n';
        }
    return out;
}

}  // namespace rotaplan::ui
