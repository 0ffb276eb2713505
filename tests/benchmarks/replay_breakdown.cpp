// Where replay time goes: scanning the events table, decoding payloads, and
// each phase of rebuild_projections, timed separately on one store.
//
//   replay_breakdown STORE.db        (the store is rebuilt: run it on a copy)
//
// Use it before and after changing the codec, the projection schema or the
// rebuild; the figures go to docs/benchmarks.md. The rebuild's phases are
// run here one by one, in rebuild_projections' order, with the automatic
// checkpoint held back so that COMMIT (the WAL written and fsynced: what
// makes the rebuild durable) and the checkpoint after it are timed apart.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <vector>

#include "storage/eventstore/event_codec.h"
#include "storage/eventstore/event_pump.h"
#include "storage/projections/projections.h"
#include "storage/open_store.h"
#include "storage/sqlite/schema.h"

using namespace rotaplan;
using namespace rotaplan::storage;
using Clock = std::chrono::steady_clock;

static double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: replay_breakdown STORE.db   (rebuilds it: use a copy)\n");
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
    std::vector<std::pair<std::int64_t, Event>> events;  // kept, to time applying them apart from decoding
    {
        auto q = db.prepare("SELECT position, type, schema_version, payload FROM events ORDER BY position");
        while (q.step()) events.emplace_back(q.int64(0), decode(q.text(1), int(q.int64(2)), q.text(3)));
    }
    double decoded = since(t0);
    std::int64_t pumped = 0;
    t0 = Clock::now();
    pump_events(db.path(), "1", 0, INT64_MAX, [&](std::int64_t, const Event&) { ++pumped; });
    double pump = since(t0);

    // Applying the decoded events alone, into a scratch copy of the tables (rolled back).
    double apply_only = 0;
    {
        Transaction tx(db);
        recreate_projection_tables(db);
        Projections projections(db);
        projections.validation().defer(true);
        t0 = Clock::now();
        for (const auto& [position, e] : events) projections.apply(position, e);
        apply_only = since(t0);
    }
    events.clear();
    events.shrink_to_fit();

    // The phases of rebuild_projections, in its order.
    db.exec("PRAGMA wal_autocheckpoint=0");
    struct Phase {
        const char* name;
        double seconds;
    };
    std::vector<Phase> phases;
    std::int64_t replayed = 0;
    auto t = Clock::now();
    auto lap = [&](const char* name) {
        phases.push_back({name, since(t)});
        t = Clock::now();
    };
    t0 = Clock::now();
    {
        EventStore store(db);
        Transaction tx(db);
        lap("begin");
        recreate_projection_tables(db);
        lap("drop+create tables");
        replayed = replay(store, db, 0, store.last_position());
        lap("replay (decode || apply)");
        create_projection_indexes(db);
        lap("indexes");
        ValidationModel(db).rebuild();
        lap("validation model");
        tx.commit();
        lap("commit (WAL fsynced)");
    }
    double rebuild = since(t0);
    std::error_code ec;
    auto wal_bytes = std::filesystem::file_size(db.path() + "-wal", ec);
    t = Clock::now();
    db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    lap("checkpoint");
    std::printf("events %lld (avg payload %lld bytes, %.1f MB)\n", (long long)n, (long long)(n ? bytes / n : 0),
                double(bytes) / 1e6);
    std::printf("scan only              %.2f s\n", scan);
    std::printf("scan + decode          %.2f s  (one thread)\n", decoded);
    std::printf("pump (scan + decode)   %.2f s  (%lld events, nothing applied)\n", pump, (long long)pumped);
    std::printf("apply decoded events   %.2f s  (no decoding, row by row)\n", apply_only);
    std::printf("rebuild, to COMMIT     %.2f s  (%lld events)\n", rebuild, (long long)replayed);
    std::printf("WAL at COMMIT          %.1f MB (%lld pages of %lld in the file)\n", double(wal_bytes) / 1e6,
                (long long)(wal_bytes / 4120), (long long)db.scalar("PRAGMA page_count"));
    for (const auto& p : phases) std::printf("  %-24s %.3f s\n", p.name, p.seconds);
}
