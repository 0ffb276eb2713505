// The changes between two points of the log as schedule change messages
// (SSM and ASM, core/ssm): the comparison's legs (storage/projections/
// comparison.h, the one `rotaplan-cli compare` and the desktop's Compare with
// now use), each changed flight's whole day on both sides, composed into
// messages (core/ssm/changes.h).
//
//   then (replayed to `from`) ─┐                           ┌─ NEW CNL TIM EQT RPL FLT, folded
//                              ├─ for_each_leg_change ──▶  │  into periods (SSM) or single
//   later (the store, or to) ──┘    flights' days          └─ dates (ASM), referenced
//
// The message group serial number continues from the store's (ssm_sequence):
// next_message_group() reads it, take_message_groups() moves it on once the
// messages are written.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/ssm/message.h"
#include "storage/eventstore/event_store.h"
#include "storage/eventstore/lineage.h"
#include "storage/sqlite/database.h"

namespace rotaplan::storage {

struct SsmExport {
    std::vector<ssm::Message> messages;
    std::string text;
    long sub_messages = 0;
    long flights_days = 0;  // flights on days of origin that changed
    std::int64_t group = 0, groups = 0;  // the first group serial number used, and how many
    std::optional<std::string> error;
    // "3 messages (2 SSM, 1 ASM): 1 TIM, 2 CNL" or "no change to send".
    std::string summary() const;
};

// `then` holds the projections as of `from` (a replay); `later` as of `to`.
// `then_only` (when given): `then` holds only these legs, the ones the events
// in (from, to] concern; every other leg is the same as in `later`.
SsmExport export_ssm(Database& then, Database& later, EventStore& events, std::int64_t from, std::int64_t to, ssm::TimeMode mode,
                     Date created, std::int64_t group, const std::unordered_set<LegId, UuidHash>* then_only = nullptr);

// The same between two points of `store`'s log (to: its last event, or
// earlier): the start point replayed for the legs the events after it
// concern only, when the comparison reads no more than those (the desktop
// and the CLI call this).
SsmExport export_ssm_between(Database& store, EventStore& events, std::int64_t from, std::int64_t to, ssm::TimeMode mode, Date created,
                             std::int64_t group);

// Between two versions (main, a scenario; either as of a point, as the
// lineages say): `then` holds lineage `a`'s projections, `later` `b`'s;
// `events` is the store's log (any lineage: its database is read). The legs
// compared are those an event of one lineage and not the other concerns.
SsmExport export_ssm_versions(EventStore& events, Database& then, const Lineage& a, Database& later, const Lineage& b, ssm::TimeMode mode,
                              Date created, std::int64_t group);

std::int64_t next_message_group(Database& store);
// After writing an export: the next one starts after its groups.
void take_message_groups(Database& store, std::int64_t group, std::int64_t groups);

// The leg as `history` last held it before position `before` (the version a
// RIN brings back, on export and on import).
std::optional<Leg> last_version(EventStore& history, LegId id, std::int64_t before);

}  // namespace rotaplan::storage
