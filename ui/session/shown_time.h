// How the GUI prints a time: UTC, or the local time of the airport it happens at;
// and a day of origin as Qt's date widgets hold it.
//
//   UTC (the switch off, or an airport without a known offset):  2026-04-01T06:00Z
//   local (the airport's utc_offset_minutes, +120):              2026-04-01T08:00+02:00
//
// Times are stored, compared and edited in UTC only; these are for display.
// An airport whose offset is not known stays UTC and keeps its "Z", so a
// planner never takes a UTC time for a local one.
#pragma once

#include <QDate>
#include <QString>

#include <optional>

#include "core/time.h"

namespace rotaplan::ui {

// The whole instant, ISO 8601 with its offset.
QString shown_time(Instant t, std::optional<int> offset_minutes);
// The clock time only: "08:00" local, "06:00Z" UTC (for the chart's bars).
QString shown_clock(Instant t, std::optional<int> offset_minutes);

// A day of origin as Qt's date widgets hold it, and back.
inline QDate to_qdate(Date d) { return QDate(1970, 1, 1).addDays(d.days); }
inline Date to_date(const QDate& d) { return Date{std::int32_t(QDate(1970, 1, 1).daysTo(d))}; }

}  // namespace rotaplan::ui
