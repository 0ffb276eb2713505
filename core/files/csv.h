// Reading the planners' CSV files (rotation assignment, ground times).
//
// RFC 4180 as spreadsheets write it: comma separated, fields optionally in
// double quotes (a quoted field may hold commas and doubled quotes), LF or
// CRLF, an optional final newline, an optional UTF-8 byte order mark. Every
// field remembers its line and column (in characters) so that a complaint can
// say exactly where: FILE:LINE:COLUMN: field: what is wrong.
//
// The text is UTF-8; a file that is not valid UTF-8 is read as Latin-1, as a
// whole (what spreadsheets on Windows save), and a note says so. A control
// character in a field is refused (encoding.h).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rotaplan::files {

struct Field {
    std::string text;
    int column = 1;  // 1-based, of the field's first character
};

struct Record {
    int line = 0;  // 1-based
    std::vector<Field> fields;
};

struct ParseError {
    std::string message;  // FILE:LINE:COLUMN: field: what is wrong
    // What was read but is worth saying (FILE:LINE:COLUMN: field: what): the
    // file read as Latin-1, a line that repeats an earlier one and was read once.
    std::vector<std::string> notes;
};

// Where a complaint about a field points.
std::string where(std::string_view file, int line, int column, std::string_view field);

// Splits `content` into records (blank lines skipped). On a malformed quote,
// returns nullopt and sets `error`.
std::optional<std::vector<Record>> parse_csv(std::string_view file, std::string_view content, ParseError& error);

// Checks the first record is exactly `expected` (names compared without
// surrounding spaces, case-insensitively), optionally followed by the first
// one or more of `optional`; returns the records after it, each with as many
// fields as the header.
std::optional<std::vector<Record>> parse_csv_with_header(std::string_view file, std::string_view content,
                                                         const std::vector<std::string_view>& expected,
                                                         ParseError& error,
                                                         const std::vector<std::string_view>& optional = {});

}  // namespace rotaplan::files
