#include "ssm_export_dialog.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QRadioButton>
#include <QTimeZone>
#include <QVBoxLayout>

#include <limits>

#include "ui/session/session.h"

namespace rotaplan::ui {

SsmExportDialog::SsmExportDialog(Session& session, QWidget* parent) : QDialog(parent), session_(session) {
    setWindowTitle("Export changes as SSM/ASM");
    setObjectName("ssmExportDialog");
    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout;
    auto* starts = new QVBoxLayout;
    auto row = [&](QRadioButton* button, QWidget* field) {
        auto* h = new QHBoxLayout;
        h->addWidget(button);
        h->addWidget(field, 1);
        starts->addLayout(h);
    };
    from_import_ = new QRadioButton("an import");
    from_time_ = new QRadioButton("a time (UTC)");
    from_entry_ = new QRadioButton("a history entry");
    from_now_ = new QRadioButton("now (the schedule shown, as it is)");
    from_now_->setObjectName("ssmFromNow");
    imports_ = new QComboBox;
    imports_->setObjectName("ssmImports");
    entries_ = new QComboBox;
    entries_->setObjectName("ssmEntries");
    time_ = new QDateTimeEdit(QDateTime::currentDateTimeUtc().addDays(-1).toUTC());
    time_->setTimeSpec(Qt::UTC);
    time_->setDisplayFormat("yyyy-MM-dd HH:mm 'UTC'");
    row(from_import_, imports_);
    row(from_time_, time_);
    row(from_entry_, entries_);
    starts->addWidget(from_now_);
    auto* group = new QButtonGroup(this);
    for (auto* b : {from_import_, from_time_, from_entry_, from_now_}) group->addButton(b);
    from_entry_->setChecked(true);
    form->addRow("Changes since:", starts);
    until_ = new QComboBox;
    until_->setObjectName("ssmUntil");
    until_->addItem("now", QString());
    form->addRow("Until:", until_);
    mode_ = new QComboBox;
    mode_->setObjectName("ssmTimeMode");
    mode_->addItem("local times (LT), with UTC variations", false);
    mode_->addItem("UTC", true);
    form->addRow("Times:", mode_);
    layout->addLayout(form);
    auto* actions = new QHBoxLayout;
    preview_ = new QPushButton("&Preview");
    preview_->setObjectName("ssmPreview");
    summary_ = new QLabel("Choose where the changes start, then Preview.");
    summary_->setObjectName("ssmSummary");
    summary_->setWordWrap(true);
    actions->addWidget(preview_);
    actions->addWidget(summary_, 1);
    layout->addLayout(actions);
    text_ = new QPlainTextEdit;
    text_->setObjectName("ssmMessages");
    text_->setReadOnly(true);
    text_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    text_->setMinimumSize(520, 320);
    layout->addWidget(text_, 1);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    export_ = buttons->addButton("&Export…", QDialogButtonBox::AcceptRole);
    export_->setObjectName("ssmExport");
    export_->setEnabled(false);
    layout->addWidget(buttons);

    connect(preview_, &QPushButton::clicked, this, [this] { preview(); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(export_, &QPushButton::clicked, this, [this] {
        QString path = QFileDialog::getSaveFileName(this, "Export the changes as SSM/ASM", "changes.ssm");
        if (!path.isEmpty()) export_to(path);
    });
    // A new choice: the preview shown no longer says what Export would write.
    auto stale = [this] {
        export_->setEnabled(false);
        text_->clear();
        summary_->setText("Preview to see the messages.");
    };
    for (auto* b : {from_import_, from_time_, from_entry_, from_now_}) connect(b, &QRadioButton::toggled, this, stale);
    connect(until_, &QComboBox::currentIndexChanged, this, stale);
    connect(imports_, &QComboBox::currentIndexChanged, this, stale);
    connect(entries_, &QComboBox::currentIndexChanged, this, stale);
    connect(mode_, &QComboBox::currentIndexChanged, this, stale);
    connect(time_, &QDateTimeEdit::dateTimeChanged, this, stale);

    QPointer<SsmExportDialog> alive(this);
    session_.ssm_points([alive](std::shared_ptr<const std::vector<SsmPoint>> points) {
        if (!alive) return;
        alive->points_ = points;
        alive->imports_->clear();
        alive->entries_->clear();
        // Newest first: the usual start is the last import or a recent change.
        for (auto it = points->rbegin(); it != points->rend(); ++it)
            if (!it->scenario) (it->import ? alive->imports_ : alive->entries_)->addItem(it->label, it->position);
        while (alive->until_->count() > 1) alive->until_->removeItem(1);
        for (const auto& p : *points)
            if (p.scenario) alive->until_->addItem(p.label == "main" ? QString("main (the published schedule)") : "scenario " + p.label, p.label);
        alive->from_import_->setEnabled(alive->imports_->count() > 0);
        emit alive->pointsLoaded();
    });
}

void SsmExportDialog::choose_start(Start start) {
    (start == Start::Import ? from_import_ : start == Start::Time ? from_time_ : start == Start::Now ? from_now_ : from_entry_)->setChecked(true);
}

SsmRequest SsmExportDialog::request() const {
    SsmRequest r;
    r.utc = mode_->currentData().toBool();
    r.until = until_->currentData().toString();
    if (from_time_->isChecked()) r.since_time = time_->dateTime().toUTC().toString("yyyy-MM-ddTHH:mm:ss.zzzZ");
    else if (from_import_->isChecked()) r.since = imports_->currentData().toLongLong();
    else if (from_now_->isChecked()) r.since = std::numeric_limits<qint64>::max();  // the worker takes the last event
    else r.since = entries_->currentData().toLongLong();
    return r;
}

void SsmExportDialog::preview() {
    if ((from_import_->isChecked() && imports_->count() == 0) || (from_entry_->isChecked() && entries_->count() == 0)) {
        summary_->setText("There is nothing to start from yet.");
        emit previewed();
        return;
    }
    preview_->setEnabled(false);
    summary_->setText("Comparing…");
    QPointer<SsmExportDialog> alive(this);
    session_.ssm_changes(request(), [alive](bool ok, QString error, std::shared_ptr<const SsmPreview> p) {
        if (!alive) return;
        alive->preview_->setEnabled(true);
        if (!ok) {
            alive->summary_->setText(error);
            alive->text_->clear();
        } else {
            alive->summary_->setText(QString("%1 (%2)").arg(p->summary, p->span));
            alive->text_->setPlainText(p->text);
            alive->export_->setEnabled(p->messages > 0);
        }
        emit alive->previewed();
    });
}

void SsmExportDialog::export_to(const QString& path) {
    SsmRequest r = request();
    r.path = path;
    export_->setEnabled(false);
    QPointer<SsmExportDialog> alive(this);
    session_.ssm_changes(r, [alive, path](bool ok, QString error, std::shared_ptr<const SsmPreview> p) {
        if (!alive) return;
        if (!ok) {
            alive->summary_->setText(error);
            alive->export_->setEnabled(true);
            emit alive->exported(false, error);
            return;
        }
        const QString message = QString("exported %1 to %2").arg(p->summary, path);
        alive->summary_->setText(message);
        emit alive->exported(true, message);
        alive->accept();
    });
}

}  // namespace rotaplan::ui
