// The window's station panels: Station activity (one airport's day) and
// Airports (their minimum ground times and clocks, edited in place and
// undoable). Both read the GUI's copy of the schedule; an airport edit goes
// through ui/commands like every planner's change.
#include <QComboBox>
#include <QDockWidget>
#include <QHeaderView>
#include <QMenuBar>
#include <QStatusBar>
#include <QTableView>

#include "commands/airport_changes.h"
#include "main_window.h"
#include "session/shown_time.h"

namespace rotaplan::ui {

void MainWindow::build_station_panels() {
    station_ = new StationView(session_.view());
    station_dock_ = new QDockWidget("Station activity", this);
    station_dock_->setObjectName("stationDock");
    station_dock_->setWidget(station_);
    addDockWidget(Qt::BottomDockWidgetArea, station_dock_);
    connect(station_, &StationView::legChosen, this, [this](LegId id) {
        if (!session_.view().leg(id)) return;
        chart_->select({id});
        chart_->show_leg(id);
    });
    // Opened on what the planner looks at: the chosen leg's departure station and day.
    connect(station_dock_, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        if (!visible) return;
        const auto* row = chart_->selection().empty() ? nullptr : session_.view().leg(chart_->selection().front());
        if (row) station_->show_station(QString::fromStdString(row->leg.designator.departure.str()),
                                        to_qdate(row->leg.designator.day_of_origin));
        else station_->show_station(station_->airport().currentText(), QDate());
    });

    airport_model_ = new AirportListModel(session_.view(), this);
    airports_ = new QTableView;
    airports_->setObjectName("airportTable");
    airports_->setAccessibleName("Airports");
    airports_->setModel(airport_model_);
    airports_->setSelectionBehavior(QAbstractItemView::SelectRows);
    airports_->verticalHeader()->hide();
    airports_->verticalHeader()->setDefaultSectionSize(20);
    airports_->horizontalHeader()->setStretchLastSection(true);
    airports_->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed | QAbstractItemView::AnyKeyPressed);
    airports_dock_ = new QDockWidget("Airports", this);
    airports_dock_->setObjectName("airportsDock");
    airports_dock_->setWidget(airports_);
    addDockWidget(Qt::BottomDockWidgetArea, airports_dock_);
    connect(airport_model_, &AirportListModel::airportEdited, this,
            [this](const storage::AirportRow& before, const storage::AirportRow& after) { define_airport(session_, before, after); });
    connect(airport_model_, &AirportListModel::editRefused, this, [this](const QString& why) { statusBar()->showMessage(why, 10000); });

    // Behind the leg table, which stays in front; both hidden panels cost nothing.
    tabifyDockWidget(legs_dock_, station_dock_);
    tabifyDockWidget(legs_dock_, airports_dock_);
    legs_dock_->raise();
    // Closed until the planner opens them (View menu): a season's station
    // view is re-read with every change while it is open.
    station_dock_->hide();
    airports_dock_->hide();
}

}  // namespace rotaplan::ui

namespace rotaplan::ui {

bool MainWindow::show_panel(const QString& name) {
    const std::pair<const char*, QDockWidget*> panels[] = {
        {"legs", legs_dock_},           {"station", station_dock_},      {"airports", airports_dock_},
        {"validation", findChild<QDockWidget*>("validationDock")}, {"history", history_dock_}};
    for (const auto& [n, dock] : panels)
        if (name == n && dock) {
            dock->show();
            dock->raise();
            return true;
        }
    return false;
}

}  // namespace rotaplan::ui
