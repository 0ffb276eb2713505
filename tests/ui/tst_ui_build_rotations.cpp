// Plan → Build rotations… in the real window, offscreen: the proposal made on
// the worker with its fleet and lower bound, Discard that writes nothing,
// Create as one undoable entry, and its undo.
#include <QApplication>
#include <QLabel>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>

#include "ui/commands/undo.h"
#include "ui/widgets/build_rotations_dialog.h"
#include "ui/widgets/rotation_chart.h"
#include "support/test_legs.h"
#include "ui_support.h"

using namespace rotaplan;
using namespace rotaplan::testing;

class TestUiBuildRotations : public QObject {
    Q_OBJECT
    StoreFolder dir_{"build"};

    static QPointer<ui::BuildRotationsDialog> open(ui::MainWindow& window) {
        QAction* action = window.findChild<QAction*>("buildRotationsAction");
        if (!action) qFatal("no Plan → Build rotations…");
        action->trigger();
        return window.findChild<ui::BuildRotationsDialog*>();
    }

private slots:
    void proposeThenDiscardThenCreateAndUndo() {
        const std::string db = dir_.next_store_path();
        {
            storage::ScheduleStore store(db);
            std::vector<Leg> legs{testing::leg(1, "XQ100", "FRA", "MUC", "2026-04-01T06:00Z", "2026-04-01T07:00Z"),
                                  testing::leg(2, "XQ101", "MUC", "FRA", "2026-04-01T07:40Z", "2026-04-01T08:40Z"),
                                  testing::leg(3, "XQ300", "FRA", "HAM", "2026-04-01T06:30Z", "2026-04-01T07:30Z")};
            QVERIFY(store.execute(AddLegs{std::nullopt, legs}, storage::default_context()).ok);
        }
        ui::Session session(QString::fromStdString(db), storage::default_context());
        ui::MainWindow window(session);
        QVERIFY(wait_open(session));
        const auto before = event_count(db);

        QPointer<ui::BuildRotationsDialog> dialog = open(window);
        QVERIFY(dialog && dialog->isVisible());
        auto* create = dialog->findChild<QPushButton*>("buildCreate");
        QTRY_VERIFY_WITH_TIMEOUT(create->isEnabled(), 10000);
        const QString summary = dialog->findChild<QLabel*>("buildSummary")->text();
        QVERIFY2(summary.contains("2 rotations for 3 legs in no rotation: 320 2 (lower bound 2)"), qPrintable(summary));
        QVERIFY(dialog->findChild<QPlainTextEdit*>("buildDetail")->toPlainText().contains("320-001  2 legs  FRA"));
        // Ghosted in the chart while the dialog is up, painted with the rest.
        auto* chart = window.findChild<ui::RotationChart*>();
        QVERIFY(chart && chart->showing_proposal());
        chart->show_range(*parse_instant("2026-04-01T05:00Z"), *parse_instant("2026-04-01T10:00Z"));
        const QPixmap shot = chart->viewport()->grab();
        QVERIFY(!shot.isNull());
        if (qEnvironmentVariableIsSet("ROTAPLAN_TEST_SHOTS"))
            shot.save(qEnvironmentVariable("ROTAPLAN_TEST_SHOTS") + "/build-rotations-proposal.png");
        dialog->findChild<QPushButton*>("buildDiscard")->click();
        QTRY_VERIFY_WITH_TIMEOUT(!dialog, 5000);
        QVERIFY(!chart->showing_proposal());
        QVERIFY(wait_idle(session));
        QCOMPARE(event_count(db), before);
        QCOMPARE(session.view().rotations().size(), std::size_t(0));

        dialog = open(window);
        create = dialog->findChild<QPushButton*>("buildCreate");
        QTRY_VERIFY_WITH_TIMEOUT(create->isEnabled(), 10000);
        create->click();
        QTRY_COMPARE_WITH_TIMEOUT(session.view().rotations().size(), std::size_t(2), 10000);
        QVERIFY(wait_idle(session));
        QCOMPARE(ui::undo_stack(session).count(), 1);
        QCOMPARE(ui::undo_stack(session).undoText(), QString("Build 2 rotations"));
        ui::undo_stack(session).undo();
        QTRY_COMPARE_WITH_TIMEOUT(session.view().rotations().size(), std::size_t(0), 10000);
        QVERIFY(wait_idle(session));
        ui::undo_stack(session).redo();
        QTRY_COMPARE_WITH_TIMEOUT(session.view().rotations().size(), std::size_t(2), 10000);
    }
};

QTEST_MAIN(TestUiBuildRotations)
#include "tst_ui_build_rotations.moc"
