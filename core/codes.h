// Short industry codes as fixed-size values.
//
// Airline designators (2-3 chars), IATA airports (3 letters), IATA aircraft
// types (3 chars) and registrations are compared and hashed millions of times
// during validation and replay; holding them inline (no heap string) keeps a Leg
// trivially copyable and a rotation of 1,500 legs one contiguous block.
#pragma once

#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace rotaplan {

template <std::size_t N>
struct Code {
    std::array<char, N> chars{};  // zero padded

    static constexpr std::size_t capacity = N;
    static Code from(std::string_view s) {  // caller has checked the length
        Code c;
        for (std::size_t i = 0; i < s.size() && i < N; ++i) c.chars[i] = s[i];
        return c;
    }
    std::string_view view() const {
        std::size_t n = 0;
        while (n < N && chars[n] != 0) ++n;
        return {chars.data(), n};
    }
    std::string str() const { return std::string(view()); }
    bool empty() const { return chars[0] == 0; }
    auto operator<=>(const Code&) const = default;
};

using AirlineCode = Code<3>;    // "LH", "XQ", "4U", "EWG"
using AirportCode = Code<3>;    // "FRA"
using AircraftType = Code<3>;   // "320", "32N"
using Registration = Code<10>;  // "D-AIAB", "N12345"

// Validation of the code grammars; each returns an empty string when valid,
// otherwise what is wrong, in a planner's words.
std::string check_airline(std::string_view s);
std::string check_airport(std::string_view s);
std::string check_aircraft_type(std::string_view s);
std::string check_registration(std::string_view s);

// A code of up to 8 chars is one 64-bit word: multiplied by the golden
// ratio's constant and folded, it hashes in two instructions, where the
// byte hash of a string took a tenth of opening a 1.3-million-leg season
// (two airport lookups a leg).
template <std::size_t N>
struct CodeHash {
    std::size_t operator()(const Code<N>& c) const noexcept {
        if constexpr (N <= 8) {
            std::uint64_t word = 0;
            std::memcpy(&word, c.chars.data(), N);
            word *= 0x9E3779B97F4A7C15ull;
            return std::size_t(word ^ (word >> 29));
        } else {
            return std::hash<std::string_view>{}(std::string_view(c.chars.data(), N));
        }
    }
};

}  // namespace rotaplan
