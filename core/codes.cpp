#include "codes.h"

#include <cctype>

namespace rotaplan {

namespace {
bool alnum_upper(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
}  // namespace

std::string check_airline(std::string_view s) {
    if (s.size() < 2 || s.size() > 3) return "an airline designator has 2 or 3 characters";
    for (char c : s)
        if (!alnum_upper(c)) return "an airline designator uses capital letters and digits";
    return {};
}

std::string check_airport(std::string_view s) {
    if (s.size() != 3) return "an airport code has 3 letters";
    for (char c : s)
        if (c < 'A' || c > 'Z') return "an airport code has 3 capital letters";
    return {};
}

std::string check_aircraft_type(std::string_view s) {
    if (s.size() != 3) return "an aircraft type has 3 characters";
    for (char c : s)
        if (!alnum_upper(c)) return "an aircraft type uses capital letters and digits";
    return {};
}

std::string check_registration(std::string_view s) {
    if (s.empty() || s.size() > Registration::capacity) return "a registration has 1 to 10 characters";
    for (char c : s)
        if (!alnum_upper(c) && c != '-') return "a registration uses capital letters, digits and '-'";
    return {};
}

}  // namespace rotaplan
