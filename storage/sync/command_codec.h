// Commands <-> JSON, for the sync outbox.
//
// A command decided offline is kept until the server accepted its events: if a
// colleague's events get there first, offline replay decides it again on the
// new state, so the command itself (not only its events) must survive a
// restart. AmendLegs keeps its legs beside the small JSON, in the LegsCreated
// payload shape the events use (event_codec.h). AddLegs does not: its events
// carry exactly its new legs (a season: 90 MB), and they are kept until the
// command is settled, pending in the events table or withdrawn in a copy, so
// the outbox names them instead of storing them twice.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/commands.h"
#include "core/events.h"

namespace rotaplan::storage {

struct EncodedCommand {
    std::string json;                 // {"command":"MoveLegs",...}
    std::optional<std::string> legs;  // AddLegs / AmendLegs: their legs
};

EncodedCommand encode_command(const Command& command);
// Throws StorageError when the JSON is not a command this version knows.
// `legs_of_events` gives AddLegs' legs from the events it decided.
Command decode_command(std::string_view json, const std::optional<std::string>& legs,
                       const std::function<std::vector<Leg>()>& legs_of_events);

// The new legs a set of events created (LegCreated/LegsCreated, Leg(s)AddedToRotation), each once.
std::vector<Leg> created_legs(const std::vector<Event>& events);

}  // namespace rotaplan::storage
