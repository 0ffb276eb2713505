// Reads the topic, in order, into the LogIndex: the one place where a server
// decides which pushes are in the shared log.
//
//   one poll round of messages ──> BatchAssembler ──> batch complete at offset O
//     ──> LogIndex::judge, which sees every batch completed before O
//           valid    -> its new events stored at the next positions of the index (the order
//                       batches complete, the same on every server; not the offsets: a batch
//                       completing late must not land behind a position a reader passed);
//                       its duplicates keep the positions they already have
//           conflict, or an event id reused for another event -> nothing stored; every other server skips it too
//   BEGIN ... COMMIT around the round; its verdicts are handed out after COMMIT
//
// Every server runs the same messages through the same rule in the same order,
// so all hold the same index, and of two pushes on one stream the one whose
// last message came first wins everywhere.
//
// The index is shared with the server's thread, which reads it: `lock` is
// held for a whole round (judge, store, commit) and by every reader.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "batch_assembler.h"
#include "sync/server/log_index.h"
#include "sync/server/shared_log.h"

namespace rotaplan::sync::kafka {

struct Judged {
    std::string batch_id;
    PushResult result;  // Accepted, Conflict or Reused, with the head after the round
};

struct Round {
    std::vector<Judged> judged;  // every batch completed in the round, in topic order
    std::int64_t head = 0;       // after the round
    std::int64_t stored = 0;     // events in the index after the round
};

class TopicIndexer {
public:
    // `index` is empty (rebuilt from offset 0).
    TopicIndexer(LogIndex& index, std::mutex& lock) : index_(index), lock_(lock) {}

    // Messages in offset order, following the ones of the previous round.
    // Throws (having rolled back) when the index cannot store: the index then
    // lacks this round and must not be used again.
    Round apply(std::vector<TopicMessage> messages);

    std::int64_t next_offset() const { return next_offset_; }  // of the first message not applied yet
    std::int64_t head() const { return head_; }
    std::int64_t stored() const { return stored_; }
    const BatchAssembler& assembler() const { return assembler_; }

private:
    PushResult judge_and_store(const AssembledBatch& batch, std::size_t& added);

    LogIndex& index_;
    std::mutex& lock_;
    BatchAssembler assembler_;
    std::int64_t next_offset_ = 0;
    std::atomic<std::int64_t> head_{0}, stored_{0};
};

}  // namespace rotaplan::sync::kafka
