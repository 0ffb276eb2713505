// rotaplan: the desktop planner.
//
//   rotaplan [--db FILE | FILE] [--planner NAME] [--server URL --token TOKEN] [--scenario NAME]
//            [--screenshot OUT.png [--size WxH] [--show PANEL]] [--palette dark]
//
// The default database is the one rotaplan-cli uses; a first start shows the
// demo schedule, unless a sync server is configured: then the empty database
// catches up the team's whole schedule from the server instead. --server and
// --token (for this run and this schedule; else ROTAPLAN_SERVER /
// ROTAPLAN_TOKEN, for every schedule; else what Sync > Sync settings… saved
// for the schedule, its token in the system keychain) name the rotaplan-server
// a schedule syncs with (ui/sync/sync_settings.h).
// --screenshot lays out the window on the schedule, renders it to a PNG and
// exits (works with QT_QPA_PLATFORM=offscreen); --show raises a panel first
// (the README's and the user guide's pictures are made so: docs/images/make).
// --scenario (else ROTAPLAN_SCENARIO, as for rotaplan-cli) opens the window on
// that version of the schedule instead of main.
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>
#include <QSettings>
#include <QTimer>

#include <iostream>

#include "core/files/encoding.h"
#include "core/planner.h"
#include "main_window.h"
#include "schedule_windows.h"
#include "widgets/palette.h"

using namespace rotaplan;

int main(int argc, char** argv) {
    // Before Qt decodes them: a file name or planner name is taken as given, or refused.
    if (auto why = files::argument_not_utf8(argc, argv)) {
        std::cerr << "rotaplan: " << *why << "; nothing was opened\n";
        return 2;
    }
    QApplication app(argc, argv);
    QApplication::setApplicationName("Rotaplan");
    QApplication::setOrganizationName("Rotaplan");
    QApplication::setApplicationVersion("0.1.0");
    QApplication::setDesktopFileName("rotaplan");
    QCommandLineParser p;
    p.setApplicationDescription("Rotaplan, the airline schedule planner");
    p.addHelpOption();
    p.addVersionOption();
    p.addOption({"db", "The schedule database (default: the embedded one in your data folder).", "FILE"});
    p.addOption({"planner", "Your name in every change's metadata.", "NAME"});
    p.addOption({"server", "The rotaplan-server to sync with, e.g. https://host:8443 (this run only).", "URL"});
    p.addOption({"token", "Your token for that server (this run only).", "TOKEN"});
    p.addOption({"scenario", "Show this scenario instead of main (ROTAPLAN_SCENARIO stands in).", "NAME"});
    p.addOption({"screenshot", "Render the window to a PNG and exit.", "OUT.png"});
    p.addOption({"size", "Window size for --screenshot.", "WxH", "1400x860"});
    p.addOption({"show", "The panel in front for --screenshot: legs, station, airports, validation or history.", "PANEL"});
    p.addOption({"palette", "dark: a dark palette, whatever the desktop's theme.", "light|dark"});
    p.addPositionalArgument("file", "A schedule database to open (as --db; how the desktop entry passes one).", "[FILE]");
    p.process(app);
    if (p.value("palette") == "dark") app.setPalette(ui::dark_palette());
    else if (p.isSet("palette") && p.value("palette") != "light") {
        std::cerr << "rotaplan: --palette is light or dark, not \"" << p.value("palette").toStdString() << "\"\n";
        return 2;
    }

    QString path = p.value("db");
    if (path.isEmpty() && !p.positionalArguments().isEmpty()) path = p.positionalArguments().front();
    bool first_start = false;
    if (path.isEmpty()) {
        QString dir = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + "/rotaplan";
        QDir().mkpath(dir);
        path = dir + "/schedule.db";
        first_start = !QFileInfo::exists(path);
    }
    ui::migrate_user_sync_settings(path);
    // Each schedule syncs with its own saved server; ROTAPLAN_SERVER /
    // ROTAPLAN_TOKEN go over that for every schedule of this run, and
    // --server / --token over both for the schedule named here only.
    const ui::SyncOverride environment = ui::environment_sync_override();
    ui::SyncOverride command_line;
    if (p.isSet("server")) command_line.server = p.value("server");
    if (p.isSet("token")) command_line.token = p.value("token");
    command_line = command_line | environment;
    QString server = command_line.server.value_or(ui::saved_sync_server(path));
    if (command_line.server || command_line.token) {
        // Without a token given, the keychain may still have one: only what is wrong whatever it holds.
        QString why = ui::SyncSettings{server, command_line.token.value_or(QString())}.problem();
        if (!why.isEmpty() && (command_line.token || why != "no token"))
            std::cerr << "rotaplan: sync: " << why.toStdString() << "\n";
    }
    // A desktop joining a team starts empty and catches up from the server:
    // the demo would be pushed into the team's schedule.
    if (!server.isEmpty()) first_start = false;
    auto context = storage::default_context();
    // A name the planner gave is a claim the first sync checks against the token; a guessed one is not.
    if (QSettings().contains("planner")) {
        context.planner = QSettings().value("planner").toString().toStdString();
        context.provisional = false;
    }
    const char* planner_source = context.provisional ? "USER" : "ROTAPLAN_PLANNER";
    if (QSettings().contains("planner")) planner_source = "the planner name in Settings";
    if (p.isSet("planner")) {
        context.planner = p.value("planner").toStdString();
        context.provisional = false;
        planner_source = "--planner";
    }
    // Every change carries the name to the server and the colleagues: held to
    // what they accept before anything is written (core/planner.h).
    if (auto why = check_planner_name(context.planner); !why.empty()) {
        std::cerr << "rotaplan: " << planner_source << " " << why << "\n";
        return 2;
    }

    // One window per open schedule; File > Open adds one, with that store's own sync settings.
    ui::ScheduleWindows open(context, environment, !p.isSet("screenshot"));
    QObject::connect(&open, &ui::ScheduleWindows::failed, &app, [&](const QString& why) {
        std::cerr << "rotaplan: " << why.toStdString() << "\n";
        if (p.isSet("screenshot")) QApplication::exit(2);
    });
    ui::MainWindow& window = open.open(path, first_start, command_line);
    ui::Session& session = open.session_of(window);
    const QString scenario = p.isSet("scenario") ? p.value("scenario") : qEnvironmentVariable("ROTAPLAN_SCENARIO");
    // The window on its version: main at once, a scenario once its read models are built.
    auto on_version = [&](std::function<void()> then) {
        QObject::connect(&session, &ui::Session::opened, &app, [&, then] {
            // Shown first: the status bar hides its counts only behind a message it shows while visible.
            window.show();
            if (scenario.isEmpty() || scenario == "main") return then();
            session.open_version(scenario, [&, then](bool ok, QString message) {
                if (ok) return then();
                std::cerr << "rotaplan: --scenario " << scenario.toStdString() << ": " << message.toStdString() << "\n";
                if (p.isSet("screenshot")) QApplication::exit(2);
            });
        }, Qt::SingleShotConnection);
    };
    if (p.isSet("screenshot")) {
        auto size = p.value("size").split('x');
        if (size.size() == 2) window.resize(size[0].toInt(), size[1].toInt());
        on_version([&] {
            window.chart().set_minutes_per_pixel(2.0);
            if (p.isSet("show") && !window.show_panel(p.value("show"))) {
                std::cerr << "rotaplan: --show " << p.value("show").toStdString() << ": no such panel\n";
                QApplication::exit(2);
                return;
            }
            QTimer::singleShot(100, &app, [&] {
                bool ok = window.grab().save(p.value("screenshot"));
                if (!ok) std::cerr << "rotaplan: cannot write " << p.value("screenshot").toStdString() << "\n";
                QApplication::exit(ok ? 0 : 2);
            });
        });
    } else {
        on_version([] {});
        window.show();
    }
    return app.exec();
}
