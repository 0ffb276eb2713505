// Imports: a file's worth of commands, all or nothing, with one audit entry.
//
//   parsed file rows --> commands --> ScheduleStore::in_transaction --> COMMIT
//                                          | any refusal: nothing written,
//                                          v the message names the file line
//                                     RecordImport (who, which file, checksum)
//
// The parsing lives in core/files (pure); the checksum is computed by the
// caller, which has the bytes. Every event of one import shares its
// correlation id, so its history reads as one piece of work.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/files/reference_files.h"
#include "storage/schedule_store.h"

namespace rotaplan::storage {

struct ImportSource {
    std::string file;    // as the planner named it, for messages and the audit entry
    std::string sha256;  // hex
    // What reading the file noted (FILE:LINE:COLUMN: field: what), kept in the
    // audit entry with what the import itself notes.
    std::vector<std::string> notes;
};

struct ImportResult {
    bool ok = false;
    std::string error;  // FILE:LINE:COLUMN: field: what is wrong, when !ok
    bool bad_input = false;  // the error is in the file itself, not a refusal by the schedule
    int records = 0;
    int events = 0;
    Uuid import;
    std::vector<std::string> notes;  // what the import noted itself (a rotation line repeating another)
};

ImportResult import_airports(ScheduleStore& store, const std::vector<files::AirportGroundTime>& rows,
                             const ImportSource& source, CommandContext context);
ImportResult import_airplanes(ScheduleStore& store, const std::vector<files::AirplaneRecord>& rows,
                              const ImportSource& source, CommandContext context);
ImportResult import_rotations(ScheduleStore& store, const std::vector<files::RotationAssignment>& rows,
                              const ImportSource& source, CommandContext context);
// The same inside a transaction the caller holds (import-ssim --rotations);
// on failure the caller rolls back.
ImportResult import_rotations_within(ScheduleStore& store, const std::vector<files::RotationAssignment>& rows,
                                     const ImportSource& source, CommandContext context,
                                     const std::function<bool(double)>& progress = {});

// Where in its file a command comes from: a refusal names it.
struct Where {
    int line = 1;
    int column = 1;
    std::string_view field = "record";
    Where(int line, int column = 1, std::string_view field = "record") : line(line), column(column), field(field) {}
};

// The frame every import shares, for imports defined elsewhere: inside a
// transaction the caller holds, `body` issues commands (a refusal becomes
// FILE:LINE:COLUMN: field: why), then the audit entry is recorded with a
// fresh import id that is also every event's correlation id; its notes are the
// source's and what `body` added to the result's.
using IssueCommand = std::function<bool(Command, Where)>;
ImportResult import_within(ScheduleStore& store, const ImportSource& source, CommandContext context, RecordImport audit,
                           const std::function<bool(const IssueCommand&, ImportResult&)>& body);

}  // namespace rotaplan::storage
