// Sync settings are each schedule's own, and the token never lands in the
// settings file: the real window, its real Sync settings dialog, real stores,
// and a real rotaplan-server for "the token works".
//
// (a) a server set for store A is not store B's, not even for B opened from A's File menu;
//     A opened again (another path to the same file) has its server and token
// (b) after saving, the token is nowhere in the settings file's text (the server is)
// (c) without a system keychain the dialog says so, the token is masked, and it syncs for this run
// (d) ROTAPLAN_SERVER / ROTAPLAN_TOKEN go over what is saved, the command line over both
// (e) the user-wide syncServer / plaintext syncToken of earlier versions: the token leaves
//     the file, the server becomes the opened schedule's only, the token still usable this run
//
// There is no keychain here on purpose: the D-Bus session bus is pointed at a
// socket that does not exist, so every keychain job fails as on a bare machine.
#include <QApplication>
#include <QDialog>
#include <QFile>
#include <QLineEdit>
#include <QSettings>
#include <QStatusBar>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>

#include "../sync/server_process.h"
#include "ui/main_window.h"
#include "ui/schedule_windows.h"
#include "ui/sync/sync_link.h"
#include "ui/sync/sync_tokens.h"
#include "ui/widgets/sync_settings_dialog.h"
#include "ui_support.h"

using namespace rotaplan;
using namespace rotaplan::testing;
using State = ui::SyncStatus::State;

namespace {

constexpr int kWait = 20000;
const QString kSecret = "tok-secret-4f1c9a7e";

QString settings_text() {
    QSettings().sync();
    QFile f(QSettings().fileName());
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QString::fromUtf8(f.readAll());
}

// Sync > Sync settings… on `window`, typed into as a planner does; `look`
// sees the open dialog first. False if the dialog never showed.
bool give_sync_settings(ui::MainWindow& window, const QString& server, const QString& token,
                        std::function<void(QDialog&)> look = {}) {
    bool seen = false;
    QTimer::singleShot(0, &window, [&] {
        auto* dialog = qobject_cast<QDialog*>(QApplication::activeModalWidget());
        if (!dialog) return;
        seen = true;
        if (look) look(*dialog);
        dialog->findChild<QLineEdit*>("syncServerEdit")->setText(server);
        dialog->findChild<QLineEdit*>("syncTokenEdit")->setText(token);
        dialog->accept();
    });
    window.findChild<QAction*>("syncSettingsAction")->trigger();
    return seen;
}

}  // namespace

class TestUiSyncSettings : public QObject {
    Q_OBJECT
    QTemporaryDir config_;
    StoreFolder dir_;

    QString store(const char* name) {
        QString path = dir_.next_store(name);
        make_small_schedule(path.toStdString());
        return path;
    }

private slots:
    void initTestCase() {
        QVERIFY(config_.isValid() && dir_.isValid());
        // Settings of this test only, never those of whoever runs it.
        QStandardPaths::setTestModeEnabled(true);
        qputenv("XDG_CONFIG_HOME", config_.path().toUtf8());
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, config_.path());
        QCoreApplication::setOrganizationName("RotaplanTest");
        QCoreApplication::setApplicationName("tst_ui_sync_settings");
        qputenv("DBUS_SESSION_BUS_ADDRESS", ("unix:path=" + config_.filePath("no-bus")).toUtf8());
        qunsetenv("ROTAPLAN_SERVER");
        qunsetenv("ROTAPLAN_TOKEN");
        qputenv("ROTAPLAN_SYNC_BACKOFF_MS", "100");
        QVERIFY(QSettings().fileName().startsWith(config_.path()));
    }
    void cleanup() {
        qunsetenv("ROTAPLAN_SERVER");
        qunsetenv("ROTAPLAN_TOKEN");
    }

    // (a)
    void aServerSetForOneScheduleIsNotAnothers() {
        QString a = store("a"), b = store("b");
        ui::ScheduleWindows desktop(storage::default_context(), {});
        ui::MainWindow& window_a = desktop.open(a, false, {});
        QVERIFY(wait_open(desktop.session_of(window_a)));
        QCOMPARE(window_a.sync().status().state, State::NotSyncing);
        const QString server = "http://127.0.0.1:9";
        QVERIFY(give_sync_settings(window_a, server, kSecret));
        QCOMPARE(window_a.sync().settings(), (ui::SyncSettings{server, kSecret}));
        QCOMPARE(ui::saved_sync_server(a), server);
        QVERIFY(ui::saved_sync_server(b).isEmpty());

        // File > Open B from A's window: B's own settings, none.
        emit window_a.openRequested(b);
        QCOMPARE(desktop.windows().size(), std::size_t(2));
        ui::MainWindow& window_b = *desktop.windows().back();
        QVERIFY(wait_open(desktop.session_of(window_b)));
        QTest::qWait(100);  // a keychain answer, were one asked for, would have come
        QCOMPARE(window_b.sync().settings(), ui::SyncSettings{});
        QCOMPARE(window_b.sync().status().state, State::NotSyncing);

        // A again, by another path to the same file: its server, and this run's token.
        QString other_path = QFileInfo(a).absolutePath() + "/./" + QFileInfo(a).fileName();
        emit window_b.openRequested(other_path);
        ui::MainWindow& again = *desktop.windows().back();
        QTRY_COMPARE_WITH_TIMEOUT(again.sync().settings(), (ui::SyncSettings{server, kSecret}), kWait);
        QVERIFY(again.sync().status().state != State::NotSyncing);
        QCOMPARE(window_b.sync().settings(), ui::SyncSettings{});

        // Settings saved in one window reach the windows on its store, no other.
        const QString server_b = "http://127.0.0.1:8";
        QVERIFY(give_sync_settings(window_b, server_b, "tok-b"));
        QCOMPARE(window_a.sync().settings(), (ui::SyncSettings{server, kSecret}));
        QCOMPARE(again.sync().settings(), (ui::SyncSettings{server, kSecret}));
        QCOMPARE(ui::saved_sync_server(a), server);
        QVERIFY(give_sync_settings(window_a, "", ""));
        QCOMPARE(again.sync().settings(), ui::SyncSettings{});
        QCOMPARE(again.sync().status().state, State::NotSyncing);
        QCOMPARE(window_b.sync().settings(), (ui::SyncSettings{server_b, "tok-b"}));
        QCOMPARE(ui::saved_sync_server(b), server_b);
    }

    // (b)
    void theTokenIsNeverInTheSettingsFile() {
        QString a = store("file");
        OpenWindow w = open_window(a.toStdString());
        const QString server = "http://127.0.0.1:10";
        QVERIFY(give_sync_settings(*w.window, server, kSecret + "-b"));
        QTest::qWait(100);
        QString text = settings_text();
        QVERIFY2(text.contains(server), qPrintable(text));  // the file read is the one the settings went to
        QVERIFY2(!text.contains("tok-secret"), qPrintable(text));
        QVERIFY(!text.contains("syncToken"));
        // Stopping syncing forgets the server, and still writes no token.
        QVERIFY(give_sync_settings(*w.window, "", ""));
        QVERIFY(ui::saved_sync_server(a).isEmpty());
        QVERIFY(!settings_text().contains("tok-secret"));
    }

    // (c)
    void withoutAKeychainTheTokenLastsThisRunAndTheDialogSaysSo() {
        ServerProcess server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        QString a = store("nokeychain");
        OpenWindow w = open_window(a.toStdString());
        QString url = server.url("").toString();
        bool masked = false, said = false;
        QSignalSpy messages(w.window->statusBar(), &QStatusBar::messageChanged);
        QVERIFY(give_sync_settings(*w.window, url, kAnnaToken, [&](QDialog& dialog) {
            masked = dialog.findChild<QLineEdit*>("syncTokenEdit")->echoMode() == QLineEdit::Password;
            auto* note = dialog.findChild<QLabel*>("syncKeychainNote");
            QTRY_VERIFY_WITH_TIMEOUT(note->isVisible(), kWait);  // once the keychain failed to answer
            said = note->text().contains("No system keychain is available: the token is kept until you close "
                                         "Rotaplan; set ROTAPLAN_TOKEN to keep it");
        }));
        QVERIFY(masked);
        QVERIFY(said);
        QCOMPARE(ui::SyncTokens::instance().keychain(), ui::SyncTokens::Keychain::Missing);
        QTRY_COMPARE_WITH_TIMEOUT(w.window->sync().status().state, State::Online, kWait);
        // The window says it too, once the keychain refused the token.
        auto told = [&] {
            for (const auto& m : messages)
                if (m.at(0).toString().startsWith(ui::SyncTokens::missing_note())) return true;
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(told(), kWait);

        // Another window on the schedule this run: the token is still known, and works.
        w = {};
        OpenWindow again = open_window(a.toStdString());
        again.window->sync().use_saved_settings();
        QTRY_COMPARE_WITH_TIMEOUT(again.window->sync().settings().token, QString(kAnnaToken), kWait);
        QTRY_COMPARE_WITH_TIMEOUT(again.window->sync().status().state, State::Online, kWait);
        QVERIFY(!settings_text().contains(kAnnaToken));
    }

    // (d)
    void theEnvironmentGoesOverWhatIsSaved() {
        QString a = store("env");
        ui::save_sync_server(a, "http://127.0.0.1:11");
        qputenv("ROTAPLAN_SERVER", "http://127.0.0.1:12");
        qputenv("ROTAPLAN_TOKEN", "tok-from-env");
        OpenWindow w = open_window(a.toStdString());
        w.window->sync().use_saved_settings(ui::environment_sync_override());
        QCOMPARE(w.window->sync().settings(), (ui::SyncSettings{"http://127.0.0.1:12", "tok-from-env"}));
        // The command line's --server over the environment; its token still the environment's.
        ui::SyncOverride command_line{QString("http://127.0.0.1:13"), std::nullopt};
        w.window->sync().use_saved_settings(command_line | ui::environment_sync_override());
        QCOMPARE(w.window->sync().settings(), (ui::SyncSettings{"http://127.0.0.1:13", "tok-from-env"}));
        // The environment's server alone: the token is the one kept for that server (none here).
        qunsetenv("ROTAPLAN_TOKEN");
        w.window->sync().use_saved_settings(ui::environment_sync_override());
        QTRY_COMPARE_WITH_TIMEOUT(w.window->sync().settings().server, QString("http://127.0.0.1:12"), kWait);
        QVERIFY(w.window->sync().settings().token.isEmpty());
        QCOMPARE(w.window->sync().status().state, State::NotSyncing);
        // Nothing set: what is saved.
        qunsetenv("ROTAPLAN_SERVER");
        w.window->sync().use_saved_settings(ui::environment_sync_override());
        QTRY_COMPARE_WITH_TIMEOUT(w.window->sync().settings().server, QString("http://127.0.0.1:11"), kWait);
        QCOMPARE(ui::saved_sync_server(a), QString("http://127.0.0.1:11"));
    }

    // (e)
    void earlierUserWideSettingsAreTheOpenedSchedulesOnly() {
        QString a = store("old"), b = store("other");
        QSettings().setValue("syncServer", "http://127.0.0.1:14");
        QSettings().setValue("syncToken", "tok-old-plaintext");
        QVERIFY(settings_text().contains("tok-old-plaintext"));
        ui::migrate_user_sync_settings(a);
        QTRY_VERIFY_WITH_TIMEOUT(!settings_text().contains("tok-old-plaintext"), kWait);
        QVERIFY(!QSettings().contains("syncServer"));
        QCOMPARE(ui::saved_sync_server(a), QString("http://127.0.0.1:14"));
        QVERIFY(ui::saved_sync_server(b).isEmpty());
        OpenWindow w = open_window(a.toStdString());
        w.window->sync().use_saved_settings();
        QTRY_COMPARE_WITH_TIMEOUT(w.window->sync().settings(),
                                  (ui::SyncSettings{"http://127.0.0.1:14", "tok-old-plaintext"}), kWait);
        // Once migrated, a later start changes nothing.
        ui::save_sync_server(a, "http://127.0.0.1:15");
        ui::migrate_user_sync_settings(b);
        QVERIFY(ui::saved_sync_server(b).isEmpty());
        QCOMPARE(ui::saved_sync_server(a), QString("http://127.0.0.1:15"));
    }
};

QTEST_MAIN(TestUiSyncSettings)
#include "tst_ui_sync_settings.moc"
