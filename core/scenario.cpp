// The Scenario aggregate's decisions (see scenario.h).
#include "scenario.h"

#include "overloaded.h"

namespace rotaplan::scenario {

std::string check_scenario_name(std::string_view name) {
    if (name.empty() || name.size() > 64) return "a scenario's name is 1 to 64 characters";
    for (unsigned char c : name)
        if (c < 0x20 || c == 0x7f) return "a scenario's name has no control characters";
    if (name.front() == ' ' || name.back() == ' ') return "a scenario's name does not begin or end with a space";
    if (name == kMain) return "\"main\" is the published schedule's name, not a scenario's";
    if (name.starts_with("scenario:")) return "a scenario's name does not begin with \"scenario:\"";
    return {};
}

Decision decide(const State& s, const Command& command) {
    if (auto* c = std::get_if<Create>(&command)) {
        if (s.exists) return rejected("scenario " + c->id.str() + " exists already");
        if (c->id.is_nil()) return invalid("a scenario needs an id");
        if (auto why = check_scenario_name(c->name); !why.empty()) return invalid(why);
        if (c->base && *c->base == c->id) return invalid("a scenario cannot be its own base");
        return Events{ScenarioCreated{c->id, c->name, c->base, c->fork_event, c->note}};
    }
    if (!s.exists) return not_found("no such scenario");
    if (s.deleted) return not_found("scenario " + s.name + " was deleted");
    return std::visit(overloaded{
                          [&](const Create&) -> Decision { return rejected("unreachable"); },
                          [&](const Rename& c) -> Decision {
                              if (auto why = check_scenario_name(c.name); !why.empty()) return invalid(why);
                              if (c.name == s.name) return Events{};
                              return Events{ScenarioRenamed{s.id, c.name}};
                          },
                          [&](const Delete&) -> Decision { return Events{ScenarioDeleted{s.id}}; },
                          [&](const Rebase& c) -> Decision {
                              if (c.generation != s.generation + 1)
                                  return rejected("scenario " + s.name + " is at generation " +
                                                  std::to_string(s.generation) + ", not " +
                                                  std::to_string(c.generation - 1) + " as the rebase expected");
                              return Events{ScenarioRebased{s.id, c.fork_event, c.generation}};
                          },
                          [&](const Promote& c) -> Decision {
                              if (s.base) return invalid("scenario " + s.name + " is based on another scenario: promote that one, or create one from main");
                              if (c.generation != s.generation)
                                  return rejected("scenario " + s.name + " changed generation while it was promoted");
                              return Events{ScenarioPromoted{s.id, s.name, s.generation, c.commands}};
                          },
                      },
                      command);
}

State evolve(State s, const Event& event) {
    std::visit(overloaded{
                   [&](const ScenarioCreated& e) {
                       s.exists = true;
                       s.id = e.scenario;
                       s.name = e.name;
                       s.base = e.base;
                       s.fork_event = e.fork_event;
                       s.note = e.note;
                   },
                   [&](const ScenarioRenamed& e) { s.name = e.name; },
                   [&](const ScenarioDeleted&) { s.deleted = true; },
                   [&](const ScenarioRebased& e) {
                       s.fork_event = e.fork_event;
                       s.generation = e.generation;
                   },
                   [&](const ScenarioPromoted&) { ++s.promotions; },
                   [](const auto&) {},
               },
               event);
    return s;
}

}  // namespace rotaplan::scenario
