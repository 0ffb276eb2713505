#include "log_index.h"

#include <sqlite3.h>

#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <variant>

#include "core/events.h"
#include "storage/eventstore/event_codec.h"

namespace rotaplan::sync {

namespace {

// "ROTS": marks a file as a rotaplan-server log, so that --data pointing at
// some other SQLite file is refused instead of written into.
constexpr int kApplicationId = 0x524F5453;
constexpr int kSchemaVersion = 1;

constexpr const char* kSchemaSql = R"(
CREATE TABLE IF NOT EXISTS log (
  position INTEGER PRIMARY KEY,
  event_id TEXT NOT NULL UNIQUE,
  stream TEXT NOT NULL,
  version INTEGER NOT NULL,
  type TEXT NOT NULL,
  schema_version INTEGER NOT NULL,
  payload TEXT NOT NULL,
  metadata TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  UNIQUE (stream, version)
);
CREATE TABLE IF NOT EXISTS log_state (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
)";

// Derived from `log` (rebuilt at every start), so a log file of an older
// server needs no migration: it gains the table when this server opens it.
constexpr const char* kNamesSql = R"(
CREATE TABLE IF NOT EXISTS rotation_names (stream TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS rotation_names_by_name ON rotation_names (name);
)";

// What an event does to its rotation's name: holds `name` (created, renamed)
// or lets it go (deleted, nullopt). Not a name event: the outer nullopt.
// A scenario's rotation names are its own (a generation of it, as the
// desktop's decider reads them): its names are kept under its stream prefix,
// which unnamed() takes off again for the planner's eyes.
std::optional<std::optional<std::string>> name_change(std::string_view stream, std::string_view type, int schema_version,
                                                      std::string_view payload) {
    if (type != "RotationCreated" && type != "RotationRenamed" && type != "RotationDeleted") return std::nullopt;
    if (type == "RotationDeleted") return std::optional<std::string>();
    const auto in = scenario_prefix(stream);
    const std::string version(in ? stream.substr(0, in->length) : std::string_view());
    try {
        auto e = storage::decode(type, schema_version, payload);
        if (auto* c = std::get_if<RotationCreated>(&e)) return std::optional<std::string>(version + c->name);
        if (auto* r = std::get_if<RotationRenamed>(&e)) return std::optional<std::string>(version + r->name);
    } catch (const std::exception&) {
        // Validated at the boundary when it came in; a log this Rotaplan cannot read holds no name we could judge.
    }
    return std::nullopt;
}

[[noreturn]] void fail(sqlite3* db, const std::string& what) {
    throw std::runtime_error(what + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

void exec(sqlite3* db, const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
        std::string msg = err ? err : sqlite3_errmsg(db);
        sqlite3_free(err);
        throw std::runtime_error(std::string(sql).substr(0, 40) + ": " + msg);
    }
}

// One prepared statement, reset after every use (Use's destructor).
class Stmt {
public:
    Stmt(sqlite3* db, const char* sql) : db_(db) {
        if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr) != SQLITE_OK)
            fail(db, std::string("cannot prepare \"") + sql + "\"");
    }
    ~Stmt() { sqlite3_finalize(stmt_); }
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;

    class Use {
    public:
        explicit Use(Stmt& s) : s_(s) {}
        ~Use() {
            sqlite3_reset(s_.stmt_);
            sqlite3_clear_bindings(s_.stmt_);
        }
        Use& bind(int i, std::int64_t v) {
            check(sqlite3_bind_int64(s_.stmt_, i, v));
            return *this;
        }
        Use& bind(int i, const std::string& v) {
            check(sqlite3_bind_text64(s_.stmt_, i, v.data(), v.size(), SQLITE_STATIC, SQLITE_UTF8));
            return *this;
        }
        Use& bind_null(int i) {
            check(sqlite3_bind_null(s_.stmt_, i));
            return *this;
        }
        bool step() {
            int rc = sqlite3_step(s_.stmt_);
            if (rc == SQLITE_ROW) return true;
            if (rc == SQLITE_DONE) return false;
            fail(s_.db_, "log index");
        }
        std::int64_t int64(int col) const { return sqlite3_column_int64(s_.stmt_, col); }
        // Compares without copying: a duplicate's payload may be megabytes.
        bool same_text(int col, std::string_view s) const {
            auto p = reinterpret_cast<const char*>(sqlite3_column_text(s_.stmt_, col));
            auto n = std::size_t(sqlite3_column_bytes(s_.stmt_, col));
            return std::string_view(p ? p : "", p ? n : 0) == s;
        }
        std::string str(int col) const {
            auto p = reinterpret_cast<const char*>(sqlite3_column_text(s_.stmt_, col));
            return p ? std::string(p, std::size_t(sqlite3_column_bytes(s_.stmt_, col))) : std::string();
        }

    private:
        void check(int rc) {
            if (rc != SQLITE_OK) fail(s_.db_, "bind");
        }
        Stmt& s_;
    };

private:
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

sqlite3* open_database(const std::string& path, bool fresh) {
    if (fresh) {
        std::error_code ignored;
        for (const char* suffix : {"", "-wal", "-shm", "-journal"}) std::filesystem::remove(path + suffix, ignored);
    }
    sqlite3* db = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
        sqlite3_close(db);
        throw std::runtime_error("cannot open " + path + ": " + msg);
    }
    sqlite3_extended_result_codes(db, 1);
    return db;
}

std::int64_t scalar(sqlite3* db, const char* sql) {
    Stmt s(db, sql);
    Stmt::Use q(s);
    return q.step() ? q.int64(0) : 0;
}

}  // namespace

struct LogIndex::Impl {
    sqlite3* db;
    Stmt by_id, stream_version, insert, read, head, count, get_state, set_state;
    Stmt name_holders, name_set, name_drop;

    explicit Impl(sqlite3* handle)
        : db(handle),
          by_id(db, "SELECT position, stream, version, type, schema_version, payload, metadata, recorded_at FROM log "
                    "WHERE event_id = ?"),
          stream_version(db, "SELECT coalesce(max(version), 0) FROM log WHERE stream = ?"),
          insert(db,
                 "INSERT INTO log (position, event_id, stream, version, type, schema_version, payload, metadata, "
                 "recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
          read(db,
               "SELECT position, event_id, stream, version, type, schema_version, payload, metadata, recorded_at "
               "FROM log WHERE position > ? ORDER BY position LIMIT ?"),
          head(db, "SELECT coalesce(max(position), 0) FROM log"),
          count(db, "SELECT count(*) FROM log"),
          get_state(db, "SELECT value FROM log_state WHERE key = ?"),
          set_state(db, "INSERT INTO log_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
          name_holders(db, "SELECT stream FROM rotation_names WHERE name = ? ORDER BY stream"),
          name_set(db, "INSERT INTO rotation_names (stream, name) VALUES (?, ?) ON CONFLICT (stream) DO UPDATE SET name = excluded.name"),
          name_drop(db, "DELETE FROM rotation_names WHERE stream = ?") {}

    // Keeps rotation_names up to date with one event stored in the log.
    void note_name(const std::string& stream, std::string_view type, int schema_version, std::string_view payload) {
        auto change = name_change(stream, type, schema_version, payload);
        if (!change) return;
        if (*change) {
            Stmt::Use q(name_set);
            q.bind(1, stream).bind(2, **change);
            q.step();
        } else {
            Stmt::Use q(name_drop);
            q.bind(1, stream);
            q.step();
        }
    }

    // The names index, from the log as it is (like the event-id index, what the
    // server judges by is what the log holds).
    void rebuild_names() {
        exec(db, "BEGIN IMMEDIATE");
        try {
            exec(db, "DELETE FROM rotation_names");
            Stmt all(db, "SELECT stream, type, schema_version, payload FROM log WHERE type IN ('RotationCreated', "
                         "'RotationRenamed', 'RotationDeleted') ORDER BY position");
            Stmt::Use q(all);
            while (q.step()) note_name(q.str(0), q.str(1), int(q.int64(2)), q.str(3));
            exec(db, "COMMIT");
        } catch (...) {
            sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
            throw;
        }
    }
};

namespace {

// The schema and the pragmas, before any statement is prepared.
void prepare_file(sqlite3* db, const std::string& path, bool fresh) {
    sqlite3_busy_timeout(db, 10000);
    std::int64_t app_id = 0;
    try {
        app_id = scalar(db, "PRAGMA application_id");
        if (app_id == 0 && scalar(db, "SELECT count(*) FROM sqlite_master") > 0) app_id = -1;
    } catch (const std::exception& e) {
        throw std::runtime_error(path + " is not a rotaplan-server log (" + e.what() + "); it was left untouched");
    }
    if (app_id != 0 && app_id != kApplicationId)
        throw std::runtime_error(path + " is not a rotaplan-server log; it was left untouched");
    if (scalar(db, "PRAGMA user_version") > kSchemaVersion)
        throw std::runtime_error(path + " was written by a newer rotaplan-server");
    exec(db, "PRAGMA journal_mode=WAL");
    // The SQLite log: an acknowledged push survives a power cut. A fresh
    // index (KafkaLog's) is a copy rebuilt from the topic at every start, so
    // its fsyncs would buy nothing and cost each read-back round a millisecond or more.
    exec(db, fresh ? "PRAGMA synchronous=OFF" : "PRAGMA synchronous=FULL");
    if (app_id == 0) {
        exec(db, "BEGIN IMMEDIATE");
        try {
            exec(db, kSchemaSql);
            exec(db, ("PRAGMA application_id=" + std::to_string(kApplicationId)).c_str());
            exec(db, ("PRAGMA user_version=" + std::to_string(kSchemaVersion)).c_str());
            exec(db, "COMMIT");
        } catch (...) {
            sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
            throw;
        }
    }
}

}  // namespace

LogIndex::LogIndex(const std::string& path, bool fresh) {
    sqlite3* db = open_database(path, fresh);
    try {
        prepare_file(db, path, fresh);
        exec(db, kNamesSql);
        impl_ = std::make_unique<Impl>(db);
        impl_->rebuild_names();
    } catch (...) {
        sqlite3_close_v2(db);
        throw;
    }
}

LogIndex::~LogIndex() {
    sqlite3* db = impl_->db;
    impl_.reset();  // finalizes the statements
    sqlite3_close_v2(db);
}

Verdict LogIndex::judge(const PushBatch& batch, bool names) {
    Verdict v;
    v.positions.assign(batch.events.size(), 0);
    // The version the first new event of each stream needs its stream at.
    std::map<std::string, std::int64_t> needs;
    for (std::size_t i = 0; i < batch.events.size(); ++i) {
        const WireEvent& e = batch.events[i];
        Stmt::Use q(impl_->by_id);
        q.bind(1, e.event_id);
        if (q.step()) {
            if (!q.same_text(1, e.stream) || q.int64(2) != e.version || !q.same_text(3, e.type) ||
                q.int64(4) != e.schema_version || !q.same_text(5, e.payload) || !q.same_text(6, e.metadata) ||
                !q.same_text(7, e.recorded_at))
                v.reused.push_back({e.event_id, q.int64(0)});
            else
                v.positions[i] = q.int64(0);
        } else {
            v.fresh.push_back(i);
            needs.emplace(e.stream, e.version - 1);  // keeps the first one
        }
    }
    if (!v.reused.empty()) {
        v.fresh.clear();
        return v;
    }
    for (const auto& [stream, needed] : needs) {
        std::int64_t current = stream_version(stream);
        if (current != needed) {
            auto it = batch.expected.find(stream);
            v.conflicts.push_back({stream, it != batch.expected.end() ? it->second : needed, current});
        }
    }
    v.conflict = !v.conflicts.empty();
    if (v.conflict) v.fresh.clear();
    if (v.conflict || !names) return v;
    // The batch's new events in order, over what the log holds: a batch may
    // rename R1 away and then create R1 on another stream.
    std::map<std::string, std::optional<std::string>> renamed;  // stream -> its name after the batch's events so far
    for (std::size_t i : v.fresh) {
        const WireEvent& e = batch.events[i];
        auto change = name_change(e.stream, e.type, e.schema_version, e.payload);
        if (!change) continue;
        if (*change) {
            const std::string& name = **change;
            std::optional<std::string> holder;
            for (const auto& [stream, now] : renamed)
                if (stream != e.stream && now == name) holder = stream;
            if (!holder) {
                Stmt::Use q(impl_->name_holders);
                q.bind(1, name);
                while (!holder && q.step()) {
                    std::string stream = q.str(0);
                    auto it = renamed.find(stream);
                    if (stream != e.stream && (it == renamed.end() || it->second == name)) holder = stream;
                }
            }
            if (holder) {
                const auto in = scenario_prefix(e.stream);
                v.taken.push_back({e.event_id, in ? name.substr(in->length) : name, *holder});
            }
        }
        renamed[e.stream] = *change;
    }
    if (!v.taken.empty()) v.fresh.clear();
    return v;
}

std::vector<std::int64_t> LogIndex::store(const std::vector<const WireEvent*>& events,
                                          const std::vector<std::int64_t>& positions) {
    std::vector<std::int64_t> used;
    used.reserve(events.size());
    for (std::size_t i = 0; i < events.size(); ++i) {
        const WireEvent& e = *events[i];
        std::int64_t at = i < positions.size() ? positions[i] : 0;
        Stmt::Use q(impl_->insert);
        if (at) q.bind(1, at);
        else q.bind_null(1);  // the INTEGER PRIMARY KEY takes max(position) + 1
        q.bind(2, e.event_id)
            .bind(3, e.stream)
            .bind(4, e.version)
            .bind(5, e.type)
            .bind(6, std::int64_t{e.schema_version})
            .bind(7, e.payload)
            .bind(8, e.metadata)
            .bind(9, e.recorded_at);
        q.step();
        used.push_back(sqlite3_last_insert_rowid(impl_->db));
        impl_->note_name(e.stream, e.type, e.schema_version, e.payload);
    }
    return used;
}

void LogIndex::begin() { exec(impl_->db, "BEGIN IMMEDIATE"); }
void LogIndex::commit() { exec(impl_->db, "COMMIT"); }
void LogIndex::rollback() {
    if (!sqlite3_get_autocommit(impl_->db)) sqlite3_exec(impl_->db, "ROLLBACK", nullptr, nullptr, nullptr);
}

std::vector<WireEvent> LogIndex::read(std::int64_t after, int limit, std::size_t max_bytes) {
    std::vector<WireEvent> out;
    if (limit <= 0) return out;
    Stmt::Use q(impl_->read);
    q.bind(1, after).bind(2, std::int64_t{limit});
    std::size_t bytes = 0;
    while (q.step()) {
        WireEvent e;
        e.position = q.int64(0);
        e.event_id = q.str(1);
        e.stream = q.str(2);
        e.version = q.int64(3);
        e.type = q.str(4);
        e.schema_version = int(q.int64(5));
        e.payload = q.str(6);
        e.metadata = q.str(7);
        e.recorded_at = q.str(8);
        // What the event costs on the wire, about: its texts plus the JSON around them.
        std::size_t size = e.payload.size() + e.metadata.size() + e.event_id.size() + e.stream.size() + e.type.size() +
                           e.recorded_at.size() + 160;
        if (!out.empty() && bytes + size > max_bytes) break;  // always at least one event
        bytes += size;
        out.push_back(std::move(e));
    }
    return out;
}

std::int64_t LogIndex::head() {
    Stmt::Use q(impl_->head);
    return q.step() ? q.int64(0) : 0;
}

std::int64_t LogIndex::count() {
    Stmt::Use q(impl_->count);
    return q.step() ? q.int64(0) : 0;
}

std::int64_t LogIndex::stream_version(const std::string& stream) {
    Stmt::Use q(impl_->stream_version);
    q.bind(1, stream);
    return q.step() ? q.int64(0) : 0;
}

std::int64_t LogIndex::consumed_offset() {
    static const std::string key = "consumed_offset";
    Stmt::Use q(impl_->get_state);
    q.bind(1, key);
    return q.step() ? q.int64(0) : 0;
}

void LogIndex::set_consumed_offset(std::int64_t offset) {
    static const std::string key = "consumed_offset";
    Stmt::Use q(impl_->set_state);
    q.bind(1, key).bind(2, offset);
    q.step();
}

}  // namespace rotaplan::sync
