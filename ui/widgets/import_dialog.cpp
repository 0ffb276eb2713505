#include "import_dialog.h"

#include <QCheckBox>
#include <QDate>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "ui/session/shown_time.h"
#include "ui/session/wording.h"
#include "ui/widgets/palette.h"

namespace rotaplan::ui {

namespace {

// How many legs' lines the detail pane shows at once: enough to read an
// airline's day, not a season (the groups below are bounded too).
constexpr int kDetailLines = 3000;

QString day_label(Date d) {
    return QLocale(QLocale::English).toString(to_qdate(d), "yyyy-MM-dd ddd");
}

QString number(long n) { return n ? QLocale(QLocale::English).toString(qlonglong(n)) : QString(); }

// A file field with its Browse… button.
QLineEdit* file_row(QFormLayout* form, const QString& label, const QString& name, const QString& placeholder,
                    std::function<void(QLineEdit*)> browse) {
    auto* edit = new QLineEdit;
    edit->setObjectName(name);
    edit->setAccessibleName(QString(label).remove('&').remove(':'));
    edit->setPlaceholderText(placeholder);
    auto* button = new QPushButton("Browse…");
    button->setObjectName(name + "Browse");
    QObject::connect(button, &QPushButton::clicked, edit, [edit, browse] { browse(edit); });
    auto* row = new QHBoxLayout;
    row->addWidget(edit, 1);
    row->addWidget(button);
    auto* caption = new QLabel(label);
    caption->setBuddy(edit);  // Alt and its letter go to the field
    form->addRow(caption, row);
    return edit;
}

}  // namespace

ImportDialog::ImportDialog(const ImportRequest& files, QWidget* parent) : QDialog(parent) {
    setObjectName("importDialog");
    setWindowTitle("Import SSIM");
    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout;
    ssim_ = file_row(form, "&SSIM file:", "importSsimFile", "the season as the airline sends it (IATA SSIM chapter 7)",
                     [this](QLineEdit* edit) {
                         QString path = QFileDialog::getOpenFileName(this, "Import an SSIM schedule", QFileInfo(edit->text()).path(),
                                                                     "SSIM files (*.ssim *.txt);;All files (*)");
                         if (path.isEmpty()) return;
                         edit->setText(path);
                         preview_files();
                     });
    rotations_ = file_row(form, "&Rotation file:", "importRotationFile", "optional: which rotation each leg belongs to",
                          [this](QLineEdit* edit) {
                              QString path = QFileDialog::getOpenFileName(this, "Rotation file for this schedule",
                                                                          QFileInfo(edit->text().isEmpty() ? ssim_->text() : edit->text()).path(),
                                                                          "CSV files (*.csv);;All files (*)");
                              if (path.isEmpty()) return;
                              edit->setText(path);
                              preview_files();
                          });
    auto* hint = new QLabel("Optional. A CSV file with a line per leg: rotation, airplane, airline, flight number, suffix, "
                            "departure, day of origin (and STD where one designator flies twice). Without it the "
                            "legs come in unassigned, ready to be built into rotations.");
    hint->setWordWrap(true);
    hint->setForegroundRole(QPalette::PlaceholderText);
    lenient_ = new QCheckBox("Skip records that cannot be read (each one listed) rather than stop at the first");
    lenient_->setObjectName("importLenient");
    // The file's own aircraft routing, where no rotation file says otherwise.
    from_onward_ = new QCheckBox("Without a rotation file, build rotations from the file's onward flights");
    from_onward_->setObjectName("importFromOnward");
    from_onward_->setToolTip("Each leg's onward flight and layover name the leg its aircraft flies next; the links "
                             "that do not resolve are listed above before anything is written");
    layout->addLayout(form);
    layout->addWidget(hint);
    layout->addWidget(lenient_);
    layout->addWidget(from_onward_);
    connect(from_onward_, &QCheckBox::toggled, this, &ImportDialog::preview_files);
    connect(rotations_, &QLineEdit::textChanged, this, [this](const QString& t) { from_onward_->setEnabled(t.trimmed().isEmpty()); });
    for (QLineEdit* edit : {ssim_, rotations_}) connect(edit, &QLineEdit::editingFinished, this, &ImportDialog::preview_files);
    connect(lenient_, &QCheckBox::toggled, this, &ImportDialog::preview_files);

    summary_ = new QLabel;
    summary_->setObjectName("importSummary");
    summary_->setWordWrap(true);
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(summary_);
    notes_ = new QPlainTextEdit;
    notes_->setObjectName("importNotes");
    notes_->setReadOnly(true);
    notes_->setMaximumHeight(110);
    notes_->setToolTip("What the files hold that is worth knowing; kept with the import (rotaplan-cli imports)");
    notes_->hide();
    layout->addWidget(notes_);

    auto* split = new QSplitter(Qt::Horizontal);
    groups_ = new QTreeWidget;
    groups_->setObjectName("importGroups");
    groups_->setHeaderLabels({"Airline / day of origin", "Added", "Retimed", "Changed", "Cancelled"});
    groups_->setRootIsDecorated(true);
    groups_->setUniformRowHeights(true);
    groups_->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    for (int c = 1; c < 5; ++c) groups_->header()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    connect(groups_, &QTreeWidget::currentItemChanged, this, &ImportDialog::show_group_detail);
    auto* right = new QWidget;
    auto* right_layout = new QVBoxLayout(right);
    right_layout->setContentsMargins(0, 0, 0, 0);
    detail_heading_ = new QLabel;
    detail_heading_->setObjectName("importDetailHeading");
    detail_heading_->setWordWrap(true);
    detail_ = new QPlainTextEdit;
    detail_->setObjectName("importDetail");
    detail_->setReadOnly(true);
    detail_->setLineWrapMode(QPlainTextEdit::NoWrap);
    detail_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    right_layout->addWidget(detail_heading_);
    right_layout->addWidget(detail_, 1);
    split->addWidget(groups_);
    split->addWidget(right);
    split->setSizes({430, 530});
    layout->addWidget(split, 1);

    // Cancelling a large share of the schedule is confirmed here, as
    // --allow-cancel confirms it on the command line.
    allow_cancel_ = new QCheckBox;
    allow_cancel_->setObjectName("allowCancel");
    allow_cancel_->hide();
    show_as_warning(allow_cancel_);
    connect(allow_cancel_, &QCheckBox::toggled, this, [this] {
        import_->setEnabled(previewed_ && !importing_ && allow_cancel_->isChecked());
    });
    layout->addWidget(allow_cancel_);
    problem_ = new QLabel;
    problem_->setObjectName("importProblem");
    problem_->setWordWrap(true);
    problem_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    problem_->hide();
    show_as_warning(problem_);
    layout->addWidget(problem_);
    auto* progress_row = new QHBoxLayout;
    step_ = new QLabel;
    step_->setObjectName("importStep");
    progress_ = new QProgressBar;
    progress_->setObjectName("importProgress");
    progress_->setRange(0, 1000);
    progress_->setTextVisible(false);
    progress_row->addWidget(step_);
    progress_row->addWidget(progress_, 1);
    layout->addLayout(progress_row);
    step_->hide();
    progress_->hide();

    auto* buttons = new QDialogButtonBox;
    import_ = buttons->addButton("Import", QDialogButtonBox::AcceptRole);
    import_->setObjectName("importButton");
    import_->setEnabled(false);
    cancel_ = buttons->addButton(QDialogButtonBox::Cancel);
    connect(import_, &QPushButton::clicked, this, &ImportDialog::start_import);
    connect(cancel_, &QPushButton::clicked, this, &ImportDialog::reject);
    layout->addWidget(buttons);
    resize(960, 600);

    ssim_->setText(files.ssim);
    rotations_->setText(files.rotations);
    lenient_->setChecked(files.lenient);
    from_onward_->setChecked(files.rotations_from_onward);
    if (files.ssim.isEmpty()) summary_->setText("Choose the SSIM file to import: the dialog shows what it would change "
                                                "before anything is written.");
}

ImportRequest ImportDialog::request() const {
    ImportRequest r;
    r.ssim = ssim_->text().trimmed();
    r.rotations = rotations_->text().trimmed();
    r.lenient = lenient_->isChecked();
    r.rotations_from_onward = from_onward_->isChecked() && r.rotations.isEmpty();
    r.allow_cancel = allow_cancel_->isVisible() && allow_cancel_->isChecked();
    return r;
}

void ImportDialog::preview_files() {
    if (importing_) return;
    ImportRequest r = request();
    previewed_ = false;
    import_->setEnabled(false);
    groups_->clear();
    detail_->clear();
    detail_heading_->clear();
    notes_->hide();
    allow_cancel_->hide();
    allow_cancel_->setChecked(false);
    set_problem({});
    if (r.ssim.isEmpty()) {
        summary_->setText("Choose the SSIM file to import.");
        step_->hide();
        progress_->hide();
        return;
    }
    summary_->setText("Reading " + QFileInfo(r.ssim).fileName() + " and comparing it with the schedule…");
    progress_->setRange(0, 0);  // busy: a preview has no steps to count
    progress_->show();
    emit previewRequested(r);
}

void ImportDialog::show_preview(const ImportRequest& asked, bool ok, const QString& error, const ImportPreview& preview) {
    const ImportRequest now = request();
    if (importing_ || asked.ssim != now.ssim || asked.rotations != now.rotations || asked.lenient != now.lenient ||
        asked.rotations_from_onward != now.rotations_from_onward)
        return;
    progress_->hide();
    progress_->setRange(0, 1000);
    if (!ok) {
        summary_->setText(QFileInfo(asked.ssim).fileName() + " cannot be imported:");
        set_problem(error + "\n\nNothing was written. Fix the file (or tick \"Skip records…\" for records that cannot "
                            "be read) and it is read again.");
        return;
    }
    preview_ = preview;
    previewed_ = true;
    long total = 0;
    for (const auto& g : preview.groups) total += g.changes();
    summary_->setText(total ? "<b>Importing " + QFileInfo(asked.ssim).fileName().toHtmlEscaped() + "</b> will make these changes: " +
                                  preview.summary.toHtmlEscaped() + "."
                            : "<b>" + QFileInfo(asked.ssim).fileName().toHtmlEscaped() +
                                  "</b> holds what the schedule already holds: importing it changes nothing (" +
                                  preview.summary.toHtmlEscaped() + ").");
    if (!preview.notes.isEmpty()) {
        notes_->setPlainText(preview.notes.join('\n'));
        notes_->show();
    }
    // Airlines with their totals; their days of origin beneath.
    groups_->setUpdatesEnabled(false);
    QTreeWidgetItem* airline = nullptr;
    long sums[4] = {};
    auto close_airline = [&] {
        if (!airline) return;
        for (int c = 0; c < 4; ++c) airline->setText(c + 1, number(sums[c]));
        std::fill(std::begin(sums), std::end(sums), 0);
    };
    for (std::size_t i = 0; i < preview.groups.size(); ++i) {
        const auto& g = preview.groups[i];
        const QString code = QString::fromStdString(g.airline.str());
        if (!airline || airline->text(0) != code) {
            close_airline();
            airline = new QTreeWidgetItem(groups_, {code});
            airline->setData(0, Qt::UserRole, int(i));
        }
        airline->setData(0, Qt::UserRole + 1, int(i));
        auto* day = new QTreeWidgetItem(airline, {day_label(g.day_of_origin), number(g.added), number(g.retimed),
                                                  number(g.changed), number(g.cancelled)});
        day->setData(0, Qt::UserRole, int(i));
        day->setData(0, Qt::UserRole + 1, int(i));
        sums[0] += g.added;
        sums[1] += g.retimed;
        sums[2] += g.changed;
        sums[3] += g.cancelled;
    }
    close_airline();
    for (int r = 0; r < groups_->topLevelItemCount(); ++r) {
        QTreeWidgetItem* top = groups_->topLevelItem(r);
        for (int c = 1; c < 5; ++c) {
            top->setTextAlignment(c, Qt::AlignRight | Qt::AlignVCenter);
            for (int d = 0; d < top->childCount(); ++d) top->child(d)->setTextAlignment(c, Qt::AlignRight | Qt::AlignVCenter);
        }
    }
    groups_->setUpdatesEnabled(true);
    if (groups_->topLevelItemCount()) groups_->setCurrentItem(groups_->topLevelItem(0));
    if (!preview.cancellation.isEmpty()) {
        allow_cancel_->setText("Yes, cancel them: " + preview.cancellation);
        allow_cancel_->show();
    }
    import_->setEnabled(total && preview.cancellation.isEmpty());
    if (total) import_->setDefault(true);
}

void ImportDialog::show_group_detail() {
    auto* item = groups_->currentItem();
    if (!item || !previewed_) return;
    const int first = item->data(0, Qt::UserRole).toInt(), last = item->data(0, Qt::UserRole + 1).toInt();
    QStringList lines;
    long changes = 0;
    for (int i = first; i <= last && i < int(preview_.groups.size()); ++i) {
        const auto& g = preview_.groups[std::size_t(i)];
        changes += g.changes();
        for (const auto& l : g.lines) {
            if (lines.size() >= kDetailLines) break;
            lines << QString::fromStdString(l);
        }
    }
    QString where = item->parent() ? item->parent()->text(0) + " on " + item->text(0) : "Airline " + item->text(0);
    QString heading = where + ": " + count_of(changes, "change", "changes");
    if (lines.size() < changes)
        heading += QString(": the first %1 shown%2; the import makes them all")
                       .arg(QLocale(QLocale::English).toString(qlonglong(lines.size())),
                            item->parent() ? QString() : QString(" (choose a day for its own)"));
    detail_heading_->setText(heading);
    detail_->setPlainText(lines.join('\n'));
}

void ImportDialog::start_import() {
    if (importing_) return;
    ImportRequest r = request();
    if (r.ssim.isEmpty()) return;
    importing_ = true;
    cancelling_ = false;
    import_->setEnabled(false);
    for (QWidget* w : std::initializer_list<QWidget*>{ssim_, rotations_, lenient_, allow_cancel_, from_onward_}) w->setEnabled(false);
    set_problem({});
    step_->setText("Starting the import…");
    step_->show();
    progress_->setRange(0, 1000);
    progress_->setValue(0);
    progress_->show();
    emit importRequested(r);
}

void ImportDialog::show_progress(int permille, const QString& step) {
    if (!importing_ || cancelling_) return;
    step_->setText(step + "…");
    progress_->setValue(permille);
}

void ImportDialog::show_result(bool ok, const QString& message) {
    importing_ = false;
    if (ok || cancelling_) {
        accept();
        return;
    }
    for (QWidget* w : std::initializer_list<QWidget*>{ssim_, rotations_, lenient_, allow_cancel_}) w->setEnabled(true);
    from_onward_->setEnabled(rotations_->text().trimmed().isEmpty());
    step_->hide();
    progress_->hide();
    set_problem("The import failed: " + message);
    import_->setEnabled(previewed_ && (preview_.cancellation.isEmpty() || allow_cancel_->isChecked()));
}

void ImportDialog::reject() {
    if (!importing_) {
        QDialog::reject();
        return;
    }
    // The worker stops at its next step and rolls back; the dialog closes
    // when it has said so (show_result), so nothing is left half-written behind it.
    if (cancelling_) return;
    cancelling_ = true;
    step_->setText("Cancelling: nothing will be written…");
    cancel_->setEnabled(false);
    emit cancelRequested();
}

void ImportDialog::set_problem(const QString& text) {
    problem_->setText(text);
    problem_->setVisible(!text.isEmpty());
}

}  // namespace rotaplan::ui
