// Help in the real window: the shortcuts listed are the window's own actions'
// keys, and the user guide built into the program opens with its pictures.
#include <QDialog>
#include <QMenuBar>
#include <QTableWidget>
#include <QTextBrowser>

#include "ui_support.h"

using namespace rotaplan;
using namespace rotaplan::testing;

class TestUiHelp : public QObject {
    Q_OBJECT
    StoreFolder dir_{"help"};
    OpenWindow w_;

private slots:
    void init() { w_ = open_small_schedule(dir_); }
    void cleanup() { w_ = {}; }

    void theHelpMenuIsLastAndHoldsTheGuide() {
        auto menus = w_.window->menuBar()->actions();
        QCOMPARE(menus.back()->text(), QString("&Help"));
        QStringList items;
        for (QAction* a : menus.back()->menu()->actions()) items << a->text();
        QVERIFY(items.contains("&User guide") && items.contains("&Keyboard shortcuts") && items.contains("&About Rotaplan"));
    }

    void theShortcutsAreTheActionsOwn() {
        QDialog& d = w_.window->show_shortcuts();
        auto* table = d.findChild<QTableWidget*>("shortcutsTable");
        QVERIFY(table);
        std::map<QString, QString> keys;
        for (int r = 0; r < table->rowCount(); ++r) keys[table->item(r, 0)->text()] = table->item(r, 1)->text();
        QCOMPARE(keys["Find"], QKeySequence(QKeySequence::Find).toString(QKeySequence::NativeText));
        QVERIFY2(keys["Redo"].contains("Shift+Z") && keys["Redo"].contains("Y"), qPrintable(keys["Redo"]));
        QVERIFY(keys.count("Local times"));
        // A key given to an action later is listed too: the list is read, not written.
        auto* extra = new QAction("Something new", w_.window.get());
        extra->setShortcut(QKeySequence("Ctrl+Alt+J"));
        w_.window->addAction(extra);
        QDialog& again = w_.window->show_shortcuts();
        auto* t2 = again.findChild<QTableWidget*>("shortcutsTable");
        QCOMPARE(t2->rowCount(), table->rowCount() + 1);
    }

    void theUserGuideOpensWithItsPictures() {
        QDialog& d = w_.window->show_user_guide();
        auto* browser = d.findChild<QTextBrowser*>("userGuideText");
        QVERIFY(browser);
        QString text = browser->toPlainText();
        QVERIFY2(text.contains("Rotaplan user guide") && text.contains("Station activity") && text.contains("Ctrl+F"), qPrintable(text.left(200)));
        QVariant picture = browser->document()->resource(QTextDocument::ImageResource, QUrl("qrc:/docs/images/station.png"));
        QVERIFY(picture.isValid() && !picture.value<QImage>().isNull());
    }
};

QTEST_MAIN(TestUiHelp)
#include "tst_ui_help.moc"
