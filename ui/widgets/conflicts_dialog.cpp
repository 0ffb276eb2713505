#include "conflicts_dialog.h"

#include <QDateTime>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include "session/session.h"

namespace rotaplan::ui {

namespace {

enum Column { When, Command, Reason, Planner, Columns };

QString local_time(const std::string& iso) {
    QDateTime t = QDateTime::fromString(QString::fromStdString(iso), Qt::ISODateWithMs);
    return t.isValid() ? t.toLocalTime().toString("yyyy-MM-dd HH:mm") : QString::fromStdString(iso);
}

}  // namespace

ConflictsDialog::ConflictsDialog(Session& session, QWidget* parent) : QDialog(parent), session_(session) {
    setObjectName("conflictsDialog");
    setWindowTitle("Sync conflicts");
    setAccessibleName("Sync conflicts");
    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(
        "These changes of yours no longer apply after colleagues' changes, or the server refused them. Drop one to "
        "give it up, or change the schedule so that it fits and Retry it; a new rotation whose name a colleague "
        "took first can be retried under another name.");
    intro->setWordWrap(true);
    layout->addWidget(intro);

    table_ = new QTableWidget(0, Columns);
    table_->setObjectName("conflictTable");
    table_->setAccessibleName("Conflicts");
    table_->setHorizontalHeaderLabels({"When", "Change", "Why it no longer applies", "Planner"});
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setSectionResizeMode(Reason, QHeaderView::Stretch);
    layout->addWidget(table_);

    outcome_ = new QLabel;
    outcome_->setObjectName("conflictOutcome");
    outcome_->setWordWrap(true);
    layout->addWidget(outcome_);

    auto* buttons = new QHBoxLayout;
    drop_ = new QPushButton("&Drop");
    drop_->setObjectName("dropConflict");
    drop_->setAccessibleName("Drop the selected change");
    drop_->setToolTip("Give this change up: it never reaches the shared schedule");
    retry_ = new QPushButton("&Retry");
    retry_->setObjectName("retryConflict");
    retry_->setAccessibleName("Retry the selected change");
    retry_->setToolTip("Decide this change again on the schedule as it is now");
    retry_as_ = new QPushButton("Retry &as…");
    retry_as_->setObjectName("retryConflictAs");
    retry_as_->setAccessibleName("Retry the selected rotation under another name");
    retry_as_->setToolTip("A rotation's creation or renaming, under a name nobody has taken");
    auto* close = new QDialogButtonBox(QDialogButtonBox::Close);
    buttons->addWidget(drop_);
    buttons->addWidget(retry_);
    buttons->addWidget(retry_as_);
    buttons->addStretch();
    buttons->addWidget(close);
    layout->addLayout(buttons);

    connect(drop_, &QPushButton::clicked, this, &ConflictsDialog::drop_selected);
    connect(retry_, &QPushButton::clicked, this, &ConflictsDialog::retry_selected);
    connect(retry_as_, &QPushButton::clicked, this, [this] {
        bool ok = false;
        QString name = QInputDialog::getText(this, "Retry under another name", "New name for the rotation:",
                                             QLineEdit::Normal, {}, &ok);
        if (ok && !name.trimmed().isEmpty()) retry_selected_as(name.trimmed());
    });
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(table_, &QTableWidget::itemSelectionChanged, this, &ConflictsDialog::follow_selection);
    connect(&session_, &Session::conflictsChanged, this, &ConflictsDialog::fill);
    resize(900, 360);
    fill();
    session_.load_conflicts();
}

void ConflictsDialog::fill() {
    QString keep = selected();
    table_->setRowCount(0);
    const auto& list = session_.conflicts();
    table_->setRowCount(int(list.size()));
    int reselect = list.empty() ? -1 : 0;
    for (int row = 0; row < int(list.size()); ++row) {
        const auto& c = list[std::size_t(row)];
        QString id = QString::fromStdString(c.command_id);
        auto put = [&](int column, const QString& text) {
            auto* item = new QTableWidgetItem(text);
            item->setData(Qt::UserRole, id);
            item->setToolTip(QString::fromStdString(c.description));
            table_->setItem(row, column, item);
        };
        put(When, local_time(c.issued_at));
        put(Command, QString::fromStdString(c.command));
        put(Reason, QString::fromStdString(c.reason));
        put(Planner, QString::fromStdString(c.planner));
        if (id == keep) reselect = row;
    }
    table_->resizeColumnToContents(When);
    table_->resizeColumnToContents(Command);
    select(reselect);
    follow_selection();
}

QString ConflictsDialog::selected() const {
    auto rows = table_->selectionModel()->selectedRows();
    if (rows.isEmpty()) return {};
    auto* item = table_->item(rows.front().row(), 0);
    return item ? item->data(Qt::UserRole).toString() : QString();
}

void ConflictsDialog::select(int row) {
    if (row < 0 || row >= table_->rowCount()) table_->clearSelection();
    else table_->selectRow(row);
}

void ConflictsDialog::follow_selection() {
    bool any = !selected().isEmpty();
    drop_->setEnabled(any);
    retry_->setEnabled(any);
    bool named = false;
    for (const auto& c : session_.conflicts())
        if (QString::fromStdString(c.command_id) == selected())
            named = c.command == "CreateRotation" || c.command == "RenameRotation";
    retry_as_->setEnabled(named);
}

void ConflictsDialog::drop_selected() {
    QString id = selected();
    if (id.isEmpty()) return;
    session_.drop_conflict(id, [self = QPointer<ConflictsDialog>(this)](bool ok, QString message) {
        if (self) self->outcome_->setText(ok ? "Dropped." : "Not dropped: " + message);
    });
}

void ConflictsDialog::retry_selected_as(const QString& name) {
    QString id = selected();
    if (id.isEmpty()) return;
    session_.retry_conflict(
        id,
        [self = QPointer<ConflictsDialog>(this), name](bool ok, QString message) {
            if (self) self->outcome_->setText(ok ? "It applies as " + name + " and will be pushed." : "Still a conflict: " + message);
        },
        name);
}

void ConflictsDialog::retry_selected() {
    QString id = selected();
    if (id.isEmpty()) return;
    session_.retry_conflict(id, [self = QPointer<ConflictsDialog>(this)](bool ok, QString message) {
        if (self) self->outcome_->setText(ok ? "It applies now and will be pushed." : "Still a conflict: " + message);
    });
}

}  // namespace rotaplan::ui
