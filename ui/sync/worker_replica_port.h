// The sync engine's way into the desktop's store: each call is carried to the
// StoreWorker's thread, which owns the ScheduleStore, and the sync thread
// waits for it there.
//
//   sync thread                                   StoreWorker thread
//   with_replica(work) ──BlockingQueued──> queue ─> StoreWorker::with_replica(work)
//        (waits)       <──────── done ─────────────  (an exception travels back)
//
// The work takes its turn behind the planner's queued commands, so a sync
// never interleaves with a command half done. The worker never waits for the
// sync thread; the caller must not be the worker's thread, and the worker's
// thread must still be running (SyncService stops before the worker quits).
#pragma once

#include <QMetaObject>

#include <exception>
#include <stdexcept>

#include "ui/session/store_worker.h"
#include "sync/client/replica_port.h"

namespace rotaplan::ui {

class WorkerReplicaPort : public sync::ReplicaPort {
public:
    explicit WorkerReplicaPort(StoreWorker* worker) : worker_(worker) {}

    void with_replica(const std::function<void(storage::Replica&)>& work) override {
        std::exception_ptr error;
        bool delivered = QMetaObject::invokeMethod(
            worker_,
            [&] {
                try {
                    worker_->with_replica(work);
                } catch (...) {
                    error = std::current_exception();
                }
            },
            Qt::BlockingQueuedConnection);
        if (!delivered) throw std::runtime_error("the schedule's worker is gone");
        if (error) std::rethrow_exception(error);
    }

private:
    StoreWorker* worker_;
};

}  // namespace rotaplan::ui
