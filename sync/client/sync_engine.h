// Sync once: pull, push what is pending, pull until the shared log's head.
//
//   session check --401--> Refused
//   identity      --the store's planner is not the token's--> Refused, nothing pushed (pulled all the same)
//                 --first sync--> the store is bound to the token's planner, pending events re-signed
//   pull pages    ------> Replica::integrate (offline replay when needed, quarantine of what cannot be read)
//   push batches  --200--> acknowledged          --409 stale--> pull first, then push again
//                 --400/403/409 reused or taken/413--> the commands named become conflicts, the rest is pushed
//                   (an answer naming none is narrowed down by halving the batch)
//   repeat while a replay left new pending commands (bounded)
//
// Pulling first decides the pending work again on colleagues' latest before
// it is published: a rotation name a colleague took meanwhile is found here,
// not after both are in the shared log.
//
// The outcome maps to rotaplan-cli sync's exit codes: InSync 0, Conflicts 3,
// Unreachable 4, Refused 5.
#pragma once

#include <QString>
#include <QStringList>

#include <cstdint>

#include "replica_port.h"
#include "server_channel.h"
#include "sync/protocol/wire.h"

namespace rotaplan::sync {

struct SyncReport {
    enum class Status { InSync, Conflicts, Unreachable, Refused, Failed } status = Status::Failed;
    QString message;
    std::int64_t pushed = 0;      // events the server accepted from us
    std::int64_t pulled = 0;      // colleagues' events integrated
    std::int64_t replays = 0;     // offline replays run
    std::int64_t pending = 0;     // commands still pending afterwards
    std::int64_t conflicts = 0;   // commands needing the planner
    std::int64_t refused = 0;     // commands the server refused in this sync (now conflicts)
    std::int64_t quarantined = 0; // shared-log events this Rotaplan cannot read, kept aside
    std::int64_t resigned = 0;    // pending events recorded under the token's planner (the first sync)
    QString planner;              // as the server knows the token
    QString bound_planner;        // the store's planner afterwards; empty while provisional

    // Refused because the store's planner is not the token's: nothing pushed.
    enum class Identity {
        Fits,
        Mismatch,      // bound to bound_planner by an earlier sync
        NeedsConsent,  // `adoptable` pending changes made under `made_as`, names the planner gave
    } identity = Identity::Fits;
    QStringList made_as;          // NeedsConsent, or `held`: the names the changes were made under
    std::int64_t adoptable = 0;
    // The first sync bound the store; changes made under another name the
    // planner gave are now conflicts (`held`), with those that depend on them
    // (`held_behind`): the rest was pushed.
    std::int64_t held = 0, held_behind = 0;
    // The server speaks a protocol without scenarios: the scenarios' changes
    // (and their registry entries) stay pending here, main's are pushed.
    int server_protocol = 0;
    std::int64_t waiting_for_scenarios = 0;
};

class SyncEngine {
public:
    SyncEngine(ServerChannel& channel, ReplicaPort& replica);

    // adopt: record pending changes made under another name as the token's
    // planner's, and rebind a store bound to another planner.
    SyncReport sync_once(bool adopt = false);
    // A long-poll: waits up to `seconds` for colleagues' events after what we
    // have, integrates them. InSync when it returned (with news, without, or
    // interrupted by a local change); Unreachable when offline.
    SyncReport wait_for_news(int seconds);

private:
    bool check_session(SyncReport& report);
    bool bind_identity(SyncReport& report, bool adopt);
    bool push_all(SyncReport& report, bool& conflicted);
    bool pull_all(SyncReport& report, int wait_seconds);
    void finish(SyncReport& report);

    ServerChannel& channel_;
    ReplicaPort& replica_;
    bool session_checked_ = false;
    int server_protocol_ = kProtocolVersion;  // as /v1/session said
};

}  // namespace rotaplan::sync
