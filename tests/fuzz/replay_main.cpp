// The fuzzing harnesses without libFuzzer: a main that feeds each file of the
// directories it is given, in name order, to the harness's
// LLVMFuzzerTestOneInput once. The normal build links every harness with it,
// and ctest runs it over the target's committed corpus and its reproducers
// (tests/fuzz/README.md), so an input that once crashed stays a test.
//
//   fuzz_replay_TARGET CORPUS_DIR... [--regressions DIR]
//
// Every CORPUS_DIR must hold at least one file (an empty one proves nothing);
// the regressions directory may be absent (no crash found yet). A harness's
// check failing, a crash or an exception ends it (non-zero); else it prints
// what it replayed and exits 0.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace fs = std::filesystem;

namespace {

std::vector<fs::path> files_in(const fs::path& dir) {
    std::vector<fs::path> out;
    for (const auto& entry : fs::directory_iterator(dir))
        if (entry.is_regular_file()) out.push_back(entry.path());
    std::sort(out.begin(), out.end());
    return out;
}

std::string contents(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

int main(int argc, char** argv) {
    struct Dir {
        fs::path path;
        bool optional;
    };
    std::vector<Dir> dirs;
    for (int i = 1; i < argc; ++i) {
        if (std::string_view(argv[i]) == "--regressions" && i + 1 < argc) dirs.push_back({argv[++i], true});
        else dirs.push_back({argv[i], false});
    }
    if (dirs.empty()) {
        std::fprintf(stderr, "usage: %s CORPUS_DIR... [--regressions DIR]\n", argv[0]);
        return 2;
    }
    std::size_t total = 0;
    for (const Dir& d : dirs) {
        if (!fs::is_directory(d.path)) {
            if (d.optional) {
                std::printf("%s: none yet\n", d.path.c_str());
                continue;
            }
            std::fprintf(stderr, "%s: not a directory\n", d.path.c_str());
            return 2;
        }
        const auto files = files_in(d.path);
        if (files.empty() && !d.optional) {
            std::fprintf(stderr, "%s: no inputs to replay\n", d.path.c_str());
            return 2;
        }
        for (const auto& f : files) {
            // Named before it runs: a crash's output then says which input it was.
            std::fprintf(stderr, "replaying %s\n", f.c_str());
            const std::string bytes = contents(f);
            LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
        }
        std::printf("%s: %zu inputs replayed\n", d.path.c_str(), files.size());
        total += files.size();
    }
    std::printf("%zu inputs replayed, none failed\n", total);
    return 0;
}
