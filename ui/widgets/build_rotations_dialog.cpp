#include "ui/widgets/build_rotations_dialog.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace rotaplan::ui {

BuildRotationsDialog::BuildRotationsDialog(QWidget* parent) : QDialog(parent) {
    setObjectName("buildRotationsDialog");
    setWindowTitle("Build rotations");
    auto* layout = new QVBoxLayout(this);
    summary_ = new QLabel("Chaining the legs in no rotation with the fewest aircraft…");
    summary_->setObjectName("buildSummary");
    summary_->setWordWrap(true);
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(summary_);
    detail_ = new QPlainTextEdit;
    detail_->setObjectName("buildDetail");
    detail_->setReadOnly(true);
    detail_->setLineWrapMode(QPlainTextEdit::NoWrap);
    detail_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    layout->addWidget(detail_, 1);
    auto* buttons = new QDialogButtonBox;
    create_ = buttons->addButton("Create rotations", QDialogButtonBox::AcceptRole);
    create_->setObjectName("buildCreate");
    create_->setEnabled(false);
    auto* discard = buttons->addButton(QDialogButtonBox::Discard);
    discard->setObjectName("buildDiscard");
    connect(create_, &QPushButton::clicked, this, &QDialog::accept);
    connect(discard, &QPushButton::clicked, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(760, 480);
}

QString BuildRotationsDialog::fleet_text(const storage::RotationProposal& p) {
    QStringList types;
    for (const auto& [type, n] : p.proposal.fleet) types << QString("%1 %2").arg(QString::fromStdString(type.str())).arg(n);
    return QString("%1 rotations for %2 legs in no rotation: %3 (lower bound %4)")
        .arg(p.proposal.rotations.size())
        .arg(p.legs.size())
        .arg(types.isEmpty() ? QString("no aircraft") : types.join(", "))
        .arg(p.proposal.total_lower_bound());
}

void BuildRotationsDialog::show_proposal(std::shared_ptr<const storage::RotationProposal> proposal, const QString& why) {
    proposal_ = std::move(proposal);
    if (!proposal_) {
        summary_->setText("No proposal: " + why);
        return;
    }
    const auto& p = *proposal_;
    if (p.legs.empty()) {
        summary_->setText("Every leg is in a rotation already: nothing to build.");
        return;
    }
    summary_->setText("<b>Fleet needed:</b> " + fleet_text(p).toHtmlEscaped() +
                      "<br>Each departure takes the aircraft on the ground longest; Create makes them one step of the "
                      "history (Ctrl+Z undoes it).");
    QString text;
    for (std::size_t r = 0; r < p.proposal.rotations.size(); ++r) {
        const auto& legs = p.proposal.rotations[r];
        const Leg& first = p.legs[legs.front()];
        const Leg& last = p.legs[legs.back()];
        text += QString::fromStdString(p.names[r] + "  " + std::to_string(legs.size()) + " legs  " +
                                       first.designator.departure.str() + " " + format_instant(first.std_utc) + " .. " +
                                       last.arrival.str() + " " + format_instant(last.sta_utc)) +
                "\n";
    }
    detail_->setPlainText(text);
    create_->setEnabled(true);
}

}  // namespace rotaplan::ui
