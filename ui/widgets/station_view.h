// View > Station activity: one airport's day as a station controller reads
// it, from the GUI's copy of the schedule (never from disk).
//
//   [LIS ▾] [2026-06-12] connections within [180] min      Day in local time (UTC+01:00)
//   ▁▃█▅▂ … movements per hour (arrivals above, departures below)
//   ┌ time  │   │ flight │ from/to │ rotation │ airplane │ ground │ ──select──▶ the leg in chart and table
//   │ 10:00 │ ↓ │ XQ100  │ FRA     │ R1       │ D-AIAA   │ 50     │    (red: under the station's minimum)
//   └───────────────────────────────────────────────────────────┘
//   Connections from XQ100 (lands 10:00): XQ101 to FRA 10:50 (50 min), …
//
// The movements, turns and connections are core/station_activity.h; this
// widget chooses the day's clock: the station's local time while the window
// shows local times (the legs' own UTC variations first, as everywhere), else UTC.
#pragma once

#include <QWidget>

#include <array>
#include <vector>

#include "core/station_activity.h"

class QComboBox;
class QDateEdit;
class QLabel;
class QListWidget;
class QSpinBox;
class QTableWidget;
class QTimer;

namespace rotaplan::ui {

class ScheduleView;

// 24 pairs of bars: arrivals above the line, departures below.
class HourHistogram : public QWidget {
    Q_OBJECT
public:
    using QWidget::QWidget;
    void set_counts(const std::array<int, 24>& arrivals, const std::array<int, 24>& departures);
    QSize sizeHint() const override { return {480, 72}; }

protected:
    void paintEvent(QPaintEvent*) override;

private:
    std::array<int, 24> arrivals_{}, departures_{};
};

class StationView : public QWidget {
    Q_OBJECT
public:
    explicit StationView(const ScheduleView& view, QWidget* parent = nullptr);

    // Shows `airport` on `day` (its local date while local times are shown;
    // an invalid day keeps the one shown, at first the season's first).
    void show_station(const QString& airport, const QDate& day);
    QTableWidget& movements() { return *table_; }
    QListWidget& connections() { return *connections_; }
    QComboBox& airport() { return *airport_; }
    QLabel& clock() { return *clock_; }
    HourHistogram& histogram() { return *histogram_; }

signals:
    void legChosen(rotaplan::LegId leg);

protected:
    void showEvent(QShowEvent* e) override;

private:
    bool on_screen() const;
    void refresh();
    void fill_airports();
    void show_connections(int row);

    const ScheduleView& view_;
    QComboBox* airport_;
    QDateEdit* day_;
    QSpinBox* window_;
    QLabel* clock_;
    HourHistogram* histogram_;
    QTableWidget* table_;
    QListWidget* connections_;
    // What the table shows, for the connections of a chosen arrival.
    std::vector<StationLeg> legs_;
    StationDay shown_;
    int min_ground_ = 0;
    std::optional<int> offset_;
    QTimer* refresh_soon_;
    bool stale_ = false, stations_stale_ = true;
};

}  // namespace rotaplan::ui
