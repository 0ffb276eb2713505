#include "ui/commands/leg_changes.h"

#include <chrono>
#include <map>
#include <random>

#include "ui/commands/undo.h"
#include "storage/eventstore/system_mint.h"

namespace rotaplan::ui {

void move_legs(Session& session, const std::vector<LegId>& legs, std::optional<RotationId> to) {
    std::map<std::optional<RotationId>, std::vector<LegId>> from;
    std::vector<LegId> moving;
    for (LegId id : legs)
        if (const auto* row = session.view().leg(id); row && row->rotation != to) {
            from[row->rotation].push_back(id);
            moving.push_back(id);
        }
    if (moving.empty()) return;
    std::vector<Command> back;
    for (auto& [rotation, ids] : from) back.push_back(MoveLegs{ids, rotation});
    std::string target = "no rotation";
    for (const auto& r : session.view().rotations())
        if (to && r.id == *to) target = "rotation " + r.name;
    QString text = moving.size() == 1 ? QString("Move %1 to %2")
                                            .arg(QString::fromStdString(format_designator(session.view().leg(moving[0])->leg.designator)),
                                                 QString::fromStdString(target))
                                      : QString("Move %1 legs to %2").arg(moving.size()).arg(QString::fromStdString(target));
    perform(session, text, {MoveLegs{moving, to}}, std::move(back));
}

void add_leg(Session& session, Leg leg, std::optional<RotationId> rotation) {
    leg.id = storage::system_mint().leg();  // minted here, as every issuer does
    std::vector<Command> back;
    if (rotation) back.push_back(MoveLegs{{leg.id}, std::nullopt});
    back.push_back(DeleteLegs{{leg.id}});
    perform(session, QString("Add %1").arg(QString::fromStdString(format_designator(leg.designator))), {AddLegs{rotation, {leg}}},
                    std::move(back));
}

void retime_legs(Session& session, const std::vector<LegId>& legs, int minutes) {
    if (minutes == 0) return;
    std::vector<rotation::LegTimes> forward, backward;
    for (LegId id : legs)
        if (const auto* row = session.view().leg(id)) {
            forward.push_back({id, row->leg.std_utc + minutes, row->leg.sta_utc + minutes});
            backward.push_back({id, row->leg.std_utc, row->leg.sta_utc});
        }
    if (forward.empty()) return;
    QString text = QString("Retime %1 leg(s) by %2 min").arg(forward.size()).arg(minutes);
    perform(session, text, {RetimeLegs{forward}}, {RetimeLegs{backward}});
}

}  // namespace rotaplan::ui
