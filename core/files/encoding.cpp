#include "encoding.h"

namespace rotaplan::files {

namespace {

// The length of the well-formed UTF-8 sequence at s[i], or 0 (RFC 3629).
std::size_t sequence_at(std::string_view s, std::size_t i) {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned char c = byte(i);
    if (c < 0x80) return 1;
    std::size_t n;
    unsigned char lo = 0x80, hi = 0xBF;  // the second byte's range
    if (c >= 0xC2 && c <= 0xDF) n = 2;
    else if (c == 0xE0) n = 3, lo = 0xA0;
    else if (c == 0xED) n = 3, hi = 0x9F;  // no surrogates
    else if (c >= 0xE1 && c <= 0xEF) n = 3;
    else if (c == 0xF0) n = 4, lo = 0x90;
    else if (c >= 0xF1 && c <= 0xF3) n = 4;
    else if (c == 0xF4) n = 4, hi = 0x8F;
    else return 0;
    if (i + n > s.size()) return 0;
    if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
    for (std::size_t k = 2; k < n; ++k)
        if ((byte(i + k) & 0xC0) != 0x80) return 0;
    return n;
}

}  // namespace

bool is_utf8(std::string_view s, std::size_t* first_bad) {
    for (std::size_t i = 0; i < s.size();) {
        // ASCII runs, the common case, a byte at a time without the table above.
        if (static_cast<unsigned char>(s[i]) < 0x80) {
            ++i;
            continue;
        }
        std::size_t n = sequence_at(s, i);
        if (n == 0) {
            if (first_bad) *first_bad = i;
            return false;
        }
        i += n;
    }
    return true;
}

std::string latin1_to_utf8(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size());
    for (unsigned char c : bytes) {
        if (c < 0x80) {
            out += char(c);
        } else {
            out += char(0xC0 | (c >> 6));
            out += char(0x80 | (c & 0x3F));
        }
    }
    return out;
}

std::optional<std::string> utf8_to_latin1(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            out += char(c);
            continue;
        }
        // U+0080..U+00FF are the two-byte sequences C2 80 .. C3 BF.
        if ((c != 0xC2 && c != 0xC3) || i + 1 >= text.size()) return std::nullopt;
        unsigned char next = static_cast<unsigned char>(text[i + 1]);
        if ((next & 0xC0) != 0x80) return std::nullopt;
        out += char(((c & 0x03) << 6) | (next & 0x3F));
        ++i;
    }
    return out;
}

std::string quoted(std::string_view v) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out = "\"";
    for (std::size_t i = 0; i < v.size();) {
        unsigned char c = static_cast<unsigned char>(v[i]);
        std::size_t n = c < 0x80 ? 1 : sequence_at(v, i);
        if (n == 0 || is_control(c)) {
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 15];
            ++i;
            continue;
        }
        out.append(v.substr(i, n));
        i += n;
    }
    return out + "\"";
}

std::optional<std::string> argument_not_utf8(int argc, const char* const argv[]) {
    for (int i = 1; i < argc; ++i)
        if (!is_utf8(argv[i])) return "argument " + std::to_string(i) + " (" + quoted(argv[i]) + ") is not valid UTF-8 text";
    return std::nullopt;
}

}  // namespace rotaplan::files
