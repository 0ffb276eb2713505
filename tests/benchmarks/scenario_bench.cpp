// Scenarios on a season: creating one, opening it (what switching the
// desktop to it costs the worker), an edit in it beside the same edit in
// main, comparing it with main, and promoting 1,000 of its own commands.
//
//   scenario_bench STORE.db
//
// STORE.db must hold a season (docs/benchmarks.md says how it is made) and is
// changed: run it on a copy. Figures go to docs/benchmarks.md. Never a timed test.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>

#include "storage/open_store.h"
#include "storage/projections/comparison.h"
#include "storage/projections/queries.h"
#include "storage/sync/scenarios.h"

using namespace rotaplan;
using namespace rotaplan::storage;
using Clock = std::chrono::steady_clock;

static double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

static std::uintmax_t disk(const std::string& path) {
    std::uintmax_t n = 0;
    for (const char* tail : {"", "-wal"}) {
        std::error_code ec;
        auto s = std::filesystem::file_size(path + tail, ec);
        if (!ec) n += s;
    }
    return n;
}

// A retime by a minute of `n` legs, each its own command, the last legs of
// rotation `first` on (latest first: each moves into room nobody takes); ms per command.
static double retimes(ScheduleStore& store, int n, std::size_t first = 0) {
    auto list = rotation_list(store.database());
    auto ctx = default_context();
    int done = 0;
    auto t0 = Clock::now();
    for (std::size_t r = first; r < list.size() && done < n; ++r) {
        auto rows = legs(store.database(), list[r].id);
        std::sort(rows.begin(), rows.end(), [](const LegRow& a, const LegRow& b) { return a.leg.std_utc > b.leg.std_utc; });
        for (std::size_t i = 0; i < rows.size() && i < 50 && done < n; ++i, ++done) {
            const Leg& l = rows[i].leg;
            auto out = store.execute(RetimeLegs{{{l.id, l.std_utc + 1, l.sta_utc + 1}}}, ctx);
            if (!out.ok) throw std::runtime_error(out.error.message);
        }
    }
    return since(t0) * 1000.0 / n;
}

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: scenario_bench STORE.db (a copy of a season's store)\n");
        return 2;
    }
    const std::string path = argv[1];
    auto ctx = default_context();
    {
        ScheduleStore main(path);
        auto before = disk(path);
        auto t0 = Clock::now();
        create_scenario(main, "bench", "main", std::nullopt, "scenario_bench", ctx);
        std::printf("create a scenario                 %7.3f s, +%ju bytes of store\n", since(t0), disk(path) - before);
    }
    {
        auto t0 = Clock::now();
        ScheduleStore scenario(path, "bench");
        std::printf("open it (read models built)       %7.3f s\n", since(t0));
        std::printf("edit in the scenario              %7.3f ms a command (100 retimes)\n", retimes(scenario, 100));
    }
    {
        ScheduleStore main(path);
        std::printf("edit in main                      %7.3f ms a command (100 retimes)\n", retimes(main, 100, 100));
    }
    {
        auto t0 = Clock::now();
        ScheduleStore scenario(path, "bench");
        std::printf("open it after main moved (replay) %7.3f s\n", since(t0));
        retimes(scenario, 900, 2);  // 1,000 of its own in all, beside main's
    }
    {
        auto t0 = Clock::now();
        Database a = open_store(path, true), b = open_store(path, true);
        Lineage la = prepare_version(a, "bench"), lb = prepare_version(b, "main");
        auto opened = since(t0);
        t0 = Clock::now();
        auto c = compare_versions(a, la, b, lb);
        std::printf("compare with main                 %7.3f s (+%.3f s opening both): %s\n", since(t0), opened, c.summary().c_str());
    }
    {
        auto t0 = Clock::now();
        auto out = rebase_scenario(path, "bench", ctx);
        std::printf("rebase (%d applied, %zu conflicts) %7.3f s\n", out.applied, out.conflicts.size(), since(t0));
        t0 = Clock::now();
        auto promoted = promote_scenario(path, "bench", false, ctx);
        std::printf("promote %d commands               %7.3f s%s\n", promoted.commands, since(t0), promoted.promoted ? "" : " (NOT promoted)");
    }
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf("peak RSS                          %7.1f MB\n", double(usage.ru_maxrss) / 1024.0);
    return 0;
}
