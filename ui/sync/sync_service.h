// Background sync for one open schedule: its own thread, talking to
// rotaplan-server while the planner works.
//
//   GUI thread            sync thread (this)                         StoreWorker thread
//   SyncLink ─configure─> loop: sync_once ──with_replica──(blocks)──> Replica: next_batch,
//          ─sync_now───>        wait_for_news(25) …                   acknowledge, integrate
//   worker ─nudge──────>  (interrupts the long-poll: push now)  <──── a local change committed
//          <─reported───  link state            ──show_synced──────> re-read, delta, counts
//
// The loop, while a server is configured:
//
//   sync_once ─InSync/Conflicts─> wait_for_news(25) ─┬─ news or nothing ─> wait again
//       ^                                            └─ nudge, Sync now, new settings ─> sync_once
//       ├──Unreachable/Failed──> wait backoff: 1 s doubling to 60 s, ±25 % jitter ─> sync_once
//       └──Refused──> wait for new settings, "Sync now" or adopt() (the planner's yes
//                     to recording changes made under another name as the token's planner's)
//
// Who waits for whom: the GUI waits for this thread only in stop() (closing
// the window); this thread waits for the worker in with_replica; the worker
// never waits for either. So no cycle, no deadlock — provided stop() runs
// before the worker's thread quits (SyncLink stops it when its Session begins to close).
//
// ROTAPLAN_SYNC_BACKOFF_MS replaces the 1 s base of the backoff (the cap stays
// 60 times the base): tests use 100 ms to see a restarted server picked up quickly.
#pragma once

#include <QDateTime>
#include <QObject>
#include <QThread>

#include <condition_variable>
#include <memory>
#include <mutex>

#include "ui/sync/sync_settings.h"
#include "ui/sync/sync_status.h"

namespace rotaplan::sync {
class ServerChannel;
struct SyncReport;
}

namespace rotaplan::ui {

class StoreWorker;

class SyncService : public QObject {
    Q_OBJECT
public:
    // `worker` must outlive stop(); it runs on its own thread.
    explicit SyncService(StoreWorker* worker, QObject* parent = nullptr);
    ~SyncService() override;  // stop()

    // The owner's thread. Starts the sync thread when first configured with a
    // server; new settings reset the backoff and end a refusal.
    void configure(const SyncSettings& settings);
    // Any thread: sync now, even while backing off or refused.
    void sync_now();
    // Any thread: a local change was committed; push it without waiting for
    // the long-poll to end. While offline it only waits for the next try.
    void nudge();
    // Any thread: sync now, recording pending changes made under another name
    // as the token's planner's (the planner said yes to it after a Refused).
    void adopt();
    // Interrupt, let the thread finish its step, wait for it. Idempotent.
    void stop();

    // The backoff before the n-th retry (0-based), before jitter.
    static std::chrono::milliseconds backoff(int attempt, std::chrono::milliseconds base);

signals:
    // From the sync thread: the link's state (counts left zero: the worker has them).
    void reported(rotaplan::ui::SyncStatus link);

private:
    // The sync thread's loop, as the header's picture draws it; its state
    // (engine, channel, backoff) lives on the thread's stack, in a Loop.
    struct Loop;
    void run();
    // Stopping: false. New settings (configure() bumped the generation): renew.
    bool take_settings(Loop& loop);
    // A new engine for these settings; the backoff and a refusal are forgotten.
    void renew(Loop& loop, const SyncSettings& settings);
    // No engine, or refused: waits to be disturbed or asked, then false (look again).
    bool wait_for_work(Loop& loop);
    // One sync; true when online (in sync, or with conflicts).
    bool sync_once(Loop& loop);
    // The long-poll, until something wants a push first, or the server is lost.
    void listen(Loop& loop);
    void back_off(Loop& loop, const sync::SyncReport& r);
    // True while nothing asks this thread to do something else than what it does (mutex_ held).
    bool undisturbed(const Loop& loop) const;
    // Colleagues' events came in (or a replay ran): the worker shows them and the counts.
    void show(bool replayed);
    void report(SyncStatus::State state, const QString& message, const QString& planner = {},
                QDateTime contact = {}, QDateTime retry_at = {}, const sync::SyncReport* identity = nullptr);

    StoreWorker* worker_;
    std::unique_ptr<QThread> thread_;
    std::chrono::milliseconds base_;
    QString server_;  // the sync thread's: the server its reports are about

    // Shared between the caller threads and the sync thread.
    std::mutex mutex_;
    std::condition_variable wake_up_;
    SyncSettings settings_;
    int generation_ = 0;      // bumped by configure()
    bool local_change_ = false;  // nudge(): something to push
    bool asked_ = false;      // sync_now()
    bool adopt_ = false;      // adopt(): the next sync takes pending changes over
    bool stopping_ = false;
    sync::ServerChannel* channel_ = nullptr;  // the sync thread's, for interrupt()
};

}  // namespace rotaplan::ui
