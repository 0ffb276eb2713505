// The Qt models over the schedule, checked by QAbstractItemModelTester while
// the schedule they show changes underneath them.
#include <QAbstractItemModelTester>

#include "ui/commands/leg_changes.h"
#include "ui/commands/undo.h"
#include "ui/qt-models/airplane_list_model.h"
#include "ui/qt-models/leg_table_model.h"
#include "ui/qt-models/rotation_list_model.h"
#include "ui/qt-models/violation_model.h"
#include "storage/eventstore/event_store.h"
#include "storage/projections/projections.h"
#include "ui_support.h"

using namespace rotaplan;
using namespace rotaplan::testing;

class TestUiModels : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

private slots:
    void modelsStayConsistentThroughChanges() {
        auto path = dir_.filePath("models.db").toStdString();
        make_small_schedule(path);
        ui::Session session(QString::fromStdString(path), storage::default_context());
        ui::LegTableModel legs(session.view());
        ui::ViolationModel violations(session.view());
        QAbstractItemModelTester t1(&legs, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester t2(&violations, QAbstractItemModelTester::FailureReportingMode::QtTest);
        ui::RotationListModel rotations(session.view());
        ui::AirplaneListModel airplanes(session.view());
        QAbstractItemModelTester t3(&rotations, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester t4(&airplanes, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(wait_open(session));

        QCOMPARE(legs.rowCount(), 4);
        QCOMPARE(legs.data(legs.index(0, ui::LegTableModel::Designator)).toString(), QString("XQ100/FRA/2026-04-01"));
        QCOMPARE(legs.data(legs.index(0, ui::LegTableModel::Rotation)).toString(), QString("R1"));
        QCOMPARE(legs.row_of(kXQ300), 3);
        QCOMPARE(violations.rowCount(), 4);  // the three constraints and the rotation names held twice
        for (int c = 0; c < 4; ++c) QCOMPARE(violations.rowCount(violations.index(c, 0)), 0);

        // XQ300 into R2: leaves MUC 20 minutes after XQ200 lands there (30 required).
        ui::move_legs(session, {kXQ300}, kR2);
        QVERIFY(wait_idle(session));
        QCOMPARE(legs.data(legs.index(3, ui::LegTableModel::Rotation)).toString(), QString("R2"));
        auto ground = violations.index(1, 0);
        QCOMPARE(violations.rowCount(ground), 1);
        QCOMPARE(violations.data(violations.index(0, ui::ViolationModel::What, ground)).toString(), QString("XQ200 → XQ300 on 2026-04-01"));
        QCOMPARE(violations.data(violations.index(0, ui::ViolationModel::Actual, ground)).toInt(), 20);
        QCOMPARE(violations.data(violations.index(0, ui::ViolationModel::Required, ground)).toInt(), 30);
        QCOMPARE(violations.data(violations.index(0, ui::ViolationModel::Station, ground)).toString(), QString("MUC"));
        QCOMPARE(violations.data(violations.index(0, ui::ViolationModel::Rotation, ground)).toString(), QString("R2"));
        QVERIFY(violations.data(violations.index(0, 0, ground), Qt::ToolTipRole).toString().contains("ground 20 min, required 30"));
        QCOMPARE(violations.data(violations.index(0, 0, ground), ui::ViolationModel::FirstLegRole).toString(),
                 QString::fromStdString(kXQ200.value.str()));

        // Sorted by arrival, descending: VIE, MUC, MUC, FRA; back to STD order after.
        legs.sort(ui::LegTableModel::Arrival, Qt::DescendingOrder);
        QTRY_VERIFY(!legs.sorting());  // sorted on a pool thread
        QCOMPARE(legs.data(legs.index(0, ui::LegTableModel::Arrival)).toString(), QString("VIE"));
        QCOMPARE(legs.data(legs.index(3, ui::LegTableModel::Arrival)).toString(), QString("FRA"));
        QCOMPARE(legs.row_of(kXQ101), 3);
        legs.sort(ui::LegTableModel::Std, Qt::AscendingOrder);
        QCOMPARE(legs.row_of(kXQ101), 1);

        ui::undo_stack(session).undo();
        QVERIFY(wait_idle(session));
        QCOMPARE(violations.rowCount(violations.index(1, 0)), 0);
        QCOMPARE(legs.data(legs.index(3, ui::LegTableModel::Rotation)).toString(), QString());

        session.submit({RegisterAirplane{Registration::from("D-AIAA"), AircraftType::from("320"), 30},
                        AssignAirplane{Registration::from("D-AIAA"), kR1}});
        QVERIFY(wait_idle(session));
        QCOMPARE(airplanes.rowCount(), 1);
        QCOMPARE(airplanes.data(airplanes.index(0, ui::AirplaneListModel::FlownRotation)).toString(), QString("R1"));
        QCOMPARE(rotations.data(rotations.index(0, ui::RotationListModel::Airplane)).toString(), QString("D-AIAA"));
        // The Airplane cell of a rotation flown by one is what can be dragged (to another rotation).
        QVERIFY(rotations.flags(rotations.index(0, ui::RotationListModel::Airplane)) & Qt::ItemIsDragEnabled);
        QVERIFY(!(rotations.flags(rotations.index(1, ui::RotationListModel::Airplane)) & Qt::ItemIsDragEnabled));
    }

    // A name two rotations hold (a store fed by an older server: the deciders
    // refuse it, so the events are written as such a server would have let
    // them in) is listed in the panel, as `validate` lists it, not only counted.
    void aRotationNameHeldTwiceIsListed() {
        auto path = dir_.filePath("names.db").toStdString();
        make_small_schedule(path);
        {
            storage::ScheduleStore store(path);
            const RotationId twin{*Uuid::parse("0192a3b4-0000-7000-8000-00000000dddd")};
            storage::EventMetadata meta{.planner = "marc", .recorded_at = "2026-12-03T10:00:00.000Z"};
            store.events().append(rotation_stream(twin), 0, {RotationCreated{twin, "R1"}}, meta);
            storage::rebuild_projections(store.database());
        }
        ui::Session session(QString::fromStdString(path), storage::default_context());
        ui::ViolationModel violations(session.view());
        QAbstractItemModelTester tester(&violations, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(wait_open(session));
        auto names = violations.index(3, 0);
        QCOMPARE(violations.data(names).toString(), QString("Rotation names held twice (1)"));
        QCOMPARE(violations.rowCount(names), 1);
        QCOMPARE(violations.data(violations.index(0, 0, names)).toString(), QString("2 rotations named R1 (rename all but one)"));
        QCOMPARE(violations.data(violations.index(0, ui::ViolationModel::Rotation, names)).toString(), QString("R1"));
        for (int c = 0; c < 3; ++c) QCOMPARE(violations.rowCount(violations.index(c, 0)), 0);
    }
};

QTEST_MAIN(TestUiModels)
#include "tst_ui_models.moc"
