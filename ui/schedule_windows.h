// The desktop's open schedules: one window per schedule database, each with
// its own session and its own sync link. File > Open (MainWindow::openRequested)
// adds a window here, and the path joins the recent files.
//
// A schedule's sync settings are its own (ui/sync/sync_settings.h): a window
// opened from the File menu reads the settings saved for *that* store file,
// under `every_schedule` (ROTAPLAN_SERVER / ROTAPLAN_TOKEN) only, never the
// settings of the window it was opened from; settings saved in one window are
// applied to the other windows on the same store file and to no other.
#pragma once

#include <QObject>

#include <list>
#include <memory>
#include <vector>

#include "storage/schedule_store.h"
#include "ui/sync/sync_settings.h"

namespace rotaplan::ui {

class MainWindow;
class Session;

class ScheduleWindows : public QObject {
    Q_OBJECT
public:
    // `syncing`: false for --screenshot (no sync, the default layout).
    ScheduleWindows(storage::CommandContext context, SyncOverride every_schedule, bool syncing = true,
                    QObject* parent = nullptr);
    ~ScheduleWindows() override;  // each window before its session

    // `over`: this schedule's overrides (the command line's, for the schedule named there).
    MainWindow& open(const QString& file, bool demo, const SyncOverride& over);
    std::vector<MainWindow*> windows() const;
    Session& session_of(const MainWindow& window) const;

signals:
    void failed(QString why);  // a session's

private:
    struct Open {
        std::unique_ptr<Session> session;
        std::unique_ptr<MainWindow> window;
    };
    storage::CommandContext context_;
    SyncOverride every_schedule_;
    bool syncing_;
    std::list<Open> open_;
};

}  // namespace rotaplan::ui
