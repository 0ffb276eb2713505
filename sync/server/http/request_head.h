// An HTTP/1.1 request head (RFC 9112) read strictly, from bytes, before any
// byte of a body: the first thing rotaplan-server judges of every request.
//
//   "POST /v1/events?x=1 HTTP/1.1\r\n"     request line: token SP origin-form SP HTTP/1.x
//   "Host: sync.example\r\n"               header fields: token ":" OWS value OWS
//   "Content-Length: 1234\r\n"
//   "\r\n"                                 the end of the head; the body follows
//
// Refused (status, and a sentence saying what is wrong):
//   431  the head is longer than max_head_bytes, or has more than max_fields fields
//   400  a malformed line, a field folded over lines, a control character,
//        no Host (HTTP/1.1), Content-Length not a number or given twice with
//        two values, Content-Length together with Transfer-Encoding (one
//        request hidden in another's body: request smuggling)
//   501  Transfer-Encoding alone (the server takes bodies of a declared length only)
//   505  an HTTP version other than 1.0 and 1.1
//
// Pure: no Qt, no sockets; a fuzzing harness calls parse_request_head as it is.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rotaplan::sync::http {

struct HeadLimits {
    std::size_t max_head_bytes = 16u << 10;
    std::size_t max_fields = 100;
};

struct RequestHead {
    std::string method;  // "GET", as sent (methods are case-sensitive)
    std::string path;    // "/v1/events", not decoded
    std::string query;   // "after=0&wait=25", without its '?'; not decoded
    int minor_version = 1;  // HTTP/1.0 or HTTP/1.1
    std::vector<std::pair<std::string, std::string>> fields;  // names in lower case, values trimmed
    std::optional<std::uint64_t> content_length;
    bool keep_alive = true;       // the client lets the connection carry another request
    bool expects_continue = false;  // "Expect: 100-continue": it waits for a go before sending its body

    // The value of the first field of that (lower-case) name, or nullopt.
    std::optional<std::string_view> field(std::string_view name) const;
};

struct HeadParse {
    enum class State { Incomplete, Complete, Refused } state = State::Incomplete;
    RequestHead head;       // Complete
    std::size_t size = 0;   // Complete: the head's bytes, its blank line included (the body starts there)
    int status = 0;         // Refused
    std::string error;      // Refused
};

// Where the head in `bytes` ends (just after its blank line), looking from
// `from` on (a caller that read more keeps what it already searched), or
// std::string_view::npos when it does not end yet.
std::size_t find_head_end(std::string_view bytes, std::size_t from = 0);

// Reads the head at the start of `bytes`: Incomplete while it may still end
// within the limits, Refused as soon as it cannot be a request we take.
HeadParse parse_request_head(std::string_view bytes, const HeadLimits& limits = {});

}  // namespace rotaplan::sync::http
