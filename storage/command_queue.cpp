#include "command_queue.h"

#include "checkpointer.h"
#include "wal_flusher.h"

namespace rotaplan::storage {

CommandQueue::CommandQueue(const std::string& path, std::size_t max_group) : max_group_(max_group) {
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
    Item item{PendingCommand{std::move(command), std::move(context)}, {}};
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
    try {
        store.emplace(path);
        store->database().exec("PRAGMA synchronous=NORMAL");  // the flusher syncs before acknowledging: wal_flusher.h
        // Each command runs in a savepoint inside its group's transaction;
        // SQLite keeps the savepoint's undo pages in a statement journal that
        // spills to a temporary file past 64 KiB: a write() per page on the
        // writer's critical path, for data no one reads after a crash. In
        // memory, a command's few hundred KiB cost nothing. (Only on this
        // connection: process-wide, SQLITE_CONFIG_STMTJRNL_SPILL, it also
        // held a rebuild's DROP and CREATE INDEX in RAM, and SQLite 3.40
        // failed those with SQLITE_FULL at a 1 MiB limit.)
        store->database().exec("PRAGMA temp_store=MEMORY");
        checkpointer.emplace(path);
        sqlite3_wal_hook(
            store->database().handle(),
            [](void* c, sqlite3*, const char*, int frames) {
                static_cast<Checkpointer*>(c)->committed(frames);
                return SQLITE_OK;
            },
            &*checkpointer);
        flusher.emplace(path);
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
        std::vector<PendingCommand> commands;
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
