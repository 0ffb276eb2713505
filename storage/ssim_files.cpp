#include "ssim_files.h"

#include <future>

#include "queries.h"
#include "time_zones.h"

namespace rotaplan::storage {

PreparedSsim prepare_ssim(SsimFiles in) {
    PreparedSsim out;
    // The rotation file (a season's is 14 MB, 380,000 lines) is parsed on a
    // second core while this one reads and expands the SSIM file.
    files::ParseError rotations_error;  // declared first: outlives the future, whose destructor waits
    std::future<std::optional<std::vector<files::RotationAssignment>>> rotations;
    if (in.rotations_text)
        rotations = std::async(std::launch::async, [&] {
            return files::parse_rotations_csv(in.rotations.file, *in.rotations_text, rotations_error);
        });
    out.text = std::make_shared<const std::string>(std::move(in.ssim_text));
    out.source = in.ssim;
    ssim::ReadOptions options{in.ssim.file, in.lenient};
    auto read = ssim::read(*out.text, options);
    if (read.error) {
        out.error = read.error->str();
        return out;  // ~future waits for the rotation file's parse
    }
    auto expansion = ssim::expand(read.file, options);
    if (expansion.error) {
        out.error = expansion.error->str();
        return out;
    }
    out.file = std::move(read.file);
    out.legs = std::move(expansion.legs);
    out.skipped = out.file.skipped;
    out.skipped.insert(out.skipped.end(), expansion.skipped.begin(), expansion.skipped.end());
    if (rotations.valid()) {
        out.rotations = rotations.get();
        if (!out.rotations) out.error = rotations_error.message;
    }
    return out;
}

ssim::WriteInput export_input(Database& db) {
    ssim::WriteInput in;
    for_each_leg(db, [&](const Leg& l, const std::optional<RotationId>&) { in.legs.push_back(l); });
    in.templates = ssim_templates(db);
    in.airport_clocks = airport_clocks(db);
    in.created = date_of(*parse_instant(now_iso_millis().substr(0, 16) + "Z"));
    return in;
}

}  // namespace rotaplan::storage
