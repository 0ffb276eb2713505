// The leg table through the real window, offscreen: STD and STA in local time
// and back (View > Local times), and sorting that runs on a pool thread, where
// a newer request wins and a change to a sorted table keeps its order.
#include "support/ssim_text.h"
#include "storage/imports/ssim_files.h"
#include "storage/imports/ssim_import.h"
#include "ui/commands/leg_changes.h"
#include "ui/commands/rotation_changes.h"
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStatusBar>
#include <QToolBar>

#include "ui_support.h"

using namespace rotaplan;
using namespace rotaplan::testing;
using Col = ui::LegTableModel::Column;

namespace {
// Imports an SSIM file's text into the store at `path`, as the desktop's
// import does; what went wrong, or empty.
std::string import_ssim_text(const std::string& path, const testing::SsimText& t, const char* name) {
    storage::ScheduleStore store(path);
    auto prepared = storage::prepare_ssim({t.str(), {name, "x"}, std::nullopt, {}, false});
    if (prepared.error) return *prepared.error;
    auto result = storage::import_ssim(store, prepared.file, std::move(prepared.legs), prepared.source, storage::default_context(), {});
    return result.ok ? std::string() : result.error;
}
}  // namespace

class TestUiTable : public QObject {
    Q_OBJECT
    StoreFolder dir_{"t"};
    std::string path_;
    OpenWindow w_;

    ui::LegTableModel& model() { return w_.window->leg_model(); }
    QString cell(LegId leg, int column) { return model().data(model().index(model().row_of(leg), column)).toString(); }
    // The table's rows, as legs, top to bottom.
    std::vector<LegId> shown() {
        std::vector<LegId> out;
        for (int r = 0; r < model().rowCount(); ++r)
            out.push_back(LegId{*Uuid::parse(model().data(model().index(r, 0), ui::LegTableModel::LegIdRole).toString().toStdString())});
        return out;
    }

private slots:
    void init() { w_ = open_small_schedule(dir_, &path_); }
    void cleanup() { w_ = {}; }

    void localTimesFollowTheAirportsTimeZone() {
        // Frankfurt on Europe/Berlin (its fixed +01:00 only a fallback), Vienna
        // with a fixed offset, Munich unknown; legs on both nights the clocks change.
        auto fra = AirportCode::from("FRA"), vie = AirportCode::from("VIE");
        const LegId march28{Uuid{71, 71}}, march29{Uuid{72, 72}}, first_0230{Uuid{73, 73}}, second_0230{Uuid{74, 74}},
            july{Uuid{75, 75}};  // as ui_leg makes them
        w_.session->submit({DefineAirport{fra, 45, "Frankfurt", 60, "Europe/Berlin"}, DefineAirport{vie, 30, "Vienna", 60, ""},
                            AddLegs{std::nullopt,
                                    {ui_leg(71, "XQ700/FRA/2026-03-28", "MUC", "2026-03-28T06:00Z", "2026-03-28T07:00Z"),
                                     ui_leg(72, "XQ700/FRA/2026-03-29", "MUC", "2026-03-29T06:00Z", "2026-03-29T07:00Z"),
                                     ui_leg(73, "XQ702/FRA/2026-10-25", "MUC", "2026-10-25T00:30Z", "2026-10-25T01:20Z"),
                                     ui_leg(74, "XQ704/FRA/2026-10-25", "MUC", "2026-10-25T01:30Z", "2026-10-25T02:20Z"),
                                     ui_leg(75, "XQ706/FRA/2026-07-01", "VIE", "2026-07-01T22:30Z", "2026-07-01T23:40Z")}}},
                           [](bool ok, QString why) { QVERIFY2(ok, qPrintable(why)); });
        QVERIFY(wait_idle(*w_.session));
        QVERIFY(w_.session->view().leg(july));
        w_.window->local_times_action().trigger();
        QVERIFY(w_.session->view().local_times());
        QCOMPARE(cell(march28, Col::Std), QString("2026-03-28T07:00+01:00"));
        QCOMPARE(cell(march29, Col::Std), QString("2026-03-29T08:00+02:00"));  // summer time from that night
        QCOMPARE(cell(first_0230, Col::Std), QString("2026-10-25T02:30+02:00"));
        QCOMPARE(cell(second_0230, Col::Std), QString("2026-10-25T02:30+01:00"));  // the hour that comes twice
        QCOMPARE(cell(july, Col::Std), QString("2026-07-02T00:30+02:00"));
        QCOMPARE(cell(july, Col::Sta), QString("2026-07-02T00:40+01:00"));  // Vienna: its fixed offset
        QCOMPARE(cell(march29, Col::Sta), QString("2026-03-29T07:00Z"));      // Munich: nothing known, UTC
    }

    void aLegFromSsimShowsTheTimesItsFileGave() {
        w_ = {};
        // The file says Frankfurt is +01:00 in April; the airport's zone says +02:00.
        testing::SsimText t;  // another airline: a file replaces what its airlines fly
        t.airline = "YY";
        t.legs.push_back(testing::LegText{}
                             .set(ssim::leg::airline, "YY")
                             .set(ssim::leg::period_to, "01APR26")
                             .set(ssim::leg::flight_number, "0900")
                             .set(ssim::leg::departure_offset, "+0100"));
        {
            std::string why = import_ssim_text(path_, t, "april.ssim");
            QVERIFY2(why.empty(), why.c_str());
        }
        w_ = open_window(path_);
        w_.session->submit({DefineAirport{AirportCode::from("FRA"), 45, "Frankfurt", std::nullopt, "Europe/Berlin"}});
        QVERIFY(wait_idle(*w_.session));
        w_.window->local_times_action().trigger();
        const storage::LegRow* from_file = nullptr;
        for (const auto* row : w_.session->view().legs_in_order())
            if (row->leg.designator.flight.airline.view() == "YY") from_file = row;
        QVERIFY(from_file);
        QCOMPARE(cell(from_file->leg.id, Col::Std), QString("2026-04-01T06:00+01:00"));  // the file's word
        QCOMPARE(cell(kXQ100, Col::Std), QString("2026-04-01T08:00+02:00"));            // made here: the zone
        QCOMPARE(cell(from_file->leg.id, Col::Sta), QString("2026-04-01T07:05+02:00"));  // MUC as the file gave it
    }

    // A file in local time mode, written as files come (CRLF, no final line
    // end): its legs' own UTC variations give their local times, with no
    // airport's offset known at all; the filter bar says which times these are.
    void aLocalTimeFileShowsItsOwnClocks() {
        w_ = {};
        const std::string path = dir_.next_store_path();
        testing::SsimText t;
        t.airline = "YY";
        t.time_mode = 'L';
        t.eol = "\r\n";
        t.final_eol = false;
        t.legs.push_back(testing::LegText{}
                             .set(ssim::leg::airline, "YY")
                             .set(ssim::leg::flight_number, "1974")
                             .set(ssim::leg::period_from, "12JUN26")
                             .set(ssim::leg::period_to, "12JUN26")
                             .set(ssim::leg::departure, "FRA")
                             .set(ssim::leg::passenger_std, "0835")
                             .set(ssim::leg::aircraft_std, "0835")
                             .set(ssim::leg::departure_offset, "+0100")
                             .set(ssim::leg::arrival, "JFK")
                             .set(ssim::leg::aircraft_sta, "1030")
                             .set(ssim::leg::passenger_sta, "1030")
                             .set(ssim::leg::arrival_offset, "-0500"));
        {
            std::string why = import_ssim_text(path, t, "june.ssim");
            QVERIFY2(why.empty(), why.c_str());
        }
        w_ = open_window(path);
        QCOMPARE(model().rowCount(), 1);
        const LegId leg = w_.session->view().legs_in_order().front()->leg.id;
        auto* times = w_.window->findChild<QLabel*>("timesShown");
        QVERIFY(times);
        QCOMPARE(times->text().trimmed(), QString("Times: UTC"));
        QCOMPARE(cell(leg, Col::Std), QString("2026-06-12T07:35Z"));  // 08:35 at +01:00
        QCOMPARE(cell(leg, Col::Sta), QString("2026-06-12T15:30Z"));  // 10:30 at -05:00
        w_.window->local_times_action().trigger();
        QCOMPARE(times->text().trimmed(), QString("Times: local (the station's UTC offset)"));
        QCOMPARE(cell(leg, Col::Std), QString("2026-06-12T08:35+01:00"));  // as the file wrote it, no Z
        QCOMPARE(cell(leg, Col::Sta), QString("2026-06-12T10:30-05:00"));
        w_.window->local_times_action().trigger();
        QCOMPARE(times->text().trimmed(), QString("Times: UTC"));
    }

    void localTimesChangeWhatTheTableShowsAndBack() {
        // Frankfurt is UTC+2; Munich's offset is not known.
        w_.session->submit({DefineAirport{AirportCode::from("FRA"), 45, "Frankfurt", 120}});
        QVERIFY(wait_idle(*w_.session));
        QCOMPARE(cell(kXQ100, Col::Std), QString("2026-04-01T06:00Z"));
        QCOMPARE(model().headerData(Col::Std, Qt::Horizontal).toString(), QString("STD (UTC)"));

        QTest::keyClick(w_.window.get(), Qt::Key_L, Qt::ControlModifier | Qt::ShiftModifier);  // View > Local times
        QVERIFY(w_.window->local_times_action().isChecked());
        QCOMPARE(cell(kXQ100, Col::Std), QString("2026-04-01T08:00+02:00"));  // FRA local
        QCOMPARE(cell(kXQ100, Col::Sta), QString("2026-04-01T07:00Z"));       // MUC: stays UTC, marked Z
        QCOMPARE(cell(kXQ101, Col::Sta), QString("2026-04-01T10:40+02:00"));  // arrives at FRA
        QCOMPARE(model().headerData(Col::Std, Qt::Horizontal).toString(), QString("STD (local)"));
        QCOMPARE(model().data(model().index(model().row_of(kXQ100), Col::Std), Qt::ToolTipRole).toString(),
                 QString("UTC 2026-04-01T06:00Z"));
        // Only the display changed: the schedule keeps UTC.
        QCOMPARE(w_.session->view().leg(kXQ100)->leg.std_utc, *parse_instant("2026-04-01T06:00Z"));

        w_.window->local_times_action().trigger();  // the menu item (and toolbar button) switches back
        QVERIFY(!w_.session->view().local_times());
        QCOMPARE(cell(kXQ100, Col::Std), QString("2026-04-01T06:00Z"));
        QCOMPARE(cell(kXQ101, Col::Sta), QString("2026-04-01T08:40Z"));
    }

    // Times are read whole: each column is as wide as what it shows, in UTC
    // and again when local times make the text longer.
    void columnsAreAsWideAsTheirContent() {
        auto& table = w_.window->leg_table();
        auto fits = [&](int column) {
            QString text = model().data(model().index(0, column)).toString();
            return table.columnWidth(column) >= table.fontMetrics().horizontalAdvance(text);
        };
        QTRY_VERIFY(fits(Col::Std));
        QVERIFY(fits(Col::Sta) && fits(Col::Designator));
        w_.session->submit({DefineAirport{AirportCode::from("FRA"), 45, "Frankfurt", 120}});
        QVERIFY(wait_idle(*w_.session));
        w_.window->local_times_action().trigger();
        QCOMPARE(cell(kXQ100, Col::Std), QString("2026-04-01T08:00+02:00"));
        QVERIFY(fits(Col::Std));
    }

    // A sort started by the header keeps the chosen leg in view.
    // A filter nothing matches: the table says so, and how to get back.
    void aFilterThatMatchesNothingSaysSo() {
        auto* bar = w_.window->findChild<QToolBar*>("filterBar");
        auto* airport = bar->findChild<QLineEdit*>("filterAirport");
        auto* empty = w_.window->findChild<QWidget*>("legTableEmpty");
        auto* table = w_.window->findChild<QWidget*>("legTable");
        QVERIFY(empty && table);
        QVERIFY(table->isVisible() && !empty->isVisible());
        airport->setText("lis");
        QMetaObject::invokeMethod(airport, "editingFinished");
        QTRY_VERIFY(empty->isVisible());
        QVERIFY(!table->isVisible());
        const QString text = w_.window->findChild<QLabel*>("legTableEmptyText")->text();
        QCOMPARE(text, QString("No leg of the 4 legs matches the filter (at LIS)."));
        w_.window->findChild<QPushButton*>("legTableClearFilter")->click();
        QTRY_VERIFY(table->isVisible());
        QVERIFY(airport->text().isEmpty());
        QCOMPARE(model().rowCount(), 4);
    }

    // The filter's dates also take the chart there; a date it cannot read is said.
    void aDateFilterTakesTheChartToItsDays() {
        auto* bar = w_.window->findChild<QToolBar*>("filterBar");
        auto* from = bar->findChild<QLineEdit*>("filterFrom");
        auto* to = bar->findChild<QLineEdit*>("filterTo");
        auto& chart = w_.window->chart();
        from->setText("2026-04-01");
        to->setText("2026-04-02");
        QMetaObject::invokeMethod(to, "editingFinished");
        QCOMPARE(chart.shown_from(), *parse_instant("2026-04-01T00:00Z"));
        const int plot = chart.viewport()->width() - 150;  // less the row headers (kHeaderWidth)
        QVERIFY2(std::abs(chart.minutes_per_pixel() * plot - 2 * 24 * 60) < 2 * 24 * 60 * 0.15,
                 qPrintable(QString::number(chart.minutes_per_pixel() * plot)));
        from->setText("2026-13-01");
        QMetaObject::invokeMethod(from, "editingFinished");
        QVERIFY2(w_.window->statusBar()->currentMessage().startsWith("From date \"2026-13-01\": write it like 2026-06-12"),
                 qPrintable(w_.window->statusBar()->currentMessage()));
    }

    void theChosenLegStaysInViewAfterASort() {
        auto& table = w_.window->leg_table();
        table.selectionModel()->setCurrentIndex(model().index(model().row_of(kXQ300), 0),
                                                QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        // Room for one row: XQ300 (to VIE) sorts last, below what is shown at the top.
        table.setFixedHeight(table.horizontalHeader()->height() + table.rowHeight(0) + 2 * table.frameWidth());
        table.scrollToTop();
        QTRY_COMPARE(table.rowAt(0), 0);
        table.sortByColumn(Col::Arrival, Qt::AscendingOrder);
        QTRY_VERIFY(!model().sorting());
        QCOMPARE(table.currentIndex().row(), 3);
        QVERIFY(table.viewport()->rect().contains(table.visualRect(table.currentIndex()).center()));
        QCOMPARE(model().data(table.currentIndex().siblingAtColumn(0)).toString(), QString("XQ300/MUC/2026-04-01"));
    }

    void aSortRunsOffTheGuiThreadAndTheNewestRequestWins() {
        auto& table = w_.window->leg_table();
        // XQ100 selected (row 0), through the selection model: selectRow() reads the keyboard's modifiers.
        table.selectionModel()->setCurrentIndex(model().index(model().row_of(kXQ100), 0),
                                                QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        QSignalSpy layouts(&model(), &QAbstractItemModel::layoutChanged);
        QSignalSpy sorted(&model(), &ui::LegTableModel::sorted);

        table.sortByColumn(Col::Arrival, Qt::DescendingOrder);
        QVERIFY(model().sorting());  // on a pool thread: nothing moved yet
        QCOMPARE(shown(), (std::vector<LegId>{kXQ100, kXQ101, kXQ200, kXQ300}));
        table.sortByColumn(Col::Departure, Qt::DescendingOrder);  // before the first is back
        QTRY_VERIFY(!model().sorting());
        QCOMPARE(layouts.count(), 1);  // the arrival order was never shown
        QCOMPARE(sorted.count(), 1);
        // Departure descending, then STD descending: MUC 11:20, MUC 07:40, FRA 10:00, FRA 06:00.
        QCOMPARE(shown(), (std::vector<LegId>{kXQ300, kXQ101, kXQ200, kXQ100}));
        // The selection followed its leg.
        QCOMPARE(table.selectionModel()->selectedRows().size(), 1);
        QCOMPARE(table.selectionModel()->selectedRows().front().row(), 3);  // XQ100, now last

        table.sortByColumn(Col::Std, Qt::AscendingOrder);  // the view's own order: at once
        QVERIFY(!model().sorting());
        QCOMPARE(shown(), (std::vector<LegId>{kXQ100, kXQ101, kXQ200, kXQ300}));
        QCOMPARE(table.selectionModel()->selectedRows().front().row(), 0);
    }

    void aSortedTableKeepsItsOrderThroughChanges() {
        auto& table = w_.window->leg_table();
        table.sortByColumn(Col::Sta, Qt::DescendingOrder);
        QTRY_VERIFY(!model().sorting());
        QCOMPARE(shown(), (std::vector<LegId>{kXQ300, kXQ200, kXQ101, kXQ100}));

        // XQ100 five hours later (STA 12:00): patched into place, no new sort.
        ui::retime_legs(*w_.session, {kXQ100}, 300);
        QVERIFY(wait_idle(*w_.session));
        QVERIFY(!model().sorting());
        QCOMPARE(shown(), (std::vector<LegId>{kXQ300, kXQ100, kXQ200, kXQ101}));

        table.sortByColumn(Col::Rotation, Qt::AscendingOrder);
        QTRY_VERIFY(!model().sorting());
        QCOMPARE(shown(), (std::vector<LegId>{kXQ300, kXQ101, kXQ100, kXQ200}));  // "", R1 (07:40, 11:00), R2
        ui::move_legs(*w_.session, {kXQ300}, kR2);
        QVERIFY(wait_idle(*w_.session));
        QCOMPARE(shown(), (std::vector<LegId>{kXQ101, kXQ100, kXQ200, kXQ300}));

        // An assignment renames lanes' airplanes: the table sorts again, and gets there.
        table.sortByColumn(Col::Airplane, Qt::DescendingOrder);
        QTRY_VERIFY(!model().sorting());
        w_.session->submit({RegisterAirplane{Registration::from("D-AIAA"), AircraftType::from("320"), 30}});
        QVERIFY(wait_idle(*w_.session));
        ui::assign_airplane(*w_.session, Registration::from("D-AIAA"), kR2);
        QVERIFY(wait_idle(*w_.session));
        QTRY_VERIFY(!model().sorting());
        QCOMPARE(cell(shown()[0], Col::Airplane), QString("D-AIAA"));
        QCOMPARE(cell(shown()[1], Col::Airplane), QString("D-AIAA"));
        QCOMPARE(cell(shown()[2], Col::Airplane), QString());
        QCOMPARE(model().rowCount(), 4);
    }
};

QTEST_MAIN(TestUiTable)
#include "tst_ui_table.moc"
