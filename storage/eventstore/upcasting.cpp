#include "storage/eventstore/upcasting.h"

#include "core/leg.h"
#include "storage/sqlite/database.h"

namespace rotaplan::storage {

namespace {

using F = PayloadFields;

bool carries_leg(std::string_view type) {
    return type == "LegAddedToRotation" || type == "LegCreated" || type == "LegReleased";
}

void leg_v1_to_v2(F& f) {
    if (!f.has(F::leg_flight) || !f.has(F::leg_std)) throw StorageError("v1 leg payload without flight or std");
    std::string error;
    auto flight = parse_flight_number(f.text[F::leg_flight], &error);
    if (!flight) throw StorageError("v1 leg payload: flight: " + error);
    auto std_utc = parse_instant(f.text[F::leg_std]);
    if (!std_utc) throw StorageError("v1 leg payload: std does not parse");
    f.set_text(F::leg_airline, flight->airline.view());
    f.set_number(F::leg_number, flight->number);
    f.set_text(F::leg_suffix, flight->suffix ? std::string_view(&flight->suffix, 1) : std::string_view());
    f.set_text(F::leg_day, format_date(date_of(*std_utc)));  // v1's day of origin was the UTC date
    f.set_text(F::leg_service, "J");                         // v1 knew only passenger service
}

}  // namespace

void upcast(std::string_view type, int version, PayloadFields& fields) {
    if (carries_leg(type) && version < 2) leg_v1_to_v2(fields);
    // Many-leg events v2 -> v3: nothing to move (upcasting.h).
}

}  // namespace rotaplan::storage
