// Scenarios in the desktop, offscreen: the Versions switcher shows a
// scenario's schedule (title and status bar name it), edits made there stay
// there, another process's edits to it appear, a version comparison lists
// what differs, and a promotion makes main what the scenario is.
#include <QComboBox>
#include <QLabel>

#include "storage/projections/queries.h"
#include "storage/sync/scenarios.h"
#include "ui/commands/leg_changes.h"
#include "ui/commands/rotation_changes.h"
#include "ui/commands/undo.h"
#include "ui_support.h"

using namespace rotaplan;
using namespace rotaplan::testing;

class TestUiScenarios : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    static Instant std_of(ui::Session& s, LegId id) { return s.view().leg(id)->leg.std_utc; }

private slots:
    void aWindowShowsAScenarioAndEditsStayInIt() {
        std::string path = dir_.filePath("what-if.db").toStdString();
        make_small_schedule(path);
        {
            storage::ScheduleStore main(path);
            storage::create_scenario(main, "June", "main", std::nullopt, "D-AIAB in maintenance", storage::default_context());
        }
        OpenWindow w = open_window(path);
        auto& session = *w.session;
        auto* switcher = w.window->findChild<QComboBox*>("versionSwitcher");
        QVERIFY(switcher);
        QTRY_COMPARE(switcher->count(), 2);  // main and June
        QCOMPARE(switcher->itemText(1), QString("June"));
        const Instant before = std_of(session, kXQ101);

        switcher->setCurrentIndex(1);
        emit switcher->activated(1);
        QTRY_COMPARE(session.version(), QString("June"));
        QVERIFY2(w.window->windowTitle().contains("scenario June"), qPrintable(w.window->windowTitle()));
        auto* label = w.window->findChild<QLabel*>("versionLabel");
        QVERIFY(label && label->text().contains("June"));

        ui::retime_legs(session, {kXQ101}, 10);
        QVERIFY(wait_idle(session));
        QCOMPARE(std_of(session, kXQ101), before + 10);
        {
            storage::Database db = storage::open_store(path, true);
            QCOMPARE(storage::LegLookup(db)(kXQ101)->leg.std_utc, before);  // main is untouched
        }

        // Another process edits the scenario: the window follows.
        {
            storage::ScheduleStore june(path, "June");
            QVERIFY(june.execute(RetimeLegs{{{kXQ100, *parse_instant("2026-04-01T05:00Z"), *parse_instant("2026-04-01T06:00Z")}}},
                                 storage::default_context())
                        .ok);
        }
        QTRY_COMPARE(std_of(session, kXQ100), *parse_instant("2026-04-01T05:00Z"));

        // Compared with main: the two retimes, in the same dialog time travel uses.
        session.compare_with_version("main");
        auto& dialog = w.window->show_comparison();
        QTRY_VERIFY2(dialog.summary().text().contains("scenario June compared with main"), qPrintable(dialog.summary().text()));
        QVERIFY2(dialog.summary().text().contains("2 legs retimed"), qPrintable(dialog.summary().text()));

        // Back to main: main's times; the undo history was the scenario's.
        session.open_version("main");
        QTRY_COMPARE(session.version(), QString());
        QCOMPARE(std_of(session, kXQ101), before);
        QVERIFY2(!w.window->windowTitle().contains("— scenario"), qPrintable(w.window->windowTitle()));
    }

    void promotingMakesMainWhatTheScenarioIs() {
        std::string path = dir_.filePath("promote.db").toStdString();
        make_small_schedule(path);
        OpenWindow w = open_window(path);
        auto& session = *w.session;
        bool done = false, ok = false;
        session.create_scenario("P", "main", 0, {}, [&](bool success, QString, QStringList) {
            done = true;
            ok = success;
        });
        QTRY_VERIFY(done);
        QVERIFY(ok);
        session.open_version("P");
        QTRY_COMPARE(session.version(), QString("P"));
        ui::retime_legs(session, {kXQ200}, 25);
        QVERIFY(wait_idle(session));
        const Instant promoted = std_of(session, kXQ200);

        session.open_version("main");
        QTRY_COMPARE(session.version(), QString());
        const Instant was = std_of(session, kXQ200);
        QVERIFY(was != promoted);
        QString message;
        done = false;
        session.scenario_action("promote-preview", "P", {}, [&](bool success, QString m, QStringList) {
            done = true;
            ok = success;
            message = m;
        });
        QTRY_VERIFY(done);
        QVERIFY2(ok && message.contains("1 change"), qPrintable(message));
        QVERIFY(std_of(session, kXQ200) != promoted);  // a preview writes nothing
        done = false;
        auto& history = ui::undo_stack(session);
        const int entries = history.count();
        ui::promote_scenario(session, "P", [&](bool success, QString, QStringList) {
            done = true;
            ok = success;
        });
        QTRY_VERIFY(done);
        QVERIFY(ok);
        QTRY_COMPARE(std_of(session, kXQ200), promoted);  // main, shown, is reread
        // One entry in main's undo history: undo makes main what it was, redo promotes again.
        QTRY_COMPARE(history.count(), entries + 1);
        QCOMPARE(history.undoText(), QString("Promote P"));
        history.undo();
        QVERIFY(wait_idle(session));
        QTRY_COMPARE(std_of(session, kXQ200), was);
        history.redo();
        QVERIFY(wait_idle(session));
        QTRY_COMPARE(std_of(session, kXQ200), promoted);
    }
};

QTEST_MAIN(TestUiScenarios)
#include "tst_ui_scenarios.moc"
