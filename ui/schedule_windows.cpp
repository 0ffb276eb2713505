#include "ui/schedule_windows.h"

#include <QCoreApplication>
#include <QSettings>

#include "ui/main_window.h"
#include "ui/session/session.h"

namespace rotaplan::ui {

ScheduleWindows::ScheduleWindows(storage::CommandContext context, SyncOverride every_schedule, bool syncing,
                                 QObject* parent)
    : QObject(parent), context_(std::move(context)), every_schedule_(std::move(every_schedule)), syncing_(syncing) {}

ScheduleWindows::~ScheduleWindows() {
    for (auto& o : open_) o.window.reset();  // a window's sync link stops before its session's worker
}

MainWindow& ScheduleWindows::open(const QString& file, bool demo, const SyncOverride& over) {
    QStringList recent = QSettings().value("recentFiles").toStringList();
    recent.removeAll(file);
    recent.prepend(file);
    QSettings().setValue("recentFiles", recent.mid(0, 8));
    auto& o = open_.emplace_back();
    o.session = std::make_unique<Session>(file, context_, demo);
    o.window = std::make_unique<MainWindow>(*o.session);
    MainWindow* window = o.window.get();
    if (syncing_) {
        window->sync().use_saved_settings(over);  // this store's own, never the last window's
        window->restore_layout();                 // not for screenshots: the pictures show the default layout
        connect(QCoreApplication::instance(), &QCoreApplication::aboutToQuit, window, [window] { window->save_layout(); });
    }
    connect(window, &MainWindow::syncSettingsChanged, this, [this, window, file](const SyncSettings& s) {
        QString store = schedule_identity(file);
        for (auto& each : open_)
            if (each.window.get() != window && schedule_identity(each.session->path()) == store)
                each.window->sync().configure(s);
    });
    connect(window, &MainWindow::openRequested, this,
            [this](const QString& other) { open(other, false, every_schedule_).show(); });
    connect(window, &MainWindow::openVersionRequested, this, [this](const QString& path, const QString& version) {
        MainWindow& beside = open(path, false, every_schedule_);
        session_of(beside).open_version(version);
        beside.show();
    });
    connect(o.session.get(), &Session::failed, this, &ScheduleWindows::failed);
    return *window;
}

std::vector<MainWindow*> ScheduleWindows::windows() const {
    std::vector<MainWindow*> all;
    for (const auto& o : open_) all.push_back(o.window.get());
    return all;
}

Session& ScheduleWindows::session_of(const MainWindow& window) const {
    for (const auto& o : open_)
        if (o.window.get() == &window) return *o.session;
    qFatal("ScheduleWindows::session_of: not one of its windows");
}

}  // namespace rotaplan::ui
