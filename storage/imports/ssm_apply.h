// Schedule change messages others send (SSM and ASM, core/ssm/reader.h),
// applied as ordinary commands, the whole file in one transaction.
//
//   NEW  the flight's legs added (outside any rotation)
//   CNL  its legs taken out of their rotations and deleted
//   TIM  its legs retimed; an overlap inside a rotation refuses the message,
//        naming both legs (a retime that only overlaps until a later message
//        of the file moved the other leg is tried again after the others)
//   EQT  aircraft type and service type amended
//   RPL  the day's routing made what the message says: legs kept (retimed,
//        amended), added, or taken out and deleted
//   FLT  each leg deleted and added again under the new flight designator,
//        in the same rotation
//   RIN  (ASM) the legs the history last deleted for that flight and date, again
// Anything else is refused with its reason; so is a message that names a
// flight the store does not have. A message whose reference was applied
// before (ssm_received) is not applied again. Any refusal, or an error in
// the file (FILE:LINE:COLUMN: element: value and why), and nothing is written.
#pragma once

#include <string>
#include <vector>

#include "storage/imports/importer.h"

namespace rotaplan::storage {

struct SsmMessageOutcome {
    int line = 0;
    std::string kind;       // "SSM" or "ASM"
    std::string reference;  // "" when the message has none
    // "applied" (or, dry run, "would apply"), "duplicate" (applied before: left alone),
    // "refused" (with the reason), "not applied" (another message refused the file)
    std::string status;
    std::string reason;
    std::vector<std::string> actions;  // "TIM XQ100 01APR26-25OCT26 1234567", one per sub-message
    long legs_added = 0, legs_cancelled = 0, legs_retimed = 0, legs_changed = 0;
};

struct SsmApplyResult {
    bool ok = false;
    bool bad_input = false;  // the file itself is wrong (then `error` is FILE:LINE:COLUMN: ...)
    std::string error;
    Uuid import;
    int events = 0;
    std::vector<SsmMessageOutcome> messages;
    long legs_added = 0, legs_cancelled = 0, legs_retimed = 0, legs_changed = 0;
    int duplicates = 0;
};

// dry_run: everything is decided and checked inside the transaction, which is then rolled back.
SsmApplyResult apply_ssm(ScheduleStore& store, const std::string& text, const ImportSource& source, CommandContext context,
                         bool dry_run = false);

}  // namespace rotaplan::storage
