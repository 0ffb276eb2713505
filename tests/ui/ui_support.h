// A small schedule in a real store, and a Session opened on it, for the
// widget tests: two rotations at MUC with a minimum ground time, and a leg
// outside any rotation.
//
//   R1  XQ100 FRA-MUC 06:00-07:00 | XQ101 MUC-FRA 07:40-08:40
//   R2  XQ200 FRA-MUC 10:00-11:00
//   -   XQ300 MUC-VIE 11:20-12:20        (MUC minimum ground time 30)
#pragma once

#include <QSignalSpy>
#include <QtTest>

#include "storage/open_store.h"
#include "storage/schedule_store.h"
#include "ui/main_window.h"
#include "ui/session/session.h"
#include "support/temporary_store.h"

namespace rotaplan::testing {

inline Leg ui_leg(std::uint64_t n, const char* designator, const char* arrival, const char* std_, const char* sta) {
    Leg l;
    l.id = LegId{Uuid{n, n}};
    l.designator = *parse_designator(designator);
    l.arrival = AirportCode::from(arrival);
    l.std_utc = *parse_instant(std_);
    l.sta_utc = *parse_instant(sta);
    l.aircraft_type = AircraftType::from("320");
    return l;
}

inline const RotationId kR1{Uuid{101, 1}}, kR2{Uuid{102, 2}};
inline const LegId kXQ100{Uuid{1, 1}}, kXQ101{Uuid{2, 2}}, kXQ200{Uuid{3, 3}}, kXQ300{Uuid{4, 4}};

inline void make_small_schedule(const std::string& path) {
    storage::ScheduleStore store(path);
    auto ctx = storage::default_context();
    auto run = [&](Command c) {
        if (!store.execute(c, ctx).ok) qFatal("fixture command refused");
    };
    run(SetAirportMinimumGroundTime{AirportCode::from("MUC"), 30});
    run(CreateRotation{kR1, "R1"});
    run(CreateRotation{kR2, "R2"});
    run(AddLegs{kR1, {ui_leg(1, "XQ100/FRA/2026-04-01", "MUC", "2026-04-01T06:00Z", "2026-04-01T07:00Z"),
                      ui_leg(2, "XQ101/MUC/2026-04-01", "FRA", "2026-04-01T07:40Z", "2026-04-01T08:40Z")}});
    run(AddLegs{kR2, {ui_leg(3, "XQ200/FRA/2026-04-01", "MUC", "2026-04-01T10:00Z", "2026-04-01T11:00Z")}});
    run(AddLegs{std::nullopt, {ui_leg(4, "XQ300/MUC/2026-04-01", "VIE", "2026-04-01T11:20Z", "2026-04-01T12:20Z")}});
}

// Waits (processing events) until the session has shown its first schedule.
inline bool wait_open(ui::Session& s) {
    QSignalSpy opened(&s, &ui::Session::opened);
    return opened.count() > 0 || opened.wait(10000);
}

// Waits until every submitted command has finished and its delta is shown.
inline bool wait_idle(ui::Session& s) {
    if (!s.busy()) return true;
    QSignalSpy idle(&s, &ui::Session::idle);
    if (!idle.wait(10000)) return false;
    QTest::qWait(50);  // the delta follows the outcome through the same queue
    return true;
}

// The real window on a schedule, shown offscreen, zoomed so that every bar of
// the small schedule is wide (2 px a minute) and XQ100 is in view.
struct OpenWindow {
    std::unique_ptr<ui::Session> session;
    std::unique_ptr<ui::MainWindow> window;
};

inline OpenWindow open_window(const std::string& path) {
    OpenWindow w;
    w.session = std::make_unique<ui::Session>(QString::fromStdString(path), storage::default_context());
    w.window = std::make_unique<ui::MainWindow>(*w.session);
    w.window->resize(1200, 700);
    w.window->show();
    if (!wait_open(*w.session)) qFatal("the schedule did not open");
    w.window->chart().set_minutes_per_pixel(0.5);
    w.window->chart().show_leg(kXQ100);
    if (!QTest::qWaitForWindowExposed(w.window.get())) qFatal("the window was not shown");
    return w;
}

// A new store in `folder` holding the small schedule, and the window on it;
// `path` receives where the store is, for tests that read it on their own.
inline OpenWindow open_small_schedule(StoreFolder& folder, std::string* path = nullptr) {
    std::string p = folder.next_store_path();
    make_small_schedule(p);
    if (path) *path = p;
    return open_window(p);
}

// The number of events in a store (read on its own connection).
inline std::int64_t event_count(const std::string& path) {
    return storage::open_store(path, true).scalar("SELECT count(*) FROM events");
}

}  // namespace rotaplan::testing
