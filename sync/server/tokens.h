// Who may talk to rotaplan-server: the --tokens file, one bearer token per planner.
//
//   # the flight planning team, 2026
//   4f1c...e9   anna   Anna Lindqvist
//   77b0...c2   marc   Marc Dubois (nights)
//   ^token      ^planner  ^name: the rest of the line (the planner when left out)
//
// A token authenticates one planner: every event that token pushes must name
// that planner in its metadata. The file is read once, at start; a bad line is
// an error naming FILE:LINE, so a typo never silently locks a planner out.
//
// Tokens are kept only as SHA-256 digests and looked up by digest, so the
// time a lookup takes says nothing about how much of a guessed token was right.
#pragma once

#include <map>
#include <stdexcept>
#include <string>
#include <string_view>

namespace rotaplan::sync {

struct TokenOwner {
    std::string planner;
    std::string name;
};

class TokenFileError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class Tokens {
public:
    // `source` names the text in error messages (the file's path).
    static Tokens parse(std::string_view text, const std::string& source);  // throws TokenFileError
    static Tokens load(const std::string& path);                             // throws TokenFileError

    // The owner of a token, or nullptr when the token is unknown.
    const TokenOwner* find(std::string_view token) const;
    std::size_t size() const { return owners_.size(); }

private:
    std::map<std::string, TokenOwner> owners_;  // SHA-256 of the token -> owner
};

}  // namespace rotaplan::sync
