// Events: the facts a schedule is made of.
//
// Every change a planner makes is one or more of these, appended to the stream
// of the aggregate it concerns. They are named in the past tense and in the
// planners' language; they are never changed once written (an older payload
// shape is upcast on read, see storage/eventstore/upcasting.cpp).
//
//   stream                       aggregate          events
//   rotation-<uuid>              Rotation           RotationCreated/Renamed/Deleted,
//                                                   Leg(s)AddedToRotation, LegRemovedFromRotation, LegRetimed, LegAmended
//   unassigned-<day of origin>   UnassignedLegs     LegCreated(s), LegDeleted, LegReleased, LegTaken(s), LegRetimed, LegAmended
//   airplane-<registration>      Airplane           AirplaneRegistered/Updated/Removed/Assigned/Unassigned
//   airport-<IATA>               Airport            AirportDefined, AirportMinimumGroundTimeSet
//   import-<uuid>                (audit)            FileImported
//   scenario-<uuid>              Scenario           ScenarioCreated/Renamed/Deleted/Rebased/Promoted
//   command-<uuid>               (a scenario's journal)  CommandRecorded
//
// A scenario's own events are stored in the same table under its streams'
// names prefixed with "scenario/<uuid>/<generation>/" (storage/eventstore/lineage.h).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "leg.h"

namespace rotaplan {

// --- Rotation stream -------------------------------------------------------
struct RotationCreated { RotationId rotation; std::string name; bool operator==(const RotationCreated&) const = default; };
struct RotationRenamed { RotationId rotation; std::string name; bool operator==(const RotationRenamed&) const = default; };
struct RotationDeleted { RotationId rotation; bool operator==(const RotationDeleted&) const = default; };
struct LegAddedToRotation { RotationId rotation; Leg leg; bool operator==(const LegAddedToRotation&) const = default; };
struct LegRemovedFromRotation { RotationId rotation; LegId leg; bool operator==(const LegRemovedFromRotation&) const = default; };

// --- Unassigned legs stream (one per day of origin) -------------------------
struct LegCreated { Leg leg; bool operator==(const LegCreated&) const = default; };      // a new leg, outside any rotation
struct LegDeleted { LegId leg; bool operator==(const LegDeleted&) const = default; };    // gone from the schedule
struct LegReleased { Leg leg; bool operator==(const LegReleased&) const = default; };    // back from a rotation
struct LegTaken { LegId leg; RotationId rotation; bool operator==(const LegTaken&) const = default; };  // into a rotation

// --- Many legs at once ------------------------------------------------------------
// An SSIM season is 378,000 legs: one event per leg would make an import a
// million rows of events. A command that touches many legs of one stream
// records them as one fact; a single leg keeps its single-leg event (and so
// its row in the leg audit-trail index).
struct LegsCreated { std::vector<Leg> legs; bool operator==(const LegsCreated&) const = default; };
struct LegsTaken { std::vector<LegId> legs; RotationId rotation; bool operator==(const LegsTaken&) const = default; };
struct LegsAddedToRotation { RotationId rotation; std::vector<Leg> legs; bool operator==(const LegsAddedToRotation&) const = default; };

// --- In either leg-holding stream -------------------------------------------
struct LegRetimed { LegId leg; Instant std_utc; Instant sta_utc; bool operator==(const LegRetimed&) const = default; };
// The leg's other schedule data changed (arrival, aircraft type, service type,
// SSIM attributes), as a newer SSIM file says; its designator and times stay.
struct LegAmended { Leg leg; bool operator==(const LegAmended&) const = default; };

// --- Airplane stream -------------------------------------------------------
struct AirplaneRegistered { Registration registration; AircraftType aircraft_type; int min_ground_minutes = 0; bool operator==(const AirplaneRegistered&) const = default; };
struct AirplaneUpdated { Registration registration; AircraftType aircraft_type; int min_ground_minutes = 0; bool operator==(const AirplaneUpdated&) const = default; };
struct AirplaneRemoved { Registration registration; bool operator==(const AirplaneRemoved&) const = default; };
struct AirplaneAssigned { Registration registration; RotationId rotation; bool operator==(const AirplaneAssigned&) const = default; };
struct AirplaneUnassigned { Registration registration; RotationId rotation; bool operator==(const AirplaneUnassigned&) const = default; };

// --- Airport stream --------------------------------------------------------
struct AirportDefined {
    AirportCode airport;
    int min_ground_minutes = 0;
    std::string name;
    std::optional<int> utc_offset_minutes;
    // IANA name ("Europe/Berlin"), "" when none. Added without a schema
    // version: absent in older payloads, which is what "none" means.
    std::string time_zone;
    bool operator==(const AirportDefined&) const = default;
};
struct AirportMinimumGroundTimeSet { AirportCode airport; int min_ground_minutes = 0; bool operator==(const AirportMinimumGroundTimeSet&) const = default; };

// --- Import audit stream ------------------------------------------------------
// One per import: who loaded which file (its name and SHA-256), and how much of
// it. The events the import decided share its correlation id.
struct FileImported {
    std::string kind;  // "ssim", "rotations", "airports", "airplanes"
    std::string file;
    std::string sha256;
    int records = 0;
    // SSIM only: the attribute templates (ssim/expand.h) its legs refer to, kept
    // here once rather than on each of a season's 378,000 legs.
    std::vector<std::string> attribute_templates;
    // What the import read with a remark or left out, FILE:LINE:COLUMN: field:
    // what (an inferred arrival day, a skipped record, a repeated line); at
    // most kMaxImportNotes, the last saying how many more there were.
    std::vector<std::string> notes;
    bool operator==(const FileImported&) const = default;
};

inline constexpr std::size_t kMaxImportNotes = 10000;

// --- Scenario stream ----------------------------------------------------------
// A scenario is a named version of the schedule: its base's history up to the
// fork event, then its own. `base` unset: main, the published schedule.
// `fork_event` is the id of the base's last event it shares ("" when the base
// was empty): an id, not a position, because positions are this store's own
// order and a colleague's store has other ones.
struct ScenarioCreated {
    Uuid scenario;
    std::string name;
    std::optional<Uuid> base;
    std::string fork_event;
    std::string note;
    bool operator==(const ScenarioCreated&) const = default;
};
struct ScenarioRenamed { Uuid scenario; std::string name; bool operator==(const ScenarioRenamed&) const = default; };
// Its events stay in the history; its name is free again.
struct ScenarioDeleted { Uuid scenario; bool operator==(const ScenarioDeleted&) const = default; };
// Its own commands decided again on its base as of `fork_event`: what applied
// is generation `generation`'s events, the earlier generation stays in the history.
struct ScenarioRebased {
    Uuid scenario;
    std::string fork_event;
    int generation = 1;
    bool operator==(const ScenarioRebased&) const = default;
};
// Main became what the scenario was: its `commands` own commands, decided on
// main, share this event's correlation id (undone like an import).
struct ScenarioPromoted {
    Uuid scenario;
    std::string name;
    int generation = 1;
    int commands = 0;
    bool operator==(const ScenarioPromoted&) const = default;
};
// A scenario's journal: a command decided in it, as the sync outbox encodes
// it (storage/sync/command_codec.h), so that rebase and promote can decide it
// again elsewhere. Core keeps the text; it never reads it.
struct CommandRecorded {
    std::string command;
    std::optional<std::string> legs;
    bool operator==(const CommandRecorded&) const = default;
};

using Event = std::variant<RotationCreated, RotationRenamed, RotationDeleted, LegAddedToRotation, LegRemovedFromRotation,
                           LegCreated, LegDeleted, LegReleased, LegTaken, LegRetimed, AirplaneRegistered, AirplaneUpdated,
                           AirplaneRemoved, AirplaneAssigned, AirplaneUnassigned, AirportDefined,
                           AirportMinimumGroundTimeSet, FileImported, LegAmended, LegsCreated, LegsTaken,
                           LegsAddedToRotation, ScenarioCreated, ScenarioRenamed, ScenarioDeleted, ScenarioRebased,
                           ScenarioPromoted, CommandRecorded>;

// The leg an event concerns, if it is a single-leg event: the key of a leg's audit trail.
std::optional<LegId> subject_leg(const Event& e);
// Every leg an event concerns (many for LegsCreated and its kin).
std::vector<LegId> legs_concerned(const Event& e);

// The stable name stored in the event store's `type` column.
const char* event_type_name(const Event& e);

// What the ids an event carries name, for a sentence a planner reads: a
// leg's designator and route, a rotation's name, and the rotation whose
// stream holds the event. A lookup that knows nothing returns "" and the
// sentence names the id instead (a leg deleted long ago, say).
struct EventNames {
    std::function<std::string(LegId)> leg;
    std::function<std::string(RotationId)> rotation;
    std::string in_rotation;  // the name of the rotation the event's stream is, "" when none
};

// One sentence for audit trails: "leg XQ100/FRA/2026-04-01 FRA-MUC removed
// from rotation R1" (with `names`), "... removed from rotation" without.
std::string describe(const Event& e, const EventNames& names = {});

// Stream ids: the aggregate an event belongs to.
std::string rotation_stream(RotationId id);
std::string unassigned_stream(Date day_of_origin);
std::string airplane_stream(const Registration& reg);
std::string airport_stream(AirportCode code);
std::string import_stream(const Uuid& import);
std::string scenario_stream(const Uuid& scenario);
std::string journal_stream(const Uuid& command);

// A scenario's own stream: "scenario/<uuid>/<generation>/" then the stream
// it is in the schedule (rotation-<uuid>, ...). `length` is the prefix's.
struct ScenarioStreamPrefix {
    Uuid scenario;
    int generation = 1;
    std::size_t length = 0;
};
std::optional<ScenarioStreamPrefix> scenario_prefix(std::string_view stream);

// --- What an event from elsewhere must be (a colleague's, through the sync server) ---
// Each returns what is wrong, in a sentence, or an empty string when nothing is.

// Whether `type` is the event_type_name() of some Event.
bool known_event_type(std::string_view type);
// `stream` as the stream of an event of `type`: every type lives in the
// streams of one kind of aggregate (two for LegRetimed and LegAmended), named
// exactly as the functions above name them (canonical UUIDs and dates).
std::string check_stream_name(std::string_view type, std::string_view stream);
// The aggregate that `e` names itself (its rotation, airplane or airport, the
// day of origin of the unassigned legs it creates or releases) against the
// `stream` it is in, whose name check_stream_name accepted.
std::string check_event_stream(const Event& e, std::string_view stream);
// What the deciders check before they decide an event: a rotation's name,
// every leg it carries (leg.h: check_leg), an airplane's registration and
// type, minimum ground times, UTC offsets.
// An event that fails it was not decided by Rotaplan.
std::string check_event_data(const Event& e);

}  // namespace rotaplan
