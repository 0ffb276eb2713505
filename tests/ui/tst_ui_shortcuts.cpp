// Every key sequence of the window reaches one action: Qt does nothing for a
// sequence two enabled actions (or one action twice) claim, and logs
// "Ambiguous shortcut overload". Walks every QAction of the real window.
#include <QAction>
#include <QDockWidget>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>

#include "ui_support.h"

using namespace rotaplan;
using namespace rotaplan::testing;

class TestUiShortcuts : public QObject {
    Q_OBJECT
    StoreFolder dir_{"keys"};
    QTemporaryDir config_;
    OpenWindow w_;

    QMenu* menu(const QString& title) {
        for (QAction* a : w_.window->menuBar()->actions())
            if (a->menu() && a->text().remove('&') == title) return a->menu();
        return nullptr;
    }

private slots:
    void initTestCase() {
        // The layout test writes settings: never the settings of whoever runs the tests.
        QStandardPaths::setTestModeEnabled(true);
        qputenv("XDG_CONFIG_HOME", config_.path().toUtf8());
    }
    void init() { w_ = open_small_schedule(dir_); }
    void cleanup() { w_ = {}; }

    void noKeySequenceIsClaimedTwice() {
        std::map<QString, QStringList> claimed;  // key sequence -> actions
        int with_keys = 0;
        for (QAction* a : w_.window->findChildren<QAction*>()) {
            if (a->shortcuts().isEmpty()) continue;
            ++with_keys;
            for (const QKeySequence& k : a->shortcuts())
                claimed[k.toString(QKeySequence::PortableText)] << a->text().remove('&');
        }
        QVERIFY2(with_keys >= 8, "the window's actions were not found");
        QStringList clashes;
        for (const auto& [key, actions] : claimed)
            if (actions.size() > 1) clashes << key + ": " + actions.join(", ");
        QVERIFY2(clashes.isEmpty(), qPrintable(clashes.join("\n")));
    }

    void theViewMenuListsEveryPanel() {
        QMenu* view = menu("View");
        QVERIFY(view);
        const auto docks = w_.window->findChildren<QDockWidget*>();
        QVERIFY(docks.size() >= 6);
        for (QDockWidget* d : docks) QVERIFY2(view->actions().contains(d->toggleViewAction()), qPrintable(d->windowTitle()));
    }

    // The planner's arrangement comes back with the next window.
    void theLayoutIsKeptBetweenRuns() {
        auto* history = w_.window->findChild<QDockWidget*>("historyDock");
        auto* airports = w_.window->findChild<QDockWidget*>("airportsDock");
        QVERIFY(history && airports);
        history->hide();
        airports->show();
        w_.window->save_layout();
        w_ = {};
        w_ = open_small_schedule(dir_);
        w_.window->restore_layout();
        QVERIFY(!w_.window->findChild<QDockWidget*>("historyDock")->isVisible());
        QVERIFY(w_.window->findChild<QDockWidget*>("airportsDock")->isVisible());
        QSettings().remove("window");
    }

    // The redo keys planners know from other tools all redo.
    void redoAnswersToBothCommonKeys() {
        QAction* redo = nullptr;
        for (QAction* a : w_.window->findChildren<QAction*>())
            if (a->text().remove('&').startsWith("Redo")) redo = a;
        QVERIFY(redo);
        QVERIFY(redo->shortcuts().contains(QKeySequence("Ctrl+Shift+Z")));
        QVERIFY(redo->shortcuts().contains(QKeySequence("Ctrl+Y")));
        // Whatever the desktop's own Redo is (GNOME: Ctrl+Shift+Z; KDE: both;
        // Windows: Ctrl+Y), each key is listed once.
        using L = QList<QKeySequence>;
        const QKeySequence z("Ctrl+Shift+Z"), y("Ctrl+Y");
        for (const L& platform : {L{z}, L{z, y}, L{y}, L{}, L{y, z}}) {
            L keys = ui::redo_keys(platform);
            QCOMPARE(keys.size(), 2);
            QVERIFY(keys.contains(z) && keys.contains(y));
        }
        QCOMPARE(ui::redo_keys({QKeySequence("Alt+Backspace")}).size(), 3);
    }
};

QTEST_MAIN(TestUiShortcuts)
#include "tst_ui_shortcuts.moc"
