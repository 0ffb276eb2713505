// Checkpoints of the read models (see checkpoints.h).
#include "storage/projections/checkpoints.h"

#include <zlib.h>

#include <algorithm>
#include <cstring>

#include "storage/projections/projections.h"
#include "storage/projections/scenarios.h"
#include "storage/projections/validation_model.h"
#include "storage/sqlite/schema.h"

namespace rotaplan::storage {

namespace {

// Follows the projection tables' shape: a schema change makes every older
// checkpoint unusable (a replay then, and a new one when next taken).
constexpr std::int64_t kFormat = std::int64_t{kSchemaVersion} * 1000 + 1;

constexpr const char* kTableSql =
    "CREATE TABLE IF NOT EXISTS read_model_checkpoints ("
    "position INTEGER PRIMARY KEY, event_id TEXT NOT NULL, format INTEGER NOT NULL, "
    "image_size INTEGER NOT NULL, image BLOB NOT NULL)";

bool has_table(Database& store) {
    return store.scalar("SELECT count(*) FROM main.sqlite_master WHERE name = 'read_model_checkpoints'") != 0;
}

struct Row {
    std::int64_t position;
    std::string event_id;
    std::int64_t format;
};

std::vector<Row> rows(Database& store) {
    std::vector<Row> out;
    if (!has_table(store)) return out;
    auto q = store.prepare("SELECT position, event_id, format FROM main.read_model_checkpoints ORDER BY position");
    while (q.step()) out.push_back({q.int64(0), q.str(1), q.int64(2)});
    return out;
}

bool usable(Database& store, const Row& r) { return r.format == kFormat && r.event_id == event_id_at(store, r.position); }

Database fresh_read_models() {
    Database db("", Database::Mode::Memory);
    create_projection_schema(db);
    return db;
}

// The image at `position` as a database of its own, or nothing if it does not unpack.
std::optional<Database> unpack(Database& store, std::int64_t position) {
    auto q = store.prepare("SELECT image_size, image FROM main.read_model_checkpoints WHERE position = ?");
    q.bind(1, position);
    if (!q.step()) return std::nullopt;
    const auto size = q.int64(0);
    const auto packed = q.blob(1);
    if (size <= 0) return std::nullopt;
    auto* image = static_cast<unsigned char*>(sqlite3_malloc64(sqlite3_uint64(size)));
    if (!image) return std::nullopt;
    uLongf out = uLongf(size);
    if (uncompress(image, &out, reinterpret_cast<const Bytef*>(packed.data()), uLong(packed.size())) != Z_OK ||
        std::int64_t(out) != size) {
        sqlite3_free(image);
        return std::nullopt;
    }
    Database db("", Database::Mode::Memory);
    // SQLite owns the buffer from here, whatever the outcome.
    if (sqlite3_deserialize(db.handle(), "main", image, size, size,
                            SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE) != SQLITE_OK)
        return std::nullopt;
    if (db.scalar("SELECT count(*) FROM sqlite_master WHERE name IN ('legs', 'violations', 'projection_position')") != 3)
        return std::nullopt;
    return db;
}

// Brings `db` (read models at `at`) to `to` and its validation model with it.
void advance(EventStore& events, Database& db, std::int64_t at, std::int64_t to) {
    Transaction tx(db);
    replay(events, db, at, to);
    ValidationModel(db).rebuild();
    tx.commit();
}

}  // namespace

std::optional<LoadedCheckpoint> load_checkpoint(Database& store, std::int64_t position) {
    auto all = rows(store);
    for (auto r = all.rbegin(); r != all.rend(); ++r) {
        if (r->position > position || !usable(store, *r)) continue;
        if (auto db = unpack(store, r->position)) return LoadedCheckpoint{r->position, std::move(*db)};
    }
    return std::nullopt;
}

std::vector<std::int64_t> due_checkpoints(Database& store, std::int64_t every_bytes, std::int64_t kept) {
    std::vector<std::pair<std::int64_t, std::int64_t>> sizes;  // position, payload bytes
    {
        auto q = store.prepare("SELECT position, length(payload) FROM main.events WHERE " + Lineage{}.sql() +
                               " ORDER BY position");
        while (q.step()) sizes.emplace_back(q.int64(0), q.int64(1));
    }
    for (std::int64_t every = std::max<std::int64_t>(every_bytes, 1);; every *= 2) {
        std::vector<std::int64_t> due;
        std::int64_t since = 0;
        for (const auto& s : sizes) {
            since += s.second;
            if (since >= every) {
                due.push_back(s.first);
                since = 0;
            }
        }
        // The present, when enough follows the last due point to matter.
        if (!sizes.empty() && (due.empty() || due.back() != sizes.back().first) && since >= every / 8)
            due.push_back(sizes.back().first);
        if (std::int64_t(due.size()) <= kept) return due;
    }
}

int take_checkpoints(Database& store, std::int64_t every_bytes, std::int64_t kept) {
    const auto due = due_checkpoints(store, every_bytes, kept);
    std::vector<std::int64_t> have;
    for (const auto& r : rows(store)) {
        if (usable(store, r) && std::binary_search(due.begin(), due.end(), r.position)) {
            have.push_back(r.position);
            continue;
        }
        auto d = store.prepare("DELETE FROM main.read_model_checkpoints WHERE position = ?");
        d.bind(1, r.position).run();
    }
    EventStore events(store);
    std::optional<Database> current;
    std::int64_t at = 0;
    int written = 0;
    for (auto position : due) {
        if (std::binary_search(have.begin(), have.end(), position)) continue;
        // Start from the nearest checkpoint kept when it is ahead of the one in hand.
        auto below = std::upper_bound(have.begin(), have.end(), position);
        if (below != have.begin() && (!current || *std::prev(below) > at)) {
            if (auto db = unpack(store, *std::prev(below))) {
                current.emplace(std::move(*db));
                at = *std::prev(below);
            }
        }
        if (!current) {
            current.emplace(fresh_read_models());
            at = 0;
        }
        advance(events, *current, at, position);
        at = position;
        save_checkpoint(store, *current, position);
        have.insert(std::upper_bound(have.begin(), have.end(), position), position);
        ++written;
    }
    return written;
}

std::vector<CheckpointInfo> checkpoint_list(Database& store) {
    std::vector<CheckpointInfo> out;
    if (!has_table(store)) return out;
    auto q = store.prepare("SELECT position, length(image) FROM main.read_model_checkpoints ORDER BY position");
    while (q.step()) out.push_back({q.int64(0), q.int64(1)});
    return out;
}

void drop_checkpoints_from(Database& store, std::int64_t position) {
    if (!has_table(store)) return;
    auto q = store.prepare("DELETE FROM main.read_model_checkpoints WHERE position >= ?");
    q.bind(1, position).run();
}

void save_checkpoint(Database& store, Database& read_models, std::int64_t position) {
    sqlite3_int64 size = 0;
    unsigned char* image = sqlite3_serialize(read_models.handle(), "main", &size, 0);
    if (!image) throw StorageError("cannot take a checkpoint of the schedule: out of memory");
    std::string packed(compressBound(uLong(size)), '\0');
    uLongf packed_size = uLongf(packed.size());
    // The fastest level: images are mostly repeated codes and times, and
    // unpacking speed is what time travel waits for.
    const int rc = compress2(reinterpret_cast<Bytef*>(packed.data()), &packed_size, image, uLong(size), 1);
    sqlite3_free(image);
    if (rc != Z_OK) throw StorageError("cannot take a checkpoint of the schedule: compression failed");
    Transaction tx(store);
    store.exec(kTableSql);
    auto q = store.prepare(
        "INSERT OR REPLACE INTO main.read_model_checkpoints (position, event_id, format, image_size, image) "
        "VALUES (?, ?, ?, ?, ?)");
    q.bind(1, position).bind(2, event_id_at(store, position)).bind(3, kFormat).bind(4, std::int64_t(size));
    q.bind_blob(5, packed.data(), packed_size);
    q.run();
    tx.commit();
}

}  // namespace rotaplan::storage
