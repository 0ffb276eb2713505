// Schedule change messages: IATA SSM (SSIM Chapter 4, changes over a period)
// and ASM (Chapter 5, changes on single dates), as data.
//
//   SSM                         standard message identifier (ASM for a single date)
//   LT                          time mode: LT (local) or UTC
//   07DEC00012C003              message reference: date, group serial, C/E, message serial
//   TIM                         action identifier                        --+
//   XQ100                       flight (ASM: XQ100/01APR26 [FRA/MUC])       | a sub-message;
//   01APR26 25OCT26 1234567/W2  period, days of operation, frequency (SSM)  | "//" between
//   J 320 Y180                  equipment: service type, aircraft type,     | two of them
//                               configuration                               |
//   FRA0600+0100 MUC0705+0100   leg routing: stations, times (date          |
//                               variation /1, /M1), UTC variations (LT)     |
//   FRAMUC 10/XQ9100            segment data element identifier lines     --+
//
// What is written, read and refused: docs/ssm.md. No I/O here: writer.h
// renders messages, reader.h reads them with FILE:LINE:COLUMN errors, and
// storage/imports/ssm_* turns them into commands and the comparison into them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/leg.h"

namespace rotaplan::ssm {

enum class Kind { Ssm, Asm };
enum class TimeMode { Local, Utc };

// Every action identifier of the two chapters, so that the reader can name
// one it refuses; the first seven are the ones Rotaplan writes and applies.
enum class Action { New, Cnl, Tim, Eqt, Rpl, Flt, Rin, Skd, Adm, Con, Rrt, Rev, Ack, Nac, Rsd };

const char* action_name(Action a);
std::optional<Action> parse_action(std::string_view text);
// The actions applied on import (the others are refused with their reason).
bool supported(Kind kind, Action a);

struct Period {
    Date from, to;
    std::uint8_t days = 0x7f;  // bit d-1: weekday d operates (1 = Monday)
    int frequency = 1;         // 2: every other week (/W2)
    bool operator==(const Period&) const = default;
};

struct Equipment {
    char service_type = 'J';
    AircraftType aircraft_type;
    std::string configuration;  // aircraft configuration/version, "" when none
    bool operator==(const Equipment&) const = default;
};

// One leg of the routing. Times are minutes of the day in the message's time
// mode; the date variations count days from the flight's date (-1 .. 9).
struct LegLine {
    AirportCode departure, arrival;
    int std_minutes = 0, sta_minutes = 0;
    int departure_day = 0, arrival_day = 0;
    std::optional<int> departure_offset, arrival_offset;  // UTC variations, minutes (LT)
    std::vector<std::string> data_elements;               // "6/XQ101": leg data element identifiers
    // The equipment line above it (a sub-message may change equipment between legs).
    std::optional<Equipment> equipment;
    int line = 0;
    bool operator==(const LegLine& o) const {
        return departure == o.departure && arrival == o.arrival && std_minutes == o.std_minutes && sta_minutes == o.sta_minutes &&
               departure_day == o.departure_day && arrival_day == o.arrival_day && departure_offset == o.departure_offset &&
               arrival_offset == o.arrival_offset && data_elements == o.data_elements && equipment == o.equipment;
    }
};

// "FRAMUC 10/XQ9100": a data element identifier of a segment (board and off point).
struct SegmentLine {
    AirportCode board, off;
    std::string data_element;
    int line = 0;
    bool operator==(const SegmentLine& o) const { return board == o.board && off == o.off && data_element == o.data_element; }
};

struct SubMessage {
    Action action = Action::New;
    FlightNumber flight;
    // SSM: the period (and days, frequency) the change applies to. ASM: the
    // one date (from == to, every day) of the flight identifier.
    Period period;
    // ASM: "FRA/MUC", the legs a CNL, TIM or EQT concerns; empty for all.
    std::vector<std::pair<AirportCode, AirportCode>> legs_changed;
    std::optional<FlightNumber> new_flight;  // FLT
    std::optional<Equipment> equipment;
    std::vector<LegLine> legs;
    std::vector<SegmentLine> segments;
    std::vector<std::string> change_reasons;  // "WEAT", after the action identifier
    int line = 0;    // of the action identifier
    int column = 1;
};

struct Message {
    Kind kind = Kind::Ssm;
    TimeMode time_mode = TimeMode::Local;
    // "07DEC00012C003" (and "/creator reference" when there is one); empty when the message has none.
    std::string reference;
    std::vector<SubMessage> subs;
    std::vector<std::string> supplementary;  // SI lines
    int line = 0;
};

// The message reference: date of the message, group serial number (one per
// export, kept in the store), C (more follow) or E (the last of its group),
// and the message's serial within the group.
std::string message_reference(Date created, std::int64_t group, int serial, bool last);

}  // namespace rotaplan::ssm
