// File > Export changes as SSM/ASM…, offscreen: the start chosen from the
// history (or an import, or a time, or now), the end now or a scenario, the
// messages previewed from the worker before anything is written, then
// written, and the sequence moved on.
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>

#include "storage/imports/ssm_export.h"
#include "storage/open_store.h"
#include "storage/sync/scenarios.h"
#include "ui/commands/leg_changes.h"
#include "ui/widgets/ssm_export_dialog.h"
#include "ui_support.h"

using namespace rotaplan;
using namespace rotaplan::testing;

class TestUiSsmExport : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

private slots:
    void previewThenExportTheChangesSinceAHistoryEntry() {
        std::string path = dir_.filePath("ssm.db").toStdString();
        make_small_schedule(path);
        OpenWindow w = open_window(path);
        auto& session = *w.session;
        const auto then = session.view().position();
        ui::retime_legs(session, {kXQ101}, 10);
        QVERIFY(wait_idle(session));

        auto* action = w.window->findChild<QAction*>("exportSsmAction");
        QVERIFY(action);
        auto& dialog = w.window->show_ssm_export();
        QSignalSpy loaded(&dialog, &ui::SsmExportDialog::pointsLoaded);
        QVERIFY(loaded.wait());
        // The history entry the retime came after.
        auto& entries = dialog.entries();
        int at = entries.findData(qlonglong(then));
        QVERIFY2(at >= 0, "the history lists the point before the retime");
        dialog.choose_start(ui::SsmExportDialog::Start::HistoryEntry);
        entries.setCurrentIndex(at);
        dialog.time_mode().setCurrentIndex(1);  // UTC
        QVERIFY(!dialog.export_button().isEnabled());  // nothing to write before a preview

        QSignalSpy previewed(&dialog, &ui::SsmExportDialog::previewed);
        dialog.preview_button().click();
        QVERIFY(previewed.wait());
        const QString text = dialog.messages().toPlainText();
        QVERIFY2(text.startsWith("ASM\nUTC\n"), qPrintable(text));
        QVERIFY2(text.contains("TIM\nXQ101/01APR26\nMUC0750 FRA0850\n"), qPrintable(text));
        QVERIFY2(dialog.summary().text().contains("1 message (0 SSM, 1 ASM): 1 TIM"), qPrintable(dialog.summary().text()));
        QVERIFY(dialog.export_button().isEnabled());
        QVERIFY(!QFile::exists(dir_.filePath("changes.ssm")));  // a preview writes nothing

        QSignalSpy exported(&dialog, &ui::SsmExportDialog::exported);
        dialog.export_to(dir_.filePath("changes.ssm"));
        QVERIFY(exported.wait());
        QVERIFY2(exported.at(0).at(0).toBool(), qPrintable(exported.at(0).at(1).toString()));
        QFile f(dir_.filePath("changes.ssm"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(f.readAll()), text);
        w.window.reset();
        w.session.reset();
        storage::Database db = storage::open_store(path);
        QCOMPARE(storage::next_message_group(db), std::int64_t(2));  // the next export continues the sequence
    }

    // Until a scenario: the start "now" (main as published), the end chosen
    // from the store's scenarios; the preview holds what turns main into it.
    void previewTheMessagesThatTurnMainIntoAScenario() {
        std::string path = dir_.filePath("scenario.db").toStdString();
        make_small_schedule(path);
        {
            storage::ScheduleStore main(path);
            auto ctx = storage::default_context();
            storage::create_scenario(main, "summer", "", std::nullopt, "", ctx);
            storage::ScheduleStore summer(path, "summer");
            RetimeLegs retime;
            retime.times.push_back({kXQ300, *parse_instant("2026-04-01T11:50Z"), *parse_instant("2026-04-01T12:50Z")});
            QVERIFY(summer.execute(retime, ctx).ok);
        }
        OpenWindow w = open_window(path);
        auto& dialog = w.window->show_ssm_export();
        QSignalSpy loaded(&dialog, &ui::SsmExportDialog::pointsLoaded);
        QVERIFY(loaded.wait());
        auto& until = dialog.until();
        QCOMPARE(until.itemData(0).toString(), QString());  // now
        const int summer = until.findData(QString("summer"));
        QVERIFY2(summer > 0, "the store's scenarios are offered as the end");
        dialog.choose_start(ui::SsmExportDialog::Start::Now);
        until.setCurrentIndex(summer);
        dialog.time_mode().setCurrentIndex(1);  // UTC

        QSignalSpy previewed(&dialog, &ui::SsmExportDialog::previewed);
        dialog.preview_button().click();
        QVERIFY(previewed.wait());
        const QString text = dialog.messages().toPlainText();
        QVERIFY2(text.contains("TIM\nXQ300/01APR26\nMUC1150 VIE1250\n"), qPrintable(text));
        QVERIFY2(dialog.summary().text().contains("1 TIM") && dialog.summary().text().contains("to scenario summer"),
                 qPrintable(dialog.summary().text()));
        QVERIFY(dialog.export_button().isEnabled());
        // Back to now: main to main, nothing to send.
        until.setCurrentIndex(0);
        QVERIFY(!dialog.export_button().isEnabled());
        dialog.preview_button().click();
        QVERIFY(previewed.wait());
        QVERIFY2(dialog.summary().text().contains("no change to send"), qPrintable(dialog.summary().text()));
    }
};

QTEST_MAIN(TestUiSsmExport)
#include "tst_ui_ssm_export.moc"
