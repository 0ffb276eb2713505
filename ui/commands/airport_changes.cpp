#include "ui/commands/airport_changes.h"

#include "ui/commands/undo.h"

namespace rotaplan::ui {

namespace {
DefineAirport define(const storage::AirportRow& a) {
    return DefineAirport{AirportCode::from(a.airport), a.min_ground_minutes, a.name, a.utc_offset_minutes, a.time_zone};
}
}  // namespace

void define_airport(Session& session, const storage::AirportRow& before, const storage::AirportRow& after) {
    QString what = before.min_ground_minutes != after.min_ground_minutes
                       ? QString("Set %1's minimum ground time to %2 min").arg(QString::fromStdString(after.airport)).arg(after.min_ground_minutes)
                       : QString("Change airport %1").arg(QString::fromStdString(after.airport));
    perform(session, what, {define(after)}, {define(before)});
}

}  // namespace rotaplan::ui
