#include "storage/sqlite/database.h"

#include <cerrno>
#include <cstdio>
#include <chrono>
#include <cstring>
#include <thread>

namespace rotaplan::storage {

namespace {

// file:PATH?immutable=1, with the characters a URI gives meaning to escaped.
std::string immutable_uri(const std::string& path) {
    std::string uri = "file:";
    for (unsigned char c : path) {
        if (c == '%' || c == '?' || c == '#' || c < 0x21 || c >= 0x7f) {
            char hex[4];
            std::snprintf(hex, sizeof hex, "%%%02X", c);
            uri += hex;
        } else {
            uri += char(c);
        }
    }
    return uri + "?immutable=1";
}

}  // namespace

std::string failure_text(sqlite3* db, int code, const std::string& message) {
    int primary = code & 0xff;
    if (!db || (primary != SQLITE_FULL && primary != SQLITE_IOERR && primary != SQLITE_CANTOPEN)) return message;
    const char* file = sqlite3_db_filename(db, "main");
    std::string where = file && *file ? std::string(file) + ": " : std::string();
    // errno is only the reason of this failure when SQLite's own call failed.
    int err = sqlite3_system_errno(db);
    std::string reason = err ? std::string(" (") + std::strerror(err) + ")" : std::string();
    if (where.empty()) return message + reason;  // a memory or temporary database: no file to name
    if (primary == SQLITE_FULL || err == ENOSPC || err == EDQUOT)
        return "cannot write " + where + message + (err == ENOSPC || err == EDQUOT ? reason : std::string());
    return where + message + reason;
}

Database::Database(const std::string& path, Mode mode) : path_(path) {
    int flags = SQLITE_OPEN_NOMUTEX;  // one connection per thread, by design
    std::string name = path;
    switch (mode) {
        case Mode::ReadWrite: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE; break;
        case Mode::Existing: flags |= SQLITE_OPEN_READWRITE; break;
        case Mode::ReadOnly: flags |= SQLITE_OPEN_READONLY; break;
        case Mode::Immutable:
            flags |= SQLITE_OPEN_READONLY | SQLITE_OPEN_URI;
            name = immutable_uri(path);
            break;
        case Mode::Memory:
            flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY;
            name = ":memory:";
            break;
    }
    int rc = sqlite3_open_v2(name.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
        std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
        int err = db_ ? sqlite3_system_errno(db_) : 0;
        if (err) msg += std::string(" (") + std::strerror(err) + ")";
        if (db_) rc = sqlite3_extended_errcode(db_);
        sqlite3_close(db_);
        db_ = nullptr;
        throw StorageError("cannot open " + path + ": " + msg, rc);
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, 10000);  // another rotaplan process may hold the write lock briefly
}

Database::~Database() {
    if (db_) sqlite3_close_v2(db_);
}

Database::Database(Database&& o) noexcept : db_(o.db_), path_(std::move(o.path_)) { o.db_ = nullptr; }

Database& Database::operator=(Database&& o) noexcept {
    if (this != &o) {
        if (db_) sqlite3_close_v2(db_);
        db_ = o.db_;
        path_ = std::move(o.path_);
        o.db_ = nullptr;
    }
    return *this;
}

void Database::fail(const std::string& what, int rc) const {
    if (db_) rc = sqlite3_extended_errcode(db_);
    throw StorageError(what + ": " + failure_text(db_, rc, db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc)), rc);
}

void Database::exec(std::string_view sql) {
    std::string s(sql);
    char* err = nullptr;
    int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
        std::string msg = err ? err : sqlite3_errstr(rc);
        sqlite3_free(err);
        int code = sqlite3_extended_errcode(db_);
        throw StorageError(failure_text(db_, code, msg), code);
    }
}

Statement Database::prepare(std::string_view sql) const { return Statement(*this, sql); }

std::int64_t Database::scalar(std::string_view sql) const {
    Statement s(*this, sql);
    return s.step() ? s.int64(0) : 0;
}

Statement::Statement(const Database& db, std::string_view sql) : db_(db.handle()) {
    int rc = sqlite3_prepare_v3(db_, sql.data(), int(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr);
    if (rc != SQLITE_OK) db.fail("cannot prepare \"" + std::string(sql.substr(0, 60)) + "\"", rc);
}

Statement::~Statement() {
    if (stmt_) sqlite3_finalize(stmt_);
}

Statement::Statement(Statement&& o) noexcept : stmt_(o.stmt_), db_(o.db_) { o.stmt_ = nullptr; }

Statement& Statement::operator=(Statement&& o) noexcept {
    if (this != &o) {
        if (stmt_) sqlite3_finalize(stmt_);
        stmt_ = o.stmt_;
        db_ = o.db_;
        o.stmt_ = nullptr;
    }
    return *this;
}

namespace {
void check_bind(sqlite3* db, int rc) {
    if (rc != SQLITE_OK) throw StorageError(std::string("bind: ") + sqlite3_errmsg(db), rc);
}
}  // namespace

Statement& Statement::bind(int i, std::int64_t v) {
    check_bind(db_, sqlite3_bind_int64(stmt_, i, v));
    return *this;
}
namespace {
// SQLite binds a null pointer as NULL; an empty string_view may carry one.
const char* text_data(std::string_view v) { return v.data() ? v.data() : ""; }
}  // namespace

Statement& Statement::bind(int i, std::string_view v) {
    check_bind(db_, sqlite3_bind_text(stmt_, i, text_data(v), int(v.size()), SQLITE_TRANSIENT));
    return *this;
}
Statement& Statement::bind_static(int i, std::string_view v) {
    check_bind(db_, sqlite3_bind_text(stmt_, i, text_data(v), int(v.size()), SQLITE_STATIC));
    return *this;
}

Statement& Statement::bind(int i, std::nullopt_t) {
    check_bind(db_, sqlite3_bind_null(stmt_, i));
    return *this;
}
Statement& Statement::bind_blob(int i, const void* data, std::size_t size) {
    check_bind(db_, sqlite3_bind_blob64(stmt_, i, data, size, SQLITE_TRANSIENT));
    return *this;
}

Statement& Statement::bind(int i, const Uuid& id) {
    unsigned char bytes[16];
    for (int b = 0; b < 8; ++b) {
        bytes[b] = static_cast<unsigned char>(id.hi >> (56 - 8 * b));
        bytes[8 + b] = static_cast<unsigned char>(id.lo >> (56 - 8 * b));
    }
    return bind_blob(i, bytes, sizeof bytes);
}

Uuid Statement::uuid(int col) const {
    auto b = blob(col);
    Uuid id;
    if (b.size() != 16) return id;
    for (int k = 0; k < 8; ++k) {
        id.hi = (id.hi << 8) | static_cast<unsigned char>(b[std::size_t(k)]);
        id.lo = (id.lo << 8) | static_cast<unsigned char>(b[std::size_t(8 + k)]);
    }
    return id;
}

bool Statement::step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    int code = sqlite3_extended_errcode(db_);
    std::string msg = failure_text(db_, code, sqlite3_errmsg(db_));
    reset();  // bindings too: a bind_static() buffer may not outlive the failure
    throw StorageError(msg, code);
}

void Statement::run() {
    while (step()) {
    }
    reset();
}

void Statement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

std::string_view Statement::text(int col) const {
    auto p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
    return p ? std::string_view(p, std::size_t(sqlite3_column_bytes(stmt_, col))) : std::string_view{};
}

std::string_view Statement::blob(int col) const {
    auto p = static_cast<const char*>(sqlite3_column_blob(stmt_, col));
    return p ? std::string_view(p, std::size_t(sqlite3_column_bytes(stmt_, col))) : std::string_view{};
}

void retry_locks_briefly(Database& db) {
    sqlite3_busy_handler(
        db.handle(),
        [](void*, int tries) {
            std::this_thread::sleep_for(std::chrono::microseconds(200));
            return tries < 50000 ? 1 : 0;
        },
        nullptr);
}

Transaction::Transaction(Database& db, Kind kind) : db_(db) {
    db_.exec(kind == Kind::Immediate ? "BEGIN IMMEDIATE" : "BEGIN");
}

Transaction::~Transaction() {
    if (open_) sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
    db_.exec("COMMIT");
    open_ = false;
}

}  // namespace rotaplan::storage
