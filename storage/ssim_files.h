// An SSIM import's files, read and checked before anything is written: the
// one place the CLI and the GUI turn file contents into what import_ssim takes.
//
//   SSIM text --read--> records --expand--> dated legs     } strict: the first problem
//   rotation CSV --parse--> assignments (optional)         } ends it, nothing written
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/files/reference_files.h"
#include "core/ssim/expand.h"
#include "core/ssim/writer.h"
#include "importer.h"

namespace rotaplan::storage {

struct SsimFiles {
    std::string ssim_text;
    ImportSource ssim;
    std::optional<std::string> rotations_text;  // the rotation file, when given
    ImportSource rotations;
    bool lenient = false;
};

struct PreparedSsim {
    std::shared_ptr<const std::string> text;  // the records point into it
    ImportSource source;                      // the SSIM file's name and checksum, as read
    ssim::File file;
    std::vector<ssim::DatedLeg> legs;
    std::vector<ssim::Problem> skipped;  // lenient: every record left out
    std::optional<std::vector<files::RotationAssignment>> rotations;
    std::optional<std::string> error;    // FILE:LINE:COLUMN: field: what
};

PreparedSsim prepare_ssim(SsimFiles files);

// What export writes: every leg, the SSIM templates they carry, the airports'
// clocks (time zones, fixed offsets: time_zones.h), today as the creation date. ssim::write(…) makes the text.
ssim::WriteInput export_input(Database& projections);

}  // namespace rotaplan::storage
