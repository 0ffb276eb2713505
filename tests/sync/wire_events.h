// Synthetic events for the server-side sync suites.
//
// On a stream of a real form (test_rotation("x"), "unassigned-2026-04-01")
// an event is one the server takes: a RotationRenamed whose payload has the
// spacing, tab, non-ASCII and escaped quote a byte-exact transport must keep,
// or a LegDeleted. On any other stream (the log's own suites, which judge no
// payload) it is a LegsAddedToRotation with that odd payload as it is.
#pragma once

#include <QUuid>

#include <string>

#include "sync/protocol/wire.h"

namespace rotaplan::testing {

inline std::string new_uuid() { return QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString(); }

// "rotation-<UUID>", the same UUID for the same name: tests say test_rotation("x").
inline std::string test_rotation(const std::string& name) {
    static const QUuid ns = QUuid::fromString(QStringLiteral("6ba7b810-9dad-11d1-80b4-00c04fd430c8"));
    return "rotation-" + QUuid::createUuidV5(ns, QString::fromStdString(name)).toString(QUuid::WithoutBraces).toStdString();
}

inline sync::WireEvent wire_event(const std::string& stream, std::int64_t version, const std::string& planner = "anna",
                                  const std::string& payload = {}) {
    sync::WireEvent e;
    e.event_id = new_uuid();
    e.stream = stream;
    e.version = version;
    const std::string rotation = stream.rfind("rotation-", 0) == 0 ? stream.substr(9) : std::string();
    if (payload.empty() && QUuid::fromString(QString::fromStdString(rotation)).toString(QUuid::WithoutBraces).toStdString() == rotation) {
        e.type = "RotationRenamed";
        e.schema_version = 1;
        e.payload = "{ \"rotation\" : \"" + rotation + "\",\t\"name\": \"Z\xc3\xbcrich \\u00e9 \\\"q\\\" " +
                    rotation.substr(0, 8) + " v" + std::to_string(version) + "\" }";  // one name per rotation: the server refuses a name twice
    } else if (payload.empty() && stream.rfind("unassigned-", 0) == 0) {
        e.type = "LegDeleted";
        e.schema_version = 1;
        e.payload = "{\"leg\":\"" + new_uuid() + "\"}";
    } else {
        e.type = "LegsAddedToRotation";
        e.schema_version = 2;
        e.payload = payload.empty() ? "{ \"legs\" : [1, 2.50],\t\"note\": \"Z\xc3\xbcrich \\u00e9 \\\"q\\\"\" }" : payload;
    }
    e.metadata = "{\"planner\":\"" + planner + "\", \"host\":\"lap-7\",\"causation_id\":\"c-" + e.event_id + "\"}";
    e.recorded_at = "2026-11-26T12:00:00.123Z";
    return e;
}

}  // namespace rotaplan::testing
