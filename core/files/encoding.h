// Text encodings at the file boundary: what the readers make of bytes that
// are not ASCII, before any of them reaches an event (whose JSON must be
// UTF-8) or a message.
//
//   SSIM       single-byte columns: every byte is one Latin-1 character.
//              Columns Rotaplan decodes must hold their ASCII grammar; a byte
//              0x80-0xFF in a column it only carries becomes its Latin-1
//              character (UTF-8 inside Rotaplan) and is written back as the
//              same byte on export.
//   CSV        UTF-8 (a byte-order mark is allowed); a file that is not valid
//              UTF-8 is read as Latin-1, as a whole, and the import says so.
//   both       control characters (0x00-0x1F, 0x7F) are refused where found.
//
// Why these and no others: docs/decisions.md, "input at the boundary".
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace rotaplan::files {

// Whether `s` is well-formed UTF-8 (no overlong forms, no surrogates); if not,
// `first_bad` (when given) is the offset of the first byte that is not.
bool is_utf8(std::string_view s, std::size_t* first_bad = nullptr);

// Each byte as the Latin-1 (ISO 8859-1) character of that code: always valid UTF-8.
std::string latin1_to_utf8(std::string_view bytes);
// The reverse: nullopt when `text` is not UTF-8 or holds a character above U+00FF.
std::optional<std::string> utf8_to_latin1(std::string_view text);

// A control character (0x00-0x1F, 0x7F), which no field of a schedule file holds.
inline bool is_control(unsigned char c) { return c < 0x20 || c == 0x7f; }

// A value quoted for a message: "R\xE9" — control characters and bytes that are
// not UTF-8 written as \xHH, so that a message is always printable UTF-8.
std::string quoted(std::string_view value);

// A program's arguments as the system gave them, before Qt decodes them as
// UTF-8 (a byte that is not becomes U+FFFD without a word, and a name would
// be stored with it): why the first one that is not UTF-8 text is refused
// ("argument 2 ("R\xE9") is not valid UTF-8 text"), or nullopt.
std::optional<std::string> argument_not_utf8(int argc, const char* const argv[]);

}  // namespace rotaplan::files
