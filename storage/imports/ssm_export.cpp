#include "storage/imports/ssm_export.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_set>

#include "core/ssm/changes.h"
#include "core/ssm/writer.h"
#include "storage/projections/comparison.h"
#include "storage/projections/queries.h"
#include "storage/projections/time_zones.h"

namespace rotaplan::storage {

namespace {

struct FlightKey {
    FlightNumber flight;
    Date day;
    auto operator<=>(const FlightKey&) const = default;
};

// Every leg of the given flights, by flight and day of origin, sorted by STD.
std::map<FlightKey, std::vector<Leg>> flights_days(Database& db, const std::set<FlightNumber>& flights, const std::set<FlightKey>& wanted) {
    std::map<FlightKey, std::vector<Leg>> out;
    std::string where;
    if (flights.size() <= 500) {
        std::set<int> numbers;
        for (const auto& f : flights) numbers.insert(f.number);
        where = "flight_number IN (";
        bool first = true;
        for (int n : numbers) {
            where += (first ? "" : ",") + std::to_string(n);
            first = false;
        }
        where += ")";
    }
    for_each_leg(
        db,
        [&](const Leg& l, const std::optional<RotationId>&) {
            FlightKey k{l.designator.flight, l.designator.day_of_origin};
            if (wanted.count(k)) out[k].push_back(l);
        },
        where);
    for (auto& [k, legs] : out)
        std::sort(legs.begin(), legs.end(), [](const Leg& a, const Leg& b) { return std::tie(a.std_utc, a.id) < std::tie(b.std_utc, b.id); });
    return out;
}

}  // namespace

std::string SsmExport::summary() const {
    if (messages.empty()) return "no change to send";
    long ssm = 0, asm_ = 0;
    std::map<std::string, long> actions;
    for (const auto& m : messages) {
        (m.kind == ssm::Kind::Ssm ? ssm : asm_)++;
        for (const auto& s : m.subs) actions[ssm::action_name(s.action)]++;
    }
    std::string out = std::to_string(messages.size()) + (messages.size() == 1 ? " message" : " messages") + " (" + std::to_string(ssm) +
                      " SSM, " + std::to_string(asm_) + " ASM):";
    bool first = true;
    for (const auto& [a, n] : actions) {
        out += (first ? " " : ", ") + std::to_string(n) + " " + a;
        first = false;
    }
    return out;
}

SsmExport export_ssm(Database& then, Database& later, EventStore& events, std::int64_t from, std::int64_t to, ssm::TimeMode mode,
                     Date created, std::int64_t group) {
    SsmExport out;
    std::set<FlightKey> wanted;
    std::set<FlightNumber> flights;
    for_each_leg_change(then, later, events, from, to, [&](const std::optional<LegRow>& a, const std::optional<LegRow>& b) {
        for (const auto* row : {&a, &b})
            if (*row) {
                wanted.insert({(*row)->leg.designator.flight, (*row)->leg.designator.day_of_origin});
                flights.insert((*row)->leg.designator.flight);
            }
    });
    ssm::ComposeInput in;
    in.time_mode = mode;
    in.created = created;
    in.group = group;
    if (!wanted.empty()) {
        auto before = flights_days(then, flights, wanted);
        auto after = flights_days(later, flights, wanted);
        in.days.reserve(wanted.size());
        for (const FlightKey& k : wanted) {
            ssm::FlightDay d;
            d.flight = k.flight;
            d.day_of_origin = k.day;
            if (auto it = before.find(k); it != before.end()) d.before = std::move(it->second);
            if (auto it = after.find(k); it != after.end()) d.after = std::move(it->second);
            in.days.push_back(std::move(d));
        }
        in.templates = ssim_templates(later);
        in.clocks = airport_clocks(later);
    }
    out.flights_days = long(in.days.size());
    auto composed = ssm::compose(in);
    if (composed.error) {
        out.error = composed.error;
        return out;
    }
    out.messages = std::move(composed.messages);
    out.sub_messages = composed.sub_messages;
    out.group = group;
    out.groups = composed.groups;
    out.text = ssm::write(out.messages);
    return out;
}

std::int64_t next_message_group(Database& store) { return store.scalar("SELECT next_group FROM ssm_sequence WHERE id = 1"); }

void take_message_groups(Database& store, std::int64_t group, std::int64_t groups) {
    if (groups <= 0) return;
    auto q = store.prepare("UPDATE ssm_sequence SET next_group = max(next_group, ?) WHERE id = 1");
    q.bind(1, group + groups);
    q.step();
}

}  // namespace rotaplan::storage
