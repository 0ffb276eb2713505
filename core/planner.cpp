// A planner's name held to what every reader of event metadata can take.
#include "planner.h"

#include <cstdio>

#include "files/encoding.h"

namespace rotaplan {

std::string check_planner_name(std::string_view name) {
    std::size_t bad = 0;
    if (!files::is_utf8(name, &bad)) {
        char byte[8];
        std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(name[bad]));
        return "is not valid UTF-8 (byte " + std::string(byte) + " at byte " + std::to_string(bad + 1) + ")";
    }
    for (std::size_t i = 0; i < name.size(); ++i)
        if (files::is_control(static_cast<unsigned char>(name[i])))
            return "contains a control character (byte " + std::to_string(i + 1) + ")";
    if (name.find_first_not_of(' ') == std::string_view::npos) return "is blank: a planner's name is needed";
    if (name.size() > kMaxPlannerNameBytes)
        return "has " + std::to_string(name.size()) + " bytes, more than " + std::to_string(kMaxPlannerNameBytes);
    return {};
}

}  // namespace rotaplan
