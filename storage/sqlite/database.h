// A thin RAII layer over the SQLite C API.
//
// Why not Qt SQL: the event store's hot paths (append, replay) bind and step
// prepared statements millions of times; the C API costs nothing on top, keeps
// storage free of Qt, and exposes what we rely on (savepoints, application_id,
// extended error codes). Every failure becomes a StorageError carrying
// SQLite's own message, so callers never see a bare result code; a failure
// of the disk (full, I/O error) also names the file, since that is what a
// planner has to act on.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "core/ids.h"

namespace rotaplan::storage {

class StorageError : public std::runtime_error {
public:
    StorageError(std::string message, int code = SQLITE_ERROR) : std::runtime_error(std::move(message)), code_(code) {}
    int code() const { return code_; }  // SQLite extended result code
private:
    int code_;
};

class Statement;

// SQLite's message for a failure on `db`, with the file named when the disk
// is at fault (full, I/O error) and the system's reason when it gave one.
std::string failure_text(sqlite3* db, int code, const std::string& message);

class Database {
public:
    // ReadWrite creates a missing file; Existing does not. Immutable reads a
    // file nobody can be writing (SQLite's immutable=1: no locks, no WAL
    // index), for a store on a read-only folder or disk (schema.h).
    enum class Mode { ReadWrite, Existing, ReadOnly, Immutable, Memory };
    Database() = default;
    explicit Database(const std::string& path, Mode mode = Mode::ReadWrite);
    ~Database();
    Database(Database&& other) noexcept;
    Database& operator=(Database&& other) noexcept;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    sqlite3* handle() const { return db_; }
    const std::string& path() const { return path_; }
    void exec(std::string_view sql);
    Statement prepare(std::string_view sql) const;
    std::int64_t scalar(std::string_view sql) const;  // first column of first row, 0 if none
    std::int64_t changes() const { return sqlite3_changes64(db_); }
    [[noreturn]] void fail(const std::string& what, int rc) const;
    bool read_only() const { return sqlite3_db_readonly(db_, "main") == 1; }

private:
    sqlite3* db_ = nullptr;
    std::string path_;
};

class Statement {
public:
    Statement() = default;
    Statement(const Database& db, std::string_view sql);
    ~Statement();
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    // Binding, 1-based like SQLite. Text is copied (SQLITE_TRANSIENT) only when asked.
    Statement& bind(int i, std::int64_t v);
    Statement& bind(int i, int v) { return bind(i, std::int64_t{v}); }
    Statement& bind(int i, std::string_view v);  // SQLITE_TRANSIENT: safe for temporaries
    // SQLITE_STATIC: no copy; `v` must stay valid until run(), which resets the
    // statement and clears its bindings. For rows written by the hundred thousand.
    Statement& bind_static(int i, std::string_view v);
    Statement& bind(int i, std::nullopt_t);
    Statement& bind_blob(int i, const void* data, std::size_t size);
    // Ids are stored as 16-byte blobs in the read models: less than half the
    // size of their text form, which is what rebuilds and index builds pay for.
    Statement& bind(int i, const Uuid& id);
    template <class T>
    Statement& bind(int i, const std::optional<T>& v) {
        return v ? bind(i, *v) : bind(i, std::nullopt);
    }

    bool step();   // true while a row is available
    void run();    // step to completion, for statements without rows
    void reset();  // ready for new bindings

    std::int64_t int64(int col) const { return sqlite3_column_int64(stmt_, col); }
    bool is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
    std::string_view text(int col) const;
    std::string str(int col) const { return std::string(text(col)); }
    std::string_view blob(int col) const;
    Uuid uuid(int col) const;  // a 16-byte blob written by bind(Uuid)

private:
    sqlite3_stmt* stmt_ = nullptr;
    sqlite3* db_ = nullptr;
};

// BEGIN ... COMMIT, rolled back by the destructor unless committed.
// Replace the 10 s busy timeout's sleeps (1, 2, 5, 10, 15, 20, 25 ... ms
// between tries) with a try every 200 µs, still for up to 10 s: for the
// group-commit writer and its checkpointer, which hand the write lock to each
// other for a few milliseconds (checkpointer.h) and must not turn that into
// a stall of 50-100 ms.
void retry_locks_briefly(Database& db);

class Transaction {
public:
    enum class Kind { Deferred, Immediate };
    explicit Transaction(Database& db, Kind kind = Kind::Immediate);
    ~Transaction();
    void commit();

private:
    Database& db_;
    bool open_ = true;
};

}  // namespace rotaplan::storage
