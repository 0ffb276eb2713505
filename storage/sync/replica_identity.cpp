// The store's planner identity: provisional until the first sync binds it to
// the planner the server knows the token as (docs/decisions.md, "the first sync").
//
//   not bound, pending changes under the token's name or a guessed one  -> bound; the others re-signed
//   not bound, changes under a name the planner gave that is another    -> bound; those changes become conflicts
//                                                                          ("made as root; this schedule is alice's"),
//                                                                          what depends on them is held behind them,
//                                                                          the rest re-signed and pushed (adopt: bound, re-signed)
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

// How conflicts held for their planner's name begin: `sync --adopt` finds them by it.
constexpr const char* kHeldPrefix = "made as ";
constexpr const char* kBehindPrefix = "held behind ";

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
            "WHERE o.acknowledged = 0 AND o.state = 'pending' AND coalesce(json_extract(o.context, '$.provisional'), 0) = 0 "
            "AND json_extract(e.metadata, '$.planner') IS NOT ? ORDER BY o.seq");
        q.bind(1, std::string_view(token_planner));
        std::vector<std::pair<std::string, std::string>> held;  // command -> why
        std::set<std::string> commands, names;
        while (q.step()) {
            if (!commands.insert(q.str(0)).second) continue;
            names.insert(q.str(1));
            held.emplace_back(q.str(0), kHeldPrefix + ("\"" + q.str(1) + "\"; this schedule is " + token_planner +
                                                        "'s: drop it, or retry it (or rotaplan-cli sync --adopt) to "
                                                        "record it as " + token_planner + "'s"));
        }
        q.reset();
        if (!commands.empty()) {
            // Conflicts, not a refusal of the whole sync: the planner's claim is
            // not taken over, and what was made under the token's own name goes.
            std::set<std::string> before;
            for (const auto& c : conflicts()) before.insert(c.command_id);
            isolate(held);
            // What was decided on top of them and no longer applies without them is held behind them.
            std::string ids;
            for (const auto& [id, why] : held) ids += (ids.empty() ? "" : ", ") + id;
            auto behind = db.prepare("UPDATE sync_outbox SET reason = ? || reason WHERE command_id = ?");
            for (const auto& c : conflicts()) {
                if (before.count(c.command_id) || commands.count(c.command_id)) continue;
                behind.bind(1, std::string_view(std::string(kBehindPrefix) + "the change(s) made as another name (" +
                                                ids + "); retry it after them: "))
                    .bind(2, std::string_view(c.command_id))
                    .run();
                ++b.held_behind;
            }
            b.held = int(commands.size());
            b.names.assign(names.begin(), names.end());
        }
    }
    if (adopt) {
        // The planner's word: what was held for its name is decided again, in order, as the token's planner's.
        for (const auto& c : conflicts())
            if (c.reason.rfind(kHeldPrefix, 0) == 0 || c.reason.rfind(kBehindPrefix, 0) == 0) {
                retry_conflict(c.command_id);
                ++b.adopted;
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
