// Where SSIM time goes without a store: reading records, expanding them into
// dated legs, and writing them back, on the generator's season.
//
//   ssim_breakdown [AIRPLANES]      (default 300: ~1,970 records, ~383,000 dated legs)
//
// The reader is timed over many passes of the same text (it is fast enough
// that one pass is below the clock's resolution to trust); figures go to
// docs/benchmarks.md.
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "core/ssim/expand.h"
#include "core/ssim/generator.h"
#include "core/ssim/writer.h"

using namespace rotaplan;
using namespace rotaplan::ssim;
using Clock = std::chrono::steady_clock;

static double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

int main(int argc, char** argv) {
    GeneratorOptions o;
    if (argc > 1) o.airplanes = std::atoi(argv[1]);
    auto t0 = Clock::now();
    auto season = generate(o);
    std::printf("generate: %.3f s (%d records, %ld dated legs, %zu bytes)\n", since(t0), season.leg_records,
                season.dated_legs, season.ssim.size());

    const int passes = 200;
    std::size_t records = 0;
    t0 = Clock::now();
    for (int i = 0; i < passes; ++i) records += read(season.ssim, {"season.ssim", false}).file.legs.size();
    double read_s = since(t0);
    std::printf("read: %.1f type 3 records/s (%d passes, %.2f ms a pass)\n", double(records) / read_s, passes,
                read_s * 1000 / passes);

    auto file = read(season.ssim, {"season.ssim", false});
    t0 = Clock::now();
    auto expansion = expand(file.file, {"season.ssim", false});
    double expand_s = since(t0);
    std::printf("expand: %.3f s (%zu dated legs, %.0f legs/s)\n", expand_s, expansion.legs.size(),
                double(expansion.legs.size()) / expand_s);

    WriteInput in;
    for (const auto& d : expansion.legs) in.legs.push_back(d.leg);
    for (const auto& r : file.file.legs) {
        auto t = attributes_template(r.record);
        in.templates.emplace(attributes_key(t), t);
    }
    in.created = o.first_day;
    t0 = Clock::now();
    auto written = write(in);
    std::printf("write: %.3f s (%d records)\n", since(t0), written.leg_records);
    return written.error ? 1 : 0;
}
