// Where replay time goes: scanning the events table, decoding payloads, and
// applying them to the projection tables, timed separately on one store.
//
//   replay_breakdown STORE.db
//
// Use it before and after changing the codec or the projection schema; the
// figures go to docs/benchmarks.md.
#include <chrono>
#include <cstdio>

#include "storage/eventstore/event_codec.h"
#include "storage/projections/projections.h"
#include "storage/open_store.h"
#include "storage/sqlite/schema.h"

using namespace rotaplan;
using namespace rotaplan::storage;
using Clock = std::chrono::steady_clock;

static double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: replay_breakdown STORE.db\n");
        return 2;
    }
    Database db = open_store(argv[1]);
    std::int64_t n = 0, bytes = 0;
    auto t0 = Clock::now();
    {
        auto q = db.prepare("SELECT position, type, schema_version, payload FROM events ORDER BY position");
        while (q.step()) {
            bytes += std::int64_t(q.text(3).size());
            ++n;
        }
    }
    double scan = since(t0);
    t0 = Clock::now();
    {
        auto q = db.prepare("SELECT position, type, schema_version, payload FROM events ORDER BY position");
        while (q.step()) {
            auto e = decode(q.text(1), int(q.int64(2)), q.text(3));
            bytes += std::int64_t(e.index());
        }
    }
    double decoded = since(t0);
    // The phases of rebuild_projections, timed one by one .
    t0 = Clock::now();
    double phase[4];
    std::int64_t replayed = 0;
    {
        EventStore store(db);
        Transaction tx(db);
        auto t = Clock::now();
        recreate_projection_tables(db);
        phase[0] = since(t), t = Clock::now();
        replayed = replay(store, db, 0, store.last_position());
        phase[1] = since(t), t = Clock::now();
        create_projection_indexes(db);
        phase[2] = since(t), t = Clock::now();
        tx.commit();
        phase[3] = since(t);
    }
    double rebuild = since(t0);
    std::printf("events %lld (avg payload %lld bytes)\n", (long long)n, (long long)(n ? bytes / n : 0));
    std::printf("scan only        %.2f s  %.0f events/s\n", scan, double(n) / scan);
    std::printf("scan + decode    %.2f s  %.0f events/s\n", decoded, double(n) / decoded);
    std::printf("full rebuild     %.2f s  %.0f events/s (%lld events)\n", rebuild, double(replayed) / rebuild,
                (long long)replayed);
    std::printf("  drop+create %.2f s, replay %.2f s, indexes %.2f s, commit %.2f s\n", phase[0], phase[1], phase[2],
                phase[3]);
}
