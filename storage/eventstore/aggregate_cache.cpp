#include "storage/eventstore/aggregate_cache.h"

#include "storage/eventstore/snapshots.h"

namespace rotaplan::storage {

namespace {
// Cold aggregates beyond this many are dropped wholesale; a season has a few
// hundred rotations, so in practice everything a planner touches stays.
constexpr std::size_t kMaxCachedRotations = 4096;
}  // namespace

AggregateCache::AggregateCache(Database& db, EventStore& store)
    : db_(db),
      store_(store),
      locate_(db.prepare("SELECT rotation_id, day_of_origin FROM legs WHERE leg_id = ?")),
      named_(db.prepare("SELECT rotation_id FROM rotations WHERE name = ? LIMIT 1")),
      assigned_(db.prepare("SELECT registration FROM airplanes WHERE rotation_id = ? LIMIT 1")),
      highest_leg_(db.prepare("SELECT max(leg_id) FROM legs")),
      scenario_named_(db.prepare("SELECT scenario_id FROM scenarios WHERE name = ? AND deleted = 0 LIMIT 1")) {}

template <class State, class Key, class Map, class Init>
StateRef<State> AggregateCache::load(Map& map, const Key& key, const std::string& stream, Init init) {
    auto current = store_.stream_version(stream);
    auto& slot = map[key];
    if (slot && slot->version > current) slot.reset();  // the store went back (a rolled-back transaction)
    if (!slot) {
        slot = std::make_shared<Versioned<State>>();
        init(*slot);
        if (slot->version > current) {  // a snapshot ahead of its stream cannot be trusted
            slot->state = State{};
            slot->version = 0;
        }
    } else if (slot.use_count() > 1 && slot->version < current) {
        slot = std::make_shared<Versioned<State>>(*slot);  // someone still reads the old value
    }
    if (slot->version < current) {
        store_.read_stream(stream, slot->version, [&](std::int64_t version, const Event& e) {
            slot->state = evolve(std::move(slot->state), e);
            slot->version = version;
        });
    }
    return slot;
}

StateRef<rotation::State> AggregateCache::rotation(RotationId id) {
    if (rotations_.size() > kMaxCachedRotations) rotations_.clear();
    auto stream = rotation_stream(id);
    return load<rotation::State>(rotations_, id, stream, [&](Versioned<rotation::State>& v) {
        if (auto snap = load_rotation_snapshot(db_, stream)) {
            v.state = std::move(snap->state);
            v.version = snap->version;
            snapshot_versions_[id] = snap->version;
        }
    });
}

StateRef<unassigned::State> AggregateCache::unassigned(Date day) {
    return load<unassigned::State>(unassigned_, day, unassigned_stream(day),
                                   [&](Versioned<unassigned::State>& v) { v.state.day_of_origin = day; });
}

StateRef<airplane::State> AggregateCache::airplane(const Registration& reg) {
    return load<airplane::State>(airplanes_, reg, airplane_stream(reg),
                                 [&](Versioned<airplane::State>& v) { v.state.registration = reg; });
}

StateRef<airport::State> AggregateCache::airport(AirportCode code) {
    return load<airport::State>(airports_, code, airport_stream(code),
                                [&](Versioned<airport::State>& v) { v.state.code = code; });
}

StateRef<scenario::State> AggregateCache::scenario(const Uuid& id) {
    return load<scenario::State>(scenarios_, id, scenario_stream(id), [&](Versioned<scenario::State>& v) { v.state.id = id; });
}

std::optional<Uuid> AggregateCache::scenario_named(std::string_view name) {
    scenario_named_.bind(1, name);
    std::optional<Uuid> out;
    if (scenario_named_.step()) out = Uuid::parse(scenario_named_.text(0));
    scenario_named_.reset();
    return out;
}

bool AggregateCache::beyond_every_stored_leg(LegId leg) {
    std::int64_t changes = sqlite3_total_changes64(db_.handle());
    unsigned data_version = 0;
    if (sqlite3_file_control(db_.handle(), "main", SQLITE_FCNTL_DATA_VERSION, &data_version) != SQLITE_OK) {
        highest_ = {};
        return false;  // no way to tell the file changed: always look up
    }
    if (changes != highest_.changes || data_version != highest_.data_version) {
        highest_ = {std::nullopt, false, changes, data_version};
        if (highest_leg_.step()) {
            highest_.none = highest_leg_.is_null(0);
            if (highest_leg_.blob(0).size() == 16) highest_.id = highest_leg_.uuid(0);
        }
        highest_leg_.reset();
    }
    return highest_.none || (highest_.id && *highest_.id < leg.value);
}

std::optional<LegLocation> AggregateCache::locate(LegId leg) {
    // Only inside a transaction: the pager's data version is brought up to
    // date when a transaction begins, not between statements in autocommit.
    if (sqlite3_txn_state(db_.handle(), "main") != SQLITE_TXN_NONE && beyond_every_stored_leg(leg)) return std::nullopt;
    locate_.bind(1, leg.value);
    std::optional<LegLocation> out;
    if (locate_.step()) {
        LegLocation where;
        if (!locate_.is_null(0)) where.rotation = RotationId{locate_.uuid(0)};
        where.day_of_origin = Date{std::int32_t(locate_.int64(1))};
        out = where;
    }
    locate_.reset();
    return out;
}

std::optional<RotationId> AggregateCache::rotation_named(std::string_view name) {
    named_.bind(1, name);
    std::optional<RotationId> out;
    if (named_.step()) out = RotationId{named_.uuid(0)};
    named_.reset();
    return out;
}

std::optional<Registration> AggregateCache::airplane_assigned_to(RotationId rotation) {
    assigned_.bind(1, rotation.value);
    std::optional<Registration> out;
    if (assigned_.step()) out = Registration::from(assigned_.text(0));
    assigned_.reset();
    return out;
}

namespace {
template <class Map, class Key>
void bring_forward(Map& map, const Key& key, const StreamChange& change) {
    auto it = map.find(key);
    if (it == map.end() || !it->second) return;
    auto& slot = it->second;
    if (slot->version != change.expected_version) {  // stale: let the next load re-read
        map.erase(it);
        return;
    }
    for (const Event& e : change.events) slot->state = evolve(std::move(slot->state), e);
    slot->version += std::int64_t(change.events.size());
}
}  // namespace

void AggregateCache::applied(const StreamChange& change) {
    const std::string& s = change.stream;
    auto tail = std::string_view(s).substr(s.find('-') + 1);
    if (s.starts_with("rotation-")) {
        RotationId id{*Uuid::parse(tail)};
        bring_forward(rotations_, id, change);
        auto version = change.expected_version + std::int64_t(change.events.size());
        auto& last = snapshot_versions_[id];
        if (version - last >= kSnapshotEvery) {
            last = version;
            save_rotation_snapshot(db_, s, version, rotation(id)->state);
        }
    } else if (s.starts_with("unassigned-")) {
        bring_forward(unassigned_, *parse_date(tail), change);
    } else if (s.starts_with("airplane-")) {
        bring_forward(airplanes_, Registration::from(tail), change);
    } else if (s.starts_with("airport-")) {
        bring_forward(airports_, AirportCode::from(tail), change);
    } else if (s.starts_with("scenario-")) {
        if (auto id = Uuid::parse(tail)) bring_forward(scenarios_, *id, change);
    }
}

void AggregateCache::clear() {
    // A rollback changes neither the change count nor the data version, yet
    // can bring back a leg above the highest id read inside it.
    highest_ = {};
    rotations_.clear();
    unassigned_.clear();
    airplanes_.clear();
    airports_.clear();
    scenarios_.clear();
    snapshot_versions_.clear();
}

}  // namespace rotaplan::storage
