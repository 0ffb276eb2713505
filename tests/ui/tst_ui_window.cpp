// The real window, offscreen: a planner drags legs between rotations, retimes
// with Shift+drag and keys, undoes and redoes, and the chart, the validation
// panel and the store follow.
#include <QMouseEvent>
#include <QStatusBar>

#include "storage/open_store.h"
#include "storage/projections/queries.h"
#include "storage/projections/validation_report.h"
#include "ui/commands/leg_changes.h"
#include "ui/commands/rotation_changes.h"
#include "ui/commands/undo.h"
#include "ui/main_window.h"
#include "ui/widgets/new_leg_dialog.h"
#include <QComboBox>
#include <QLineEdit>
#include "ui_support.h"

using namespace rotaplan;
using namespace rotaplan::testing;

namespace {

// A drag with the button held all the way (QTest::mouseMove does not hold it).
void drag(QWidget* w, QPoint from, QPoint to, Qt::KeyboardModifiers mods = Qt::NoModifier) {
    QTest::mousePress(w, Qt::LeftButton, mods, from);
    for (int i = 1; i <= 4; ++i) {
        QPoint p = from + (to - from) * i / 4;
        QMouseEvent move(QEvent::MouseMove, p, w->mapToGlobal(p), Qt::NoButton, Qt::LeftButton, mods);
        QApplication::sendEvent(w, &move);
    }
    QTest::mouseRelease(w, Qt::LeftButton, mods, to);
}

std::optional<RotationId> rotation_in_store(const std::string& path, LegId leg) {
    storage::Database db = storage::open_store(path, true);
    return storage::find_leg(db, leg)->rotation;
}

}  // namespace

class TestUiWindow : public QObject {
    Q_OBJECT
    StoreFolder dir_{"w"};
    std::string path_;
    std::unique_ptr<ui::Session> session_;
    std::unique_ptr<ui::MainWindow> window_;

private slots:
    void init() {
        path_ = dir_.next_store_path();
        make_small_schedule(path_);
        session_ = std::make_unique<ui::Session>(QString::fromStdString(path_), storage::default_context());
        window_ = std::make_unique<ui::MainWindow>(*session_);
        window_->resize(1200, 700);
        window_->show();
        QVERIFY(wait_open(*session_));
        window_->chart().set_minutes_per_pixel(0.5);  // 2 px a minute: every bar is wide
        window_->chart().show_leg(kXQ100);
        QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    }
    void cleanup() {
        window_.reset();
        session_.reset();
    }

    void dragMovesALegAndTheValidationPanelFollows() {
        auto& chart = window_->chart();
        auto from = chart.point_of(kXQ300);
        QVERIFY(from);
        QPoint to(from->x(), chart.row_y(1));  // lanes: R1, R2, (no rotation)
        drag(chart.viewport(), *from, to);
        QVERIFY(wait_idle(*session_));
        QCOMPARE(session_->view().leg(kXQ300)->rotation, std::optional<RotationId>(kR2));
        QCOMPARE(rotation_in_store(path_, kXQ300), std::optional<RotationId>(kR2));
        // 20 minutes at MUC after XQ200, 30 required: marked, and listed.
        QVERIFY(session_->view().in_violation(kXQ300));
        auto& panel = window_->violation_model();
        QCOMPARE(panel.rowCount(panel.index(1, 0)), 1);
        QVERIFY(window_->statusBar()->findChildren<QLabel*>().size() >= 2);

        // Ctrl+Z undoes it with a compensating move: the leg is back, the history longer.
        auto events = [&] { return storage::open_store(path_, true).scalar("SELECT count(*) FROM events"); };
        auto events_before = events();
        QTest::keyClick(window_.get(), Qt::Key_Z, Qt::ControlModifier);
        QVERIFY(wait_idle(*session_));
        QCOMPARE(session_->view().leg(kXQ300)->rotation, std::optional<RotationId>());
        QCOMPARE(panel.rowCount(panel.index(1, 0)), 0);
        QCOMPARE(events(), events_before + 2);  // LegRemovedFromRotation, LegReleased: history grows, nothing is erased
        storage::Database db = storage::open_store(path_, true);
        auto history = storage::leg_history(*std::make_unique<storage::EventStore>(db), kXQ300);
        QVERIFY(history.size() >= 3);  // created, moved in, moved back

        // Ctrl+Shift+Z redoes it.
        QTest::keyClick(window_.get(), Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        QVERIFY(wait_idle(*session_));
        QCOMPARE(session_->view().leg(kXQ300)->rotation, std::optional<RotationId>(kR2));
    }

    void anOverlappingMoveIsRefusedAndNothingChanges() {
        auto& chart = window_->chart();
        auto from = chart.point_of(kXQ200);
        QVERIFY(from);
        // XQ200 10:00-11:00 does not overlap R1; XQ101 07:40-08:40 into R2 does not either;
        // but XQ100 06:00-07:00 retimed onto XQ101 would: refuse a retime of 60 minutes.
        auto leg100 = chart.point_of(kXQ100);
        QVERIFY(leg100);
        drag(chart.viewport(), *leg100, *leg100 + QPoint(120 * 2 / 1, 0), Qt::ShiftModifier);  // +120 min
        QVERIFY(wait_idle(*session_));
        QCOMPARE(session_->view().leg(kXQ100)->leg.std_utc, *parse_instant("2026-04-01T06:00Z"));
        QVERIFY(window_->statusBar()->currentMessage().contains("would overlap"));
        QCOMPARE(ui::undo_stack(*session_).count(), 0);
    }

    void shiftDragAndKeysRetime() {
        auto& chart = window_->chart();
        auto from = chart.point_of(kXQ101);
        QVERIFY(from);
        drag(chart.viewport(), *from, *from + QPoint(20, 0), Qt::ShiftModifier);  // 20 px = 10 min
        QVERIFY(wait_idle(*session_));
        QCOMPARE(session_->view().leg(kXQ101)->leg.std_utc, *parse_instant("2026-04-01T07:50Z"));
        QTest::keyClick(chart.viewport(), Qt::Key_Left, Qt::AltModifier);  // the selection, 5 min earlier
        QVERIFY(wait_idle(*session_));
        QCOMPARE(session_->view().leg(kXQ101)->leg.std_utc, *parse_instant("2026-04-01T07:45Z"));
        QTest::keyClick(chart.viewport(), Qt::Key_Delete);  // out of its rotation
        QVERIFY(wait_idle(*session_));
        QCOMPARE(session_->view().leg(kXQ101)->rotation, std::optional<RotationId>());
        QCOMPARE(ui::undo_stack(*session_).count(), 3);
    }

    void rotationsAreCreatedAndAirplanesAssignedUndoably() {
        storage::ScheduleStore(path_).execute(RegisterAirplane{Registration::from("D-AIAA"), AircraftType::from("320"), 45},
                                              storage::default_context());
        ui::create_rotation(*session_, "R3");
        QVERIFY(wait_idle(*session_));
        QCOMPARE(session_->view().rotations().size(), std::size_t(3));
        QCOMPARE(window_->rotation_table().model()->rowCount(), 3);
        ui::undo_stack(*session_).undo();  // a compensating delete
        QVERIFY(wait_idle(*session_));
        QCOMPARE(session_->view().rotations().size(), std::size_t(2));

        // D-AIAA (minimum 45) on R1: 40 minutes at MUC now break it.
        ui::assign_airplane(*session_, Registration::from("D-AIAA"), kR1);
        QVERIFY(wait_idle(*session_));
        QCOMPARE(session_->view().rotations()[0].airplane, std::string("D-AIAA"));
        QCOMPARE(session_->view().validation().min_ground_time, 1);
        QVERIFY(session_->view().in_violation(kXQ101));
        // Moving it to R2 leaves R1 valid again; undo brings it back to R1.
        ui::assign_airplane(*session_, Registration::from("D-AIAA"), kR2);
        QVERIFY(wait_idle(*session_));
        QCOMPARE(session_->view().validation().min_ground_time, 0);
        ui::undo_stack(*session_).undo();
        QVERIFY(wait_idle(*session_));
        QCOMPARE(session_->view().rotations()[0].airplane, std::string("D-AIAA"));
        QCOMPARE(session_->view().rotations()[1].airplane, std::string());
        ui::unassign_airplane(*session_, kR1);
        QVERIFY(wait_idle(*session_));
        QCOMPARE(session_->view().validation().min_ground_time, 0);
    }

    void theFilterNarrowsTableAndChart() {
        ui::LegFilter f;
        f.airport = "VIE";
        session_->view().set_filter(f);
        QCOMPARE(window_->leg_model().rowCount(), 1);  // XQ300 MUC-VIE
        QCOMPARE(session_->view().shown_lanes().size(), std::size_t(1));
        QVERIFY(!window_->chart().point_of(kXQ100));
        f = {};
        f.from = *parse_date("2026-04-02");
        session_->view().set_filter(f);
        QCOMPARE(window_->leg_model().rowCount(), 0);
        session_->view().set_filter({});
        QCOMPARE(window_->leg_model().rowCount(), 4);
        QCOMPARE(session_->view().shown_lanes().size(), std::size_t(3));
    }

    void aNewLegFromTheDialogAndReferenceDataFromFiles() {
        ui::NewLegDialog dialog(session_->view(), QDate(2026, 4, 1), window_.get());
        dialog.flight->setText("xq500");
        dialog.departure->setText("MUC");
        dialog.arrival->setText("FRA");
        dialog.std_time->setText("2026-04-01T12:00Z");
        dialog.sta_time->setText("2026-04-01T11:00Z");
        QVERIFY(!dialog.leg());  // STA before STD: refused in the dialog, nothing issued
        dialog.sta_time->setText("2026-04-01T13:00Z");
        dialog.rotations->setCurrentIndex(2);  // R2
        auto leg = dialog.leg();
        QVERIFY(leg);
        QCOMPARE(format_designator(leg->designator), std::string("XQ500/MUC/2026-04-01"));
        session_->set_planner("Ada");
        ui::add_leg(*session_, *leg, dialog.rotation());
        QVERIFY(wait_idle(*session_));
        QCOMPARE(session_->view().legs_in_order().size(), std::size_t(5));
        {
            storage::Database db = storage::open_store(path_, true);
            auto q = db.prepare("SELECT json_extract(metadata, '$.planner') FROM events ORDER BY position DESC LIMIT 1");
            QVERIFY(q.step());
            QCOMPARE(q.str(0), std::string("Ada"));
        }
        ui::undo_stack(*session_).undo();
        QVERIFY(wait_idle(*session_));
        QCOMPARE(session_->view().legs_in_order().size(), std::size_t(4));

        QTemporaryDir files;
        QFile csv(files.filePath("airports.csv"));
        QVERIFY(csv.open(QIODevice::WriteOnly));
        csv.write("airport,min_ground_minutes\nMUC,45\n");
        csv.close();
        window_->import_reference("airports", csv.fileName());
        QVERIFY(wait_idle(*session_));
        QTRY_COMPARE(session_->view().validation().min_ground_time, 1);  // XQ100 -> XQ101 at MUC: 40 < 45
        QFile bad(files.filePath("bad.csv"));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("airport,min_ground_minutes\nMUC,-5\n");
        bad.close();
        window_->import_reference("airports", bad.fileName());
        QVERIFY(wait_idle(*session_));
        QVERIFY2(window_->statusBar()->currentMessage().contains("bad.csv:2"), qPrintable(window_->statusBar()->currentMessage()));
    }

    void aCommandSubmittedAsTheWindowClosesIsCommitted() {
        // 21 moves back and forth, each one transaction; all are queued when the window goes.
        for (int i = 0; i < 21; ++i)
            session_->submit({MoveLegs{{kXQ300}, i % 2 ? std::nullopt : std::optional<RotationId>(kR2)}});
        window_.reset();
        session_.reset();  // at once: the move is still in the worker's queue
        QCOMPARE(rotation_in_store(path_, kXQ300), std::optional<RotationId>(kR2));
        init();  // cleanup() expects a session
    }

    void tableAndChartSelectTogether() {
        auto& table = window_->leg_table();
        table.selectRow(window_->leg_model().row_of(kXQ200));
        QCOMPARE(window_->chart().selection(), (std::vector<LegId>{kXQ200}));
        window_->chart().show_leg(kXQ101);
        auto p = window_->chart().point_of(kXQ101);
        QVERIFY(p);
        QTest::mouseClick(window_->chart().viewport(), Qt::LeftButton, Qt::NoModifier, *p);
        QCOMPARE(window_->chart().selection(), (std::vector<LegId>{kXQ101}));
        QCOMPARE(table.currentIndex().row(), window_->leg_model().row_of(kXQ101));
    }
};

QTEST_MAIN(TestUiWindow)
#include "tst_ui_window.moc"
