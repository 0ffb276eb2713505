#include "storage/command_queue.h"

#include "storage/sqlite/checkpointer.h"

namespace rotaplan::storage {

CommandQueue::CommandQueue(const std::string& path, std::size_t max_group, WalFlusher::Sync sync)
    : max_group_(max_group), sync_(std::move(sync)) {
    auto opened = opened_.get_future();
    writer_ = std::thread([this, path] { run(path); });
    opened.get();  // rethrows if the store could not be opened
}

CommandQueue::~CommandQueue() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    writer_.join();
}

std::future<CommandOutcome> CommandQueue::submit(Command command, CommandContext context) {
    Item item{IssuedCommand{std::move(command), std::move(context)}, {}};
    auto future = item.done.get_future();
    {
        std::lock_guard lock(mutex_);
        queue_.push_back(std::move(item));
    }
    wake_.notify_one();
    return future;
}

void CommandQueue::run(std::string path) {
    std::optional<ScheduleStore> store;
    std::optional<Checkpointer> checkpointer;
    std::optional<WalFlusher> flusher;  // destroyed first: the last acknowledgements go out before the store closes
    struct Unhook {  // the WAL hook points at the checkpointer: gone before it is
        sqlite3* db = nullptr;
        ~Unhook() {
            if (db) sqlite3_wal_hook(db, nullptr, nullptr);
        }
    } unhook;
    try {
        store.emplace(path);
        Database& db = store->database();
        {
            auto mode = db.prepare("PRAGMA journal_mode");
            if (!mode.step() || mode.str(0) != "wal")
                throw StorageError(path + ": the write-ahead log is not in use; group commit needs it", SQLITE_ERROR);
        }
        db.exec("PRAGMA synchronous=NORMAL");  // the flusher syncs before acknowledging: wal_flusher.h
        db.exec("PRAGMA journal_size_limit=67108864");  // a restarted WAL is cut back to 64 MiB: checkpointer.h
        // Each command runs in a savepoint inside its group's transaction;
        // SQLite keeps the savepoint's undo pages in a statement journal that
        // spills to a temporary file past 64 KiB: a write() per page on the
        // writer's critical path, for data no one reads after a crash. In
        // memory, a command's few hundred KiB cost nothing. (Only on this
        // connection: process-wide, SQLITE_CONFIG_STMTJRNL_SPILL, it also
        // held a rebuild's DROP and CREATE INDEX in RAM, and SQLite 3.40
        // failed those with SQLITE_FULL at a 1 MiB limit.)
        db.exec("PRAGMA temp_store=MEMORY");
        retry_locks_briefly(db);  // the checkpointer's RESTART holds the write lock for a few ms
        checkpointer.emplace(path);
        sqlite3_wal_hook(
            db.handle(),
            [](void* c, sqlite3*, const char*, int frames) {
                static_cast<Checkpointer*>(c)->committed(frames);
                return SQLITE_OK;
            },
            &*checkpointer);
        unhook.db = db.handle();
        // SQLite's own name for the WAL (it resolves links to the database).
        flusher.emplace(sqlite3_filename_wal(sqlite3_db_filename(db.handle(), "main")), sync_);
        opened_.set_value();
    } catch (...) {
        opened_.set_exception(std::current_exception());
        return;
    }
    for (;;) {
        std::vector<Item> group;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stopping, and drained
            while (!queue_.empty() && group.size() < max_group_) {
                group.push_back(std::move(queue_.front()));
                queue_.pop_front();
            }
        }
        // After a failed flush nothing more is written: what was committed
        // since may be lost, and a planner who retries a refused command must
        // not find it applied twice.
        if (auto failed = flusher->failure()) {
            for (auto& item : group) item.done.set_exception(failed);
            continue;
        }
        checkpointer->let_restart_through();
        std::vector<IssuedCommand> commands;
        commands.reserve(group.size());
        for (auto& item : group) commands.push_back(item.command);
        try {
            auto outcomes = store->execute_batch(commands);
            auto shared = std::make_shared<std::pair<std::vector<Item>, std::vector<CommandOutcome>>>(std::move(group),
                                                                                                     std::move(outcomes));
            flusher->after_flush([shared](std::exception_ptr failed) {
                auto& [items, outcomes] = *shared;
                for (std::size_t i = 0; i < items.size(); ++i) {
                    if (failed) items[i].done.set_exception(failed);
                    else items[i].done.set_value(std::move(outcomes[i]));
                }
            });
        } catch (...) {
            for (auto& item : group) item.done.set_exception(std::current_exception());
        }
    }
}

}  // namespace rotaplan::storage
