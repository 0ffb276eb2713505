// A dialog for one new leg: flight, stations, UTC times, aircraft type, and
// the rotation it goes into (or none). It only collects and checks the
// fields; the change goes through ui/commands like any other.
#pragma once

#include <QDialog>
#include <QLabel>

#include <optional>

#include "ui/session/schedule_view.h"

class QLineEdit;
class QComboBox;

namespace rotaplan::ui {

class NewLegDialog : public QDialog {
    Q_OBJECT
public:
    NewLegDialog(const ScheduleView& view, QWidget* parent = nullptr);
    // The leg as entered (id nil), or nullopt with the reason shown in the dialog.
    std::optional<Leg> leg();
    std::optional<RotationId> rotation() const;

    QLineEdit *flight, *departure, *arrival, *std_time, *sta_time, *aircraft_type;
    QComboBox* rotations;

private:
    const ScheduleView& view_;
    QLabel* problem_;
};

}  // namespace rotaplan::ui
