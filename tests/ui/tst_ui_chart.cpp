// The rotation chart as painted, offscreen: a turn's ground time is drawn in
// the warning colour exactly when it is under its minimum (the airport's or
// the airplane's, whichever is longer), in a light and in a dark palette.
#include <QImage>

#include "ui/widgets/palette.h"
#include "ui_support.h"

using namespace rotaplan;
using namespace rotaplan::testing;

namespace {
// Pixels of roughly `colour` in the gap between XQ100 and XQ101 (R1's turn at MUC).
int warning_pixels(ui::RotationChart& chart) {
    const QColor colour = ui::warning_colour(chart.palette());
    chart.viewport()->repaint();
    QImage img = chart.viewport()->grab().toImage();
    auto a = chart.point_of(kXQ100), b = chart.point_of(kXQ101);
    if (!a || !b) return -1;
    int from = a->x() + 60, to = b->x() - 60;  // 2 px a minute: each bar is 120 px wide
    int n = 0;
    for (int x = from; x < to; ++x)
        for (int y = a->y() - 10; y <= a->y() + 10; ++y) {
            QColor c = img.pixelColor(x, y);
            if (std::abs(c.red() - colour.red()) < 40 && std::abs(c.green() - colour.green()) < 40 && std::abs(c.blue() - colour.blue()) < 40) ++n;
        }
    return n;
}
}  // namespace

class TestUiChart : public QObject {
    Q_OBJECT
    StoreFolder dir_{"chart"};
    OpenWindow w_;

private slots:
    void init() { w_ = open_small_schedule(dir_); }
    void cleanup() {
        w_ = {};
        QApplication::setPalette(QPalette());
    }

    void aShortTurnsNumberIsInTheWarningColour_data() {
        QTest::addColumn<bool>("dark");
        QTest::newRow("light") << false;
        QTest::newRow("dark") << true;
    }
    void aShortTurnsNumberIsInTheWarningColour() {
        QFETCH(bool, dark);
        auto& chart = w_.window->chart();
        if (dark) {
            QApplication::setPalette(ui::dark_palette());
            QTRY_VERIFY(chart.palette().color(QPalette::Base).lightness() < 100);  // the palette reaches the chart
        }
        QCOMPARE(warning_pixels(chart), 0);  // 40 minutes at MUC, 30 required
        w_.session->submit({SetAirportMinimumGroundTime{AirportCode::from("MUC"), 45}});
        QVERIFY(wait_idle(*w_.session));
        QTRY_VERIFY2(warning_pixels(chart) > 10, qPrintable(QString::number(warning_pixels(chart))));
        // The airplane's own minimum counts too: MUC back to 30, the airplane needs 50.
        w_.session->submit({SetAirportMinimumGroundTime{AirportCode::from("MUC"), 30},
                            RegisterAirplane{Registration::from("D-AIAA"), AircraftType::from("320"), 50},
                            AssignAirplane{Registration::from("D-AIAA"), kR1}});
        QVERIFY(wait_idle(*w_.session));
        QTRY_VERIFY(warning_pixels(chart) > 10);
        w_.session->submit({UpdateAirplane{Registration::from("D-AIAA"), AircraftType::from("320"), 35}});
        QVERIFY(wait_idle(*w_.session));
        QTRY_COMPARE(warning_pixels(chart), 0);
    }

    // The keyboard walks the schedule: R1 is XQ100, XQ101; R2 is XQ200; the
    // unassigned row holds XQ300.
    void theKeyboardGoesFromLegToLeg() {
        auto& chart = w_.window->chart();
        chart.setFocus();
        chart.select({kXQ100});
        QTest::keyClick(&chart, Qt::Key_Right);
        QCOMPARE(chart.selection(), std::vector<LegId>{kXQ101});
        QTest::keyClick(&chart, Qt::Key_Right);  // R1's last leg: stays
        QCOMPARE(chart.selection(), std::vector<LegId>{kXQ101});
        QTest::keyClick(&chart, Qt::Key_Home);
        QCOMPARE(chart.selection(), std::vector<LegId>{kXQ100});
        QTest::keyClick(&chart, Qt::Key_End);
        QCOMPARE(chart.selection(), std::vector<LegId>{kXQ101});
        QTest::keyClick(&chart, Qt::Key_Down);  // R2's leg nearest 07:40 is XQ200 (10:00), its only one
        QCOMPARE(chart.selection(), std::vector<LegId>{kXQ200});
        QTest::keyClick(&chart, Qt::Key_Down);  // the unassigned row
        QCOMPARE(chart.selection(), std::vector<LegId>{kXQ300});
        QTest::keyClick(&chart, Qt::Key_Up);
        QTest::keyClick(&chart, Qt::Key_Up);    // R1's leg nearest 10:00: XQ101 (07:40), not XQ100 (06:00)
        QCOMPARE(chart.selection(), std::vector<LegId>{kXQ101});
        // The table follows; Enter shows the leg's history.
        QCOMPARE(w_.window->leg_model().data(w_.window->leg_table().currentIndex().siblingAtColumn(0)).toString(),
                 QString("XQ101/MUC/2026-04-01"));
        w_.window->history_dock().hide();
        QSignalSpy activated(&chart, &ui::RotationChart::legActivated);
        QTest::keyClick(&chart, Qt::Key_Return);
        QCOMPARE(activated.count(), 1);
        QTRY_VERIFY(w_.window->history_dock().isVisible());
        // Without a chosen leg the arrows scroll, as before.
        chart.select({});
        QTest::keyClick(&chart, Qt::Key_Right);
        QVERIFY(chart.selection().empty());
    }
};

QTEST_MAIN(TestUiChart)
#include "tst_ui_chart.moc"
