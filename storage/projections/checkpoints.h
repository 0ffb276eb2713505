// Checkpoints of the read models: main's schedule as it was at a few points of
// its history, so that "the schedule as of P" is the nearest checkpoint at or
// before P plus the few events after it, instead of a replay from the first
// event.
//
//   events ──replay──▶ scratch read models at position C ──serialize, zlib──▶ read_model_checkpoints
//   project_as_of(P) = checkpoint C ≤ P, deserialized ──replay (C, P]──▶ the schedule as of P
//
// A checkpoint is a cache, never a source of truth: it is the SQLite image of
// a scratch database holding exactly the projection tables (with their
// indexes), compressed, tagged with a format number that follows the schema
// and with the id of the event at its position. One whose format or event id
// does not match is ignored (and removed when checkpoints are next taken), so
// an older or missing checkpoint only means a longer replay.
//
// Where they are taken: never inside a command. `take_checkpoints` is called
// off the command path (the desktop when idle after its schedule changed, and
// the CLI's `checkpoint` command), and only ever adds or
// removes rows of its own table.
//
// Which positions: replay time goes with the size of the events' payloads (a
// season's import is 1,254 events, 29 MB of them legs), so a new
// checkpoint is due after every kCheckpointEveryBytes of payload, counted from
// the first event; the present (the last event) gets one too once an eighth of
// that follows the last due one (time travel mostly looks at recent points). The positions are a function of the
// events alone, so two runs agree; when there would be more than
// kCheckpointsKept, the spacing doubles until they fit.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "storage/eventstore/event_store.h"
#include "storage/sqlite/database.h"

namespace rotaplan::storage {

// About 41,000 legs of an import as rows (schema 3, 76 bytes a leg): near
// the 36,000 that the measured spacing of 8 MB of objects (v2) held.
inline constexpr std::int64_t kCheckpointEveryBytes = 3 << 20;
inline constexpr std::int64_t kCheckpointsKept = 16;
// Images are packed in independent chunks of this size, unpacked on every core.
inline constexpr std::size_t kCheckpointChunkBytes = 256 << 10;

struct LoadedCheckpoint {
    std::int64_t position = 0;
    Database read_models;  // in memory, the projection tables as of `position`
};

// The nearest usable checkpoint at or before `position` of main's lineage.
std::optional<LoadedCheckpoint> load_checkpoint(Database& store, std::int64_t position);

// The positions checkpoints are due at now (see above), ascending.
std::vector<std::int64_t> due_checkpoints(Database& store, std::int64_t every_bytes = kCheckpointEveryBytes,
                                          std::int64_t kept = kCheckpointsKept);

// Takes the due checkpoints that are missing and removes the others (older
// formats, positions no longer due). Returns how many were written.
int take_checkpoints(Database& store, std::int64_t every_bytes = kCheckpointEveryBytes,
                     std::int64_t kept = kCheckpointsKept);

// An offline replay takes back events at or after `position` (storage/sync/
// replica.h): every checkpoint at or after it holds their effects and goes.
// A checkpoint's event id alone would not tell: the event at its own position
// may stay while an earlier one is taken back.
void drop_checkpoints_from(Database& store, std::int64_t position);

// The checkpoints kept: position and compressed size in bytes.
struct CheckpointInfo {
    std::int64_t position = 0;
    std::int64_t bytes = 0;
};
std::vector<CheckpointInfo> checkpoint_list(Database& store);

// Writes the read models of `read_models` (a scratch database holding
// exactly the projection tables, as replay and project_as_of make it) as the
// checkpoint at `position`.
void save_checkpoint(Database& store, Database& read_models, std::int64_t position);

}  // namespace rotaplan::storage
