// rotaplan-cli bench: the standard workloads, measured on a scratch database.
//
// write:  the 2015 prototype's load — per rotation: create it, add 750 legs one
//         command at a time, register an airplane, assign it — 20 rotations,
//         built by 8 concurrent planners (--planners), every command durable
//         before it is acknowledged (group commit through CommandQueue).
// replay: rebuild-projections over a store of at least 1,000,000 events.
#include <QTemporaryDir>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "cli.h"
#include "storage/command_queue.h"
#include "storage/projections/projections.h"
#include "storage/open_store.h"
#include "storage/eventstore/system_mint.h"

namespace rotaplan::cli {

namespace {

using Clock = std::chrono::steady_clock;

long proc_status_kb(const char* field) {
    std::ifstream f("/proc/self/status");
    std::string line;
    while (std::getline(f, line))
        if (line.rfind(field, 0) == 0) return std::stol(line.substr(std::strlen(field) + 1));
    return 0;
}

// Forget the peak so far, so the next VmHWM reading is one workload's peak.
void reset_peak_rss() { std::ofstream("/proc/self/clear_refs") << "5"; }

Leg bench_leg(int rotation, int index) {
    // A continuous FRA-MUC-FRA chain: 60 minutes block, 30 minutes ground.
    Leg l;
    l.id = storage::system_mint().leg();  // minted as the CLI and GUI mint them
    l.designator.flight = FlightNumber{AirlineCode::from("XQ"), std::uint16_t(1 + (rotation * 7 + index) % 9999), 0};
    bool outbound = index % 2 == 0;
    l.designator.departure = AirportCode::from(outbound ? "FRA" : "MUC");
    l.arrival = AirportCode::from(outbound ? "MUC" : "FRA");
    Instant season_start = instant_at(*make_date(2026, 3, 29), 5 * 60);
    l.std_utc = season_start + std::int64_t(index) * 90;
    l.sta_utc = l.std_utc + 60;
    l.designator.day_of_origin = date_of(l.std_utc);
    l.aircraft_type = AircraftType::from("320");
    return l;
}

RotationId bench_rotation() { return storage::system_mint().rotation(); }

struct WriteFigures {
    std::size_t commands = 0;
    double seconds = 0, per_second = 0, p50_ms = 0, p99_ms = 0, max_ms = 0;
    long peak_rss_mb = 0;
};

WriteFigures write_workload(const std::string& path, int planners, int rotations, int legs_per_rotation) {
    reset_peak_rss();
    storage::CommandQueue queue(path);
    std::vector<std::vector<double>> latencies(static_cast<std::size_t>(planners));
    std::atomic<int> next_rotation{0};
    auto start = Clock::now();
    std::vector<std::thread> threads;
    for (int p = 0; p < planners; ++p) {
        threads.emplace_back([&, p] {
            storage::CommandContext ctx{"bench-planner-" + std::to_string(p), "bench", {}, {}};
            auto& lat = latencies[std::size_t(p)];
            auto issue = [&](rotaplan::Command c) {
                auto t0 = Clock::now();
                auto outcome = queue.submit(std::move(c), ctx).get();
                lat.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
                if (!outcome.ok) throw std::runtime_error("bench command refused: " + outcome.error.message);
            };
            // Each planner builds whole rotations, one command at a time, until all are built.
            for (int r; (r = next_rotation++) < rotations;) {
                RotationId id = bench_rotation();
                issue(CreateRotation{id, "BENCH" + std::to_string(r)});
                for (int i = 0; i < legs_per_rotation; ++i) issue(AddLegs{id, {bench_leg(r, i)}});
                auto reg = Registration::from("D-B" + std::to_string(1000 + r));
                issue(RegisterAirplane{reg, AircraftType::from("320"), 30});
                issue(AssignAirplane{reg, id});
            }
        });
    }
    for (auto& t : threads) t.join();
    WriteFigures f;
    f.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    std::vector<double> all;
    for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
    std::sort(all.begin(), all.end());
    f.commands = all.size();
    f.per_second = double(f.commands) / f.seconds;
    auto pct = [&](double q) { return all[std::min(all.size() - 1, std::size_t(q * double(all.size())))]; };
    f.p50_ms = pct(0.50);
    f.p99_ms = pct(0.99);
    f.max_ms = all.back();
    f.peak_rss_mb = proc_status_kb("VmHWM:") / 1024;
    return f;
}

struct ReplayFigures {
    std::int64_t events = 0;
    double build_seconds = 0, seconds = 0, per_second = 0;
    long peak_rss_mb = 0;
};

ReplayFigures replay_workload(const std::string& path, std::int64_t min_events) {
    ReplayFigures f;
    constexpr int kLegs = 750;
    int rotations = int((min_events + kLegs) / (kLegs + 1));
    auto t0 = Clock::now();
    {
        storage::ScheduleStore store(path);
        storage::CommandContext ctx{"bench", "bench", {}, {}};
        std::vector<storage::IssuedCommand> batch;
        auto flush = [&] {
            for (auto& o : store.execute_batch(batch))
                if (!o.ok) throw std::runtime_error("bench store build refused: " + o.error.message);
            batch.clear();
        };
        for (int r = 0; r < rotations; ++r) {
            RotationId id = bench_rotation();
            batch.push_back({CreateRotation{id, "REPLAY" + std::to_string(r)}, ctx});
            // One command per leg, as planners editing by hand write them: a
            // many-leg command would be one event (decisions.md, "Many legs of
            // one command are one event"), and the replay would measure few.
            for (int i = 0; i < kLegs; ++i) batch.push_back({AddLegs{id, {bench_leg(100000 + r, i)}}, ctx});
            if (batch.size() >= 4000) flush();
        }
        if (!batch.empty()) flush();
    }
    f.build_seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    reset_peak_rss();
    storage::Database db = storage::open_store(path);
    auto t1 = Clock::now();
    f.events = storage::rebuild_projections(db);
    f.seconds = std::chrono::duration<double>(Clock::now() - t1).count();
    f.per_second = double(f.events) / f.seconds;
    f.peak_rss_mb = proc_status_kb("VmHWM:") / 1024;
    return f;
}

int bench_cmd(const Globals&, QCommandLineParser& p) {
    int rotations = parse_int(p.value("rotations"), "--rotations", 1, 1000);
    int planners = parse_int(p.value("planners"), "--planners", 1, 256);
    int legs = parse_int(p.value("legs"), "--legs", 1, 1500);
    std::int64_t replay_events = parse_int(p.value("replay-events"), "--replay-events", 1000, 100'000'000);
    QTemporaryDir dir;
    if (!dir.isValid()) usage_error("cannot create a temporary directory");
    if (p.isSet("keep")) {
        dir.setAutoRemove(false);
        std::cerr << "keeping the bench stores in " << text(dir.path()) << "\n";
    }
    bool json_out = p.isSet("json");
    if (!json_out) std::cerr << "write workload: " << rotations << " rotations x (1 + " << legs << " + 2) commands by "
                            << planners << " concurrent planners...\n";
    auto w = write_workload(text(dir.filePath("write.db")), planners, rotations, legs);
    if (!json_out) std::cerr << "replay workload: building a store of " << replay_events << "+ events...\n";
    auto r = replay_workload(text(dir.filePath("replay.db")), replay_events);
    if (json_out) {
        nlohmann::json out{
            {"write",
             {{"planners", planners},
              {"commands", w.commands},
              {"seconds", w.seconds},
              {"commands_per_second", w.per_second},
              {"latency_p50_ms", w.p50_ms},
              {"latency_p99_ms", w.p99_ms},
              {"latency_max_ms", w.max_ms},
              {"peak_rss_mb", w.peak_rss_mb}}},
            {"replay",
             {{"events", r.events},
              {"seconds", r.seconds},
              {"events_per_second", r.per_second},
              {"store_build_seconds", r.build_seconds},
              {"peak_rss_mb", r.peak_rss_mb}}}};
        std::cout << out.dump(2) << "\n";
    } else {
        std::printf("write:  %zu durable commands in %.2f s = %.0f commands/s; latency p50 %.3f ms, p99 %.3f ms, max %.3f ms; peak RSS %ld MB\n",
                    w.commands, w.seconds, w.per_second, w.p50_ms, w.p99_ms, w.max_ms, w.peak_rss_mb);
        std::printf("replay: %lld events in %.2f s = %.0f events/s; peak RSS %ld MB (store built in %.1f s)\n",
                    (long long)r.events, r.seconds, r.per_second, r.peak_rss_mb, r.build_seconds);
    }
    return kOk;
}

}  // namespace

void add_bench_command(std::vector<Command>& out) {
    out.push_back({"bench", "[--json] [--rotations N] [--planners N] [--legs N] [--replay-events N] [--keep]",
                   "Measure durable command throughput and replay speed on a scratch database",
                   [](QCommandLineParser& p) {
                       p.addOption(QCommandLineOption("json", "Print JSON."));
                       p.addOption(QCommandLineOption("keep", "Keep the scratch stores for inspection."));
                       p.addOption(QCommandLineOption("rotations", "Rotations to build.", "N", "20"));
                       p.addOption(QCommandLineOption("planners", "Concurrent planners building them.", "N", "8"));
                       p.addOption(QCommandLineOption("legs", "Legs added per rotation, one command each.", "N", "750"));
                       p.addOption(QCommandLineOption("replay-events", "Events in the replayed store.", "N", "1000000"));
                   },
                   bench_cmd, 0, 0, StoreUse::None});
}

}  // namespace rotaplan::cli
