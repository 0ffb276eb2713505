#include "ui/commands/rotation_changes.h"

#include <random>

#include "ui/commands/undo.h"
#include "storage/eventstore/system_mint.h"

namespace rotaplan::ui {

namespace {

// Ids are minted by whoever issues a command (decisions.md): here, the GUI.
RotationId new_rotation_id() { return storage::system_mint().rotation(); }

const storage::RotationRow* rotation_row(Session& s, RotationId id) {
    for (const auto& r : s.view().rotations())
        if (r.id == id) return &r;
    return nullptr;
}

std::optional<RotationId> rotation_named(Session& s, const std::string& name) {
    for (const auto& r : s.view().rotations())
        if (r.name == name) return r.id;
    return std::nullopt;
}

}  // namespace

void create_rotation(Session& session, const QString& name) {
    RotationId id = new_rotation_id();
    perform(session, "Create rotation " + name, {CreateRotation{id, name.toStdString()}}, {DeleteRotation{id}});
}

void assign_airplane(Session& session, const Registration& airplane, RotationId rotation) {
    const auto* target = rotation_row(session, rotation);
    if (!target) return;
    std::vector<Command> back{UnassignAirplane{airplane}};
    for (const auto& a : session.view().airplanes())
        if (a.registration == airplane.str() && !a.rotation_name.empty())
            if (auto previous = rotation_named(session, a.rotation_name)) back = {AssignAirplane{airplane, *previous}};
    perform(session, QString("Assign %1 to %2").arg(QString::fromStdString(airplane.str()), QString::fromStdString(target->name)),
                    {AssignAirplane{airplane, rotation}}, std::move(back));
}

void unassign_airplane(Session& session, RotationId rotation) {
    const auto* r = rotation_row(session, rotation);
    if (!r || r->airplane.empty()) return;
    auto reg = Registration::from(r->airplane);
    perform(session, QString("Unassign %1").arg(QString::fromStdString(r->airplane)), {UnassignAirplane{reg}},
                    {AssignAirplane{reg, rotation}});
}

}  // namespace rotaplan::ui
