// How the sync engine reaches the local store.
//
// The engine runs on its own thread; the store belongs to whoever opened it
// (the CLI's main thread, the desktop's StoreWorker). A port forwards each
// call to that owner and waits for it: the engine may block, the store's
// thread never waits on the network.
#pragma once

#include <functional>

#include "storage/sync/replica.h"

namespace rotaplan::sync {

class ReplicaPort {
public:
    virtual ~ReplicaPort() = default;
    // Runs `work` with the replica on the store's thread and returns when it is done.
    virtual void with_replica(const std::function<void(storage::Replica&)>& work) = 0;
};

// The store is ours: call it directly (the CLI).
class DirectReplicaPort : public ReplicaPort {
public:
    explicit DirectReplicaPort(storage::ScheduleStore& store) : replica_(store) {}
    void with_replica(const std::function<void(storage::Replica&)>& work) override { work(replica_); }

private:
    storage::Replica replica_;
};

}  // namespace rotaplan::sync
