#include "validation_report.h"

#include <algorithm>

#include "validation_model.h"

namespace rotaplan::storage {

namespace {

validation::Constraint constraint_of(std::string_view name) {
    if (name == "continuity") return validation::Constraint::Continuity;
    if (name == "min_ground_time") return validation::Constraint::MinimumGroundTime;
    return validation::Constraint::DesignatorUniqueness;
}

}  // namespace

ValidationReport validation_report(Database& db, std::optional<RotationId> rotation) {
    ValidationReport report;
    if (rotation) {
        auto q = db.prepare("SELECT count(*) FROM legs WHERE rotation_id = ?");
        q.bind(1, rotation->value);
        q.step();
        report.legs = q.int64(0);
        report.rotations = 1;
    } else {
        report.legs = db.scalar("SELECT count(*) FROM legs");
        report.rotations = db.scalar("SELECT count(*) FROM rotations");
    }

    auto pairs = db.prepare(
        "SELECT constraint_kind, first_leg, second_leg, actual_minutes, required_minutes FROM violations "
        "WHERE rotation_id IS NOT NULL" +
        std::string(rotation ? " AND rotation_id = ?" : ""));
    if (rotation) pairs.bind(1, rotation->value);
    LegLookup leg(db);
    while (pairs.step()) {
        ViolationItem item;
        item.constraint = constraint_of(pairs.text(0));
        for (int c : {1, 2})
            if (auto row = leg(LegId{pairs.uuid(c)})) item.legs.push_back(*row);
        if (item.legs.size() != 2) continue;  // cannot happen in a consistent store
        item.rotation = item.legs[0].rotation_name;
        item.airplane = item.legs[0].airplane;
        item.actual_minutes = int(pairs.int64(3));
        item.required_minutes = int(pairs.int64(4));
        report.items.push_back(std::move(item));
    }

    auto groups = db.prepare("SELECT designator FROM violations WHERE constraint_kind = 'designator_uniqueness'");
    while (groups.step()) {
        ViolationItem item;
        item.constraint = validation::Constraint::DesignatorUniqueness;
        item.designator = groups.str(0);
        auto d = parse_designator(item.designator);
        if (!d) continue;
        for (LegId id : find_legs(db, *d))
            if (auto row = leg(id)) item.legs.push_back(*row);
        if (rotation && std::none_of(item.legs.begin(), item.legs.end(),
                                     [&](const LegRow& r) { return r.rotation == rotation; }))
            continue;
        report.items.push_back(std::move(item));
    }

    auto first_std = [](const ViolationItem& i) { return i.legs.empty() ? Instant{} : i.legs.front().leg.std_utc; };
    std::sort(report.items.begin(), report.items.end(), [&](const ViolationItem& a, const ViolationItem& b) {
        return std::tie(a.constraint, a.rotation, a.designator) < std::tie(b.constraint, b.rotation, b.designator) ||
               (std::tie(a.constraint, a.rotation, a.designator) == std::tie(b.constraint, b.rotation, b.designator) &&
                first_std(a) < first_std(b));
    });
    for (const auto& i : report.items) {
        if (i.constraint == validation::Constraint::Continuity) ++report.continuity;
        else if (i.constraint == validation::Constraint::MinimumGroundTime) ++report.min_ground_time;
        else ++report.designator_uniqueness;
    }
    return report;
}

}  // namespace rotaplan::storage
