#include "storage/imports/ssm_apply.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "core/ssim/reader.h"
#include "core/ssm/changes.h"
#include "core/ssm/reader.h"
#include "core/ssm/writer.h"
#include "storage/eventstore/system_mint.h"
#include "storage/imports/ssm_export.h"
#include "storage/projections/queries.h"
#include "storage/projections/time_zones.h"

namespace rotaplan::storage {

namespace {

using ssm::Action;

struct Refused {
    std::string reason;
};
[[noreturn]] void refuse(const std::string& why) { throw Refused{why}; }

std::string date_text(Date d) { return ssim::format_ssim_date(d); }
std::string flight_text(const FlightNumber& f) { return format_flight_number(f); }

std::string describe_sub(const ssm::Message& m, const ssm::SubMessage& s) {
    std::string out = std::string(ssm::action_name(s.action)) + " " + flight_text(s.flight) + " ";
    if (m.kind == ssm::Kind::Asm || s.period.from == s.period.to) out += date_text(s.period.from);
    else out += ssm::period_line(s.period);
    if (s.new_flight) out += " -> " + flight_text(*s.new_flight);
    return out;
}

const char* unsupported_reason(Action a) {
    switch (a) {
    case Action::Skd: return "SKD (schedule dump) replaces a whole season's validity; send the season as an SSIM file (rotaplan-cli import-ssim)";
    case Action::Adm: return "ADM changes data elements only (meals, traffic restrictions, ...), which Rotaplan keeps from SSIM files but does not edit";
    case Action::Con: return "CON changes the aircraft configuration only, which Rotaplan keeps from SSIM files but does not edit";
    case Action::Rrt: return "RRT (routing change) is not applied; send an RPL with the new routing";
    case Action::Rev: return "REV (period revision) is not applied; send CNL and NEW for the dates";
    case Action::Rin: return "RIN reinstates single dates: an ASM, not an SSM";
    case Action::Ack:
    case Action::Nac: return "an acknowledgement changes no schedule";
    default: return "not applied by Rotaplan";
    }
}

class Applier {
public:
    Applier(ScheduleStore& store, const IssueCommand& issue, const ImportResult& result, CommandContext context)
        : store_(store), db_(store.database()), issue_(issue), context_(std::move(context)),
          clocks_(airport_clocks(store.database())),
          day_(db_.prepare("SELECT " + leg_columns("l") +
                           " FROM legs l WHERE airline = ? AND flight_number = ? AND suffix = ? AND day_of_origin = ? ORDER BY std, leg_id")) {
        context_.correlation_id = result.import.str();
    }

    // One sub-message, as commands; throws Refused.
    void apply(const ssm::Message& m, const ssm::SubMessage& s, SsmMessageOutcome& o) {
        if (!ssm::supported(m.kind, s.action)) refuse(std::string(ssm::action_name(s.action)) + ": " + unsupported_reason(s.action));
        mode_ = m.time_mode;
        line_ = s.line;
        ssm_element_ = ssm::action_name(s.action);
        if (s.action != Action::Tim) flush();
        std::vector<Date> dates = ssm::dates_of(s);
        if (dates.empty()) refuse("the period " + ssm::period_line(s.period) + " names no date");
        switch (s.action) {
        case Action::New: new_legs(s, dates, o); break;
        case Action::Cnl: cancel(s, dates, o); break;
        case Action::Tim: retime(s, dates, o); break;
        case Action::Eqt: equipment(s, dates, o); break;
        case Action::Rpl: replace(s, dates, o); break;
        case Action::Flt: rename(s, dates, o); break;
        case Action::Rin: reinstate(s, dates, o); break;
        default: break;
        }
    }

    // Retimes refused for an overlap, tried again once the file's other messages are in.
    struct Pending {
        RetimeLegs command;
        SsmMessageOutcome* outcome;
        std::string reason;
        int line;
    };
    std::vector<Pending> pending;

    void settle() {
        bool progress = true;
        while (!pending.empty() && progress) {
            progress = false;
            for (auto it = pending.begin(); it != pending.end();) {
                auto outcome = store_.try_command({it->command, context_});
                if (outcome.ok) {
                    events_ += int(outcome.positions.size());
                    it = pending.erase(it);
                    progress = true;
                } else {
                    it->reason = outcome.error.message;
                    ++it;
                }
            }
        }
    }
    int events() const { return events_; }

private:
    std::vector<LegRow> flight_day(const FlightNumber& f, Date day) {
        day_.reset();
        day_.bind(1, f.airline.view()).bind(2, int(f.number)).bind(3, f.suffix ? std::string(1, f.suffix) : std::string()).bind(4, std::int64_t{day.days});
        std::vector<LegRow> out;
        while (day_.step()) out.push_back(leg_row(day_));
        return out;
    }

    // The flight as the store has it on the message's date: in local time
    // mode the date is its day of origin; in UTC the UTC date of its first departure.
    std::pair<Date, std::vector<LegRow>> existing(const FlightNumber& f, Date date) {
        if (mode_ == ssm::TimeMode::Local) return {date, flight_day(f, date)};
        for (int shift : {0, -1, 1}) {
            Date d{date.days + shift};
            auto legs = flight_day(f, d);
            if (!legs.empty() && date_of(legs.front().leg.std_utc) == date) return {d, std::move(legs)};
        }
        return {date, {}};
    }

    void issue(Command c) {
        if (!issue_(std::move(c), Where(line_, 1, ssm_element_))) throw Refused{};  // the reason is the import's error
    }

    Leg make_leg(const FlightNumber& f, const ssm::LegLine& line, const std::optional<ssm::Equipment>& eq, Date flight_date,
                 std::optional<Date> day_of_origin) {
        std::string why;
        auto t = ssm::utc_times(line, mode_, flight_date, clocks_, &why);
        if (!t) refuse(why);
        Leg l;
        l.designator.flight = f;
        l.designator.departure = line.departure;
        l.arrival = line.arrival;
        l.std_utc = t->std_utc;
        l.sta_utc = t->sta_utc;
        auto e = line.equipment ? line.equipment : eq;
        if (!e) refuse("leg " + line.departure.str() + "-" + line.arrival.str() + " has no equipment line before it");
        l.aircraft_type = e->aircraft_type;
        l.service_type = e->service_type;
        l.designator.day_of_origin = day_of_origin ? *day_of_origin : local_date(clocks_, line.departure, l.std_utc);
        if (auto bad = check_leg(l); !bad.empty()) refuse("leg " + describe(l) + ": " + bad);
        return l;
    }

    std::vector<LegRow> chosen(const std::vector<LegRow>& legs, const ssm::SubMessage& s) {
        if (s.legs_changed.empty()) return legs;
        std::vector<LegRow> out;
        for (const auto& changed : s.legs_changed) {
            const auto& [dep, arr] = changed;
            auto it = std::find_if(legs.begin(), legs.end(), [&](const LegRow& r) {
                return r.leg.designator.departure == changed.first && r.leg.arrival == changed.second;
            });
            if (it == legs.end()) refuse("flight " + flight_text(s.flight) + " has no leg " + dep.str() + "-" + arr.str() + " on " + date_text(s.period.from));
            out.push_back(*it);
        }
        return out;
    }

    void take_out_and_delete(const std::vector<LegRow>& legs) {
        std::vector<LegId> in_rotation, all;
        for (const auto& r : legs) {
            all.push_back(r.leg.id);
            if (r.rotation) in_rotation.push_back(r.leg.id);
        }
        if (!in_rotation.empty()) issue(MoveLegs{in_rotation, std::nullopt});
        if (!all.empty()) issue(DeleteLegs{all});
    }

    void new_legs(const ssm::SubMessage& s, const std::vector<Date>& dates, SsmMessageOutcome& o) {
        std::vector<Leg> added;
        for (Date date : dates) {
            std::optional<Date> origin;
            if (mode_ == ssm::TimeMode::Local) origin = date;
            for (const auto& line : s.legs) {
                Leg l = make_leg(s.flight, line, s.equipment, date, origin);
                origin = l.designator.day_of_origin;  // later legs keep the flight's day of origin
                if (!find_legs(db_, l.designator).empty())
                    refuse(format_designator(l.designator) + " exists already: NEW adds a flight; TIM, EQT or RPL change one");
                l.id = system_mint().leg();
                added.push_back(l);
            }
        }
        o.legs_added += long(added.size());
        issue(AddLegs{std::nullopt, std::move(added)});
    }

    void cancel(const ssm::SubMessage& s, const std::vector<Date>& dates, SsmMessageOutcome& o) {
        std::vector<LegRow> gone;
        for (Date date : dates) {
            auto [day, legs] = existing(s.flight, date);
            if (legs.empty()) {
                if (dates.size() == 1) refuse("flight " + flight_text(s.flight) + " does not operate on " + date_text(date));
                continue;
            }
            for (auto& r : chosen(legs, s)) gone.push_back(r);
        }
        if (gone.empty()) refuse("flight " + flight_text(s.flight) + " does not operate in " + ssm::period_line(s.period));
        o.legs_cancelled += long(gone.size());
        take_out_and_delete(gone);
    }

    // The store's leg each line names (by departure, then arrival), on one day.
    const LegRow& leg_for(const std::vector<LegRow>& legs, const ssm::LegLine& line, const FlightNumber& f, Date date) {
        for (const auto& r : legs)
            if (r.leg.designator.departure == line.departure) {
                if (r.leg.arrival != line.arrival)
                    refuse("flight " + flight_text(f) + " on " + date_text(date) + " flies " + line.departure.str() + "-" + r.leg.arrival.str() +
                           ", not " + line.departure.str() + "-" + line.arrival.str() + ": a routing change is an RPL");
                return r;
            }
        refuse("flight " + flight_text(f) + " has no leg from " + line.departure.str() + " on " + date_text(date));
    }

    void retime(const ssm::SubMessage& s, const std::vector<Date>& dates, SsmMessageOutcome& o) {
        RetimeLegs command;
        for (Date date : dates) {
            auto [day, legs] = existing(s.flight, date);
            if (legs.empty()) {
                if (dates.size() == 1) refuse("flight " + flight_text(s.flight) + " does not operate on " + date_text(date));
                continue;
            }
            for (const auto& line : s.legs) {
                const LegRow& r = leg_for(legs, line, s.flight, date);
                std::string why;
                auto t = ssm::utc_times(line, mode_, date, clocks_, &why);
                if (!t) refuse(why);
                if (auto bad = check_leg_times(t->std_utc, t->sta_utc); !bad.empty()) refuse("leg " + describe(r.leg) + ": " + bad);
                if (t->std_utc != r.leg.std_utc || t->sta_utc != r.leg.sta_utc) command.times.push_back({r.leg.id, t->std_utc, t->sta_utc});
            }
        }
        if (command.times.empty()) return;
        o.legs_retimed += long(command.times.size());
        batch_.push_back({std::move(command), &o, {}, s.line});
    }

public:
    // The TIMs since the last other action, as one command: a file of a
    // thousand ASMs is one retime, not a thousand. When it is refused, each
    // is tried on its own to find the one to blame.
    void flush() {
        if (batch_.empty()) return;
        std::vector<Pending> batch = std::move(batch_);
        batch_.clear();
        RetimeLegs all;
        std::set<LegId> seen;
        bool repeated = false;
        for (const auto& p : batch)
            for (const auto& t : p.command.times) {
                repeated |= !seen.insert(t.leg).second;
                all.times.push_back(t);
            }
        if (!repeated && batch.size() > 1) {
            auto outcome = store_.try_command({all, context_});
            if (outcome.ok) {
                events_ += int(outcome.positions.size());
                return;
            }
        }
        for (auto& p : batch) {
            auto outcome = store_.try_command({p.command, context_});
            if (outcome.ok) {
                events_ += int(outcome.positions.size());
                continue;
            }
            if (outcome.error.message.find("overlap") != std::string::npos) {
                p.reason = outcome.error.message;
                pending.push_back(std::move(p));
                continue;
            }
            blame = p.outcome;
            blame_line = p.line;
            refuse(outcome.error.message);
        }
    }
    // A refusal found when the batch was written belongs to its own message.
    SsmMessageOutcome* blame = nullptr;
    int blame_line = 0;

private:
    std::vector<Pending> batch_;

    void equipment(const ssm::SubMessage& s, const std::vector<Date>& dates, SsmMessageOutcome& o) {
        AmendLegs command;
        for (Date date : dates) {
            auto [day, legs] = existing(s.flight, date);
            if (legs.empty()) {
                if (dates.size() == 1) refuse("flight " + flight_text(s.flight) + " does not operate on " + date_text(date));
                continue;
            }
            std::vector<LegRow> which = chosen(legs, s);
            if (!s.legs.empty()) {
                which.clear();
                for (const auto& line : s.legs) which.push_back(leg_for(legs, line, s.flight, date));
            }
            for (const auto& r : which) {
                Leg l = r.leg;
                l.aircraft_type = s.equipment->aircraft_type;
                l.service_type = s.equipment->service_type;
                if (auto bad = check_leg(l); !bad.empty()) refuse("leg " + describe(l) + ": " + bad);
                if (!(l == r.leg)) command.legs.push_back(l);
            }
        }
        if (command.legs.empty()) return;
        o.legs_changed += long(command.legs.size());
        issue(std::move(command));
    }

    void replace(const ssm::SubMessage& s, const std::vector<Date>& dates, SsmMessageOutcome& o) {
        std::vector<LegRow> gone;
        std::vector<Leg> added, amended;
        RetimeLegs retimes;
        for (Date date : dates) {
            // Not a structured binding: clang 14 cannot capture one in a lambda.
            auto found = existing(s.flight, date);
            const auto& day = found.first;
            auto& legs = found.second;
            if (legs.empty()) {
                if (dates.size() == 1) refuse("flight " + flight_text(s.flight) + " does not operate on " + date_text(date) + ": RPL replaces, NEW adds");
                continue;
            }
            std::vector<bool> kept(legs.size(), false);
            for (const auto& line : s.legs) {
                Leg want = make_leg(s.flight, line, s.equipment, date, day);
                auto it = std::find_if(legs.begin(), legs.end(), [&](const LegRow& r) {
                    return !kept[std::size_t(&r - legs.data())] && r.leg.designator.departure == line.departure;
                });
                if (it == legs.end()) {
                    if (!find_legs(db_, want.designator).empty())
                        refuse(format_designator(want.designator) + " is named twice in the routing");
                    want.id = system_mint().leg();
                    added.push_back(want);
                    continue;
                }
                kept[std::size_t(it - legs.begin())] = true;
                const Leg& have = it->leg;
                if (want.std_utc != have.std_utc || want.sta_utc != have.sta_utc) retimes.times.push_back({have.id, want.std_utc, want.sta_utc});
                Leg amend = have;
                amend.arrival = want.arrival;
                amend.aircraft_type = want.aircraft_type;
                amend.service_type = want.service_type;
                if (!(amend == have)) amended.push_back(amend);
            }
            for (std::size_t k = 0; k < legs.size(); ++k)
                if (!kept[k]) gone.push_back(legs[k]);
        }
        take_out_and_delete(gone);
        if (!amended.empty()) issue(AmendLegs{amended});
        if (!retimes.times.empty()) {
            auto outcome = store_.try_command({retimes, context_});
            if (outcome.ok) events_ += int(outcome.positions.size());
            else if (outcome.error.message.find("overlap") != std::string::npos) pending.push_back({retimes, &o, outcome.error.message, s.line});
            else refuse(outcome.error.message);
        }
        if (!added.empty()) issue(AddLegs{std::nullopt, added});
        o.legs_cancelled += long(gone.size());
        o.legs_added += long(added.size());
        o.legs_changed += long(amended.size());
        o.legs_retimed += long(retimes.times.size());
    }

    void rename(const ssm::SubMessage& s, const std::vector<Date>& dates, SsmMessageOutcome& o) {
        if (s.new_flight->airline != s.flight.airline)
            refuse("FLT to another airline's designator (" + flight_text(*s.new_flight) + ") is not applied: the other airline sends its own NEW");
        std::vector<LegRow> gone;
        std::map<std::optional<RotationId>, std::vector<Leg>> again;
        for (Date date : dates) {
            auto [day, legs] = existing(s.flight, date);
            if (legs.empty()) {
                if (dates.size() == 1) refuse("flight " + flight_text(s.flight) + " does not operate on " + date_text(date));
                continue;
            }
            for (const auto& r : legs) {
                Leg l = r.leg;
                l.designator.flight = *s.new_flight;
                if (!find_legs(db_, l.designator).empty()) refuse(format_designator(l.designator) + " exists already");
                l.id = system_mint().leg();
                gone.push_back(r);
                again[r.rotation].push_back(l);
            }
        }
        if (gone.empty()) refuse("flight " + flight_text(s.flight) + " does not operate in " + ssm::period_line(s.period));
        take_out_and_delete(gone);
        for (auto& [rotation, legs] : again) issue(AddLegs{rotation, legs});
        o.legs_changed += long(gone.size());
    }

    // The last version the history holds of each leg deleted on that day of origin.
    void reinstate(const ssm::SubMessage& s, const std::vector<Date>& dates, SsmMessageOutcome& o) {
        std::vector<Leg> added;
        for (Date date : dates) {
            std::vector<Date> days;
            if (mode_ == ssm::TimeMode::Local) days = {date};
            else days = {Date{date.days - 1}, date, Date{date.days + 1}};
            std::map<FlightDesignator, Leg> found;
            for (Date day : days) {
                std::map<FlightDesignator, Leg> of_day;
                auto deleted = store_.events().stored_events("stream = ? AND type = 'LegDeleted'", {unassigned_stream(day)});
                for (const auto& d : deleted) {
                    auto event = d.decoded();
                    auto* del = std::get_if<LegDeleted>(&event);
                    if (!del) continue;
                    auto last = last_version(store_.events(), del->leg, d.position);
                    if (!last || last->designator.flight != s.flight) continue;
                    of_day[last->designator] = *last;  // later deletions win
                }
                if (of_day.empty()) continue;
                // In UTC mode the date is the flight's first departure's: the day of origin whose first leg left then.
                if (mode_ == ssm::TimeMode::Utc) {
                    auto first = std::min_element(of_day.begin(), of_day.end(),
                                                  [](const auto& a, const auto& b) { return a.second.std_utc < b.second.std_utc; });
                    if (date_of(first->second.std_utc) != date) continue;
                }
                for (auto& entry : of_day) {
                    const auto departure = entry.first.departure;  // not a binding: clang 14 cannot capture one
                    if (s.legs_changed.empty() ||
                        std::any_of(s.legs_changed.begin(), s.legs_changed.end(), [&](const auto& p) { return p.first == departure; }))
                        found[entry.first] = entry.second;
                }
            }
            if (found.empty()) refuse("the history holds no cancelled flight " + flight_text(s.flight) + " on " + date_text(date) + " to reinstate");
            for (auto& [designator, leg] : found) {
                if (!find_legs(db_, designator).empty()) refuse(format_designator(designator) + " operates: there is nothing to reinstate");
                Leg l = leg;
                l.id = system_mint().leg();
                added.push_back(l);
            }
        }
        o.legs_added += long(added.size());
        issue(AddLegs{std::nullopt, added});
    }

    ScheduleStore& store_;
    Database& db_;
    const IssueCommand& issue_;
    CommandContext context_;
    AirportClocks clocks_;
    Statement day_;
    ssm::TimeMode mode_ = ssm::TimeMode::Local;
    int line_ = 1;
    const char* ssm_element_ = "action identifier";
    int events_ = 0;
};

bool already_received(Database& db, const std::string& reference) {
    auto q = db.prepare("SELECT 1 FROM ssm_received WHERE reference = ?");
    q.bind(1, reference);
    return q.step();
}

}  // namespace

SsmApplyResult apply_ssm(ScheduleStore& store, const std::string& text, const ImportSource& source, CommandContext context, bool dry_run) {
    SsmApplyResult out;
    auto read = ssm::read(text, source.file);
    if (read.error) {
        out.bad_input = true;
        out.error = read.error->str();
        return out;
    }
    int subs = 0;
    for (const auto& m : read.messages) subs += int(m.subs.size());
    RecordImport audit;
    audit.kind = "ssm";
    audit.records = subs;
    ImportResult imported;
    store.in_transaction([&] {
        imported = import_within(store, source, context, audit, [&](const IssueCommand& issue, ImportResult& result) {
            Applier applier(store, issue, result, context);
            std::set<std::string> seen;
            out.messages.reserve(read.messages.size());
            for (const auto& m : read.messages) {
                SsmMessageOutcome& o = out.messages.emplace_back();
                o.line = m.line;
                o.kind = m.kind == ssm::Kind::Ssm ? "SSM" : "ASM";
                o.reference = m.reference;
                for (const auto& s : m.subs) o.actions.push_back(describe_sub(m, s));
                if (!m.reference.empty() && (seen.count(m.reference) || already_received(store.database(), m.reference))) {
                    o.status = "duplicate";
                    o.reason = "message reference " + m.reference + " was applied before";
                    ++out.duplicates;
                    continue;
                }
                if (!m.reference.empty()) seen.insert(m.reference);
                for (const auto& s : m.subs) {
                    try {
                        applier.apply(m, s, o);
                    } catch (const Refused& r) {
                        SsmMessageOutcome& who = applier.blame ? *applier.blame : o;
                        const int line = applier.blame ? applier.blame_line : s.line;
                        const char* action = applier.blame ? "TIM" : ssm::action_name(s.action);
                        who.status = "refused";
                        who.reason = r.reason.empty() ? result.error : source.file + ":" + std::to_string(line) + ":1: " + action + ": " + r.reason;
                        result.error = who.reason;
                        if (&who != &o) o.status = "";
                        return false;
                    }
                }
                o.status = dry_run ? "would apply" : "applied";
                if (!m.reference.empty()) result.notes.push_back("message " + m.reference + " applied");
            }
            try {
                applier.flush();
            } catch (const Refused& r) {
                applier.blame->status = "refused";
                applier.blame->reason = source.file + ":" + std::to_string(applier.blame_line) + ":1: TIM: " + r.reason;
                result.error = applier.blame->reason;
                return false;
            }
            applier.settle();
            if (!applier.pending.empty()) {
                auto& p = applier.pending.front();
                p.outcome->status = "refused";
                p.outcome->reason = source.file + ":" + std::to_string(p.line) + ":1: TIM: " + p.reason;
                result.error = p.outcome->reason;
                return false;
            }
            result.events += applier.events();
            return true;
        });
        if (imported.ok && !dry_run) {
            auto q = store.database().prepare("INSERT INTO ssm_received (reference, import_id, received) VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%SZ','now'))");
            for (const auto& o : out.messages)
                if (o.status == "applied" && !o.reference.empty()) {
                    q.reset();
                    q.bind(1, o.reference).bind(2, imported.import.str());
                    q.run();
                }
        }
        return imported.ok && !dry_run;
    });
    out.ok = imported.ok;
    out.error = imported.error;
    out.import = imported.import;
    out.events = imported.ok ? imported.events : 0;
    if (!out.ok)
        for (auto& o : out.messages)
            if (o.status.empty() || o.status == "applied" || o.status == "would apply") {
                o.status = "not applied";
                o.reason = "the file was refused: " + out.error;
            }
    for (const auto& o : out.messages) {
        out.legs_added += o.legs_added;
        out.legs_cancelled += o.legs_cancelled;
        out.legs_retimed += o.legs_retimed;
        out.legs_changed += o.legs_changed;
    }
    return out;
}

}  // namespace rotaplan::storage
