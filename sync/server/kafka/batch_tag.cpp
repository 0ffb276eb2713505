#include "batch_tag.h"

#include <QUuid>

#include <charconv>

#include "sync/protocol/wire.h"

namespace rotaplan::sync::kafka {

namespace {

std::optional<std::size_t> number(std::string_view text) {
    std::size_t n = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return n;
}

}  // namespace

std::string new_batch_id() {
    return QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString();
}

std::string format_tag(const BatchTag& tag) {
    return tag.id + "/" + std::to_string(tag.index) + "/" + std::to_string(tag.count);
}

std::optional<BatchTag> parse_tag(std::string_view text) {
    auto last = text.rfind('/');
    if (last == std::string_view::npos || last == 0) return std::nullopt;
    auto middle = text.rfind('/', last - 1);
    if (middle == std::string_view::npos || middle == 0) return std::nullopt;
    auto index = number(text.substr(middle + 1, last - middle - 1));
    auto count = number(text.substr(last + 1));
    if (!index || !count || *index >= *count || *count > kMaxBatchEvents) return std::nullopt;
    return BatchTag{std::string(text.substr(0, middle)), *index, *count};
}

}  // namespace rotaplan::sync::kafka
