#include "storage/sync/outbox.h"

#include <nlohmann/json.hpp>

#include "storage/sync/command_codec.h"

namespace rotaplan::storage {

Outbox::Outbox(Database& db)
    : outbox_insert_(db.prepare(
          "INSERT INTO sync_outbox (command_id, command, legs, context, issued_at) VALUES (?, ?, ?, ?, ?)")),
      pending_insert_(db.prepare("INSERT INTO sync_pending_events (position, command_id) VALUES (?, ?)")),
      bound_planner_(db.prepare("SELECT coalesce(planner, '') FROM sync_state WHERE id = 1")) {}

std::string Outbox::bound_planner() {
    bound_planner_.step();
    std::string bound = bound_planner_.str(0);
    bound_planner_.reset();
    return bound;
}

void Outbox::record(const Command& command, const EventMetadata& meta, const std::string& made_as, bool provisional,
                    const std::vector<std::int64_t>& positions) {
    if (positions.empty()) return;
    auto encoded = encode_command(command);
    nlohmann::json ctx{{"planner", made_as}, {"host", meta.host}, {"correlation_id", meta.correlation_id}};
    if (provisional) ctx["provisional"] = true;
    std::string context = ctx.dump();
    outbox_insert_.bind(1, meta.command_id)
        .bind(2, encoded.json)
        .bind(3, encoded.legs)
        .bind(4, context)
        .bind(5, meta.recorded_at)
        .run();
    pending(meta.command_id, positions);
}

CommandRecorded Outbox::journal_entry(const Command& command) {
    auto encoded = encode_command(command);
    return CommandRecorded{encoded.json, encoded.legs};
}

void Outbox::pending(const std::string& command_id, const std::vector<std::int64_t>& positions) {
    for (auto position : positions) pending_insert_.bind(1, position).bind(2, command_id).run();
}

}  // namespace rotaplan::storage
