// File > Export changes as SSM/ASM…, offscreen: the start chosen from the
// history (or an import, or a time), the messages previewed from the worker
// before anything is written, then written, and the sequence moved on.
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>

#include "storage/imports/ssm_export.h"
#include "storage/open_store.h"
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
};

QTEST_MAIN(TestUiSsmExport)
#include "tst_ui_ssm_export.moc"
