// The chart's time axis (ui/widgets/time_axis.h), laid out at every zoom a
// planner reaches: labels never overlap within a row, stay inside the plot,
// hours always come under the date they belong to, zoomed out the rows turn
// into days and months, and weekends are where the calendar has them.
#include <QFont>
#include <QFontMetricsF>
#include <QtTest>

#include "ui/widgets/time_axis.h"

using namespace rotaplan;
using namespace rotaplan::ui;

class TestTimeAxis : public QObject {
    Q_OBJECT
    QFontMetricsF fm{QFont()};
    std::function<double(const QString&)> width = [this](const QString& t) { return fm.horizontalAdvance(t); };
    const Instant left = *parse_instant("2026-03-27T21:40Z");  // a Friday evening, not on any tick
    const double plot_left = 150, plot_right = 1250;

    static void no_overlap(const std::vector<AxisLabel>& row, double plot_left, double plot_right, const char* which, double mpp) {
        for (std::size_t i = 0; i < row.size(); ++i) {
            QVERIFY2(row[i].x >= plot_left && row[i].x + row[i].width <= plot_right,
                     qPrintable(QString("%1 label %2 outside the plot at %3 min/px").arg(which, row[i].text).arg(mpp)));
            if (i) QVERIFY2(row[i - 1].x + row[i - 1].width < row[i].x,
                            qPrintable(QString("%1 labels %2 and %3 overlap at %4 min/px").arg(which, row[i - 1].text, row[i].text).arg(mpp)));
        }
    }

private slots:
    void labelsNeverOverlapAtTwelveZooms_data() {
        QTest::addColumn<double>("mpp");
        for (double m : {0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0, 120.0, 400.0, 900.0}) QTest::newRow(qPrintable(QString::number(m))) << m;
    }
    void labelsNeverOverlapAtTwelveZooms() {
        QFETCH(double, mpp);
        AxisLayout a = lay_out_axis(left, mpp, plot_left, plot_right, width);
        no_overlap(a.upper, plot_left, plot_right, "upper", mpp);
        no_overlap(a.lower, plot_left, plot_right, "lower", mpp);
        QVERIFY2(!a.lower.empty(), "the lower row says nothing");
        QVERIFY2(!a.upper.empty(), "the upper row says nothing");
        // Ticks one step apart, at least a label wide.
        for (std::size_t i = 1; i < a.ticks.size(); ++i)
            QVERIFY(std::abs((a.ticks[i] - a.ticks[i - 1]) - double(a.step_minutes) / mpp) < 0.5 ||
                    a.step_minutes >= 7 * 1440);
    }

    void hoursComeUnderTheirDate() {
        for (double mpp : {0.1, 0.5, 2.0, 5.0}) {
            AxisLayout a = lay_out_axis(left, mpp, plot_left, plot_right, width);
            QVERIFY(a.step_minutes < 1440);
            // Every day boundary in the plot, but one too near its right edge
            // to hold a name, starts a date label.
            for (double x : a.day_lines) {
                if (x > plot_right - width("30") - 12) continue;
                bool named = std::any_of(a.upper.begin(), a.upper.end(), [&](const AxisLabel& l) { return std::abs(l.x - (x + 3)) < 0.5; });
                QVERIFY2(named, qPrintable(QString("a day at x=%1 has no date at %2 min/px").arg(x).arg(mpp)));
            }
            // The day in view at the left edge is named there, whatever its start.
            QVERIFY2(!a.upper.empty() && a.upper.front().x <= plot_left + 3.5, qPrintable(QString::number(mpp)));
        }
        AxisLayout close = lay_out_axis(left, 0.5, plot_left, plot_right, width);
        QCOMPARE(close.upper.front().text, QString("Fri 27 Mar 2026"));
        // "00:00" needs about 20 minutes at 0.5 min/px: half-hour steps, 22:00 the first tick in view.
        QCOMPARE(close.step_minutes, std::int64_t(30));
        QCOMPARE(close.lower.front().text, QString("22:00"));
    }

    void zoomedOutTheRowsAreDaysAndMonths() {
        AxisLayout week = lay_out_axis(left, 20.0, plot_left, plot_right, width);  // 72 px a day
        QCOMPARE(week.step_minutes, std::int64_t(1440));
        QVERIFY(week.lower.front().text.startsWith("Sat") || week.lower.front().text.startsWith("Sun"));
        QCOMPARE(week.upper.front().text, QString("March 2026"));
        AxisLayout season = lay_out_axis(left, 400.0, plot_left, plot_right, width);
        QVERIFY(season.step_minutes >= 7 * 1440);
        QStringList months;
        for (const auto& l : season.upper) months << l.text;
        QVERIFY2(months.contains("April 2026") || months.contains("Apr 2026"), qPrintable(months.join(", ")));
    }

    void weekendsAreSaturdaysAndSundays() {
        AxisLayout a = lay_out_axis(left, 10.0, plot_left, plot_right, width);  // about a week
        QVERIFY(!a.weekends.empty());
        // The 28th (Saturday) and 29th (Sunday) of March 2026 are shaded: from
        // 2 h 20 min after the left edge, for 48 hours.
        double sat = plot_left + (140.0 / 10.0);
        QVERIFY(std::abs(a.weekends[0].first - sat) < 0.5);
        QVERIFY(std::abs(a.weekends[1].second - (sat + 2880.0 / 10.0)) < 0.5);
    }
};

QTEST_MAIN(TestTimeAxis)
#include "tst_time_axis.moc"
