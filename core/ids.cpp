#include "ids.h"


namespace rotaplan {

std::string Uuid::str() const {
    // Hot in replay and projections: formatted by hand, not through printf.
    static constexpr char hex[] = "0123456789abcdef";
    std::string out(36, '-');
    int pos = 0;
    auto put = [&](std::uint64_t half) {
        for (int shift = 60; shift >= 0; shift -= 4) {
            if (pos == 8 || pos == 13 || pos == 18 || pos == 23) ++pos;
            out[std::size_t(pos++)] = hex[(half >> shift) & 0xf];
        }
    };
    put(hi);
    put(lo);
    return out;
}

std::optional<Uuid> Uuid::parse(std::string_view t) {
    if (t.size() != 36 || t[8] != '-' || t[13] != '-' || t[18] != '-' || t[23] != '-') return std::nullopt;
    Uuid u;
    int nibbles = 0;
    for (char c : t) {
        if (c == '-') continue;
        unsigned v;
        if (c >= '0' && c <= '9') v = unsigned(c - '0');
        else if (c >= 'a' && c <= 'f') v = unsigned(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') v = unsigned(c - 'A' + 10);
        else return std::nullopt;
        auto& half = nibbles < 16 ? u.hi : u.lo;
        half = (half << 4) | v;
        ++nibbles;
    }
    return u;
}

Uuid Uuid::v4(std::uint64_t random_hi, std::uint64_t random_lo) {
    Uuid u{random_hi, random_lo};
    u.hi = (u.hi & ~0xF000ull) | 0x4000ull;                        // version 4
    u.lo = (u.lo & 0x3FFFFFFFFFFFFFFFull) | 0x8000000000000000ull;  // RFC 4122 variant
    return u;
}

Uuid Uuid::v7(std::uint64_t unix_millis, std::uint64_t random_a, std::uint64_t random_b) {
    Uuid u;
    u.hi = (unix_millis << 16) | 0x7000ull | (random_a & 0x0FFFull);                 // 48-bit time, version 7, 12 random bits
    u.lo = (random_b & 0x3FFFFFFFFFFFFFFFull) | 0x8000000000000000ull;               // RFC variant, 62 random bits
    return u;
}

}  // namespace rotaplan
