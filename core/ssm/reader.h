// Reading SSM and ASM messages (message.h) from text: several in one file,
// in order. The first error ends the read with FILE:LINE:COLUMN: element:
// what is wrong, naming the value found. An action identifier the manual
// knows but Rotaplan does not apply (SKD, ADM, CON, RRT, ...) is read as
// such, its lines skipped: whoever applies the messages refuses it with its
// reason (storage/imports/ssm_import.h).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ssim/reader.h"
#include "message.h"

namespace rotaplan::ssm {

using Problem = ssim::Problem;

struct ReadResult {
    std::vector<Message> messages;
    std::optional<Problem> error;
};

ReadResult read(std::string_view text, const std::string& file_name = "-");

}  // namespace rotaplan::ssm
