// What a decider answers: the events to append, or why the command is refused.
#pragma once

#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "events.h"

namespace rotaplan {

struct DomainError {
    enum class Kind {
        Rejected,  // the schedule forbids it (overlap, already assigned, ...)
        NotFound,  // names a rotation, leg, airplane or airport that does not exist
        Invalid,   // the command itself is malformed (STA not after STD, ...)
        Conflict,  // a stream moved on since it was read (optimistic concurrency)
    };
    Kind kind = Kind::Rejected;
    std::string message;
};

inline DomainError rejected(std::string m) { return {DomainError::Kind::Rejected, std::move(m)}; }
inline DomainError not_found(std::string m) { return {DomainError::Kind::NotFound, std::move(m)}; }
inline DomainError invalid(std::string m) { return {DomainError::Kind::Invalid, std::move(m)}; }

// std::expected arrives with C++23; this is the part of it we need.
template <class T>
class Result {
public:
    Result(T value) : v_(std::move(value)) {}
    Result(DomainError error) : v_(std::move(error)) {}
    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }
    T& value() { return std::get<0>(v_); }
    const T& value() const { return std::get<0>(v_); }
    T& operator*() { return value(); }
    const T& operator*() const { return value(); }
    T* operator->() { return &value(); }
    const DomainError& error() const { return std::get<1>(v_); }

private:
    std::variant<T, DomainError> v_;
};

using Events = std::vector<Event>;
using Decision = Result<Events>;

}  // namespace rotaplan
