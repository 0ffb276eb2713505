// The planner's file and time-travel flows through the real window,
// offscreen: import a season with its rotations (previewed, with progress),
// cancel an import, export, and look at the schedule as it was.
#include <QApplication>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QTimer>

#include <map>

#include "core/files/reference_files.h"
#include "core/ssim/generator.h"
#include "core/ssim/reader.h"
#include "storage/open_store.h"
#include "storage/projections/queries.h"
#include "ui/commands/leg_changes.h"
#include "ui/commands/undo.h"
#include "ui/main_window.h"
#include "ui_support.h"

using namespace rotaplan;
using namespace rotaplan::testing;

class TestUiFiles : public QObject {
    Q_OBJECT
    StoreFolder dir_;
    ssim::GeneratedSchedule season_;
    QString ssim_path_, rotations_path_;

    QString write(const QString& name, const std::string& content) { return dir_.write(name, content); }
    std::int64_t events(const QString& db) { return event_count(db.toStdString()); }

    // A store with the season's airplanes registered (the rotation file assigns them).
    QString store_with_airplanes(const QString& name) {
        QString db = dir_.filePath(name);
        storage::ScheduleStore store(db.toStdString());
        files::ParseError error;
        auto planes = files::parse_airplanes_csv("airplanes.csv", season_.airplanes, error);
        for (const auto& p : *planes)
            store.execute(RegisterAirplane{p.registration, p.aircraft_type, p.min_ground_minutes}, storage::default_context());
        return db;
    }

private slots:
    void initTestCase() {
        ssim::GeneratorOptions o;
        o.airplanes = 8;
        o.last_day = Date{o.first_day.days + 13};
        season_ = ssim::generate(o);
        ssim_path_ = write("season.ssim", season_.ssim);
        rotations_path_ = write("rotations.csv", season_.rotations);
    }

    void importPreviewedThenWithProgress() {
        QString db = store_with_airplanes("import.db");
        ui::Session session(db, storage::default_context());
        ui::MainWindow window(session);
        QVERIFY(wait_open(session));
        QString summary;
        session.preview_ssim({ssim_path_, rotations_path_, false}, [&](bool ok, QString error, ui::ImportPreview p) {
            QVERIFY2(ok, qPrintable(error));
            summary = p.summary;
            QCOMPARE(p.groups.size(), std::size_t(14));  // one airline, 14 days of origin
            QVERIFY(p.groups[0].added > 10 && p.groups[0].lines[0].starts_with("+ XQ"));
            QVERIFY(p.cancellation.isEmpty());
        });
        QVERIFY(wait_idle(session));
        QCOMPARE(summary, QString("%1 added, 0 retimed, 0 changed, 0 cancelled, 0 unchanged").arg(season_.dated_legs));
        auto before = events(db);
        QCOMPARE(before, 8);  // the preview wrote nothing

        QSignalSpy progress(&session, &ui::Session::importProgress);
        window.import_ssim({ssim_path_, rotations_path_, false}, false);
        QTRY_VERIFY_WITH_TIMEOUT(!session.busy() && progress.count() > 0 && session.view().legs_in_order().size() > 0, 20000);
        QVERIFY(wait_idle(session));
        QCOMPARE(long(session.view().legs_in_order().size()), season_.dated_legs);
        QCOMPARE(session.view().rotations().size(), std::size_t(8));
        QVERIFY(progress.last().at(0).toInt() == 1000);
        QVERIFY(events(db) > before);
        QVERIFY(session.view().validation().valid());

        // The whole import is one undo entry, undone and redone by compensating commands.
        QTRY_COMPARE(ui::undo_stack(session).count(), 1);
        QCOMPARE(ui::undo_stack(session).undoText(), QString("Import season.ssim"));
        auto imported_events = events(db);
        ui::undo_stack(session).undo();
        QVERIFY(wait_idle(session));
        QCOMPARE(session.view().legs_in_order().size(), std::size_t(0));
        QCOMPARE(session.view().rotations().size(), std::size_t(0));
        QVERIFY(events(db) > imported_events);  // history only grows
        QSignalSpy refusals(&session, &ui::Session::refused);
        ui::undo_stack(session).redo();
        QVERIFY(wait_idle(session));
        QVERIFY2(refusals.isEmpty(), refusals.isEmpty() ? "" : qPrintable(refusals.first().first().toString()));
        QCOMPARE(long(session.view().legs_in_order().size()), season_.dated_legs);
        QCOMPARE(session.view().rotations().size(), std::size_t(8));
        QCOMPARE(session.view().airplanes()[0].rotation_name.empty(), false);
        QVERIFY(session.view().validation().valid());
    }

    void aCancelledImportWritesNothing() {
        QString db = store_with_airplanes("cancel.db");
        ui::Session session(db, storage::default_context());
        QVERIFY(wait_open(session));
        auto before = events(db);
        bool done = false, succeeded = true;
        QString message;
        session.import_ssim({ssim_path_, rotations_path_, false}, [&](bool ok, QString m) {
            done = true;
            succeeded = ok;
            message = m;
        });
        session.cancel_import();  // before the worker's first step: the import stops there
        QTRY_VERIFY_WITH_TIMEOUT(done, 20000);
        QVERIFY(!succeeded);
        QVERIFY2(message.contains("cancelled"), qPrintable(message));
        QCOMPARE(events(db), before);
    }

    void aBadFileIsNamedAndWritesNothing() {
        QString db = store_with_airplanes("bad.db");
        ui::Session session(db, storage::default_context());
        QVERIFY(wait_open(session));
        std::string broken = season_.ssim;
        broken[broken.find("\n3") + 1 + 44] = 'X';  // the first leg record's aircraft STD
        QString path = write("broken.ssim", broken);
        bool done = false;
        QString message;
        session.import_ssim({path, {}, false}, [&](bool ok, QString m) {
            done = true;
            QVERIFY(!ok);
            message = m;
        });
        QTRY_VERIFY_WITH_TIMEOUT(done, 20000);
        QVERIFY2(message.contains("broken.ssim:11:45: aircraft STD"), qPrintable(message));
        QCOMPARE(events(db), 8);
    }

    // A newer file that would cancel half the schedule: the preview says so,
    // the import alone is refused, and the preview dialog imports it only
    // once the planner ticked the confirmation.
    void thePreviewAsksBeforeCancellingMuch() {
        QString db = store_with_airplanes("cancel-share.db");
        ui::Session session(db, storage::default_context());
        ui::MainWindow window(session);
        QVERIFY(wait_open(session));
        window.import_ssim({ssim_path_, rotations_path_, false}, false);
        QTRY_VERIFY_WITH_TIMEOUT(!session.busy() && session.view().legs_in_order().size() > 0, 20000);
        QVERIFY(wait_idle(session));
        // The same season with half the fleet: the other half's legs would go.
        ssim::GeneratorOptions o;
        o.airplanes = 4;
        o.last_day = Date{o.first_day.days + 13};
        auto half = ssim::generate(o);
        QString path = write("half.ssim", half.ssim);
        ui::ImportPreview preview;
        session.preview_ssim({path, {}, false}, [&](bool ok, QString error, ui::ImportPreview p) {
            QVERIFY2(ok, qPrintable(error));
            preview = p;
        });
        QVERIFY(wait_idle(session));
        const long cancelled = season_.dated_legs - half.dated_legs;
        QVERIFY2(preview.cancellation.startsWith(QString("it would cancel %1 of the %2 legs it covers").arg(cancelled).arg(season_.dated_legs)),
                 qPrintable(preview.cancellation));
        bool refused = false;
        QString message;
        session.import_ssim({path, {}, false}, [&](bool ok, QString m) {
            refused = !ok;
            message = m;
        });
        QVERIFY(wait_idle(session));
        QVERIFY(refused);
        QVERIFY2(message.contains("confirm the cancellations in the import's preview"), qPrintable(message));
        QCOMPARE(long(session.view().legs_in_order().size()), season_.dated_legs);

        // Through the dialog: Import stays disabled until the confirmation is ticked.
        bool seen = false, disabled_first = false;
        QString summary_text;
        QTimer poll;  // the dialog runs modal: look for it from a timer, never wait inside
        connect(&poll, &QTimer::timeout, this, [&] {
            auto* dialog = QApplication::activeModalWidget();
            if (!dialog || dialog->objectName() != "importDialog") return;
            auto* confirm = dialog->findChild<QCheckBox*>("allowCancel");
            if (!confirm->isVisible()) return;  // the preview is still being read
            poll.stop();
            auto* import = dialog->findChild<QPushButton*>("importButton");
            disabled_first = !import->isEnabled();
            summary_text = dialog->findChild<QLabel*>("importSummary")->text();
            confirm->click();
            if (qEnvironmentVariableIsSet("ROTAPLAN_TEST_SHOTS"))
                dialog->grab().save(qEnvironmentVariable("ROTAPLAN_TEST_SHOTS") + "/import-preview.png");
            seen = import->isEnabled();
            import->click();
        });
        poll.start(50);
        window.import_ssim({path, {}, false}, true);
        QTRY_VERIFY_WITH_TIMEOUT(!poll.isActive(), 20000);
        QVERIFY(disabled_first);
        QVERIFY(seen);
        QVERIFY2(summary_text.contains(QString("%1 cancelled").arg(cancelled)), qPrintable(summary_text));
        QTRY_VERIFY_WITH_TIMEOUT(!session.busy() && long(session.view().legs_in_order().size()) == half.dated_legs, 20000);
        QTRY_VERIFY(!QApplication::activeModalWidget());  // the dialog closed on success
    }

    void exportWritesWhatTheScheduleHolds() {
        QString db = dir_.filePath("export.db");
        make_small_schedule(db.toStdString());
        ui::Session session(db, storage::default_context());
        ui::MainWindow window(session);
        QVERIFY(wait_open(session));
        QString out = dir_.filePath("out.ssim");
        window.export_ssim(out);
        QVERIFY(wait_idle(session));
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        auto text = f.readAll().toStdString();
        auto read = ssim::read(text, {"out.ssim", false});
        QVERIFY(!read.error);
        QCOMPARE(read.file.legs.size(), std::size_t(4));
    }

    // Time travel near now moves only the legs that differ, in place (no
    // season read and indexed again); wherever it goes and however (in
    // place, or whole when lanes come or go between), the window shows what
    // a replay to that point holds, and back at now what the store holds.
    void timeTravelMovesTheLegsThatDifferAndShowsTheReplaysSchedule() {
        QString db = dir_.filePath("travel-in-place.db");
        make_small_schedule(db.toStdString());
        std::int64_t lanes_change = 0;
        {
            storage::ScheduleStore store(db.toStdString());
            auto ctx = storage::default_context();
            auto run = [&](Command c) {
                auto outcome = store.execute(c, ctx);
                QVERIFY2(outcome.ok, outcome.error.message.c_str());
            };
            run(RetimeLegs{{{kXQ200, *parse_instant("2026-04-01T09:50Z"), *parse_instant("2026-04-01T10:50Z")}}});
            run(MoveLegs{{kXQ300}, kR2});
            run(RenameRotation{kR1, "R1 morning"});
            run(AddLegs{kR1, {ui_leg(9, "XQ102/FRA/2026-04-01", "MUC", "2026-04-01T09:30Z", "2026-04-01T10:30Z")}});
            run(SetAirportMinimumGroundTime{AirportCode::from("MUC"), 45});
            run(CreateRotation{RotationId{Uuid{103, 3}}, "R3"});
            lanes_change = store.events().last_position();
            run(MoveLegs{{kXQ101}, RotationId{Uuid{103, 3}}});
            run(MoveLegs{{kXQ100}, std::nullopt});
            run(DeleteLegs{{kXQ100}});
            run(RetimeLegs{{{kXQ200, *parse_instant("2026-04-01T10:10Z"), *parse_instant("2026-04-01T11:10Z")}}});
        }
        ui::Session session(db, storage::default_context());
        QVERIFY(wait_open(session));
        const std::int64_t now = session.view().position();

        // The view's schedule, and a replay's (or the store's), in the same words.
        auto shown = [&] {
            QStringList out;
            for (const auto& lane : session.view().lanes()) {
                out << QString::fromStdString("lane " + lane.name);
                for (const auto* row : lane.legs)
                    out << QString::fromStdString(row->leg.id.value.str() + " " + format_instant(row->leg.std_utc) + " " +
                                                  format_instant(row->leg.sta_utc));
            }
            out << QString("violations %1").arg(session.view().validation().items.size());
            return out.join('\n');
        };
        auto held = [&](storage::Database& past) {
            std::map<std::string, std::vector<std::pair<std::int64_t, std::string>>> lanes;  // name: legs by STD
            std::map<RotationId, std::string> names;
            for (const auto& r : storage::rotation_list(past)) names[r.id] = r.name;
            for (const auto& r : storage::rotation_list(past)) lanes[r.name];
            storage::for_each_leg(past, [&](const Leg& l, const std::optional<RotationId>& r) {
                lanes[r ? names[*r] : std::string("\x7f")].emplace_back(
                    l.std_utc.minutes, l.id.value.str() + " " + format_instant(l.std_utc) + " " + format_instant(l.sta_utc));
            });
            QStringList out;
            for (auto& [name, legs] : lanes) {
                std::sort(legs.begin(), legs.end());
                out << QString::fromStdString("lane " + (name == "\x7f" ? std::string("(no rotation)") : name));
                for (const auto& l : legs) out << QString::fromStdString(l.second);
            }
            if (lanes.find("\x7f") == lanes.end()) out << "lane (no rotation)";
            out << QString("violations %1").arg(storage::validation_report(past).items.size());
            return out.join('\n');
        };
        auto replayed = [&](std::int64_t p) {
            storage::ScheduleStore store(db.toStdString());
            storage::Database past = storage::project_as_of(store.events(), p);
            return held(past);
        };
        const QString at_now = shown();
        {
            storage::ScheduleStore store(db.toStdString());
            QCOMPARE(at_now, held(store.database()));  // the two words agree: the comparisons below can fail
        }

        int in_place = 0;
        for (std::int64_t p : {now - 1, now - 2, now - 3, lanes_change, lanes_change - 1, now - 2, std::int64_t(0), now - 6,
                               std::int64_t(0), now - 1, std::int64_t(3)}) {
            session.view_as_of(p);
            QTRY_VERIFY(session.view().as_of() == p);
            QTest::qWait(50);
            if (!session.view().last_change().placed.empty()) ++in_place;
            const QString expected = p ? replayed(p) : at_now;
            QVERIFY2(shown() == expected, qPrintable(QString("as of %1:\n%2\n----\n%3").arg(p).arg(shown(), expected)));
        }
        QVERIFY2(in_place >= 4, qPrintable(QString::number(in_place)));
        session.view_as_of(0);
        QTRY_VERIFY(session.view().as_of() == 0);
        QCOMPARE(shown(), at_now);
    }

    void timeTravelIsReadOnlyAndComesBack() {
        QString db = dir_.filePath("travel.db");
        make_small_schedule(db.toStdString());
        ui::Session session(db, storage::default_context());
        ui::MainWindow window(session);
        QVERIFY(wait_open(session));
        auto position = session.view().position();
        ui::move_legs(session, {kXQ300}, kR2);
        QVERIFY(wait_idle(session));
        QCOMPARE(session.view().leg(kXQ300)->rotation, std::optional<RotationId>(kR2));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.history_dock().raise();  // the History tab, beside Validation
        QTRY_VERIFY(window.history().count() > 0);
        QVERIFY(window.history().item(0)->text().contains("leg"));

        // With a leg selected, the History panel is that leg's trail.
        window.chart().select({kXQ300});
        // Created; then the move, one action: taken from the unassigned legs and added to R2.
        QTRY_VERIFY(window.history().count() == 2);
        QVERIFY2(window.history().item(0)->text().contains("added to rotation R2"), qPrintable(window.history().item(0)->text()));
        QVERIFY(window.history().item(0)->text().contains("XQ300/MUC/2026-04-01 MUC-VIE"));
        QVERIFY(window.history().item(1)->text().contains("created outside any rotation"));

        session.view_as_of(position);
        QTRY_VERIFY(session.view().as_of() == position);
        QVERIFY(window.findChildren<QLabel*>().size() > 0);
        bool compared = false;
        for (auto* label : window.findChildren<QLabel*>())
            if (label->text().contains(QString("as of event %1; now: 4 legs").arg(position))) compared = true;
        QVERIFY(compared);
        QCOMPARE(session.view().leg(kXQ300)->rotation, std::optional<RotationId>());
        QVERIFY(window.windowTitle().contains("read-only"));
        QSignalSpy refused(&session, &ui::Session::refused);
        ui::move_legs(session, {kXQ200}, kR1);
        QCOMPARE(refused.count(), 1);
        QCOMPARE(events(db), position + 2);  // nothing written while looking back

        session.view_as_of(0);
        QTRY_VERIFY(session.view().as_of() == 0);
        QCOMPARE(session.view().leg(kXQ300)->rotation, std::optional<RotationId>(kR2));
    }
};

QTEST_MAIN(TestUiFiles)
#include "tst_ui_files.moc"
