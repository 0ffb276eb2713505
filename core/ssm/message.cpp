#include "message.h"

#include <array>

#include "core/ssim/reader.h"

namespace rotaplan::ssm {

namespace {
constexpr std::array<const char*, 15> kNames{"NEW", "CNL", "TIM", "EQT", "RPL", "FLT", "RIN", "SKD",
                                             "ADM", "CON", "RRT", "REV", "ACK", "NAC", "RSD"};
}

const char* action_name(Action a) { return kNames[std::size_t(a)]; }

std::optional<Action> parse_action(std::string_view text) {
    for (std::size_t i = 0; i < kNames.size(); ++i)
        if (text == kNames[i]) return Action(i);
    return std::nullopt;
}

bool supported(Kind kind, Action a) {
    switch (a) {
    case Action::New:
    case Action::Cnl:
    case Action::Tim:
    case Action::Eqt:
    case Action::Rpl:
    case Action::Flt: return true;
    case Action::Rin: return kind == Kind::Asm;
    default: return false;
    }
}

std::string message_reference(Date created, std::int64_t group, int serial, bool last) {
    std::string date = ssim::format_ssim_date(created).substr(0, 5);  // DDMMM
    std::string g = std::to_string(group % 100000);
    g.insert(0, 5 - g.size(), '0');
    std::string s = std::to_string(serial % 1000);
    s.insert(0, 3 - s.size(), '0');
    return date + g + (last ? "E" : "C") + s;
}

}  // namespace rotaplan::ssm
