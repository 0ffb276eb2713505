// An event payload read into fixed slots, without building a JSON tree.
//
// Replay decodes every event ever written, so decoding is the hottest code in
// the read path. Payloads are small and flat (one optional nested "leg"
// object, and an import's array of SSIM templates), so a SAX reader fills one
// slot per known key straight from the lexer (a scanner of our own for the
// compact JSON Rotaplan writes, nlohmann's for anything else); the slots'
// strings keep their capacity between events, so a replay allocates nothing
// per event once warm. Unknown keys are skipped,
// which lets an older Rotaplan read a payload that gained a field.
//
//   {"rotation":"…","leg":{"id":"…","airline":"XQ","number":100,…}}
//     outer keys -> rotation, name, leg_ref, …     leg keys -> leg_id, airline, …
//   {"rotation":"…","legs":[{…},{…}]}   each leg object -> on_leg_object
//   {"rotation":"…","codes":[…],"attrs":[…],"rows":[[…],[…]]}
//                                       codes, attributes; each row -> on_leg_object
//                                       (leg_row set; see event_codec.cpp for a row)
//   {"rotation":"…","legs":["id","id"]} -> leg_ids
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace rotaplan::storage {

struct PayloadFields {
    enum Slot {
        // outer object
        rotation, name, leg_ref, registration, aircraft_type, min_ground_minutes, airport, utc_offset_minutes, std_utc,
        sta_utc, kind, file, sha256, records, time_zone,
        // the nested "leg" object
        leg_id, leg_airline, leg_number, leg_suffix, leg_dep, leg_day, leg_arr, leg_std, leg_sta, leg_type, leg_service,
        leg_attributes,
        leg_flight,  // v1 only, see upcasting.h
        kSlots
    };
    std::array<std::string, kSlots> text;
    std::array<std::int64_t, kSlots> number{};
    std::array<bool, kSlots> present{};
    bool leg_object = false;
    std::vector<std::string> templates;  // FileImported's "templates" array (SSIM attribute templates)
    std::vector<std::string> notes;      // FileImported's "notes" array
    std::vector<std::string> leg_ids;    // a "legs" array of ids (LegsTaken)
    std::vector<std::string> codes;      // the "codes" a payload's leg rows index
    std::vector<std::string> attributes; // the "attrs" (hashes, in hex) they index
    // Set when the legs came as rows: the leg slots then hold a row's fields,
    // its codes as indexes and its times as numbers (kLegRow in payload_fields.cpp).
    bool leg_row = false;
    // Called at the end of each object of a "legs" array (LegsCreated, ...)
    // and of each row of a "rows" array, with the leg slots filled: the
    // caller builds its Leg from them.
    std::function<void(const PayloadFields&)> on_leg_object;
    // Called when read_payload starts a payload over (its compact reader met
    // JSON it leaves to nlohmann): every leg on_leg_object was given is void.
    std::function<void()> on_restart;

    bool has(Slot s) const { return present[s]; }
    // Each clears the other kind's value, so that a slot read as the kind
    // it was not given holds nothing from an earlier payload.
    void set_text(Slot s, std::string_view v) {
        text[s].assign(v);
        number[s] = 0;
        present[s] = true;
    }
    void set_number(Slot s, std::int64_t v) {
        number[s] = v;
        text[s].clear();
        present[s] = true;
    }
    void clear() {
        present.fill(false);
        leg_object = false;
        templates.clear();
        notes.clear();
        leg_ids.clear();
        codes.clear();
        attributes.clear();
        leg_row = false;
    }
    void clear_leg() {
        for (int s = leg_id; s < kSlots; ++s) present[std::size_t(s)] = false;
    }
};

// Parses `payload` into `fields`; throws StorageError on malformed JSON.
// Compact JSON as Rotaplan writes it is read by a scanner of its own, the
// rest by nlohmann's SAX parser; both fill the same slots in the same order.
void read_payload(std::string_view payload, PayloadFields& fields);
// The same through nlohmann's parser alone: what the scanner must agree with.
void read_payload_with_nlohmann(std::string_view payload, PayloadFields& fields);

}  // namespace rotaplan::storage
