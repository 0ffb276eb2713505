#include "topic_indexer.h"

#include <algorithm>
#include <utility>

namespace rotaplan::sync::kafka {

Round TopicIndexer::apply(std::vector<TopicMessage> messages) {
    Round round{{}, head_, stored_};
    if (messages.empty()) return round;
    std::int64_t head = head_;
    std::int64_t stored = stored_;
    std::int64_t next = std::max(next_offset_, messages.back().offset + 1);

    std::lock_guard guard(lock_);
    try {
        index_.begin();
        for (TopicMessage& m : messages) {
            auto batch = assembler_.add(std::move(m));
            if (!batch) continue;
            std::size_t added = 0;
            PushResult r = judge_and_store(*batch, added);
            stored += std::int64_t(added);
            for (std::int64_t p : r.positions) head = std::max(head, p);
            round.judged.push_back({std::move(batch->id), std::move(r)});
        }
        index_.set_consumed_offset(next);
        index_.commit();
    } catch (...) {
        index_.rollback();
        throw;
    }
    next_offset_ = next;
    head_ = head;
    stored_ = stored;
    round.head = head;
    round.stored = stored;
    for (Judged& j : round.judged) j.result.head = head;
    return round;
}

PushResult TopicIndexer::judge_and_store(const AssembledBatch& assembled, std::size_t& added) {
    const PushBatch& batch = assembled.batch;
    PushResult r;
    Verdict v = index_.judge(batch, false);  // names: the quick judge's (kafka_log.cpp)
    if (!v.reused.empty()) {
        r.kind = PushResult::Kind::Reused;
        r.reused = std::move(v.reused);
        return r;
    }
    if (v.conflict) {
        r.kind = PushResult::Kind::Conflict;
        r.conflicts = std::move(v.conflicts);
        return r;
    }
    std::vector<const WireEvent*> fresh;
    fresh.reserve(v.fresh.size());
    for (std::size_t i : v.fresh) fresh.push_back(&batch.events[i]);
    // Positions follow the order batches become valid, not their messages'
    // offsets: a batch completes at its last message, after a later batch may
    // already have been stored, and a pull must never see a position appear
    // behind one it already passed. Every server stores the same batches in
    // the same order, so they all number them alike.
    std::vector<std::int64_t> positions(fresh.size(), 0);
    if (!fresh.empty()) positions = index_.store(fresh, positions);
    added = fresh.size();
    for (std::size_t k = 0; k < v.fresh.size(); ++k) v.positions[v.fresh[k]] = positions[k];
    r.kind = PushResult::Kind::Accepted;
    r.positions = std::move(v.positions);
    return r;
}

}  // namespace rotaplan::sync::kafka
