// The header that ties the messages of one push together in the topic.
//
//   offset 40                    41                    42
//   key rotation-7               key rotation-7        key unassigned-2026-04-01
//   rotaplan-batch: 9c1e.../0/3  rotaplan-batch: 9c1e.../1/3  rotaplan-batch: 9c1e.../2/3
//                   ID      INDEX COUNT
//
// The ID is fresh for every produce (random, 128 bits) and never the client's:
// a retried push is a new batch, whose events the index recognises as
// duplicates by their event ids.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace rotaplan::sync::kafka {

inline constexpr const char* kBatchHeader = "rotaplan-batch";

struct BatchTag {
    std::string id;
    std::size_t index = 0;
    std::size_t count = 0;
};

std::string new_batch_id();
std::string format_tag(const BatchTag& tag);
// nullopt unless the text is ID/INDEX/COUNT with a nonempty ID and INDEX < COUNT <= kMaxBatchEvents.
std::optional<BatchTag> parse_tag(std::string_view text);

}  // namespace rotaplan::sync::kafka
