#include "validation_report.h"

#include <algorithm>
#include <unordered_map>

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

    // Names and airplanes once, then every pair with both its legs in one join:
    // a schedule in a bad state can have tens of thousands of violations.
    std::unordered_map<RotationId, std::pair<std::string, std::string>, UuidHash> names;
    {
        auto q = db.prepare(
            "SELECT r.rotation_id, r.name, (SELECT registration FROM airplanes a WHERE a.rotation_id = r.rotation_id) "
            "FROM rotations r");
        while (q.step()) names[RotationId{q.uuid(0)}] = {q.str(1), q.str(2)};
    }
    auto pairs = db.prepare("SELECT v.constraint_kind, v.actual_minutes, v.required_minutes, " + leg_columns("a") + ", " +
                            leg_columns("b") +
                            " FROM violations v JOIN legs a ON a.leg_id = v.first_leg JOIN legs b ON b.leg_id = v.second_leg"
                            " WHERE v.rotation_id IS NOT NULL" +
                            std::string(rotation ? " AND v.rotation_id = ?" : ""));
    if (rotation) pairs.bind(1, rotation->value);
    while (pairs.step()) {
        ViolationItem item;
        item.constraint = constraint_of(pairs.text(0));
        item.actual_minutes = int(pairs.int64(1));
        item.required_minutes = int(pairs.int64(2));
        for (int first : {3, 3 + kLegRowColumns}) {
            LegRow row = leg_row(pairs, first);
            if (row.rotation)
                if (auto it = names.find(*row.rotation); it != names.end()) {
                    row.rotation_name = it->second.first;
                    row.airplane = it->second.second;
                }
            item.legs.push_back(std::move(row));
        }
        item.rotation = item.legs[0].rotation_name;
        item.airplane = item.legs[0].airplane;
        report.items.push_back(std::move(item));
    }
    LegLookup leg(db);

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
