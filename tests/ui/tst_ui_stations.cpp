// The station panels in the real window, offscreen: Station activity (one
// airport's day: movements by time, turns, the minimum broken in red,
// connections, going to the leg) and Airports (edited in place, undoable,
// bad values refused by name, stations nobody defined listed too).
#include <QComboBox>
#include <QListWidget>
#include <QSpinBox>
#include <QStatusBar>
#include <QTableWidget>

#include "storage/projections/queries.h"
#include "ui/commands/undo.h"
#include "ui/widgets/palette.h"
#include "ui_support.h"

using namespace rotaplan;
using namespace rotaplan::testing;

namespace {
QStringList column(QTableWidget& t, int c) {
    QStringList out;
    for (int r = 0; r < t.rowCount(); ++r) out << (t.item(r, c) ? t.item(r, c)->text() : QString());
    return out;
}
int store_mgt(const std::string& path, const char* airport) {
    storage::Database db = storage::open_store(path, true);
    auto q = db.prepare("SELECT min_ground_minutes FROM airports WHERE airport = ?");
    q.bind(1, std::string(airport));
    return q.step() ? int(q.int64(0)) : -1;
}
}  // namespace

class TestUiStations : public QObject {
    Q_OBJECT
    StoreFolder dir_{"st"};
    std::string path_;
    OpenWindow w_;

    ui::StationView& station() { return w_.window->station(); }
    ui::AirportListModel& airports() { return w_.window->airport_model(); }
    QModelIndex airport_cell(const char* code, int column) {
        int row = airports().row_of(code);
        return row < 0 ? QModelIndex() : airports().index(row, column);
    }

private slots:
    void init() {
        w_ = open_small_schedule(dir_, &path_);
        w_.window->show_panel("station");
        station().show_station("MUC", QDate(2026, 4, 1));
    }
    void cleanup() { w_ = {}; }

    void theDayComesInTimeOrderWithItsTurns() {
        auto& t = station().movements();
        QCOMPARE(column(t, 2), (QStringList{"XQ100", "XQ101", "XQ200", "XQ300"}));
        QCOMPARE(column(t, 1), (QStringList{"arr", "dep", "arr", "dep"}));
        QCOMPARE(column(t, 0), (QStringList{"07:00Z", "07:40Z", "11:00Z", "11:20Z"}));
        // R1 turns at MUC in 40 minutes; XQ200 is R2's last leg, XQ300 in no rotation.
        QCOMPARE(column(t, 6), (QStringList{"40", "40", "", ""}));
        QCOMPARE(column(t, 4), (QStringList{"R1", "R1", "R2", ""}));
        QCOMPARE(station().clock().text(), QString("Day in UTC"));
        // Another day has nothing.
        station().show_station("MUC", QDate(2026, 4, 2));
        QCOMPARE(t.rowCount(), 0);
        QVERIFY(station().connections().item(0)->text().contains("No movements"));
    }

    void aTurnUnderTheMinimumIsRedAndFollowsAnEdit() {
        auto& t = station().movements();
        const QColor warning = ui::warning_colour(t.palette());
        QVERIFY(t.item(0, 6)->foreground().color() != warning);  // 40 >= 30
        QVERIFY(airports().setData(airport_cell("MUC", ui::AirportListModel::MinGround), "45"));
        QVERIFY(wait_idle(*w_.session));
        QTRY_COMPARE(t.item(0, 6)->foreground().color(), warning);
        QVERIFY(t.item(0, 6)->toolTip().contains("45 min"));
    }

    void anArrivalListsTheDeparturesItConnectsTo() {
        auto& t = station().movements();
        t.setCurrentCell(0, 0);  // XQ100 lands 07:00
        auto& c = station().connections();
        QVERIFY2(c.item(0)->text().contains("1 departure within 180 min"), qPrintable(c.item(0)->text()));
        QVERIFY(c.item(1)->text().startsWith("XQ101 to FRA at 07:40Z (40 min)"));
        // Choosing the movement chose its leg in the chart.
        QCOMPARE(w_.window->chart().selection(), std::vector<LegId>{kXQ100});
        station().findChild<QSpinBox*>("stationWindow")->setValue(300);
        QVERIFY(c.item(0)->text().contains("2 departures within 300 min"));
        QVERIFY(c.item(2)->text().startsWith("XQ300 to VIE at 11:20Z (260 min)"));
        // A connection chosen goes to that leg.
        emit c.itemActivated(c.item(2));
        QCOMPARE(w_.window->chart().selection(), std::vector<LegId>{kXQ300});
        // A departure has no connections of its own.
        t.setCurrentCell(1, 0);
        QVERIFY(c.item(0)->text().startsWith("Choose an arrival"));
    }

    void localTimesMakeTheStationsDay() {
        QVERIFY(airports().setData(airport_cell("MUC", ui::AirportListModel::UtcOffset), "+02:00"));
        QVERIFY(wait_idle(*w_.session));
        w_.window->local_times_action().setChecked(true);
        QTRY_COMPARE(station().clock().text(), QString("Day in local time (UTC+02:00)"));
        QCOMPARE(column(station().movements(), 0), (QStringList{"09:00", "09:40", "13:00", "13:20"}));
    }

    void anAirportEditIsOneUndoableChange() {
        QCOMPARE(store_mgt(path_, "MUC"), 30);
        QVERIFY(airports().setData(airport_cell("MUC", ui::AirportListModel::MinGround), "45"));
        QVERIFY(wait_idle(*w_.session));
        QCOMPARE(store_mgt(path_, "MUC"), 45);
        QTRY_COMPARE(airports().data(airport_cell("MUC", ui::AirportListModel::MinGround)).toString(), QString("45 min"));
        QCOMPARE(ui::undo_stack(*w_.session).undoText(), QString("Set MUC's minimum ground time to 45 min"));
        ui::undo_stack(*w_.session).undo();
        QVERIFY(wait_idle(*w_.session));
        QCOMPARE(store_mgt(path_, "MUC"), 30);
        QTRY_COMPARE(airports().data(airport_cell("MUC", ui::AirportListModel::MinGround)).toString(), QString("30 min"));
    }

    void everyStationOfTheLegsIsListedWithItsDepartures() {
        // Arrival-only stations too (0 departures), each counted as the projection counts it.
        storage::Database db = storage::open_store(path_, true);
        auto q = db.prepare("SELECT s, (SELECT count(*) FROM legs WHERE departure = s) FROM "
                            "(SELECT departure AS s FROM legs UNION SELECT arrival FROM legs)");
        int stations = 0;
        while (q.step()) {
            const std::string code(q.text(0));
            QModelIndex cell = airport_cell(code.c_str(), ui::AirportListModel::Departures);
            QVERIFY2(cell.isValid(), code.c_str());
            QCOMPARE(airports().data(cell).toLongLong(), q.int64(1));
            ++stations;
        }
        QVERIFY(stations >= 3);
        QCOMPARE(airports().rowCount(), stations + int(db.scalar("SELECT count(*) FROM airports WHERE airport NOT IN "
                                                              "(SELECT departure FROM legs UNION SELECT arrival FROM legs)")));
    }

    void aStationNobodyDefinedIsListedAndCanBeDefined() {
        QModelIndex vie = airport_cell("VIE", ui::AirportListModel::UtcOffset);
        QVERIFY(vie.isValid());
        QVERIFY(airports().data(vie, Qt::FontRole).value<QFont>().italic());
        QVERIFY(airports().data(vie, Qt::ToolTipRole).toString().contains("not defined"));
        QCOMPARE(store_mgt(path_, "VIE"), -1);
        QVERIFY(airports().setData(vie, "+01:00"));
        QVERIFY(wait_idle(*w_.session));
        QCOMPARE(store_mgt(path_, "VIE"), 0);
        QTRY_VERIFY(!airports().data(airport_cell("VIE", 0), Qt::FontRole).value<QFont>().italic());
        QCOMPARE(airports().data(airport_cell("VIE", ui::AirportListModel::UtcOffset)).toString(), QString("+01:00"));
    }

    void aValueTheFieldCannotHoldIsRefusedByName() {
        const auto events = event_count(path_);
        QVERIFY(!airports().setData(airport_cell("MUC", ui::AirportListModel::UtcOffset), "+1"));
        QVERIFY2(w_.window->statusBar()->currentMessage().contains("MUC UTC offset \"+1\": write it like +01:00"),
                 qPrintable(w_.window->statusBar()->currentMessage()));
        QVERIFY(!airports().setData(airport_cell("MUC", ui::AirportListModel::MinGround), "soon"));
        QVERIFY(w_.window->statusBar()->currentMessage().contains("MUC minimum ground time \"soon\""));
        QVERIFY(!airports().setData(airport_cell("MUC", ui::AirportListModel::TimeZone), "Europe/ Munich"));
        QVERIFY(w_.window->statusBar()->currentMessage().contains("MUC time zone"));
        QVERIFY(wait_idle(*w_.session));
        QCOMPARE(event_count(path_), events);
    }

    void thePastIsReadOnlyHereToo() {
        w_.session->view_as_of(1);
        QTRY_VERIFY(w_.session->view().as_of() != 0);
        QVERIFY(!(airports().flags(airport_cell("MUC", ui::AirportListModel::MinGround)) & Qt::ItemIsEditable));
    }
};

QTEST_MAIN(TestUiStations)
#include "tst_ui_stations.moc"
