// The Scenario aggregate: one named version of the schedule in the registry.
//
//   CreateScenario ──▶ ScenarioCreated      (stream scenario-<uuid>, in main)
//   RenameScenario ──▶ ScenarioRenamed      a deleted scenario refuses everything;
//   DeleteScenario ──▶ ScenarioDeleted      its name is free again
//   RecordRebase   ──▶ ScenarioRebased      the next generation of its own events
//   RecordPromotion──▶ ScenarioPromoted     main became what it was
//
// What a scenario holds is not here: it is the events of its lineage
// (storage/eventstore/lineage.h). The registry says where the lineage forks
// and which generation of the scenario's own events is current. A name is
// unique among the scenarios that are not deleted; that spans aggregates, so
// planning.cpp asks the reader for it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "decision.h"

namespace rotaplan::scenario {

struct State {
    bool exists = false;
    bool deleted = false;
    Uuid id;
    std::string name;
    std::optional<Uuid> base;
    std::string fork_event;
    std::string note;
    int generation = 1;
    int promotions = 0;
};

// The published schedule's name wherever a scenario's name is expected.
inline constexpr std::string_view kMain = "main";

// "a scenario's name is 1 to 64 printable characters"; empty when `name` may be one.
std::string check_scenario_name(std::string_view name);

struct Create { Uuid id; std::string name; std::optional<Uuid> base; std::string fork_event; std::string note; };
struct Rename { std::string name; };
struct Delete {};
struct Rebase { std::string fork_event; int generation = 1; };
struct Promote { int generation = 1; int commands = 0; };
using Command = std::variant<Create, Rename, Delete, Rebase, Promote>;

Decision decide(const State& state, const Command& command);
State evolve(State state, const Event& event);

}  // namespace rotaplan::scenario
