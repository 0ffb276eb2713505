#include "csv.h"

#include <algorithm>
#include <cctype>

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

}  // namespace

std::optional<std::vector<Record>> parse_csv(std::string_view file, std::string_view in, ParseError& error) {
    if (in.substr(0, 3) == "\xEF\xBB\xBF") in.remove_prefix(3);
    std::string decoded;
    if (std::size_t bad = 0; !is_utf8(in, &bad)) {
        auto [line, column] = position_of(in, bad);
        static constexpr char hex[] = "0123456789ABCDEF";
        auto byte = static_cast<unsigned char>(in[bad]);
        error.notes.push_back(where(file, line, column, "encoding") + "the file is not UTF-8 (byte 0x" + hex[byte >> 4] +
                              hex[byte & 15] + " here): read as Latin-1");
        decoded = latin1_to_utf8(in);
        in = decoded;
    }
    std::vector<Record> out;
    std::size_t i = 0;
    int line = 1;
    int column = 1;  // of in[i], in characters
    auto take = [&](std::string& text) {
        unsigned char c = static_cast<unsigned char>(in[i++]);
        if ((c & 0xC0) != 0x80) ++column;
        text += char(c);
    };
    while (i < in.size()) {
        Record rec;
        rec.line = line;
        bool end_of_record = false;
        while (!end_of_record) {
            Field f;
            f.column = column;
            int field_line = line;
            if (i < in.size() && in[i] == '"') {
                ++i;
                ++column;
                for (;;) {
                    if (i >= in.size()) {
                        error.message = where(file, rec.line, f.column, "quoted field") + "the closing quote is missing";
                        return std::nullopt;
                    }
                    if (in[i] == '"') {
                        ++i;
                        ++column;
                        if (i < in.size() && in[i] == '"') {
                            f.text += '"';
                            ++i;
                            ++column;
                            continue;
                        }
                        break;
                    }
                    if (in[i] == '\n') {
                        f.text += in[i++];
                        ++line;
                        column = 1;
                        continue;
                    }
                    take(f.text);
                }
                if (i < in.size() && in[i] != ',' && in[i] != '\n' && in[i] != '\r') {
                    error.message = where(file, line, column, "quoted field") +
                                    "a quoted field must end at a comma or the end of the line";
                    return std::nullopt;
                }
            } else {
                while (i < in.size() && in[i] != ',' && in[i] != '\n' && in[i] != '\r') take(f.text);
            }
            // Line ends inside a quoted field are text; any other control character is not.
            auto control = std::find_if(f.text.begin(), f.text.end(), [](char c) { return c != '\n' && is_control(static_cast<unsigned char>(c)); });
            if (control != f.text.end()) {
                std::size_t at = std::size_t(control - f.text.begin());
                auto [l, c] = position_of(f.text, at);
                error.message = where(file, field_line + l - 1, l == 1 ? f.column + c - 1 : c, "character") +
                                quoted(std::string_view(&*control, 1)) + " is a control character; a field holds printable text";
                return std::nullopt;
            }
            rec.fields.push_back(std::move(f));
            if (i < in.size() && in[i] == ',') {
                ++i;
                ++column;
                continue;
            }
            if (i < in.size() && in[i] == '\r') ++i;
            if (i < in.size() && in[i] == '\n') ++i;
            ++line;
            column = 1;
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
                                                         ParseError& error, std::size_t optional_columns) {
    auto records = parse_csv(file, content, error);
    if (!records) return std::nullopt;
    std::string want;
    for (auto name : expected) want += (want.empty() ? "" : ",") + std::string(name);
    if (optional_columns) {
        std::string names;
        for (std::size_t k = expected.size() - optional_columns; k < expected.size(); ++k)
            names += (names.empty() ? "" : ",") + std::string(expected[k]);
        want += " (" + names + " optional)";
    }
    if (records->empty()) {
        error.message = where(file, 1, 1, "header") + "the file is empty; expected the header " + want;
        return std::nullopt;
    }
    const Record& header = records->front();
    bool ok = header.fields.size() <= expected.size() && header.fields.size() + optional_columns >= expected.size();
    for (std::size_t k = 0; ok && k < header.fields.size(); ++k) ok = trimmed_lower(header.fields[k].text) == expected[k];
    if (!ok) {
        error.message = where(file, header.line, 1, "header") + "expected the header " + want;
        return std::nullopt;
    }
    const std::size_t columns = header.fields.size();
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
