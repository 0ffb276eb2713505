// The new-leg dialog as planners fill it in: a day from the picker and a
// clock time, a dated time, a night leg's arrival after midnight, local
// times through the airports' clocks, and reasons shown whole.
#include <QComboBox>
#include <QDateEdit>
#include <QLabel>
#include <QLineEdit>

#include "ui/widgets/new_leg_dialog.h"
#include "ui_support.h"

using namespace rotaplan;
using namespace rotaplan::testing;

class TestUiNewLeg : public QObject {
    Q_OBJECT
    StoreFolder dir_{"nl"};
    OpenWindow w_;

    struct Typed {
        std::optional<Leg> leg;
        QString why;
    };
    // The dialog filled in as a planner would: MUC-FRA XQ500 on the picked day.
    Typed fill(const char* std_, const char* sta, bool local = false, const char* departure = "MUC", const char* arrival = "FRA") {
        ui::NewLegDialog dialog(w_.session->view(), QDate(2026, 7, 1), w_.window.get());
        dialog.flight->setText("xq500");
        dialog.departure->setText(departure);
        dialog.arrival->setText(arrival);
        dialog.times_in->setCurrentIndex(local ? 1 : 0);
        dialog.std_time->setText(std_);
        dialog.sta_time->setText(sta);
        Typed t;
        t.leg = dialog.read(&t.why);
        return t;
    }
    static QString span(const Typed& t) {
        return t.leg ? QString::fromStdString(format_instant(t.leg->std_utc) + " " + format_instant(t.leg->sta_utc)) : t.why;
    }

private slots:
    void init() {
        w_ = open_small_schedule(dir_);
        // Frankfurt on its zone, Vienna on a fixed offset; Munich's clock unknown.
        w_.session->submit({DefineAirport{AirportCode::from("FRA"), 45, "Frankfurt", 60, "Europe/Berlin"},
                            DefineAirport{AirportCode::from("VIE"), 30, "Vienna", 60, ""}});
        QVERIFY(wait_idle(*w_.session));
    }
    void cleanup() { w_ = {}; }

    void aClockTimeIsOnThePickedDay() {
        QCOMPARE(span(fill("10:00", "11:05")), QString("2026-07-01T10:00Z 2026-07-01T11:05Z"));
        QCOMPARE(span(fill("1000", "1105")), QString("2026-07-01T10:00Z 2026-07-01T11:05Z"));
        QCOMPARE(span(fill("2026-03-29 10:00", "11:05")), QString("2026-03-29T10:00Z 2026-03-29T11:05Z"));
        QCOMPARE(span(fill("2026-03-29T10:00Z", "2026-03-29T11:05Z")), QString("2026-03-29T10:00Z 2026-03-29T11:05Z"));
        QCOMPARE(format_designator(fill("10:00", "11:05").leg->designator), std::string("XQ500/MUC/2026-07-01"));
    }

    void anArrivalBeforeTheDepartureIsTheDayAfter() {
        QCOMPARE(span(fill("23:30", "01:05")), QString("2026-07-01T23:30Z 2026-07-02T01:05Z"));
        QCOMPARE(span(fill("23:30", "00:30+1")), QString("2026-07-01T23:30Z 2026-07-02T00:30Z"));
        // Dated, it is taken at its word: an arrival before the departure is refused.
        QVERIFY(!fill("2026-07-01 12:00", "2026-07-01 11:00").leg);
    }

    void localTimesGoThroughTheAirportsClocks() {
        // VIE 08:00 local (+01:00 fixed) to FRA 09:40 local (CEST, +02:00).
        auto t = fill("08:00", "09:40", true, "VIE", "FRA");
        QCOMPARE(span(t), QString("2026-07-01T07:00Z 2026-07-01T07:40Z"));
        // The day of origin is the local date of departure: FRA 00:30 on 2 July is 1 July 22:30Z.
        t = fill("2026-07-02 00:30", "01:30", true, "FRA", "VIE");
        QCOMPARE(span(t), QString("2026-07-01T22:30Z 2026-07-02T00:30Z"));
        QCOMPARE(format_designator(t.leg->designator), std::string("XQ500/FRA/2026-07-02"));
        // A time typed with Z stays UTC even in local mode.
        QCOMPARE(span(fill("08:00Z", "09:00Z", true, "VIE", "FRA")), QString("2026-07-01T08:00Z 2026-07-01T09:00Z"));
        // Munich's clock is unknown: said, with what to do.
        t = fill("08:00", "09:00", true, "MUC", "FRA");
        QVERIFY(!t.leg);
        QVERIFY2(t.why.startsWith("STD: the local time at MUC is not known"), qPrintable(t.why));
    }

    void badTimesSayWhy() {
        QCOMPARE(fill("25:00", "11:00").why, QString("STD: 25:00: an hour is 00 to 23"));
        QVERIFY2(fill("10:00", "soon").why.startsWith("STA: soon: not a time like 10:00"), qPrintable(fill("10:00", "soon").why));
    }

    // What the fields read as, live; a refusal shown whole, however long.
    void theDialogShowsWhatItReadsAndWhyNot() {
        ui::NewLegDialog dialog(w_.session->view(), QDate(2026, 7, 1), w_.window.get());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        dialog.flight->setText("XQ500");
        dialog.departure->setText("FRA");
        dialog.arrival->setText("VIE");
        dialog.std_time->setText("06:00");
        dialog.sta_time->setText("07:30");
        QVERIFY2(dialog.reads_as->text().startsWith("XQ500/FRA/2026-07-01  2026-07-01T06:00Z – 2026-07-01T07:30Z, 90 min"),
                 qPrintable(dialog.reads_as->text()));
        QVERIFY2(dialog.reads_as->text().contains("local: 08:00 FRA – 08:30 VIE"), qPrintable(dialog.reads_as->text()));
        dialog.times_in->setCurrentIndex(1);
        dialog.departure->setText("MUC");
        QVERIFY(!dialog.leg());
        auto* problem = dialog.findChild<QLabel*>("newLegProblem");
        QVERIFY(problem->isVisible());
        QVERIFY(problem->text().contains("Airports view"));
        QApplication::processEvents();
        // Every line of it fits: the label is as tall as its text needs at its width.
        QVERIFY2(problem->height() >= problem->heightForWidth(problem->width()),
                 qPrintable(QString("%1 < %2").arg(problem->height()).arg(problem->heightForWidth(problem->width()))));
        QVERIFY(problem->geometry().bottom() < dialog.height());
        if (qEnvironmentVariableIsSet("ROTAPLAN_TEST_SHOTS"))
            dialog.grab().save(qEnvironmentVariable("ROTAPLAN_TEST_SHOTS") + "/new-leg.png");
    }
};

QTEST_MAIN(TestUiNewLeg)
#include "tst_ui_new_leg.moc"
