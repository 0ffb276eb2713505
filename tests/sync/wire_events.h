// Synthetic events for the server-side sync suites. The payload has the
// spacing, tab, non-ASCII and escaped quote a byte-exact transport must keep.
#pragma once

#include <QUuid>

#include <string>

#include "sync/protocol/wire.h"

namespace rotaplan::testing {

inline sync::WireEvent wire_event(const std::string& stream, std::int64_t version, const std::string& planner = "anna",
                                  const std::string& payload =
                                      "{ \"legs\" : [1, 2.50],\t\"note\": \"Zürich \\u00e9 \\\"q\\\"\" }") {
    sync::WireEvent e;
    e.event_id = QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString();
    e.stream = stream;
    e.version = version;
    e.type = "LegsAddedToRotation";
    e.schema_version = 2;
    e.payload = payload;
    e.metadata = "{\"planner\":\"" + planner + "\", \"host\":\"lap-7\",\"causation_id\":\"c-" + e.event_id + "\"}";
    e.recorded_at = "2026-11-26T12:00:00.123Z";
    return e;
}

}  // namespace rotaplan::testing
