// The aircraft routing an SSIM file carries: each leg record's onward flight
// (airline, flight number, operational suffix, cols 138-146) names the flight
// the same aircraft flies next, and the aircraft rotation layover (col 145)
// how many days later:
//
//   XQ0100 FRA-MUC  01APR26-30APR26  onward XQ0101 layover 0   -> XQ0101 from MUC, the same day
//   XQ0101 MUC-FRA  arrives 23:50    onward XQ0100 layover 1   -> XQ0100 from FRA, the next day
//
// For each dated leg, the onward leg is the leg of the named flight (its
// airline: this leg's when the field is blank) that departs from this leg's
// arrival station on this leg's arrival date plus the layover days (dates as
// the file writes them: its date variations), the first at or after this
// leg's arrival when several do. A blank layover is 0, or 1 where no leg of
// that day departs after the arrival (files leave it blank for an aircraft
// that flies on after local midnight). Links stay within the file's legs of one
// airline: a link to another airline's flight is left unresolved.
//
// A link is refused (listed, and the chain broken there) when the onward leg
// departs before this one arrives (a loop back to an earlier leg would make a
// leg follow itself, and a rotation cannot hold legs that overlap), or when
// two legs name the
// same onward leg (ambiguous: neither link is taken). Every other link is
// followed, whatever its ground time or aircraft type: validation shows
// those. Linked legs form chains, across days where the links say so; each
// chain of two or more legs is a rotation.
#pragma once

#include <cstdint>
#include <vector>

#include "expand.h"

namespace rotaplan::ssim {

struct OnwardRouting {
    // Each chain's legs as indexes into the dated legs, by STD; two or more legs each.
    std::vector<std::vector<std::uint32_t>> chains;
    long named = 0;       // dated legs whose record names an onward flight
    long resolved = 0;    // ... whose onward leg was found and followed
    long unresolved = 0;  // ... whose onward leg is not in the file
    long refused = 0;     // ... found, but not followed (itself, earlier, ambiguous)
    // One line per record and reason, with the record's line and how many of
    // its dated legs (and the first): what the planner reads.
    std::vector<Problem> unresolved_problems;
    std::vector<Problem> refused_problems;
};

OnwardRouting follow_onward(const File& file, const std::vector<DatedLeg>& legs);

}  // namespace rotaplan::ssim
