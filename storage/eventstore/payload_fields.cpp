#include "storage/eventstore/payload_fields.h"

#include <cstring>

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

class Reader final : public nlohmann::json_sax<json> {
public:
    explicit Reader(PayloadFields& f) : f_(f) {}

    bool key(string_t& k) override {
        slot_ = depth_ == 1 ? outer_slot(k) : ((depth_ == 2 || depth_ == 3) && in_leg_) ? leg_slot(k) : kSkip;
        templates_next_ = depth_ == 1 && k == "templates";
        notes_next_ = depth_ == 1 && k == "notes";
        legs_next_ = depth_ == 1 && k == "legs";
        return true;
    }
    bool string(string_t& v) override {
        if (in_templates_ && depth_ == 2) f_.templates.push_back(v);
        else if (in_notes_ && depth_ == 2) f_.notes.push_back(v);
        else if (in_legs_ && depth_ == 2) f_.leg_ids.push_back(v);
        else if (slot_ != kSkip) f_.set_text(Slot(slot_), v);
        return true;
    }
    bool number_integer(number_integer_t v) override { return number(v); }
    bool number_unsigned(number_unsigned_t v) override { return number(std::int64_t(v)); }
    bool number_float(number_float_t, const string_t&) override { return true; }
    bool boolean(bool) override { return true; }
    bool null() override { return true; }  // an absent optional
    bool binary(binary_t&) override { return true; }
    bool start_object(std::size_t) override {
        ++depth_;
        if ((depth_ == 2 && slot_ == Slot::leg_ref) || (depth_ == 3 && in_legs_)) {
            in_leg_ = true;
            f_.leg_object = true;
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
        ++depth_;  // only "templates", "notes" and "legs" are ours; any other array is skipped
        in_templates_ = depth_ == 2 && templates_next_;
        in_notes_ = depth_ == 2 && notes_next_;
        in_legs_ = depth_ == 2 && legs_next_;
        templates_next_ = notes_next_ = legs_next_ = false;
        return true;
    }
    bool end_array() override {
        if (depth_ == 2) in_templates_ = in_notes_ = in_legs_ = false;
        --depth_;
        return true;
    }
    bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) override {
        throw StorageError("malformed payload at byte " + std::to_string(position) + ": " + e.what());
    }

private:
    bool number(std::int64_t v) {
        if (slot_ != kSkip) f_.set_number(Slot(slot_), v);
        return true;
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
};

}  // namespace

void read_payload(std::string_view payload, PayloadFields& fields) {
    fields.clear();
    Reader reader(fields);
    json::sax_parse(payload.data(), payload.data() + payload.size(), &reader);
}

}  // namespace rotaplan::storage
