// Fuzzing target `push`: the body of a POST /v1/events as rotaplan-server
// judges it (sync/server/http_service.cpp, push -> check_push in
// sync/server/push_check.h: simdjson, then every event's fields, its payload
// through the desktop's codec, the batch's order and the token's planner),
// here with the token of planner "anna".
//
// Checks beyond "no crash":
//   - the verdict is one of the statuses the server answers with, a refusal
//     says why and lists at most kMaxRejections events;
//   - a batch it takes is what the log stores and serves: written as a pull
//     answer (wire.h, pull_body) it is read back by the desktops' parse_pull
//     event for event, byte for byte, none of it unreadable, and each
//     event's metadata names the token's planner.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "fuzz_check.h"
#include "sync/protocol/wire.h"
#include "sync/server/push_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace rotaplan::sync;
    const std::string_view body(reinterpret_cast<const char*>(data), size);
    PushVerdict v = check_push(body, "anna");
    FUZZ_CHECK(v.status == 200 || v.status == 400 || v.status == 403 || v.status == 413, "an answer the server gives");
    FUZZ_CHECK(v.rejected.size() <= kMaxRejections && v.rejected.size() <= v.rejected_count, "rejections are counted");
    if (v.status != 200) {
        FUZZ_CHECK(!v.error.empty(), "a refusal says why");
        FUZZ_CHECK(v.batch.events.empty(), "nothing of a refused batch is kept");
        if (v.status == 403) FUZZ_CHECK(!v.rejected.empty(), "a 403 names the events");
        return 0;
    }
    FUZZ_CHECK(v.rejected.empty() && !v.batch.events.empty(), "a batch taken has events and no rejection");

    std::vector<WireEvent> stored = v.batch.events;
    for (std::size_t i = 0; i < stored.size(); ++i) stored[i].position = std::int64_t(i) + 1;
    const auto n = std::int64_t(stored.size());
    PullAnswer pulled;
    try {
        pulled = parse_pull(pull_body(stored, n, n));
    } catch (const ProtocolError& e) {
        std::fprintf(stderr, "pull answer refused: %s\n", e.message.c_str());
        FUZZ_CHECK(false, "desktops read what the server takes");
    }
    FUZZ_CHECK(pulled.unreadable.empty(), "no event the server takes is unreadable to a desktop");
    FUZZ_CHECK(pulled.events.size() == stored.size(), "every event comes back");
    for (std::size_t i = 0; i < stored.size(); ++i) {
        const WireEvent &a = stored[i], &b = pulled.events[i];
        FUZZ_CHECK(a.event_id == b.event_id && a.stream == b.stream && a.version == b.version && a.type == b.type &&
                       a.schema_version == b.schema_version && a.payload == b.payload && a.metadata == b.metadata &&
                       a.recorded_at == b.recorded_at && a.position == b.position,
                   "an event comes back byte for byte");
        FUZZ_CHECK(metadata_planner(b.metadata) == "anna", "an event taken is the token's planner's");
    }
    return 0;
}
