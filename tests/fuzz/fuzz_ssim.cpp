// Fuzzing target `ssim`: an SSIM file's text as `import-ssim` and the desktop's
// import read it (storage/imports/ssim_files.cpp, prepare_ssim): ssim::read in the
// default, --strict and --lenient modes, then ssim::expand of each read to
// dated legs, and the attribute templates and UTC variations a leg keeps.
//
// Bound: a file may schedule at most kFuzzMaxDatedLegs dated legs here (the
// readers' own limit, ReadOptions::max_dated_legs, lowered from 4 million):
// one record "daily, 2000 to 2099" is a legitimate 36,525 legs, and expanding
// millions of them per input would leave the fuzzer timing out on correct
// code. The limit's refusal is itself fuzzed: it is counted before anything
// is allocated.
//
// Checks beyond "no crash", from reader.h's description of the modes:
//   strict reads a file  => default reads it too, without a note;
//   default reads a file => lenient reads it the same, leaving nothing out;
// and every dated leg and shared designator points at what exists.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/ssim/expand.h"
#include "core/ssim/reader.h"
#include "fuzz_check.h"

namespace {

using namespace rotaplan;

constexpr std::size_t kFuzzMaxDatedLegs = 20'000;

ssim::ReadOptions options(bool strict, bool lenient) {
    ssim::ReadOptions o;
    o.file_name = "fuzz.ssim";
    o.strict = strict;
    o.lenient = lenient;
    o.max_dated_legs = kFuzzMaxDatedLegs;
    return o;
}

// What prepare_ssim does with a read: expand it, and what the import and the
// planner are told (each problem's text); the checks on what came out.
void expand_and_check(const ssim::ReadResult& read, const ssim::ReadOptions& o) {
    for (const auto& n : read.file.notes) FUZZ_CHECK(!n.str().empty() && !n.kind.empty(), "a note has a text and a kind");
    for (const auto& s : read.file.skipped) FUZZ_CHECK(!s.str().empty(), "a skipped record says why");
    for (const auto& r : read.file.legs) {
        FUZZ_CHECK(r.carrier >= 0 && std::size_t(r.carrier) < read.file.carriers.size(), "a leg's carrier exists");
        FUZZ_CHECK(r.record.size() == 200, "a leg record is 200 bytes");
        for (auto s : r.segments) FUZZ_CHECK(s.size() == 200, "a segment record is 200 bytes");
        // What the import keeps of the record, and what export reads back from it.
        auto t = ssim::attributes_template(r);
        (void)ssim::attributes_key(t);
        (void)ssim::utc_variations(t);
    }
    auto e = ssim::expand(read.file, o);
    if (e.error) {
        FUZZ_CHECK(!e.error->str().empty(), "a refusal says why");
        return;
    }
    FUZZ_CHECK(e.legs.size() <= kFuzzMaxDatedLegs, "expand keeps to its limit");
    for (const auto& d : e.legs) {
        FUZZ_CHECK(d.record < read.file.legs.size(), "a dated leg's record exists");
        FUZZ_CHECK(d.leg.designator.flight == read.file.legs[d.record].flight, "a dated leg flies its record's flight");
    }
    for (const auto& g : e.shared) {
        FUZZ_CHECK(g.legs.size() >= 2, "a shared designator is shared");
        for (auto k : g.legs) {
            FUZZ_CHECK(k < e.legs.size(), "a shared designator's leg exists");
            FUZZ_CHECK(e.legs[k].leg.designator == g.designator, "the legs of a shared designator share it");
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);

    const auto strict_options = options(true, false);
    const auto strict = ssim::read(text, strict_options);
    if (!strict.error) expand_and_check(strict, strict_options);

    const auto default_options = options(false, false);
    const auto plain = ssim::read(text, default_options);
    if (plain.error) FUZZ_CHECK(!plain.error->str().empty(), "an error says where and why");
    else expand_and_check(plain, default_options);
    if (!strict.error) {
        FUZZ_CHECK(!plain.error, "what strict reads, the default reads");
        FUZZ_CHECK(plain.file.notes.empty(), "what strict reads has nothing to note");
    }

    const auto lenient_options = options(false, true);
    const auto lenient = ssim::read(text, lenient_options);
    if (!lenient.error) expand_and_check(lenient, lenient_options);
    if (!plain.error) {
        FUZZ_CHECK(!lenient.error, "what the default reads, lenient reads");
        FUZZ_CHECK(lenient.file.skipped.empty(), "lenient leaves out nothing the default reads");
        FUZZ_CHECK(lenient.file.legs.size() == plain.file.legs.size(), "lenient reads the default's legs");
        FUZZ_CHECK(lenient.file.notes.size() == plain.file.notes.size(), "lenient notes what the default notes");
    }
    return 0;
}
