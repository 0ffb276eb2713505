#include "main_window.h"

#include <QApplication>
#include <QDockWidget>
#include <QHeaderView>
#include <QMenuBar>
#include <QStatusBar>

namespace rotaplan::ui {

MainWindow::MainWindow(Session& session, QWidget* parent) : QMainWindow(parent), session_(session) {
    setObjectName("mainWindow");
    setWindowTitle(QString("Rotaplan — %1").arg(session.path()));
    chart_ = new RotationChart(session, this);
    setCentralWidget(chart_);

    leg_model_ = new LegTableModel(session.view(), this);
    legs_ = new QTableView;
    legs_->setObjectName("legTable");
    legs_->setAccessibleName("Legs");
    legs_->setModel(leg_model_);
    legs_->setSelectionBehavior(QAbstractItemView::SelectRows);
    legs_->verticalHeader()->setDefaultSectionSize(20);
    legs_->verticalHeader()->hide();
    legs_->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    auto* leg_dock = new QDockWidget("Legs", this);
    leg_dock->setObjectName("legDock");
    leg_dock->setWidget(legs_);
    addDockWidget(Qt::BottomDockWidgetArea, leg_dock);

    violation_model_ = new ViolationModel(session.view(), this);
    violations_ = new QTreeView;
    violations_->setObjectName("validationPanel");
    violations_->setAccessibleName("Violations");
    violations_->setModel(violation_model_);
    violations_->setHeaderHidden(true);
    auto* violation_dock = new QDockWidget("Validation", this);
    violation_dock->setObjectName("validationDock");
    violation_dock->setWidget(violations_);
    addDockWidget(Qt::RightDockWidgetArea, violation_dock);

    counts_ = new QLabel;
    validity_ = new QLabel;
    sync_ = new QLabel("sync: off");
    statusBar()->addWidget(counts_);
    statusBar()->addWidget(validity_);
    statusBar()->addPermanentWidget(sync_);
    build_menus();

    connect(&session.view(), &ScheduleView::changed, this, [this] {
        update_status();
        violations_->expandAll();
    });
    connect(&session, &Session::refused, this, [this](const QString& why) { statusBar()->showMessage("Refused: " + why, 8000); });
    connect(&session, &Session::failed, this, [this](const QString& why) { statusBar()->showMessage("Error: " + why); });

    // Selection follows between chart and table, both ways.
    connect(chart_, &RotationChart::selectionChanged, this, [this] {
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
    connect(violations_, &QTreeView::activated, this, [this](const QModelIndex& index) {
        auto id = Uuid::parse(violation_model_->data(index, ViolationModel::FirstLegRole).toString().toStdString());
        if (!id) return;
        chart_->select({LegId{*id}});
        chart_->show_leg(LegId{*id});
    });
    resize(1400, 860);
    update_status();
}

void MainWindow::build_menus() {
    auto* file = menuBar()->addMenu("&File");
    file->addAction("&Quit", QKeySequence::Quit, qApp, &QApplication::quit);
    auto* edit = menuBar()->addMenu("&Edit");
    auto* undo = session_.undo_stack().createUndoAction(this, "&Undo");
    undo->setShortcut(QKeySequence::Undo);
    auto* redo = session_.undo_stack().createRedoAction(this, "&Redo");
    redo->setShortcuts({QKeySequence::Redo, QKeySequence("Ctrl+Shift+Z")});
    edit->addAction(undo);
    edit->addAction(redo);
    auto* view = menuBar()->addMenu("&View");
    view->addAction("Zoom &in", QKeySequence::ZoomIn, this, [this] { chart_->set_minutes_per_pixel(chart_->minutes_per_pixel() * 0.8); });
    view->addAction("Zoom &out", QKeySequence::ZoomOut, this, [this] { chart_->set_minutes_per_pixel(chart_->minutes_per_pixel() * 1.25); });
    view->addAction("&Whole season", QKeySequence("Ctrl+0"), this, [this] { chart_->fit_season(); });
}

void MainWindow::update_status() {
    const auto& v = session_.view();
    counts_->setText(QString("%1 legs, %2 rotations, %3 airplanes")
                         .arg(v.legs_in_order().size())
                         .arg(v.rotations().size())
                         .arg(v.airplanes().size()));
    const auto& r = v.validation();
    validity_->setText(r.valid() ? QString("valid")
                                 : QString("%1 violations (continuity %2, ground time %3, designators %4)")
                                       .arg(r.items.size())
                                       .arg(r.continuity)
                                       .arg(r.min_ground_time)
                                       .arg(r.designator_uniqueness));
}

}  // namespace rotaplan::ui
