#include "storage/imports/ssm_export.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
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
    // The changed legs of each side, then each flight's whole day: flat
    // vectors sorted by flight, day and STD, joined by a merge (a first
    // publication is every leg of the season).
    std::vector<Leg> changed_before, changed_after;
    for_each_leg_change(then, later, events, from, to, [&](const std::optional<LegRow>& a, const std::optional<LegRow>& b) {
        if (a) changed_before.push_back(a->leg);
        if (b) changed_after.push_back(b->leg);
    });
    auto key_of = [](const Leg& l) { return FlightKey{l.designator.flight, l.designator.day_of_origin}; };
    auto by_day = [&](const Leg& x, const Leg& y) {
        return std::tie(x.designator.flight, x.designator.day_of_origin, x.std_utc, x.id) <
               std::tie(y.designator.flight, y.designator.day_of_origin, y.std_utc, y.id);
    };
    ssm::ComposeInput in;
    in.time_mode = mode;
    in.created = created;
    in.group = group;
    if (!changed_before.empty() || !changed_after.empty()) {
        std::vector<FlightKey> keys;
        keys.reserve(changed_before.size() + changed_after.size());
        for (const auto* legs : {&changed_before, &changed_after})
            for (const Leg& l : *legs) keys.push_back(key_of(l));
        std::sort(keys.begin(), keys.end());
        keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
        std::set<FlightNumber> flights;
        for (const FlightKey& k : keys) flights.insert(k.flight);
        // A flight's whole day on each side: its unchanged legs are read too,
        // unless every leg of that side changed.
        auto side = [&](Database& db, std::vector<Leg>& changed) {
            std::vector<Leg> legs;
            if (std::int64_t(changed.size()) == db.scalar("SELECT count(*) FROM legs")) {
                legs = std::move(changed);
            } else {
                std::string where;
                if (flights.size() <= 500) {
                    std::set<int> numbers;
                    for (const auto& f : flights) numbers.insert(f.number);
                    for (int n : numbers) where += (where.empty() ? "flight_number IN (" : ",") + std::to_string(n);
                    where += ")";
                }
                for_each_leg(
                    db,
                    [&](const Leg& l, const std::optional<RotationId>&) {
                        if (std::binary_search(keys.begin(), keys.end(), key_of(l))) legs.push_back(l);
                    },
                    where);
            }
            std::sort(legs.begin(), legs.end(), by_day);
            return legs;
        };
        const std::vector<Leg> before = side(then, changed_before), after = side(later, changed_after);
        in.days.reserve(keys.size());
        std::size_t i = 0, j = 0;
        for (const FlightKey& k : keys) {
            ssm::FlightDay d;
            d.flight = k.flight;
            d.day_of_origin = k.day;
            for (; i < before.size() && key_of(before[i]) == k; ++i) d.before.push_back(before[i]);
            for (; j < after.size() && key_of(after[j]) == k; ++j) d.after.push_back(after[j]);
            in.days.push_back(std::move(d));
        }
        in.templates = ssim_templates(later);
        // The airports' clocks (built from tzdata, a few milliseconds a zone)
        // only when a local time needs one: a leg read from an SSIM file keeps its file's UTC variations.
        bool clocks = false;
        if (mode == ssm::TimeMode::Local)
            for (const auto& d : in.days) {
                for (const auto* legs : {&d.before, &d.after})
                    for (const Leg& l : *legs) clocks |= !l.attributes || !in.templates.count(l.attributes);
                if (clocks) break;
            }
        if (clocks) in.clocks = airport_clocks(later);
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
