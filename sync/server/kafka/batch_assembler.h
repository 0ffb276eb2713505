// Puts the messages of each push back together as they come off the topic,
// and decides which pushes are there at all: by the topic alone, so that
// every server sharing it decides the same.
//
//   offset   17     18     19     20     21     22 ...
//   batch    A 0/3  A 1/3  B 0/1  A 2/3  C 0/2  (C 1/2 never comes: its producer died)
//                          ^ B complete at 19   ^ A complete at 20
//
// The rule: a batch is complete at its last message (INDEX = COUNT - 1) when
//   * each INDEX 0 .. COUNT-2 came before it, exactly once, with the same COUNT,
//   * every message of it carries an event, and the events form a well-made
//     batch (check_batch: each stream's versions follow each other), and
//   * its first message is less than `window` offsets before the last.
// Its place in the log is the offset of that last message: the batch is
// judged there (TopicIndexer), after everything before it.
//
// Anything else is never complete: a producer that died midway, a message
// repeated, a stray message without the header. Its messages are skipped by
// every server. The window bounds the memory held for batches that will never
// complete; a real push produces all its messages within its produce timeout,
// far inside a window of a million messages.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "sync/protocol/wire.h"
#include "topic_message.h"

namespace rotaplan::sync::kafka {

inline constexpr std::int64_t kBatchWindow = 1'000'000;

struct AssembledBatch {
    std::string id;
    PushBatch batch;                    // expected: each stream's first version - 1
    std::vector<std::int64_t> offsets;  // of each event's message, in batch order
};

class BatchAssembler {
public:
    explicit BatchAssembler(std::int64_t window = kBatchWindow) : window_(window) {}

    // Takes the topic's messages in offset order; returns the batch this one completes.
    std::optional<AssembledBatch> add(TopicMessage message);

    std::size_t incomplete() const { return partial_.size(); }  // batches still waiting for messages
    std::int64_t skipped() const { return skipped_; }          // batches that ended incomplete or ill-made

private:
    struct Partial {
        std::int64_t first_offset = 0;
        std::size_t count = 0;
        std::size_t have = 0;
        bool broken = false;
        std::vector<std::optional<WireEvent>> events;
        std::vector<std::int64_t> offsets;
    };

    void forget_stale(std::int64_t offset);

    std::int64_t window_;
    std::int64_t next_sweep_ = 0;
    std::int64_t skipped_ = 0;
    std::unordered_map<std::string, Partial> partial_;
};

}  // namespace rotaplan::sync::kafka
