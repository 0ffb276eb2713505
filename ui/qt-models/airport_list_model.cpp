#include "airport_list_model.h"

#include <QFont>

#include <map>

#include "core/airplane.h"
#include "core/local_time.h"

namespace rotaplan::ui {

AirportListModel::AirportListModel(ScheduleView& view, QObject* parent) : QAbstractTableModel(parent), view_(view) {
    connect(&view_, &ScheduleView::changed, this, [this] {
        beginResetModel();
        rebuild();
        endResetModel();
    });
    rebuild();
}

// Defined airports and the stations legs touch, by code; departures counted
// so the planner sees which stations matter. One pass over the legs.
void AirportListModel::rebuild() {
    std::map<std::string, Row> by_code;
    for (const auto& a : view_.airports()) by_code[a.airport] = Row{a, true, 0};
    for (const auto& [code, n] : view_.stations()) by_code[code.str()].departures = n;
    rows_.clear();
    rows_.reserve(by_code.size());
    for (auto& [code, r] : by_code) {
        r.airport.airport = code;
        rows_.push_back(std::move(r));
    }
}

int AirportListModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(rows_.size()); }
int AirportListModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

int AirportListModel::row_of(const QString& airport) const {
    for (std::size_t r = 0; r < rows_.size(); ++r)
        if (QString::fromStdString(rows_[r].airport.airport) == airport) return int(r);
    return -1;
}

QVariant AirportListModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const Row& r = rows_[std::size_t(index.row())];
    const auto& a = r.airport;
    if (role == Qt::FontRole && !r.defined) {
        QFont f;
        f.setItalic(true);
        return f;
    }
    if (role == Qt::ToolTipRole) {
        if (!r.defined) return QString("%1 is not defined: no minimum ground time is checked there and its times show in UTC. Edit a field to define it.")
                                  .arg(QString::fromStdString(a.airport));
        if (index.column() == UtcOffset) return "Used where the airport has no time zone, e.g. +01:00; empty: none";
        if (index.column() == TimeZone) return "IANA time zone, e.g. Europe/Lisbon: local times follow its daylight saving";
        return {};
    }
    if (role == Qt::TextAlignmentRole && (index.column() == MinGround || index.column() == Departures))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != Qt::EditRole) return {};
    switch (index.column()) {
    case Code: return QString::fromStdString(a.airport);
    case Name: return QString::fromStdString(a.name);
    case MinGround: return role == Qt::EditRole ? QVariant(a.min_ground_minutes) : QVariant(QString("%1 min").arg(a.min_ground_minutes));
    case UtcOffset: return a.utc_offset_minutes ? QString::fromStdString(format_utc_offset(*a.utc_offset_minutes)) : QString();
    case TimeZone: return QString::fromStdString(a.time_zone);
    case Departures: return r.departures;
    }
    return {};
}

QVariant AirportListModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return QAbstractTableModel::headerData(section, orientation, role);
    static const char* names[] = {"Airport", "Name", "Min ground", "UTC offset", "Time zone", "Departures"};
    return section >= 0 && section < ColumnCount ? QString(names[section]) : QVariant();
}

Qt::ItemFlags AirportListModel::flags(const QModelIndex& index) const {
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    const bool editable = index.column() == Name || index.column() == MinGround || index.column() == UtcOffset || index.column() == TimeZone;
    // The past is read-only, as everywhere.
    return index.isValid() && editable && view_.as_of() == 0 ? f | Qt::ItemIsEditable : f;
}

bool AirportListModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (role != Qt::EditRole || !index.isValid() || index.row() >= rowCount()) return false;
    const storage::AirportRow& before = rows_[std::size_t(index.row())].airport;
    storage::AirportRow after = before;
    const QString text = value.toString().trimmed();
    const QString code = QString::fromStdString(before.airport);
    switch (index.column()) {
    case Name: after.name = text.toStdString(); break;
    case MinGround: {
        bool ok = false;
        int m = text.endsWith("min") ? text.chopped(3).trimmed().toInt(&ok) : text.toInt(&ok);
        std::string why = ok ? airplane::check_min_ground_minutes(m) : "it is a number of minutes";
        if (!why.empty()) {
            emit editRefused(QString("%1 minimum ground time \"%2\": %3").arg(code, text, QString::fromStdString(why)));
            return false;
        }
        after.min_ground_minutes = m;
        break;
    }
    case UtcOffset:
        if (text.isEmpty()) after.utc_offset_minutes.reset();
        else if (auto m = parse_utc_offset(text.toStdString())) after.utc_offset_minutes = m;
        else {
            emit editRefused(QString("%1 UTC offset \"%2\": write it like +01:00 or -05:00").arg(code, text));
            return false;
        }
        break;
    case TimeZone:
        if (!text.isEmpty())
            if (auto why = check_time_zone_name(text.toStdString()); !why.empty()) {
                emit editRefused(QString("%1 time zone \"%2\": %3").arg(code, text, QString::fromStdString(why)));
                return false;
            }
        after.time_zone = text.toStdString();
        break;
    default: return false;
    }
    if (rows_[std::size_t(index.row())].defined && after.name == before.name && after.min_ground_minutes == before.min_ground_minutes &&
        after.utc_offset_minutes == before.utc_offset_minutes && after.time_zone == before.time_zone)
        return false;
    emit airportEdited(before, after);
    return true;
}

}  // namespace rotaplan::ui
