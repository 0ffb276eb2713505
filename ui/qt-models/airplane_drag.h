// What an airplane carries when it is dragged: its registration, under a type
// of our own, so that only a rotation (in the rotations list or a chart row)
// takes it, and as text for anything else.
//
//   airplanes list / Airplane cell ──drag──▶ rotation row ──▶ assign_airplane (ui/commands)
#pragma once

#include <QMimeData>

#include <optional>

#include "core/codes.h"

namespace rotaplan::ui {

inline constexpr const char* kAirplaneMime = "application/x-rotaplan-airplane";

// Ownership passes to the caller (Qt's drag takes it).
inline QMimeData* airplane_mime(const QString& registration) {
    auto* mime = new QMimeData;
    mime->setData(kAirplaneMime, registration.toUtf8());
    mime->setText(registration);
    return mime;
}

inline std::optional<Registration> airplane_in(const QMimeData* mime) {
    if (!mime || !mime->hasFormat(kAirplaneMime)) return std::nullopt;
    std::string reg = mime->data(kAirplaneMime).toStdString();
    if (!check_registration(reg).empty()) return std::nullopt;
    return Registration::from(reg);
}

}  // namespace rotaplan::ui
