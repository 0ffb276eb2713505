// Sync once: push what is pending, then pull until the shared log's head.
//
//   session check --401--> Refused
//   push batches  --200--> acknowledged          --409--> pull first, then push again
//   pull pages    ------> Replica::integrate (offline replay when needed)
//   repeat while a replay left new pending commands (bounded)
//
// The outcome maps to rotaplan-cli sync's exit codes: InSync 0, Conflicts 3,
// Unreachable 4, Refused 5.
#pragma once

#include <QString>

#include <cstdint>

#include "replica_port.h"
#include "server_channel.h"

namespace rotaplan::sync {

struct SyncReport {
    enum class Status { InSync, Conflicts, Unreachable, Refused, Failed } status = Status::Failed;
    QString message;
    std::int64_t pushed = 0;      // events the server accepted from us
    std::int64_t pulled = 0;      // colleagues' events integrated
    std::int64_t replays = 0;     // offline replays run
    std::int64_t pending = 0;     // commands still pending afterwards
    std::int64_t conflicts = 0;   // commands needing the planner
    QString planner;              // as the server knows the token
};

class SyncEngine {
public:
    SyncEngine(ServerChannel& channel, ReplicaPort& replica);

    SyncReport sync_once();
    // A long-poll: waits up to `seconds` for colleagues' events after what we
    // have, integrates them. InSync when it returned (with news, without, or
    // interrupted by a local change); Unreachable when offline.
    SyncReport wait_for_news(int seconds);

private:
    bool check_session(SyncReport& report);
    bool push_all(SyncReport& report, bool& conflicted);
    bool pull_all(SyncReport& report, int wait_seconds);
    void finish(SyncReport& report);

    ServerChannel& channel_;
    ReplicaPort& replica_;
    bool session_checked_ = false;
};

}  // namespace rotaplan::sync
