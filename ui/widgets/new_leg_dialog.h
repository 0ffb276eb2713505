// A dialog for one new leg: flight, stations, the day and the times as
// planners type them, aircraft type, and the rotation it goes into (or none).
//
//   Day  [2026-03-29 ▾]       a date picker; a time may also name its own day
//   STD  10:00                or 1000, 2026-03-29 10:00, 10:00Z
//   STA  11:05                before the STD: the day after (or 01:05+1)
//   Times [UTC | Local at the airports]   local: the airports' clocks (core/local_time.h)
//   reads as: XQ100/FRA/2026-03-29 08:00Z-09:05Z, 65 min   (live, before OK)
//
// It only collects and checks the fields; the change goes through
// ui/commands like any other.
#pragma once

#include <QDate>
#include <QDialog>

#include <optional>

#include "ui/session/schedule_view.h"

class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;

namespace rotaplan::ui {

class NewLegDialog : public QDialog {
    Q_OBJECT
public:
    // `day`: the day the picker starts on (the chart's, where the planner looks).
    NewLegDialog(const ScheduleView& view, QDate day, QWidget* parent = nullptr);
    // The leg as entered (id nil), or nullopt with the reason shown in the dialog.
    std::optional<Leg> leg();
    std::optional<RotationId> rotation() const;
    // What leg() would say, without showing it: the leg, or why not.
    std::optional<Leg> read(QString* why) const;

    QLineEdit *flight, *departure, *arrival, *std_time, *sta_time, *aircraft_type;
    QDateEdit* day;
    QComboBox *times_in, *rotations;
    QLabel* reads_as;

private:
    void show_problem(const QString& why);
    const ScheduleView& view_;
    QLabel* problem_;
};

}  // namespace rotaplan::ui
