// Commands: what a planner asks of the schedule.
//
// The GUI, the CLI, the importers and offline replay all speak only these. A
// command carries every id it will mint (new rotations, new legs), chosen by
// whoever issues it, so deciding the same command twice gives the same events.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "rotation.h"

namespace rotaplan {

struct CreateRotation { RotationId rotation; std::string name; };
struct RenameRotation { RotationId rotation; std::string name; };
// The rotation's legs return to the unassigned legs and its airplane is unassigned.
struct DeleteRotation { RotationId rotation; };

// New legs, into a rotation or (no rotation) into the unassigned legs.
struct AddLegs { std::optional<RotationId> rotation; std::vector<Leg> legs; };
// Existing legs, wherever they are, into a rotation or (no rotation) out of their rotations.
struct MoveLegs { std::vector<LegId> legs; std::optional<RotationId> to; };
struct RetimeLegs { std::vector<rotation::LegTimes> times; };
// Only legs outside any rotation can be deleted: a leg in a rotation is removed first.
struct DeleteLegs { std::vector<LegId> legs; };
// New arrival, aircraft type, service type or SSIM attributes for existing legs,
// wherever they are; designator and times stay (RetimeLegs changes times).
struct AmendLegs { std::vector<Leg> legs; };

struct RegisterAirplane { Registration registration; AircraftType aircraft_type; int min_ground_minutes = 0; };
struct UpdateAirplane { Registration registration; AircraftType aircraft_type; int min_ground_minutes = 0; };
struct RemoveAirplane { Registration registration; };
struct AssignAirplane { Registration registration; RotationId rotation; };
struct UnassignAirplane { Registration registration; };

struct DefineAirport {
    AirportCode airport;
    int min_ground_minutes = 0;
    std::string name;
    std::optional<int> utc_offset_minutes;
    std::string time_zone;  // IANA name, "" when none
};
struct SetAirportMinimumGroundTime { AirportCode airport; int min_ground_minutes = 0; };

// The audit entry of an import; issued last, inside the import's transaction.
struct RecordImport {
    Uuid import;
    std::string kind;
    std::string file;
    std::string sha256;
    int records = 0;
    std::vector<std::string> attribute_templates;  // SSIM only, see FileImported
    std::vector<std::string> notes;                // see FileImported
};

// Scenarios: the registry lives in main (scenario.h); what a scenario holds
// is its own events, written by every other command issued in it.
struct CreateScenario {
    Uuid scenario;
    std::string name;
    std::optional<Uuid> base;  // unset: main
    std::string fork_event;    // the base's last shared event id, "" when none
    std::string note;
};
struct RenameScenario { Uuid scenario; std::string name; };
struct DeleteScenario { Uuid scenario; };
// The registry entries of a rebase and a promotion, issued last inside their transaction.
struct RecordRebase { Uuid scenario; std::string fork_event; int generation = 1; };
struct RecordPromotion { Uuid scenario; int generation = 1; int commands = 0; };

using Command = std::variant<CreateRotation, RenameRotation, DeleteRotation, AddLegs, MoveLegs, RetimeLegs, DeleteLegs,
                             RegisterAirplane, UpdateAirplane, RemoveAirplane, AssignAirplane, UnassignAirplane,
                             DefineAirport, SetAirportMinimumGroundTime, RecordImport, AmendLegs, CreateScenario,
                             RenameScenario, DeleteScenario, RecordRebase, RecordPromotion>;

// Whether a command changes the scenario registry (decided in main whatever
// version of the schedule the planner works in).
bool registry_command(const Command& c);

// "CreateRotation", …: the name events record in their metadata and the outbox in its JSON.
const char* command_name(const Command& c);

}  // namespace rotaplan
