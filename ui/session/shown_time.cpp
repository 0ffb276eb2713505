#include "shown_time.h"

#include <cstdlib>

namespace rotaplan::ui {

namespace {
// "2026-04-01T08:00" of the clock at that offset.
QString wall_clock(Instant t, int offset) {
    std::string text = format_instant(t + offset);  // "2026-04-01T08:00Z"
    return QString::fromStdString(text.substr(0, text.size() - 1));
}
}  // namespace

QString shown_time(Instant t, std::optional<int> offset) { return QString::fromStdString(format_instant(t, offset)); }

QString shown_clock(Instant t, std::optional<int> offset) {
    QString clock = wall_clock(t, offset.value_or(0)).mid(11, 5);
    return offset ? clock : clock + "Z";
}

}  // namespace rotaplan::ui
