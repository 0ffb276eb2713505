// The validation read model on a season: full report, revalidation after one
// command, and rebuild, on the generator's 300-airplane season.
//
//   validation_bench STORE.db [COMMANDS]
//
// STORE.db is created (season imported) when it does not exist, else reused.
// Figures go to docs/benchmarks.md. Never a timed test.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>

#include "core/files/reference_files.h"
#include "core/ssim/expand.h"
#include "core/ssim/generator.h"
#include "storage/imports/importer.h"
#include "storage/projections/queries.h"
#include "storage/open_store.h"
#include "storage/imports/ssim_import.h"
#include "storage/projections/validation_report.h"

using namespace rotaplan;
using namespace rotaplan::storage;
using Clock = std::chrono::steady_clock;

static double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

static double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, std::size_t(p * double(v.size())))];
}

static void build_season(const std::string& path) {
    auto season = ssim::generate({});
    ScheduleStore store(path);
    auto ctx = default_context();
    files::ParseError error;
    auto planes = files::parse_airplanes_csv("airplanes.csv", season.airplanes, error);
    auto ports = files::parse_airports_csv("airports.csv", season.airports, error);
    auto rotations = files::parse_rotations_csv("rotations.csv", season.rotations, error);
    if (!planes || !ports || !rotations) throw std::runtime_error(error.message);
    import_airplanes(store, *planes, {"airplanes.csv", ""}, ctx);
    import_airports(store, *ports, {"airports.csv", ""}, ctx);
    auto read = ssim::read(season.ssim, {"season.ssim", false});
    auto expansion = ssim::expand(read.file, {"season.ssim", false});
    SsimImportOptions o;
    o.rotations = &*rotations;
    auto result = import_ssim(store, read.file, std::move(expansion.legs), {"season.ssim", ""}, ctx, o);
    if (!result.ok) throw std::runtime_error(result.error);
}

static void report_timing(Database& db, const char* label) {
    std::vector<double> t;
    std::size_t items = 0;
    for (int i = 0; i < 15; ++i) {
        auto t0 = Clock::now();
        items = validation_report(db).items.size();
        t.push_back(since(t0));
    }
    std::printf("full validation (%s, %zu violations): median %.1f ms, max %.1f ms\n", label, items,
                percentile(t, 0.5) * 1000, percentile(t, 1.0) * 1000);
}

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: validation_bench STORE.db [COMMANDS]\n");
        return 2;
    }
    std::string path = argv[1];
    int commands = argc > 2 ? std::atoi(argv[2]) : 2000;
    if (!std::filesystem::exists(path)) {
        auto t0 = Clock::now();
        build_season(path);
        std::printf("season imported in %.1f s\n", since(t0));
    }
    {
        Database db = open_store(path);
        std::printf("legs %lld, rotations %lld\n", (long long)db.scalar("SELECT count(*) FROM legs"),
                    (long long)db.scalar("SELECT count(*) FROM rotations"));
        report_timing(db, "as stored");
        auto t0 = Clock::now();
        {
            Transaction tx(db);
            ValidationModel(db).rebuild();
            tx.commit();
        }
        std::printf("validation model rebuilt from the projection tables: %.3f s\n", since(t0));
    }

    // One command at a time, as a planner edits: the validation part of each.
    ScheduleStore store(path);
    auto ctx = default_context();
    // Refresh time per kind of command: 0 retime, 1 move, 2 airplane minimum, 3 airport minimum.
    const char* kinds[] = {"retime a leg by up to 5 min", "move a leg out and into a rotation",
                           "change an airplane's minimum", "change an airport's minimum"};
    std::vector<double> refresh, total, by_kind[4];
    int current = 0;
    store.validation().on_change = [&](const ValidationChange& c) {
        refresh.push_back(c.seconds);
        by_kind[current].push_back(c.seconds);
    };
    auto rows = legs(store.database());
    std::erase_if(rows, [](const LegRow& r) { return !r.rotation; });
    auto planes = airplanes(store.database());
    std::mt19937 rng(7);
    const char* spokes[] = {"MUC", "BER", "HAM", "CDG", "VIE", "LHR", "ATH", "JFK"};
    int refused = 0;
    for (int i = 0; i < commands; ++i) {
        Command c;
        int kind = int(rng() % 10);
        const Leg& l = rows[rng() % rows.size()].leg;
        current = kind < 6 ? 0 : kind < 8 ? 1 : kind < 9 ? 2 : 3;
        if (kind < 6) {  // the everyday edit: a leg a few minutes earlier or later
            int shift = int(rng() % 11) - 5;
            c = RetimeLegs{{{l.id, l.std_utc + shift, l.sta_utc + shift}}};
        } else if (kind < 8) {  // out of its rotation and back
            c = MoveLegs{{l.id}, std::nullopt};
            if (store.execute(c, ctx).ok) c = MoveLegs{{l.id}, rows[rng() % rows.size()].rotation};
        } else if (kind < 9) {
            const auto& p = planes[rng() % planes.size()];
            c = UpdateAirplane{Registration::from(p.registration), AircraftType::from(p.aircraft_type), 25 + int(rng() % 20)};
        } else {  // a spoke's minimum: every rotation landing there is rechecked
            c = SetAirportMinimumGroundTime{AirportCode::from(spokes[rng() % std::size(spokes)]), 30 + int(rng() % 20)};
        }
        auto t0 = Clock::now();
        if (!store.execute(c, ctx).ok) ++refused;
        total.push_back(since(t0));
    }
    std::printf("revalidation after one command (%zu refreshes, %d refused): p50 %.3f ms, p99 %.3f ms, max %.3f ms\n",
                refresh.size(), refused, percentile(refresh, 0.5) * 1000, percentile(refresh, 0.99) * 1000,
                percentile(refresh, 1.0) * 1000);
    for (int k = 0; k < 4; ++k)
        std::printf("  %-36s %5zu: p50 %.3f ms, p99 %.3f ms, max %.3f ms\n", kinds[k], by_kind[k].size(),
                    percentile(by_kind[k], 0.5) * 1000, percentile(by_kind[k], 0.99) * 1000, percentile(by_kind[k], 1.0) * 1000);
    std::vector<double> leg_edits = by_kind[0];
    leg_edits.insert(leg_edits.end(), by_kind[1].begin(), by_kind[1].end());
    std::printf("  leg edits together (retime, move): p99 %.3f ms\n", percentile(leg_edits, 0.99) * 1000);
    std::printf("whole durable command for comparison: p50 %.3f ms, p99 %.3f ms\n", percentile(total, 0.5) * 1000,
                percentile(total, 0.99) * 1000);
    report_timing(store.database(), "after the edits");
    return 0;
}
