// Schedule change messages as text, in the layout of SSIM Chapters 4 and 5
// (message.h shows one). One line per element, "//" between the sub-messages
// of a message, an empty line between messages.
#pragma once

#include <string>
#include <vector>

#include "message.h"

namespace rotaplan::ssm {

std::string write(const Message& message);
std::string write(const std::vector<Message>& messages);

// "0600", "0705/1", "2330/M1" and, when the offset is given, "+0200" after it.
std::string leg_time(int minutes, int date_variation, std::optional<int> offset);
// "01APR26 25OCT26 1234567" and "/W2" for every other week.
std::string period_line(const Period& p);
std::string flight_text(const FlightNumber& f);  // "XQ100", "XQ100A"

}  // namespace rotaplan::ssm
