// Scenarios on the write side (see scenarios.h).
#include "storage/sync/scenarios.h"

#include <nlohmann/json.hpp>

#include "storage/eventstore/event_codec.h"
#include "storage/open_store.h"
#include "storage/sync/command_codec.h"

namespace rotaplan::storage {

namespace {

using nlohmann::json;

void throw_if_refused(const CommandOutcome& outcome) {
    if (!outcome.ok) throw ScenarioRefused(outcome.error);
}

ScenarioConflict conflict_of(const JournalEntry& entry, const std::string& scenario, const std::string& reason) {
    auto encoded = encode_command(entry.command);
    return {entry.command_id, scenario, command_name(entry.command), encoded.json, reason, entry.context.planner,
            entry.issued_at};
}

// A journalled command decided again: a fresh command id (the first one may
// still wait in the sync outbox), its planner and host, and `correlation`.
IssuedCommand again(const JournalEntry& entry, const std::string& correlation) {
    IssuedCommand c{entry.command, entry.context};
    c.context.command_id = random_uuid();
    c.context.correlation_id = correlation;
    return c;
}

}  // namespace

ScenarioRow create_scenario(ScheduleStore& main, const std::string& name, const std::string& base,
                            std::optional<std::int64_t> as_of,
                            const std::string& note, const CommandContext& context) {
    Database& db = main.database();
    std::optional<Uuid> base_id;
    Lineage base_lineage;
    if (!base.empty() && base != scenario::kMain) {
        auto row = scenario_named(db, base);
        base_id = row.id;
        base_lineage = scenario_lineage(db, row.id);
    }
    // The fork is the base's last event at that point, named by its id.
    EventStore base_events(db, as_of ? base_lineage.as_of(*as_of) : base_lineage);
    const std::string fork_event = event_id_at(db, base_events.last_position());
    CreateScenario create{*Uuid::parse(random_uuid()), name, base_id, fork_event, note};
    throw_if_refused(main.execute(create, context));
    return scenario_named(db, name);
}

void rename_scenario(ScheduleStore& main, const std::string& name, const std::string& new_name, const CommandContext& context) {
    throw_if_refused(main.execute(RenameScenario{scenario_named(main.database(), name).id, new_name}, context));
}

void delete_scenario(ScheduleStore& main, const std::string& name, const CommandContext& context) {
    throw_if_refused(main.execute(DeleteScenario{scenario_named(main.database(), name).id}, context));
}

std::vector<JournalEntry> scenario_journal(Database& db, const Lineage& lineage) {
    std::string where;
    for (const auto& part : lineage.parts) {
        if (part.prefix.empty()) continue;
        where += where.empty() ? "(" : " OR (";
        where += "substr(stream, 1, " + std::to_string(part.prefix.size()) + ") = '" + part.prefix + "'";
        if (part.up_to != Lineage::kUnbounded) where += " AND position <= " + std::to_string(part.up_to);
        where += ")";
    }
    std::vector<JournalEntry> out;
    if (where.empty()) return out;
    auto q = db.prepare("SELECT position, payload, metadata, recorded_at FROM events WHERE type = 'CommandRecorded' AND (" +
                        where + ") ORDER BY position");
    auto events_of = db.prepare("SELECT type, schema_version, payload FROM events WHERE (" + where +
                                ") AND json_extract(metadata, '$.causation_id') = ? AND type <> 'CommandRecorded' "
                                "ORDER BY position");
    while (q.step()) {
        auto recorded = std::get<CommandRecorded>(decode("CommandRecorded", 1, q.text(1)));
        JournalEntry entry;
        entry.position = q.int64(0);
        entry.issued_at = q.str(3);
        json meta = json::parse(q.text(2), nullptr, false);
        if (meta.is_object()) {
            entry.command_id = meta.value("causation_id", "");
            entry.context.planner = meta.value("local_planner", meta.value("planner", ""));
            entry.context.host = meta.value("host", "");
            entry.context.correlation_id = meta.value("correlation_id", "");
        }
        // AddLegs is journalled without its legs: its events carry them.
        entry.command = decode_command(recorded.command, recorded.legs, [&] {
            std::vector<Event> events;
            events_of.bind(1, std::string_view(entry.command_id));
            while (events_of.step()) events.push_back(decode(events_of.text(0), int(events_of.int64(1)), events_of.text(2)));
            events_of.reset();
            return created_legs(events);
        });
        out.push_back(std::move(entry));
    }
    return out;
}

RebaseOutcome rebase_scenario(const std::string& store_path, const std::string& name, const CommandContext& context) {
    RebaseOutcome out;
    Lineage next;
    ScenarioRow row;
    std::string fork_event;
    std::vector<JournalEntry> journal;
    {
        ScheduleStore main(store_path);
        Database& db = main.database();
        row = scenario_named(db, name);
        Lineage current = scenario_lineage(db, row.id);
        // Its own commands only: a base scenario's are the base's.
        Lineage own;
        own.parts = {current.parts.front()};
        journal = scenario_journal(db, own);
        Lineage base = row.base ? scenario_lineage(db, *row.base) : Lineage{};
        std::int64_t fork = EventStore(db, base).last_position();
        fork_event = event_id_at(db, fork);
        out.generation = row.generation + 1;
        next.parts = {Lineage::Part{scenario_prefix_of(row.id.str(), out.generation)}};
        for (const auto& part : base.as_of(fork).parts) next.parts.push_back(part);
    }
    ScheduleStore target(store_path, next);
    const std::string correlation = random_uuid();
    target.in_transaction([&] {
        for (const JournalEntry& entry : journal) {
            auto outcome = target.try_command(again(entry, correlation));
            if (outcome.ok) ++out.applied;
            else out.conflicts.push_back(conflict_of(entry, row.name, outcome.error.message));
        }
        CommandContext registry = context;
        registry.correlation_id = correlation;
        throw_if_refused(target.try_command({RecordRebase{row.id, fork_event, out.generation}, registry}));
        auto keep = target.database().prepare(
            "INSERT OR REPLACE INTO scenario_conflicts (command_id, scenario_id, command, legs, context, reason, issued_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)");
        for (std::size_t i = 0, k = 0; i < journal.size() && k < out.conflicts.size(); ++i) {
            if (journal[i].command_id != out.conflicts[k].command_id) continue;
            auto encoded = encode_command(journal[i].command);
            // AddLegs' legs are its events' in the journal; a conflict has no events, so it keeps them itself.
            if (auto* add = std::get_if<AddLegs>(&journal[i].command)) encoded.legs = legs_payload(add->legs);
            json ctx{{"planner", journal[i].context.planner}, {"host", journal[i].context.host}};
            keep.bind(1, std::string_view(journal[i].command_id))
                .bind(2, row.id.str())
                .bind(3, encoded.json)
                .bind(4, encoded.legs)
                .bind(5, ctx.dump())
                .bind(6, std::string_view(out.conflicts[k].reason))
                .bind(7, std::string_view(journal[i].issued_at))
                .run();
            ++k;
        }
        return true;
    });
    return out;
}

PromotionOutcome promote_scenario(const std::string& store_path, const std::string& name, bool dry_run,
                                  const CommandContext& context) {
    PromotionOutcome out;
    ScheduleStore main(store_path);
    Database& db = main.database();
    ScenarioRow row = scenario_named(db, name);
    if (row.base)
        throw ScenarioRefused(invalid("scenario " + row.name + " is based on " + row.base_name +
                                      ", not on main: promote " + row.base_name + ", or rebase this one's changes into a "
                                      "scenario made from main"));
    auto journal = scenario_journal(db, scenario_lineage(db, row.id));
    out.correlation_id = random_uuid();
    bool written = main.in_transaction([&] {
        for (const JournalEntry& entry : journal) {
            auto outcome = main.try_command(again(entry, out.correlation_id));
            if (outcome.ok) ++out.commands;
            else out.conflicts.push_back(conflict_of(entry, row.name, outcome.error.message));
        }
        if (!out.conflicts.empty()) return false;
        CommandContext registry = context;
        registry.correlation_id = out.correlation_id;
        throw_if_refused(main.try_command({RecordPromotion{row.id, row.generation, out.commands}, registry}));
        return !dry_run;
    });
    out.promoted = written;
    return out;
}

std::vector<ScenarioConflict> scenario_conflicts(Database& db, const std::string& scenario) {
    auto q = db.prepare(
        "SELECT c.command_id, s.name, coalesce(json_extract(c.command, '$.command'), 'unknown'), c.command, c.reason, "
        "coalesce(json_extract(c.context, '$.planner'), ''), c.issued_at FROM scenario_conflicts c "
        "JOIN scenarios s ON s.scenario_id = c.scenario_id WHERE ?1 = '' OR s.name = ?1 ORDER BY c.issued_at, c.command_id");
    q.bind(1, std::string_view(scenario));
    std::vector<ScenarioConflict> out;
    while (q.step()) out.push_back({q.str(0), q.str(1), q.str(2), q.str(3), q.str(4), q.str(5), q.str(6)});
    return out;
}

bool drop_scenario_conflict(Database& db, const std::string& command_id) {
    auto q = db.prepare("DELETE FROM scenario_conflicts WHERE command_id = ?");
    q.bind(1, std::string_view(command_id)).run();
    return db.changes() > 0;
}

CommandOutcome retry_scenario_conflict(const std::string& store_path, const std::string& command_id) {
    std::string scenario;
    IssuedCommand command;
    {
        Database db = open_store(store_path);
        auto q = db.prepare(
            "SELECT s.name, c.command, c.legs, c.context FROM scenario_conflicts c JOIN scenarios s ON "
            "s.scenario_id = c.scenario_id WHERE c.command_id = ? AND s.deleted = 0");
        q.bind(1, std::string_view(command_id));
        if (!q.step()) return CommandOutcome{false, not_found("no scenario conflict " + command_id), {}};
        scenario = q.str(0);
        std::optional<std::string> legs;
        if (!q.is_null(2)) legs = q.str(2);
        command.command = decode_command(q.text(1), legs, [&] { return legs ? legs_from_payload(*legs) : std::vector<Leg>{}; });
        json ctx = json::parse(q.text(3), nullptr, false);
        if (ctx.is_object()) {
            command.context.planner = ctx.value("planner", "");
            command.context.host = ctx.value("host", "");
        }
    }
    ScheduleStore store(store_path, scenario);
    CommandOutcome outcome;
    store.in_transaction([&] {
        outcome = store.try_command(command);
        if (!outcome.ok) return false;
        drop_scenario_conflict(store.database(), command_id);
        return true;
    });
    return outcome;
}

}  // namespace rotaplan::storage
