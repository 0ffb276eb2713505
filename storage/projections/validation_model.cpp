#include "storage/projections/validation_model.h"

#include <chrono>

#include "core/overloaded.h"
#include "core/validation/rules.h"
#include "storage/projections/queries.h"

namespace rotaplan::storage {

namespace {

// What the rules read of a leg: its id, stations and times.
constexpr const char* kPairColumns = "leg_id, departure, arrival, std, sta";

Leg pair_leg(const Statement& q, int c = 0) {
    Leg l;
    l.id = LegId{q.uuid(c)};
    l.designator.departure = AirportCode::from(q.text(c + 1));
    l.arrival = AirportCode::from(q.text(c + 2));
    l.std_utc = Instant{q.int64(c + 3)};
    l.sta_utc = Instant{q.int64(c + 4)};
    return l;
}

}  // namespace

std::string designator_key(const FlightDesignator& d) { return format_designator(d); }

ValidationModel::ValidationModel(Database& db)
    : db_(db),
      leg_place_(db.prepare(
          "SELECT rotation_id, std, airline, flight_number, suffix, departure, day_of_origin FROM legs WHERE leg_id = ?")),
      airplane_rotation_(db.prepare("SELECT rotation_id FROM airplanes WHERE registration = ?")),
      rotations_arriving_(db.prepare("SELECT DISTINCT rotation_id FROM legs WHERE arrival = ? AND rotation_id IS NOT NULL")),
      airports_(db.prepare("SELECT airport, min_ground_minutes FROM airports")),
      airplane_minimum_(db.prepare("SELECT max(min_ground_minutes) FROM airplanes WHERE rotation_id = ?")),
      rotation_exists_(db.prepare("SELECT 1 FROM rotations WHERE rotation_id = ?")),
      before_(db.prepare("SELECT max(std) FROM legs WHERE rotation_id = ?1 AND std < ?2")),
      after_(db.prepare("SELECT min(std) FROM legs WHERE rotation_id = ?1 AND std > ?2")),
      legs_between_(db.prepare(std::string("SELECT ") + kPairColumns +
                               " FROM legs WHERE rotation_id = ?1 AND std BETWEEN ?2 AND ?3 ORDER BY std")),
      clear_between_(db.prepare(
          "DELETE FROM violations WHERE rotation_id = ?1 AND first_std >= ?2 AND first_std < ?3")),
      clear_pairs_(db.prepare("DELETE FROM violations WHERE rotation_id = ?")),
      insert_pair_(db.prepare(
          "INSERT INTO violations (constraint_kind, rotation_id, first_leg, second_leg, first_std, actual_minutes, "
          "required_minutes) VALUES (?, ?, ?, ?, ?, ?, ?)")),
      legs_named_(db.prepare(
          "SELECT count(*) FROM legs WHERE airline = ? AND flight_number = ? AND suffix = ? AND departure = ? "
          "AND day_of_origin = ?")),
      clear_designator_(db.prepare("DELETE FROM violations WHERE designator = ?")),
      insert_group_(db.prepare("INSERT INTO violations (constraint_kind, designator) VALUES ('designator_uniqueness', ?)")) {}

void ValidationModel::touch_at(RotationId r, std::int64_t std_minutes) {
    auto& spans = rotations_[r];
    if (spans.size() == 1 && spans[0].from == kWhole.from && spans[0].to == kWhole.to) return;
    spans.push_back({std_minutes, std_minutes});
}

// The leg's place before the change: its rotation and STD (and designator).
void ValidationModel::touch_leg_place(LegId leg, bool with_designator) {
    leg_place_.bind(1, leg.value);
    if (leg_place_.step()) {
        if (!leg_place_.is_null(0)) touch_at(RotationId{leg_place_.uuid(0)}, leg_place_.int64(1));
        if (with_designator) touch_designator(designator_columns(leg_place_, 2));
    }
    leg_place_.reset();
}

void ValidationModel::touch_designator(const FlightDesignator& d) { designators_.emplace(designator_key(d), d); }

void ValidationModel::touched(const Event& event) {
    if (deferred_) return;
    auto designators = [&](const std::vector<Leg>& ls) {
        for (const Leg& l : ls) touch_designator(l.designator);
    };
    auto airplane_rotation = [&](const Registration& reg) {
        airplane_rotation_.bind(1, reg.view());
        if (airplane_rotation_.step() && !airplane_rotation_.is_null(0)) touch_whole(RotationId{airplane_rotation_.uuid(0)});
        airplane_rotation_.reset();
    };
    auto airport = [&](AirportCode code) {
        airports_cache_.reset();
        // Every rotation with a leg arriving there: its pairs' minimum may change.
        rotations_arriving_.bind(1, code.view());
        while (rotations_arriving_.step()) touch_whole(RotationId{rotations_arriving_.uuid(0)});
        rotations_arriving_.reset();
    };
    std::visit(overloaded{
                   [&](const LegAddedToRotation& e) {
                       touch_at(e.rotation, e.leg.std_utc.minutes);
                       touch_designator(e.leg.designator);
                   },
                   [&](const LegsAddedToRotation& e) {
                       touch_whole(e.rotation);
                       designators(e.legs);
                   },
                   [&](const LegRemovedFromRotation& e) { touch_leg_place(e.leg, false); },
                   [&](const LegCreated& e) { touch_designator(e.leg.designator); },
                   [&](const LegsCreated& e) { designators(e.legs); },
                   [&](const LegReleased& e) { touch_designator(e.leg.designator); },
                   [&](const LegDeleted& e) { touch_leg_place(e.leg, true); },
                   [&](const LegRetimed& e) {
                       touch_leg_place(e.leg, false);  // the old place
                       leg_place_.bind(1, e.leg.value);
                       if (leg_place_.step() && !leg_place_.is_null(0))
                           touch_at(RotationId{leg_place_.uuid(0)}, e.std_utc.minutes);  // the new one
                       leg_place_.reset();
                   },
                   [&](const LegAmended& e) { touch_leg_place(e.leg.id, false); },
                   [&](const RotationDeleted& e) { touch_whole(e.rotation); },
                   [&](const AirplaneAssigned& e) { touch_whole(e.rotation); },
                   [&](const AirplaneUnassigned& e) { touch_whole(e.rotation); },
                   [&](const AirplaneUpdated& e) { airplane_rotation(e.registration); },
                   [&](const AirplaneRemoved& e) { airplane_rotation(e.registration); },
                   [&](const AirportDefined& e) { airport(e.airport); },
                   [&](const AirportMinimumGroundTimeSet& e) { airport(e.airport); },
                   [](const auto&) {},  // names, audit entries, legs taken (their rotation's event says it)
               },
               event);
}

int ValidationModel::airport_minimum(AirportCode a) {
    if (!airports_cache_) {
        airports_cache_.emplace();
        while (airports_.step()) (*airports_cache_)[AirportCode::from(airports_.text(0))] = int(airports_.int64(1));
        airports_.reset();
    }
    auto it = airports_cache_->find(a);
    return it == airports_cache_->end() ? 0 : it->second;
}

void ValidationModel::insert_pairs(RotationId rotation, const std::vector<Leg>& legs) {
    if (legs.size() < 2) return;
    airplane_minimum_.bind(1, rotation.value);
    int airplane = 0;
    if (airplane_minimum_.step() && !airplane_minimum_.is_null(0)) airplane = int(airplane_minimum_.int64(0));
    airplane_minimum_.reset();
    for (const auto& v : validation::check_rotation(legs, airplane, [&](AirportCode a) { return airport_minimum(a); }))
        insert_pair_.bind(1, std::string_view(validation::constraint_name(v.constraint)))
            .bind(2, rotation.value)
            .bind(3, v.first.value)
            .bind(4, v.second.value)
            .bind(5, v.first_std.minutes)
            .bind(6, v.actual_minutes)
            .bind(7, v.required_minutes)
            .run();
}

void ValidationModel::refresh_span(RotationId rotation, Span span) {
    rotation_exists_.bind(1, rotation.value);
    bool exists = rotation_exists_.step();
    rotation_exists_.reset();
    // From the neighbour before the span to the neighbour after it: every
    // pair whose first leg lies in [lo, hi) is replaced. Without a neighbour
    // the range runs to that end of the rotation (nothing lies beyond, and a
    // pair whose legs both left must go too).
    std::int64_t lo = kWhole.from, hi = kWhole.to;
    if (span.from != kWhole.from) {
        before_.bind(1, rotation.value).bind(2, span.from);
        if (before_.step() && !before_.is_null(0)) lo = before_.int64(0);
        before_.reset();
        after_.bind(1, rotation.value).bind(2, span.to);
        if (after_.step() && !after_.is_null(0)) hi = after_.int64(0);
        after_.reset();
    }
    if (span.from == kWhole.from || !exists) clear_pairs_.bind(1, rotation.value).run();
    else clear_between_.bind(1, rotation.value).bind(2, lo).bind(3, hi).run();
    if (!exists) return;
    std::vector<Leg> legs;
    legs_between_.bind(1, rotation.value).bind(2, lo).bind(3, hi);
    while (legs_between_.step()) legs.push_back(pair_leg(legs_between_));
    legs_between_.reset();
    insert_pairs(rotation, legs);
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
    for (const auto& [r, spans] : rotations_) {
        for (const Span& s : spans) refresh_span(r, s);
        change.rotations.push_back(r);
    }
    for (const auto& [key, d] : designators_) {
        refresh_designator(key, d);
        change.designators.push_back(key);
    }
    rotations_.clear();
    designators_.clear();
    // Minimums are read once per command, never kept across: another process
    // (the CLI, sync) may change an airport in between.
    airports_cache_.reset();
    change.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (on_change && (!change.rotations.empty() || !change.designators.empty())) on_change(change);
    return change;
}

void ValidationModel::discard() {
    rotations_.clear();
    designators_.clear();
    airports_cache_.reset();
}

void ValidationModel::rebuild() {
    discard();
    db_.exec("DELETE FROM violations");
    // One pass over the legs in rotation order (the legs_by_rotation index).
    auto q = db_.prepare(std::string("SELECT rotation_id, ") + kPairColumns +
                         " FROM legs WHERE rotation_id IN (SELECT rotation_id FROM rotations) ORDER BY rotation_id, std");
    std::vector<Leg> legs;
    std::optional<RotationId> current;
    while (q.step()) {
        RotationId r{q.uuid(0)};
        if (!current || r != *current) {
            if (current) insert_pairs(*current, legs);
            legs.clear();
            current = r;
        }
        legs.push_back(pair_leg(q, 1));
    }
    if (current) insert_pairs(*current, legs);
    auto groups = db_.prepare(
        "SELECT airline, flight_number, suffix, departure, day_of_origin FROM legs "
        "GROUP BY airline, flight_number, suffix, departure, day_of_origin HAVING count(*) > 1");
    while (groups.step()) insert_group_.bind(1, designator_key(designator_columns(groups, 0))).run();
}

}  // namespace rotaplan::storage
