#include "storage/projections/projections.h"

#include <optional>

#include "core/overloaded.h"
#include "core/ssim/expand.h"
#include "storage/eventstore/event_pump.h"
#include "storage/sqlite/schema.h"

namespace rotaplan::storage {

namespace {
// A view of the leg's own suffix character (bound without a copy).
std::string_view suffix_text(const char& s) { return s ? std::string_view(&s, 1) : std::string_view(); }

// SQLite integers are signed: the 64-bit key is stored as its two's complement.
void bind_attributes(Statement& s, int index, std::uint64_t key) {
    if (key) s.bind(index, std::int64_t(key));
    else s.bind(index, std::nullopt);
}
}  // namespace

Projections::Projections(Database& db)
    : db_(db),
      upsert_leg_(db.prepare(
          // An upsert that leaves the designator columns alone when the leg is
          // known (a leg's designator never changes): the designator index is
          // then not touched when a leg moves between rotations.
          "INSERT INTO legs (leg_id, airline, flight_number, suffix, departure, day_of_origin, arrival, std, "
          "sta, aircraft_type, service_type, rotation_id, attributes) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) "
          "ON CONFLICT (leg_id) DO UPDATE SET arrival = excluded.arrival, std = excluded.std, sta = excluded.sta, "
          "aircraft_type = excluded.aircraft_type, service_type = excluded.service_type, "
          "rotation_id = excluded.rotation_id, attributes = excluded.attributes")),
      amend_leg_(db.prepare(
          "UPDATE legs SET arrival = ?, aircraft_type = ?, service_type = ?, attributes = ? WHERE leg_id = ?")),
      keep_template_(db.prepare("INSERT OR IGNORE INTO ssim_templates (key, template) VALUES (?, ?)")),
      unassign_leg_(db.prepare("UPDATE legs SET rotation_id = NULL WHERE leg_id = ? AND rotation_id = ?")),
      delete_leg_(db.prepare("DELETE FROM legs WHERE leg_id = ?")),
      retime_leg_(db.prepare("UPDATE legs SET std = ?, sta = ? WHERE leg_id = ?")),
      upsert_rotation_(db.prepare("INSERT OR REPLACE INTO rotations (rotation_id, name) VALUES (?, ?)")),
      rename_rotation_(db.prepare("UPDATE rotations SET name = ? WHERE rotation_id = ?")),
      delete_rotation_(db.prepare("DELETE FROM rotations WHERE rotation_id = ?")),
      upsert_airplane_(db.prepare(
          "INSERT OR REPLACE INTO airplanes (registration, aircraft_type, min_ground_minutes, rotation_id) "
          "VALUES (?, ?, ?, NULL)")),
      update_airplane_(db.prepare("UPDATE airplanes SET aircraft_type = ?, min_ground_minutes = ? WHERE registration = ?")),
      delete_airplane_(db.prepare("DELETE FROM airplanes WHERE registration = ?")),
      assign_airplane_(db.prepare("UPDATE airplanes SET rotation_id = ? WHERE registration = ?")),
      upsert_airport_(db.prepare(
          "INSERT OR REPLACE INTO airports (airport, min_ground_minutes, name, utc_offset_minutes, time_zone) "
          "VALUES (?, ?, ?, ?, ?)")),
      airport_mgt_(db.prepare("UPDATE airports SET min_ground_minutes = ? WHERE airport = ?")),
      set_position_(db.prepare("UPDATE projection_position SET position = ?")),
      validation_(db) {}

void Projections::upsert_leg(const Leg& l, const RotationId* rotation) {
    // A season import writes 380,000 of these: the texts are bound without
    // copies, as `l` outlives run().
    const auto& d = l.designator;
    upsert_leg_.bind(1, l.id.value)
        .bind_static(2, d.flight.airline.view())
        .bind(3, int(d.flight.number))
        .bind_static(4, suffix_text(d.flight.suffix))
        .bind_static(5, d.departure.view())
        .bind(6, std::int64_t{d.day_of_origin.days})
        .bind_static(7, l.arrival.view())
        .bind(8, l.std_utc.minutes)
        .bind(9, l.sta_utc.minutes)
        .bind_static(10, l.aircraft_type.view())
        .bind_static(11, std::string_view(&l.service_type, 1));
    if (rotation) upsert_leg_.bind(12, rotation->value);
    else upsert_leg_.bind(12, std::nullopt);
    bind_attributes(upsert_leg_, 13, l.attributes);
    upsert_leg_.run();
}

void Projections::apply(std::int64_t position, const Event& event) {
    validation_.touched(event);
    std::visit(overloaded{
                   [&](const RotationCreated& e) { upsert_rotation_.bind(1, e.rotation.value).bind(2, e.name).run(); },
                   [&](const RotationRenamed& e) { rename_rotation_.bind(1, e.name).bind(2, e.rotation.value).run(); },
                   [&](const RotationDeleted& e) { delete_rotation_.bind(1, e.rotation.value).run(); },
                   [&](const LegAddedToRotation& e) {
                       upsert_leg(e.leg, &e.rotation);
                   },
                   [&](const LegRemovedFromRotation& e) {
                       unassign_leg_.bind(1, e.leg.value).bind(2, e.rotation.value).run();
                   },
                   [&](const LegCreated& e) {
                       upsert_leg(e.leg, nullptr);
                   },
                   [&](const LegReleased& e) {
                       upsert_leg(e.leg, nullptr);
                   },
                   [&](const LegDeleted& e) {
                       delete_leg_.bind(1, e.leg.value).run();
                   },
                   [](const LegTaken&) {},  // the rotation's LegAddedToRotation carries the change
                   [](const LegsTaken&) {},
                   [&](const LegsCreated& e) {
                       for (const Leg& l : e.legs) upsert_leg(l, nullptr);
                   },
                   [&](const LegsAddedToRotation& e) {
                       for (const Leg& l : e.legs) upsert_leg(l, &e.rotation);
                   },
                   [&](const LegRetimed& e) {
                       retime_leg_.bind(1, e.std_utc.minutes).bind(2, e.sta_utc.minutes).bind(3, e.leg.value).run();
                   },
                   [&](const AirplaneRegistered& e) {
                       upsert_airplane_.bind(1, e.registration.view())
                           .bind(2, e.aircraft_type.view())
                           .bind(3, e.min_ground_minutes)
                           .run();
                   },
                   [&](const AirplaneUpdated& e) {
                       update_airplane_.bind(1, e.aircraft_type.view())
                           .bind(2, e.min_ground_minutes)
                           .bind(3, e.registration.view())
                           .run();
                   },
                   [&](const AirplaneRemoved& e) { delete_airplane_.bind(1, e.registration.view()).run(); },
                   [&](const AirplaneAssigned& e) {
                       assign_airplane_.bind(1, e.rotation.value).bind(2, e.registration.view()).run();
                   },
                   [&](const AirplaneUnassigned& e) {
                       assign_airplane_.bind(1, std::nullopt).bind(2, e.registration.view()).run();
                   },
                   [&](const AirportDefined& e) {
                       upsert_airport_.bind(1, e.airport.view())
                           .bind(2, e.min_ground_minutes)
                           .bind(3, e.name)
                           .bind(4, e.utc_offset_minutes)
                           .bind(5, e.time_zone.empty() ? std::nullopt : std::optional<std::string_view>(e.time_zone))
                           .run();
                   },
                   [&](const AirportMinimumGroundTimeSet& e) {
                       airport_mgt_.bind(1, e.min_ground_minutes).bind(2, e.airport.view()).run();
                   },
                   [&](const LegAmended& e) {
                       amend_leg_.bind(1, e.leg.arrival.view())
                           .bind(2, e.leg.aircraft_type.view())
                           .bind(3, std::string_view(&e.leg.service_type, 1));
                       bind_attributes(amend_leg_, 4, e.leg.attributes);
                       amend_leg_.bind(5, e.leg.id.value).run();
                   },
                   // The registry is main's, and a scenario's replay passes main's
                   // older registry events again: each change applies only
                   // past the last one applied (registry_position).
                   [&](const ScenarioCreated& e) {
                       if (registry_position(e.scenario) >= 0) return;  // known: a scenario's view may be read-only
                       auto q = db_.prepare(
                           "INSERT INTO scenarios (scenario_id, name, base_id, fork_event, generation, note, "
                           "created_position, registry_position) VALUES (?, ?, ?, ?, 1, ?, ?, ?)");
                       q.bind(1, e.scenario.str()).bind(2, e.name);
                       if (e.base) q.bind(3, e.base->str());
                       else q.bind(3, std::nullopt);
                       q.bind(4, e.fork_event).bind(5, e.note).bind(6, position).bind(7, position).run();
                   },
                   [&](const ScenarioRenamed& e) { registry_update("name = ?3", e.scenario, position, e.name); },
                   [&](const ScenarioDeleted& e) { registry_update("deleted = 1", e.scenario, position); },
                   [&](const ScenarioRebased& e) {
                       registry_update("fork_event = ?3, generation = ?4", e.scenario, position, e.fork_event, e.generation);
                   },
                   [&](const ScenarioPromoted& e) { registry_update("promotions = promotions + 1", e.scenario, position); },
                   [](const CommandRecorded&) {},  // the journal is read from the event store
                   [&](const FileImported& e) {  // otherwise audit only: read from the event store
                       for (const auto& t : e.attribute_templates)
                           keep_template_.bind(1, std::int64_t(ssim::attributes_key(t))).bind(2, t).run();
                   },
               },
               event);
}

std::int64_t Projections::registry_position(const Uuid& scenario) {
    auto q = db_.prepare("SELECT registry_position FROM scenarios WHERE scenario_id = ?");
    q.bind(1, scenario.str());
    return q.step() ? q.int64(0) : -1;
}

template <class... Values>
void Projections::registry_update(const char* set, const Uuid& scenario, std::int64_t position, const Values&... values) {
    if (registry_position(scenario) >= position) return;  // writes nothing: a scenario's view may be read-only
    auto q = db_.prepare(std::string("UPDATE scenarios SET ") + set +
                         ", registry_position = ?2 WHERE scenario_id = ?1");
    q.bind(1, scenario.str()).bind(2, position);
    int i = 3;
    (q.bind(i++, values), ...);
    q.run();
}

void Projections::set_position(std::int64_t position) { set_position_.bind(1, position).run(); }

std::int64_t Projections::position() { return db_.scalar("SELECT position FROM projection_position"); }

std::int64_t replay(EventStore& source, Database& target, std::int64_t after, std::int64_t up_to,
                    const std::function<void()>& before_applying) {
    std::optional<Projections> projections;  // prepared once before_applying has made the tables
    std::int64_t count = 0, last = after;
    auto start = [&] {
        if (before_applying) before_applying();
        projections.emplace(target);
        projections->validation().defer(true);  // the caller rebuilds it once the indexes exist
    };
    auto apply = [&](std::int64_t position, const Event& e) {
        projections->apply(position, e);
        last = position;
        ++count;
    };
    // A file store is pumped from a second connection on a second thread; an
    // in-memory one has no second connection to offer.
    if (source.database().path().empty()) {
        start();
        source.read_all(after, up_to, apply);
    } else {
        pump_events(source.database().path(), source.lineage().sql(), after, up_to, apply, start);
    }
    projections->set_position(last);
    return count;
}

std::int64_t rebuild_projections(Database& db) {
    EventStore store(db);
    Transaction tx(db);
    // Dropping and recreating is much faster than deleting every row (and is
    // done while the first events are decoded), and building the secondary
    // indexes once at the end (one sort each) beats maintaining them through
    // a million inserts.
    auto n = replay(store, db, 0, store.last_position(), [&] { recreate_projection_tables(db); });
    create_projection_indexes(db);
    ValidationModel(db).rebuild();
    tx.commit();
    return n;
}

}  // namespace rotaplan::storage
