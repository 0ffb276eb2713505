// Scenarios on the write side: creating one, and deciding its commands again.
//
//   create   one registry event in main (ScenarioCreated): the fork is the id
//            of the base's last event at the chosen point; nothing is copied
//   rebase   the scenario's journal (its commands, CommandRecorded) decided
//            again, in one transaction, on its base as it is now: what applies
//            becomes the next generation of its own events, what does not is
//            kept in scenario_conflicts (drop or retry, as sync's conflicts);
//            then ScenarioRebased moves the fork
//   promote  the journal decided on main as it is now, in one transaction:
//            all of it applies, or nothing is written and the conflicts are
//            listed; ScenarioPromoted is the entry in main's history, and the
//            commands share its correlation id (undone like an import)
//
// Rebase and promote decide commands again exactly as offline replay does
// after a sync (replica.h): the same codec, the same deciders, the command's
// planner and host kept, its time the new decision's.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "storage/projections/scenarios.h"
#include "storage/schedule_store.h"

namespace rotaplan::storage {

struct ScenarioConflict {
    std::string command_id;
    std::string scenario;     // its name
    std::string command;      // the command's name, e.g. "MoveLegs"
    std::string description;  // the command as JSON
    std::string reason;
    std::string planner, issued_at;
};

// A scenario named `name`, from `base` ("main" or a scenario's name) as it was
// just after event `as_of` (unset: now; 0: before the first event). Returns its registry row. Refusals (a name in
// use, a bad name) are a CommandOutcome's error, thrown as ScenarioRefused.
class ScenarioRefused : public StorageError {
public:
    ScenarioRefused(DomainError error) : StorageError(error.message), error_(std::move(error)) {}
    const DomainError& error() const { return error_; }

private:
    DomainError error_;
};

ScenarioRow create_scenario(ScheduleStore& main, const std::string& name, const std::string& base,
                            std::optional<std::int64_t> as_of,
                            const std::string& note, const CommandContext& context);
void rename_scenario(ScheduleStore& main, const std::string& name, const std::string& new_name, const CommandContext& context);
void delete_scenario(ScheduleStore& main, const std::string& name, const CommandContext& context);

// One command of a scenario's journal, as it was decided there.
struct JournalEntry {
    std::int64_t position = 0;
    std::string command_id;
    Command command;
    CommandContext context;  // its planner, host and correlation
    std::string issued_at;
};
// The journal of `lineage`'s scenario parts (every part but main), oldest first.
std::vector<JournalEntry> scenario_journal(Database& db, const Lineage& lineage);

struct RebaseOutcome {
    int applied = 0;
    std::vector<ScenarioConflict> conflicts;
    int generation = 1;
};
RebaseOutcome rebase_scenario(const std::string& store_path, const std::string& name, const CommandContext& context);

struct PromotionOutcome {
    bool promoted = false;  // false: nothing written (a dry run, or conflicts)
    int commands = 0;
    std::vector<ScenarioConflict> conflicts;
    std::string correlation_id;
};
PromotionOutcome promote_scenario(const std::string& store_path, const std::string& name, bool dry_run,
                                  const CommandContext& context);

// Conflicts a rebase left in `scenario` (all scenarios when empty).
std::vector<ScenarioConflict> scenario_conflicts(Database& db, const std::string& scenario = {});
bool drop_scenario_conflict(Database& db, const std::string& command_id);
// Decides it again in its scenario: ok (it leaves the conflicts), or still refused.
CommandOutcome retry_scenario_conflict(const std::string& store_path, const std::string& command_id);

}  // namespace rotaplan::storage
