// Checkpoints of the read models (see checkpoints.h).
#include "storage/projections/checkpoints.h"

#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <future>
#include <thread>

#include "storage/projections/projections.h"
#include "storage/projections/scenarios.h"
#include "storage/projections/validation_model.h"
#include "storage/sqlite/schema.h"

namespace rotaplan::storage {

namespace {

// Follows the projection tables' shape: a schema change makes every older
// checkpoint unusable (a replay then, and a new one when next taken).
// (The last digits count the image's own layouts: 2 is the chunked one below.)
constexpr std::int64_t kFormat = std::int64_t{kSchemaVersion} * 1000 + 2;

// The image is packed in independent zlib chunks so that both cores unpack
// it: time travel waits for the unpacking (a season's image is 87 MB), and
// one inflate stream runs at about 500 MB/s. Layout: the chunk count, then
// each chunk's packed and unpacked sizes (u32, little-endian), then the
// chunks. A chunk keeps zlib's checksum: a damaged image is refused, never
// loaded as a wrong schedule.
constexpr std::size_t kChunkBytes = kCheckpointChunkBytes;

// The bytes of the image chunk `i` holds (the last one may be short).
std::size_t chunk_length(std::size_t i, std::size_t size) { return std::min(kChunkBytes, size - i * kChunkBytes); }

void put_u32(std::string& out, std::size_t at, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out[at + i] = char((v >> (8 * i)) & 0xff);
}

std::uint32_t get_u32(std::string_view in, std::size_t at) {
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= std::uint32_t(static_cast<unsigned char>(in[at + i])) << (8 * i);
    return v;
}

// Runs job(0 .. count-1) on this thread and one more per spare core.
template <typename Job>
void on_every_core(std::size_t count, Job job) {
    std::atomic<std::size_t> next{0};
    auto work = [&] {
        for (std::size_t i; (i = next.fetch_add(1)) < count;) job(i);
    };
    const std::size_t helpers = std::min<std::size_t>(std::max(1u, std::thread::hardware_concurrency()) - 1, count);
    std::vector<std::future<void>> others;
    for (std::size_t h = 0; h < helpers; ++h) others.push_back(std::async(std::launch::async, work));
    work();
    for (auto& f : others) f.get();
}

std::string pack_image(const unsigned char* image, std::size_t size) {
    const std::size_t chunks = (size + kChunkBytes - 1) / kChunkBytes;
    std::vector<std::string> packed(chunks);
    std::atomic<bool> failed{false};
    on_every_core(chunks, [&](std::size_t i) {
        const std::size_t from = i * kChunkBytes, length = chunk_length(i, size);
        std::string& out = packed[i];
        out.resize(compressBound(uLong(length)));
        uLongf out_size = uLongf(out.size());
        // The fastest level: images are mostly repeated codes and times, and
        // unpacking speed is what time travel waits for.
        if (compress2(reinterpret_cast<Bytef*>(out.data()), &out_size, image + from, uLong(length), 1) != Z_OK)
            failed = true;
        out.resize(out_size);
    });
    if (failed) throw StorageError("cannot take a checkpoint of the schedule: compression failed");
    std::string out(4 + 8 * chunks, '\0');
    put_u32(out, 0, std::uint32_t(chunks));
    for (std::size_t i = 0; i < chunks; ++i) {
        put_u32(out, 4 + 8 * i, std::uint32_t(packed[i].size()));
        put_u32(out, 8 + 8 * i, std::uint32_t(chunk_length(i, size)));
    }
    for (const auto& p : packed) out += p;
    return out;
}

// Unpacks into `image` (exactly `size` bytes); false when the blob does not
// hold an image of that size.
bool unpack_image(std::string_view packed, unsigned char* image, std::size_t size) {
    if (packed.size() < 4) return false;
    const std::size_t chunks = get_u32(packed, 0);
    if (chunks != (size + kChunkBytes - 1) / kChunkBytes || packed.size() < 4 + 8 * chunks) return false;
    std::vector<std::size_t> starts(chunks);
    std::size_t at = 4 + 8 * chunks;
    for (std::size_t i = 0; i < chunks; ++i) {
        starts[i] = at;
        at += get_u32(packed, 4 + 8 * i);
        if (at > packed.size() || get_u32(packed, 8 + 8 * i) != chunk_length(i, size))
            return false;
    }
    if (at != packed.size()) return false;
    std::atomic<bool> failed{false};
    on_every_core(chunks, [&](std::size_t i) {
        const std::size_t from = i * kChunkBytes, length = chunk_length(i, size);
        uLongf out = uLongf(length);
        if (uncompress(image + from, &out, reinterpret_cast<const Bytef*>(packed.data() + starts[i]),
                       uLong(get_u32(packed, 4 + 8 * i))) != Z_OK ||
            out != length)
            failed = true;
    });
    return !failed;
}

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
    if (!unpack_image(packed, image, std::size_t(size))) {
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
    std::string packed;
    try {
        packed = pack_image(image, std::size_t(size));
    } catch (...) {
        sqlite3_free(image);
        throw;
    }
    sqlite3_free(image);
    Transaction tx(store);
    store.exec(kTableSql);
    auto q = store.prepare(
        "INSERT OR REPLACE INTO main.read_model_checkpoints (position, event_id, format, image_size, image) "
        "VALUES (?, ?, ?, ?, ?)");
    q.bind(1, position).bind(2, event_id_at(store, position)).bind(3, kFormat).bind(4, std::int64_t(size));
    q.bind_blob(5, packed.data(), packed.size());
    q.run();
    tx.commit();
}

}  // namespace rotaplan::storage
