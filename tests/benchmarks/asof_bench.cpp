// The schedule as of a past point on a season, without checkpoints (a replay
// from the first event) and with them (the nearest checkpoint and the events
// after it): what the CLI's --as-of and the desktop's time travel wait for.
//
//   asof_bench STORE.db [POSITION...]
//
// STORE.db must hold a season (docs/benchmarks.md says how it is made); its
// checkpoints are removed first and taken again, so run it on a copy. Each
// point is timed as the desktop's worker builds it: the read models as of
// the point, every leg read out, and the comparison with now. Never a timed test.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "storage/open_store.h"
#include "storage/projections/checkpoints.h"
#include "storage/projections/comparison.h"
#include "storage/projections/queries.h"

using namespace rotaplan;
using namespace rotaplan::storage;
using Clock = std::chrono::steady_clock;

static double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// Enough of the tables to tell two schedules apart.
static std::string fingerprint(Database& db) {
    auto q = db.prepare(
        "SELECT (SELECT count(*) || '/' || total(std) || '/' || total(sta) || '/' || total(length(rotation_id)) FROM legs) "
        "|| ' ' || (SELECT count(*) FROM rotations) || ' ' || (SELECT count(*) FROM airplanes) || ' ' || "
        "(SELECT count(*) FROM violations) || ' ' || (SELECT position FROM projection_position)");
    q.step();
    return q.str(0);
}

struct Figures {
    double read_models = 0, shown = 0;
    std::string print;
};

static Figures as_of(EventStore& events, Database& store, std::int64_t position) {
    Figures f;
    auto t0 = Clock::now();
    Database past = project_as_of(events, position);
    f.read_models = since(t0);
    auto rows = legs(past);
    auto c = compare_with_now(past, store, events, position);
    f.shown = since(t0);
    f.print = fingerprint(past) + " " + std::to_string(rows.size()) + " " + std::to_string(c.legs_added + c.legs_removed + c.legs_retimed + c.legs_moved);
    return f;
}

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: asof_bench STORE.db [POSITION...] (a copy of a season's store)\n");
        return 2;
    }
    const std::string path = argv[1];
    Database store = open_store(path);
    EventStore events(store);
    const auto last = events.last_position();
    std::vector<std::int64_t> points;
    for (int i = 2; i < argc; ++i) points.push_back(std::atoll(argv[i]));
    if (points.empty()) points = {last / 4, last / 2, last * 3 / 4, last - 300, last - 1};
    store.exec("DROP TABLE IF EXISTS read_model_checkpoints");

    std::vector<Figures> before;
    for (auto p : points) {
        before.push_back(as_of(events, store, p));
        std::printf("replay      as of %5lld: read models %.3f s, with legs read and compared %.3f s\n", (long long)p,
                    before.back().read_models, before.back().shown);
    }
    const auto size0 = std::filesystem::file_size(path);
    auto t0 = Clock::now();
    const int taken = take_checkpoints(store);
    const double taking = since(t0);
    store.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    std::int64_t bytes = 0;
    std::string at;
    for (const auto& c : checkpoint_list(store)) {
        bytes += c.bytes;
        at += (at.empty() ? "" : ", ") + std::to_string(c.position) + " (" + std::to_string(c.bytes / 1024) + " KB)";
    }
    std::printf("took %d checkpoints in %.2f s: %s; %lld KB in all; store %lld -> %lld KB\n", taken, taking, at.c_str(),
                (long long)bytes / 1024, (long long)size0 / 1024, (long long)std::filesystem::file_size(path) / 1024);
    int wrong = 0;
    for (std::size_t i = 0; i < points.size(); ++i) {
        auto f = as_of(events, store, points[i]);
        const bool same = f.print == before[i].print;
        wrong += !same;
        std::printf("checkpoint  as of %5lld: read models %.3f s, with legs read and compared %.3f s%s\n",
                    (long long)points[i], f.read_models, f.shown, same ? "" : "  DIFFERENT FROM THE REPLAY");
    }
    return wrong ? 1 : 0;
}
