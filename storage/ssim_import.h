// Importing an SSIM season: the difference against the schedule, as commands.
//
//   SSIM text --ssim::read--> records --ssim::expand--> dated legs
//                                                          |
//   legs in the store (airlines of the file, its period) --+--> difference
//        added      -> AddLegs (outside any rotation), one command per day of origin
//        retimed    -> RetimeLegs         (a rotation that would overlap refuses: error)
//        changed    -> AmendLegs          (arrival, aircraft type, service type, SSIM attributes)
//        cancelled  -> MoveLegs out of their rotations, then DeleteLegs
//   all in one transaction, with one audit entry that keeps the SSIM templates;
//   --rotations adds the rotation file to the same transaction.
//
// A first import is the special case where everything is "added". The store
// is matched by flight designator, which the expansion guarantees unique.
#pragma once

#include <functional>
#include <vector>

#include "core/ssim/expand.h"
#include "importer.h"

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
    long kept = 0;  // stored legs the file lacks, not cancelled because the file was read leniently with skips
    bool empty() const { return added.empty() && retimed.empty() && changed.empty() && cancelled.empty(); }
};

// The legs the file replaces: its carriers' airlines, days of origin inside
// their validity periods.
// The dated legs are taken by value: a caller done with them moves them in,
// and a first import then holds a season's legs once, not twice.
// `cancellations`: false when records were skipped (lenient): a stored leg the
// file lacks may be one of theirs, so nothing is cancelled.
SsimDifference ssim_difference(Database& projections, const ssim::File& file, std::vector<ssim::DatedLeg> legs,
                               bool cancellations = true);

struct SsimImportOptions {
    // Called between commands with the share done (0..1); returning false
    // cancels the import, which then writes nothing.
    std::function<bool(double)> progress;
    const std::vector<files::RotationAssignment>* rotations = nullptr;
    bool cancellations = true;  // false when the file was read leniently and records were skipped
    ImportSource rotations_source;
};

struct SsimImportResult {
    bool ok = false;     // committed
    std::string error;   // FILE:LINE: why, "cancelled", when !ok
    ImportResult ssim;
    ImportResult rotations;  // when options.rotations
    SsimDifference difference;
    bool cancelled = false;
};

// "12 added, 3 retimed, 1 changed, 4 cancelled, 2000 unchanged"
std::string difference_summary(const SsimDifference& d);
// One line per leg: "+ added", "~ retimed", "* changed", "- cancelled", with the SSIM line.
std::vector<std::string> difference_lines(const SsimDifference& d, const ssim::File& file);

SsimImportResult import_ssim(ScheduleStore& store, const ssim::File& file, std::vector<ssim::DatedLeg> legs,
                             const ImportSource& source, CommandContext context, const SsimImportOptions& options);

}  // namespace rotaplan::storage
