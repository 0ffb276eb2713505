// Importing an SSIM season: the difference against the schedule, as commands.
//
//   SSIM text --ssim::read--> records --ssim::expand--> dated legs
//                                                          |
//   legs in the store (airlines of the file, its period) --+--> difference
//        added      -> AddLegs (outside any rotation), one command per day of origin
//        retimed    -> RetimeLegs         (a rotation that would overlap refuses: error)
//        changed    -> AmendLegs          (arrival, aircraft type, service type, SSIM attributes)
//        cancelled  -> MoveLegs out of their rotations, then DeleteLegs
//   all in one transaction, with one audit entry that keeps the SSIM templates
//   and the reader's notes; --rotations adds the rotation file to the same
//   transaction. The difference is taken inside that transaction, under the
//   write lock: what a colleague's process wrote just before is matched, not
//   added a second time.
//
// A first import is the special case where everything is "added". The store
// is matched by flight designator. Where the file or the store holds several
// legs with one designator, each file leg is paired with the stored leg of
// its own record: the same itinerary variation and leg sequence number (from
// the stored leg's SSIM attributes) first, then the nearest STD.
#pragma once

#include <functional>
#include <vector>

#include "core/ssim/expand.h"
#include "storage/imports/importer.h"

namespace rotaplan::storage {

struct LegChange {
    Leg before;
    Leg after;
    std::uint32_t record;  // index into ssim::File::legs
};

struct SsimDifference {
    std::vector<ssim::DatedLeg> added;  // ids minted by the import
    std::vector<LegChange> retimed;     // times differ (other fields may too)
    std::vector<LegChange> changed;     // same times, other schedule data differs
    std::vector<Leg> cancelled;         // in the store, not in the file
    long unchanged = 0;
    long covered = 0;  // stored legs the file speaks for: its airlines, inside its periods
    long kept = 0;     // stored legs the file lacks, not cancelled (see DifferenceOptions::keep_because)
    std::string kept_because;
    bool empty() const { return added.empty() && retimed.empty() && changed.empty() && cancelled.empty(); }
};

struct DifferenceOptions {
    // Why stored legs the file lacks are kept rather than cancelled (records
    // were skipped; the file may be cut short), empty when they are cancelled.
    std::string keep_because;
    const std::vector<ssim::SharedDesignator>* shared = nullptr;  // the expansion's
};

// The legs the file replaces: its carriers' airlines, days of origin inside
// their validity periods (widened to every day of origin the file names).
// The dated legs are taken by value: a caller done with them moves them in,
// and a first import then holds a season's legs once, not twice.
SsimDifference ssim_difference(Database& projections, const ssim::File& file, std::vector<ssim::DatedLeg> legs,
                               const DifferenceOptions& options = {});

// A re-import may cancel at most this share of the legs it covers unless the
// planner confirms (--allow-cancel, or the desktop's preview): a file cut
// short or of the wrong period must not empty a schedule.
inline constexpr double kMaxCancelShare = 0.20;
bool cancels_too_much(const SsimDifference& d);
// "it would cancel 19260 of the 96300 legs it covers (20 %)"
std::string cancellation_warning(const SsimDifference& d);

struct SsimImportOptions {
    // Called between commands with the share done (0..1); returning false
    // cancels the import, which then writes nothing.
    std::function<bool(double)> progress;
    const std::vector<files::RotationAssignment>* rotations = nullptr;
    ImportSource rotations_source;
    DifferenceOptions difference;
    bool allow_cancel = false;  // cancel more than kMaxCancelShare of what the file covers
};

struct SsimImportResult {
    bool ok = false;     // committed
    std::string error;   // FILE:LINE:COLUMN: field: why, "cancelled", when !ok
    ImportResult ssim;
    ImportResult rotations;  // when options.rotations
    SsimDifference difference;
    bool cancelled = false;
    bool too_many_cancellations = false;  // refused: allow_cancel was not given (error says how many)
};

// "12 added, 3 retimed, 1 changed, 4 cancelled, 2000 unchanged"
std::string difference_summary(const SsimDifference& d);
// One line per leg: "+ added", "~ retimed", "* changed", "- cancelled", with the SSIM line.
std::vector<std::string> difference_lines(const SsimDifference& d, const ssim::File& file);

// The difference per airline and day of origin, as an import's preview sums
// it up: a season is hundreds of thousands of lines, read by airline and day.
struct DifferenceGroup {
    AirlineCode airline;
    Date day_of_origin;
    long added = 0, retimed = 0, changed = 0, cancelled = 0;
    std::vector<std::string> lines;  // difference_lines' lines of this group, the first lines_per_group
    long changes() const { return added + retimed + changed + cancelled; }
};
// Ordered by airline, then day of origin.
std::vector<DifferenceGroup> difference_groups(const SsimDifference& d, const ssim::File& file, std::size_t lines_per_group);

SsimImportResult import_ssim(ScheduleStore& store, const ssim::File& file, std::vector<ssim::DatedLeg> legs,
                             const ImportSource& source, CommandContext context, const SsimImportOptions& options);

}  // namespace rotaplan::storage
