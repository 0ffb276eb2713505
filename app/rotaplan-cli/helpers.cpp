#include <QRegularExpression>

#include "cli.h"

#include "storage/open_store.h"
#include "storage/projections/queries.h"

namespace rotaplan::cli {

ReadVersion::ReadVersion(const Globals& g, bool read_only)
    : db(storage::open_store(g.db_path, read_only)), lineage(storage::prepare_version(db, g.scenario)) {}

std::string text(const QString& s) { return s.toStdString(); }

int parse_int(const QString& value, const char* what, int min, int max) {
    bool ok = false;
    int v = value.toInt(&ok);
    if (!ok || v < min || v > max)
        usage_error(std::string(what) + ": \"" + text(value) + "\" is not a whole number from " + std::to_string(min) +
                    " to " + std::to_string(max));
    return v;
}

Instant parse_time_arg(const QString& value, const char* what) {
    auto t = parse_instant(text(value));
    if (!t) usage_error(std::string(what) + ": \"" + text(value) + "\" is not a UTC time like 2026-04-01T06:00Z");
    return *t;
}

LegId resolve_leg(storage::Database& db, const QString& arg) {
    std::string s = text(arg);
    if (auto id = Uuid::parse(s)) {
        if (!storage::find_leg(db, LegId{*id})) rejected_error("no leg " + s + " in the schedule");
        return LegId{*id};
    }
    std::string why;
    auto d = parse_designator(s, &why);
    if (!d) usage_error("leg \"" + s + "\": " + why);
    auto ids = storage::find_legs(db, *d);
    if (ids.empty()) rejected_error("no leg " + s + " in the schedule");
    if (ids.size() > 1) {
        // A designator several legs share (a validation finding, not an error): name them so one can be chosen.
        std::string list;
        storage::LegLookup lookup(db);
        for (auto& id : ids) {
            auto row = lookup(id);
            list += "\n  " + id.value.str() + (row ? "  " + describe(row->leg) : std::string());
        }
        rejected_error(s + " names " + std::to_string(ids.size()) + " legs (a shared flight designator); give one leg id:" +
                       list);
    }
    return ids.front();
}

RotationId resolve_rotation(storage::Database& db, const QString& name) {
    std::string s = text(name);
    // Names are unique by the deciders, but two planners who named a rotation alike at the
    // same instant can both be in the shared log: never pick one of them silently.
    auto q = db.prepare("SELECT rotation_id FROM rotations WHERE name = ?1 OR lower(hex(rotation_id)) = "
                        "replace(lower(?1), '-', '') ORDER BY rotation_id");
    q.bind(1, std::string_view(s));
    std::vector<RotationId> ids;
    while (q.step()) ids.push_back(RotationId{q.uuid(0)});
    if (ids.empty()) rejected_error("no rotation named " + s);
    if (ids.size() > 1) {
        std::string list;
        for (const auto& id : ids) list += " " + id.value.str();
        rejected_error(s + " names " + std::to_string(ids.size()) +
                       " rotations (given the same name by two planners at once); give one rotation id, or rename "
                       "one of them:" + list);
    }
    return ids.front();
}

Registration parse_registration_arg(const QString& t) {
    std::string s = text(t);
    if (auto why = check_registration(s); !why.empty()) usage_error("registration \"" + s + "\": " + why);
    return Registration::from(s);
}

AirportCode parse_airport_arg(const QString& t, const char* what) {
    std::string s = text(t);
    if (auto why = check_airport(s); !why.empty()) usage_error(std::string(what) + " \"" + s + "\": " + why);
    return AirportCode::from(s);
}

AircraftType parse_type_arg(const QString& t) {
    std::string s = text(t);
    if (auto why = check_aircraft_type(s); !why.empty()) usage_error("aircraft type \"" + s + "\": " + why);
    return AircraftType::from(s);
}

storage::CommandOutcome run_command(storage::ScheduleStore& store, const rotaplan::Command& command, const Globals& g) {
    auto outcome = store.execute(command, g.context);
    if (!outcome.ok) {
        if (outcome.error.kind == DomainError::Kind::Invalid) usage_error(outcome.error.message);
        rejected_error(outcome.error.message);
    }
    return outcome;
}

std::int64_t as_of_position(storage::EventStore& events, QCommandLineParser& p) { return position_option(events, p, "as-of"); }

std::int64_t position_option(storage::EventStore& events, QCommandLineParser& p, const QString& option) {
    if (!p.isSet(option)) return 0;
    QString v = p.value(option);
    const std::string name = "--" + text(option);
    bool is_number = false;
    qint64 position = v.toLongLong(&is_number);
    if (is_number) {
        if (position < 1) usage_error(name + ": a position is 1 or more");
        return position;
    }
    // A time: events are stamped with milliseconds; compare at the same precision.
    static const QRegularExpression iso(R"(^(\d{4}-\d\d-\d\dT\d\d:\d\d)(?::(\d\d)(?:\.(\d{1,3}))?)?Z$)");
    auto m = iso.match(v);
    if (!m.hasMatch() || !parse_instant(text(m.captured(1) + "Z")))
        usage_error(name + ": \"" + text(v) + "\" is neither an event position nor a UTC time like 2026-04-01T06:00Z");
    QString seconds = m.captured(2).isEmpty() ? "00" : m.captured(2);
    QString millis = (m.captured(3) + "000").left(3);
    // Inclusive of the whole named millisecond.
    auto at = events.position_at(text(m.captured(1) + ":" + seconds + "." + millis + "Z"));
    if (at == 0) rejected_error("the schedule has no events at or before " + text(v));
    return at;
}

}  // namespace rotaplan::cli
