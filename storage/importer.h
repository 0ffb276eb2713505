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

#include <string>
#include <vector>

#include "core/files/reference_files.h"
#include "schedule_store.h"

namespace rotaplan::storage {

struct ImportSource {
    std::string file;    // as the planner named it, for messages and the audit entry
    std::string sha256;  // hex
};

struct ImportResult {
    bool ok = false;
    std::string error;  // FILE:LINE: what is wrong, when !ok
    int records = 0;
    int events = 0;
    Uuid import;
};

ImportResult import_airports(ScheduleStore& store, const std::vector<files::AirportGroundTime>& rows,
                             const ImportSource& source, CommandContext context);
ImportResult import_airplanes(ScheduleStore& store, const std::vector<files::AirplaneRecord>& rows,
                              const ImportSource& source, CommandContext context);
ImportResult import_rotations(ScheduleStore& store, const std::vector<files::RotationAssignment>& rows,
                              const ImportSource& source, CommandContext context);

}  // namespace rotaplan::storage
