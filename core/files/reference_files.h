// The planners' CSV files: which legs fly in which rotation, and the minimum
// ground times of airports and airplanes.
//
//   rotations:  rotation,airplane,airline,flight_number,suffix,departure,day_of_origin[,std]
//               R1,D-AIAA,XQ,100,,FRA,2026-04-01,2026-04-01T06:50Z
//   airports:   airport,min_ground_minutes[,time_zone]
//               FRA,45,Europe/Berlin
//   airplanes:  registration,aircraft_type,min_ground_minutes
//
// Parsing checks every field's grammar and reports the first bad one as
// FILE:LINE:COLUMN: field: "value" what is wrong. Whether a named leg,
// rotation or airplane exists is the importer's question, not the parser's.
// The rotation file's optional `std` (the leg's UTC STD, as the CLI writes
// it) picks one leg where two share a designator.
//
// An airport or airplane listed twice is read once when both lines say the
// same (a note names them), and refused with both lines named when they do
// not: a file must not contradict itself.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/leg.h"
#include "csv.h"

namespace rotaplan::files {

struct AirportGroundTime {
    int line = 0;
    AirportCode airport;
    int min_ground_minutes = 0;
    // IANA name, "" when the column is absent or the cell blank (the zone
    // stays as it is). Its grammar is checked here; whether this machine's
    // tzdata knows it, by the importer, which names this column.
    std::string time_zone;
    int time_zone_column = 0;
};

struct AirplaneRecord {
    int line = 0;
    Registration registration;
    AircraftType aircraft_type;
    int min_ground_minutes = 0;
};

struct RotationAssignment {
    int line = 0;
    std::string rotation;
    std::optional<Registration> airplane;
    FlightDesignator leg;
    std::optional<Instant> std_utc;  // the leg's STD, when the line gives it
    int airplane_column = 2, leg_column = 3;  // where the airplane and the leg (its airline) are on the line
};

std::optional<std::vector<AirportGroundTime>> parse_airports_csv(std::string_view file, std::string_view content,
                                                                 ParseError& error);
std::optional<std::vector<AirplaneRecord>> parse_airplanes_csv(std::string_view file, std::string_view content,
                                                               ParseError& error);
std::optional<std::vector<RotationAssignment>> parse_rotations_csv(std::string_view file, std::string_view content,
                                                                   ParseError& error);

}  // namespace rotaplan::files
