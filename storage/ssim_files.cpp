#include "ssim_files.h"

#include "queries.h"

namespace rotaplan::storage {

PreparedSsim prepare_ssim(SsimFiles in) {
    PreparedSsim out;
    out.text = std::make_shared<const std::string>(std::move(in.ssim_text));
    out.source = in.ssim;
    ssim::ReadOptions options{in.ssim.file, in.lenient};
    auto read = ssim::read(*out.text, options);
    if (read.error) {
        out.error = read.error->str();
        return out;
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
    if (in.rotations_text) {
        files::ParseError error;
        out.rotations = files::parse_rotations_csv(in.rotations.file, *in.rotations_text, error);
        if (!out.rotations) out.error = error.message;
    }
    return out;
}

ssim::WriteInput export_input(Database& db) {
    ssim::WriteInput in;
    for_each_leg(db, [&](const Leg& l, const std::optional<RotationId>&) { in.legs.push_back(l); });
    in.templates = ssim_templates(db);
    for (const auto& a : airports(db))
        if (a.utc_offset_minutes) in.airport_offsets[AirportCode::from(a.airport)] = *a.utc_offset_minutes;
    in.created = date_of(*parse_instant(now_iso_millis().substr(0, 16) + "Z"));
    return in;
}

}  // namespace rotaplan::storage
