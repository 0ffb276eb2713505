// Fuzzing target `request_head`: the bytes a client sends rotaplan-server
// before its body, as the server's connection judges them
// (sync/server/http/connection.cpp, read_head): find_head_end looks for the
// head's end as bytes arrive, parse_request_head judges the head, with the
// default limits and with small ones (--max-head, and few fields) so that the
// 431 paths are reached too.
//
// Checks beyond "no crash":
//   - a head found in pieces ends where it ends when found at once (the
//     connection searches on from 3 bytes before what it had read);
//   - a complete head ends within the bytes and the limit, at the end
//     find_head_end gives, and is a request the server can route (method,
//     a path from '/', one Host for HTTP/1.1, at most max_fields fields);
//   - a refusal has an HTTP error status and a sentence.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.h"
#include "sync/server/http/request_head.h"

namespace {

using namespace rotaplan::sync::http;

void judge(std::string_view bytes, const HeadLimits& limits) {
    const HeadParse p = parse_request_head(bytes, limits);
    switch (p.state) {
    case HeadParse::State::Incomplete:
        FUZZ_CHECK(bytes.size() < limits.max_head_bytes, "a head past the limit is not waited for");
        FUZZ_CHECK(find_head_end(bytes) == std::string_view::npos, "a head that ended is judged");
        break;
    case HeadParse::State::Refused:
        FUZZ_CHECK(p.status >= 400 && p.status <= 599, "a refusal is an error status");
        FUZZ_CHECK(!p.error.empty(), "a refusal says why");
        break;
    case HeadParse::State::Complete: {
        const RequestHead& h = p.head;
        FUZZ_CHECK(p.size > 0 && p.size <= bytes.size(), "the head is within the bytes");
        FUZZ_CHECK(p.size <= limits.max_head_bytes, "the head is within the limit");
        FUZZ_CHECK(p.size == find_head_end(bytes), "the head ends where its end was found");
        FUZZ_CHECK(!h.method.empty(), "a request has a method");
        FUZZ_CHECK(!h.path.empty() && h.path[0] == '/', "a request has a path");
        FUZZ_CHECK(h.minor_version == 0 || h.minor_version == 1, "HTTP/1.0 or HTTP/1.1");
        FUZZ_CHECK(h.fields.size() <= limits.max_fields, "at most max_fields fields");
        if (h.minor_version == 1) FUZZ_CHECK(h.field("host").has_value(), "an HTTP/1.1 request names its Host");
        FUZZ_CHECK(!(h.field("transfer-encoding") && h.content_length), "never both Content-Length and Transfer-Encoding");
        for (const auto& [name, value] : h.fields) {
            FUZZ_CHECK(!name.empty(), "a field has a name");
            for (char c : name) FUZZ_CHECK(!(c >= 'A' && c <= 'Z'), "field names are in lower case");
        }
        break;
    }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    const std::size_t whole = find_head_end(bytes);
    // As the connection reads: a first part in which no end was found, then
    // the search goes on from 3 bytes before that part's end.
    for (std::size_t cut : {size / 3, size / 2, bytes.find('\n') == std::string_view::npos ? size : bytes.find('\n') + 1}) {
        if (cut > size || find_head_end(bytes.substr(0, cut)) != std::string_view::npos) continue;
        FUZZ_CHECK(find_head_end(bytes, cut >= 3 ? cut - 3 : 0) == whole, "a head's end is found the same in pieces");
    }
    judge(bytes, HeadLimits{});
    judge(bytes, HeadLimits{256, 4});
    return 0;
}
