// View > Compare with now…: what differs between the past position the
// planner looks at and now: legs added, removed, retimed, moved to another
// rotation or changed; rotations created, deleted or renamed; airplanes
// flying another rotation.
//
//   As of event 1234, compared with now (event 1240): 2 legs retimed, 1 airplane assigned differently
//   ┌───────────────────────────────────────────────────────────────────────┐
//   │ > airplane D-AIAA: R1 -> R2                                           │
//   │ ~ XQ101/MUC/2026-04-01 retimed 2026-04-01T07:40Z-… -> …              │ ─select─▶ the leg in the chart
//   └───────────────────────────────────────────────────────────────────────┘
//
// The comparison is Session::comparison(), computed on the worker with each
// time travel (storage/projections/comparison.h); the dialog follows it. Not modal:
// the planner looks at the chart beside it, in the past or back at now, and
// choosing a line selects its leg in the chart whenever the chart has it.
#pragma once

#include <QDialog>

#include <optional>

#include "core/ids.h"

class QLabel;
class QListWidget;

namespace rotaplan::ui {

class Session;

class ComparisonDialog : public QDialog {
    Q_OBJECT
public:
    explicit ComparisonDialog(Session& session, QWidget* parent = nullptr);

    QListWidget& lines() { return *lines_; }
    QLabel& summary() { return *summary_; }

signals:
    // A line about a leg was chosen.
    void legChosen(rotaplan::LegId leg);

private:
    void fill();

    Session& session_;
    QLabel* summary_;
    QListWidget* lines_;
};

}  // namespace rotaplan::ui
