// Scenarios on the read side (see scenarios.h).
#include "storage/projections/scenarios.h"

#include <nlohmann/json.hpp>

#include "core/scenario.h"
#include "storage/projections/projections.h"
#include "storage/projections/validation_model.h"
#include "storage/sqlite/schema.h"

namespace rotaplan::storage {

namespace {

ScenarioRow scenario_row(Database& db, const Statement& q) {
    ScenarioRow r;
    r.id = *Uuid::parse(q.text(0));
    r.name = q.str(1);
    if (!q.is_null(2)) r.base = Uuid::parse(q.text(2));
    r.base_name = q.is_null(7) ? std::string(scenario::kMain) : q.str(7);
    r.fork_event = q.str(3);
    r.generation = int(q.int64(4));
    r.note = q.str(5);
    r.deleted = q.int64(8) != 0;
    r.promotions = int(q.int64(9));
    auto meta = nlohmann::json::parse(q.text(6), nullptr, false);
    if (meta.is_object()) {
        r.created_by = meta.value("planner", "");
        r.created_at = meta.value("time", "");
    }
    r.fork_position = position_of_event(db, r.fork_event);
    return r;
}

constexpr const char* kScenarioColumns =
    "SELECT s.scenario_id, s.name, s.base_id, s.fork_event, s.generation, s.note, "
    "coalesce((SELECT metadata FROM events WHERE position = s.created_position), '{}'), b.name, s.deleted, s.promotions "
    "FROM main.scenarios s LEFT JOIN main.scenarios b ON b.scenario_id = s.base_id ";

// A scenario's registry entry as it was just after `up_to`: which generation
// of its own events was current, and where it forked then.
scenario::State registry_state(Database& db, const Uuid& id, std::int64_t up_to) {
    EventStore main(db);
    scenario::State state;
    for (const auto& e : main.stored_events("stream = ? AND position <= " + std::to_string(up_to), {scenario_stream(id)}))
        state = scenario::evolve(std::move(state), e.decoded());
    return state;
}

}  // namespace

std::vector<ScenarioRow> scenario_list(Database& db, bool deleted) {
    auto q = db.prepare(std::string(kScenarioColumns) + (deleted ? "" : "WHERE s.deleted = 0 ") + "ORDER BY s.deleted, s.name");
    std::vector<ScenarioRow> out;
    while (q.step()) out.push_back(scenario_row(db, q));
    return out;
}

std::optional<ScenarioRow> find_scenario(Database& db, std::string_view name) {
    auto q = db.prepare(std::string(kScenarioColumns) + "WHERE s.deleted = 0 AND s.name = ?");
    q.bind(1, name);
    if (!q.step()) return std::nullopt;
    return scenario_row(db, q);
}

std::optional<ScenarioRow> scenario_with_id(Database& db, const Uuid& id) {
    auto q = db.prepare(std::string(kScenarioColumns) + "WHERE s.scenario_id = ?");
    q.bind(1, id.str());
    if (!q.step()) return std::nullopt;
    return scenario_row(db, q);
}

ScenarioRow scenario_named(Database& db, std::string_view name) {
    if (auto row = find_scenario(db, name)) return *row;
    std::string known;
    for (const auto& s : scenario_list(db)) known += (known.empty() ? "" : ", ") + s.name;
    throw UnknownScenario("no scenario named \"" + std::string(name) + "\" (" +
                          (known.empty() ? std::string("there are none yet; `scenario create NAME` makes one")
                                         : "the scenarios are main, " + known) +
                          ")");
}

// A fork event an offline replay took back (a scenario made from main while
// main's own changes were still pending) is found where that change is now:
// the last event of the same command decided again, or, when it no longer
// applied, the last event before the place it had.
std::int64_t position_of_event(Database& db, std::string_view event_id) {
    if (event_id.empty()) return 0;
    auto q = db.prepare(
        "SELECT coalesce((SELECT position FROM main.events WHERE event_id = ?1), "
        "(SELECT coalesce((SELECT max(e.position) FROM main.events e WHERE json_extract(e.metadata, '$.causation_id') = "
        "w.command_id AND substr(e.stream, 1, 9) <> 'scenario/'), (SELECT max(position) FROM main.events WHERE position < "
        "w.position), 0) FROM main.sync_withdrawn_events w WHERE w.event_id = ?1), 0)");
    q.bind(1, event_id);
    return q.step() ? q.int64(0) : 0;
}

std::string settled_fork(Database& db, const std::string& event_id) {
    auto q = db.prepare("SELECT 1 FROM main.sync_withdrawn_events WHERE event_id = ?");
    q.bind(1, std::string_view(event_id));
    if (event_id.empty() || !q.step()) return event_id;
    return event_id_at(db, position_of_event(db, event_id));
}

std::string event_id_at(Database& db, std::int64_t position) {
    if (position <= 0) return {};
    auto q = db.prepare("SELECT event_id FROM events WHERE position = ?");
    q.bind(1, position);
    return q.step() ? q.str(0) : std::string();
}

Lineage scenario_lineage(Database& db, const Uuid& id, std::int64_t up_to) {
    auto state = registry_state(db, id, up_to);
    if (!state.exists) throw UnknownScenario("scenario " + id.str() + " does not exist at that point");
    Lineage out;
    out.parts = {Lineage::Part{scenario_prefix_of(id.str(), state.generation), up_to}};
    std::int64_t fork = std::min(up_to, position_of_event(db, state.fork_event));
    if (state.base) {
        auto base = scenario_lineage(db, *state.base, fork);
        out.parts.insert(out.parts.end(), base.parts.begin(), base.parts.end());
    } else {
        out.parts.push_back(Lineage::Part{"", fork});
    }
    return out;
}

Lineage version_lineage(Database& db, std::string_view name) {
    if (name.empty() || name == scenario::kMain) return {};
    return scenario_lineage(db, scenario_named(db, name).id);
}

void project_version(Database& db, const Lineage& lineage) {
    if (lineage.is_main()) return;
    // In memory: a season's read models are a few hundred MB, read and
    // written many times while the scenario is open, and never kept.
    db.exec("PRAGMA temp_store=MEMORY");
    Transaction tx(db, Transaction::Kind::Deferred);
    create_temporary_projection_tables(db);
    EventStore events(db, lineage);
    // Main's read models are the fork's when main's schedule has not changed
    // since (the registry's own events aside): a copy of their rows, then the
    // version's own events. Else the lineage is replayed from the start, as
    // time travel does.
    const std::int64_t fork = lineage.parts.back().up_to;
    const std::int64_t main_at = db.scalar("SELECT position FROM main.projection_position");
    const bool copy = main_at <= fork ||
                      db.scalar("SELECT count(*) FROM main.events WHERE position > " + std::to_string(fork) +
                                " AND position <= " + std::to_string(main_at) + " AND " + Lineage{}.sql() +
                                " AND substr(stream, 1, 9) <> 'scenario-'") == 0;
    if (copy) {
        for (const char* table : {"legs", "ssim_templates", "rotations", "airplanes", "airports", "violations"})
            db.exec(std::string("INSERT INTO temp.") + table + " SELECT * FROM main." + table);
        create_projection_indexes(db);
        Projections projections(db);
        // Every event of the lineage after the fork is the scenario's (or its bases') own.
        std::int64_t last = fork;
        events.read_all(fork, Lineage::kUnbounded, [&](std::int64_t position, const Event& e) {
            projections.apply(position, e);
            last = position;
        });
        projections.set_position(last);
        projections.settle();
    } else {
        replay(events, db, 0, Lineage::kUnbounded);
        create_projection_indexes(db);
        ValidationModel(db).rebuild();
    }
    tx.commit();
}

Lineage prepare_version(Database& db, std::string_view name) {
    Lineage lineage = version_lineage(db, name);
    project_version(db, lineage);
    return lineage;
}

std::int64_t catch_up_version(Projections& projections, EventStore& events) {
    if (events.lineage().is_main()) return 0;
    std::int64_t from = projections.position(), last = from, n = 0;
    events.read_all(from, Lineage::kUnbounded, [&](std::int64_t position, const Event& e) {
        projections.apply(position, e);
        last = position;
        ++n;
    });
    if (n) {
        projections.set_position(last);
        projections.settle();
    }
    return n;
}

}  // namespace rotaplan::storage
