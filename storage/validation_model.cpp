#include "validation_model.h"

#include <chrono>
#include <unordered_map>

#include "core/overloaded.h"
#include "core/validation/rules.h"

namespace rotaplan::storage {

namespace {

constexpr const char* kLegColumns =
    "leg_id, airline, flight_number, suffix, departure, day_of_origin, arrival, std, sta, aircraft_type, service_type";

// A leg from kLegColumns, starting at column `c`.
Leg leg_from(const Statement& q, int c = 0) {
    Leg l;
    l.id = LegId{q.uuid(c)};
    l.designator.flight.airline = AirlineCode::from(q.text(c + 1));
    l.designator.flight.number = std::uint16_t(q.int64(c + 2));
    auto suffix = q.text(c + 3);
    l.designator.flight.suffix = suffix.empty() ? 0 : suffix[0];
    l.designator.departure = AirportCode::from(q.text(c + 4));
    l.designator.day_of_origin = Date{std::int32_t(q.int64(c + 5))};
    l.arrival = AirportCode::from(q.text(c + 6));
    l.std_utc = Instant{q.int64(c + 7)};
    l.sta_utc = Instant{q.int64(c + 8)};
    l.aircraft_type = AircraftType::from(q.text(c + 9));
    auto service = q.text(c + 10);
    l.service_type = service.empty() ? 'J' : service[0];
    return l;
}

std::unordered_map<AirportCode, int, CodeHash<3>> load_airport_minimums(Statement& q) {
    std::unordered_map<AirportCode, int, CodeHash<3>> out;
    while (q.step()) out[AirportCode::from(q.text(0))] = int(q.int64(1));
    q.reset();
    return out;
}

}  // namespace

std::string designator_key(const FlightDesignator& d) { return format_designator(d); }

ValidationModel::ValidationModel(Database& db)
    : db_(db),
      leg_place_(db.prepare("SELECT rotation_id FROM legs WHERE leg_id = ?")),
      leg_designator_(db.prepare(
          "SELECT airline, flight_number, suffix, departure, day_of_origin, rotation_id FROM legs WHERE leg_id = ?")),
      airplane_rotation_(db.prepare("SELECT rotation_id FROM airplanes WHERE registration = ?")),
      rotations_arriving_(db.prepare("SELECT DISTINCT rotation_id FROM legs WHERE arrival = ? AND rotation_id IS NOT NULL")),
      rotation_legs_(db.prepare(std::string("SELECT ") + kLegColumns + " FROM legs WHERE rotation_id = ? ORDER BY std")),
      rotation_exists_(db.prepare("SELECT 1 FROM rotations WHERE rotation_id = ?")),
      airplane_minimum_(db.prepare("SELECT max(min_ground_minutes) FROM airplanes WHERE rotation_id = ?")),
      airports_(db.prepare("SELECT airport, min_ground_minutes FROM airports")),
      clear_rotation_(db.prepare("DELETE FROM violations WHERE rotation_id = ?")),
      insert_pair_(db.prepare(
          "INSERT INTO violations (constraint_kind, rotation_id, first_leg, second_leg, actual_minutes, required_minutes) "
          "VALUES (?, ?, ?, ?, ?, ?)")),
      legs_named_(db.prepare(
          "SELECT count(*) FROM legs WHERE airline = ? AND flight_number = ? AND suffix = ? AND departure = ? "
          "AND day_of_origin = ?")),
      clear_designator_(db.prepare("DELETE FROM violations WHERE designator = ?")),
      insert_group_(db.prepare("INSERT INTO violations (constraint_kind, designator) VALUES ('designator_uniqueness', ?)")) {}

void ValidationModel::touch_rotation_of_leg(LegId leg) {
    leg_place_.bind(1, leg.value);
    if (leg_place_.step() && !leg_place_.is_null(0)) rotations_.insert(RotationId{leg_place_.uuid(0)});
    leg_place_.reset();
}

void ValidationModel::touch_designator(const FlightDesignator& d) { designators_.emplace(designator_key(d), d); }

void ValidationModel::touched(const Event& event) {
    if (deferred_) return;
    auto legs = [&](const std::vector<Leg>& ls) {
        for (const Leg& l : ls) touch_designator(l.designator);
    };
    std::visit(overloaded{
                   [&](const LegAddedToRotation& e) {
                       rotations_.insert(e.rotation);
                       touch_designator(e.leg.designator);
                   },
                   [&](const LegsAddedToRotation& e) {
                       rotations_.insert(e.rotation);
                       legs(e.legs);
                   },
                   [&](const LegRemovedFromRotation& e) { rotations_.insert(e.rotation); },
                   [&](const LegCreated& e) { touch_designator(e.leg.designator); },
                   [&](const LegsCreated& e) { legs(e.legs); },
                   [&](const LegReleased& e) { touch_designator(e.leg.designator); },
                   [&](const LegDeleted& e) {
                       leg_designator_.bind(1, e.leg.value);
                       if (leg_designator_.step()) {
                           FlightDesignator d;
                           d.flight.airline = AirlineCode::from(leg_designator_.text(0));
                           d.flight.number = std::uint16_t(leg_designator_.int64(1));
                           auto suffix = leg_designator_.text(2);
                           d.flight.suffix = suffix.empty() ? 0 : suffix[0];
                           d.departure = AirportCode::from(leg_designator_.text(3));
                           d.day_of_origin = Date{std::int32_t(leg_designator_.int64(4))};
                           touch_designator(d);
                           if (!leg_designator_.is_null(5)) rotations_.insert(RotationId{leg_designator_.uuid(5)});
                       }
                       leg_designator_.reset();
                   },
                   [&](const LegRetimed& e) { touch_rotation_of_leg(e.leg); },
                   [&](const LegAmended& e) { touch_rotation_of_leg(e.leg.id); },
                   [&](const RotationDeleted& e) { rotations_.insert(e.rotation); },
                   [&](const AirplaneAssigned& e) { rotations_.insert(e.rotation); },
                   [&](const AirplaneUnassigned& e) { rotations_.insert(e.rotation); },
                   [&](const AirplaneUpdated& e) {
                       airplane_rotation_.bind(1, e.registration.view());
                       if (airplane_rotation_.step() && !airplane_rotation_.is_null(0))
                           rotations_.insert(RotationId{airplane_rotation_.uuid(0)});
                       airplane_rotation_.reset();
                   },
                   [&](const AirplaneRemoved& e) {
                       airplane_rotation_.bind(1, e.registration.view());
                       if (airplane_rotation_.step() && !airplane_rotation_.is_null(0))
                           rotations_.insert(RotationId{airplane_rotation_.uuid(0)});
                       airplane_rotation_.reset();
                   },
                   [&](const auto& e) {
                       using T = std::decay_t<decltype(e)>;
                       if constexpr (std::is_same_v<T, AirportDefined> || std::is_same_v<T, AirportMinimumGroundTimeSet>) {
                           // Every rotation with a leg arriving there: its pairs' minimum may change.
                           rotations_arriving_.bind(1, e.airport.view());
                           while (rotations_arriving_.step()) rotations_.insert(RotationId{rotations_arriving_.uuid(0)});
                           rotations_arriving_.reset();
                       }
                   },
               },
               event);
}

void ValidationModel::refresh_rotation(RotationId rotation) {
    clear_rotation_.bind(1, rotation.value).run();
    rotation_exists_.bind(1, rotation.value);
    bool exists = rotation_exists_.step();
    rotation_exists_.reset();
    if (!exists) return;
    std::vector<Leg> legs;
    rotation_legs_.bind(1, rotation.value);
    while (rotation_legs_.step()) legs.push_back(leg_from(rotation_legs_));
    rotation_legs_.reset();
    if (legs.size() < 2) return;
    airplane_minimum_.bind(1, rotation.value);
    int airplane = 0;
    if (airplane_minimum_.step() && !airplane_minimum_.is_null(0)) airplane = int(airplane_minimum_.int64(0));
    airplane_minimum_.reset();
    auto airports = load_airport_minimums(airports_);
    auto minimum = [&](AirportCode a) {
        auto it = airports.find(a);
        return it == airports.end() ? 0 : it->second;
    };
    for (const auto& v : validation::check_rotation(legs, airplane, minimum)) {
        insert_pair_.bind(1, std::string_view(validation::constraint_name(v.constraint)))
            .bind(2, rotation.value)
            .bind(3, v.first.value)
            .bind(4, v.second.value)
            .bind(5, v.actual_minutes)
            .bind(6, v.required_minutes)
            .run();
    }
}

void ValidationModel::refresh_designator(const std::string& key, const FlightDesignator& d) {
    clear_designator_.bind(1, std::string_view(key)).run();
    legs_named_.bind(1, d.flight.airline.view())
        .bind(2, int(d.flight.number))
        .bind(3, d.flight.suffix ? std::string(1, d.flight.suffix) : std::string())
        .bind(4, d.departure.view())
        .bind(5, std::int64_t{d.day_of_origin.days});
    legs_named_.step();
    auto n = legs_named_.int64(0);
    legs_named_.reset();
    if (n > 1) insert_group_.bind(1, std::string_view(key)).run();
}

ValidationChange ValidationModel::refresh() {
    ValidationChange change;
    if (deferred_) return change;
    auto started = std::chrono::steady_clock::now();
    for (RotationId r : rotations_) {
        refresh_rotation(r);
        change.rotations.push_back(r);
    }
    for (const auto& [key, d] : designators_) {
        refresh_designator(key, d);
        change.designators.push_back(key);
    }
    rotations_.clear();
    designators_.clear();
    change.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (on_change && (!change.rotations.empty() || !change.designators.empty())) on_change(change);
    return change;
}

void ValidationModel::discard() {
    rotations_.clear();
    designators_.clear();
}

void ValidationModel::rebuild() {
    discard();
    db_.exec("DELETE FROM violations");
    auto airports = load_airport_minimums(airports_);
    auto minimum = [&](AirportCode a) {
        auto it = airports.find(a);
        return it == airports.end() ? 0 : it->second;
    };
    std::unordered_map<RotationId, int, UuidHash> airplane;
    {
        auto q = db_.prepare("SELECT rotation_id, max(min_ground_minutes) FROM airplanes WHERE rotation_id IS NOT NULL GROUP BY rotation_id");
        while (q.step()) airplane[RotationId{q.uuid(0)}] = int(q.int64(1));
    }
    // One pass over the legs in rotation order (the legs_by_rotation index).
    auto q = db_.prepare(std::string("SELECT rotation_id, ") + kLegColumns +
                         " FROM legs WHERE rotation_id IS NOT NULL AND rotation_id IN (SELECT rotation_id FROM rotations) "
                         "ORDER BY rotation_id, std");
    std::vector<Leg> legs;
    std::optional<RotationId> current;
    auto flush = [&] {
        if (!current || legs.size() < 2) return;
        auto it = airplane.find(*current);
        for (const auto& v : validation::check_rotation(legs, it == airplane.end() ? 0 : it->second, minimum))
            insert_pair_.bind(1, std::string_view(validation::constraint_name(v.constraint)))
                .bind(2, current->value)
                .bind(3, v.first.value)
                .bind(4, v.second.value)
                .bind(5, v.actual_minutes)
                .bind(6, v.required_minutes)
                .run();
    };
    while (q.step()) {
        RotationId r{q.uuid(0)};
        if (!current || r != *current) {
            flush();
            legs.clear();
            current = r;
        }
        legs.push_back(leg_from(q, 1));  // column 0 is the rotation
    }
    flush();
    auto groups = db_.prepare(
        "SELECT airline, flight_number, suffix, departure, day_of_origin FROM legs "
        "GROUP BY airline, flight_number, suffix, departure, day_of_origin HAVING count(*) > 1");
    while (groups.step()) {
        FlightDesignator d;
        d.flight.airline = AirlineCode::from(groups.text(0));
        d.flight.number = std::uint16_t(groups.int64(1));
        auto suffix = groups.text(2);
        d.flight.suffix = suffix.empty() ? 0 : suffix[0];
        d.departure = AirportCode::from(groups.text(3));
        d.day_of_origin = Date{std::int32_t(groups.int64(4))};
        insert_group_.bind(1, designator_key(d)).run();
    }
}

}  // namespace rotaplan::storage
