// Schedule change messages on a season store, each step timed on its own:
//
//   ssm_bench STORE.db      (a copy: it is changed; the generated season imported
//                            with its airplanes and rotations, see docs/benchmarks.md)
//
//   1. the whole season as NEW (a first publication): replay to event 0, compare, compose, write
//   2. a retime of every leg of 50 flights (their arrivals a minute earlier), then
//      the messages for it: the replay to before the retime, and the export itself
//   3. a file of 1,000 ASMs (single legs, single dates) applied in one transaction (and
//      written to STORE.db.asm-1000.ssm, for timing rotaplan-cli import-ssm on it)
#include <chrono>
#include <cstdio>
#include <map>
#include <set>
#include <string>

#include "core/ssim/reader.h"
#include "storage/imports/ssm_apply.h"
#include "storage/imports/ssm_export.h"
#include "storage/projections/queries.h"
#include "storage/schedule_store.h"

using namespace rotaplan;
using namespace rotaplan::storage;
using Clock = std::chrono::steady_clock;

static double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

int main(int argc, char** argv) {
    // "ssm_bench STORE.db new": only the first step, in local time (for a profiler).
    // "ssm_bench STORE.db retime": only the 50 flights' retime (then time `rotaplan-cli export-ssm` on the store).
    const bool only_new = argc == 3 && std::string(argv[2]) == "new";
    const bool only_retime = argc == 3 && std::string(argv[2]) == "retime";
    if (argc != 2 && !only_new && !only_retime) {
        std::fprintf(stderr, "usage: ssm_bench STORE.db [new|retime]\n");
        return 2;
    }
    ScheduleStore store(argv[1]);
    auto& db = store.database();
    auto& events = store.events();
    const Date today{20794};
    const auto ctx = default_context();

    for (auto mode : {ssm::TimeMode::Local, ssm::TimeMode::Utc}) {
        if (only_retime) break;
        auto t0 = Clock::now();
        Database empty = project_as_of(events, 0);
        double replay = since(t0);
        t0 = Clock::now();
        auto all = export_ssm(empty, db, events, 0, events.last_position(), mode, today, 1);
        std::printf("season as NEW (%s): replay %.3f s, export %.3f s: %s, %ld sub-messages, %zu bytes\n",
                    mode == ssm::TimeMode::Local ? "LT" : "UTC", replay, since(t0), all.summary().c_str(), all.sub_messages, all.text.size());
        if (only_new) return 0;
    }

    // 50 flights, every leg: the arrival a minute earlier (never an overlap).
    std::map<FlightNumber, std::vector<rotation::LegTimes>> by_flight;
    for_each_leg(db, [&](const Leg& l, const std::optional<RotationId>&) {
        by_flight[l.designator.flight].push_back({l.id, l.std_utc, l.sta_utc + -1});
    });
    const std::int64_t before = events.last_position();
    int flights = 0;
    long retimed = 0;
    auto t0 = Clock::now();
    for (auto& [flight, times] : by_flight) {
        if (flights == 50) break;
        if (!store.execute(RetimeLegs{times}, ctx).ok) continue;
        ++flights;
        retimed += long(times.size());
    }
    std::printf("retimed %ld legs of %d flights in %.3f s (events %lld to %lld)\n", retimed, flights, since(t0), (long long)before,
                (long long)events.last_position());
    if (only_retime) return 0;
    {
        t0 = Clock::now();
        long n = 0;
        events.read_all(0, before, [&](std::int64_t, const Event&) { ++n; });
        std::printf("decoding the %ld events before the retime alone: %.3f s\n", n, since(t0));
    }
    for (auto mode : {ssm::TimeMode::Local, ssm::TimeMode::Utc}) {
        t0 = Clock::now();
        Database then = project_as_of(events, before);
        double replay = since(t0);
        t0 = Clock::now();
        auto out = export_ssm(then, db, events, before, events.last_position(), mode, today, 2);
        std::printf("50 flights retimed (%s): replay to before %.3f s, export %.3f s: %s, %ld sub-messages\n",
                    mode == ssm::TimeMode::Local ? "LT" : "UTC", replay, since(t0), out.summary().c_str(), out.sub_messages);
        t0 = Clock::now();
        auto between = export_ssm_between(db, events, before, events.last_position(), mode, today, 2);
        std::printf("50 flights retimed (%s), export_ssm_between (the start replayed for the legs concerned): %.3f s, %s\n",
                    mode == ssm::TimeMode::Local ? "LT" : "UTC", since(t0), between.text == out.text ? "the same messages" : "DIFFERENT MESSAGES");
    }

    // 1,000 ASMs: one leg on one date each, its arrival a minute earlier.
    std::string text;
    std::set<std::pair<FlightNumber, std::int32_t>> used;
    int n = 0;
    std::vector<LegRow> all = legs(db);
    for (std::size_t i = 0; i < all.size() && n < 1000; i += 97) {
        const Leg& l = all[i].leg;
        if (!used.insert({l.designator.flight, l.designator.day_of_origin.days}).second) continue;
        auto hhmm = [](Instant t) {
            int m = int(t.minutes % 1440);
            char b[8];
            std::snprintf(b, sizeof b, "%02d%02d", m / 60, m % 60);
            return std::string(b);
        };
        const Date origin = l.designator.day_of_origin;
        auto variation = [&](Instant t) {
            int d = date_of(t).days - origin.days;
            return d == 0 ? std::string() : d == -1 ? std::string("/M1") : "/" + std::to_string(d);
        };
        char ref[32];
        std::snprintf(ref, sizeof ref, "07DEC%05dE001", ++n);
        // Local time mode with UTC variations of +0000: the flight's date is its day of origin.
        text += std::string("ASM\nLT\n") + ref + "\nTIM\n" + format_flight_number(l.designator.flight) + "/" +
                ssim::format_ssim_date(origin) + "\n" + l.designator.departure.str() + hhmm(l.std_utc) + variation(l.std_utc) + "+0000 " +
                l.arrival.str() + hhmm(l.sta_utc + -1) + variation(l.sta_utc + -1) + "+0000\n\n";
    }
    {
        // Kept beside the store, for timing `rotaplan-cli import-ssm` on it.
        std::FILE* f = std::fopen((std::string(argv[1]) + ".asm-1000.ssm").c_str(), "w");
        if (f) {
            std::fwrite(text.data(), 1, text.size(), f);
            std::fclose(f);
        }
    }
    t0 = Clock::now();
    auto applied = apply_ssm(store, text, {"bench.ssm", "", {}}, ctx);
    std::printf("applied %d ASMs in %.3f s: %s, %ld legs retimed, %d events\n", n, since(t0), applied.ok ? "ok" : applied.error.c_str(),
                applied.legs_retimed, applied.events);
    return applied.ok ? 0 : 1;
}
