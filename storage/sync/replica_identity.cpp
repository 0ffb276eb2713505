// The store's planner identity: provisional until the first sync binds it to
// the planner the server knows the token as (docs/decisions.md, "the first sync").
//
//   not bound, pending changes under the token's name or a guessed one  -> bound; the others re-signed
//   not bound, changes under a name the planner gave that is another    -> NeedsConsent (adopt: bound, re-signed)
//   bound to the token's planner                                        -> Bound
//   bound to another planner                                            -> Mismatch (adopt: rebound, re-signed)
//
// A guessed name (the login name, or "planner": CommandContext::provisional)
// says nothing about who the planner is, so the token decides. A name the
// planner gave is a claim: work made as "anna" is not recorded as marc's
// because marc's token came first, unless the planner says so (adopt).
// Re-signing is Replica::resign_pending: the withdrawal of offline replay,
// with the payloads appended again unchanged.
#include <set>

#include "storage/sync/replica.h"

namespace rotaplan::storage {

Binding Replica::bind(const std::string& token_planner, std::string_view server, bool adopt) {
    auto& db = store_.database();
    Binding b;
    std::string bound;
    {
        auto q = db.prepare("SELECT coalesce(planner, ''), coalesce(bound_at, ''), coalesce(bound_server, '') FROM sync_state");
        if (q.step()) {
            bound = q.str(0);
            b.bound_at = q.str(1);
            b.bound_server = q.str(2);
        }
    }
    if (!bound.empty() && bound != token_planner && !adopt) {
        b.outcome = Binding::Outcome::Mismatch;
        b.planner = bound;
        return b;
    }
    if (bound.empty() && !adopt) {
        auto q = db.prepare(
            "SELECT DISTINCT o.command_id, coalesce(json_extract(e.metadata, '$.planner'), '') FROM sync_outbox o "
            "JOIN sync_pending_events p ON p.command_id = o.command_id JOIN events e ON e.position = p.position "
            "WHERE o.acknowledged = 0 AND coalesce(json_extract(o.context, '$.provisional'), 0) = 0 "
            "AND json_extract(e.metadata, '$.planner') IS NOT ?");
        q.bind(1, std::string_view(token_planner));
        std::set<std::string> commands, names;
        while (q.step()) {
            commands.insert(q.str(0));
            names.insert(q.str(1));
        }
        if (!commands.empty()) {
            b.outcome = Binding::Outcome::NeedsConsent;
            b.names.assign(names.begin(), names.end());
            b.changes = int(commands.size());
            return b;
        }
    }
    store_.in_transaction([&] {
        b.resigned = resign_pending(token_planner);
        if (bound != token_planner) {
            auto q = db.prepare("UPDATE sync_state SET planner = ?, bound_at = ?, bound_server = ? WHERE id = 1");
            q.bind(1, std::string_view(token_planner)).bind(2, std::string_view(now_iso_millis())).bind(3, server).run();
            b.newly_bound = true;
        }
        return true;
    });
    b.planner = token_planner;
    return b;
}

}  // namespace rotaplan::storage
