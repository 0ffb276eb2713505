// Find: what a planner types, matched against the GUI's copy of the schedule.
//
//   "XQ1974/FRA/2026-06-12"  one dated leg (its designator)
//   "XQ1974", "xq 1974"      every leg of that flight, by STD
//   "D-AIAB"                 the legs of the rotation that airplane flies
//   "R12"                    the legs of the rotation so named
//   "FRA"                    the legs departing from that station
//
// The first of these kinds that matches anything is the answer; the matches
// come in STD order, the order F3 steps through. Pure over ScheduleView (no
// disk): a season's 380,000 legs are scanned in milliseconds.
#pragma once

#include <QString>
#include <QStringList>

#include <vector>

#include "ui/session/schedule_view.h"

namespace rotaplan::ui {

struct LegSearch {
    std::vector<LegId> legs;  // by STD
    QString what;             // "flight XQ1974", "rotation R12", … ; empty when nothing matched
};

LegSearch search_legs(const ScheduleView& view, const QString& query);

// What the find field completes: flight numbers, registrations, rotation
// names and stations, sorted, each once.
QStringList search_completions(const ScheduleView& view);

}  // namespace rotaplan::ui
