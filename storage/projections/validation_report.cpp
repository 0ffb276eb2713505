#include "storage/projections/validation_report.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "storage/projections/validation_model.h"

namespace rotaplan::storage {

namespace {

validation::Constraint constraint_of(std::string_view name) {
    if (name == "continuity") return validation::Constraint::Continuity;
    if (name == "min_ground_time") return validation::Constraint::MinimumGroundTime;
    return validation::Constraint::DesignatorUniqueness;
}

// Reads violations into explained items: the rotations' names and airplanes
// once, then each pair with both its legs in one join (a schedule in a bad
// state can have tens of thousands of violations).
class Reader {
public:
    explicit Reader(Database& db) : db_(db), leg_(db) {
        for (auto& r : rotation_list(db)) names_[r.id] = {std::move(r.name), std::move(r.airplane)};
    }

    // Pair violations: all, or one rotation's.
    void pairs(std::optional<RotationId> rotation, std::vector<ViolationItem>& out) {
        auto& q = rotation ? pairs_of_rotation() : pairs_all();
        if (rotation) q.bind(1, rotation->value);
        while (q.step()) {
            ViolationItem item;
            item.constraint = constraint_of(q.text(0));
            item.actual_minutes = int(q.int64(1));
            item.required_minutes = int(q.int64(2));
            for (int first : {3, 3 + kLegRowColumns}) {
                LegRow row = leg_row(q, first);
                if (row.rotation)
                    if (auto it = names_.find(*row.rotation); it != names_.end()) {
                        row.rotation_name = it->second.first;
                        row.airplane = it->second.second;
                    }
                item.legs.push_back(std::move(row));
            }
            item.rotation = item.legs[0].rotation_name;
            item.airplane = item.legs[0].airplane;
            out.push_back(std::move(item));
        }
        q.reset();
    }

    // A designator group, if it is a violation now.
    std::optional<ViolationItem> group(const std::string& designator) {
        auto d = parse_designator(designator);
        if (!d) return std::nullopt;
        ViolationItem item;
        item.constraint = validation::Constraint::DesignatorUniqueness;
        item.designator = designator;
        for (LegId id : find_legs(db_, *d))
            if (auto row = leg_(id)) item.legs.push_back(*row);
        if (item.legs.size() < 2) return std::nullopt;
        return item;
    }

private:
    static std::string pair_sql() {
        return "SELECT v.constraint_kind, v.actual_minutes, v.required_minutes, " + leg_columns("a") + ", " +
               leg_columns("b") +
               " FROM violations v JOIN legs a ON a.leg_id = v.first_leg JOIN legs b ON b.leg_id = v.second_leg"
               " WHERE v.rotation_id IS NOT NULL";
    }
    Statement& pairs_all() {
        if (!all_) all_.emplace(db_.prepare(pair_sql()));
        return *all_;
    }
    Statement& pairs_of_rotation() {
        if (!one_) one_.emplace(db_.prepare(pair_sql() + " AND v.rotation_id = ?"));
        return *one_;
    }

    Database& db_;
    LegLookup leg_;
    std::unordered_map<RotationId, std::pair<std::string, std::string>, UuidHash> names_;
    std::optional<Statement> all_, one_;
};

void count(ValidationReport& report) {
    report.continuity = report.min_ground_time = report.designator_uniqueness = 0;
    for (const auto& i : report.items) {
        if (i.constraint == validation::Constraint::Continuity) ++report.continuity;
        else if (i.constraint == validation::Constraint::MinimumGroundTime) ++report.min_ground_time;
        else ++report.designator_uniqueness;
    }
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
    Reader reader(db);
    reader.pairs(rotation, report.items);
    auto groups = db.prepare("SELECT designator FROM violations WHERE constraint_kind = 'designator_uniqueness'");
    while (groups.step()) {
        auto item = reader.group(groups.str(0));
        if (!item) continue;
        if (rotation && std::none_of(item->legs.begin(), item->legs.end(),
                                     [&](const LegRow& r) { return r.rotation == rotation; }))
            continue;
        report.items.push_back(std::move(*item));
    }
    auto first_std = [](const ViolationItem& i) { return i.legs.empty() ? Instant{} : i.legs.front().leg.std_utc; };
    std::sort(report.items.begin(), report.items.end(), [&](const ViolationItem& a, const ViolationItem& b) {
        return std::tie(a.constraint, a.rotation, a.designator) < std::tie(b.constraint, b.rotation, b.designator) ||
               (std::tie(a.constraint, a.rotation, a.designator) == std::tie(b.constraint, b.rotation, b.designator) &&
                first_std(a) < first_std(b));
    });
    count(report);
    // Names are few (one per rotation) and not kept incrementally: read whole each time.
    std::map<RotationId, std::string> names;
    auto q = db.prepare("SELECT rotation_id, name FROM rotations");
    while (q.step()) names.emplace(RotationId{q.uuid(0)}, q.str(1));
    for (auto& d : validation::duplicate_rotation_names(names))
        if (!rotation || std::find(d.rotations.begin(), d.rotations.end(), *rotation) != d.rotations.end())
            report.duplicate_rotation_names.push_back(std::move(d));
    return report;
}

std::vector<ViolationItem> violations_of(Database& db, const std::vector<RotationId>& rotations,
                                         const std::vector<std::string>& designators) {
    std::vector<ViolationItem> out;
    Reader reader(db);
    for (RotationId r : rotations) reader.pairs(r, out);
    for (const auto& d : designators)
        if (auto item = reader.group(d)) out.push_back(std::move(*item));
    return out;
}

std::vector<ViolationItem> violations_of_leg(Database& db, LegId leg) {
    auto row = find_leg(db, leg);
    if (!row) return {};
    std::vector<ViolationItem> out;
    if (row->rotation) {
        Reader reader(db);
        std::vector<ViolationItem> pairs;
        reader.pairs(*row->rotation, pairs);
        for (auto& p : pairs)
            if (p.legs[0].leg.id == leg || p.legs[1].leg.id == leg) out.push_back(std::move(p));
    }
    if (auto group = Reader(db).group(designator_key(row->leg.designator))) out.push_back(std::move(*group));
    return out;
}

void replace_violations(ValidationReport& report, const std::vector<RotationId>& rotations,
                        const std::vector<std::string>& designators, std::vector<ViolationItem> items) {
    std::erase_if(report.items, [&](const ViolationItem& i) {
        if (i.constraint == validation::Constraint::DesignatorUniqueness)
            return std::find(designators.begin(), designators.end(), i.designator) != designators.end();
        return i.legs[0].rotation && std::find(rotations.begin(), rotations.end(), *i.legs[0].rotation) != rotations.end();
    });
    for (auto& i : items) report.items.push_back(std::move(i));
    count(report);
}

}  // namespace rotaplan::storage
