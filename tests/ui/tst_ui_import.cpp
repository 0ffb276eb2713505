// The import dialog as a planner meets it: a messy two-carrier SSIM file and
// its rotation file chosen in the one dialog, the difference summed up per
// airline and day of origin with the legs behind each line, the import's
// steps, Cancel that writes nothing, and a bad file named in the dialog.
#include <QApplication>
#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QStatusBar>
#include <QTreeWidget>

#include "core/ssim/generator.h"
#include "support/ssim_text.h"
#include "ui/commands/undo.h"
#include "ui/widgets/import_dialog.h"
#include "ui_support.h"

using namespace rotaplan;
using namespace rotaplan::testing;

class TestUiImport : public QObject {
    Q_OBJECT
    StoreFolder dir_{"imp"};

    // XQ in local time (XQ100 FRA-MUC, XQ101 MUC-FRA overnight without its
    // date variation) on 1-7 April; 4U in UTC on 1-10 April; CRLF, a
    // byte-order mark, trimmed records, no padding, no serial numbers.
    static std::string two_carriers() {
        namespace leg = ssim::leg;
        SsimText xq;
        xq.legs.push_back(LegText{}.set(leg::period_to, "07APR26"));
        xq.legs.push_back(LegText{}
                              .set(leg::flight_number, "0101")
                              .set(leg::period_to, "07APR26")
                              .set(leg::departure, "MUC")
                              .set(leg::passenger_std, "2330")
                              .set(leg::aircraft_std, "2330")
                              .set(leg::arrival, "FRA")
                              .set(leg::aircraft_sta, "0105")
                              .set(leg::passenger_sta, "0105")
                              .set(leg::date_variation, "  "));
        SsimText u4;
        u4.airline = "4U";
        u4.time_mode = 'U';
        u4.valid_from = "01APR26";
        u4.valid_to = "10APR26";
        u4.legs.push_back(LegText{}
                              .set(leg::airline, "4U")
                              .set(leg::flight_number, "0200")
                              .set(leg::period_to, "10APR26")
                              .set(leg::departure, "CGN")
                              .set(leg::departure_offset, "+0000")
                              .set(leg::passenger_std, "1000")
                              .set(leg::aircraft_std, "1000")
                              .set(leg::arrival, "BER")
                              .set(leg::arrival_offset, "+0000")
                              .set(leg::aircraft_sta, "1100")
                              .set(leg::passenger_sta, "1100"));
        return Mess{}.apply(SsimText::records_of({xq, u4}));
    }

    static QPointer<ui::ImportDialog> open_dialog(ui::MainWindow& window, const ui::ImportRequest& files, bool ask) {
        window.import_ssim(files, ask);
        return window.findChild<ui::ImportDialog*>();
    }
    template <class W> static W* child(QObject* dialog, const char* name) {
        auto* w = dialog->findChild<W*>(name);
        if (!w) qFatal("the import dialog has no %s", name);
        return w;
    }
    static QTreeWidgetItem* day_item(QTreeWidgetItem* airline, const QString& day) {
        for (int i = 0; i < airline->childCount(); ++i)
            if (airline->child(i)->text(0).startsWith(day)) return airline->child(i);
        return nullptr;
    }

private slots:
    void theDialogSumsUpPerAirlineAndDayThenImports() {
        const QString db = QString::fromStdString(dir_.next_store_path());
        ui::Session session(db, storage::default_context());
        ui::MainWindow window(session);
        QVERIFY(wait_open(session));
        const QString ssim = dir_.write("two-carriers.ssim", two_carriers());
        const QString rotations = dir_.write("rotations.csv",
                                             "rotation,airplane,airline,flight_number,suffix,departure,day_of_origin\r\n"
                                             "R1,,XQ,100,,FRA,2026-04-01\r\n"
                                             "R1,,XQ,101,,MUC,2026-04-01\r\n");

        // The menu's way: the dialog opens on nothing and says what to do.
        QPointer<ui::ImportDialog> dialog = open_dialog(window, {}, true);
        QVERIFY(dialog && dialog->isModal() && dialog->isVisible());
        QVERIFY(child<QLabel>(dialog, "importSummary")->text().startsWith("Choose the SSIM file"));
        auto* import = child<QPushButton>(dialog, "importButton");
        QVERIFY(!import->isEnabled());

        // The file typed in (as a path pasted from a mail): read at Enter.
        auto* file = child<QLineEdit>(dialog, "importSsimFile");
        file->setFocus();
        file->setText(ssim);
        QTest::keyClick(file, Qt::Key_Return);
        auto* groups = child<QTreeWidget>(dialog, "importGroups");
        QTRY_COMPARE_WITH_TIMEOUT(groups->topLevelItemCount(), 2, 10000);
        QCOMPARE(groups->topLevelItem(0)->text(0), QString("4U"));
        QCOMPARE(groups->topLevelItem(0)->text(1), QString("10"));  // added
        QCOMPARE(groups->topLevelItem(0)->childCount(), 10);
        QTreeWidgetItem* xq = groups->topLevelItem(1);
        QCOMPARE(xq->text(0), QString("XQ"));
        QCOMPARE(xq->text(1), QString("14"));
        QCOMPARE(xq->childCount(), 7);
        QVERIFY2(child<QLabel>(dialog, "importSummary")->text().contains("24 added, 0 retimed, 0 changed, 0 cancelled"),
                 qPrintable(child<QLabel>(dialog, "importSummary")->text()));
        QVERIFY(import->isEnabled());

        // A day of origin's line shows its legs, with the line of the file each came from.
        QTreeWidgetItem* first = day_item(xq, "2026-04-01 Wed");
        QVERIFY(first);
        QCOMPARE(first->text(1), QString("2"));
        groups->setCurrentItem(first);
        QCOMPARE(child<QLabel>(dialog, "importDetailHeading")->text(), QString("XQ on 2026-04-01 Wed: 2 changes"));
        const QString detail = child<QPlainTextEdit>(dialog, "importDetail")->toPlainText();
        QVERIFY2(detail.contains("+ XQ100/FRA/2026-04-01") && detail.contains("+ XQ101/MUC/2026-04-01") &&
                     detail.contains("(line "),
                 qPrintable(detail));
        QCOMPARE(detail.count('\n'), 1);  // those two, nothing of other days
        if (qEnvironmentVariableIsSet("ROTAPLAN_TEST_SHOTS"))
            dialog->grab().save(qEnvironmentVariable("ROTAPLAN_TEST_SHOTS") + "/import-dialog.png");

        // The rotation file, in the same dialog: read again with it.
        auto* rotation_file = child<QLineEdit>(dialog, "importRotationFile");
        rotation_file->setFocus();
        rotation_file->setText(rotations);
        QTest::keyClick(rotation_file, Qt::Key_Return);
        QVERIFY(!import->isEnabled());  // until the new preview is in
        QTRY_VERIFY_WITH_TIMEOUT(import->isEnabled(), 10000);
        QCOMPARE(groups->topLevelItemCount(), 2);

        QStringList steps;
        connect(&session, &ui::Session::importProgress, this, [&](int, QString step) {
            if (steps.isEmpty() || steps.last() != step) steps << step;
        });
        const auto before = event_count(db.toStdString());
        import->click();
        QVERIFY(!import->isEnabled() && !file->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(!dialog, 20000);  // closed (and gone) once imported
        QVERIFY(wait_idle(session));
        QCOMPARE(steps, QStringList({"Reading the files", "Comparing with the schedule", "Writing the changes",
                                     "Preparing the undo and the views"}));
        QCOMPARE(session.view().legs_in_order().size(), std::size_t(24));
        QCOMPARE(session.view().rotations().size(), std::size_t(1));
        QCOMPARE(session.view().rotations()[0].name, std::string("R1"));
        QVERIFY(event_count(db.toStdString()) > before);
        QCOMPARE(ui::undo_stack(session).undoText(), QString("Import two-carriers.ssim"));
        QVERIFY2(window.statusBar()->currentMessage().startsWith("Imported: 24 added"), qPrintable(window.statusBar()->currentMessage()));
    }

    // The file's own routing, chosen in the dialog: the preview lists what
    // following the onward flights found; the import builds the rotations,
    // undone with the rest of the import.
    void rotationsFromTheFilesOnwardFlights() {
        namespace leg = ssim::leg;
        SsimText t;
        t.legs.push_back(LegText{}.set(leg::period_to, "03APR26").set(leg::onward_airline, "XQ").set(leg::onward_flight_number, "0101"));
        t.legs.push_back(LegText{}
                             .set(leg::flight_number, "0101")
                             .set(leg::period_to, "03APR26")
                             .set(leg::departure, "MUC")
                             .set(leg::passenger_std, "0800")
                             .set(leg::aircraft_std, "0800")
                             .set(leg::arrival, "FRA")
                             .set(leg::aircraft_sta, "0900")
                             .set(leg::passenger_sta, "0900")
                             .set(leg::onward_flight_number, "0999"));
        const QString db = QString::fromStdString(dir_.next_store_path());
        ui::Session session(db, storage::default_context());
        ui::MainWindow window(session);
        QVERIFY(wait_open(session));
        const QString ssim = dir_.write("routed.ssim", Mess{}.apply(t.records()));
        QPointer<ui::ImportDialog> dialog = open_dialog(window, {ssim, {}, false}, true);
        QVERIFY(dialog);
        auto* import = child<QPushButton>(dialog, "importButton");
        QTRY_VERIFY_WITH_TIMEOUT(import->isEnabled(), 10000);
        auto* onward = child<QCheckBox>(dialog, "importFromOnward");
        QVERIFY(onward->isEnabled() && !onward->isChecked());
        onward->setChecked(true);
        QVERIFY(!import->isEnabled());  // read again, with the routing
        QTRY_VERIFY_WITH_TIMEOUT(import->isEnabled(), 10000);
        const QString notes = child<QPlainTextEdit>(dialog, "importNotes")->toPlainText();
        QVERIFY2(notes.contains("3 links resolved, 3 unresolved, 0 refused; 3 rotations") &&
                     notes.contains("no leg of onward flight XQ999"),
                 qPrintable(notes));
        // A rotation file, when given, says instead.
        child<QLineEdit>(dialog, "importRotationFile")->setText("elsewhere.csv");
        QVERIFY(!onward->isEnabled());
        child<QLineEdit>(dialog, "importRotationFile")->setText("");
        QVERIFY(onward->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(import->isEnabled(), 10000);
        import->click();
        QTRY_VERIFY_WITH_TIMEOUT(!dialog, 20000);
        QVERIFY(wait_idle(session));
        QCOMPARE(session.view().legs_in_order().size(), std::size_t(6));
        QCOMPARE(session.view().rotations().size(), std::size_t(3));
        ui::undo_stack(session).undo();
        QTRY_VERIFY_WITH_TIMEOUT(session.view().rotations().empty() && session.view().legs_in_order().empty(), 20000);
    }

    // Cancel while the import runs: the dialog says it is stopping, closes
    // when the worker has rolled back, and the store holds what it held.
    void cancelWhileImportingWritesNothing() {
        ssim::GeneratorOptions o;
        o.airplanes = 8;
        o.last_day = Date{o.first_day.days + 13};
        auto season = ssim::generate(o);
        const QString ssim = dir_.write("season.ssim", season.ssim);
        const QString db = QString::fromStdString(dir_.next_store_path());
        ui::Session session(db, storage::default_context());
        ui::MainWindow window(session);
        QVERIFY(wait_open(session));
        const auto before = event_count(db.toStdString());
        QPointer<ui::ImportDialog> dialog = open_dialog(window, {ssim, {}, false}, false);
        QVERIFY(dialog && dialog->importing());
        QVERIFY(child<QProgressBar>(dialog, "importProgress")->isVisible());
        QTest::keyClick(dialog, Qt::Key_Escape);  // Esc is Cancel, as everywhere
        QVERIFY(dialog);                          // still there: it closes when nothing is left written
        QVERIFY2(child<QLabel>(dialog, "importStep")->text().startsWith("Cancelling"),
                 qPrintable(child<QLabel>(dialog, "importStep")->text()));
        QTRY_VERIFY_WITH_TIMEOUT(!dialog, 20000);
        QVERIFY(wait_idle(session));
        QVERIFY2(window.statusBar()->currentMessage().contains("cancelled; nothing was imported"),
                 qPrintable(window.statusBar()->currentMessage()));
        QCOMPARE(event_count(db.toStdString()), before);
        QCOMPARE(session.view().legs_in_order().size(), std::size_t(0));
    }

    // A file that cannot be read: where and what, in the dialog, and no Import.
    void aBadFileIsNamedInTheDialog() {
        std::string text = two_carriers();
        const auto at = text.find("\n3") + 1;
        text[at + ssim::leg::aircraft_std.first] = 'X';  // its second digit
        const QString ssim = dir_.write("broken.ssim", text);
        const QString db = QString::fromStdString(dir_.next_store_path());
        ui::Session session(db, storage::default_context());
        ui::MainWindow window(session);
        QVERIFY(wait_open(session));
        QPointer<ui::ImportDialog> dialog = open_dialog(window, {ssim, {}, false}, true);
        auto* problem = child<QLabel>(dialog, "importProblem");
        QTRY_VERIFY_WITH_TIMEOUT(problem->isVisible(), 10000);
        QVERIFY2(problem->text().contains("broken.ssim:") && problem->text().contains("aircraft STD") &&
                     problem->text().contains("Nothing was written"),
                 qPrintable(problem->text()));
        QVERIFY(!child<QPushButton>(dialog, "importButton")->isEnabled());
        dialog->reject();
        QTRY_VERIFY(!dialog);
        QCOMPARE(session.view().legs_in_order().size(), std::size_t(0));
    }
};

QTEST_MAIN(TestUiImport)
#include "tst_ui_import.moc"
