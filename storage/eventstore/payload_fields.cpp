#include "storage/eventstore/payload_fields.h"

#include <cstring>
#include <iterator>
#include <limits>

#include <nlohmann/json.hpp>

#include "storage/sqlite/database.h"

namespace rotaplan::storage {

namespace {

using json = nlohmann::json;
using Slot = PayloadFields::Slot;
constexpr int kSkip = -1;

int outer_slot(std::string_view k) {
    if (k == "rotation") return Slot::rotation;
    if (k == "name") return Slot::name;
    if (k == "leg") return Slot::leg_ref;
    if (k == "registration") return Slot::registration;
    if (k == "aircraft_type") return Slot::aircraft_type;
    if (k == "min_ground_minutes") return Slot::min_ground_minutes;
    if (k == "airport") return Slot::airport;
    if (k == "utc_offset_minutes") return Slot::utc_offset_minutes;
    if (k == "std") return Slot::std_utc;
    if (k == "sta") return Slot::sta_utc;
    if (k == "kind") return Slot::kind;
    if (k == "file") return Slot::file;
    if (k == "sha256") return Slot::sha256;
    if (k == "records") return Slot::records;
    if (k == "time_zone") return Slot::time_zone;
    return kSkip;
}

int leg_slot(std::string_view k) {
    if (k == "id") return Slot::leg_id;
    if (k == "airline") return Slot::leg_airline;
    if (k == "number") return Slot::leg_number;
    if (k == "suffix") return Slot::leg_suffix;
    if (k == "dep") return Slot::leg_dep;
    if (k == "day") return Slot::leg_day;
    if (k == "arr") return Slot::leg_arr;
    if (k == "std") return Slot::leg_std;
    if (k == "sta") return Slot::leg_sta;
    if (k == "type") return Slot::leg_type;
    if (k == "service") return Slot::leg_service;
    if (k == "flight") return Slot::leg_flight;
    if (k == "attr") return Slot::leg_attributes;
    return kSkip;
}

// The fields of a leg row, in order (the writer: append_leg_rows in
// event_codec.cpp). A row may carry more fields than these, written by a
// later Rotaplan: they are skipped, as unknown keys are.
struct RowField {
    Slot slot;
    bool text;  // else a number
    const char* name;
};
constexpr RowField kLegRow[] = {
    {Slot::leg_id, true, "id"},          {Slot::leg_airline, false, "airline"},
    {Slot::leg_number, false, "number"}, {Slot::leg_suffix, true, "suffix"},
    {Slot::leg_dep, false, "dep"},       {Slot::leg_arr, false, "arr"},
    {Slot::leg_day, false, "day"},       {Slot::leg_std, false, "std"},
    {Slot::leg_sta, false, "block"},     {Slot::leg_type, false, "type"},
    {Slot::leg_service, true, "service"}, {Slot::leg_attributes, false, "attr"},
};
constexpr std::size_t kRowFields = std::size(kLegRow);

class Reader final : public nlohmann::json_sax<json> {
public:
    explicit Reader(PayloadFields& f) : f_(f) {}

    bool key(string_t& k) override {
        slot_ = depth_ == 1 ? outer_slot(k) : ((depth_ == 2 || depth_ == 3) && in_leg_) ? leg_slot(k) : kSkip;
        templates_next_ = depth_ == 1 && k == "templates";
        notes_next_ = depth_ == 1 && k == "notes";
        legs_next_ = depth_ == 1 && k == "legs";
        codes_next_ = depth_ == 1 && k == "codes";
        attributes_next_ = depth_ == 1 && k == "attrs";
        rows_next_ = depth_ == 1 && k == "rows";
        return true;
    }
    bool string(string_t& v) override {
        if (in_row_ && depth_ == 3) return row_value(true, &v, 0);
        not_a_row();
        if (in_codes_ && depth_ == 2) f_.codes.push_back(v);
        else if (in_attributes_ && depth_ == 2) f_.attributes.push_back(v);
        else if (in_templates_ && depth_ == 2) f_.templates.push_back(v);
        else if (in_notes_ && depth_ == 2) f_.notes.push_back(v);
        else if (in_legs_ && depth_ == 2) f_.leg_ids.push_back(v);
        else if (slot_ != kSkip) f_.set_text(Slot(slot_), v);
        return true;
    }
    bool number_integer(number_integer_t v) override { return number(v); }
    bool number_unsigned(number_unsigned_t v) override {
        if (v <= number_unsigned_t(std::numeric_limits<std::int64_t>::max())) return number(std::int64_t(v));
        // Past any field's range: refused where it would be kept (a cast
        // would keep another value), skipped where it would be skipped.
        if (in_row_ && depth_ == 3) {
            if (row_field_ < kRowFields) throw StorageError(where(row_field_) + ": number out of range");
            ++row_field_;
            return true;
        }
        not_a_row();
        not_a_code();
        if (slot_ != kSkip) throw StorageError("number out of range");
        return true;
    }
    bool number_float(number_float_t, const string_t&) override { return other(); }
    bool boolean(bool) override { return other(); }
    bool null() override { return other(); }  // an absent optional
    bool binary(binary_t&) override { return other(); }
    bool start_object(std::size_t) override {
        nested();
        not_a_row();
        ++depth_;
        if ((depth_ == 2 && slot_ == Slot::leg_ref) || (depth_ == 3 && in_legs_)) {
            in_leg_ = true;
            f_.leg_object = true;
            f_.leg_row = false;
            f_.clear_leg();
        }
        slot_ = kSkip;
        return true;
    }
    bool end_object() override {
        if (depth_ == 3 && in_legs_ && f_.on_leg_object) f_.on_leg_object(f_);
        if (depth_ == 2 || (depth_ == 3 && in_legs_)) in_leg_ = false;
        --depth_;
        return true;
    }
    bool start_array(std::size_t) override {
        nested();
        ++depth_;  // only "templates", "notes", "legs", "codes", "attrs" and "rows" are ours; any other array is skipped
        if (depth_ == 2) {  // an array deeper down (a row, something skipped) leaves them as they are
            in_templates_ = templates_next_;
            in_notes_ = notes_next_;
            in_legs_ = legs_next_;
            in_codes_ = codes_next_;
            in_attributes_ = attributes_next_;
            in_rows_ = rows_next_;
        }
        templates_next_ = notes_next_ = legs_next_ = codes_next_ = attributes_next_ = rows_next_ = false;
        if (depth_ == 2 && (in_codes_ || in_attributes_)) {
            // The rows index these by position: a second list, or one after the rows, would misplace them.
            const char* name = in_codes_ ? "\"codes\"" : "\"attrs\"";
            bool& read = in_codes_ ? codes_read_ : attributes_read_;
            if (read) throw StorageError(std::string("a second ") + name);
            if (rows_ > 0) throw StorageError(std::string(name) + " after the leg rows");
            read = true;
        }
        if (depth_ == 3 && in_rows_) {
            // A row's codes are indexes into "codes": the writer puts them first.
            if (!codes_read_) throw StorageError("leg rows before their \"codes\"");
            ++rows_;
            in_row_ = true;
            row_field_ = 0;
            f_.leg_row = true;
            f_.clear_leg();
        }
        return true;
    }
    bool end_array() override {
        if (depth_ == 3 && in_row_) {
            if (row_field_ < kRowFields)
                throw StorageError("leg row " + std::to_string(rows_) + " has " + std::to_string(row_field_) + " fields, not " +
                                   std::to_string(kRowFields) + " or more");
            in_row_ = false;
            if (f_.on_leg_object) f_.on_leg_object(f_);
        }
        if (depth_ == 2) in_templates_ = in_notes_ = in_legs_ = in_codes_ = in_attributes_ = in_rows_ = false;
        --depth_;
        return true;
    }
    bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) override {
        throw StorageError("malformed payload at byte " + std::to_string(position) + ": " + e.what());
    }

private:
    bool number(std::int64_t v) {
        if (in_row_ && depth_ == 3) return row_value(false, nullptr, v);
        not_a_row();
        not_a_code();
        if (slot_ != kSkip) f_.set_number(Slot(slot_), v);
        return true;
    }
    // A value that is neither a string nor an integer, or one we skip.
    bool other() {
        if (in_row_ && depth_ == 3) return row_value(false, nullptr, 0, false);
        not_a_row();
        not_a_code();
        return true;
    }
    // An object or array about to open: inside a row or "codes" it is one value.
    void nested() {
        if (in_row_ && depth_ == 3) row_value(false, nullptr, 0, false);
        else not_a_code();
    }
    // The rows index "codes" and "attrs" by position: a value of another kind would shift them.
    void not_a_code() const {
        if (depth_ != 2) return;
        if (in_codes_) throw StorageError("a code that is not a string in \"codes\"");
        if (in_attributes_) throw StorageError("attributes that are not a string in \"attrs\"");
    }
    // Anything but an array in "rows" would be a leg dropped without a word.
    void not_a_row() const {
        if (in_rows_ && depth_ == 2) throw StorageError("a leg row that is not an array after row " + std::to_string(rows_));
    }
    // The next field of a row: into its slot when it has the field's kind.
    bool row_value(bool is_text, const string_t* text, std::int64_t number, bool scalar = true) {
        const std::size_t at = row_field_++;
        if (at >= kRowFields) return true;  // a later Rotaplan's field
        const RowField& field = kLegRow[at];
        if (!scalar || field.text != is_text)
            throw StorageError(where(at) + ": " + (field.text ? "not a string" : "not an integer"));
        if (is_text) f_.set_text(field.slot, *text);
        else f_.set_number(field.slot, number);
        return true;
    }
    std::string where(std::size_t field) const {
        std::string s = "leg row " + std::to_string(rows_);
        if (field < kRowFields) s += std::string(", field ") + kLegRow[field].name;
        return s;
    }
    PayloadFields& f_;
    int depth_ = 0;
    int slot_ = kSkip;
    bool in_leg_ = false;
    bool templates_next_ = false;
    bool in_templates_ = false;
    bool notes_next_ = false;
    bool in_notes_ = false;
    bool legs_next_ = false;
    bool in_legs_ = false;
    bool codes_next_ = false;
    bool in_codes_ = false;
    bool codes_read_ = false;
    bool attributes_next_ = false;
    bool in_attributes_ = false;
    bool attributes_read_ = false;
    bool rows_next_ = false;
    bool in_rows_ = false;
    bool in_row_ = false;
    std::size_t rows_ = 0;       // rows begun, for messages
    std::size_t row_field_ = 0;  // fields of the current row read so far
};

// What Rotaplan writes (nlohmann's dump(), the codec's leg text) is compact
// JSON: no whitespace, no escapes, ASCII, integers. Such a payload is read by
// this plain scanner, which feeds the same Reader as nlohmann's parser does,
// in the same order; nlohmann's lexer, a call per character, was most of a
// replay's decoding. Anything else (whitespace, an escape, a byte past ASCII,
// a fraction or exponent, an integer of 19 digits or more, a malformed
// payload) makes it give up, and nlohmann reads the payload from the start:
// it alone decides what such JSON means, or says why it is malformed.
class CompactReader {
public:
    CompactReader(std::string_view payload, Reader& reader)
        : p_(payload.data()), end_(payload.data() + payload.size()), reader_(reader) {}

    bool read() { return value(0) && p_ == end_; }

private:
    static constexpr int kMaxDepth = 16;  // deeper is not ours: left to nlohmann

    bool value(int depth) {
        if (p_ == end_) return false;
        switch (*p_) {
            case '{': return object(depth + 1);
            case '[': return array(depth + 1);
            case '"': return string_into(text_) && reader_.string(text_);
            case 't': return literal("true") && reader_.boolean(true);
            case 'f': return literal("false") && reader_.boolean(false);
            case 'n': return literal("null") && reader_.null();
            default: return number();
        }
    }
    bool object(int depth) {
        if (depth > kMaxDepth) return false;
        ++p_;
        reader_.start_object(std::size_t(-1));
        if (p_ != end_ && *p_ == '}') {
            ++p_;
            return reader_.end_object();
        }
        for (;;) {
            if (p_ == end_ || *p_ != '"' || !string_into(key_) || !reader_.key(key_)) return false;
            if (p_ == end_ || *p_ != ':') return false;
            ++p_;
            if (!value(depth)) return false;
            if (p_ == end_) return false;
            if (*p_ == ',') {
                ++p_;
                continue;
            }
            if (*p_ != '}') return false;
            ++p_;
            return reader_.end_object();
        }
    }
    bool array(int depth) {
        if (depth > kMaxDepth) return false;
        ++p_;
        reader_.start_array(std::size_t(-1));
        if (p_ != end_ && *p_ == ']') {
            ++p_;
            return reader_.end_array();
        }
        for (;;) {
            if (!value(depth)) return false;
            if (p_ == end_) return false;
            if (*p_ == ',') {
                ++p_;
                continue;
            }
            if (*p_ != ']') return false;
            ++p_;
            return reader_.end_array();
        }
    }
    // At the opening quote; printable ASCII up to the closing one, nothing escaped.
    bool string_into(std::string& out) {
        const char* from = ++p_;
        while (p_ != end_) {
            const auto c = static_cast<unsigned char>(*p_);
            if (c == '"') {
                out.assign(from, std::size_t(p_ - from));
                ++p_;
                return true;
            }
            if (c < 0x20 || c >= 0x80 || c == '\\') return false;
            ++p_;
        }
        return false;
    }
    bool literal(std::string_view word) {
        if (std::size_t(end_ - p_) < word.size() || std::string_view(p_, word.size()) != word) return false;
        p_ += word.size();
        return true;
    }
    // -?(0|[1-9][0-9]*), at most 18 digits (it fits either way nlohmann reports it), then no '.', 'e' or 'E'.
    bool number() {
        bool negative = false;
        if (*p_ == '-') {
            negative = true;
            ++p_;
        }
        const char* digits = p_;
        std::int64_t v = 0;
        // Digits past the 18th are counted, not added: the value would overflow, and is refused below.
        for (; p_ != end_ && *p_ >= '0' && *p_ <= '9'; ++p_)
            if (p_ - digits < 18) v = v * 10 + (*p_ - '0');
        const auto n = p_ - digits;
        if (n == 0 || n > 18 || (*digits == '0' && n > 1)) return false;
        if (p_ != end_ && (*p_ == '.' || *p_ == 'e' || *p_ == 'E')) return false;
        if (negative) return reader_.number_integer(-v);
        return reader_.number_unsigned(std::uint64_t(v));
    }

    const char* p_;
    const char* end_;
    Reader& reader_;
    std::string text_, key_;  // nlohmann hands the Reader its own buffer; these stand in for it
};

}  // namespace

void read_payload_with_nlohmann(std::string_view payload, PayloadFields& fields) {
    fields.clear();
    Reader reader(fields);
    json::sax_parse(payload.data(), payload.data() + payload.size(), &reader);
}

void read_payload(std::string_view payload, PayloadFields& fields) {
    fields.clear();
    {
        Reader reader(fields);
        if (CompactReader(payload, reader).read()) return;
    }
    if (fields.on_restart) fields.on_restart();  // the legs it reported are void
    read_payload_with_nlohmann(payload, fields);
}

}  // namespace rotaplan::storage
