// What the window says before and around its schedule: "Loading…" until the
// worker's first answer (not "0 legs … valid"), an empty schedule's three
// ways to start instead of an empty chart, and counts in words ("1 violation").
#include <QLabel>
#include <QPushButton>
#include <QStackedWidget>
#include <QStatusBar>

#include "ui_support.h"

using namespace rotaplan;
using namespace rotaplan::testing;

namespace {
QStringList status_texts(ui::MainWindow& w) {
    QStringList out;
    for (auto* l : w.statusBar()->findChildren<QLabel*>()) out << l->text();
    return out;
}
bool status_has(ui::MainWindow& w, const QString& text) {
    for (const auto& t : status_texts(w))
        if (t.contains(text)) return true;
    return false;
}
}  // namespace

class TestUiFirstSteps : public QObject {
    Q_OBJECT
    StoreFolder dir_{"first"};

private slots:
    void untilTheScheduleIsReadTheWindowSaysLoading() {
        auto path = dir_.next_store_path();
        make_small_schedule(path);
        ui::Session session(QString::fromStdString(path), storage::default_context());
        ui::MainWindow window(session);
        QVERIFY2(status_has(window, "Loading"), qPrintable(status_texts(window).join(" | ")));
        QVERIFY(!status_has(window, "valid"));
        QVERIFY(wait_open(session));
        QTRY_VERIFY(status_has(window, "4 legs, 2 rotations, 0 airplanes"));
        QVERIFY(status_has(window, "valid"));
    }

    void anEmptyScheduleSaysHowToStartAndTheDemoStartsIt() {
        ui::Session session(QString::fromStdString(dir_.next_store_path()), storage::default_context());
        ui::MainWindow window(session);
        window.show();
        QVERIFY(wait_open(session));
        auto* central = qobject_cast<QStackedWidget*>(window.centralWidget());
        QVERIFY(central);
        QTRY_COMPARE(central->currentWidget()->objectName(), QString("firstSteps"));
        for (const char* b : {"firstImport", "firstDemo", "firstServer"}) QVERIFY2(window.findChild<QPushButton*>(b), b);
        QTest::mouseClick(window.findChild<QPushButton*>("firstDemo"), Qt::LeftButton);
        QTRY_VERIFY(!session.view().legs_in_order().empty());
        QCOMPARE(central->currentWidget(), static_cast<QWidget*>(&window.chart()));
        QTRY_VERIFY2(status_has(window, "49 legs, 4 rotations, 5 airplanes"), qPrintable(status_texts(window).join(" | ")));
        // A second demo into a schedule that holds one: refused, nothing doubled.
        bool refused = false;
        session.load_demo([&](bool ok, const QString&) { refused = !ok; });
        QVERIFY(wait_idle(session));
        QTRY_VERIFY(refused);
        QCOMPARE(session.view().legs_in_order().size(), std::size_t(49));
    }

    void countsAreSaidInWords() {
        auto path = dir_.next_store_path();
        make_small_schedule(path);
        ui::Session session(QString::fromStdString(path), storage::default_context());
        ui::MainWindow window(session);
        QVERIFY(wait_open(session));
        session.submit({SetAirportMinimumGroundTime{AirportCode::from("MUC"), 60}, MoveLegs{{kXQ300}, std::nullopt},
                        RegisterAirplane{Registration::from("D-AIAA"), AircraftType::from("320"), 30}});
        QVERIFY(wait_idle(session));
        QTRY_VERIFY2(status_has(window, "1 violation (continuity 0, ground time 1"), qPrintable(status_texts(window).join(" | ")));
        QVERIFY(status_has(window, "1 airplane"));
        QVERIFY(!status_has(window, "1 airplanes"));
        // The filter's count beside the whole schedule's.
        ui::LegFilter f;
        f.airport = "VIE";
        session.view().set_filter(f);
        QTRY_VERIFY2(status_has(window, "(1 leg shown by the filter)"), qPrintable(status_texts(window).join(" | ")));
    }
};

QTEST_MAIN(TestUiFirstSteps)
#include "tst_ui_first_steps.moc"
