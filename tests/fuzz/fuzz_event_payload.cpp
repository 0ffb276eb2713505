// Fuzzing target `event_payload`: an event as the event store and the sync
// server hand it to the codec (storage/eventstore/event_codec.h): its type, schema
// version and payload JSON decoded into a core Event, older versions upcast
// (storage/eventstore/upcasting.h) on the way. Replay, the desktop's integration of a
// colleague's events and the server's check_push all call this decode.
//
// Input: a first line "TYPE SCHEMA_VERSION", then the payload's bytes:
//     LegCreated 1
//     {"leg":{"id":"…","flight":"XQ100","dep":"FRA",…}}
// An input whose first line is not that is skipped.
//
// Checks beyond "no crash": decode throws StorageError and nothing else on a
// payload it does not take (every caller catches that); and an event that
// decodes and holds the data the deciders check (core: check_event_data, what
// the server also requires) is one a desktop may hold, so writing it again
// (encode: a leg moved, released, amended) must give a payload that decodes
// to the same event at the current schema version. And the payload reader's
// own scanner for compact JSON fills exactly the slots nlohmann's parser
// fills, reporting the same leg objects, or leaves the payload to it.
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/events.h"
#include "fuzz_check.h"
#include "storage/sqlite/database.h"
#include "storage/eventstore/event_codec.h"
#include "storage/eventstore/payload_fields.h"

namespace {

// Everything a read leaves in the fields, and the leg objects it reported, as text.
std::string read_with(void (*read)(std::string_view, rotaplan::storage::PayloadFields&), std::string_view payload) {
    using rotaplan::storage::PayloadFields;
    PayloadFields f;
    std::string legs;
    auto slots = [](const PayloadFields& f, int from, int to) {
        std::string out;
        for (int s = from; s < to; ++s) {
            if (!f.present[std::size_t(s)]) continue;
            out += std::to_string(s) + "=" + f.text[std::size_t(s)] + "/" + std::to_string(f.number[std::size_t(s)]) + ";";
        }
        return out;
    };
    f.on_leg_object = [&](const PayloadFields& x) {
        legs += (x.leg_row ? "[" : "{") + slots(x, PayloadFields::leg_id, PayloadFields::kSlots) + (x.leg_row ? "]" : "}");
    };
    f.on_restart = [&] { legs.clear(); };
    try {
        read(payload, f);
    } catch (const rotaplan::storage::StorageError&) {
        return "refused";
    }
    std::string out = slots(f, 0, PayloadFields::kSlots) + (f.leg_object ? "leg;" : "") + legs;
    for (const auto* list : {&f.templates, &f.notes, &f.leg_ids, &f.codes, &f.attributes}) {
        out += "[";
        for (const auto& t : *list) out += t + ",";
        out += "]";
    }
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace rotaplan;
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const auto eol = input.find('\n');
    if (eol == std::string_view::npos) return 0;
    const std::string_view head = input.substr(0, eol), payload = input.substr(eol + 1);
    const auto space = head.find(' ');
    if (space == std::string_view::npos) return 0;
    const std::string_view type = head.substr(0, space), version_text = head.substr(space + 1);
    int version = 0;
    auto [end, ec] = std::from_chars(version_text.data(), version_text.data() + version_text.size(), version);
    if (ec != std::errc{} || end != version_text.data() + version_text.size()) return 0;

    FUZZ_CHECK(read_with(storage::read_payload, payload) == read_with(storage::read_payload_with_nlohmann, payload),
               "the compact scanner reads what nlohmann reads");

    Event event;
    try {
        event = storage::decode(type, version, payload);
    } catch (const storage::StorageError&) {
        return 0;
    }
    FUZZ_CHECK(type == event_type_name(event), "the event is of the type it was read as");
    (void)describe(event);
    (void)legs_concerned(event);
    if (!check_event_data(event).empty()) return 0;

    const storage::EncodedEvent again = storage::encode(event);
    FUZZ_CHECK(std::string_view(again.type) == type, "encode keeps the type");
    FUZZ_CHECK(again.schema_version == storage::current_schema_version(type), "encode writes the current version");
    Event reread;
    try {
        reread = storage::decode(again.type, again.schema_version, again.payload);
    } catch (const storage::StorageError& e) {
        std::fprintf(stderr, "re-encoded payload: %s\nrefused: %s\n", again.payload.c_str(), e.what());
        FUZZ_CHECK(false, "what encode writes, decode reads");
    }
    FUZZ_CHECK(reread == event, "an event written again reads back the same");
    return 0;
}
