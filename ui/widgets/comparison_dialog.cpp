#include "comparison_dialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QListWidget>
#include <QVBoxLayout>

#include "ui/session/session.h"

namespace rotaplan::ui {

namespace {
constexpr int kLegRole = Qt::UserRole + 1;
}

ComparisonDialog::ComparisonDialog(Session& session, QWidget* parent) : QDialog(parent), session_(session) {
    setObjectName("comparisonDialog");
    setWindowTitle("Compare with now");
    setAccessibleName("Compare with now");
    auto* layout = new QVBoxLayout(this);
    summary_ = new QLabel;
    summary_->setObjectName("comparisonSummary");
    summary_->setWordWrap(true);
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(summary_);
    lines_ = new QListWidget;
    lines_->setObjectName("comparisonLines");
    lines_->setAccessibleName("Differences");
    lines_->setUniformItemSizes(true);  // up to a thousand lines
    layout->addWidget(lines_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::close);
    layout->addWidget(buttons);
    connect(lines_, &QListWidget::currentItemChanged, this, [this](QListWidgetItem* item) {
        if (!item) return;
        if (auto id = Uuid::parse(item->data(kLegRole).toString().toStdString())) emit legChosen(LegId{*id});
    });
    connect(&session_, &Session::compared, this, &ComparisonDialog::fill);
    resize(820, 480);
    fill();
}

void ComparisonDialog::fill() {
    lines_->clear();
    auto c = session_.comparison();
    if (!c) {
        if (!session_.comparison_error().isEmpty())
            summary_->setText("The comparison could not be made: " + session_.comparison_error());
        else
            summary_->setText(session_.view().as_of() ? "Comparing the schedule shown with now…"
                                                      : "Look at an earlier point first (double-click an entry of the History panel): "
                                                        "the comparison is made with each look back.");
        return;
    }
    const auto& then = c->validation_then;
    const auto& now = c->validation_now;
    const bool versions = !c->first_version.empty();
    setWindowTitle(versions ? "Compare versions" : "Compare with now");
    QString head = versions ? QString("%1 compared with %2: %3.\nViolations %1 -> %2:")
                                  .arg(QString::fromStdString(c->first_version), QString::fromStdString(c->second_version),
                                       QString::fromStdString(c->summary()))
                            : QString("As of event %1, compared with now (event %2): %3.\nViolations then -> now:")
                                  .arg(c->as_of)
                                  .arg(c->now)
                                  .arg(QString::fromStdString(c->summary()));
    summary_->setText(head + QString(" continuity %1 -> %2, minimum ground time %3 -> %4, flight designator uniqueness %5 -> %6.")
                          .arg(then.continuity)
                          .arg(now.continuity)
                          .arg(then.min_ground_time)
                          .arg(now.min_ground_time)
                          .arg(then.designator_uniqueness)
                          .arg(now.designator_uniqueness));
    for (const auto& line : c->lines) {
        auto* item = new QListWidgetItem(QString::fromStdString(line.text), lines_);
        if (line.leg) item->setData(kLegRole, QString::fromStdString(line.leg->value.str()));
    }
    if (c->total_lines > long(c->lines.size())) {
        auto* more = new QListWidgetItem(QString("… and %1 more lines (the counts above are complete)").arg(c->total_lines - long(c->lines.size())),
                                         lines_);
        more->setFlags(Qt::NoItemFlags);
    }
}

}  // namespace rotaplan::ui
