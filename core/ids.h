// Identities of things that can be renamed or duplicated.
//
// A leg is named by its flight designator, but two legs may share one (that is
// a validation finding, not an impossibility), so each leg also has a LegId.
// Rotations are renamed, so they too carry an id. Ids are UUIDs so that two
// planners working offline never mint the same one; they are chosen by whoever
// issues a command (never inside a decider), which keeps decide() pure and lets
// an offline command replay to exactly the same events.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace rotaplan {

struct Uuid {
    std::uint64_t hi = 0, lo = 0;
    auto operator<=>(const Uuid&) const = default;
    bool is_nil() const { return hi == 0 && lo == 0; }
    std::string str() const;  // 8-4-4-4-12 lower-case hex
    static std::optional<Uuid> parse(std::string_view text);
    // Version 4 UUID from 128 random bits supplied by the caller.
    static Uuid v4(std::uint64_t random_hi, std::uint64_t random_lo);
    // Version 7 UUID (RFC 9562): a millisecond timestamp, then random bits.
    // Ids minted one after another sort one after another, so the B-tree
    // indexes keyed by them grow at their right edge instead of touching a
    // random page per insert (fewer pages per commit, less to fsync).
    static Uuid v7(std::uint64_t unix_millis, std::uint64_t random_a, std::uint64_t random_b);
};

struct LegId {
    Uuid value;
    auto operator<=>(const LegId&) const = default;
};
struct RotationId {
    Uuid value;
    auto operator<=>(const RotationId&) const = default;
};

struct UuidHash {
    std::size_t operator()(const Uuid& u) const noexcept { return std::hash<std::uint64_t>{}(u.hi ^ (u.lo * 0x9E3779B97F4A7C15ull)); }
    std::size_t operator()(const LegId& l) const noexcept { return (*this)(l.value); }
    std::size_t operator()(const RotationId& r) const noexcept { return (*this)(r.value); }
};

}  // namespace rotaplan
