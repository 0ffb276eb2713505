// Fuzzing target `csv`: the planners' CSV files as `import-rotations`,
// `import-airports`, `import-airplanes`, `import-ssim --rotations` and the
// desktop's imports read them (core/files/reference_files.h): the same bytes
// through each of the three readers. A file passes one reader's header at
// most; the seeds hold all three kinds, so the fuzzer works past each.
//
// Checks beyond "no crash": a refusal says where and why; what is read
// points at a line of the file and keeps the grammar the reader promised.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/files/encoding.h"
#include "core/files/reference_files.h"
#include "fuzz_check.h"

namespace {

using namespace rotaplan;

template <class Rows>
void check(const Rows& rows, const files::ParseError& error) {
    for (const auto& n : error.notes) FUZZ_CHECK(files::is_utf8(n), "a note is UTF-8");
    if (!rows) {
        FUZZ_CHECK(!error.message.empty(), "a refusal says why");
        FUZZ_CHECK(files::is_utf8(error.message), "a refusal is printable UTF-8");
        return;
    }
    for (const auto& r : *rows) FUZZ_CHECK(r.line >= 2, "a row is on a line after the header");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view content(reinterpret_cast<const char*>(data), size);
    {
        files::ParseError error;
        auto rows = files::parse_rotations_csv("rotations.csv", content, error);
        check(rows, error);
        if (rows)
            for (const auto& r : *rows) {
                FUZZ_CHECK(!r.rotation.empty() && files::is_utf8(r.rotation), "a rotation's name is UTF-8 text");
                FUZZ_CHECK(!r.leg.flight.airline.empty(), "a leg has its airline");
            }
    }
    {
        files::ParseError error;
        auto rows = files::parse_airports_csv("airports.csv", content, error);
        check(rows, error);
        if (rows)
            for (const auto& r : *rows) FUZZ_CHECK(files::is_utf8(r.time_zone), "a time zone is UTF-8 text");
    }
    {
        files::ParseError error;
        auto rows = files::parse_airplanes_csv("airplanes.csv", content, error);
        check(rows, error);
        if (rows)
            for (const auto& r : *rows) FUZZ_CHECK(!r.registration.empty(), "an airplane has its registration");
    }
    return 0;
}
