#include "request_head.h"

#include <algorithm>

namespace rotaplan::sync::http {

namespace {

constexpr auto npos = std::string_view::npos;

bool tchar(unsigned char c) {
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
    return std::string_view("!#$%&'*+-.^_`|~").find(char(c)) != npos;
}

bool token(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return tchar(static_cast<unsigned char>(c)); });
}

// Field values: visible characters, spaces, tabs and bytes above 0x7F (obs-text); no other control character.
bool field_value(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char ch) {
        auto c = static_cast<unsigned char>(ch);
        return c == '\t' || (c >= 0x20 && c != 0x7f);
    });
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// Empty lines before the request line are ignored (RFC 9112 2.2: a client may send one after a body).
std::size_t skip_blank_lines(std::string_view b) {
    std::size_t i = 0;
    while (i < b.size() && (b[i] == '\n' || (b[i] == '\r' && i + 1 < b.size() && b[i + 1] == '\n')))
        i += b[i] == '\n' ? 1 : 2;
    return i;
}

// One line of the head without its end; a CR anywhere but before the LF is refused.
bool line_text(std::string_view line, std::string_view& out) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find('\r') != npos) return false;
    out = line;
    return true;
}

HeadParse refuse(int status, std::string error) {
    HeadParse p;
    p.state = HeadParse::State::Refused;
    p.status = status;
    p.error = std::move(error);
    return p;
}

// "METHOD /target HTTP/1.1"
std::optional<HeadParse> read_request_line(std::string_view raw, RequestHead& h) {
    std::string_view line;
    if (!line_text(raw, line)) return refuse(400, "the request line holds a carriage return");
    auto sp1 = line.find(' ');
    auto sp2 = sp1 == npos ? npos : line.find(' ', sp1 + 1);
    if (sp2 == npos || line.find(' ', sp2 + 1) != npos)
        return refuse(400, "the request line is not METHOD TARGET HTTP/1.1");
    auto method = line.substr(0, sp1), target = line.substr(sp1 + 1, sp2 - sp1 - 1), version = line.substr(sp2 + 1);
    if (!token(method) || method.size() > 32) return refuse(400, "the request method is not a token");
    if (target.empty() || target[0] != '/')
        return refuse(400, "the request target must be a path beginning with '/'");
    for (char ch : target)
        if (auto c = static_cast<unsigned char>(ch); c <= 0x20 || c >= 0x7f)
            return refuse(400, "the request target holds a character that must be percent-encoded");
    if (version.size() != 8 || version.substr(0, 5) != "HTTP/" || version[6] != '.' || version[5] < '0' ||
        version[5] > '9' || version[7] < '0' || version[7] > '9')
        return refuse(400, "the request line does not end with an HTTP version");
    if (version[5] != '1' || (version[7] != '0' && version[7] != '1'))
        return refuse(505, "HTTP version " + std::string(version.substr(5)) + " is not served; use HTTP/1.1");
    h.method = method;
    auto q = target.find('?');
    h.path = target.substr(0, q);
    h.query = q == npos ? std::string_view() : target.substr(q + 1);
    h.minor_version = version[7] - '0';
    return std::nullopt;
}

bool has_token(std::string_view list, std::string_view wanted) {
    while (!list.empty()) {
        auto comma = list.find(',');
        if (lower(trim(list.substr(0, comma))) == wanted) return true;
        if (comma == npos) break;
        list.remove_prefix(comma + 1);
    }
    return false;
}

std::optional<HeadParse> judge_fields(RequestHead& h) {
    int hosts = 0;
    bool transfer_encoding = false;
    for (const auto& [name, value] : h.fields) {
        if (name == "host") {
            ++hosts;
        } else if (name == "content-length") {
            if (value.empty() || value.size() > 18 ||
                !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; }))
                return refuse(400, "Content-Length must be a number of bytes");
            std::uint64_t n = std::stoull(value);
            if (h.content_length && *h.content_length != n) return refuse(400, "two different Content-Length fields");
            h.content_length = n;
        } else if (name == "transfer-encoding") {
            transfer_encoding = true;
        } else if (name == "connection") {
            if (has_token(value, "close")) h.keep_alive = false;
            else if (h.minor_version == 0 && has_token(value, "keep-alive")) h.keep_alive = true;
        } else if (name == "expect") {
            if (lower(value) != "100-continue") return refuse(417, "the only expectation met is 100-continue");
            h.expects_continue = true;
        }
    }
    if (transfer_encoding && h.content_length)
        return refuse(400, "a request with both Content-Length and Transfer-Encoding is refused (the two disagree "
                           "on where its body ends)");
    if (transfer_encoding)
        return refuse(501, "Transfer-Encoding is not taken in requests; send the body with a Content-Length");
    if (h.minor_version == 1 && hosts != 1) return refuse(400, "an HTTP/1.1 request has exactly one Host field");
    return std::nullopt;
}

}  // namespace

std::optional<std::string_view> RequestHead::field(std::string_view name) const {
    for (const auto& [n, v] : fields)
        if (n == name) return std::string_view(v);
    return std::nullopt;
}

std::size_t find_head_end(std::string_view b, std::size_t from) {
    std::size_t start = skip_blank_lines(b);
    for (std::size_t p = b.find('\n', std::max(from, start)); p != npos; p = b.find('\n', p + 1)) {
        if (p + 1 < b.size() && b[p + 1] == '\n') return p + 2;
        if (p + 2 < b.size() && b[p + 1] == '\r' && b[p + 2] == '\n') return p + 3;
    }
    return npos;
}

HeadParse parse_request_head(std::string_view bytes, const HeadLimits& limits) {
    const std::size_t end = find_head_end(bytes);
    const std::size_t start = skip_blank_lines(bytes);
    if (end == npos) {
        if (bytes.size() >= limits.max_head_bytes)
            return refuse(431, "the request head is longer than " + std::to_string(limits.max_head_bytes) + " bytes");
        // A request line already complete is judged now: garbage is refused before its head ends.
        if (auto eol = bytes.find('\n', start); eol != npos) {
            RequestHead ignored;
            if (auto refused = read_request_line(bytes.substr(start, eol - start), ignored)) return *refused;
        }
        return {};
    }
    if (end > limits.max_head_bytes)
        return refuse(431, "the request head is longer than " + std::to_string(limits.max_head_bytes) + " bytes");

    HeadParse out;
    RequestHead& h = out.head;
    std::string_view head = bytes.substr(start, end - start);
    auto eol = head.find('\n');
    if (auto refused = read_request_line(head.substr(0, eol), h)) return *refused;
    h.keep_alive = h.minor_version == 1;
    for (std::size_t at = eol + 1; at < head.size();) {
        auto next = head.find('\n', at);
        std::string_view line;
        if (!line_text(head.substr(at, next - at), line)) return refuse(400, "a header field holds a carriage return");
        at = next + 1;
        if (line.empty()) break;  // the blank line: the head's end
        if (line.front() == ' ' || line.front() == '\t')
            return refuse(400, "a header field is folded over two lines (obsolete; not taken)");
        auto colon = line.find(':');
        if (colon == npos || !token(line.substr(0, colon)))
            return refuse(400, "a header line is not NAME: VALUE");
        auto value = trim(line.substr(colon + 1));
        if (!field_value(value)) return refuse(400, "a header field holds a control character");
        if (h.fields.size() == limits.max_fields)
            return refuse(431, "the request has more than " + std::to_string(limits.max_fields) + " header fields");
        h.fields.emplace_back(lower(line.substr(0, colon)), std::string(value));
    }
    if (auto refused = judge_fields(h)) return *refused;
    out.state = HeadParse::State::Complete;
    out.size = end;
    return out;
}

}  // namespace rotaplan::sync::http
