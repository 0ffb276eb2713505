#include "ssim_files.h"

namespace rotaplan::storage {

PreparedSsim prepare_ssim(SsimFiles in) {
    PreparedSsim out;
    out.text = std::make_shared<const std::string>(std::move(in.ssim_text));
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

}  // namespace rotaplan::storage
