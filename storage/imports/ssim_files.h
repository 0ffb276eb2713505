// An SSIM import's files, read and checked before anything is written: the
// one place the CLI and the GUI turn file contents into what import_ssim takes,
// and what they tell the planner about them.
//
//   SSIM text --read--> records --expand--> dated legs     } the first error
//   rotation CSV --parse--> assignments (optional)         } ends it, nothing written
//
// Pure functions over bytes below this file (core/ssim, core/files); this one
// only runs them and gathers what they noted.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/files/reference_files.h"
#include "core/ssim/expand.h"
#include "core/ssim/onward.h"
#include "core/ssim/writer.h"
#include "storage/imports/importer.h"
#include "storage/imports/ssim_import.h"

namespace rotaplan::storage {

struct SsimFiles {
    std::string ssim_text;
    ImportSource ssim;
    std::optional<std::string> rotations_text;  // the rotation file, when given
    ImportSource rotations;
    bool lenient = false;
    bool strict = false;
    // Rotations from the file's own aircraft routing (its legs' onward
    // flights, core/ssim/onward.h) instead of a rotation file.
    bool rotations_from_onward = false;
};

struct PreparedSsim {
    std::shared_ptr<const std::string> text;  // the records point into it
    ImportSource source;                      // the SSIM file's name and checksum, as read, and its notes
    ssim::File file;                          // file.skipped: lenient, every record left out; file.notes
    std::vector<ssim::DatedLeg> legs;
    std::vector<ssim::SharedDesignator> shared;
    std::optional<std::vector<files::RotationAssignment>> rotations;
    ImportSource rotations_source;            // with the rotation file's notes
    std::optional<ssim::OnwardRouting> onward;  // SsimFiles::rotations_from_onward: the links followed, and not
    std::optional<std::string> error;         // FILE:LINE:COLUMN: field: what
};

PreparedSsim prepare_ssim(SsimFiles files);

// How the difference treats the file: whether it may cancel what it lacks
// (not when records were skipped; not when it may be cut short unless the
// planner allows), and its shared designators.
DifferenceOptions difference_options(const PreparedSsim& prepared, bool allow_cancel);

// What to tell the planner beside the difference, one line each, worst first:
//   "skipped 2 records:" and each, FILE:LINE:COLUMN: field: why
//   "73 records: arrival day inferred (date variation blank): lines 12, 15, 19, 20, 33 and 68 more"
//   "3 flight designators are used by more than one leg (lines 40 and 41, ...): see validate"
std::vector<std::string> file_report(const PreparedSsim& prepared);
// What following the onward flights found, one line each: the counts, then
// each unresolved and each refused link (FILE:LINE:COLUMN: field: why).
std::vector<std::string> onward_report(const PreparedSsim& prepared);

// The same notes grouped, for any import: one line per kind of note.
std::vector<std::string> notes_report(const std::vector<ssim::Problem>& notes);

// What export writes: every leg, the SSIM templates they carry, the airports'
// clocks (time zones, fixed offsets: time_zones.h), today as the creation date. ssim::write(…) makes the text.
ssim::WriteInput export_input(Database& projections);

}  // namespace rotaplan::storage
