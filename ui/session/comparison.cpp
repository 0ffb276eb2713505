#include "comparison.h"

#include <QStringList>

#include <algorithm>
#include <map>
#include <tuple>
#include <unordered_set>

namespace rotaplan::ui {

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }
QString rotation_of(const storage::LegRow& r) { return r.rotation ? q(r.rotation_name) : QString("no rotation"); }
QString times(const Leg& l) { return q(format_instant(l.std_utc) + "-" + format_instant(l.sta_utc)); }

enum Differs : unsigned { Added = 1, Removed = 2, Retimed = 4, Moved = 8, Changed = 16 };

unsigned differences(const std::optional<storage::LegRow>& then, const std::optional<storage::LegRow>& now) {
    if (!then) return now ? unsigned(Added) : 0u;
    if (!now) return Removed;
    unsigned d = 0;
    if (then->leg.std_utc != now->leg.std_utc || then->leg.sta_utc != now->leg.sta_utc) d |= Retimed;
    if (then->rotation != now->rotation) d |= Moved;
    if (then->leg.arrival != now->leg.arrival || then->leg.aircraft_type != now->leg.aircraft_type ||
        then->leg.service_type != now->leg.service_type)
        d |= Changed;
    return d;
}

ComparisonLine leg_line(unsigned d, const std::optional<storage::LegRow>& then, const std::optional<storage::LegRow>& now) {
    ComparisonLine line;
    const Leg& leg = now ? now->leg : then->leg;
    line.leg = leg.id;
    QString name = q(format_designator(leg.designator));
    if (d & Added) {
        line.kind = ComparisonLine::Kind::LegAdded;
        line.text = "+ " + q(describe(leg)) + " added, in " + rotation_of(*now);
        return line;
    }
    if (d & Removed) {
        line.kind = ComparisonLine::Kind::LegRemoved;
        line.text = "- " + q(describe(leg)) + " removed, was in " + rotation_of(*then);
        return line;
    }
    QStringList what;
    if (d & Retimed) what << "retimed " + times(then->leg) + " -> " + times(now->leg);
    if (d & Moved) what << "moved " + rotation_of(*then) + " -> " + rotation_of(*now);
    if (d & Changed) {
        QString c = "changed:";
        if (then->leg.arrival != now->leg.arrival) c += " arrival " + q(then->leg.arrival.str()) + " -> " + q(now->leg.arrival.str());
        if (then->leg.aircraft_type != now->leg.aircraft_type)
            c += " type " + q(then->leg.aircraft_type.str()) + " -> " + q(now->leg.aircraft_type.str());
        if (then->leg.service_type != now->leg.service_type)
            c += QString(" service %1 -> %2").arg(QChar(then->leg.service_type), QChar(now->leg.service_type));
        what << c;
    }
    line.kind = d & Retimed ? ComparisonLine::Kind::LegRetimed : d & Moved ? ComparisonLine::Kind::LegMoved : ComparisonLine::Kind::LegChanged;
    line.text = (d & Retimed ? "~ " : d & Moved ? "> " : "* ") + name + " " + what.join("; ");
    return line;
}

}  // namespace

QString Comparison::summary() const {
    QStringList parts;
    auto add = [&](long n, const char* one, const char* many, const char* what) {
        if (n) parts << QString("%1 %2 %3").arg(n).arg(n == 1 ? one : many).arg(what);
    };
    add(legs_added, "leg", "legs", "added");
    add(legs_removed, "leg", "legs", "removed");
    add(legs_retimed, "leg", "legs", "retimed");
    add(legs_moved, "leg", "legs", "moved to another rotation");
    add(legs_changed, "leg", "legs", "changed");
    add(rotations_created, "rotation", "rotations", "created");
    add(rotations_deleted, "rotation", "rotations", "deleted");
    add(rotations_renamed, "rotation", "rotations", "renamed");
    add(airplanes_reassigned, "airplane", "airplanes", "assigned differently");
    return parts.isEmpty() ? QString("no difference") : parts.join(", ");
}

Comparison compare_with_now(storage::Database& past, storage::Database& now, storage::EventStore& events, std::int64_t as_of) {
    Comparison c;
    c.as_of = as_of;
    c.now = events.last_position();
    auto keep = [&](ComparisonLine line) {
        ++c.total_lines;
        if (c.lines.size() < Comparison::kMaxLines) c.lines.push_back(std::move(line));
    };

    // Rotations: by id, both lists whole.
    std::map<RotationId, storage::RotationRow> then_rotations, now_rotations;
    for (auto& r : storage::rotation_list(past)) then_rotations[r.id] = r;
    for (auto& r : storage::rotation_list(now)) now_rotations[r.id] = r;
    for (const auto& [id, r] : now_rotations) {
        auto it = then_rotations.find(id);
        if (it == then_rotations.end()) {
            ++c.rotations_created;
            keep({ComparisonLine::Kind::Rotation, "+ rotation " + q(r.name) + " created", std::nullopt});
        } else if (it->second.name != r.name) {
            ++c.rotations_renamed;
            keep({ComparisonLine::Kind::Rotation, "~ rotation " + q(it->second.name) + " renamed " + q(r.name), std::nullopt});
        }
    }
    for (const auto& [id, r] : then_rotations)
        if (!now_rotations.count(id)) {
            ++c.rotations_deleted;
            keep({ComparisonLine::Kind::Rotation, "- rotation " + q(r.name) + " deleted", std::nullopt});
        }

    // Airplanes: which rotation each flies (or whether it is there at all).
    std::map<std::string, std::string> then_planes, now_planes;
    for (auto& a : storage::airplanes(past)) then_planes[a.registration] = a.rotation_name;
    for (auto& a : storage::airplanes(now)) now_planes[a.registration] = a.rotation_name;
    auto flying = [](const std::string& rotation) { return rotation.empty() ? QString("no rotation") : q(rotation); };
    for (const auto& [reg, rotation] : now_planes) {
        auto it = then_planes.find(reg);
        if (it == then_planes.end()) {
            keep({ComparisonLine::Kind::Airplane, "+ airplane " + q(reg) + " registered, flies " + flying(rotation), std::nullopt});
            if (!rotation.empty()) ++c.airplanes_reassigned;
        } else if (it->second != rotation) {
            ++c.airplanes_reassigned;
            keep({ComparisonLine::Kind::Airplane, "> airplane " + q(reg) + ": " + flying(it->second) + " -> " + flying(rotation), std::nullopt});
        }
    }
    for (const auto& [reg, rotation] : then_planes)
        if (!now_planes.count(reg)) {
            if (!rotation.empty()) ++c.airplanes_reassigned;
            keep({ComparisonLine::Kind::Airplane, "- airplane " + q(reg) + " removed, flew " + flying(rotation), std::nullopt});
        }

    // Legs: only those an event since then concerns can differ.
    std::unordered_set<LegId, UuidHash> touched;
    events.read_all(as_of, c.now, [&](std::int64_t, const Event& e) {
        for (LegId id : legs_concerned(e)) touched.insert(id);
    });
    storage::LegLookup then_leg(past), now_leg(now);
    struct Found {
        Instant when;
        LegId id;
        unsigned differs;
    };
    std::vector<Found> found;
    for (LegId id : touched) {
        auto then = then_leg(id), current = now_leg(id);
        unsigned d = differences(then, current);
        if (!d) continue;  // e.g. moved out and back
        c.legs_added += (d & Added) != 0;
        c.legs_removed += (d & Removed) != 0;
        c.legs_retimed += (d & Retimed) != 0;
        c.legs_moved += (d & Moved) != 0;
        c.legs_changed += (d & Changed) != 0;
        found.push_back({current ? current->leg.std_utc : then->leg.std_utc, id, d});
    }
    std::sort(found.begin(), found.end(), [](const Found& a, const Found& b) { return std::tie(a.when, a.id) < std::tie(b.when, b.id); });
    for (const auto& f : found) {
        if (c.lines.size() >= Comparison::kMaxLines) {
            c.total_lines += long(found.size()) - (&f - found.data());  // counted, not written
            break;
        }
        keep(leg_line(f.differs, then_leg(f.id), now_leg(f.id)));  // read again: only the lines shown keep rows
    }
    return c;
}

}  // namespace rotaplan::ui
