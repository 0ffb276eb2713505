// The validation panel in the real window, offscreen: findings grouped by
// rule with counts, one column per fact, sorted by a header, filtered by a
// station or rotation ("1 of 2"), one click going to the leg, and the CSV
// export of exactly what is shown.
#include <QFile>
#include <QLineEdit>
#include <QTreeView>

#include "ui_support.h"

using namespace rotaplan;
using namespace rotaplan::testing;

namespace {
const LegId kXQ102{Uuid{5, 5}}, kXQ103{Uuid{6, 6}};

// The small schedule with three findings: R1 turns at FRA in 10 minutes (45
// required) and then jumps from LIS to OPO; R2 turns at MUC in 20 (30 required).
void make_schedule_with_findings(const std::string& path) {
    make_small_schedule(path);
    storage::ScheduleStore store(path);
    auto ctx = storage::default_context();
    auto run = [&](Command c) {
        if (!store.execute(c, ctx).ok) qFatal("fixture command refused");
    };
    run(SetAirportMinimumGroundTime{AirportCode::from("FRA"), 45});
    run(AddLegs{kR1, {ui_leg(5, "XQ102/FRA/2026-04-01", "LIS", "2026-04-01T08:50Z", "2026-04-01T11:50Z"),
                      ui_leg(6, "XQ103/OPO/2026-04-01", "FRA", "2026-04-01T13:00Z", "2026-04-01T15:00Z")}});
    run(MoveLegs{{kXQ300}, kR2});
}

QStringList findings(const ui::ViolationModel& m, int rule, int column) {
    QStringList out;
    QModelIndex group = m.index(rule, 0);
    for (int r = 0; r < m.rowCount(group); ++r) out << m.data(m.index(r, column, group)).toString();
    return out;
}

QStringList read_lines(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts);
}
}  // namespace

class TestUiValidation : public QObject {
    Q_OBJECT
    StoreFolder dir_{"v"};
    std::string path_;
    OpenWindow w_;
    ui::ViolationModel& model() { return w_.window->violation_model(); }

private slots:
    void init() {
        path_ = dir_.next_store_path();
        make_schedule_with_findings(path_);
        w_ = open_window(path_);
    }
    void cleanup() { w_ = {}; }

    void findingsAreGroupedByRuleOneFactAColumn() {
        auto& m = model();
        QCOMPARE(m.data(m.index(0, 0)).toString(), QString("Rotation continuity (1)"));
        QCOMPARE(m.data(m.index(1, 0)).toString(), QString("Minimum ground time (2)"));
        QCOMPARE(findings(m, 0, ui::ViolationModel::What), QStringList{"XQ102 → XQ103 on 2026-04-01"});
        QCOMPARE(findings(m, 0, ui::ViolationModel::Station), QStringList{"LIS ≠ OPO"});
        QCOMPARE(findings(m, 1, ui::ViolationModel::Rotation), (QStringList{"R1", "R2"}));
        QCOMPARE(findings(m, 1, ui::ViolationModel::Station), (QStringList{"FRA", "MUC"}));
        QCOMPARE(findings(m, 1, ui::ViolationModel::Actual), (QStringList{"10", "20"}));
        QCOMPARE(findings(m, 1, ui::ViolationModel::Required), (QStringList{"45", "30"}));
        QVERIFY(findings(m, 1, ui::ViolationModel::Legs)[0].startsWith("XQ101/MUC/2026-04-01, XQ102/FRA/2026-04-01"));
    }

    void aHeaderSortsTheFindingsWithinEachRule() {
        auto& tree = w_.window->violations();
        tree.sortByColumn(ui::ViolationModel::Required, Qt::AscendingOrder);
        QCOMPARE(findings(model(), 1, ui::ViolationModel::Required), (QStringList{"30", "45"}));
        tree.sortByColumn(ui::ViolationModel::Actual, Qt::DescendingOrder);
        QCOMPARE(findings(model(), 1, ui::ViolationModel::Actual), (QStringList{"20", "10"}));
        // Numbers sort as numbers: 9 before 10 (as text, "10" < "9").
        w_.session->submit({SetAirportMinimumGroundTime{AirportCode::from("MUC"), 100}});
        QVERIFY(wait_idle(*w_.session));
        tree.sortByColumn(ui::ViolationModel::Required, Qt::DescendingOrder);
        // R1's turn at MUC (40 minutes) now breaks it too.
        QCOMPARE(findings(model(), 1, ui::ViolationModel::Required), (QStringList{"100", "100", "45"}));
        // The continuity rule has one finding, still in its own group.
        QCOMPARE(findings(model(), 0, ui::ViolationModel::What), QStringList{"XQ102 → XQ103 on 2026-04-01"});
    }

    void aStationOrRotationFilterSaysHowManyOfHowMany() {
        auto* filter = w_.window->findChild<QLineEdit*>("violationFilter");
        QVERIFY(filter);
        filter->setText("muc");
        auto& m = model();
        QCOMPARE(m.data(m.index(1, 0)).toString(), QString("Minimum ground time (1 of 2)"));
        QCOMPARE(m.data(m.index(0, 0)).toString(), QString("Rotation continuity (0 of 1)"));
        QCOMPARE(findings(m, 1, ui::ViolationModel::Rotation), QStringList{"R2"});
        filter->setText("R1");
        QCOMPARE(findings(m, 1, ui::ViolationModel::Rotation), QStringList{"R1"});
        QCOMPARE(m.rowCount(m.index(0, 0)), 1);
        filter->setText("OPO");  // a station of the continuity break
        QCOMPARE(m.rowCount(m.index(0, 0)), 1);
        QCOMPARE(m.rowCount(m.index(1, 0)), 0);
        filter->clear();
        QCOMPARE(m.data(m.index(1, 0)).toString(), QString("Minimum ground time (2)"));
    }

    void oneClickGoesToTheFindingsFirstLeg() {
        auto& tree = w_.window->violations();
        QModelIndex muc = model().index(1, ui::ViolationModel::Station, model().index(1, 0));
        tree.scrollTo(muc);
        QRect cell = tree.visualRect(muc);
        QVERIFY(cell.isValid());
        QTest::mouseClick(tree.viewport(), Qt::LeftButton, Qt::NoModifier, cell.center());
        QCOMPARE(w_.window->chart().selection(), std::vector<LegId>{kXQ200});
        QCOMPARE(w_.window->leg_model().data(w_.window->leg_table().currentIndex().siblingAtColumn(0)).toString(),
                 QString("XQ200/FRA/2026-04-01"));
    }

    void theExportWritesWhatIsShown() {
        QSignalSpy done(w_.window.get(), &ui::MainWindow::violationsExported);
        const QString all = QString::fromStdString(dir_.next_store_path()) + ".csv";
        w_.window->export_violations(all);
        QVERIFY(done.wait(5000));
        QVERIFY(done.last().at(1).toBool());
        QStringList lines = read_lines(all);
        QVERIFY2(lines.size() == 4, qPrintable(lines.join("\n")));
        QCOMPARE(lines[0], QString("rule,violation,rotation,airplane,station,legs,actual_minutes,required_minutes"));
        QVERIFY2(lines[1].startsWith("continuity,XQ102 → XQ103 on 2026-04-01,R1,,LIS ≠ OPO,\"XQ102/FRA/2026-04-01, XQ103/OPO/2026-04-01\",,"),
                 qPrintable(lines[1]));
        w_.window->findChild<QLineEdit*>("violationFilter")->setText("MUC");
        const QString muc = QString::fromStdString(dir_.next_store_path()) + ".csv";
        w_.window->export_violations(muc);
        QVERIFY(done.wait(5000));
        lines = read_lines(muc);
        QCOMPARE(lines.size(), 2);
        QVERIFY2(lines[1].startsWith("min_ground_time,XQ200 → XQ300 on 2026-04-01,R2,,MUC,") && lines[1].endsWith(",20,30"), qPrintable(lines[1]));
        // A folder that does not exist: said, and nothing claimed.
        w_.window->export_violations("/nonexistent-folder/v.csv");
        QVERIFY(done.wait(5000));
        QVERIFY(!done.last().at(1).toBool());
    }
};

QTEST_MAIN(TestUiValidation)
#include "tst_ui_validation.moc"
