// The desktop planner on a season: first paint, chart repaints at several
// zooms, how long a drag's move takes to show, sorting the leg table (and a
// move while it is sorted), time travel, and memory.
//
//   QT_QPA_PLATFORM=offscreen gui_bench STORE.db
//   QT_QPA_PLATFORM=offscreen gui_bench STORE.db --first-paint
//   QT_QPA_PLATFORM=offscreen gui_bench STORE.db --as-of POSITION...
//
// --first-paint stops after opening; --as-of shows the schedule as of each
// position in turn (from the one before) after opening, and stops.
//
// STORE.db: a season store (validation_bench makes one). Figures go to
// docs/benchmarks.md; never a timed test.
#include <QApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QPainter>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include <sys/resource.h>

#include "ui/commands/leg_changes.h"
#include "ui/main_window.h"

using namespace rotaplan;

static long rss_mb() {
    std::ifstream f("/proc/self/status");
    std::string key;
    long value = 0;
    while (f >> key)
        if (key == "VmHWM:") {
            f >> value;
            return value / 1024;
        }
    return 0;
}

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: gui_bench STORE.db [--first-paint | --as-of POSITION...]\n");
        return 2;
    }
    // The longest the GUI thread went without running its event loop: a 5 ms
    // timer that notes the gaps between its ticks.
    QElapsedTimer tick_clock;
    tick_clock.start();
    qint64 last_tick = 0, longest_stall = 0;
    QTimer ticker;
    QObject::connect(&ticker, &QTimer::timeout, [&] {
        qint64 now = tick_clock.elapsed();
        longest_stall = std::max(longest_stall, now - last_tick);
        last_tick = now;
    });
    ticker.start(5);
    auto stall_since = [&](const char* what) {
        std::printf("longest GUI-thread stall during %s: %lld ms\n", what, (long long)longest_stall);
        longest_stall = 0;
    };

    QElapsedTimer clock;
    clock.start();
    ui::Session session(argv[1], storage::default_context());
    ui::MainWindow window(session);
    window.resize(1600, 1000);
    window.show();
    QSignalSpy opened(&session, &ui::Session::opened);
    if (!opened.wait(60000)) return 1;
    QImage image(window.size(), QImage::Format_ARGB32);
    {
        QPainter p(&image);
        window.render(&p);
    }
    // CPU time beside wall time: on this shared 2-core machine the wall time
    // of one run says as much about the neighbours as about the planner.
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const double cpu_ms = (double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e3 +
                           double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e3);
    std::printf("first paint: %lld ms after start, %.0f ms of CPU in all threads (%zu legs)\n",
                (long long)clock.elapsed(), cpu_ms, session.view().legs_in_order().size());
    if (argc > 2 && std::string_view(argv[2]) == "--first-paint") return 0;  // for a profile of opening alone
    if (argc > 2 && std::string_view(argv[2]) == "--as-of") {
        // Time travel to any point, as the history's slider asks for it: from
        // the request to the view changed and the chart painted again.
        QTest::qWait(300);  // the models and panels settle
        stall_since("opening the season");
        QImage frame(window.chart().viewport()->size(), QImage::Format_ARGB32);
        const qint64 last = session.view().position();
        for (int i = 3; i < argc; ++i) {
            const qint64 position = std::atoll(argv[i]);
            if (position <= 0 || position >= last) {
                std::fprintf(stderr, "gui_bench: %s is not a past point (1 to %lld)\n", argv[i], (long long)last - 1);
                return 2;
            }
            QSignalSpy changed(&session.view(), &ui::ScheduleView::changed);
            QElapsedTimer t;
            t.start();
            session.view_as_of(position);
            if (!changed.wait(60000)) return 1;
            {
                QPainter p(&frame);
                window.chart().viewport()->render(&p);
            }
            const qint64 shown = t.elapsed();
            // The comparison with now comes from the same replay; the next
            // point waits for it, so each is timed on its own.
            if (!QTest::qWaitFor([&] { return session.comparison() && session.comparison()->as_of == position; }, 60000)) return 1;
            std::printf("as of %lld shown: %lld ms (%zu legs), compared with now: %lld ms\n", (long long)position, (long long)shown,
                        session.view().legs_in_order().size(), (long long)t.elapsed());
        }
        stall_since("time travel");
        return 0;
    }
    QTest::qWait(300);  // the models and panels settle
    stall_since("opening the season");

    auto& chart = window.chart();
    QImage plot(chart.viewport()->size(), QImage::Format_ARGB32);
    for (double zoom : {0.5, 2.0, 10.0, 60.0, 400.0}) {
        chart.set_minutes_per_pixel(zoom);
        std::vector<double> ms;
        for (int i = 0; i < 20; ++i) {
            QElapsedTimer t;
            t.start();
            QPainter p(&plot);
            chart.viewport()->render(&p);
            ms.push_back(double(t.nsecsElapsed()) / 1e6);
        }
        std::sort(ms.begin(), ms.end());
        std::printf("chart repaint at %.1f min/px: median %.2f ms, max %.2f ms\n", zoom, ms[ms.size() / 2], ms.back());
    }

    QTest::qWait(30);  // let the ticker see the gap the measuring loop made
    stall_since("the repaint measurements (themselves a loop on the GUI thread)");
    // A move as a drag makes it: from the release to chart and validation panel showing it.
    const auto& lanes = session.view().lanes();
    std::vector<double> moves;
    for (int i = 0; i < 20; ++i) {
        const auto* leg = lanes[std::size_t(i)].legs[std::size_t(100 + i)];
        LegId id = leg->leg.id;
        QSignalSpy changed(&session.view(), &ui::ScheduleView::changed);
        QElapsedTimer t;
        t.start();
        ui::move_legs(session, {id}, std::nullopt);
        if (!changed.wait(5000)) return 1;
        QImage frame(chart.viewport()->size(), QImage::Format_ARGB32);
        QPainter p(&frame);
        chart.viewport()->render(&p);
        moves.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    stall_since("20 moves");
    std::sort(moves.begin(), moves.end());
    std::printf("move shown (command, delta, view rebuilt, chart painted): median %.1f ms, max %.1f ms\n",
                moves[moves.size() / 2], moves.back());
    // Sorting the leg table: the keys are taken on the GUI thread, the sort
    // runs on a pool thread and comes back as one layoutChanged.
    {
        auto& model = window.leg_model();
        QSignalSpy sorted(&model, &ui::LegTableModel::sorted);
        QElapsedTimer t;
        t.start();
        model.sort(ui::LegTableModel::Arrival, Qt::DescendingOrder);
        qint64 asked = t.elapsed();
        if (!sorted.wait(10000)) return 1;
        std::printf("leg table sorted by arrival: shown after %lld ms (the GUI thread took the keys in %lld ms)\n",
                    (long long)t.elapsed(), (long long)asked);
        QTest::qWait(30);
        stall_since("a sort of the leg table (keys on the GUI thread, the sort on a pool thread)");
        // A request superseded by the next one before it is back: only the last is shown.
        t.restart();
        model.sort(ui::LegTableModel::Departure, Qt::AscendingOrder);
        QTest::qWait(1);  // two header clicks are two turns of the event loop
        model.sort(ui::LegTableModel::AircraftType, Qt::DescendingOrder);
        if (!sorted.wait(10000)) return 1;
        std::printf("two sorts, the first superseded: the second shown after %lld ms\n", (long long)t.elapsed());
        QTest::qWait(30);
        stall_since("two sorts, the first superseded");
        // A move while the table is sorted: the table is patched, not sorted again.
        std::vector<double> patched;
        for (int i = 0; i < 10; ++i) {
            LegId id = lanes[std::size_t(i)].legs[std::size_t(200 + i)]->leg.id;
            QSignalSpy changed(&session.view(), &ui::ScheduleView::changed);
            QElapsedTimer m;
            m.start();
            ui::move_legs(session, {id}, std::nullopt);
            if (!changed.wait(5000)) return 1;
            patched.push_back(double(m.nsecsElapsed()) / 1e6);
        }
        std::sort(patched.begin(), patched.end());
        std::printf("move shown with the table sorted by type: median %.1f ms, max %.1f ms%s\n", patched[patched.size() / 2],
                    patched.back(), model.sorting() ? " (a sort started: not patched)" : "");
        model.sort(ui::LegTableModel::Std, Qt::AscendingOrder);
        QTest::qWait(30);
        stall_since("10 moves with the table sorted, and back to STD order");
    }
    std::printf("peak RSS before time travel: %ld MB\n", rss_mb());
    // Back in time (a replay of every event but the last 20, on the worker), and back to now.
    {
        QElapsedTimer t;
        t.start();
        QSignalSpy changed(&session.view(), &ui::ScheduleView::changed);
        session.view_as_of(session.view().position() - 20);
        if (!changed.wait(60000)) return 1;
        std::printf("time travel shown: %lld ms\n", (long long)t.elapsed());
        t.restart();
        session.view_as_of(0);
        if (!changed.wait(60000)) return 1;
        std::printf("back to now shown: %lld ms\n", (long long)t.elapsed());
        QTest::qWait(300);
        stall_since("time travel and back");
    }
    std::printf("peak RSS: %ld MB\n", rss_mb());
    return 0;
}
