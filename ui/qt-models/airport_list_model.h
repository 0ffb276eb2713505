// The airports, for View > Airports: every airport the store defines and
// every station a leg touches that nobody defined yet (shown in italics: no
// minimum ground time, times in UTC), editable in place.
//
//   FRA | Frankfurt | 45 | +01:00 | Europe/Berlin
//   LIS |           |  0 |        |               (not defined)   ──edit──▶ airportEdited(before, after)
//
// The model never changes the schedule itself: an edit is handed to the
// window, which performs it as an undoable change (ui/commands/airport_changes.h);
// the row shows the new value when the store's delta brings it back.
#pragma once

#include <QAbstractTableModel>

#include <set>
#include <unordered_map>
#include <vector>

#include "ui/session/schedule_view.h"

namespace rotaplan::ui {

class AirportListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Code, Name, MinGround, UtcOffset, TimeZone, Departures, ColumnCount };

    explicit AirportListModel(ScheduleView& view, QObject* parent = nullptr);
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
    int row_of(const QString& airport) const;

signals:
    void airportEdited(const rotaplan::storage::AirportRow& before, const rotaplan::storage::AirportRow& after);
    // An edit that is not a value the field can hold, in a planner's words.
    void editRefused(const QString& why);

private:
    struct Row {
        storage::AirportRow airport;
        bool defined = false;
        int departures = 0;
    };
    void rebuild();

    ScheduleView& view_;
    std::vector<Row> rows_;
};

}  // namespace rotaplan::ui
