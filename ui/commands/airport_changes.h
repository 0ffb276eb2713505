// The planner's airport edits (View > Airports) as undoable changes.
#pragma once

#include "storage/projections/queries.h"
#include "ui/session/session.h"

namespace rotaplan::ui {

// The airport becomes `after` (its minimum ground time, name, UTC offset and
// time zone). Undo defines it as `before` again; an airport nobody had
// defined goes back to the defaults it was validated with (no minimum, UTC).
void define_airport(Session& session, const storage::AirportRow& before, const storage::AirportRow& after);

}  // namespace rotaplan::ui
