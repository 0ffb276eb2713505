// Plan → Build rotations…: the rotations proposed for the legs in no rotation
// (storage/imports/rotation_building.h, computed on the worker), the fleet
// they need per type beside its lower bound, then Create or Discard.
#pragma once

#include <QDialog>

#include <memory>

#include "storage/imports/rotation_building.h"

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace rotaplan::ui {

class BuildRotationsDialog : public QDialog {
    Q_OBJECT
public:
    explicit BuildRotationsDialog(QWidget* parent = nullptr);

    // The worker's answer: a proposal, or null with why there is none.
    void show_proposal(std::shared_ptr<const storage::RotationProposal> proposal, const QString& why = {});
    std::shared_ptr<const storage::RotationProposal> proposal() const { return proposal_; }
    // "300 rotations for 383,040 legs: 320 80, 321 80, 32N 80, 359 60 (lower bound 300)"
    static QString fleet_text(const storage::RotationProposal& p);

private:
    QLabel* summary_;
    QPlainTextEdit* detail_;
    QPushButton* create_;
    std::shared_ptr<const storage::RotationProposal> proposal_;
};

}  // namespace rotaplan::ui
