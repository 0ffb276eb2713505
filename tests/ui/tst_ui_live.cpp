// The window follows its store when another process writes to it: the real
// rotaplan-cli in a QProcess commits, and the open window shows the change
// (legs, violations) without being asked, then decides its own next command
// on the store as it is now.
#include <QProcess>

#include "ui/commands/leg_changes.h"
#include "ui_support.h"

using namespace rotaplan;
using namespace rotaplan::testing;

class TestUiLive : public QObject {
    Q_OBJECT
    StoreFolder dir_{"live"};
    std::string path_;
    OpenWindow w_;

    void cli(const QStringList& args) {
        QProcess p;
        p.start(ROTAPLAN_CLI, QStringList{"--db", QString::fromStdString(path_)} + args);
        QVERIFY(p.waitForFinished(30000));
        QVERIFY2(p.exitCode() == 0, qPrintable(args.join(' ') + ": " + QString::fromUtf8(p.readAllStandardError())));
    }

private slots:
    void init() { w_ = open_small_schedule(dir_, &path_); }
    void cleanup() { w_ = {}; }

    void aMinimumRaisedInATerminalShowsInTheWindow() {
        auto& violations = w_.window->violation_model();
        QCOMPARE(violations.rowCount(violations.index(1, 0)), 0);
        cli({"set-airport", "MUC", "--mgt", "60"});  // R1 turns at MUC in 40 minutes
        QTRY_COMPARE_WITH_TIMEOUT(violations.rowCount(violations.index(1, 0)), 1, 3000);
        QCOMPARE(violations.data(violations.index(0, ui::ViolationModel::Required, violations.index(1, 0))).toInt(), 60);
        QCOMPARE(w_.session->view().validation().min_ground_time, 1);
    }

    void aLegAddedElsewhereAppearsAndTheNextCommandSeesIt() {
        const auto legs = w_.session->view().legs_in_order().size();
        cli({"add-leg", "R2", "--flight", "XQ201", "--dep", "MUC", "--arr", "FRA", "--std", "2026-04-01T13:00Z", "--sta",
             "2026-04-01T14:00Z"});
        QTRY_COMPARE_WITH_TIMEOUT(w_.session->view().legs_in_order().size(), legs + 1, 3000);
        // R2's stream moved on in the other process: the window's own move into
        // R2 is decided on R2 as it is now, and commits.
        ui::move_legs(*w_.session, {kXQ300}, kR2);
        QVERIFY(wait_idle(*w_.session));
        QCOMPARE(w_.session->view().leg(kXQ300)->rotation, std::optional<RotationId>(kR2));
    }

    void nothingWrittenElsewhereMeansNothingReread() {
        QSignalSpy changed(&w_.session->view(), &ui::ScheduleView::changed);
        QTest::qWait(800);  // three polls
        QCOMPARE(changed.count(), 0);
    }
};

QTEST_MAIN(TestUiLive)
#include "tst_ui_live.moc"
