// Small helpers shared by the storage suites: legs to add, and a table dump
// that makes two databases' projections comparable as text.
#pragma once

#include <QString>
#include <QStringList>

#include "storage/sqlite/database.h"
#include "storage/eventstore/event_store.h"
#include "storage/schedule_store.h"
#include "core/leg.h"

namespace rotaplan::testing {

inline Leg make_leg(const char* flight, const char* from, const char* to, Instant std_utc, int block) {
    Leg l;
    l.id = LegId{*Uuid::parse(storage::random_uuid())};
    l.designator.flight = *parse_flight_number(flight);
    l.designator.departure = AirportCode::from(from);
    l.arrival = AirportCode::from(to);
    l.std_utc = std_utc;
    l.sta_utc = std_utc + block;
    l.designator.day_of_origin = date_of(std_utc);
    l.aircraft_type = AircraftType::from("320");
    return l;
}

inline Instant at(const char* iso) { return *parse_instant(iso); }

// Who the storage suites' commands come from.
inline const storage::CommandContext kCtx{"tester", "test-host", {}, {}};

inline RotationId new_rotation() { return RotationId{*Uuid::parse(storage::random_uuid())}; }

// Every row of every projection table, in primary-key order, one line each.
inline QString dump_violations(storage::Database& db) {
    QStringList out;
    auto q = db.prepare(
        "SELECT constraint_kind, hex(rotation_id), hex(first_leg), hex(second_leg), designator, actual_minutes, "
        "required_minutes FROM violations ORDER BY 1, 2, 3, 4, 5");
    while (q.step()) {
        QStringList row;
        for (int c = 0; c < 7; ++c) {
            auto t = q.text(c);
            row << QString::fromUtf8(t.data(), int(t.size()));
        }
        out << row.join('|');
    }
    return out.join('\n');
}

inline QString dump_projections(storage::Database& db) {
    QStringList out;
    for (const char* sql : {"SELECT hex(leg_id), airline, flight_number, suffix, departure, day_of_origin, arrival, std, "
                            "sta, aircraft_type, service_type, hex(rotation_id) FROM legs ORDER BY leg_id",
                            "SELECT hex(rotation_id), name FROM rotations ORDER BY rotation_id",
                            "SELECT registration, aircraft_type, min_ground_minutes, hex(rotation_id) FROM airplanes "
                            "ORDER BY registration",
                            "SELECT airport, min_ground_minutes, name, utc_offset_minutes, time_zone FROM airports ORDER BY airport",
                            "SELECT constraint_kind, hex(rotation_id), hex(first_leg), hex(second_leg), designator, "
                            "actual_minutes, required_minutes FROM violations ORDER BY 1, 2, 3, 4, 5"}) {
        auto q = db.prepare(sql);
        out << sql;
        while (q.step()) {
            QStringList row;
            for (int c = 0; c < 12; ++c) {  // columns past the last read as empty, alike on both sides
                auto t = q.text(c);
                row << QString::fromUtf8(t.data(), int(t.size()));
            }
            out << row.join('|');
        }
    }
    return out.join('\n');
}

}  // namespace rotaplan::testing
