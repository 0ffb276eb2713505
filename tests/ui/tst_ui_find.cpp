// Edit > Find… in the real window: what planners type finds the legs
// (ui/session/leg_search.h), Enter goes there in chart and table, F3 and
// Shift+F3 step through the matches, and the filter bar's flight field.
#include <QLabel>
#include <QLineEdit>
#include <QToolBar>

#include "ui/session/leg_search.h"
#include "ui_support.h"

using namespace rotaplan;
using namespace rotaplan::testing;

class TestUiFind : public QObject {
    Q_OBJECT
    StoreFolder dir_{"find"};
    OpenWindow w_;

    std::vector<LegId> search(const char* q) { return ui::search_legs(w_.session->view(), q).legs; }
    LegId table_leg() {
        auto& t = w_.window->leg_table();
        return LegId{*Uuid::parse(w_.window->leg_model().data(t.currentIndex(), ui::LegTableModel::LegIdRole).toString().toStdString())};
    }

private slots:
    void init() {
        auto path = dir_.next_store_path();
        make_small_schedule(path);
        {
            storage::ScheduleStore store(path);
            for (Command c : std::vector<Command>{RegisterAirplane{Registration::from("D-AIAB"), AircraftType::from("320"), 30},
                                                  AssignAirplane{Registration::from("D-AIAB"), kR2}})
                if (!store.execute(c, storage::default_context()).ok) qFatal("fixture command refused");
        }
        w_ = open_window(path);
    }
    void cleanup() { w_ = {}; }

    void whatPlannersTypeFindsTheLegs() {
        QCOMPARE(search("XQ101/MUC/2026-04-01"), std::vector<LegId>{kXQ101});
        QCOMPARE(search("xq 300"), std::vector<LegId>{kXQ300});
        QCOMPARE(search("D-AIAB"), std::vector<LegId>{kXQ200});  // the rotation it flies
        QCOMPARE(search("r1"), (std::vector<LegId>{kXQ100, kXQ101}));
        QCOMPARE(search("FRA"), (std::vector<LegId>{kXQ100, kXQ200}));  // departures, by STD
        QCOMPARE(ui::search_legs(w_.session->view(), "FRA").what, QString("departures from FRA"));
        QVERIFY(search("XQ999").empty());
        QVERIFY(search("XQ100/FRA/2026-04-02").empty());
        QVERIFY(search("").empty());
        QStringList words = ui::search_completions(w_.session->view());
        for (const char* w : {"XQ100", "XQ300", "R1", "R2", "D-AIAB", "FRA", "MUC"}) QVERIFY2(words.contains(w), w);
    }

    void enterGoesThereAndF3StepsThroughTheMatches() {
        QTest::keyClick(w_.window.get(), Qt::Key_F, Qt::ControlModifier);
        QTRY_VERIFY(w_.window->find_bar().isVisible());
        auto* field = w_.window->findChild<QLineEdit*>("findField");
        QVERIFY(field->hasFocus());
        QTest::keyClicks(field, "FRA");
        QTest::keyClick(field, Qt::Key_Return);
        QCOMPARE(w_.window->chart().selection(), std::vector<LegId>{kXQ100});
        QCOMPARE(table_leg(), kXQ100);
        QVERIFY2(w_.window->findChild<QLabel*>("findFound")->text().contains("1 of 2 legs"),
                 qPrintable(w_.window->findChild<QLabel*>("findFound")->text()));
        QTest::keyClick(w_.window.get(), Qt::Key_F3);
        QCOMPARE(w_.window->chart().selection(), std::vector<LegId>{kXQ200});
        QCOMPARE(table_leg(), kXQ200);
        QTest::keyClick(w_.window.get(), Qt::Key_F3);  // wraps around
        QCOMPARE(w_.window->chart().selection(), std::vector<LegId>{kXQ100});
        QTest::keyClick(w_.window.get(), Qt::Key_F3, Qt::ShiftModifier);
        QCOMPARE(w_.window->chart().selection(), std::vector<LegId>{kXQ200});
        // Nothing found: said, the selection left alone.
        w_.window->find("XQ999");
        QCOMPARE(w_.window->findChild<QLabel*>("findFound")->text(), QString(" nothing found"));
        QCOMPARE(w_.window->chart().selection(), std::vector<LegId>{kXQ200});
    }

    void theFilterBarFiltersByFlight() {
        auto* flight = w_.window->findChild<QLineEdit*>("filterFlight");
        QVERIFY(flight);
        flight->setText("101");  // any airline's 101
        emit flight->editingFinished();
        QTRY_COMPARE(w_.window->leg_model().rowCount(), 1);
        flight->setText("XQ 200");
        emit flight->editingFinished();
        QTRY_COMPARE(w_.window->leg_model().rowCount(), 1);
        QCOMPARE(w_.window->leg_model().data(w_.window->leg_model().index(0, 0)).toString(), QString("XQ200/FRA/2026-04-01"));
        flight->setText("LH200");
        emit flight->editingFinished();
        QTRY_COMPARE(w_.window->leg_model().rowCount(), 0);
        flight->clear();
        emit flight->editingFinished();
        QTRY_COMPARE(w_.window->leg_model().rowCount(), 4);
    }
};

QTEST_MAIN(TestUiFind)
#include "tst_ui_find.moc"
