#include "storage/projections/queries.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "storage/eventstore/event_pump.h"
#include "storage/projections/checkpoints.h"
#include "storage/projections/projections.h"
#include "storage/sqlite/schema.h"

namespace rotaplan::storage {

namespace {

constexpr const char* kLegColumns =
    "leg_id, airline, flight_number, suffix, departure, day_of_origin, arrival, std, sta, aircraft_type, "
    "service_type, rotation_id, rotation_name, airplane, attributes";

}  // namespace

std::string leg_columns(const char* table) {
    std::string t = std::string(table) + ".";
    return t + "leg_id, " + t + "airline, " + t + "flight_number, " + t + "suffix, " + t + "departure, " + t +
           "day_of_origin, " + t + "arrival, " + t + "std, " + t + "sta, " + t + "aircraft_type, " + t + "service_type, " +
           t + "rotation_id, NULL, NULL, " + t + "attributes";
}

FlightDesignator designator_columns(const Statement& q, int c) {
    FlightDesignator d;
    d.flight.airline = AirlineCode::from(q.text(c));
    d.flight.number = std::uint16_t(q.int64(c + 1));
    auto suffix = q.text(c + 2);
    d.flight.suffix = suffix.empty() ? 0 : suffix[0];
    d.departure = AirportCode::from(q.text(c + 3));
    d.day_of_origin = Date{std::int32_t(q.int64(c + 4))};
    return d;
}

LegRow leg_row(const Statement& q, int c) {
    LegRow r;
    Leg& l = r.leg;
    l.id = LegId{q.uuid(c)};
    l.designator = designator_columns(q, c + 1);
    l.arrival = AirportCode::from(q.text(c + 6));
    l.std_utc = Instant{q.int64(c + 7)};
    l.sta_utc = Instant{q.int64(c + 8)};
    l.aircraft_type = AircraftType::from(q.text(c + 9));
    auto service = q.text(c + 10);
    l.service_type = service.empty() ? 'J' : service[0];
    if (!q.is_null(c + 11)) r.rotation = RotationId{q.uuid(c + 11)};
    r.rotation_name = q.str(c + 12);
    r.airplane = q.str(c + 13);
    if (!q.is_null(c + 14)) l.attributes = std::uint64_t(q.int64(c + 14));
    return r;
}

namespace {

// A rotation's first three columns: its id, its name, its airplane's registration.
RotationRow rotation_row(const Statement& q) {
    RotationRow r;
    r.id = RotationId{q.uuid(0)};
    r.name = q.str(1);
    r.airplane = q.str(2);
    return r;
}

std::int64_t count(Database& db, const char* table) {
    return db.scalar(std::string("SELECT count(*) FROM ") + table);
}

// The names an audit line uses, looked up once each in the store's own
// projections; a rotation no longer there is named by its creating event.
class HistoryNames {
public:
    explicit HistoryNames(EventStore& store)
        : store_(store), leg_(store.database()), rotation_(store.database().prepare("SELECT name FROM rotations WHERE rotation_id = ?")) {}

    EventNames for_stream(const std::string& stream) {
        EventNames n;
        n.leg = [this](LegId id) { return leg(id); };
        n.rotation = [this](RotationId id) { return rotation(id); };
        constexpr std::string_view prefix = "rotation-";
        if (stream.starts_with(prefix))
            if (auto id = Uuid::parse(std::string_view(stream).substr(prefix.size()))) n.in_rotation = rotation(RotationId{*id});
        return n;
    }

private:
    std::string leg(LegId id) {
        auto [it, fresh] = legs_.try_emplace(id.value);
        if (fresh)
            if (auto row = leg_(id))
                it->second = format_designator(row->leg.designator) + " " + row->leg.designator.departure.str() + "-" + row->leg.arrival.str();
        return it->second;
    }
    std::string rotation(RotationId id) {
        auto [it, fresh] = rotations_.try_emplace(id.value);
        if (fresh) {
            rotation_.bind(1, id.value);
            if (rotation_.step()) it->second = rotation_.str(0);
            rotation_.reset();
            if (it->second.empty())
                for (const auto& e : store_.stored_events(store_.stream_condition(rotation_stream(id)) + " AND type = 'RotationCreated'", {})) {
                    Event created = e.decoded();
                    if (auto* c = std::get_if<RotationCreated>(&created)) it->second = c->name;
                }
        }
        return it->second;
    }

    EventStore& store_;
    LegLookup leg_;
    Statement rotation_;
    std::unordered_map<Uuid, std::string, UuidHash> legs_, rotations_;
};

std::vector<HistoryEntry> history_of(EventStore& store, const std::string& where, const std::vector<std::string>& args) {
    std::vector<HistoryEntry> out;
    HistoryNames names(store);
    for (const auto& e : store.stored_events(where, args)) {
        HistoryEntry h;
        h.position = e.position;
        h.recorded_at = e.recorded_at;
        h.stream = e.stream;
        h.type = e.type;
        auto meta = nlohmann::json::parse(e.metadata, nullptr, false);
        if (meta.is_object()) {
            h.planner = meta.value("planner", "");
            h.host = meta.value("host", "");
            h.command = meta.value("command", "");
            h.command_id = meta.value("causation_id", "");
            h.local_planner = meta.value("local_planner", "");
        }
        h.description = describe(e.decoded(), names.for_stream(e.stream));
        out.push_back(std::move(h));
    }
    return out;
}

}  // namespace

Stats stats(Database& db, std::int64_t events) {
    return {events, count(db, "legs"), count(db, "rotations"), count(db, "airplanes"), count(db, "airports")};
}

std::vector<LegRow> legs(Database& db, std::optional<RotationId> rotation) {
    std::string sql = std::string("SELECT ") + kLegColumns + " FROM leg_view";
    sql += rotation ? " WHERE rotation_id = ? ORDER BY std, leg_id"
                    : " ORDER BY rotation_name IS NULL, rotation_name, std, airline, flight_number, leg_id";
    auto q = db.prepare(sql);
    if (rotation) q.bind(1, rotation->value);
    std::vector<LegRow> out;
    while (q.step()) out.push_back(leg_row(q));
    return out;
}

std::vector<RotationRow> rotations(Database& db) {
    auto q = db.prepare(
        "SELECT r.rotation_id, r.name, a.registration, count(l.leg_id), min(l.std), max(l.sta) "
        "FROM rotations r LEFT JOIN legs l ON l.rotation_id = r.rotation_id "
        "LEFT JOIN airplanes a ON a.rotation_id = r.rotation_id GROUP BY r.rotation_id ORDER BY r.name");
    std::vector<RotationRow> out;
    while (q.step()) {
        RotationRow r = rotation_row(q);
        r.legs = q.int64(3);
        if (!q.is_null(4)) r.first_std = Instant{q.int64(4)};
        if (!q.is_null(5)) r.last_sta = Instant{q.int64(5)};
        out.push_back(std::move(r));
    }
    return out;
}

std::vector<RotationRow> rotation_list(Database& db) {
    auto q = db.prepare(
        "SELECT r.rotation_id, r.name, (SELECT registration FROM airplanes a WHERE a.rotation_id = r.rotation_id) "
        "FROM rotations r ORDER BY r.name");
    std::vector<RotationRow> out;
    while (q.step()) out.push_back(rotation_row(q));
    return out;
}

std::vector<AirplaneRow> airplanes(Database& db) {
    auto q = db.prepare(
        "SELECT a.registration, a.aircraft_type, a.min_ground_minutes, r.name FROM airplanes a "
        "LEFT JOIN rotations r ON r.rotation_id = a.rotation_id ORDER BY a.registration");
    std::vector<AirplaneRow> out;
    while (q.step()) out.push_back({q.str(0), q.str(1), q.str(3), int(q.int64(2))});
    return out;
}

std::vector<AirportRow> airports(Database& db) {
    auto q = db.prepare(
        "SELECT airport, name, min_ground_minutes, utc_offset_minutes, time_zone FROM airports ORDER BY airport");
    std::vector<AirportRow> out;
    while (q.step()) {
        AirportRow r{q.str(0), q.str(1), int(q.int64(2)), std::nullopt, q.str(4)};
        if (!q.is_null(3)) r.utc_offset_minutes = int(q.int64(3));
        out.push_back(std::move(r));
    }
    return out;
}

std::optional<RotationId> find_rotation(Database& db, std::string_view name) {
    auto q = db.prepare("SELECT rotation_id FROM rotations WHERE name = ? LIMIT 1");
    q.bind(1, name);
    if (!q.step()) return std::nullopt;
    return RotationId{q.uuid(0)};
}

void for_each_leg(Database& db, const std::function<void(const Leg&, const std::optional<RotationId>&)>& f,
                  const std::string& where) {
    auto q = db.prepare(
        "SELECT leg_id, airline, flight_number, suffix, departure, day_of_origin, arrival, std, sta, aircraft_type, "
        "service_type, rotation_id, NULL, NULL, attributes FROM legs" +
        (where.empty() ? std::string() : " WHERE " + where));
    while (q.step()) {
        LegRow r = leg_row(q);
        f(r.leg, r.rotation);
    }
}

std::vector<PlacedLeg> placed_legs(Database& db) {
    std::vector<PlacedLeg> out;
    out.reserve(std::size_t(db.scalar("SELECT count(*) FROM legs")));
    auto q = db.prepare("SELECT leg_id, airline, flight_number, suffix, departure, day_of_origin, rotation_id, std FROM legs");
    while (q.step()) {
        PlacedLeg& p = out.emplace_back();
        p.id = LegId{q.uuid(0)};
        p.designator = designator_columns(q, 1);
        if (!q.is_null(6)) p.rotation = RotationId{q.uuid(6)};
        p.std_utc = Instant{q.int64(7)};
    }
    std::sort(out.begin(), out.end(), [](const PlacedLeg& a, const PlacedLeg& b) {
        if (auto c = a.designator <=> b.designator; c != 0) return c < 0;
        return a.std_utc < b.std_utc || (a.std_utc == b.std_utc && a.id < b.id);
    });
    return out;
}

std::span<const PlacedLeg> legs_named(const std::vector<PlacedLeg>& placed, const FlightDesignator& designator) {
    // One binary search, then the few legs that share the designator (usually none).
    auto from = std::lower_bound(placed.begin(), placed.end(), designator,
                                 [](const PlacedLeg& a, const FlightDesignator& d) { return a.designator < d; });
    auto to = from;
    while (to != placed.end() && to->designator == designator) ++to;
    return {from, to};
}

std::unordered_map<std::uint64_t, std::string> ssim_templates(Database& db) {
    std::unordered_map<std::uint64_t, std::string> out;
    auto q = db.prepare("SELECT key, template FROM ssim_templates");
    while (q.step()) out.emplace(std::uint64_t(q.int64(0)), q.str(1));
    return out;
}

std::vector<LegId> find_legs(Database& db, const FlightDesignator& d) {
    auto q = db.prepare(
        "SELECT leg_id FROM legs WHERE airline = ? AND flight_number = ? AND suffix = ? AND departure = ? "
        "AND day_of_origin = ? ORDER BY leg_id");
    q.bind(1, d.flight.airline.view())
        .bind(2, int(d.flight.number))
        .bind(3, d.flight.suffix ? std::string(1, d.flight.suffix) : std::string())
        .bind(4, d.departure.view())
        .bind(5, std::int64_t{d.day_of_origin.days});
    std::vector<LegId> out;
    while (q.step()) out.push_back(LegId{q.uuid(0)});
    return out;
}

std::optional<LegRow> find_leg(Database& db, LegId id) { return LegLookup(db)(id); }

LegLookup::LegLookup(Database& db) : q_(db.prepare(std::string("SELECT ") + kLegColumns + " FROM leg_view WHERE leg_id = ?")) {}

std::optional<LegRow> LegLookup::operator()(LegId id) {
    q_.bind(1, id.value);
    std::optional<LegRow> out;
    if (q_.step()) out = leg_row(q_);
    q_.reset();
    return out;
}

bool airplane_exists(Database& db, std::string_view registration) {
    auto q = db.prepare("SELECT 1 FROM airplanes WHERE registration = ?");
    q.bind(1, registration);
    return q.step();
}

std::vector<HistoryEntry> stream_history(EventStore& store, std::string_view stream, std::int64_t up_to) {
    std::string where = store.stream_condition(stream);
    if (up_to > 0) where += " AND position <= " + std::to_string(up_to);
    return history_of(store, where, {});
}

std::vector<HistoryEntry> recent_history(EventStore& store, int limit) {
    auto last = store.last_position();
    return history_of(store, "position > ?", {std::to_string(std::max<std::int64_t>(0, last - limit))});
}

std::vector<HistoryEntry> leg_history(EventStore& store, LegId leg, std::int64_t up_to) {
    // Single-leg events are indexed by leg; the few events that carry many
    // legs (an import's) are found by the id in their payload.
    std::string where =
        "(leg_id = ?1 OR (type IN ('LegsCreated', 'LegsTaken', 'LegsAddedToRotation') AND instr(payload, ?1) > 0))";
    if (up_to > 0) where += " AND position <= " + std::to_string(up_to);
    return history_of(store, where, {leg.value.str()});
}

Database project_as_of(EventStore& store, std::int64_t position) {
    // From the nearest checkpoint of main's read models when there is one
    // (checkpoints.h); a scenario's lineage, or a store without any, replays
    // from the first event. Both end in the same tables.
    if (store.lineage().is_main() && position > 0) {
        if (auto checkpoint = load_checkpoint(store.database(), position)) {
            Database& past = checkpoint->read_models;
            if (checkpoint->position < position) {
                // The checkpoint's violations are kept up to date event by
                // event, as a command's are: rebuilding them for a season
                // costs more than the few events after a checkpoint.
                Transaction tx(past);
                Projections projections(past);
                std::int64_t last = checkpoint->position;
                auto apply = [&](std::int64_t at, const Event& e) {
                    projections.apply(at, e);
                    last = at;
                };
                if (store.database().path().empty()) store.read_all(checkpoint->position, position, apply);
                else pump_events(store.database().path(), store.lineage().sql(), checkpoint->position, position, apply);
                projections.set_position(last);
                projections.settle();
                tx.commit();
            }
            return std::move(past);
        }
    }
    Database scratch("", Database::Mode::Memory);
    create_projection_schema(scratch);
    Transaction tx(scratch);
    replay(store, scratch, 0, position);
    ValidationModel(scratch).rebuild();
    tx.commit();
    return scratch;
}

}  // namespace rotaplan::storage
