// Events <-> the JSON payloads stored in the event store.
//
// The JSON is the durable contract: colleagues' desktops and the sync server
// read what we write, years later. Each event type has a schema version; decode
// accepts every version ever written and upcasts older shapes (upcasting.h)
// before building the current C++ value.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/events.h"

namespace rotaplan::storage {

struct EncodedEvent {
    const char* type;
    int schema_version;
    std::string payload;
};

EncodedEvent encode(const Event& event);

// Throws StorageError when the payload does not match its type and version.
Event decode(std::string_view type, int schema_version, std::string_view payload);

// The current schema version written for an event type.
int current_schema_version(std::string_view type);

// Many legs as a LegsCreated payload and back: the one leg encoding, also
// used by the sync outbox for commands that carry legs.
std::string legs_payload(const std::vector<Leg>& legs);
std::vector<Leg> legs_from_payload(std::string_view payload);

// The leg as it appears inside payloads.
nlohmann::json leg_to_json(const Leg& leg);

}  // namespace rotaplan::storage
