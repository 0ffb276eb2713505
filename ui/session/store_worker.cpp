#include "store_worker.h"

#include <QTimer>

#include <atomic>
#include <set>
#include <thread>

#if defined(__linux__)
#include <sys/mman.h>
#include <unistd.h>
#endif

#include "storage/imports/demo_schedule.h"
#include "storage/projections/checkpoints.h"
#include "storage/eventstore/event_codec.h"
#include "storage/projections/time_zones.h"

namespace rotaplan::ui {

StoreWorker::StoreWorker(QString path, storage::CommandContext context, bool demo_if_empty)
    : path_(std::move(path)), context_(std::move(context)), demo_if_empty_(demo_if_empty) {}

StoreWorker::~StoreWorker() = default;

// The lists every delta carries whole, and the violations: the whole report,
// or only what the commands since the last delta rechecked. Either way the
// rechecked set is consumed.
void StoreWorker::read_lists(storage::Database& db, ScheduleDelta& d, bool whole_report) {
    d.rotations = storage::rotation_list(db);
    d.airplanes = storage::airplanes(db);
    d.airports = storage::airports(db);
    d.clocks = storage::airport_clocks(d.airports);
    // Templates come only with imports (and a colleague's import through sync):
    // their variations travel again only when their number changed.
    auto templates = db.scalar("SELECT count(*) FROM ssim_templates");
    if (whole_report || templates != templates_shown_) {
        d.file_offsets = storage::file_utc_variations(db);
        templates_shown_ = templates;
    }
    if (whole_report) {
        d.validation = storage::validation_report(db);
    } else {
        // Only what the commands rechecked: the rest of the GUI's copy still holds.
        d.validation.items = storage::violations_of(db, rechecked_.rotations, rechecked_.designators);
        d.validation_part = rechecked_;
    }
    rechecked_ = {};
    d.position = store_->events().last_position();
}

std::shared_ptr<ScheduleDelta> StoreWorker::indexed(std::shared_ptr<ScheduleDelta> d) {
    d->prepared = ScheduleView::prepare(*d);  // takes the rows: the delta's vector is the view's now
    return d;
}

namespace {

// The pages of a buffer about to be written, made present by the kernel in
// one call. A season's rows are reserved whole before they are read (1.3
// million rows, 190 MB for 1,000 airplanes), and first touching that memory
// a page fault at a time was a fifth of the first paint. MADV_POPULATE_WRITE
// keeps what the pages hold, so it may run beside the writer; where the
// kernel refuses it (before Linux 5.14) or the headers lack it, the writer
// faults as before.
void populate(const void* begin, std::size_t bytes) {
#if defined(__linux__) && defined(MADV_POPULATE_WRITE)
    const auto page = std::uintptr_t(sysconf(_SC_PAGESIZE));
    const auto from = (std::uintptr_t(begin) + page - 1) / page * page;
    const auto to = (std::uintptr_t(begin) + bytes) / page * page;
    if (to > from) madvise(reinterpret_cast<void*>(from), to - from, MADV_POPULATE_WRITE);
#else
    (void)begin;
    (void)bytes;
#endif
}

}  // namespace

std::shared_ptr<ScheduleDelta> StoreWorker::read_all(storage::Database& db, std::int64_t as_of) {
    auto d = std::make_shared<ScheduleDelta>();
    d->full = true;
    d->as_of = as_of;
    d->legs.reserve(std::size_t(db.scalar("SELECT count(*) FROM legs")));
    {
        // A second thread makes the rows' memory present, then indexes the
        // rows by id as this one reads them (the view's table of rows, built
        // here instead of after the read). Rows are published in batches:
        // `published` counts the rows written, its top bit says the reading
        // is over. The buffer was reserved whole, so rows never move while
        // indexed; a row past it (legs added between the count and the read)
        // ends the indexing first, and prepare builds the table itself.
        storage::LegRow* const rows = d->legs.data();
        const std::size_t reserved = d->legs.capacity();
        constexpr std::size_t kOver = ~(~std::size_t(0) >> 1), kBatch = 4096;
        std::atomic<std::size_t> published{0};
        auto finish = [&] {
            published.store(d->legs.size() | kOver, std::memory_order_release);
            published.notify_one();
        };
        std::jthread indexer([&] {
            populate(rows, reserved * sizeof(storage::LegRow));
            try {
                d->ids.reserve(qsizetype(reserved));
                for (std::size_t seen = 0;;) {
                    const std::size_t p = published.load(std::memory_order_acquire);
                    for (const std::size_t upto = p & ~kOver; seen < upto; ++seen)
                        d->ids.insert(rows[seen].leg.id, &rows[seen]);
                    if (p & kOver) return;
                    published.wait(p, std::memory_order_acquire);
                }
            } catch (...) {
                // Out of memory here would end the process: prepare tries again on the worker, which reports it.
                d->ids = {};
            }
        });
        struct Finish {  // also when reading throws: the indexer is joined only once told
            decltype(finish)& f;
            ~Finish() { f(); }
        } finished{finish};
        bool indexing = true;
        storage::for_each_leg(db, [&](const Leg& leg, const std::optional<RotationId>& rotation) {
            if (d->legs.size() == reserved && indexing) {
                finish();
                indexer.join();
                d->ids.clear();
                indexing = false;
            }
            storage::LegRow row;
            row.leg = leg;
            row.rotation = rotation;
            d->legs.push_back(std::move(row));
            if (indexing && d->legs.size() % kBatch == 0) {
                published.store(d->legs.size(), std::memory_order_release);
                published.notify_one();
            }
        });
    }
    read_lists(db, *d, true);
    if (as_of) d->position = as_of;
    return d;
}

void StoreWorker::open() {
    try {
        attach(std::make_unique<storage::ScheduleStore>(path_.toStdString()));
        if (demo_if_empty_) storage::load_demo_schedule(*store_, context_);  // writes nothing unless empty
        emit delta(indexed(read_all(store_->database(), 0)));
        emit_sync_counts();
        data_version_ = store_->database().scalar("PRAGMA data_version");
        known_position_ = store_->events().last_position();
        known_stored_ = store_->database().scalar("SELECT coalesce(max(position), 0) FROM events");
        auto* watch = new QTimer(this);
        connect(watch, &QTimer::timeout, this, &StoreWorker::notice_other_writers);
        watch->start(250);
        checkpoint_timer_ = new QTimer(this);
        checkpoint_timer_->setSingleShot(true);
        checkpoint_timer_->setInterval(10'000);
        connect(checkpoint_timer_, &QTimer::timeout, this, &StoreWorker::take_checkpoints_when_quiet);
        // Each commit starts the quiet period again.
        connect(this, &StoreWorker::committed, checkpoint_timer_, qOverload<>(&QTimer::start));
        checkpoint_timer_->start();
    } catch (...) {
        emit failed(current_failure());
    }
}

void StoreWorker::take_checkpoints_when_quiet() {
    if (!store_) return;
    try {
        storage::take_checkpoints(main_store().database());
    } catch (...) {
        // A cache: without it, time travel replays from the first event as before.
    }
}

std::shared_ptr<ScheduleDelta> StoreWorker::read_back(const std::vector<std::int64_t>& positions, bool whole_report) {
    std::set<LegId> touched;
    bool rotations_come_or_go = false;
    if (!positions.empty()) {
        auto [lo, hi] = std::minmax_element(positions.begin(), positions.end());
        for (const auto& e : store_->events().stored_events("position BETWEEN ? AND ?", {std::to_string(*lo), std::to_string(*hi)})) {
            auto event = e.decoded();
            for (LegId id : legs_concerned(event)) touched.insert(id);
            rotations_come_or_go |= std::holds_alternative<RotationCreated>(event) || std::holds_alternative<RotationDeleted>(event);
        }
    }
    // Many legs (an import undone), or rotations created or deleted (new
    // lanes): the whole view, indexed here, so the GUI thread only swaps it in.
    if (touched.size() > kLegsMovedInPlace || rotations_come_or_go) return indexed(read_all(store_->database(), 0));
    auto d = std::make_shared<ScheduleDelta>();
    storage::LegLookup lookup(store_->database());
    for (LegId id : touched) {
        if (auto row = lookup(id)) d->legs.push_back(std::move(*row));
        else d->removed.push_back(id);
    }
    read_lists(store_->database(), *d, whole_report);
    return d;
}

void StoreWorker::execute(quint64 ticket, std::shared_ptr<const std::vector<rotaplan::Command>> commands) {
    if (!store_) {
        emit finished(ticket, false, "no schedule is open");
        return;
    }
    try {
        std::vector<std::int64_t> positions;
        std::string error;
        // A planner's gesture (a drag of several legs, an undo) is all or nothing.
        bool ok = store_->in_transaction([&] {
            for (const auto& c : *commands) {
                auto outcome = store_->try_command({c, context_});
                if (!outcome.ok) {
                    error = outcome.error.message;
                    return false;
                }
                positions.insert(positions.end(), outcome.positions.begin(), outcome.positions.end());
            }
            return true;
        });
        emit finished(ticket, ok, QString::fromStdString(error));
        if (ok) {
            emit delta(read_back(positions));
            if (!positions.empty()) after_local_change();
        } else {
            rechecked_ = {};  // rolled back: nothing of it stands
        }
    } catch (...) {
        emit finished(ticket, false, current_failure());
    }
}

}  // namespace rotaplan::ui
