// The rotation chart as painted, offscreen: a turn's ground time is drawn in
// the warning colour exactly when it is under its minimum (the airport's or
// the airplane's, whichever is longer), in a light and in a dark palette.
#include <QFile>
#include <QImage>
#include <QPrinter>
#include <QStatusBar>
#include <QRegularExpression>

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

    // Arrows walk the legs: along a rotation, to the nearest departure in the
    // row above or below; Home/End the rotation's ends; Enter opens the leg.
    void theKeyboardWalksTheLegs() {
        auto& chart = w_.window->chart();
        chart.setFocus();
        chart.select({kXQ100});
        std::vector<LegId> opened;
        connect(&chart, &ui::RotationChart::legActivated, this, [&](LegId id) { opened.push_back(id); });
        auto key = [&](Qt::Key k) {
            QTest::keyClick(&chart, k);
            return chart.selection().size() == 1 ? chart.selection().front() : LegId{};
        };
        QCOMPARE(key(Qt::Key_Right), kXQ101);
        QCOMPARE(key(Qt::Key_Right), kXQ101);  // the rotation's last leg: it stays
        QCOMPARE(key(Qt::Key_Left), kXQ100);
        QCOMPARE(key(Qt::Key_End), kXQ101);
        QCOMPARE(key(Qt::Key_Home), kXQ100);
        QCOMPARE(key(Qt::Key_Down), kXQ200);
        QCOMPARE(key(Qt::Key_Down), kXQ300);  // the legs in no rotation
        QCOMPARE(key(Qt::Key_Up), kXQ200);
        QCOMPARE(key(Qt::Key_Up), kXQ101);  // 07:40 is nearer 10:00 than 06:00 is
        QTest::keyClick(&chart, Qt::Key_Return);
        QCOMPARE(opened.size(), std::size_t(1));
        QCOMPARE(opened.front(), kXQ101);
        QVERIFY(chart.point_of(kXQ101));
        const auto p = *chart.point_of(kXQ101);
        QVERIFY(chart.viewport()->rect().contains(p));  // kept in view
    }

    // Colour legs by: a bar is painted in its category's colour, and the
    // legend lists what the colours mean.
    void barsAreColouredByTheChosenProperty() {
        auto& chart = w_.window->chart();
        auto fill_at = [&](LegId leg) {
            chart.viewport()->repaint();
            QImage img = chart.viewport()->grab().toImage();
            auto p = *chart.point_of(leg);
            return img.pixelColor(p.x() - 58, p.y());  // left of the label
        };
        const auto* r100 = w_.session->view().leg(kXQ100);
        QCOMPARE(chart.colouring(), ui::LegColouring::Status);
        const QColor unassigned = chart.leg_colour(*r100);  // R1 has no airplane yet
        QCOMPARE(fill_at(kXQ100).rgb(), unassigned.rgb());
        QCOMPARE(chart.legend().size(), std::size_t(3));
        w_.session->submit({RegisterAirplane{Registration::from("D-AIAA"), AircraftType::from("320"), 0},
                            AssignAirplane{Registration::from("D-AIAA"), kR1}});
        QVERIFY(wait_idle(*w_.session));
        QTRY_VERIFY(chart.leg_colour(*w_.session->view().leg(kXQ100)) != unassigned);
        QCOMPARE(fill_at(kXQ100).rgb(), chart.leg_colour(*w_.session->view().leg(kXQ100)).rgb());
        chart.set_colouring(ui::LegColouring::AircraftType);
        const QColor by_type = chart.leg_colour(*w_.session->view().leg(kXQ100));
        QCOMPARE(fill_at(kXQ100).rgb(), by_type.rgb());
        QVERIFY(!chart.legend().empty());
        QCOMPARE(chart.legend().front().colour.rgb(), by_type.rgb());  // one type in the schedule: the first colour
    }

    // Rows, labels and the axis take their colours from the palette: on a dark
    // palette the alternate row is dark, and a bar's label still stands out.
    void theDarkPaletteReachesRowsAndLabels() {
        auto& chart = w_.window->chart();
        auto sample = [&](int& row_lightness, int& label_contrast) {
            chart.viewport()->repaint();
            QImage img = chart.viewport()->grab().toImage();
            auto bar = *chart.point_of(kXQ100);
            const int row2 = chart.row_y(1);  // R2's row, an alternate one; empty at this time
            row_lightness = img.pixelColor(bar.x(), row2 - 8).lightness();
            const int fill = img.pixelColor(bar.x() - 58, bar.y()).lightness();
            label_contrast = 0;
            for (int x = bar.x() - 55; x < bar.x() + 55; ++x)
                for (int y = bar.y() - 5; y <= bar.y() + 5; ++y)
                    label_contrast = std::max(label_contrast, std::abs(img.pixelColor(x, y).lightness() - fill));
        };
        int light_row, light_label, dark_row, dark_label;
        sample(light_row, light_label);
        QApplication::setPalette(ui::dark_palette());
        QTRY_VERIFY(chart.palette().color(QPalette::Base).lightness() < 100);
        sample(dark_row, dark_label);
        QVERIFY2(light_row > 150 && dark_row < 100, qPrintable(QString("rows %1 / %2").arg(light_row).arg(dark_row)));
        QVERIFY2(light_label > 100 && dark_label > 100, qPrintable(QString("labels %1 / %2").arg(light_label).arg(dark_label)));
    }

    // A Shift+drag shows the bar where it will go, snapped to 5 minutes; a
    // change that goes through leaves no callout.
    void aShiftDragShowsItsGhostAndRetimes() {
        auto& chart = w_.window->chart();
        auto* vp = chart.viewport();
        const QPoint from = *chart.point_of(kXQ100);
        chart.viewport()->repaint();
        const QImage before = vp->grab().toImage();
        QTest::mousePress(vp, Qt::LeftButton, Qt::ShiftModifier, from);
        QMouseEvent move(QEvent::MouseMove, QPointF(from + QPoint(0, 0)), vp->mapToGlobal(QPointF(from)), Qt::NoButton, Qt::LeftButton, Qt::ShiftModifier);
        QMouseEvent move2(QEvent::MouseMove, QPointF(from + QPoint(0, 0) + QPoint(20, 0)), vp->mapToGlobal(QPointF(from + QPoint(20, 0))),
                          Qt::NoButton, Qt::LeftButton, Qt::ShiftModifier);
        QApplication::sendEvent(vp, &move);
        QApplication::sendEvent(vp, &move2);
        vp->repaint();
        const QImage during = vp->grab().toImage();
        // The ghost reaches 10 minutes past XQ100's arrival (20 px at 2 px a minute).
        const int end_x = from.x() + 60 + 15;
        QVERIFY(before.pixelColor(end_x, from.y() - 6) != during.pixelColor(end_x, from.y() - 6));
        QTest::mouseRelease(vp, Qt::LeftButton, Qt::ShiftModifier, from + QPoint(20, 0));
        QVERIFY(wait_idle(*w_.session));
        QTRY_COMPARE(w_.session->view().leg(kXQ100)->leg.std_utc, *parse_instant("2026-04-01T06:10Z"));
        QVERIFY(!chart.callout());
    }

    // A drop the schedule refuses (XQ101 dragged onto XQ100 in its own
    // rotation: legs of a rotation never overlap) says why beside the leg,
    // stays through other repaints, and goes with Esc.
    void aRefusedDropSaysWhyBesideTheLeg() {
        auto& chart = w_.window->chart();
        auto* vp = chart.viewport();
        const QPoint from = *chart.point_of(kXQ101);
        const QPoint to = from - QPoint(2 * 60, 0);  // an hour earlier: 06:40, inside XQ100's 06:00-07:00
        QTest::mousePress(vp, Qt::LeftButton, Qt::ShiftModifier, from);
        for (QPoint at : {from - QPoint(10, 0), to}) {
            QMouseEvent move(QEvent::MouseMove, QPointF(at), vp->mapToGlobal(QPointF(at)), Qt::NoButton, Qt::LeftButton, Qt::ShiftModifier);
            QApplication::sendEvent(vp, &move);
        }
        QTest::mouseRelease(vp, Qt::LeftButton, Qt::ShiftModifier, to);
        QVERIFY(wait_idle(*w_.session));
        QTRY_VERIFY(chart.callout().has_value());
        QVERIFY2(chart.callout()->contains("overlap"), qPrintable(*chart.callout()));
        QCOMPARE(w_.session->view().leg(kXQ101)->leg.std_utc, *parse_instant("2026-04-01T07:40Z"));  // nothing moved
        // Drawn beside the leg: the chart's pixels there differ from a chart without it.
        vp->repaint();
        const QImage with = vp->grab().toImage();
        chart.setFocus();
        QTest::keyClick(&chart, Qt::Key_Escape);
        QVERIFY(!chart.callout());
        vp->repaint();
        QVERIFY(vp->grab().toImage() != with);
    }

    // File > Print chart…: the same pages on a printer (here, one printing to a PDF file).
    void theChartPrintsLikeItsExport() {
        QPrinter printer(QPrinter::HighResolution);
        const QString file = QString::fromStdString(dir_.next_store_path()) + "-printed.pdf";
        printer.setOutputFormat(QPrinter::PdfFormat);
        printer.setOutputFileName(file);
        printer.setPageOrientation(QPageLayout::Landscape);
        QVERIFY(w_.window->print_chart(printer));
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray pdf = f.readAll();
        QVERIFY(pdf.startsWith("%PDF"));
        QCOMPARE(int(QString::fromLatin1(pdf).count(QRegularExpression("/Type\\s*/Page[^s]"))), 1);
        QVERIFY2(w_.window->statusBar()->currentMessage().contains("-printed.pdf"), qPrintable(w_.window->statusBar()->currentMessage()));
    }

    // File > Export chart as PDF: one page per screenful of rotations.
    void theChartExportsToPagesOfRotations() {
        auto& chart = w_.window->chart();
        const QString one = QString::fromStdString(dir_.next_store_path()) + ".pdf";
        QVERIFY(chart.export_pdf(one));
        auto pages = [](const QString& path) {
            QFile f(path);
            if (!f.open(QIODevice::ReadOnly)) return -1;
            return int(QString::fromLatin1(f.readAll()).count(QRegularExpression("/Type\\s*/Page[^s]")));
        };
        QCOMPARE(pages(one), 1);
        std::vector<Command> rotations;
        for (std::uint64_t i = 0; i < 80; ++i)
            rotations.push_back(CreateRotation{RotationId{Uuid{5000 + i, i + 7}}, "S" + std::to_string(100 + i)});
        w_.session->submit(rotations);
        QVERIFY(wait_idle(*w_.session));
        QTRY_VERIFY(w_.session->view().shown_lanes().size() > 80);
        const QString many = QString::fromStdString(dir_.next_store_path()) + ".pdf";
        QVERIFY(chart.export_pdf(many));
        QVERIFY2(pages(many) > 1, qPrintable(QString::number(pages(many))));
    }
};

QTEST_MAIN(TestUiChart)
#include "tst_ui_chart.moc"
