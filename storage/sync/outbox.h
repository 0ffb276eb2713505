// The sync outbox as the write path sees it: the one header of storage/sync
// that ScheduleStore includes.
//
//   ScheduleStore::execute ──record(command, …, positions)──> sync_outbox: the command, encoded (command_codec)
//                                                           sync_pending_events: its events, pending
//   offline replay (Replica) ──redecide──> pending(command id, positions): the new events, same command
//
// Every command that wrote events is pending until the server accepts them
// (replica.h); the command itself is kept so that offline replay can decide
// it again on top of colleagues' events. Written in the command's own
// transaction: the command, its events and its outbox row commit together.
// The codec and the replica stay behind this header, above the write path.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/commands.h"
#include "storage/eventstore/event_store.h"
#include "storage/sqlite/database.h"

namespace rotaplan::storage {

class Outbox {
public:
    explicit Outbox(Database& db);

    // The planner the store's first sync bound it to (replica.h, "Identity"); empty before.
    std::string bound_planner();
    // A new command that wrote the events at `positions`, kept with the name
    // the planner works under here (`made_as`: the shared log's name for it
    // may still change at the first sync) and whether that name is a guess.
    void record(const Command& command, const EventMetadata& meta, const std::string& made_as, bool provisional,
                const std::vector<std::int64_t>& positions);
    // The journal entry of a command decided in a scenario: the command as this codec keeps it.
    CommandRecorded journal_entry(const Command& command);
    // A command of the outbox decided again: its new events are pending under the same command id.
    void pending(const std::string& command_id, const std::vector<std::int64_t>& positions);

private:
    Statement outbox_insert_, pending_insert_, bound_planner_;
};

}  // namespace rotaplan::storage
