// Find over the GUI's copy of the schedule: see leg_search.h.
#include "leg_search.h"

#include <set>

namespace rotaplan::ui {

namespace {
std::vector<LegId> legs_where(const ScheduleView& view, auto&& keep) {
    std::vector<LegId> out;
    for (const auto* row : view.legs_in_order())
        if (keep(*row)) out.push_back(row->leg.id);
    return out;
}
}  // namespace

LegSearch search_legs(const ScheduleView& view, const QString& query) {
    const QString q = query.trimmed();
    if (q.isEmpty()) return {};
    const std::string text = q.toUpper().toStdString();
    if (q.contains('/'))
        if (auto d = parse_designator(text)) {
            auto legs = legs_where(view, [&](const storage::LegRow& r) { return r.leg.designator == *d; });
            return {legs, legs.empty() ? QString() : "leg " + QString::fromStdString(format_designator(*d))};
        }
    // Flight numbers are typed with or without a space ("XQ 1974").
    std::string compact = text;
    std::erase(compact, ' ');
    if (auto f = parse_flight_number(compact)) {
        auto legs = legs_where(view, [&](const storage::LegRow& r) { return r.leg.designator.flight == *f; });
        if (!legs.empty()) return {legs, "flight " + QString::fromStdString(format_flight_number(*f))};
    }
    for (const auto& a : view.airplanes())
        if (a.registration == text && !a.rotation_name.empty()) {
            auto legs = legs_where(view, [&](const storage::LegRow& r) { return r.airplane == a.registration; });
            return {legs, "airplane " + q.toUpper() + " (rotation " + QString::fromStdString(a.rotation_name) + ")"};
        }
    for (const auto& r : view.rotations())
        if (QString::fromStdString(r.name).compare(q, Qt::CaseInsensitive) == 0) {
            auto legs = legs_where(view, [&](const storage::LegRow& row) { return row.rotation == r.id; });
            return {legs, "rotation " + QString::fromStdString(r.name)};
        }
    if (check_airport(text).empty()) {
        auto legs = legs_where(view, [&](const storage::LegRow& r) { return r.leg.designator.departure.view() == text; });
        if (!legs.empty()) return {legs, "departures from " + q.toUpper()};
    }
    return {};
}

QStringList search_completions(const ScheduleView& view) {
    std::set<QString> words;
    std::set<FlightNumber> flights;
    std::set<AirportCode> stations;
    for (const auto* row : view.legs_in_order()) {
        flights.insert(row->leg.designator.flight);
        stations.insert(row->leg.designator.departure);
    }
    for (const auto& f : flights) words.insert(QString::fromStdString(format_flight_number(f)));
    for (const auto& s : stations) words.insert(QString::fromStdString(s.str()));
    for (const auto& a : view.airplanes()) words.insert(QString::fromStdString(a.registration));
    for (const auto& r : view.rotations()) words.insert(QString::fromStdString(r.name));
    return QStringList(words.begin(), words.end());
}

}  // namespace rotaplan::ui
