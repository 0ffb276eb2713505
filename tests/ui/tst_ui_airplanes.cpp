// Airplanes in the real window, offscreen: assigned by dragging one onto a
// rotation (in the rotations list or on a chart row), refused with the
// decider's reason when the rotation has another, and their audit trail in
// the History panel.
#include <QDragEnterEvent>
#include <QStatusBar>

#include "ui/commands/rotation_changes.h"
#include "ui/commands/undo.h"
#include "ui/qt-models/airplane_drag.h"
#include "ui_support.h"

using namespace rotaplan;
using namespace rotaplan::testing;

namespace {
const Registration kAA = Registration::from("D-AIAA"), kAB = Registration::from("D-AIAB");

// The type of the store's last event, and its stream.
std::pair<std::string, std::string> last_event(const std::string& path) {
    storage::Database db = storage::open_store(path, true);
    auto q = db.prepare("SELECT type, stream FROM events ORDER BY position DESC LIMIT 1");
    if (!q.step()) return {};
    return {q.str(0), q.str(1)};
}

// A drag over the chart's viewport that ends in a drop at `at`; whether the drop was taken.
bool drop_on_chart(ui::RotationChart& chart, QPoint at, const QString& registration) {
    std::unique_ptr<QMimeData> mime(ui::airplane_mime(registration));
    QDragEnterEvent enter(at, Qt::CopyAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(chart.viewport(), &enter);
    if (!enter.isAccepted()) return false;
    QDragMoveEvent move(at, Qt::CopyAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(chart.viewport(), &move);
    if (!move.isAccepted()) return false;
    QDropEvent drop(at, Qt::CopyAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(chart.viewport(), &drop);
    return drop.isAccepted();
}
}  // namespace

class TestUiAirplanes : public QObject {
    Q_OBJECT
    StoreFolder dir_{"a"};
    std::string path_;
    OpenWindow w_;

private slots:
    void init() {
        path_ = dir_.next_store_path();
        make_small_schedule(path_);
        {
            storage::ScheduleStore store(path_);
            for (const auto& reg : {kAA, kAB})
                if (!store.execute(RegisterAirplane{reg, AircraftType::from("320"), 30}, storage::default_context()).ok)
                    qFatal("fixture command refused");
        }
        w_ = open_window(path_);
    }
    void cleanup() { w_ = {}; }

    void draggingAnAirplaneOntoARotationAssignsIt() {
        auto& planes = w_.window->airplane_model();
        auto& rotations = w_.window->rotation_model();
        QCOMPARE(planes.rowCount(), 2);
        // From the airplanes list onto R1's row in the rotations list.
        std::unique_ptr<QMimeData> mime(planes.mimeData({planes.index(planes.row_of("D-AIAA"), 0)}));
        QVERIFY(mime);
        QVERIFY(rotations.canDropMimeData(mime.get(), Qt::CopyAction, -1, -1, rotations.index(0, 0)));
        QVERIFY(rotations.dropMimeData(mime.get(), Qt::CopyAction, -1, -1, rotations.index(0, 0)));
        QVERIFY(wait_idle(*w_.session));
        QCOMPARE(w_.session->view().rotations()[0].airplane, std::string("D-AIAA"));
        QCOMPARE(last_event(path_), std::pair(std::string("AirplaneAssigned"), std::string("airplane-D-AIAA")));
        QCOMPARE(ui::undo_stack(*w_.session).undoText(), QString("Assign D-AIAA to R1"));  // undoable like any assignment

        // Onto the chart's second row (R2).
        auto& chart = w_.window->chart();
        QVERIFY(drop_on_chart(chart, QPoint(400, chart.row_y(1)), "D-AIAB"));
        QVERIFY(wait_idle(*w_.session));
        QCOMPARE(w_.session->view().rotations()[1].airplane, std::string("D-AIAB"));
        QCOMPARE(last_event(path_), std::pair(std::string("AirplaneAssigned"), std::string("airplane-D-AIAB")));
        // The lane of legs outside any rotation takes no airplane.
        QVERIFY(!drop_on_chart(chart, QPoint(400, chart.row_y(2)), "D-AIAA"));

        // R1's airplane cell dragged onto R2, which D-AIAB flies: refused, with the decider's reason; nothing changes.
        auto events = event_count(path_);
        auto undo_entries = ui::undo_stack(*w_.session).count();
        std::unique_ptr<QMimeData> cell(rotations.mimeData({rotations.index(0, ui::RotationListModel::Airplane)}));
        QVERIFY(cell);
        QCOMPARE(cell->text(), QString("D-AIAA"));
        QVERIFY(rotations.dropMimeData(cell.get(), Qt::CopyAction, -1, -1, rotations.index(1, 0)));
        QVERIFY(wait_idle(*w_.session));
        QVERIFY2(w_.window->statusBar()->currentMessage().contains("already flown by airplane D-AIAB"),
                 qPrintable(w_.window->statusBar()->currentMessage()));
        QCOMPARE(event_count(path_), events);
        QCOMPARE(ui::undo_stack(*w_.session).count(), undo_entries);
        QCOMPARE(w_.session->view().rotations()[0].airplane, std::string("D-AIAA"));
        QCOMPARE(w_.session->view().rotations()[1].airplane, std::string("D-AIAB"));
        // Something else than an airplane is not taken.
        QMimeData text;
        text.setText("D-AIAA");
        QVERIFY(!rotations.canDropMimeData(&text, Qt::CopyAction, -1, -1, rotations.index(0, 0)));
    }

    void choosingAnAirplaneShowsItsHistory() {
        ui::assign_airplane(*w_.session, kAA, kR1);
        QVERIFY(wait_idle(*w_.session));
        ui::assign_airplane(*w_.session, kAA, kR2);
        QVERIFY(wait_idle(*w_.session));
        w_.window->history_dock().raise();  // the History tab, beside Validation
        QTRY_VERIFY(w_.window->history().isVisible());

        QApplication::processEvents();
        const int dock_width = w_.window->history_dock().width();
        auto& table = w_.window->airplane_table();
        table.setCurrentIndex(w_.window->airplane_model().index(w_.window->airplane_model().row_of("D-AIAA"), 0));
        QCOMPARE(w_.window->history_subject(), QString("Airplane D-AIAA"));
        QCOMPARE(w_.window->history_dock().windowTitle(), QString("History"));  // the tab keeps its width
        // Newest first: who, what, when.
        auto& history = w_.window->history();
        // Registered, assigned to R1, then one action: unassigned from R1 and assigned to R2.
        QTRY_COMPARE(history.count(), 3);
        QVERIFY2(history.item(0)->text().contains("airplane D-AIAA unassigned from rotation R1; airplane D-AIAA assigned to rotation R2"),
                 qPrintable(history.item(0)->text()));
        QVERIFY(history.item(1)->text().contains("airplane D-AIAA assigned to rotation R1"));
        QVERIFY(history.item(2)->text().contains("airplane D-AIAA registered"));
        QVERIFY(history.item(0)->text().contains(QString::fromStdString(storage::default_context().planner) + ":"));
        QVERIFY(history.item(0)->text().contains(QDateTime::currentDateTimeUtc().date().toString(Qt::ISODate)));

        // The other airplane: its own trail only.
        table.setCurrentIndex(w_.window->airplane_model().index(w_.window->airplane_model().row_of("D-AIAB"), 0));
        QTRY_COMPARE(history.count(), 1);
        QVERIFY(history.item(0)->text().contains("airplane D-AIAB registered"));
        // A leg chosen in the chart: the History panel follows the leg again.
        w_.window->chart().select({kXQ300});
        QVERIFY2(w_.window->history_subject().startsWith("Leg XQ300"), qPrintable(w_.window->history_subject()));
        QApplication::processEvents();
        QCOMPARE(w_.window->history_dock().width(), dock_width);  // what it follows never resizes the panels
        QTRY_VERIFY(history.count() == 1 && history.item(0)->text().contains("created outside any rotation"));
    }
};

QTEST_MAIN(TestUiAirplanes)
#include "tst_ui_airplanes.moc"
