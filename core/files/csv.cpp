#include "csv.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>

#include "encoding.h"

namespace rotaplan::files {

std::string where(std::string_view file, int line, int column, std::string_view field) {
    return std::string(file) + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + std::string(field) + ": ";
}

namespace {

// Line and column (in characters) of byte `at` of `text`.
std::pair<int, int> position_of(std::string_view text, std::size_t at) {
    int line = 1, column = 1;
    for (std::size_t i = 0; i < at; ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            ++column;
        }
    }
    return {line, column};
}

bool all_ascii(std::string_view s) {
    std::uint64_t any = 0;
    std::size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) {  // eight bytes at a time: a season's rotation file is 14 MB
        std::uint64_t word;
        std::memcpy(&word, s.data() + i, 8);
        any |= word;
    }
    for (; i < s.size(); ++i) any |= static_cast<unsigned char>(s[i]);
    return (any & 0x8080808080808080ull) == 0;
}

}  // namespace

std::optional<std::vector<Record>> parse_csv(std::string_view file, std::string_view in, ParseError& error) {
    if (in.substr(0, 3) == "\xEF\xBB\xBF") in.remove_prefix(3);
    std::string decoded;
    const bool ascii = all_ascii(in);
    if (std::size_t bad = 0; !ascii && !is_utf8(in, &bad)) {
        auto [line, column] = position_of(in, bad);
        static constexpr char hex[] = "0123456789ABCDEF";
        auto byte = static_cast<unsigned char>(in[bad]);
        error.notes.push_back(where(file, line, column, "encoding") + "the file is not UTF-8 (byte 0x" + hex[byte >> 4] +
                              hex[byte & 15] + " here): read as Latin-1");
        decoded = latin1_to_utf8(in);
        in = decoded;
    }
    // Columns count characters: bytes, in an ASCII file (the common case).
    std::size_t line_start = 0;
    auto column_of = [&](std::size_t at) {
        if (ascii) return int(at - line_start) + 1;
        return position_of(in.substr(line_start, at - line_start), at - line_start).second;
    };
    auto control = [&](std::size_t at, int line) {
        error.message = where(file, line, column_of(at), "character") + quoted(in.substr(at, 1)) +
                        " is a control character; a field holds printable text";
    };
    std::vector<Record> out;
    std::size_t i = 0;
    int line = 1;
    while (i < in.size()) {
        Record rec;
        rec.line = line;
        bool end_of_record = false;
        while (!end_of_record) {
            const int column = column_of(i);
            if (i < in.size() && in[i] == '"') {
                std::string text;
                ++i;
                for (;;) {
                    if (i >= in.size()) {
                        error.message = where(file, rec.line, column, "quoted field") + "the closing quote is missing";
                        return std::nullopt;
                    }
                    char c = in[i++];
                    if (c == '"') {
                        if (i < in.size() && in[i] == '"') {
                            text += '"';
                            ++i;
                            continue;
                        }
                        break;
                    }
                    if (c == '\n') {  // a line end inside quotes is text
                        ++line;
                        line_start = i;
                    } else if (is_control(static_cast<unsigned char>(c)) && c != '\r') {
                        control(i - 1, line);
                        return std::nullopt;
                    }
                    text += c;
                }
                if (i < in.size() && in[i] != ',' && in[i] != '\n' && in[i] != '\r') {
                    error.message = where(file, line, column_of(i), "quoted field") +
                                    "a quoted field must end at a comma or the end of the line";
                    return std::nullopt;
                }
                rec.fields.push_back(Field{std::move(text), column});
            } else {
                // To the comma or a control character (the line end is one).
                std::size_t from = i;
                while (i < in.size()) {
                    auto c = static_cast<unsigned char>(in[i]);
                    if (c == ',' || is_control(c)) break;
                    ++i;
                }
                if (i < in.size() && in[i] != ',' && in[i] != '\n' && in[i] != '\r') {
                    control(i, line);
                    return std::nullopt;
                }
                rec.fields.push_back(Field{std::string(in.data() + from, i - from), column});
            }
            if (i < in.size() && in[i] == ',') {
                ++i;
                continue;
            }
            if (i < in.size() && in[i] == '\r') ++i;
            if (i < in.size() && in[i] == '\n') ++i;
            ++line;
            line_start = i;
            end_of_record = true;
        }
        bool blank = rec.fields.size() == 1 && rec.fields[0].text.find_first_not_of(" \t") == std::string::npos;
        if (!blank) out.push_back(std::move(rec));
    }
    return out;
}

namespace {
std::string trimmed_lower(std::string_view s) {
    auto b = s.find_first_not_of(" \t");
    auto e = s.find_last_not_of(" \t");
    std::string t = b == std::string_view::npos ? std::string() : std::string(s.substr(b, e - b + 1));
    std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return t;
}
}  // namespace

std::optional<std::vector<Record>> parse_csv_with_header(std::string_view file, std::string_view content,
                                                         const std::vector<std::string_view>& expected,
                                                         ParseError& error,
                                                         const std::vector<std::string_view>& optional) {
    auto records = parse_csv(file, content, error);
    if (!records) return std::nullopt;
    std::string want;
    for (auto name : expected) want += (want.empty() ? "" : ",") + std::string(name);
    for (auto name : optional) want += "[," + std::string(name);
    want += std::string(optional.size(), ']');
    if (records->empty()) {
        error.message = where(file, 1, 1, "header") + "the file is empty; expected the header " + want;
        return std::nullopt;
    }
    const Record& header = records->front();
    const std::size_t columns = header.fields.size();
    bool ok = columns >= expected.size() && columns <= expected.size() + optional.size();
    for (std::size_t k = 0; ok && k < columns; ++k)
        ok = trimmed_lower(header.fields[k].text) == (k < expected.size() ? expected[k] : optional[k - expected.size()]);
    if (!ok) {
        error.message = where(file, header.line, 1, "header") + "expected the header " + want;
        return std::nullopt;
    }
    records->erase(records->begin());
    for (const Record& r : *records) {
        if (r.fields.size() != columns) {
            int column = r.fields.back().column;
            error.message = where(file, r.line, column, "record") + "has " + std::to_string(r.fields.size()) +
                            " fields; the header has " + std::to_string(columns);
            return std::nullopt;
        }
    }
    return records;
}

}  // namespace rotaplan::files
