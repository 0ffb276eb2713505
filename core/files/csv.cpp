#include "csv.h"

#include <algorithm>
#include <cctype>

namespace rotaplan::files {

std::string where(std::string_view file, int line, int column, std::string_view field) {
    return std::string(file) + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + std::string(field) + ": ";
}

std::optional<std::vector<Record>> parse_csv(std::string_view file, std::string_view in, ParseError& error) {
    if (in.substr(0, 3) == "\xEF\xBB\xBF") in.remove_prefix(3);
    std::vector<Record> out;
    std::size_t i = 0;
    int line = 1;
    while (i < in.size()) {
        Record rec;
        rec.line = line;
        std::size_t line_start = i;
        bool end_of_record = false;
        while (!end_of_record) {
            Field f;
            f.column = int(i - line_start) + 1;
            if (i < in.size() && in[i] == '"') {
                ++i;
                for (;;) {
                    if (i >= in.size()) {
                        error.message = where(file, rec.line, f.column, "quoted field") + "the closing quote is missing";
                        return std::nullopt;
                    }
                    char c = in[i++];
                    if (c == '"') {
                        if (i < in.size() && in[i] == '"') {
                            f.text += '"';
                            ++i;
                            continue;
                        }
                        break;
                    }
                    if (c == '\n') {
                        ++line;
                        line_start = i;
                    }
                    f.text += c;
                }
                if (i < in.size() && in[i] != ',' && in[i] != '\n' && in[i] != '\r') {
                    error.message = where(file, line, int(i - line_start) + 1, "quoted field") +
                                    "a quoted field must end at a comma or the end of the line";
                    return std::nullopt;
                }
            } else {
                while (i < in.size() && in[i] != ',' && in[i] != '\n' && in[i] != '\r') f.text += in[i++];
            }
            rec.fields.push_back(std::move(f));
            if (i < in.size() && in[i] == ',') {
                ++i;
                continue;
            }
            if (i < in.size() && in[i] == '\r') ++i;
            if (i < in.size() && in[i] == '\n') ++i;
            ++line;
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
