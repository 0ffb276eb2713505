#include "batch_assembler.h"

#include <utility>

namespace rotaplan::sync::kafka {

std::optional<AssembledBatch> BatchAssembler::add(TopicMessage message) {
    forget_stale(message.offset);
    if (!message.tag) return std::nullopt;  // not one of ours: nothing to put together
    BatchTag& tag = *message.tag;

    auto [it, fresh] = partial_.try_emplace(tag.id);
    Partial& p = it->second;
    if (fresh) {
        p.first_offset = message.offset;
        p.count = tag.count;
        p.events.resize(tag.count);
        p.offsets.assign(tag.count, 0);
    }
    if (tag.count != p.count || p.events[tag.index] || !message.event) {
        p.broken = true;
    } else {
        p.events[tag.index] = std::move(message.event);
        p.offsets[tag.index] = message.offset;
        ++p.have;
    }
    if (tag.index + 1 != tag.count) return std::nullopt;

    // The last message: the batch is complete here, or never.
    Partial done = std::move(p);
    partial_.erase(it);
    if (done.broken || done.have != done.count || message.offset - done.first_offset >= window_) {
        ++skipped_;
        return std::nullopt;
    }
    AssembledBatch out;
    out.id = std::move(tag.id);
    out.offsets = std::move(done.offsets);
    out.batch.events.reserve(done.count);
    for (auto& e : done.events) {
        out.batch.expected.try_emplace(e->stream, e->version - 1);  // the stream's first event
        out.batch.events.push_back(std::move(*e));
    }
    if (check_batch(out.batch)) {
        ++skipped_;
        return std::nullopt;
    }
    return out;
}

void BatchAssembler::forget_stale(std::int64_t offset) {
    // Only memory: a batch this old is refused by the window rule when its last message comes anyway.
    if (offset < next_sweep_) return;
    next_sweep_ = offset + window_ / 16 + 1;
    for (auto it = partial_.begin(); it != partial_.end();) {
        if (offset - it->second.first_offset >= window_) {
            it = partial_.erase(it);
            ++skipped_;
        } else {
            ++it;
        }
    }
}

}  // namespace rotaplan::sync::kafka
