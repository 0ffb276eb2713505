#include "tokens.h"

#include "core/files/encoding.h"
#include "core/planner.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>

namespace rotaplan::sync {

namespace {

std::string digest(std::string_view token) {
    auto d = QCryptographicHash::hash(QByteArrayView(token.data(), qsizetype(token.size())), QCryptographicHash::Sha256);
    return d.toStdString();
}

bool is_space(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && (is_space(s.front()) || s.front() == '\r')) s.remove_prefix(1);
    while (!s.empty() && (is_space(s.back()) || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

// The next whitespace-separated word of `rest`, which is advanced past it.
std::string_view word(std::string_view& rest) {
    rest = trim(rest);
    std::size_t end = 0;
    while (end < rest.size() && !is_space(rest[end])) ++end;
    auto w = rest.substr(0, end);
    rest.remove_prefix(end);
    return w;
}

}  // namespace

Tokens Tokens::parse(std::string_view text, const std::string& source) {
    Tokens tokens;
    std::size_t line_number = 0;
    while (!text.empty()) {
        ++line_number;
        std::size_t eol = text.find('\n');
        std::string_view line = trim(text.substr(0, eol));
        text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
        if (line.empty() || line.front() == '#') continue;

        auto where = source + ":" + std::to_string(line_number) + ": ";
        std::string_view rest = line;
        auto token = word(rest);
        auto planner = word(rest);
        auto name = trim(rest);
        if (planner.empty())
            throw TokenFileError(where + "expected \"TOKEN PLANNER [NAME]\", got only \"" + std::string(line) + "\"");
        if (name.empty()) name = planner;
        // A planner name the desktops would refuse in their own metadata
        // (core/planner.h) would make every push of that token's holder a 403.
        if (auto why = check_planner_name(planner); !why.empty())
            throw TokenFileError(where + "planner " + files::quoted(planner) + ": " + why);
        auto [it, added] = tokens.owners_.emplace(digest(token), TokenOwner{std::string(planner), std::string(name)});
        if (!added) throw TokenFileError(where + "this token is already given to planner " + it->second.planner);
    }
    if (tokens.owners_.empty()) throw TokenFileError(source + ": no tokens (expected lines \"TOKEN PLANNER [NAME]\")");
    return tokens;
}

Tokens Tokens::load(const std::string& path) {
    QFile file(QString::fromStdString(path));
    if (QFileInfo(file).isDir() || !file.open(QIODevice::ReadOnly))
        throw TokenFileError("cannot read the tokens file " + path + ": " +
                             (QFileInfo(file).isDir() ? std::string("it is a folder") : file.errorString().toStdString()));
    QByteArray text = file.readAll();
    return parse(std::string_view(text.constData(), std::size_t(text.size())), path);
}

const TokenOwner* Tokens::find(std::string_view token) const {
    if (token.empty()) return nullptr;
    auto it = owners_.find(digest(token));
    return it == owners_.end() ? nullptr : &it->second;
}

}  // namespace rotaplan::sync
