#include "main_window.h"

#include <QApplication>
#include <QCheckBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QSaveFile>
#include <QThreadPool>
#include <QHBoxLayout>
#include <QStackedWidget>
#include <QDockWidget>
#include <QFileInfo>
#include <QFileDialog>
#include <QActionGroup>
#include <QHeaderView>
#include <QInputDialog>
#include <QLineEdit>
#include <QTimer>
#include <QToolBar>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPrintDialog>
#include <QPrinter>
#include <QPushButton>
#include <QStatusBar>
#include <QSettings>
#include <QVBoxLayout>

#include "core/planner.h"
#include "widgets/import_dialog.h"
#include "widgets/new_leg_dialog.h"
#include "widgets/ssm_export_dialog.h"
#include "session/shown_time.h"
#include "session/wording.h"
#include "widgets/sync_settings_dialog.h"
#include "ui/sync/sync_tokens.h"

#include "commands/leg_changes.h"
#include "commands/rotation_changes.h"
#include "commands/undo.h"
#include "plan_build.h"

namespace rotaplan::ui {

namespace {

// "airline XQ, from 2026-06-01": the filter in the words of its fields.
QString describe_filter(const LegFilter& f) {
    QStringList parts;
    if (!f.airline.empty()) parts << "airline " + QString::fromStdString(f.airline);
    if (!f.airport.empty()) parts << "at " + QString::fromStdString(f.airport);
    if (!f.aircraft_type.empty()) parts << "a " + QString::fromStdString(f.aircraft_type);
    if (f.flight)
        parts << "flight " + (f.flight->airline.str().empty() ? QString::number(f.flight->number)
                                                              : QString::fromStdString(format_flight_number(*f.flight)));
    if (f.from) parts << "from " + QString::fromStdString(format_date(*f.from));
    if (f.to) parts << "to " + QString::fromStdString(format_date(*f.to));
    return parts.join(", ");
}

}  // namespace

MainWindow::MainWindow(Session& session, QWidget* parent)
    : QMainWindow(parent), session_(session), sync_link_(std::make_unique<SyncLink>(session)) {
    setObjectName("mainWindow");
    setWindowTitle(window_title());
    chart_ = new RotationChart(session, this);
    central_ = new QStackedWidget;
    central_->addWidget(chart_);
    setCentralWidget(central_);
    build_leg_table();
    build_history_panel(build_validation_panel());
    build_rotations_panel();  // main_window_rotations.cpp
    build_station_panels();   // main_window_stations.cpp
    build_filter_bar();
    build_status_bar();
    build_menus();
    build_scenarios();  // main_window_scenarios.cpp
    build_find();       // main_window_find.cpp
    build_help_menu();  // main_window_help.cpp, last in the menu bar
    build_first_steps();
    follow_schedule();
    follow_selection();
    resize(1400, 860);
    // The validation panel's columns need room; the chart keeps the most.
    resizeDocks({findChild<QDockWidget*>("validationDock")}, {360}, Qt::Horizontal);
    update_status();
}

// An empty schedule says what to do instead of showing an empty chart: the
// three ways a planner starts (a file, the demo, the team's server).
void MainWindow::build_first_steps() {
    first_steps_ = new QWidget;
    first_steps_->setObjectName("firstSteps");
    auto* layout = new QVBoxLayout(first_steps_);
    layout->addStretch(1);
    auto* title = new QLabel("<h2>This schedule is empty</h2>"
                             "<p>Start with a season from an SSIM file (with its rotation file, if you have one), look "
                             "around in the demo schedule, or connect to your team's server to fetch the schedule "
                             "your colleagues share.</p>");
    title->setWordWrap(true);
    title->setAlignment(Qt::AlignCenter);
    title->setMaximumWidth(560);
    layout->addWidget(title, 0, Qt::AlignHCenter);
    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    auto button = [&](const char* name, const QString& text, auto act) {
        auto* b = new QPushButton(text);
        b->setObjectName(name);
        connect(b, &QPushButton::clicked, this, act);
        buttons->addWidget(b);
    };
    button("firstImport", "Import an SSIM file…", [this] { import_ssim_action_->trigger(); });
    button("firstDemo", "Load the demo schedule", [this] {
        session_.load_demo([this](bool ok, const QString& message) {
            statusBar()->showMessage(ok ? "Loaded " + message : "Demo: " + message, 10000);
        });
    });
    button("firstServer", "Connect to a server…", [this] { sync_settings_action_->trigger(); });
    buttons->addStretch(1);
    layout->addLayout(buttons);
    layout->addStretch(2);
    central_->addWidget(first_steps_);
}

void MainWindow::build_leg_table() {
    leg_model_ = new LegTableModel(session_.view(), this);
    legs_ = new QTableView;
    legs_->setObjectName("legTable");
    legs_->setAccessibleName("Legs");
    legs_->setModel(leg_model_);
    legs_->setSelectionBehavior(QAbstractItemView::SelectRows);
    legs_->setSortingEnabled(true);
    legs_->sortByColumn(LegTableModel::Std, Qt::AscendingOrder);
    legs_->verticalHeader()->setDefaultSectionSize(20);
    legs_->verticalHeader()->hide();
    legs_->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    // Columns sized from the first 100 rows: the times and designators are of
    // one width, and measuring Qt's default thousand took 40 ms after each load.
    legs_->horizontalHeader()->setResizeContentsPrecision(100);
    // The chosen leg stays in view when the table is sorted again.
    connect(leg_model_, &LegTableModel::sorted, this, [this] {
        if (legs_->currentIndex().isValid()) legs_->scrollTo(legs_->currentIndex(), QAbstractItemView::PositionAtCenter);
    });
    // No row to show says why, and the way back: an empty table reads as a broken one.
    auto* pages = new QStackedWidget;
    pages->addWidget(legs_);
    auto* empty = new QWidget;
    empty->setObjectName("legTableEmpty");
    auto* empty_layout = new QVBoxLayout(empty);
    auto* why = new QLabel;
    why->setObjectName("legTableEmptyText");
    why->setWordWrap(true);
    why->setAlignment(Qt::AlignCenter);
    auto* clear = new QPushButton("Clear the filter");
    clear->setObjectName("legTableClearFilter");
    connect(clear, &QPushButton::clicked, this, [this] {
        for (auto* e : findChild<QToolBar*>("filterBar")->findChildren<QLineEdit*>()) e->clear();
        session_.view().set_filter({});
    });
    empty_layout->addStretch(1);
    empty_layout->addWidget(why);
    empty_layout->addWidget(clear, 0, Qt::AlignHCenter);
    empty_layout->addStretch(1);
    pages->addWidget(empty);
    auto follow = [this, pages, empty, why, clear] {
        const auto& v = session_.view();
        const bool none = v.revision() > 0 && leg_model_->rowCount() == 0;
        if (none) {
            why->setText(v.filter().empty() ? QString("This schedule has no legs yet: import an SSIM file (File > Import SSIM…) "
                                                      "or add one (Edit > New leg…).")
                                            : QString("No leg of the %1 matches the filter (%2).")
                                                  .arg(count_of(long(v.legs_in_order().size()), "leg", "legs"), describe_filter(v.filter())));
            clear->setVisible(!v.filter().empty());
        }
        pages->setCurrentWidget(none ? empty : static_cast<QWidget*>(legs_));
    };
    connect(leg_model_, &QAbstractItemModel::modelReset, this, follow);
    connect(leg_model_, &QAbstractItemModel::rowsInserted, this, follow);
    connect(leg_model_, &QAbstractItemModel::rowsRemoved, this, follow);
    connect(&session_.view(), &ScheduleView::changed, this, follow);
    legs_dock_ = new QDockWidget("Legs", this);
    legs_dock_->setObjectName("legDock");
    legs_dock_->setWidget(pages);
    addDockWidget(Qt::BottomDockWidgetArea, legs_dock_);
}

// A filter by station or rotation and an export above the tree; the tree's
// header sorts the findings within each rule.
QDockWidget* MainWindow::build_validation_panel() {
    violation_model_ = new ViolationModel(session_.view(), this);
    violations_ = new QTreeView;
    violations_->setObjectName("validationPanel");
    violations_->setAccessibleName("Violations");
    violations_->setModel(violation_model_);
    violations_->header()->setSortIndicator(-1, Qt::AscendingOrder);  // the report's order until a header is clicked
    violations_->setSortingEnabled(true);
    violations_->setUniformRowHeights(true);  // tens of thousands of findings scroll without measuring each
    violations_->setAlternatingRowColors(true);
    auto* filter = new QLineEdit;
    filter->setObjectName("violationFilter");
    filter->setPlaceholderText("Station or rotation");
    filter->setClearButtonEnabled(true);
    connect(filter, &QLineEdit::textChanged, this, [this](const QString& text) {
        violation_model_->set_filter(text);
        show_violations(true);
    });
    auto* export_csv = new QToolButton;
    export_csv->setObjectName("exportViolations");
    export_csv->setText("Export CSV…");
    export_csv->setToolTip("Write the violations shown (filtered and sorted as here) to a CSV file");
    connect(export_csv, &QToolButton::clicked, this, [this] {
        QString path = QFileDialog::getSaveFileName(this, "Export violations as CSV", "violations.csv", "CSV files (*.csv)");
        if (!path.isEmpty()) export_violations(path);
    });
    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(0, 0, 0, 0);
    bar->addWidget(filter, 1);
    bar->addWidget(export_csv);
    auto* panel = new QWidget;
    auto* layout = new QVBoxLayout(panel);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addLayout(bar);
    layout->addWidget(violations_, 1);
    auto* violation_dock = new QDockWidget("Validation", this);
    violation_dock->setObjectName("validationDock");
    violation_dock->setWidget(panel);
    addDockWidget(Qt::RightDockWidgetArea, violation_dock);
    return violation_dock;
}

// Every rule open; the columns as wide as what they show, measured when the
// findings are read whole (a load, a filter), not after every edit: a tree
// view measures every open row, and a season can hold tens of thousands.
void MainWindow::show_violations(bool measure) {
    violations_->expandAll();
    for (int rule = 0; rule < violation_model_->rowCount(); ++rule) violations_->setFirstColumnSpanned(rule, {}, true);
    if (measure)
        for (int c = 0; c < ViolationModel::ColumnCount; ++c) violations_->resizeColumnToContents(c);
}

// The CSV is made here (from memory, milliseconds) and written on a pool
// thread: the GUI thread never waits on the disk.
void MainWindow::export_violations(const QString& path) {
    QByteArray bytes = violation_model_->as_csv().toUtf8();
    const int lines = int(bytes.count('\n')) - 1;
    QPointer<MainWindow> window(this);
    QThreadPool::globalInstance()->start([window, path, bytes = std::move(bytes), lines] {
        QSaveFile f(path);
        bool ok = f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size() && f.commit();
        QString why = ok ? QString() : f.errorString();
        QMetaObject::invokeMethod(qApp, [window, path, ok, why, lines] {
            if (!window) return;
            window->statusBar()->showMessage(ok ? QString("Exported %1 violation%2 to %3").arg(lines).arg(lines == 1 ? "" : "s").arg(path)
                                                : QString("Export failed: %1: %2").arg(path, why),
                                             15000);
            emit window->violationsExported(path, ok);
        });
    });
}

// Tabbed behind the validation panel, which stays in front.
void MainWindow::build_history_panel(QDockWidget* validation) {
    history_ = new QListWidget;
    history_->setObjectName("historyPanel");
    history_->setAccessibleName("History");
    // What the list follows is said above it, never in the tab: a tab title
    // that grows with a flight designator would widen the panels beside it.
    history_subject_ = new QLabel("The whole schedule");
    history_subject_->setObjectName("historySubject");
    history_subject_->setWordWrap(true);
    auto* panel = new QWidget;
    auto* layout = new QVBoxLayout(panel);
    layout->setContentsMargins(4, 4, 4, 0);
    layout->addWidget(history_subject_);
    layout->addWidget(history_, 1);
    history_dock_ = new QDockWidget("History", this);
    history_dock_->setObjectName("historyDock");
    history_dock_->setWidget(panel);
    addDockWidget(Qt::RightDockWidgetArea, history_dock_);
    connect(history_dock_, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        if (visible && session_.view().as_of() == 0) reload_history();
    });
    tabifyDockWidget(validation, history_dock_);
    validation->raise();
    connect(&session_, &Session::historyLoaded, this, [this](std::shared_ptr<const History> h) { show_history(*h); });
    // Double-click an entry: the schedule just after it, read-only.
    connect(history_, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
        session_.view_as_of(item->data(Qt::UserRole).toLongLong());
    });
}

// The filter bar: airline, airport, aircraft type, days of origin.
void MainWindow::build_filter_bar() {
    auto* filters = addToolBar("Filter");
    filters->setObjectName("filterBar");
    auto field = [&](const char* name, const char* placeholder, int width) {
        auto* edit = new QLineEdit;
        edit->setObjectName(name);
        edit->setPlaceholderText(placeholder);
        edit->setAccessibleName(placeholder);
        edit->setMaximumWidth(width);
        edit->setClearButtonEnabled(true);
        filters->addWidget(edit);
        return edit;
    };
    filters->addWidget(new QLabel(" Filter: "));
    auto* airline = field("filterAirline", "Airline", 70);
    auto* airport = field("filterAirport", "Airport", 70);
    auto* type = field("filterType", "Aircraft type", 100);
    auto* flight = field("filterFlight", "Flight", 80);
    auto* from = field("filterFrom", "From YYYY-MM-DD", 130);
    auto* to = field("filterTo", "To YYYY-MM-DD", 130);
    auto apply = [this, airline, airport, type, flight, from, to] {
        LegFilter f;
        f.airline = airline->text().trimmed().toUpper().toStdString();
        f.airport = airport->text().trimmed().toUpper().toStdString();
        f.aircraft_type = type->text().trimmed().toUpper().toStdString();
        std::string number = flight->text().remove(' ').toUpper().toStdString();
        if (!number.empty()) {
            bool digits = std::all_of(number.begin(), number.end(), [](char c) { return c >= '0' && c <= '9'; });
            f.flight = parse_flight_number(digits ? "ZZ" + number : number);  // a bare number: any airline's
            if (f.flight && digits) f.flight->airline = {};
            if (!f.flight) statusBar()->showMessage("Flight filter \"" + flight->text() + "\": write it like XQ1974 or 1974", 8000);
        }
        for (auto [edit, day, name] : {std::tuple{from, &f.from, "From"}, std::tuple{to, &f.to, "To"}}) {
            const QString text = edit->text().trimmed();
            *day = parse_date(text.toStdString());
            if (!text.isEmpty() && !*day)
                statusBar()->showMessage(QString("%1 date \"%2\": write it like 2026-06-12; the filter leaves it out").arg(name, text), 8000);
        }
        const LegFilter before = session_.view().filter();
        session_.view().set_filter(f);
        // A date range also takes the chart there: the days asked for fill its width.
        const auto& v = session_.view();
        if ((f.from || f.to) && (f.from != before.from || f.to != before.to) && !v.legs_in_order().empty())
            chart_->show_range(f.from ? instant_at(*f.from, 0) : v.first_departure(),
                               f.to ? instant_at(Date{f.to->days + 1}, 0) : v.last_arrival());
    };
    for (auto* e : {airline, airport, type, flight, from, to}) connect(e, &QLineEdit::editingFinished, this, apply);
    // Which clock the times are on, in words: a planner must never take a UTC time for a local one.
    times_shown_ = new QLabel;
    times_shown_->setObjectName("timesShown");
    filters->addSeparator();
    filters->addWidget(times_shown_);
    auto say = [this] {
        times_shown_->setText(session_.view().local_times() ? " Times: local (the station's UTC offset) " : " Times: UTC ");
        times_shown_->setToolTip(session_.view().local_times()
                                     ? "Each leg's own UTC variation as its SSIM file gave it, else its airport's "
                                       "offset; a time still marked Z has no known offset"
                                     : "Every time is UTC, as the schedule keeps it");
    };
    connect(&session_.view(), &ScheduleView::displayChanged, this, say);
    say();
}

// Counts, validity, "Compare with now…" (when looking at the past); the sync conflicts and state.
void MainWindow::build_status_bar() {
    counts_ = new QLabel;
    validity_ = new QLabel;
    sync_ = new QLabel;
    sync_->setObjectName("syncStatus");
    sync_->setAccessibleName("Sync state");
    conflicts_ = new QToolButton;
    conflicts_->setObjectName("syncConflicts");
    conflicts_->setAccessibleName("Sync conflicts");
    conflicts_->setAutoRaise(true);
    conflicts_->setToolTip("Changes of yours that no longer apply: click to see them");
    conflicts_->hide();
    connect(conflicts_, &QToolButton::clicked, this, [this] { show_conflicts(); });
    compare_ = new QToolButton;
    compare_->setObjectName("compareWithNow");
    compare_->setAccessibleName("Compare with now");
    compare_->setAutoRaise(true);
    compare_->setText("Compare with now…");
    compare_->setToolTip("What differs between the schedule shown and now (Ctrl+Shift+D)");
    compare_->hide();
    connect(compare_, &QToolButton::clicked, this, [this] { show_comparison(); });
    statusBar()->addWidget(counts_);
    statusBar()->addWidget(validity_);
    statusBar()->addWidget(compare_);
    statusBar()->addPermanentWidget(conflicts_);
    statusBar()->addPermanentWidget(sync_);
    connect(sync_link_.get(), &SyncLink::changed, this, &MainWindow::update_sync_status);
    connect(&session_, &Session::notice, this, [this](const QString& what) { statusBar()->showMessage(what, 10000); });
    update_sync_status();
    connect(&session_, &Session::refused, this, [this](const QString& why) { statusBar()->showMessage("Refused: " + why, 8000); });
    connect(&session_, &Session::failed, this, [this](const QString& why) { statusBar()->showMessage("Error: " + why); });
}

// The window follows the schedule: counts, title, what undo, redo and "Now" can do, the History panel.
void MainWindow::follow_schedule() {
    connect(&session_.view(), &ScheduleView::changed, this, [this] {
        update_status();
        const bool load = !session_.view().last_change().legs_only;
        show_violations(false);
        const auto& v = session_.view();
        const bool empty = v.as_of() == 0 && v.legs_in_order().empty() && v.rotations().empty() && v.airplanes().empty();
        central_->setCurrentWidget(empty ? first_steps_ : static_cast<QWidget*>(chart_));
        // Columns as wide as their content (Qt measures the first thousand
        // rows), after a load or a filter, not after every edit; in a turn of
        // the event loop of their own, so that a load's turn stays short.
        if (load)
            QTimer::singleShot(0, this, [this] {
                legs_->resizeColumnsToContents();
                QTimer::singleShot(0, this, [this] { show_violations(true); });
            });
    });
    connect(&session_.view(), &ScheduleView::displayChanged, this, [this] { legs_->resizeColumnsToContents(); });
    connect(&session_.view(), &ScheduleView::changed, this, [this] {
        bool past = session_.view().as_of() != 0;
        setWindowTitle(window_title());
        undo_->setEnabled(!past && undo_stack(session_).canUndo());
        redo_->setEnabled(!past && undo_stack(session_).canRedo());
        now_->setEnabled(past);
        compare_->setVisible(past);
        // The trail is read only while the panel is in view, and at most once per burst of changes.
        if (!past && history_->isVisible() && !history_pending_) {
            history_pending_ = true;
            QTimer::singleShot(250, this, [this] {
                history_pending_ = false;
                reload_history();
            });
        }
    });
}

// Selection follows between chart and table, both ways; a violation chosen shows its first leg.
void MainWindow::follow_selection() {
    // Opening a leg (Enter, double-click) takes it to its row in the leg
    // table, to edit, with its whole trail in the History panel beside.
    connect(chart_, &RotationChart::legActivated, this, [this](LegId) {
        legs_->setFocus();
        history_dock_->show();
        history_dock_->raise();
    });
    connect(chart_, &RotationChart::selectionChanged, this, [this] {
        // A leg chosen (or none): the History panel follows it.
        history_stream_.clear();
        const auto* leg = chart_->selection().empty() ? nullptr : session_.view().leg(chart_->selection().front());
        history_subject_->setText(leg ? "Leg " + QString::fromStdString(format_designator(leg->leg.designator)) : "The whole schedule");
        if (history_->isVisible() && session_.view().as_of() == 0) reload_history();
        if (syncing_selection_ || chart_->selection().empty()) return;
        int row = leg_model_->row_of(chart_->selection().front());
        if (row < 0) return;
        syncing_selection_ = true;
        legs_->selectRow(row);
        legs_->scrollTo(leg_model_->index(row, 0));
        syncing_selection_ = false;
    });
    connect(legs_->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex& current) {
        if (syncing_selection_ || !current.isValid()) return;
        auto id = Uuid::parse(leg_model_->data(current, LegTableModel::LegIdRole).toString().toStdString());
        if (!id) return;
        syncing_selection_ = true;
        chart_->select({LegId{*id}});
        chart_->show_leg(LegId{*id});
        syncing_selection_ = false;
    });
    // One click on a finding (or the keyboard moving onto it) shows its first leg.
    connect(violations_->selectionModel(), &QItemSelectionModel::currentChanged, this, [this](const QModelIndex& index) {
        auto id = Uuid::parse(violation_model_->data(index.siblingAtColumn(0), ViolationModel::FirstLegRole).toString().toStdString());
        if (!id) return;
        chart_->select({LegId{*id}});
        chart_->show_leg(LegId{*id});
    });
}

// The platform's redo keys and both common ones, each once: a key sequence
// listed twice (GNOME's and KDE's Redo already is Ctrl+Shift+Z) is an
// "ambiguous shortcut" to Qt, which then does nothing at all.
QList<QKeySequence> redo_keys(const QList<QKeySequence>& platform_redo) {
    QList<QKeySequence> keys;
    for (const QKeySequence& k : platform_redo + QList<QKeySequence>{QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")})
        if (!k.isEmpty() && !keys.contains(k)) keys << k;
    return keys;
}

static void build_plan_menu(QMenuBar* bar, Session& session, QWidget* window);

void MainWindow::build_menus() {
    build_file_menu();
    build_edit_menu();
    build_plan_menu(menuBar(), session_, this);
    build_sync_menu();
    build_view_menu();
}

void MainWindow::build_file_menu() {
    auto* file = menuBar()->addMenu("&File");
    file->addAction("&New schedule…", QKeySequence::New, this, [this] {
        QString path = QFileDialog::getSaveFileName(this, "New schedule database", "schedule.db", "Schedules (*.db)");
        if (!path.isEmpty()) emit openRequested(path);
    });
    file->addAction("&Open schedule…", QKeySequence::Open, this, [this] {
        QString path = QFileDialog::getOpenFileName(this, "Open a schedule database", {}, "Schedules (*.db);;All files (*)");
        if (!path.isEmpty()) emit openRequested(path);
    });
    auto* recent = file->addMenu("Open &recent");
    connect(recent, &QMenu::aboutToShow, this, [this, recent] {
        recent->clear();
        for (const QString& path : QSettings().value("recentFiles").toStringList())
            recent->addAction(path, this, [this, path] { emit openRequested(path); });
    });
    file->addSeparator();
    file->addAction("E&xport chart as PDF…", this, [this] {
        QString path = QFileDialog::getSaveFileName(this, "Export the chart as PDF", "rotations.pdf", "PDF files (*.pdf)");
        QString error;
        if (!path.isEmpty() && !chart_->export_pdf(path, &error)) QMessageBox::warning(this, "Export chart", error);
    })->setObjectName("exportChartAction");
    file->addAction("&Print chart…", QKeySequence::Print, this, [this] {
        QPrinter printer(QPrinter::HighResolution);
        printer.setPageOrientation(QPageLayout::Landscape);
        printer.setDocName("Rotation chart");
        QPrintDialog dialog(&printer, this);
        dialog.setWindowTitle("Print the chart");
        if (dialog.exec() != QDialog::Accepted) return;
        print_chart(printer);
    })->setObjectName("printChartAction");
    file->addSeparator();
    import_ssim_action_ = file->addAction("&Import SSIM…", QKeySequence("Ctrl+I"), this, [this] { import_ssim({}, true); });
    file->addAction("&Export SSIM…", QKeySequence("Ctrl+E"), this, [this] {
        QString path = QFileDialog::getSaveFileName(this, "Export the schedule as SSIM", "schedule.ssim");
        if (!path.isEmpty()) export_ssim(path);
    });
    file->addAction("Export &changes as SSM/ASM…", this, [this] { show_ssm_export(); })->setObjectName("exportSsmAction");
    file->addAction("Import &airports…", this, [this] {
        QString path = QFileDialog::getOpenFileName(this, "Airports' minimum ground times (airport,min_ground_minutes[,time_zone])", {}, "CSV (*.csv)");
        if (!path.isEmpty()) import_reference("airports", path);
    });
    file->addAction("Import air&planes…", this, [this] {
        QString path = QFileDialog::getOpenFileName(this, "Airplanes (registration,aircraft_type,min_ground_minutes)", {}, "CSV (*.csv)");
        if (!path.isEmpty()) import_reference("airplanes", path);
    });
    file->addSeparator();
    file->addAction("&Settings…", this, [this] {
        bool ok = false;
        // Once the schedule's first sync bound it to the token's planner, that is the name its changes go under.
        QString label = sync_link_->planner_bound()
                            ? "Your name (this schedule syncs as " + sync_link_->status().bound_planner +
                                  ", the server's name for your token; a name given here is kept beside it):"
                            : "Your name (it goes into every change you make; the first sync takes the server's name for "
                              "your token):";
        QString name = QInputDialog::getText(this, "Settings", label, QLineEdit::Normal, session_.planner(), &ok);
        if (!ok || name.trimmed().isEmpty()) return;
        if (auto why = check_planner_name(name.trimmed().toStdString()); !why.empty()) {
            QMessageBox::warning(this, "Settings", "This name " + QString::fromStdString(why) + "; it was not kept.");
            return;
        }
        QSettings().setValue("planner", name.trimmed());
        session_.set_planner(name.trimmed());
    });
    file->addSeparator();
    file->addAction("&Quit", QKeySequence::Quit, qApp, &QApplication::quit);
}

void MainWindow::build_edit_menu() {
    auto* edit = menuBar()->addMenu("&Edit");
    // Undo and redo are the stack's, but not while looking at the past.
    auto& stack = undo_stack(session_);
    undo_ = edit->addAction("&Undo", QKeySequence::Undo, &stack, &QUndoStack::undo);
    redo_ = edit->addAction("&Redo", &stack, &QUndoStack::redo);
    redo_->setShortcuts(redo_keys(QKeySequence::keyBindings(QKeySequence::Redo)));
    undo_->setEnabled(false);
    redo_->setEnabled(false);
    auto follow = [this] {
        bool past = session_.view().as_of() != 0;
        undo_->setEnabled(!past && undo_stack(session_).canUndo());
        redo_->setEnabled(!past && undo_stack(session_).canRedo());
        undo_->setText(undo_stack(session_).undoText().isEmpty() ? "&Undo" : "&Undo " + undo_stack(session_).undoText());
        redo_->setText(undo_stack(session_).redoText().isEmpty() ? "&Redo" : "&Redo " + undo_stack(session_).redoText());
    };
    connect(&stack, &QUndoStack::indexChanged, this, follow);
    connect(&stack, &QUndoStack::cleanChanged, this, follow);
    edit->addSeparator();
    edit->addAction("New &leg…", QKeySequence("Ctrl+L"), this, [this] {
        NewLegDialog dialog(session_.view(), to_qdate(date_of(chart_->shown_from())), this);
        if (dialog.exec() == QDialog::Accepted)
            if (auto leg = dialog.leg()) add_leg(session_, *leg, dialog.rotation());
    });
}

// Plan: what the tool builds for the planner, as proposals accepted or discarded.
static void build_plan_menu(QMenuBar* bar, Session& session, QWidget* window) {
    auto* plan = bar->addMenu("&Plan");
    plan->setObjectName("planMenu");
    auto* build = plan->addAction("&Build rotations…", window, [&session, window] { build_rotations(session, window); });
    build->setObjectName("buildRotationsAction");
    build->setStatusTip("Chain the legs in no rotation into rotations with the fewest aircraft");
}

void MainWindow::build_sync_menu() {
    auto* sync = menuBar()->addMenu("&Sync");
    sync->setObjectName("syncMenu");
    auto* now = sync->addAction("Sync &now", QKeySequence("F5"), this, [this] {
        if (sync_link_->status().state == SyncStatus::State::NotSyncing)
            statusBar()->showMessage("Not syncing: set a server in Sync > Sync settings…", 8000);
        sync_link_->sync_now();
    });
    now->setObjectName("syncNowAction");
    auto* settings = sync_settings_action_ = sync->addAction("Sync &settings…", this, [this] {
        SyncSettingsDialog dialog(sync_link_->settings(), this);
        if (dialog.exec() != QDialog::Accepted) return;
        SyncSettings chosen = dialog.settings();
        // The server is this schedule's; the token the planner's at that server, never in the settings file.
        save_sync_server(session_.path(), chosen.server);
        if (chosen.configured())
            SyncTokens::instance().write(chosen.server, chosen.token, this, [this](bool saved) {
                if (!saved) statusBar()->showMessage(SyncTokens::missing_note(), 15000);
            });
        sync_link_->configure(chosen);
        emit syncSettingsChanged(chosen);
    });
    settings->setObjectName("syncSettingsAction");
    auto* conflicts = sync->addAction("&Conflicts…", this, [this] { show_conflicts(); });
    conflicts->setObjectName("syncConflictsAction");
}

// View > Colour legs by: what the chart's bar colours say.
void MainWindow::build_colour_menu(QMenu& view) {
    auto* menu = view.addMenu("&Colour legs by");
    menu->setObjectName("colourLegsByMenu");
    auto* group = new QActionGroup(menu);
    for (auto [name, colouring] : {std::pair{"&Status", LegColouring::Status}, std::pair{"&Aircraft type", LegColouring::AircraftType},
                                   std::pair{"Se&rvice type", LegColouring::ServiceType}}) {
        auto* a = menu->addAction(name, this, [this, colouring] { chart_->set_colouring(colouring); });
        a->setCheckable(true);
        a->setChecked(colouring == chart_->colouring());
        group->addAction(a);
    }
}

// The View menu, and its toolbar.
void MainWindow::build_view_menu() {
    auto* view = menuBar()->addMenu("&View");
    view->addAction("Zoom &in", QKeySequence::ZoomIn, this, [this] { chart_->set_minutes_per_pixel(chart_->minutes_per_pixel() * 0.8); });
    view->addAction("Zoom &out", QKeySequence::ZoomOut, this, [this] { chart_->set_minutes_per_pixel(chart_->minutes_per_pixel() * 1.25); });
    view->addAction("&Whole season", QKeySequence("Ctrl+0"), this, [this] { chart_->fit_season(); });
    view->addSeparator();
    now_ = view->addAction("Back to &now", QKeySequence("Ctrl+Shift+N"), this, [this] { session_.view_as_of(0); });
    now_->setEnabled(false);
    compare_action_ = view->addAction("&Compare with now…", QKeySequence("Ctrl+Shift+D"), this, [this] { show_comparison(); });
    compare_action_->setObjectName("compareWithNowAction");
    view->addSeparator();
    // Local times: a display setting (ScheduleView), on the View toolbar too.
    local_ = view->addAction("&Local times");
    local_->setObjectName("localTimesAction");
    local_->setCheckable(true);
    local_->setShortcut(QKeySequence("Ctrl+Shift+L"));
    local_->setToolTip("Show STD and STA in the local time of each airport (Ctrl+Shift+L); times stay UTC in the schedule");
    connect(local_, &QAction::toggled, this, [this](bool on) { session_.view().set_local_times(on); });
    build_colour_menu(*view);
    view->addSeparator();
    // Every panel, so that one closed can be brought back.
    for (QDockWidget* dock : findChildren<QDockWidget*>(Qt::FindDirectChildrenOnly)) view->addAction(dock->toggleViewAction());
    auto* bar = addToolBar("View");
    bar->setObjectName("viewBar");
    bar->addAction(local_);
}

SsmExportDialog& MainWindow::show_ssm_export() {
    auto* dialog = new SsmExportDialog(session_, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &SsmExportDialog::exported, this, [this](bool ok, QString message) {
        if (ok) statusBar()->showMessage(message, 10000);
    });
    dialog->show();
    return *dialog;
}

ComparisonDialog& MainWindow::show_comparison() {
    if (!comparison_dialog_) {
        comparison_dialog_ = new ComparisonDialog(session_, this);
        // A line about a leg: that leg in the chart, when the chart has it (in the past shown, or now).
        connect(comparison_dialog_, &ComparisonDialog::legChosen, this, [this](LegId id) {
            if (!session_.view().leg(id)) {
                statusBar()->showMessage("That leg is not in the schedule shown", 5000);
                return;
            }
            chart_->select({id});
            chart_->show_leg(id);
        });
    }
    comparison_dialog_->show();
    comparison_dialog_->raise();
    return *comparison_dialog_;
}

// The History panel follows what was chosen last: a rotation's or an
// airplane's stream, one leg's trail (who, what, when), or the schedule's last
// events when nothing is.
void MainWindow::reload_history() {
    if (!history_stream_.isEmpty()) session_.load_history(500, std::nullopt, history_stream_);
    else if (!chart_->selection().empty()) session_.load_history(500, chart_->selection().front());
    else session_.load_history(500);
}

// One line per planner's action: the events one command decided (a move is a
// leg leaving one rotation and joining another) read as one sentence, newest
// first; double-click shows the schedule just after the action.
void MainWindow::show_history(const History& entries) {
    history_->clear();
    for (auto last = entries.rbegin(); last != entries.rend();) {
        auto first = last;
        std::size_t n = 1;
        while (std::next(first) != entries.rend() && !last->command_id.empty() && std::next(first)->command_id == last->command_id) {
            ++first;
            ++n;
        }
        QStringList what;
        constexpr std::size_t kShown = 3;
        for (auto it = first; what.size() < qsizetype(kShown); --it) {  // the action's events in the order they happened
            what << QString::fromStdString(it->description);
            if (it == last) break;
        }
        QString line = what.join("; ");
        if (n > kShown) line += QString("; and %1 more").arg(n - kShown);
        auto* item = new QListWidgetItem(QString("#%1  %2  %3: %4")
                                             .arg(last->position)
                                             .arg(QString::fromStdString(last->recorded_at.substr(0, 19)))
                                             .arg(QString::fromStdString(
                                                 last->local_planner.empty() ? last->planner
                                                                             : last->planner + " (as " + last->local_planner + ")"))
                                             .arg(line));
        item->setToolTip(QString::fromStdString(last->command) + (n > 1 ? QString(", %1 events").arg(n) : QString()));
        item->setData(Qt::UserRole, qint64(last->position));
        history_->addItem(item);
        last = std::next(first);
    }
}

bool MainWindow::print_chart(QPrinter& printer) {
    QString error;
    if (chart_->print(printer, &error)) {
        statusBar()->showMessage("Printed the chart to " + (printer.outputFileName().isEmpty() ? printer.printerName() : printer.outputFileName()), 8000);
        return true;
    }
    QMessageBox::warning(this, "Print chart", error);
    return false;
}

void MainWindow::import_ssim(const ImportRequest& files, bool ask) {
    auto* dialog = new ImportDialog(files, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    QPointer<ImportDialog> alive(dialog);
    connect(dialog, &ImportDialog::previewRequested, this, [this, alive](const ImportRequest& r) {
        session_.preview_ssim(r, [alive, r](bool ok, QString error, ImportPreview preview) {
            if (alive) alive->show_preview(r, ok, error, preview);
        });
    });
    connect(dialog, &ImportDialog::importRequested, this, [this, alive](const ImportRequest& r) {
        statusBar()->showMessage("Importing " + r.ssim + "…");
        ui::import_ssim(session_, r, [this, alive](bool ok, QString message) {
            statusBar()->showMessage(ok ? "Imported: " + message : "Import failed: " + message, 15000);
            if (alive) alive->show_result(ok, message);
        });
    });
    connect(&session_, &Session::importProgress, dialog, &ImportDialog::show_progress);
    connect(dialog, &ImportDialog::cancelRequested, &session_, &Session::cancel_import);
    dialog->open();
    // Files named on the command line or dropped on the window import at once;
    // the menu's dialog shows the difference first.
    if (!ask) dialog->start_import();
    else if (!files.ssim.isEmpty()) dialog->preview_files();
}

void MainWindow::import_reference(const QString& kind, const QString& path) {
    session_.import_reference(kind, path, [this, kind](bool ok, QString message) {
        statusBar()->showMessage(ok ? "Imported " + message : "Import of " + kind + " failed: " + message, 15000);
    });
}

void MainWindow::export_ssim(const QString& path) {
    session_.export_ssim(path, [this, path](bool ok, QString message) {
        statusBar()->showMessage(ok ? "Exported " + message + " to " + path : "Export failed: " + message, 15000);
    });
}

ConflictsDialog& MainWindow::show_conflicts() {
    if (!conflicts_dialog_) conflicts_dialog_ = new ConflictsDialog(session_, this);
    conflicts_dialog_->show();
    conflicts_dialog_->raise();
    return *conflicts_dialog_;
}

void MainWindow::ask_identity(const SyncStatus& s) {
    QString key = QString("%1|%2|%3|%4").arg(int(s.identity)).arg(s.planner, s.bound_planner, s.made_as.join(','));
    if (key == identity_asked_ || identity_question_) return;
    identity_asked_ = key;
    QString text =
        s.identity == SyncStatus::Identity::NeedsConsent
            ? QString("%1 change(s) in this schedule were made as %2, but the server knows your token as planner %3. "
                      "They wait as conflicts (Sync > Conflicts…); the rest was pushed.\n\n"
                      "Record them as %3 and sync? (The name they were made under stays in their history.)")
                  .arg(s.adoptable)
                  .arg(s.made_as.join(", "), s.planner)
            : QString("This schedule syncs as planner %1, but the server knows your token as planner %2.\n\n"
                      "Use %1's token (Sync > Sync settings…), or make this schedule %2's from now on?")
                  .arg(s.bound_planner, s.planner);
    auto* box = new QMessageBox(QMessageBox::Question, "Whose changes are these?", text, QMessageBox::NoButton, this);
    box->setObjectName("identityQuestion");
    box->setAttribute(Qt::WA_DeleteOnClose);
    auto* yes = box->addButton("Record as " + s.planner, QMessageBox::AcceptRole);
    yes->setObjectName("adoptIdentity");
    box->addButton("Not now", QMessageBox::RejectRole);
    connect(box, &QMessageBox::buttonClicked, this, [this, yes](QAbstractButton* clicked) {
        if (clicked == yes) sync_link_->adopt_identity();
    });
    identity_question_ = box;
    box->setWindowModality(Qt::NonModal);  // the planner may look at the schedule first
    box->show();
}

void MainWindow::update_sync_status() {
    const auto& s = sync_link_->status();
    sync_->setText(s.text());
    if ((s.state == SyncStatus::State::Refused && s.identity != SyncStatus::Identity::Fits) ||
        s.identity == SyncStatus::Identity::NeedsConsent)
        ask_identity(s);
    QString tip = s.server.isEmpty() ? QString("No sync server: Sync > Sync settings…") : "Server: " + s.server;
    if (!s.planner.isEmpty()) tip += "\nPlanner: " + s.planner;
    if (!s.bound_planner.isEmpty() && s.bound_planner != s.planner) tip += "\nThis schedule's planner: " + s.bound_planner;
    if (s.unreadable > 0)
        tip += QString("\n%1 colleague event(s) this Rotaplan cannot read are kept aside (a newer Rotaplan reads them)")
                   .arg(s.unreadable);
    if (!s.message.isEmpty()) tip += "\n" + s.message;
    sync_->setToolTip(tip);
    conflicts_->setText(count_of(s.conflicts, "conflict", "conflicts"));
    conflicts_->setVisible(s.conflicts > 0);
}

void MainWindow::update_status() {
    const auto& v = session_.view();
    // Looking back: the past's figures beside now's, which is the comparison a planner wants first.
    if (v.as_of() == 0) {
        now_legs_ = v.legs_in_order().size();
        now_violations_ = v.validation().items.size() + v.validation().duplicate_rotation_names.size();
    }
    // Until the worker's first delta the view is empty, not "0 legs … valid".
    if (v.revision() == 0) {
        counts_->setText("Loading " + QFileInfo(session_.path()).fileName() + "…");
        validity_->clear();
        return;
    }
    counts_->setText(count_of(v.legs_in_order().size(), "leg", "legs") + ", " + count_of(v.rotations().size(), "rotation", "rotations") +
                     ", " + count_of(v.airplanes().size(), "airplane", "airplanes") +
                     (v.filter().empty() ? QString() : " (" + count_of(v.table_rows().size(), "leg", "legs") + " shown by the filter)"));
    const auto& r = v.validation();
    validity_->setText(r.valid() ? QString("valid")
                                 : QString("%1 (continuity %2, ground time %3, designators %4, rotation names %5)")
                                       .arg(count_of(r.items.size() + r.duplicate_rotation_names.size(), "violation", "violations"))
                                       .arg(r.continuity)
                                       .arg(r.min_ground_time)
                                       .arg(r.designator_uniqueness)
                                       .arg(r.duplicate_rotation_names.size()));
    if (v.as_of())
        validity_->setText(validity_->text() + QString("   |   as of event %1; now: %2, %3")
                                                    .arg(v.as_of())
                                                    .arg(count_of(long(now_legs_), "leg", "legs"), count_of(long(now_violations_), "violation", "violations")));
}

}  // namespace rotaplan::ui
